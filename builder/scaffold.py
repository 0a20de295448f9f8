"""A new course folder, copied from the working example in templates/scaffold/.

Files ending in ``.j2`` are filled in with the course's id, title and folder
(and lose the suffix); every other file is copied as it is. The example builds
and passes ``check`` as soon as it is made.
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from builder.sources import plain_id
from builder.templates_dir import templates_dir

TEMPLATE_SUFFIX = ".j2"


class ScaffoldError(Exception):
    """The course cannot be made here; the message says why, in plain words."""


def scaffold_dir() -> Path:
    return templates_dir() / "scaffold"


def create_course(target: Path, title: str | None = None) -> list[Path]:
    """Make a course in ``target`` (new or empty); returns the files written."""
    if target.exists() and not target.is_dir():
        raise ScaffoldError("this is a file, not a folder: choose another name")
    if target.is_dir() and any(target.iterdir()):
        raise ScaffoldError("this folder already has files in it: choose a new folder, so nothing is overwritten")
    values = {"id": course_id(target), "title": title or course_title(target), "folder": shell_word(target)}
    environment = Environment(undefined=StrictUndefined, keep_trailing_newline=True)
    written = []
    for source in sorted(path for path in scaffold_dir().rglob("*") if path.is_file()):
        relative = source.relative_to(scaffold_dir())
        if source.suffix == TEMPLATE_SUFFIX:
            destination = target / relative.with_suffix("")
            content = environment.from_string(source.read_text(encoding="utf-8")).render(values).encode("utf-8")
        else:
            destination, content = target / relative, source.read_bytes()
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)
        written.append(destination)
    return written


def course_id(target: Path) -> str:
    """``Fire Safety 2025`` -> ``fire-safety-2025``, ``Café`` -> ``cafe``: the rule the loader has for ids."""
    return plain_id(target.resolve().name) or "new-course"


def shell_word(target: Path) -> str:
    """The folder as the author can paste it into a command: ``'courses/Fire Safety'``."""
    return shlex.quote(target.as_posix())


def course_title(target: Path) -> str:
    """``fire-safety`` -> ``Fire safety``."""
    words = re.sub(r"[-_]+", " ", target.resolve().name).strip()
    return words[:1].upper() + words[1:] if words else "New course"
