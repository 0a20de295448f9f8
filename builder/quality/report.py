"""Check results for people (text) and for CI (JSON).

The JSON document, one entry per course:

    {"ok": true, "strict": false,
     "courses": [{"path": "courses/x", "ok": true, "errors": 0, "warnings": 1,
                  "findings": [{"path", "line", "code", "severity", "message"}],
                  "not_checked": ["what could not be checked, and why"],
                  "pages": [{"path", "title", "words", "reading_ease"}]}]}
"""
from __future__ import annotations

import json

from builder.problems import display_path
from builder.quality import CheckReport


def passed(report: CheckReport, strict: bool = False) -> bool:
    return not report.errors and not (strict and report.warnings)


def summary_line(report: CheckReport) -> str:
    where = display_path(report.course_dir)
    if not report.findings:
        return f"{where}: no problems ({_plural(len(report.scores), 'page')} checked)"
    return f"{where}: {_plural(len(report.errors), 'error')}, {_plural(len(report.warnings), 'warning')}"


def score_lines(report: CheckReport) -> list[str]:
    """One line per page: its reading ease and word count."""
    lines = []
    for score in report.scores:
        ease = "-" if score.reading_ease is None else f"{score.reading_ease:.1f}"
        lines.append(f"{score.path}: reading ease {ease}, {score.words} words")
    return lines


def as_json(reports: list[CheckReport], strict: bool = False) -> str:
    document = {
        "ok": all(passed(report, strict) for report in reports),
        "strict": strict,
        "courses": [{
            "path": display_path(report.course_dir),
            "ok": passed(report, strict),
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "findings": [finding.as_dict() for finding in report.findings],
            "not_checked": report.not_checked,
            "pages": [score.as_dict() for score in report.scores],
        } for report in reports],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
