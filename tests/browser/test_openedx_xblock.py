"""courses/social-value in the real Open edX SCORM XBlock (openedx-scorm-xblock 19.0.5), played as
learners play it: what the XBlock stores and the grade it publishes, journey by journey.

The expected outcomes are the tracking contract's (docs/runtime.md): the same learner is recorded
the same way here as in Moodle and under scorm-again. What this XBlock does that others do not
(see openedx_harness.py and docs/lms-guides/open-edx.md):
- it never supplies cmi.core.entry, and every read of cmi.core.lesson_status or of the score gives
  "" (its JavaScript drops the server's answer); location and suspend_data do come back;
- its grade is lesson_score x weight, or 0 once it has been sent `failed` (success_status is kept);
- `completed` or `passed` publishes completion 1.0; `passed`/`failed` (or `completed`) publish
  the grade.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest

from builder.build import build_course
from builder.loader import load_course
from browser_harness import ROOT, WAIT_MS
from openedx_harness import OpenEdxHost, start_host, stop_host

COURSE = ROOT / "courses" / "social-value"
UNIT = "social-value"  # the unit every journey plays, its package uploaded once per session
SPARE_UNIT = "replaced"  # a unit of its own for the test that replaces the package
HEIGHT = 800  # "Display height (px)" set in Studio, as docs/lms-guides/open-edx.md advises (default 450)
PAGE_6 = "objective-employment"
ASSESSMENT = "final-assessment"
DRAWN = 12  # 16-final-assessment.md: draw
RIGHT_FOR_42 = 5  # 5 of 12 right: round(41.67) = 42 %, the failing score of issue 11


# --- fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def social_value_zip(tmp_path_factory):
    return build_course(COURSE, tmp_path_factory.mktemp("openedx-package")).zip_path


@pytest.fixture(scope="session")
def openedx(tmp_path_factory, chromium, social_value_zip):
    """The host with the Social Value package uploaded through the XBlock's Studio editor."""
    data = tmp_path_factory.mktemp("openedx-host")
    try:
        process, url, units = start_host(data, "Social Value in Greater Manchester Procurement", [UNIT, SPARE_UNIT])
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    host = OpenEdxHost(url, units, data)
    try:
        context = chromium.new_context()
        try:
            answer = host.upload(context, UNIT, social_value_zip, has_score="1", weight="1", height=str(HEIGHT))
        finally:
            context.close()
        assert answer == {"result": "success", "errors": []}, answer
        yield host
    finally:
        stop_host(process)
    log = (data / "host.log").read_text(errors="replace")
    assert "Internal Server Error" not in log, log[-3000:]


@pytest.fixture
def tab(chromium):
    context = chromium.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


@pytest.fixture(scope="session")
def answer_key() -> dict:
    """Every assessment question of the course by id (builder's model of the sources)."""
    course = load_course(COURSE)
    return {q.id: q for page in course.pages for q in page.questions if q.scored}


# --- the learner's moves -------------------------------------------------------------------

def read_every_page(learner):
    """From page 1, Next to the last page, as a learner reading the whole course."""
    learner.frame.locator(f"#sb-contents a[data-page='welcome']").click()
    total = int(re.search(r"of (\d+)", learner.position()).group(1))
    learner.go_to_page(total)
    return total


def open_assessment(learner):
    learner.frame.locator(f"#sb-contents a[data-page='{ASSESSMENT}']").click()
    assert learner.title() == "Final assessment"


def take_assessment(learner, answer_key: dict, right: int) -> str:
    """Start, answer the first ``right`` drawn questions right and the rest wrong, submit."""
    open_assessment(learner)
    learner.frame.locator("[data-action=start]").click()
    drawn = learner.eval("[...document.querySelectorAll('form[data-scored]:not([hidden])')]"
                         ".map(f => f.dataset.question)")
    assert len(drawn) == DRAWN
    for number, qid in enumerate(drawn):
        answer(learner, answer_key[qid], correct=number < right)
    submit = learner.frame.locator("[data-action=submit]")
    submit.click()
    # An ordering question whose items happened to be shown in the order wanted was never moved,
    # so the course counts it unanswered and asks first: a second press submits anyway.
    if learner.frame.locator("[data-role=submit-status]").inner_text().startswith("You have not answered"):
        submit.click()
    return learner.frame.locator("[data-role=result-title]").inner_text()


def answer(learner, question, correct: bool):
    """Answer one question through the course's own controls, right or wrong."""
    form = learner.frame.locator(f"#q-{question.id}")
    kind = question.type
    if kind in ("single", "multiple"):
        wanted = {str(i) for i, option in enumerate(question.options) if option.correct == correct}
        if kind == "single" or not correct:
            wanted = {sorted(wanted)[0]}
        for box in form.locator("input").all():
            if box.get_attribute("value") in wanted:
                box.check()
            elif kind == "multiple":
                box.uncheck()
    elif kind == "true-false":
        form.locator(f"input[value='{str(question.answer == correct).lower()}']").check()
    elif kind == "fill-in":
        form.locator("input[type=text]").fill(question.answers[0] if correct else "not the answer")
    elif kind == "matching":
        count = len(question.pairs)
        for left in range(count):
            right = left if correct else (left + 1) % count
            form.locator(f"select[data-left='{left}']").select_option(str(right))
    elif kind == "ordering":
        order = list(range(len(question.items)))
        for position, item in enumerate(order if correct else order[::-1]):
            while True:
                items = learner.eval(f"[...document.querySelectorAll('#q-{question.id} li[data-item]')]"
                                     ".map(li => Number(li.dataset.item))")
                if items.index(item) == position:
                    break
                form.locator(f"li[data-item='{item}'] button[data-action=up]").click()
    else:
        raise AssertionError(f"no way to answer a {kind} question")


# --- what the LMS holds --------------------------------------------------------------------

def grades(report: dict) -> list[float]:
    return [e["data"]["value"] for e in report["published"] if e["type"] == "grade"]


def completions(report: dict) -> list[float]:
    return [e["data"]["completion"] for e in report["published"] if e["type"] == "completion"]


def sent(report: dict, element: str) -> list[str]:
    """Every value the package sent for ``element``, in order (LMSSetValue reaches the XBlock in batches)."""
    return [value for name, value in set_values(report) if name == element]


def tracking_events(report: dict) -> set[str]:
    """The XBlock's tracking-log events (openedx.xblock.scorm.<name>) published for the learner."""
    prefix = "openedx.xblock.scorm."
    return {e["type"][len(prefix):] for e in report["published"] if e["type"].startswith(prefix)}


def set_values(report: dict) -> list[tuple[str, str]]:
    """Every LMSSetValue the XBlock received, in order."""
    return [(item["name"], item["value"]) for call in report["calls"] if call["handler"] == "scorm_set_values"
            for item in json.loads(call["body"])]


def read(report: dict) -> list[str]:
    """The elements whose value the package asked the XBlock's server for (the uncached reads)."""
    return [json.loads(call["body"])["name"] for call in report["calls"] if call["handler"] == "scorm_get_value"]


# --- journeys ------------------------------------------------------------------------------

def test_the_package_uploads_through_studio_and_opens_for_a_learner(openedx, tab):
    report = openedx.report("staff", UNIT)
    settings = report["settings"]
    assert settings["scorm_version"] == "SCORM_12"
    assert settings["index_page_path"] == "index.html"
    assert settings["package_warnings"] == []  # the XBlock found lesson_status in the package
    assert settings["package_meta"]["name"].endswith("-scorm12.zip")
    studio = tab.new_page()
    studio.goto(openedx.unit_url("staff", UNIT, "studio_view"))
    assert "Currently: social-value-1.0.0-scorm12.zip" in studio.locator(".setting-input-file").inner_text()
    studio.close()

    learner = openedx.learner(tab, "opens", UNIT).launch()
    assert learner.position().startswith("Page 1 of ")
    assert learner.title() == "Welcome to the course"
    assert learner.page.locator("iframe.scorm-embedded").bounding_box()["height"] == HEIGHT
    assert learner.page.get_by_role("button", name="Fullscreen").is_visible()
    learner.wait_saved()
    assert learner.page.locator(".scorm-xblock p").first.inner_text() == "(0/1 points) incomplete"
    state = learner.report()["state"]
    assert state["lesson_status"] == "incomplete"
    assert state["scorm_data"]["cmi.core.lesson_location"] == "welcome"
    assert learner.page_errors == []


def test_a_learner_who_passes_is_passed_with_the_score_as_grade(openedx, tab, answer_key):
    learner = openedx.learner(tab, "passes", UNIT).launch()
    assert take_assessment(learner, answer_key, right=DRAWN) == "Your result: 100%"
    learner.wait_saved()
    report = learner.report()
    state = report["state"]
    statuses = sent(report, "cmi.core.lesson_status")
    assert statuses[0] == "incomplete" and set(statuses[statuses.index("passed"):]) == {"passed"}
    writes = set_values(report)  # RTE 3.4.2.2: the score is set before the status it decides
    assert writes.index(("cmi.core.score.raw", "100")) < writes.index(("cmi.core.lesson_status", "passed"))
    assert state["scorm_data"]["cmi.core.lesson_status"] == "passed"
    assert (state["lesson_status"], state["success_status"]) == ("completed", "passed")
    assert state["lesson_score"] == 1.0
    assert report["grade"] == 1.0 and grades(report)[-1] == 1.0
    assert completions(report) == [1.0]
    # Reports: the XBlock's tracking events say what happened (`interacted` is off by default).
    assert {"initialized", "scored", "completed", "passed"} <= tracking_events(report)
    assert "interacted" not in tracking_events(report)
    assert learner.page_errors == []


def test_a_learner_who_fails_then_reads_every_page_stays_failed(openedx, tab, answer_key):
    learner = openedx.learner(tab, "fails-then-reads", UNIT).launch()
    assert take_assessment(learner, answer_key, right=RIGHT_FOR_42) == "Your result: 42%"
    read_every_page(learner)
    learner.leave()
    report = learner.report()
    assert_failed_with_42(report)
    statuses = sent(report, "cmi.core.lesson_status")
    assert statuses[0] == "incomplete" and set(statuses[statuses.index("failed"):]) == {"failed"}
    # Contract, rule "either": after a fail the pages change nothing, so nothing ever completes.
    assert report["state"]["lesson_status"] == "incomplete"
    assert completions(report) == [] and set(grades(report)) == {0.0}
    assert learner.page_errors == []


def test_a_learner_who_reads_every_page_then_fails_is_failed_too(openedx, tab, answer_key):
    learner = openedx.learner(tab, "reads-then-fails", UNIT).launch()
    read_every_page(learner)
    learner.wait_saved()
    before = learner.report()
    # Contract, rule "either" before any attempt: every page seen is `completed`, which this
    # XBlock turns into completion 1.0 and a grade of 0 (it has no score yet).
    assert sent(before, "cmi.core.lesson_status")[-1] == "completed"
    assert completions(before) == [1.0] and grades(before) == [0.0]
    assert take_assessment(learner, answer_key, right=RIGHT_FOR_42) == "Your result: 42%"
    learner.leave()
    report = learner.report()
    assert_failed_with_42(report)
    statuses = sent(report, "cmi.core.lesson_status")
    assert set(statuses[statuses.index("failed"):]) == {"failed"}  # `completed` became `failed`
    # The XBlock keeps completion apart from success (as SCORM 2004 does): `failed` sets only
    # success_status, so the unit keeps the completion it published, with a grade of 0.
    assert report["state"]["lesson_status"] == "completed"
    assert completions(report) == [1.0]
    # After `completed` the XBlock publishes a score on its own, so the 42 written just before the
    # `failed` (RTE 3.4.2.2: score first) is published as 0.42 in the same request, then 0.
    assert grades(report)[:3] == [0.0, 0.42, 0.0] and set(grades(report)[2:]) == {0.0}
    assert learner.page_errors == []


def assert_failed_with_42(report: dict):
    """Recorded as the contract says for a fail at 42, in whatever order pages and attempt came."""
    state = report["state"]
    assert state["scorm_data"]["cmi.core.lesson_status"] == "failed"
    assert "passed" not in sent(report, "cmi.core.lesson_status")
    assert state["success_status"] == "failed"
    assert state["lesson_score"] == 0.42 and state["scorm_data"]["cmi.core.score.raw"] == "42"
    assert report["grade"] == 0.0 and grades(report)[-1] == 0.0
    assert "failed" in tracking_events(report) and "passed" not in tracking_events(report)


def test_the_points_shown_beside_the_course_are_the_grade_it_holds(openedx, tab, answer_key):
    """The XBlock shows "(grade/weight points)" above the course, updated from its answer to each
    score it is sent. A learner told "You did not pass" must not read 0.42 points there while the
    gradebook holds 0 (the grade the XBlock itself shows on the next visit)."""
    learner = openedx.learner(tab, "points", UNIT).launch()
    assert take_assessment(learner, answer_key, right=RIGHT_FOR_42) == "Your result: 42%"
    learner.wait_saved()
    assert learner.report()["grade"] == 0.0
    assert learner.points() == "0"
    learner.launch()
    assert learner.points() == "0"
    assert learner.page_errors == []


def test_a_learner_who_leaves_on_page_6_comes_back_to_page_6(openedx, tab):
    learner = openedx.learner(tab, "leaves-on-6", UNIT).launch()
    learner.go_to_page(6)
    assert learner.title().startswith("Objective")
    title = learner.title()
    learner.leave()
    held = learner.report()["state"]["scorm_data"]
    assert held["cmi.core.lesson_location"] == PAGE_6
    assert held["cmi.suspend_data"]

    learner.launch()  # the next visit: the XBlock gives entry "" but the location and suspend_data
    assert learner.position().startswith("Page 6 of ")
    assert learner.title() == title
    learner.wait_saved()
    report = learner.report()
    assert report["state"]["scorm_data"]["cmi.core.lesson_location"] == PAGE_6
    assert "welcome" not in sent(report, "cmi.core.lesson_location")[sent(report, "cmi.core.lesson_location").index(PAGE_6):]
    assert learner.page_errors == []


def test_a_learner_who_comes_back_after_passing_stays_passed(openedx, tab, answer_key):
    learner = openedx.learner(tab, "relaunch-after-pass", UNIT).launch()
    assert take_assessment(learner, answer_key, right=DRAWN) == "Your result: 100%"
    learner.leave()
    passed = learner.report()
    assert passed["state"]["success_status"] == "passed"
    calls_before = len(passed["calls"])

    learner.launch()  # reopens where the learner was: the assessment, with their result
    assert learner.title() == "Final assessment"
    assert learner.frame.locator("[data-role=result-title]").inner_text() == "Your result: 100%"
    learner.wait_saved()
    learner.leave()
    report = learner.report()
    state = report["state"]
    after = {"calls": report["calls"][calls_before:]}
    # The XBlock answers "" to the status read, so only the package's own record can keep the pass.
    assert "incomplete" not in sent(after, "cmi.core.lesson_status")
    assert state["scorm_data"]["cmi.core.lesson_status"] == "passed"
    assert (state["lesson_status"], state["success_status"]) == ("completed", "passed")
    assert state["lesson_score"] == 1.0 and report["grade"] == 1.0
    assert grades(report)[-1] == 1.0
    # Reopening keeps the learner's place: the bookmark is never put back to page 1.
    assert state["scorm_data"]["cmi.core.lesson_location"] == ASSESSMENT
    assert "welcome" not in sent(after, "cmi.core.lesson_location")
    assert learner.page_errors == []


def test_the_xblock_answers_reads_as_measured(openedx, tab):
    """What the runtime can and cannot read back in this XBlock (docs/authorities.md, docs/runtime.md).

    The XBlock's SCORM API is its own JavaScript (scormxblock.js): the element list below is what
    the course asks at start-up; the answers are the ones the course gets.
    """
    learner = openedx.learner(tab, "reads", UNIT).launch()
    learner.go_to_page(3)
    learner.wait_saved()
    held = learner.report()["state"]
    assert held["lesson_status"] == "incomplete"  # the server has a status...
    ask = "name => window.API.LMSGetValue(name)"
    # ...but a read of it is sent to the server synchronously and the answer dropped: "" every time.
    assert learner.page.evaluate(ask, "cmi.core.lesson_status") == ""
    assert learner.page.evaluate(ask, "cmi.core.score.raw") == ""
    assert learner.page.evaluate(ask, "cmi.core.entry") == ""  # never supplied
    assert learner.page.evaluate(ask, "cmi.student_data.mastery_score") == ""  # adlcp:masteryscore not passed on
    # No element lists: the course takes it that no interaction (and no score.min/max) is kept.
    assert learner.page.evaluate(ask, "cmi.interactions._children") == ""
    assert learner.page.evaluate(ask, "cmi.core.score._children") == ""
    assert learner.page.evaluate("() => window.API.LMSGetLastError()") == "0"  # errors are never reported
    # What the package wrote in earlier sessions comes back from the page's copy of scorm_data.
    learner.launch()
    assert learner.page.evaluate(ask, "cmi.core.lesson_location") == held["scorm_data"]["cmi.core.lesson_location"]
    assert learner.page.evaluate(ask, "cmi.suspend_data") == held["scorm_data"]["cmi.suspend_data"]
    assert "cmi.core.lesson_status" in read(learner.report())
    assert learner.page_errors == []


def test_replacing_the_package_keeps_what_learners_have_done(openedx, tab, social_value_zip, tmp_path):
    """docs/lms-guides/open-edx.md, "Replacing a package": upload a corrected version over the old one
    in the same component; a learner who had started keeps their record and their place."""
    assert openedx.upload(tab, SPARE_UNIT, social_value_zip) == {"result": "success", "errors": []}
    learner = openedx.learner(tab, "before-the-fix", SPARE_UNIT).launch()
    learner.go_to_page(4)
    learner.leave()
    before = learner.report()

    corrected = tmp_path / "social-value"
    shutil.copytree(COURSE, corrected)
    page = corrected / "04-when-it-applies.md"
    page.write_text(page.read_text() + "\nThis sentence is new in version 1.0.1.\n")
    course_file = corrected / "course.yml"
    course_file.write_text(course_file.read_text().replace("version: 1.0.0", "version: 1.0.1"))
    fixed = build_course(corrected, tmp_path / "dist").zip_path
    assert openedx.upload(tab, SPARE_UNIT, fixed) == {"result": "success", "errors": []}

    after = learner.report()
    assert after["settings"]["package_meta"]["name"] == fixed.name
    assert after["state"] == before["state"]  # nothing of the learner's was reset
    # Records belong to the component: the same learner has none in another one.
    assert openedx.report("before-the-fix", UNIT)["state"]["lesson_status"] == "not attempted"
    old, new = before["settings"]["package_meta"]["sha1"], after["settings"]["package_meta"]["sha1"]
    assert old != new
    assert openedx.package_files(SPARE_UNIT, old) == []  # the old files are deleted at once
    assert any(p.name == "index.html" for p in openedx.package_files(SPARE_UNIT, new))
    learner.launch()
    assert learner.position().startswith("Page 4 of ")
    assert "This sentence is new in version 1.0.1." in learner.frame.locator("section.page.is-current").inner_text()
    learner.wait_saved()
    assert learner.report()["state"]["scorm_data"]["cmi.core.lesson_location"] == "when-it-applies"
    assert learner.page_errors == []
