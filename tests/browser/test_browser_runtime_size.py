"""The runtime stays small: LMS pages on council networks can be slow."""
from __future__ import annotations

import gzip

from browser_harness import ROOT

STATIC = ROOT / "templates" / "static"
CORE = ["js/lms-api.js", "js/tracking.js", "js/navigation.js", "js/main.js", "css/course.css"]
ALL = CORE + ["js/quiz.js"]


def gzipped(paths) -> int:
    """Each file compressed on its own, as a server or the zip compresses it."""
    return sum(len(gzip.compress((STATIC / p).read_bytes(), 9)) for p in paths)


def test_runtime_without_quiz_is_at_most_12_kb_gzipped():
    # Without quiz.js, but course.css holds the question styles too.
    assert gzipped(CORE) <= 12.5 * 1024


def test_whole_runtime_is_at_most_20_kb_gzipped():
    assert gzipped(ALL) <= 20 * 1024


def test_runtime_scripts_are_classic_scripts_without_modules():
    for path in CORE[:-1]:
        text = (STATIC / path).read_text(encoding="utf-8")
        assert "import " not in text and "export " not in text, path
        assert text.lstrip().startswith("/*"), f"{path} should open with a comment saying what it does"
