"""LMS profiles: the shipped data, its checks, and the switches reaching the runtime in a package."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.build import Variant, authority_variants, build_course, build_variants
from builder.cli import cli
from builder.lms_profiles import PROFILES_FILE, lms_profile, profile_about, profile_names, read_profiles
from builder.problems import BuildError, display_path
from builder.render import LmsProfile

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "courses" / "minimal"
FIXTURES = Path(__file__).parent / "fixtures" / "authorities"
RUNTIME_JS = ROOT / "templates" / "static" / "js"


def runtime_data(zip_path: Path) -> dict:
    with zipfile.ZipFile(zip_path) as archive:
        index = archive.read("index.html").decode("utf-8")
    return json.loads(re.search(r'<script type="application/json" id="sb-data">(.*?)</script>', index).group(1))


def problems_in(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "lms_profiles.yml"
    path.write_text(text)
    with pytest.raises(BuildError) as caught:
        read_profiles(path)
    prefix = display_path(path) + ":"
    return [str(problem).removeprefix(prefix) for problem in caught.value.problems]


def test_the_named_profiles_are_shipped():
    assert profile_names() == ("default", "moodle", "totara", "learning-pool", "cornerstone", "strict")
    for name in profile_names():
        assert lms_profile(name).name == name
        assert profile_about(name)  # every profile says why it exists


def test_the_default_profile_is_what_a_plain_build_gets():
    assert lms_profile() == LmsProfile()


def test_profiles_for_lms_that_refuse_an_empty_exit_never_get_one():
    assert lms_profile("cornerstone").allow_empty_exit is False
    assert lms_profile("strict").allow_empty_exit is False
    assert lms_profile("default").allow_empty_exit is True


def test_every_switch_is_read_by_the_runtime():
    """The contract with templates/static/js: a switch nobody reads would be a silent no-op."""
    runtime = "\n".join(path.read_text() for path in sorted(RUNTIME_JS.glob("*.js")))
    for key in LmsProfile().as_runtime():
        if key == "profile":  # for people reading the debug log, not for the runtime
            continue
        assert re.search(rf"\b(cfg|lms|data\.lms)\.{key}\b", runtime), f"no runtime code reads lms.{key}"


def test_a_plain_build_embeds_the_default_switches(tmp_path):
    result = build_course(MINIMAL, tmp_path)
    assert runtime_data(result.zip_path)["lms"] == LmsProfile().as_runtime()


def test_a_build_for_an_lms_embeds_its_switches(tmp_path):
    [result] = build_variants(MINIMAL, tmp_path, [Variant(lms=lms_profile("cornerstone"))])
    lms = runtime_data(result.zip_path)["lms"]
    assert lms["profile"] == "cornerstone"
    assert lms["allowEmptyExit"] is False
    assert lms["findTimeoutMs"] == lms_profile("cornerstone").find_timeout_ms


def test_an_authority_brings_its_own_lms_profile(tmp_path):
    [result] = build_variants(MINIMAL, tmp_path, authority_variants(FIXTURES / "with-logo"))
    assert runtime_data(result.zip_path)["lms"] == lms_profile("cornerstone").as_runtime()


def test_lms_option_on_a_plain_build(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(MINIMAL), "--out", str(tmp_path), "--lms", "strict"])
    assert result.exit_code == 0, result.output
    assert runtime_data(tmp_path / "minimal-1.0.0-scorm12.zip")["lms"]["profile"] == "strict"


def test_an_unknown_lms_profile_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(MINIMAL), "--out", str(tmp_path), "--lms", "blackboard"])
    assert result.exit_code == 2
    assert "unknown LMS profile 'blackboard' (use: default, moodle, totara, learning-pool, cornerstone, strict)" in result.output
    assert not list(tmp_path.iterdir())


def test_the_shipped_file_reads_cleanly():
    assert set(read_profiles(PROFILES_FILE)) == set(profile_names())


def test_mistakes_in_the_profiles_file_are_reported_with_lines(tmp_path):
    switches = "".join(f"  {key}: {value}\n" for key, value in (
        ("commit_on_change", "true"), ("commit_throttle_ms", "1000"), ("max_interaction_length", "255"),
        ("allow_empty_exit", "true"), ("status_before_finish", "true"), ("find_timeout_ms", "5000")))
    text = (f"default:\n{switches}"
            "odd:\n  about: broken on purpose\n  commit_on_change: yes please\n  commit_throttle_ms: -5\n  colour: red\n")
    assert problems_in(tmp_path, text) == [  # sorted by line, then message
        "8: profile 'odd' must set 'allow_empty_exit' (every profile lists every switch)",
        "8: profile 'odd' must set 'find_timeout_ms' (every profile lists every switch)",
        "8: profile 'odd' must set 'max_interaction_length' (every profile lists every switch)",
        "8: profile 'odd' must set 'status_before_finish' (every profile lists every switch)",
        "10: 'commit_on_change' must be true or false",
        "11: 'commit_throttle_ms' must be a whole number",
        "12: unknown switch 'colour' in profile 'odd' (use: commit_on_change, commit_throttle_ms, "
        "max_interaction_length, allow_empty_exit, status_before_finish, find_timeout_ms)",
    ]


def test_a_profiles_file_without_default_is_refused(tmp_path):
    assert problems_in(tmp_path, "moodle: nothing\n") == [
        "1: profile 'moodle' must list its switches: commit_on_change, commit_throttle_ms, max_interaction_length, "
        "allow_empty_exit, status_before_finish, find_timeout_ms",
        "1: there must be a 'default' profile",
    ]
