"""What the build gives the browser runtime for tracking (docs/runtime.md, "Tracking contract"):
page and question keys in the course data, the practice_interactions setting, a mastery score in
the manifest only for rules that use the assessment, and the worst-case saved progress that
`inspect` reads back from a package."""
from __future__ import annotations

import json
import re
import zipfile

import pytest

from builder.inspect import format_report, inspect_package
from builder.loader import load_course
from builder.manifest import build_manifest, manifest_bytes
from builder.problems import BuildError
from builder.render import course_data
from builder.suspend_data import page_keys, question_keys, worst_case
from course_helpers import SOCIAL_VALUE, page, write_course
from test_cli_build import run

QUESTION = "```question\nid: q1\ntype: true-false\nprompt: Is this a test?\nanswer: true\n```\n"


def course_with(tmp_path, completion: str = "either", extra: str = ""):
    pages = {"01-intro.md": page("Intro", "Welcome.\n\n" + QUESTION.replace("q1", "kc1"), "id: intro\n"),
             "02-test.md": page("Test", "Answer.\n\n" + QUESTION, "id: test\nassessment:\n  pass_mark: 70\n")}
    yml = f"id: tracked\ntitle: Tracked\nversion: 2.1.0\ncompletion: {completion}\n{extra}"
    return write_course(tmp_path / "tracked", pages, yml)


def test_the_course_data_carries_the_keys_saved_progress_is_stored_by(tmp_path):
    course = load_course(course_with(tmp_path))
    data = course_data(course)
    assert [(p["id"], p["k"]) for p in data["pages"]] == list(page_keys(["intro", "test"]).items())
    keys = question_keys(course.questions)
    assert {qid: q["k"] for qid, q in data["questions"].items()} == keys
    assert data["course"]["version"] == "2.1.0"
    assert data["savedProgress"] == {"worst": worst_case(course).length, "max": 4096}


def test_practice_stays_out_of_the_lms_reports_unless_the_course_asks(tmp_path):
    assert course_data(load_course(course_with(tmp_path)))["practiceInteractions"] is False
    asked = load_course(course_with(tmp_path / "on", extra="practice_interactions: true\n"))
    assert course_data(asked)["practiceInteractions"] is True


def test_practice_interactions_must_be_true_or_false(tmp_path):
    with pytest.raises(BuildError) as error:
        load_course(course_with(tmp_path, extra="practice_interactions: sometimes\n"))
    assert re.search(r"course\.yml:5: practice_interactions must be true or false", str(error.value))


@pytest.mark.parametrize("completion,mastery", [("all-pages", None), ("assessment", "70"), ("either", "70")])
def test_only_a_rule_that_uses_the_assessment_gets_a_mastery_score(tmp_path, completion, mastery):
    # With all-pages, Moodle's mastery override would turn "completed" with a low score into "failed".
    course = load_course(course_with(tmp_path, completion))
    xml = manifest_bytes(build_manifest(course, ["index.html"])).decode()
    found = re.search(r"<adlcp:masteryscore>(\d+)</adlcp:masteryscore>", xml)
    assert (found.group(1) if found else None) == mastery


def test_check_and_inspect_show_the_worst_case_used_of_4096(tmp_path):
    worst = worst_case(load_course(SOCIAL_VALUE)).length
    checked = run("check", SOCIAL_VALUE, cwd=tmp_path)
    assert f"saved progress (cmi.suspend_data): worst case {worst} of 4096 characters" in checked.output
    built = run("build", SOCIAL_VALUE, "--out", tmp_path / "dist", cwd=tmp_path)
    assert built.exit_code == 0, built.output
    [package] = (tmp_path / "dist").glob("*.zip")
    with zipfile.ZipFile(package) as archive:
        index = archive.read("index.html").decode()
    data = json.loads(re.search(r'<script type="application/json" id="sb-data">(.*?)</script>', index, re.S).group(1))
    assert data["savedProgress"]["worst"] == worst
    assert f"Saved progress (cmi.suspend_data): worst case {worst} of 4096 characters" in format_report(inspect_package(package))
