"""Build hooks: a course can react to each build stage from a ``hooks.py`` file.

A course folder may hold ``hooks.py`` defining a class ``Hooks`` that
subclasses :class:`CourseHooks` and overrides any of the events below. Events
run in build order: on_page_markdown and on_page_html for each page, then
on_course_loaded, then on_manifest for each package, then on_package_written
for each package once all are written. An event that returns a value replaces
what it was given (it must be the same kind of value); returning ``None``
keeps it. See docs/hooks.md for a worked example.
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
        """After every package of the build is in place. ``path`` is this package's final file."""


NO_HOOKS = CourseHooks()


def load_hooks(course_dir: Path) -> CourseHooks:
    """Import ``hooks.py`` from the course folder, if there is one."""
    path = course_dir / HOOKS_FILE
    if not path.is_file():
        return NO_HOOKS
    module_name = f"scorm_builder_hooks_{abs(hash(path.resolve()))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    # Registered like any imported module: call_hook finds the file through it, and
    # dataclasses or pickling in hooks.py need it.
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # an author's code: report it like any other source error
        del sys.modules[module_name]
        reason = exc.msg if isinstance(exc, SyntaxError) else f"{type(exc).__name__}: {exc}"
        raise BuildError([Problem(display_path(path), _error_line(exc, path), f"hooks.py failed to load: {reason}")]) from None
    hooks_class = getattr(module, "Hooks", None)
    if not (isinstance(hooks_class, type) and issubclass(hooks_class, CourseHooks)):
        raise BuildError([Problem(display_path(path), 1, "hooks.py must define 'class Hooks(CourseHooks)' "
                                                         "(with 'from builder.hooks import CourseHooks')")])
    try:
        return hooks_class()
    except Exception as exc:
        raise BuildError([Problem(display_path(path), _error_line(exc, path), f"Hooks() failed: {type(exc).__name__}: {exc}")]) from None


def overrides(hooks: CourseHooks, *events: str) -> bool:
    """Whether the course's hooks define any of these events (the base class's do nothing)."""
    return any(getattr(type(hooks), event) is not getattr(CourseHooks, event) for event in events)


def call_hook(hooks: CourseHooks, event: str, value, *args):
    """Run one event; a failing hook becomes an author-facing error, never a traceback."""
    method = getattr(hooks, event)
    try:
        result = method(value, *args)
    except Exception as exc:
        path = _hooks_file(hooks)
        raise BuildError([Problem(display_path(path), _error_line(exc, path),
                                  f"hook {event} failed: {type(exc).__name__}: {exc}")]) from None
    if result is None:
        return value
    if not isinstance(result, str if isinstance(value, str) else type(value)):
        # Caught here, not as a traceback from whichever later stage first trips over it.
        code = getattr(method, "__func__", method).__code__
        raise BuildError([Problem(display_path(code.co_filename), code.co_firstlineno,
                                  f"hook {event} returned {type(result).__name__}; return {_kind(value)} "
                                  "to replace what it was given, or None to keep it")])
    return result


def _hooks_file(hooks: CourseHooks) -> Path:
    return Path(sys.modules[type(hooks).__module__].__file__)


def _kind(value) -> str:
    """The kind of value an event must return, in an author's words."""
    if isinstance(value, str):
        return "a str"
    if isinstance(value, Path):
        return "a Path"
    if type(value).__module__.startswith("lxml"):
        return "an lxml ElementTree"
    return f"a {type(value).__name__}"


def _error_line(exc: BaseException, path: Path) -> int:
    if isinstance(exc, SyntaxError) and exc.lineno:
        return exc.lineno
    lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__) if Path(frame.filename) == path]
    return lines[-1] if lines else 1
