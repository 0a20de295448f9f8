"""``scorm-builder report`` on broken exports: each file in tests/fixtures/reports/broken/ has one kind
of mistake; the exact lines printed on stderr (as ``path:row: message``) are listed here. What can be
read is still reported; exit status 1 only when nothing at all could be read. Never a traceback."""
from __future__ import annotations

import json

import pytest

from report_helpers import COURSE, INTERACTIONS, REPORT_FIXTURES, run

BROKEN = REPORT_FIXTURES / "broken"
B = "tests/fixtures/reports/broken"
NOTHING = "error: nothing could be read from the exports given"

EXPECTED = {
    "empty.csv": (1, [f"{B}/empty.csv:1: the file is empty: download the report again (docs/reports.md)", NOTHING]),
    "unknown-format.txt": (1, [
        f"{B}/unknown-format.txt:1: unknown export format: expected Moodle's SCORM interactions report (text format), "
        "Moodle's gradebook export or the generic CSV with columns learner, question, response, result (see docs/reports.md)",
        NOTHING]),
    "not-a-spreadsheet.xlsx": (1, [
        f"{B}/not-a-spreadsheet.xlsx:0: this is a binary file, not an export: download the report in text format, "
        "Excel (.xlsx) or ODS", NOTHING]),
    "damaged.xlsx": (1, [
        f"{B}/damaged.xlsx:0: cannot read the spreadsheet: it is damaged or was not made by an LMS; save it again, "
        "or download the report in text format", NOTHING]),
    "generic-missing-result.csv": (1, [
        f"{B}/generic-missing-result.csv:1: missing column 'result': the generic CSV needs the columns "
        "learner, question, response, result", NOTHING]),
    "interactions-missing-result-column.txt": (0, [
        f"{B}/interactions-missing-result-column.txt:1: missing column 'Result 1': interaction slot 1 is left out "
        "(tick 'response' and 'result' in the report's options before downloading)"]),
    "interactions-bad-rows.txt": (0, [
        f"{B}/interactions-bad-rows.txt:3: attempt 'first' is not a whole number: row skipped",
        f"{B}/interactions-bad-rows.txt:4: response 'z' to 'fa-definition' is not one letter a-c: left out of the option counts",
        f"{B}/interactions-bad-rows.txt:4: interaction 'fa-retired-question' matches no question in the course "
        "(from an older version of it?): left out",
        f"{B}/interactions-bad-rows.txt:5: this row has 16 fields but the header has 15: row skipped",
        f"{B}/interactions-bad-rows.txt:6: score 'abc' is not a number: score left out",
        f"{B}/interactions-bad-rows.txt:6: result 'maybe' for 'fa-cles' is neither correct nor wrong: answer left out"]),
    "gradebook-bad-grade.csv": (0, [
        f"{B}/gradebook-bad-grade.csv:3: grade 'high' is not a number: row skipped",
        f"{B}/gradebook-bad-grade.csv:4: no learner name, email or ID number: row skipped"]),
    "generic-bad-rows.csv": (0, [
        f"{B}/generic-bad-rows.csv:3: result 'right' is neither correct nor wrong: row skipped",
        f"{B}/generic-bad-rows.csv:4: latency 'soon' is neither seconds nor HH:MM:SS: latency left out",
        f"{B}/generic-bad-rows.csv:5: score '150' is not a percentage from 0 to 100: row skipped",
        f"{B}/generic-bad-rows.csv:6: no learner: row skipped",
        f"{B}/generic-bad-rows.csv:7: attempt '2nd' is not a whole number: row skipped",
        f"{B}/generic-bad-rows.csv:8: cannot read this row: a quote mark is never closed: row skipped"]),
    "generic-unreadable-rows.csv": (0, [
        f"{B}/generic-unreadable-rows.csv:2: cannot read this row: text follows a closing quote mark: row skipped",
        f"{B}/generic-unreadable-rows.csv:4: cannot read this row: a quote mark is never closed: row skipped"]),
}


def test_every_broken_export_has_its_expected_messages():
    assert sorted(EXPECTED) == sorted(path.name for path in BROKEN.iterdir())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_export_gives_exact_messages(name):
    exit_code, lines = EXPECTED[name]
    result = run("report", BROKEN / name, "--course", COURSE, "--format", "json")
    assert result.stderr.splitlines() == lines
    assert result.exit_code == exit_code
    assert "Traceback" not in result.output
    if exit_code == 0:
        report = json.loads(result.stdout)
        assert report["problems"] == lines
        assert report["course"]["learners"] >= 1


def test_bad_rows_leave_the_good_rows_reported():
    result = run("report", BROKEN / "interactions-bad-rows.txt", "--course", COURSE, "--format", "json")
    questions = {question["id"]: question for question in json.loads(result.stdout)["questions"]}
    # Ann's two answers and Cy's fa-definition ('z' is counted as wrong, but chose no option).
    assert questions["fa-act-year"]["learners"] == 1 and questions["fa-act-year"]["facility"] == 1
    assert questions["fa-definition"]["learners"] == 2 and questions["fa-definition"]["facility"] == 0.5
    assert sum(questions["fa-definition"]["options"].values()) == 1
    assert "fa-retired-question" not in questions


def test_good_and_broken_exports_together_report_the_good_one_and_exit_0():
    result = run("report", INTERACTIONS, BROKEN / "unknown-format.txt", BROKEN / "missing.csv", "--course", COURSE,
                 "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        EXPECTED["unknown-format.txt"][1][0],
        f"{B}/missing.csv:0: no such file"]
    assert json.loads(result.stdout)["course"]["learners"] == 8


def test_a_folder_given_as_an_export_is_a_message_not_a_traceback():
    result = run("report", BROKEN, "--course", COURSE)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{B}:0: not a file", NOTHING]


def test_a_course_with_mistakes_is_named_and_nothing_is_read(tmp_path):
    result = run("report", INTERACTIONS, "--course", tmp_path)
    assert result.exit_code == 1
    assert "no course file: create course.yml" in result.stderr
    assert "Traceback" not in result.output


def test_council_option_must_name_an_export():
    result = run("report", INTERACTIONS, "--course", COURSE, "--council", "Bolton")
    assert result.exit_code == 2
    assert "'Bolton' should be EXPORT=NAME" in result.stderr


def test_council_option_must_name_one_of_the_exports():
    result = run("report", INTERACTIONS, "--course", COURSE, "--council", "other.txt=Bolton")
    assert result.exit_code == 2
    assert "'other.txt' is not one of the exports given" in result.stderr
