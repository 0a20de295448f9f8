"""Author-facing problems: every mistake is reported as ``path:line: message``.

Each stage collects problems instead of stopping at the first one, so an author
sees everything wrong with a course in one run (as Sphinx and mkdocs do).
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "message": self.message, "severity": self.severity}


class ProblemList:
    """Collects problems; paths are shown relative to the working directory when possible."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: Path | str, line: int, message: str, severity: str = ERROR) -> None:
        self.items.append(Problem(display_path(path), max(int(line or 0), 0), message, severity))

    def extend(self, problems) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildError(sorted(self.items))


def closest(word, known, cutoff: float = 0.6) -> str | None:
    """The one of ``known`` an author most likely meant by ``word`` (a slip of the keys), or None."""
    close = difflib.get_close_matches(str(word), known, n=1, cutoff=cutoff)
    return close[0] if close else None


class BuildError(Exception):
    """Raised with every problem found; the CLI prints them and exits 1."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path | str) -> str:
    path = Path(path)
    try:
        return path.resolve().relative_to(_resolved_folder(os.getcwd())).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=4)
def _resolved_folder(folder: str) -> Path:
    """The working folder, resolved once per folder rather than once per path shown (a build shows every page's)."""
    return Path(folder).resolve()
