"""Shared by the report tests: the Moodle exports in ../shared, the ground truth, what an answer counts as."""
from __future__ import annotations

import json

from course_helpers import REPO, run  # noqa: F401 (run is the report tests' CLI too)

# CI has the same layout as a working machine: ../shared beside the repository.
MOODLE = REPO.parent / "shared" / "lms-exports" / "moodle-4.5"
INTERACTIONS = MOODLE / "scorm-interactions-report.txt"
GRADEBOOK = MOODLE / "gradebook-export.csv"
COURSE = REPO / "courses" / "social-value"
REPORT_FIXTURES = REPO / "tests" / "fixtures" / "reports"
ARROW = " → "


def ground_truth() -> dict:
    return json.loads((MOODLE / "ground-truth.json").read_text(encoding="utf-8"))


def chosen(answer: dict) -> list[str]:
    """What the learner chose, as the option texts the report counts (see docs/reports.md)."""
    value = answer["answer"]
    kind = answer["type"]
    if kind == "true-false":
        return ["True" if value else "False"]
    if kind == "multiple":
        return list(value)
    if kind == "matching":
        return [f"{left}{ARROW}{right}" for left, right in value.items()]
    if kind == "ordering":
        return [ARROW.join(value)]
    return [value]


