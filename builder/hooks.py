"""Build hooks: a course can react to each build stage from a ``hooks.py`` file.

A course folder may hold ``hooks.py`` defining a class ``Hooks`` that
subclasses :class:`CourseHooks` and overrides any of the events below. Events
run in the order listed, once per build (page events once per page). An event
that returns a value replaces what it was given; returning ``None`` keeps it.
See docs/hooks.md for a worked example.
"""
from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path

from builder.problems import BuildError, Problem, display_path

HOOKS_FILE = "hooks.py"


class CourseHooks:
    """Base class for course hooks; every event is optional."""

    def on_course_loaded(self, course):
        """After every source file is read and validated. Receives the Course model."""

    def on_page_markdown(self, markdown: str, page, course):
        """Before a page's Markdown is converted. Return new Markdown to replace it."""

    def on_page_html(self, html: str, page, course):
        """After a page's Markdown became HTML (before the page template). Return new HTML."""

    def on_manifest(self, manifest, course):
        """After imsmanifest.xml is built, as an lxml element tree. Return a new tree or edit in place."""

    def on_package_written(self, path: Path, course):
        """After the zip is renamed into place. ``path`` is the final file."""


NO_HOOKS = CourseHooks()


def load_hooks(course_dir: Path) -> CourseHooks:
    """Import ``hooks.py`` from the course folder, if there is one."""
    path = course_dir / HOOKS_FILE
    if not path.is_file():
        return NO_HOOKS
    module_name = f"scorm_builder_hooks_{abs(hash(path.resolve()))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # an author's code: report it like any other source error
        raise BuildError([Problem(display_path(path), _error_line(exc, path), f"hooks.py failed to load: {exc}")]) from None
    hooks_class = getattr(module, "Hooks", None)
    if not (isinstance(hooks_class, type) and issubclass(hooks_class, CourseHooks)):
        raise BuildError([Problem(display_path(path), 1, "hooks.py must define 'class Hooks(CourseHooks)'")])
    return hooks_class()


def call_hook(hooks: CourseHooks, event: str, value, *args):
    """Run one event; a failing hook becomes an author-facing error, never a traceback."""
    method = getattr(hooks, event)
    try:
        result = method(value, *args)
    except Exception as exc:
        path = Path(sys.modules[type(hooks).__module__].__file__)
        raise BuildError([Problem(display_path(path), _error_line(exc, path), f"hook {event} failed: {exc}")]) from None
    return value if result is None else result


def _error_line(exc: BaseException, path: Path) -> int:
    if isinstance(exc, SyntaxError) and exc.lineno:
        return exc.lineno
    lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__) if Path(frame.filename) == path]
    return lines[-1] if lines else 1
