"""Small helpers shared by the foundation tests: fixture paths, tiny courses, the shared validator."""
from __future__ import annotations

import importlib.util
import os
import zipfile
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURE_COURSES = REPO / "tests" / "fixtures" / "courses"
BROKEN_COURSES = REPO / "tests" / "fixtures" / "broken"
SOCIAL_VALUE = REPO / "courses" / "social-value"
# CI has the same layout as a working machine: ../shared beside the repository.
SHARED_VALIDATOR = Path(__file__).parents[1].parent / "shared/scorm12-schemas/validate.py"


@lru_cache(maxsize=1)
def shared_validator():
    """The project's shared SCORM 1.2 validator (XSD + CAM + zip rules), imported by path."""
    spec = importlib.util.spec_from_file_location("shared_scorm12_validate", SHARED_VALIDATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_course(folder: Path, pages: dict[str, str], course_yml: str | None = None, files: dict | None = None) -> Path:
    """Write a small course: ``pages`` maps file name -> page text (front matter included)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = folder.name
    (folder / "course.yml").write_text(course_yml or f"id: {name}\ntitle: Course {name}\nversion: 1.0.0\n", encoding="utf-8")
    for file_name, text in pages.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    for path, data in (files or {}).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


def page(title: str, body: str, extra: str = "") -> str:
    """Page text with front matter; ``extra`` is more front-matter lines."""
    return f"---\ntitle: {title}\n{extra}---\n{body}\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes, to prove nothing changed."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def zip_text(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def run(*args, cwd: Path = REPO):
    """The CLI in-process from ``cwd`` (paths in messages are relative to it)."""
    from click.testing import CliRunner

    from builder.cli import cli

    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(map(str, args)))
    finally:
        os.chdir(old)
