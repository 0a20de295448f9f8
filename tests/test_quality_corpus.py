"""The corpus of author mistakes: each case folder under fixtures/check/ and the exact findings
(`path:line: message [code]`) that `check` must report for it, in its expected.txt."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.quality import check_course_dir

CASES = Path(__file__).resolve().parent / "fixtures" / "check"


def expected_lines(case: Path) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_check_reports_exactly_the_expected_findings(case, monkeypatch):
    monkeypatch.chdir(CASES / case)  # paths are shown relative to where the author runs the command
    report = check_course_dir(Path("."))
    assert [str(finding) for finding in report.findings] == expected_lines(CASES / case)


def test_every_case_expects_something_so_no_case_passes_by_finding_nothing():
    for case in CASES.iterdir():
        assert expected_lines(case), f"{case.name}/expected.txt is empty"
