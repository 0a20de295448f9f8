"""One thing the checks found: a stable code, where it is, and what to do about it.

Codes never change once published: authors use them in their course file
(``check: severity:``) and CI scripts read them from ``--format json``.
"""
from __future__ import annotations

from dataclasses import dataclass

from builder.problems import ERROR, WARNING, Problem

OFF = "off"
LEVELS = (ERROR, WARNING, OFF)

# Plain-English and structure checks: the author chooses how strict each one is.
ADJUSTABLE = {
    "reading-ease": WARNING,
    "long-sentence": WARNING,
    "jargon": WARNING,
    "heading-skip": WARNING,
    "file-size": WARNING,
    "page-order": WARNING,
}
# Found while loading the course: the package cannot be built correctly with any of
# them, so they are always errors (see builder/loader.py and builder/markdown_pages.py).
FIXED = ("broken-link", "missing-image", "image-alt", "external-url", "empty-page",
         "raw-html", "quiz", "glossary", "check-settings", "source")
CODES = tuple(ADJUSTABLE) + FIXED


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    code: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return str(self.as_problem())

    def as_problem(self) -> Problem:
        """The shape ``build`` reports: ``path:line: [warning: ]message [code]``."""
        return Problem(self.path, self.line, f"{self.message} [{self.code}]", self.severity)

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "code": self.code,
                "severity": self.severity, "message": self.message}


def errors(findings) -> list[Finding]:
    return [finding for finding in findings if finding.severity == ERROR]


def warnings(findings) -> list[Finding]:
    return [finding for finding in findings if finding.severity == WARNING]
