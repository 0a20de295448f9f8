"""``scorm-builder report``: item analysis of LMS exports, traced back to the course's source lines.

exports (records) <- readers (files) ; analysis (exports + course -> Report) ; render (text, JSON, HTML).
"""
from __future__ import annotations

from pathlib import Path

from builder.model import Course
from builder.report.analysis import Report, analyse
from builder.report.flags import Thresholds
from builder.report.readers import read_export

__all__ = ["Report", "Thresholds", "analyse", "read_export", "report_on"]


def report_on(course: Course, paths: list[Path], councils: dict[Path, str] | None = None,
              thresholds: Thresholds = Thresholds()) -> Report:
    """Read every export (a council name per path is optional: the file name is used otherwise)."""
    councils = councils or {}
    exports = [read_export(path, councils.get(path, "")) for path in paths]
    return analyse(course, exports, thresholds)
