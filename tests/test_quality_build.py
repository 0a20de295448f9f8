"""`build` runs the same checks: errors stop it with nothing written, warnings are printed."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from builder.cli import cli

CASES = Path(__file__).resolve().parent / "fixtures" / "check"


def build(case: str, out: Path):
    return CliRunner().invoke(cli, ["build", str(CASES / case), "--out", str(out)])


def test_a_check_error_stops_the_build_and_nothing_is_written(tmp_path):
    result = build("severity", tmp_path / "dist")
    assert result.exit_code == 1
    assert "reading ease is -115, below 70" in result.stderr and "[reading-ease]" in result.stderr
    assert "warning: 'tender' is jargon" in result.stderr  # warnings are shown beside the errors
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_a_check_warning_is_printed_and_the_build_goes_on(tmp_path):
    result = build("warnings-only", tmp_path / "dist")
    assert result.exit_code == 0, result.output
    assert "01-page.md:4: warning: 'tender' is jargon" in result.stderr
    assert [p.name for p in (tmp_path / "dist").iterdir()] == ["warnings-only-1.0.0-scorm12.zip"]


def test_mistakes_in_the_check_settings_stop_the_build(tmp_path):
    result = build("bad-config", tmp_path / "dist")
    assert result.exit_code == 1
    assert "course.yml:12: 'jargon' must be one of: error, warning, off [check-settings]" in result.stderr


def test_the_glossary_page_is_in_the_built_package(tmp_path):
    course = shutil.copytree(CASES / "glossary-allowed", tmp_path / "glossary-allowed")
    result = CliRunner().invoke(cli, ["build", str(course), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    assert "2 pages" in result.stdout


def test_a_loading_mistake_does_not_hide_the_plain_english_findings(tmp_path):
    """One run, every problem: a missing image on one page and jargon on another, both reported."""
    course = shutil.copytree(CASES / "warnings-only", tmp_path / "course")
    (course / "02-picture.md").write_text("---\ntitle: Picture\n---\n![A map of the area](map.png)\n")
    result = CliRunner().invoke(cli, ["build", str(course), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 1
    where = f"{course}{os.sep}"
    assert result.stderr.splitlines() == [
        f"{where}01-page.md:4: warning: 'tender' is jargon: say \"a bid, or asking suppliers for bids\" instead, "
        "or explain 'tender' in glossary.yml [jargon]",
        f"{where}02-picture.md:4: missing image 'map.png': no file 'map.png' in the course folder",
        "1 course failed to build; nothing was written for it.",
    ]
    assert not (tmp_path / "dist").exists()
