"""`scorm-builder diff`: what replacing a package changes for learners, with its exact verdict.

Version 1.0.0 of a small course (tests/fixtures/diff/v1) is built, and each later version in
tests/fixtures/diff/<change>/ is compared with it, through the command an L&D team runs.
"""
from __future__ import annotations

import dataclasses
import json
import zipfile

import pytest
from click.testing import CliRunner

from builder.build import build_course
from builder.built_package import PackageReadError, PageInfo, QuestionInfo, read_built_package
from builder.cli import cli
from builder.diff import AFFECTED, IDENTICAL, NEW, SAFE, compare
from course_helpers import REPO
from scorm_zips import make_zip, package

FIXTURES = REPO / "tests" / "fixtures" / "diff"
OTHER = "Other changes (these alone do not affect learners in progress):"
AFFECTS = "Affects learners in progress:"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each fixture version built once: name -> zip path."""
    out = tmp_path_factory.mktemp("diff")
    return {folder.name: build_course(folder, out / folder.name).zip_path
            for folder in sorted(FIXTURES.iterdir()) if folder.is_dir()}


def diff(*args):
    result = CliRunner().invoke(cli, ["diff", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def body(result) -> list[str]:
    """The output after the two 'Old:'/'New:' lines (which show tmp paths)."""
    lines = result.output.splitlines()
    assert lines[0].startswith("Old: ") and lines[0].endswith(": Updating a course 1.0.0")
    assert lines[1].startswith("New: ")
    return lines[3:]


def test_identical_packages(built):
    result = diff(built["v1"], built["v1"])
    assert result.exit_code == 0
    assert body(result) == [IDENTICAL]


def test_page_added(built):
    result = diff(built["v1"], built["page-added"])
    assert result.exit_code == 1
    assert body(result) == [
        AFFECTED, "", AFFECTS,
        '  - Page added: "Summary" (summary), page 5 of 5. Learners in progress who complete the course by viewing every '
        "page must also view it.",
        "", OTHER, "  - Version changed from 1.0.0 to 1.1.0.",
    ]


def test_page_removed(built):
    result = diff(built["v1"], built["page-removed"])
    assert result.exit_code == 1
    assert body(result) == [
        AFFECTED, "", AFFECTS,
        '  - Page removed: "Background" (background), was page 2 of 4. Learners who left off on it will reopen the '
        "course on a nearby page.",
        "", OTHER, "  - Version changed from 1.0.0 to 1.1.0.",
    ]


def test_page_moved_is_safe(built):
    result = diff(built["v1"], built["page-moved"])
    assert result.exit_code == 0
    assert body(result) == [
        SAFE, "", OTHER,
        '  - Page moved: "The policy" (policy), from page 3 to page 2. Learners resume on it wherever it is.',
        "  - Version changed from 1.0.0 to 1.1.0.",
    ]


def test_question_changed(built):
    result = diff(built["v1"], built["question-changed"])
    assert result.exit_code == 1
    assert body(result) == [
        AFFECTED, "", AFFECTS,
        '  - Question changed: policy-check, on page "The policy". Learners who answered it will be asked it again.',
        "", OTHER, "  - Version changed from 1.0.0 to 1.1.0.",
    ]


def test_pass_mark_changed(built):
    result = diff(built["v1"], built["pass-mark-changed"])
    assert result.exit_code == 1
    assert body(result) == [
        AFFECTED, "", AFFECTS,
        "  - Pass mark changed from 80% to 70%. Learners who have already passed keep their pass; those whose best "
        "score is 70% or more are recorded as passed when they next open the course. Set the LMS's grade "
        "to pass to 70 (Moodle does not take it from the package).",
        "", OTHER,
        '  - Page text changed: "Final assessment" (assessment).',  # the page tells learners the pass mark
        "  - Version changed from 1.0.0 to 1.1.0.",
    ]


def test_raised_pass_mark_warns_of_lms_recomputing(built):
    """tests/browser/test_browser_course_updates.py shows it: with mastery override, a pass below the new mark is lost."""
    result = diff(built["pass-mark-changed"], built["v1"])
    assert result.exit_code == 1
    assert "  - Pass mark changed from 70% to 80%. Learners who passed with a score below 80% may be recorded as " \
           "failed by an LMS that works the status out from the score (Moodle does by default). Set the LMS's " \
           "grade to pass to 80 (Moodle does not take it from the package)." in result.output.splitlines()


def test_feedback_change_keeps_answers(built):
    """The runtime keeps an answer while the question's saved key is the same; feedback is not part of it."""
    result = diff(built["v1"], built["feedback-changed"])
    assert result.exit_code == 0
    assert body(result) == [
        SAFE, "", OTHER,
        '  - Question reworded: policy-check, on page "The policy". What it asks and its right answer are the same, '
        "so answers already given are kept.",
        "  - Version changed from 1.0.0 to 1.0.1.",
    ]


def test_course_id_changed_is_a_new_course(built):
    result = diff(built["v1"], built["id-changed"])
    assert result.exit_code == 2
    assert body(result) == [
        NEW, "", "Makes it a new course for the LMS:",
        "  - Item identifier changed from ITEM-diff-course to ITEM-diff-course-updated. Moodle matches a replaced "
        "package's learner records by this identifier (so do LMSs built on Moodle's SCORM module, such as Totara): "
        "with a new one, every learner's progress is dropped.",
        "", OTHER,
        "  - Manifest identifier changed from MANIFEST-diff-course to MANIFEST-diff-course-updated. Moodle and Open edX "
        "do not use it to match packages.",
        "  - Organization or resource identifiers changed. Moodle and Open edX keep learner records by item, not by these.",
        "  - Version changed from 1.0.0 to 1.1.0.",
    ]


def test_reworded_page_is_safe(built):
    result = diff(built["v1"], built["reworded"])
    assert result.exit_code == 0
    assert body(result) == [SAFE, "", OTHER, '  - Page text changed: "Background" (background).',
                            "  - Version changed from 1.0.0 to 1.0.1."]


def test_a_new_version_keeps_every_identifier(built):
    """The rule the LMS guides rely on: only a new course id makes a new course."""
    old = read_built_package(built["v1"])
    for name in ("page-added", "page-removed", "page-moved", "question-changed", "pass-mark-changed", "reworded"):
        new = read_built_package(built[name])
        assert (new.manifest_identifier, new.organization_identifiers, new.items[0].identifier) == \
               (old.manifest_identifier, old.organization_identifiers, old.items[0].identifier), name
        assert not any(change.kind.endswith("identifier-changed") for change in compare(old, new).changes)


def test_going_back_is_the_mirror_image(built):
    """Replacing 1.1 by 1.0 (rolling back) adds back the page 1.1 removed."""
    result = diff(built["page-removed"], built["v1"])
    assert result.exit_code == 1
    assert '  - Page added: "Background" (background), page 2 of 4. Learners in progress who complete the course by ' \
           "viewing every page must also view it." in result.output


def test_json_format(built):
    result = diff("--format", "json", built["v1"], built["question-changed"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["effect"] == "learners" and data["exit_code"] == 1 and data["verdict"] == AFFECTED
    assert data["old"]["version"] == "1.0.0" and data["new"]["version"] == "1.1.0"
    assert data["old"]["pass_mark"] == 80
    assert data["new"]["item_identifiers"] == ["ITEM-diff-course"]
    assert [(c["kind"], c["effect"]) for c in data["changes"]] == [("question-changed", "learners"),
                                                                   ("version-changed", "none")]


def test_json_exit_code_for_a_new_course(built):
    result = diff("--format", "json", built["v1"], built["id-changed"])
    assert result.exit_code == 2
    assert json.loads(result.output)["effect"] == "new-course"


def test_fixture_pages_and_questions_are_read_back(built):
    package_read = read_built_package(built["v1"])
    assert [page.id for page in package_read.pages] == ["welcome", "background", "policy", "assessment"]
    assert {q.id: (q.page, q.scored) for q in package_read.questions.values()} == {
        "policy-check": ("policy", False), "fa-year": ("assessment", True), "fa-contracts": ("assessment", True)}
    assert (package_read.pass_mark, package_read.completion) == (80, "either")


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp / "missing.zip", "missing.zip: no such file"),
    (lambda tmp: _write(tmp / "notes.zip", b"not a zip at all"), "notes.zip: not a zip file"),
    (lambda tmp: make_zip(tmp, [("index.html", b"<p>hi</p>")], name="empty.zip"),
     "empty.zip: no imsmanifest.xml at the root of the zip; is it a SCORM package?"),
    (lambda tmp: package(tmp, name="vendor.zip"),
     "vendor.zip: index.html holds no scorm-builder course data; diff compares two packages built by scorm-builder"),
])
def test_unreadable_packages_get_a_clear_message(built, tmp_path, monkeypatch, make, message):
    monkeypatch.chdir(tmp_path)
    bad = make(tmp_path)
    for args in ((bad, built["v1"]), (built["v1"], bad)):
        result = diff(*args)
        assert result.exit_code == 3
        assert result.output.startswith(f"error: {message}")
        assert "Traceback" not in result.output


def test_damaged_course_data_is_a_clear_message(built, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with zipfile.ZipFile(built["v1"]) as source:
        entries = [(name, source.read(name)) for name in source.namelist()]
    index = dict(entries)["index.html"].replace(b'"pages":[', b'"pages":7,"x":[')
    damaged = make_zip(tmp_path, [(n, index if n == "index.html" else d) for n, d in entries], name="damaged.zip")
    result = diff(damaged, built["v1"])
    assert result.exit_code == 3
    assert result.output.startswith("error: damaged.zip: the course data in index.html is not in the shape "
                                    "scorm-builder writes")


def _write(path, data: bytes):
    path.write_bytes(data)
    return path



BAD_VALUES = [None, True, 7, "text", [], [1, "a"], {}, {"id": []}, [{"id": None}], [{"title": {}}], {"passMark": "80"}]


@pytest.mark.parametrize("key", ["course", "pages", "questions", "assessment", "completion"])
def test_any_course_data_is_read_or_refused_with_a_message(built, tmp_path, monkeypatch, key):
    """The zip is untrusted: whatever its course data holds, diff reads it or says why not."""
    monkeypatch.chdir(tmp_path)
    with zipfile.ZipFile(built["v1"]) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    index = entries["index.html"].decode()
    start = index.index('id="sb-data">') + len('id="sb-data">')
    end = index.index("</script>", start)
    for number, value in enumerate(BAD_VALUES):
        course_data = json.loads(index[start:end])
        course_data[key] = value
        entries["index.html"] = (index[:start] + json.dumps(course_data).replace("<", "\\u003c") + index[end:]).encode()
        fuzzed = make_zip(tmp_path, list(entries.items()), name=f"fuzzed-{number}.zip")
        try:
            read_built_package(fuzzed)
        except PackageReadError as error:
            assert str(error).startswith(f"fuzzed-{number}.zip: ")


@pytest.mark.parametrize("args", [[], ["only-one.zip"], ["--format", "xml", "a.zip", "b.zip"]])
def test_a_usage_mistake_never_exits_with_a_verdict(args):
    result = CliRunner().invoke(cli, ["diff", *args])
    assert result.exit_code == 3  # click's usual 2 would read as "a new course"
    assert "Usage: " in result.output


# The rules behind each effect, on one package read back and changed in memory.

def _changed(package, **changes):
    return dataclasses.replace(package, digest="changed", **changes)


def test_effects_follow_the_rules(built):
    old = read_built_package(built["v1"])
    summary = PageInfo("summary", "Summary", 5, ("summary-check",), "x")
    knowledge_check = QuestionInfo("summary-check", "summary", False, "f")
    exam_question = QuestionInfo("fa-new", "assessment", True, "g")

    def kinds(new):
        return [(change.kind, change.effect) for change in compare(old, new).changes]

    # A page added matters only if learners must view every page to complete the course.
    assert kinds(_changed(old, pages=old.pages + [summary], completion="assessment",
                          questions={**old.questions, "summary-check": knowledge_check}))[:2] == [
        ("page-added", "none"), ("question-added", "none")]
    # A knowledge check added is safe; an assessment question added changes the bank.
    assert kinds(_changed(old, questions={**old.questions, "fa-new": exam_question})) == [("question-added", "learners")]
    assert compare(old, _changed(old, pages=old.pages + [summary], completion="all-pages")).changes[0].message == (
        'Page added: "Summary" (summary), page 5 of 5. Learners in progress must also view it before the course is complete.')
    # Removing a knowledge check is safe; removing an assessment question is not.
    without_check = {k: v for k, v in old.questions.items() if k != "policy-check"}
    assert kinds(_changed(old, questions=without_check)) == [("question-removed", "none")]
    without_exam = {k: v for k, v in old.questions.items() if k != "fa-year"}
    assert kinds(_changed(old, questions=without_exam)) == [("question-removed", "learners")]
    assert kinds(_changed(old, draw=1)) == [("draw-changed", "learners")]
    assert kinds(_changed(old, attempts=2)) == [("attempts-changed", "learners")]
    assert kinds(_changed(old, completion="assessment")) == [("completion-changed", "learners")]
    assert kinds(_changed(old, pass_mark=None, draw=None, attempts=None))[0] == ("pass-mark-changed", "learners")
    # Built by an older scorm-builder, whose manifest identifier held the version: no LMS we know matches on it.
    assert kinds(_changed(old, manifest_identifier="MANIFEST-diff-course-0.9.0")) == [("manifest-identifier-changed", "none")]
