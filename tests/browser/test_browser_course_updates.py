"""Course updates keep learners' progress (issue 14): a learner half-way through version 1.0 reopens
the course after the LMS was given version 1.1. Under scorm-again, for each kind of change: the
learner lands on the same page (by id), keeps the answers to unchanged questions, is asked changed
ones again, never sees a blank page and never loses a pass. Also: saved data written by the
runtime before format 2 (v1) is still read."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from browser_harness import resume_cmi

COURSE_YML = "id: versioned\ntitle: Versioned test course\nversion: {version}\nlanguage: en-GB\ncompletion: either\n"


def question(qid: str, prompt: str, right: str, wrong: str) -> str:
    return (f"```question\nid: {qid}\ntype: single\nprompt: {prompt}\noptions:\n"
            f"  - text: {right}\n    correct: true\n  - text: {wrong}\n```\n")


def page(pid: str, title: str, body: str, extra: str = "") -> str:
    return f"---\nid: {pid}\ntitle: {title}\n{extra}---\n{body}\n"


CITY = question("kc-city", "Which city is the home of the Greater Manchester Combined Authority?", "Manchester", "Leeds")
RIVER = question("kc-river", "Which river runs through Manchester?", "Irwell", "Thames")
RIVER_CHANGED = question("kc-river", "Which river meets the Irwell in Manchester?", "Irk", "Severn")


def assessment(pass_mark: int) -> str:
    questions = (question("fc-city", "Where are the Combined Authority's offices?", "Manchester", "Leeds")
                 + "\n" + question("fc-boroughs", "How many boroughs are there?", "Ten", "Three"))
    return page("test", "Final check", "Answer both questions.\n\n" + questions,
                f"assessment:\n  pass_mark: {pass_mark}\n  shuffle: false\n")


def version_1_0(pass_mark: int = 80) -> dict[str, str]:
    return {
        "01-welcome.md": page("welcome", "Welcome", "This course is updated while learners take it."),
        "02-middle.md": page("middle", "The middle page", "A knowledge check.\n\n" + CITY),
        "03-extra.md": page("extra", "The extra page", "Another knowledge check.\n\n" + RIVER),
        "09-test.md": assessment(pass_mark),
    }


# Version 1.1, by kind of change.
CHANGES = {
    "page added": lambda files: {**files, "025-added.md": page("added", "A new page", "Added in 1.1.")},
    "page removed": lambda files: {k: v for k, v in files.items() if k != "02-middle.md"},
    "question changed": lambda files: {**files, "03-extra.md": page("extra", "The extra page",
                                                                    "Another knowledge check.\n\n" + RIVER_CHANGED)},
    "pass mark changed": lambda files: {**files, "09-test.md": assessment(50)},
    "page reordered": lambda files: {**{k: v for k, v in files.items() if k != "03-extra.md"},
                                     "015-extra.md": files["03-extra.md"]},
}


def write(root: Path, name: str, version: str, files: dict[str, str]) -> str:
    folder = root / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "course.yml").write_text(COURSE_YML.format(version=version), encoding="utf-8")
    for file_name, text in files.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    return name


@pytest.fixture
def versions(built_courses, tmp_path_factory):
    """Registers course sources with the session's builds: name -> source folder."""
    root = tmp_path_factory.mktemp("versions")

    def add(name: str, version: str, files: dict[str, str]) -> str:
        built_courses.sources[name] = root / write(root, name, version, files)
        return name
    return add


def mastery(built_courses, name: str) -> str:
    text = (built_courses.get(name) / "imsmanifest.xml").read_text(encoding="utf-8")
    return text.split("<adlcp:masteryscore>")[1].split("<")[0]


def launch(lms, built_courses, name: str, cmi: dict | None = None, override: bool = True):
    cmi = dict(cmi or {})
    cmi["student_data"] = {"mastery_score": mastery(built_courses, name)}  # as the LMS reads the new manifest
    lms.launch(name, cmi=cmi, settings={"mastery_override": override})


def go(lms, page_id: str):
    lms.course.locator(f'#sb-contents a[data-page="{page_id}"]').click()


def check_first_option(lms, qid: str):
    form = lms.course.locator(f"#q-{qid}")
    form.locator("input[type=radio]").first.check()
    form.locator("[data-action=check]").click()


def chosen(lms, qid: str) -> list[bool]:
    return lms.eval(f"[...document.querySelectorAll('#q-{qid} input[type=radio]')].map(i => i.checked)")


def half_way_through_1_0(lms, built_courses, name: str) -> dict:
    """The learner reads to the extra page, answering both knowledge checks, and leaves."""
    launch(lms, built_courses, name)
    go(lms, "middle")
    check_first_option(lms, "kc-city")
    go(lms, "extra")
    check_first_option(lms, "kc-river")
    kept = lms.close_course()
    assert kept["core"]["lesson_location"] == "extra" and json.loads(kept["suspend_data"])["c"] == "1.0.0"
    return kept


@pytest.mark.parametrize("change", ["page added", "page reordered", "question changed"])
def test_a_learner_half_way_resumes_on_the_same_page_with_unchanged_answers_kept(lms, built_courses, versions, change):
    old = versions("versioned-1-0", "1.0.0", version_1_0())
    new = versions(f"versioned-1-1-{change.replace(' ', '-')}", "1.1.0", CHANGES[change](version_1_0()))
    kept = half_way_through_1_0(lms, built_courses, old)

    launch(lms, built_courses, new, resume_cmi(kept))
    assert lms.current_title() == "The extra page"  # by id, wherever the page now is
    assert lms.events("ready")[0]["resumed"] is True
    assert chosen(lms, "kc-river") == ([False, False] if change == "question changed" else [True, False])
    go(lms, "middle")
    assert chosen(lms, "kc-city") == [True, False]
    # Pages seen in 1.0 still count, by id; a page added in 1.1 has not been seen.
    viewed = lms.eval("ScormBuilder.tracking.viewedCount()")
    assert viewed == 3  # welcome, middle, extra
    if change == "page added":
        assert lms.eval("ScormBuilder.tracking.state.viewed[ScormBuilder.nav.indexOf('added')]") in (None, False)
    lms.assert_clean()


def test_a_removed_page_the_learner_was_on_opens_the_first_page_not_yet_seen(lms, built_courses, versions):
    old = versions("versioned-1-0", "1.0.0", version_1_0())
    new = versions("versioned-1-1-extra-removed", "1.1.0", {k: v for k, v in version_1_0().items() if k != "03-extra.md"})
    kept = half_way_through_1_0(lms, built_courses, old)
    launch(lms, built_courses, new, resume_cmi(kept))
    assert lms.current_title() == "Final check"  # welcome and middle were seen; never a blank page
    assert lms.course.locator("section.page.is-current").is_visible()
    go(lms, "middle")
    assert chosen(lms, "kc-city") == [True, False]
    lms.assert_clean()


def test_a_removed_page_elsewhere_changes_nothing_for_the_learner(lms, built_courses, versions):
    old = versions("versioned-1-0", "1.0.0", version_1_0())
    new = versions("versioned-1-1-page-removed", "1.1.0", CHANGES["page removed"](version_1_0()))
    kept = half_way_through_1_0(lms, built_courses, old)
    launch(lms, built_courses, new, resume_cmi(kept))
    assert lms.current_title() == "The extra page"
    assert chosen(lms, "kc-river") == [True, False]
    assert lms.eval("ScormBuilder.tracking.viewedCount()") == 2  # welcome and extra
    lms.assert_clean()


def take_assessment(lms, right: int):
    go(lms, "test")
    lms.course.locator("[data-action=start]").click()
    for number, form in enumerate(lms.course.locator("form[data-scored]:not([hidden])").all()):
        form.locator("input[type=radio]").nth(0 if number < right else 1).check()
    lms.course.locator("[data-action=submit]").click()


@pytest.mark.parametrize("override", [False, True], ids=["override-off", "override-on"])
def test_the_package_never_drops_a_pass_when_the_pass_mark_is_raised(lms, built_courses, versions, override):
    old = versions("versioned-1-0-mark-40", "1.0.0", version_1_0(pass_mark=40))
    new = versions("versioned-1-1-mark-80", "1.1.0", version_1_0(pass_mark=80))
    launch(lms, built_courses, old, override=override)
    take_assessment(lms, right=1)  # 50%: a pass at 40
    kept = lms.close_course()
    assert (kept["core"]["lesson_status"], kept["core"]["score"]["raw"]) == ("passed", "50")
    cmi = resume_cmi(kept)
    cmi["core"]["lesson_status"] = ""  # even where the LMS's answer is dropped (Open edX)
    launch(lms, built_courses, new, cmi, override=override)
    assert lms.current_title() == "Final check"
    kept = lms.close_course()
    # The package sends "passed" again, never "incomplete" or "failed"...
    sent = [v for k, v in lms.set_values() if k == "cmi.core.lesson_status"]
    assert sent and set(sent) == {"passed"}
    # ...but an LMS with mastery override recomputes the status at LMSFinish from the stored score and
    # the NEW mastery score (Moodle does the same): raising the pass mark re-marks learners there.
    # docs/runtime.md says so, and `scorm-builder diff` flags a changed pass mark.
    assert (kept["core"]["lesson_status"], kept["core"]["score"]["raw"]) == ("failed" if override else "passed", "50")
    lms.assert_clean()


def test_a_lowered_pass_mark_turns_a_kept_score_into_a_pass(lms, built_courses, versions):
    old = versions("versioned-1-0", "1.0.0", version_1_0())
    new = versions("versioned-1-1-pass-mark-changed", "1.1.0", CHANGES["pass mark changed"](version_1_0()))
    launch(lms, built_courses, old)
    take_assessment(lms, right=1)  # 50%: a fail at 80
    kept = lms.close_course()
    assert kept["core"]["lesson_status"] == "failed"
    launch(lms, built_courses, new, resume_cmi(kept))
    kept = lms.close_course()
    # The score decides, against the mastery score of the version now in the LMS (50).
    assert (kept["core"]["lesson_status"], kept["core"]["score"]["raw"]) == ("passed", "50")
    lms.assert_clean()


def test_progress_saved_by_the_runtime_before_format_2_is_still_read(lms, built_courses, versions):
    name = versions("versioned-1-0", "1.0.0", version_1_0())
    # Format 1: 4 pages, the first two viewed (bitmask "3"), an answer by question id, a best score.
    v1 = json.dumps({"v": 1, "n": 4, "p": "3", "s": 50, "a": {"kc-city": "a"}}, separators=(",", ":"))
    launch(lms, built_courses, name, {"core": {"entry": "resume", "lesson_location": "middle",
                                               "lesson_status": "failed"}, "suspend_data": v1})
    assert lms.current_title() == "The middle page"
    assert chosen(lms, "kc-city") == [True, False]
    assert lms.eval("ScormBuilder.tracking.viewedCount()") == 2
    kept = lms.close_course()
    data = json.loads(kept["suspend_data"])
    assert data["v"] == 2 and data["s"] == 50 and data["k"] == "f"  # rewritten in format 2, nothing lost
    assert kept["core"]["lesson_status"] == "failed"
    lms.assert_clean()
