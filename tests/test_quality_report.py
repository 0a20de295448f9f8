"""`scorm-builder check` on the command line: text, JSON for CI, exit status, colour."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from builder.cli import cli
from builder.cli import output

CASES = Path(__file__).resolve().parent / "fixtures" / "check"


def check(*args, env=None):
    return CliRunner().invoke(cli, ["check", *args], env=env)


def test_text_output_is_one_line_per_finding_then_a_summary():
    result = check(str(CASES / "heading-skip"))
    lines = result.stdout.splitlines()
    assert result.exit_code == 0  # warnings only
    assert lines[0].endswith("01-skips.md:8: warning: heading 'Too deep' skips from ## to ####: use ### here [heading-skip]")
    assert lines[-1].endswith("heading-skip: 0 errors, 2 warnings")


def test_errors_exit_1_and_strict_makes_warnings_fail_too():
    assert check(str(CASES / "image-alt")).exit_code == 1
    assert check("--strict", str(CASES / "heading-skip")).exit_code == 1


def test_a_clean_course_says_so_in_one_line():
    result = check(str(Path(__file__).resolve().parents[1] / "courses" / "social-value"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["courses/social-value: no problems (16 pages checked)"] or \
        result.stdout.strip().endswith("social-value: no problems (16 pages checked)")


def test_json_output_shape():
    result = check("--format", "json", str(CASES / "jargon"), str(CASES / "empty-page"))
    document = json.loads(result.stdout)
    assert result.exit_code == 1
    assert set(document) == {"ok", "strict", "courses"} and document["ok"] is False
    jargon, empty = document["courses"]
    assert set(jargon) == {"path", "ok", "errors", "warnings", "findings", "not_checked", "pages"}
    assert (jargon["ok"], jargon["errors"], jargon["warnings"]) == (True, 0, 4)
    assert jargon["findings"][1] == {
        "path": jargon["findings"][1]["path"], "line": 6, "code": "jargon", "severity": "warning",
        "message": "'TUPE' is jargon: say \"the rules that protect staff when their work moves to a new employer\" instead, "
                   "or explain 'TUPE' in glossary.yml"}
    assert jargon["findings"][1]["path"].endswith("jargon/01-words.md")
    assert set(jargon["pages"][0]) == {"path", "title", "words", "reading_ease"}
    assert (empty["ok"], empty["errors"], empty["findings"][0]["code"]) == (False, 1, "empty-page")


def test_scores_lists_each_page():
    result = check("--scores", str(CASES / "readability-low"))
    assert [line.split(": ", 1)[1] for line in result.stdout.splitlines() if "reading ease -" in line or "reading ease 1" in line] \
        == ["reading ease -197.9, 35 words", "reading ease 106.9, 43 words"]


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(output.sys.stdout, "isatty", lambda: True, raising=False)
    assert output.style("x", fg="red") == "\x1b[31mx\x1b[0m"
    monkeypatch.setenv("NO_COLOR", "1")
    assert output.style("x", fg="red") == "x"
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(output.sys.stdout, "isatty", lambda: False, raising=False)
    assert output.style("x", fg="red") == "x"


def test_help_shows_examples():
    for command in ("check", "new", "build"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert "Examples:" in result.stdout and f"scorm-builder {command}" in result.stdout
