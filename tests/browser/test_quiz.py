"""The quiz engine in a real browser against scorm-again: knowledge checks, passing and failing the
assessment by keyboard, resume, and what the LMS holds afterwards (score, status, interactions)."""
from __future__ import annotations

import json
import re

import shutil

import pytest

from browser_harness import FIXTURE_COURSES, TIMESPAN

COURSE = "quiz-course"
PRACTICE = "quiz-course-practice"  # the same course with practice_interactions: true in course.yml


@pytest.fixture
def practice_course(built_courses, tmp_path_factory):
    """Registers quiz-course with practice_interactions: true, built like the fixtures on first use."""
    if PRACTICE not in built_courses.sources:
        source = tmp_path_factory.mktemp("practice") / PRACTICE
        shutil.copytree(FIXTURE_COURSES / COURSE, source)
        yml = source / "course.yml"
        yml.write_text(yml.read_text(encoding="utf-8") + "practice_interactions: true\n", encoding="utf-8")
        built_courses.sources[PRACTICE] = source
    return PRACTICE
BANK = ["as-single", "as-multiple", "as-true-false", "as-fill-in", "as-matching", "as-ordering"]
INTERACTION_TYPES = {"as-single": "choice", "as-multiple": "choice", "as-true-false": "true-false",
                     "as-fill-in": "fill-in", "as-matching": "matching", "as-ordering": "sequencing"}
# SCORM 1.2 RTE 3.4.2.7.6 formats of student_response and correct_responses.n.pattern, by type.
FORMATS = {
    "choice": re.compile(r"^[0-9a-z](,[0-9a-z])*$"),
    "true-false": re.compile(r"^[01tf]$"),
    "fill-in": re.compile(r"^.{0,255}$"),
    "matching": re.compile(r"^[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*$"),
    "sequencing": re.compile(r"^[0-9a-z](,[0-9a-z])*$"),
}
RIGHT_PATTERNS = {"as-single": "a", "as-multiple": "a,b", "as-true-false": "t", "as-fill-in": "CLES",
                  "as-matching": "1.a,2.b,3.c", "as-ordering": "a,b,c"}


# --- the learner's keyboard ----------------------------------------------------------------

class Keyboard:
    """A keyboard-only learner: Tab to a control, then keys. Never clicks."""

    def __init__(self, lms):
        self.lms = lms
        self.keys = lms.page.keyboard

    def active(self, script: str):
        return self.lms.eval(f"() => {{ const el = document.activeElement; return {script}; }}")

    def tab_to(self, selector: str, limit: int = 80):
        for _ in range(limit):
            if self.active(f"!!el && el.matches({json.dumps(selector)})"):
                return
            self.keys.press("Tab")
        raise AssertionError(f"Tab never reached {selector}")

    def press(self, key: str):
        self.keys.press(key)

    def activate(self, selector: str):
        self.tab_to(selector)
        self.press("Enter")

    def choose_radio(self, form: str, value: str):
        """Tab into the radio group, then arrow keys until the wanted option is chosen."""
        self.tab_to(f"{form} input[type=radio]")
        for _ in range(10):
            if self.active("el.value") == value and self.active("el.checked"):
                return
            self.press("ArrowDown")
        raise AssertionError(f"could not choose {value} in {form}")

    def tick(self, form: str, values: set[str]):
        count = self.lms.eval(f"document.querySelectorAll('{form} input[type=checkbox]').length")
        self.tab_to(f"{form} input[type=checkbox]")
        for _ in range(count):
            if (self.active("el.value") in values) != self.active("el.checked"):
                self.press("Space")
            self.press("Tab")

    def choose_options(self, form: str, values: list[str]):
        """For each drop-down (in order), arrow keys until it shows the wanted value."""
        for left, value in enumerate(values):
            self.tab_to(f"{form} select[data-left='{left}']")
            for _ in range(12):
                if self.active("el.value") == value:
                    break
                self.press("ArrowDown")
            assert self.active("el.value") == value

    def type_text(self, form: str, text: str):
        self.tab_to(f"{form} input[type=text]")
        self.keys.type(text)

    def shown_order(self, form: str) -> list[str]:
        return self.lms.eval(f"[...document.querySelectorAll('{form} li[data-item]')].map(li => li.dataset.item)")

    def move_up(self, form: str, item: str):
        self.tab_to(f"{form} li[data-item='{item}'] button[data-action=up]")
        self.press("Enter")

    def order(self, form: str, wanted: list[str]):
        """Move items up until the list reads `wanted`, top to bottom.

        A learner who agrees with the order shown still moves something (and back): an ordering
        left as shown counts as not answered. The shuffle is random, so this happens about one run in five.
        """
        if self.shown_order(form) == wanted:
            self.move_up(form, wanted[1])
        for position, item in enumerate(wanted):
            for _ in range(len(wanted)):
                if self.shown_order(form).index(item) == position:
                    break
                self.move_up(form, item)


class Pointer(Keyboard):
    """The same answers given with clicks and form filling: quicker, for tests not about the keyboard."""

    def control(self, selector: str):
        return self.lms.course.locator(selector)

    def activate(self, selector: str):
        self.control(selector).click()

    def choose_radio(self, form: str, value: str):
        self.control(f"{form} input[type=radio][value='{value}']").check()

    def tick(self, form: str, values: set[str]):
        for box in self.control(f"{form} input[type=checkbox]").all():
            box.set_checked(box.get_attribute("value") in values)

    def choose_options(self, form: str, values: list[str]):
        for left, value in enumerate(values):
            self.control(f"{form} select[data-left='{left}']").select_option(value)

    def type_text(self, form: str, text: str):
        self.control(f"{form} input[type=text]").fill(text)

    def move_up(self, form: str, item: str):
        self.control(f"{form} li[data-item='{item}'] button[data-action=up]").click()


RIGHT = {
    "as-single": lambda k, f: k.choose_radio(f, "0"),
    "as-multiple": lambda k, f: k.tick(f, {"0", "1"}),
    "as-true-false": lambda k, f: k.choose_radio(f, "true"),
    "as-fill-in": lambda k, f: k.type_text(f, "  cles "),
    "as-matching": lambda k, f: k.choose_options(f, ["0", "1", "2"]),
    "as-ordering": lambda k, f: k.order(f, ["0", "1", "2"]),
}
WRONG = {
    "as-single": lambda k, f: k.choose_radio(f, "2"),
    "as-multiple": lambda k, f: k.tick(f, {"0", "2"}),
    "as-true-false": lambda k, f: k.choose_radio(f, "false"),
    "as-fill-in": lambda k, f: k.type_text(f, "CLEAR"),
    "as-matching": lambda k, f: k.choose_options(f, ["1", "0", "2"]),
    "as-ordering": lambda k, f: k.order(f, ["2", "1", "0"]),
}


# --- helpers -------------------------------------------------------------------------------

def open_assessment(lms, **launch):
    lms.launch(COURSE, **launch)
    lms.course.locator("#sb-contents a[data-page='assessment']").click()
    return lms.course.locator("section.page.is-current")


def drawn(lms) -> list[str]:
    return lms.eval("[...document.querySelectorAll('form[data-scored]:not([hidden])')].map(f => f.dataset.question)")


def interactions(cmi: dict) -> list[dict]:
    block = cmi.get("interactions") or {}
    items = block.get("childArray", block) if isinstance(block, dict) else block
    return list(items.values()) if isinstance(items, dict) else list(items)


def interaction_writes(lms) -> dict[int, dict]:
    """cmi.interactions.n.* as the course set them (they are write-only to read back, RTE 3.4.2.7)."""
    found: dict[int, dict] = {}
    for key, value in lms.set_values():
        match = re.match(r"cmi\.interactions\.(\d+)\.(.+)$", key)
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return found


def assert_valid_interactions(records: dict[int, dict]):
    for record in records.values():
        kind = record["type"]
        assert kind == INTERACTION_TYPES.get(record["id"], kind)
        assert FORMATS[kind].match(record["correct_responses.0.pattern"]), record
        if "student_response" in record:
            assert FORMATS[kind].match(record["student_response"]), record
        assert record["result"] in ("correct", "wrong")
        assert re.match(r"^\d{2}:\d{2}:\d{2}$", record["time"])
        if "latency" in record:
            assert TIMESPAN.match(record["latency"])


def start(lms, keyboard: Keyboard):
    keyboard.activate("[data-action=start]")


def submit(lms, keyboard: Keyboard):
    keyboard.activate("[data-action=submit]")


# --- knowledge checks ----------------------------------------------------------------------

@pytest.mark.parametrize("practice", [False, True], ids=["default", "practice-interactions"])
def test_knowledge_checks_give_feedback_and_record_answers_but_no_score(lms, practice_course, practice):
    lms.launch(practice_course if practice else COURSE)
    form = lms.course.locator("#q-kc-single")
    form.get_by_label("Leeds").check()
    form.get_by_role("button", name="Check answer").click()
    feedback = lms.course.locator("#q-kc-single-feedback")
    assert feedback.inner_text().startswith("Incorrect.")
    assert "Leeds is in West Yorkshire" in feedback.inner_text() and "Have another look." in feedback.inner_text()
    assert lms.focused_id() == "q-kc-single-feedback"
    assert feedback.get_attribute("aria-live") is None  # focus reads it: a live region would read it twice
    form.get_by_label("Manchester").check()
    form.get_by_role("button", name="Check answer").click()
    assert feedback.inner_text().startswith("Correct.") and "Well done." in feedback.inner_text()

    fill = lms.course.locator("#q-kc-fill-in")
    fill.get_by_label("Your answer").fill(" SIX ")
    fill.get_by_label("Your answer").press("Enter")  # Enter checks, and never leaves the page
    assert lms.course.locator("#q-kc-fill-in-feedback").inner_text().startswith("Correct.")

    empty = lms.course.locator("#q-kc-multiple")
    empty.get_by_role("button", name="Check answer").click()
    assert "Choose or type an answer first" in lms.course.locator("#q-kc-multiple-feedback").inner_text()

    records = interaction_writes(lms)
    if not practice:  # practice stays out of the LMS's reports unless the course asks
        assert records == {}
    else:
        assert [r["id"] for r in records.values()] == ["practice-kc-single", "practice-kc-single", "practice-kc-fill-in"]
        assert [r["result"] for r in records.values()] == ["wrong", "correct", "correct"]
        assert records[0]["student_response"] == "b" and records[0]["correct_responses.0.pattern"] == "a"
        assert records[2]["student_response"] == "SIX" and records[2]["type"] == "fill-in"
        assert_valid_interactions(records)
    cmi = lms.cmi()
    assert cmi["core"]["score"]["raw"] == "" and cmi["core"]["lesson_status"] == "incomplete"
    assert [e["correct"] for e in lms.events("answer")] == [False, True, True]
    lms.assert_clean()


def test_matching_and_ordering_checks_work_by_keyboard(lms, practice_course):
    lms.launch(practice_course)
    keyboard = Keyboard(lms)
    keyboard.choose_options("#q-kc-matching", ["0", "1", "2"])
    keyboard.tab_to("#q-kc-matching [data-action=check]")
    keyboard.press("Enter")
    assert lms.course.locator("#q-kc-matching-feedback").inner_text().startswith("Correct.")
    keyboard.order("#q-kc-ordering", ["0", "1", "2", "3"])
    # The moved item keeps focus, and its new place is announced.
    assert lms.eval("document.activeElement.closest('li').dataset.item") in "0123"
    assert re.match(r".+ is now number \d of 4\.", lms.course.locator("#q-kc-ordering [data-role=announce]").inner_text())
    keyboard.tab_to("#q-kc-ordering [data-action=check]")
    keyboard.press("Enter")
    assert lms.course.locator("#q-kc-ordering-feedback").inner_text().startswith("Correct.")
    records = interaction_writes(lms)
    assert [(r["type"], r["student_response"], r["result"]) for r in records.values()] == [
        ("matching", "1.a,2.b,3.c", "correct"), ("sequencing", "a,b,c,d", "correct")]
    lms.assert_clean()


# --- the assessment ------------------------------------------------------------------------

def test_a_keyboard_only_learner_passes_the_assessment(lms):
    page = open_assessment(lms, cmi={"student_data": {"mastery_score": "75"}})
    keyboard = Keyboard(lms)
    assert page.locator("form[data-scored]:visible").count() == 0  # nothing until Start
    start(lms, keyboard)
    ids = drawn(lms)
    assert len(ids) == 4 and set(ids) <= set(BANK)
    assert lms.course.locator(f"#q-{ids[0]} .question-number").inner_text().startswith("Question 1 of 4")
    for qid in ids:
        RIGHT[qid](keyboard, f"#q-{qid}")
    submit(lms, keyboard)

    title = lms.course.locator("[data-role=result-title]")
    assert title.inner_text() == "Your result: 100%"
    assert lms.eval("document.activeElement.dataset.role") == "result-title"
    assert lms.course.locator("[data-role=result-verdict]").inner_text() == "You passed. Well done."
    assert lms.course.locator("[data-action=start]").is_hidden()  # no Try again after a pass
    for qid in ids:  # right answers shown, controls locked
        assert lms.course.locator(f"#q-{qid}-answer").is_visible()
        assert lms.course.locator(f"#q-{qid}-feedback").inner_text().startswith("Correct.")
        assert lms.eval(f"[...document.querySelectorAll('#q-{qid} input, #q-{qid} select')].every(e => e.disabled)")

    cmi = lms.cmi()
    assert {k: cmi["core"]["score"][k] for k in ("raw", "min", "max")} == {"raw": "100", "min": "0", "max": "100"}
    assert cmi["core"]["lesson_status"] == "passed"
    writes = lms.set_values()  # RTE 3.4.2.2: the score is set before the status it decides
    assert writes.index(("cmi.core.score.raw", "100")) < writes.index(("cmi.core.lesson_status", "passed"))
    records = interaction_writes(lms)
    assert [r["id"] for r in records.values()] == ids
    assert all(r["result"] == "correct" for r in records.values())
    assert {r["id"]: r["correct_responses.0.pattern"] for r in records.values()} == {i: RIGHT_PATTERNS[i] for i in ids}
    assert all(r["student_response"] == r["correct_responses.0.pattern"] or r["type"] == "fill-in" for r in records.values())
    assert_valid_interactions(records)
    assert len(interactions(cmi)) == 4
    event = lms.events("assessment")[-1]
    assert event["score"] == 100 and event["passed"] is True and event["attempt"] == 1
    lms.assert_clean()


def test_a_learner_who_fails_twice_uses_up_the_attempts(lms):
    open_assessment(lms)
    keyboard = Keyboard(lms)
    start(lms, keyboard)
    first = drawn(lms)
    for qid in first:
        WRONG[qid](keyboard, f"#q-{qid}")
    submit(lms, keyboard)
    assert lms.course.locator("[data-role=result-title]").inner_text() == "Your result: 0%"
    assert lms.course.locator("[data-role=result-verdict]").inner_text() == "You did not pass this time. You need 75% to pass."
    assert lms.course.locator("[data-role=result-attempts]").inner_text() == "You have 1 attempt left."
    for qid in first:  # a multiple choice with one right choice of two is "Partly right", not "Incorrect"
        verdict = "Partly right." if qid == "as-multiple" else "Incorrect."
        assert lms.course.locator(f"#q-{qid}-feedback").inner_text().startswith(verdict)
    assert lms.cmi()["core"]["lesson_status"] == "failed"

    # Try again: a fresh draw with empty answers; submitting with none answered asks first.
    assert lms.course.get_by_role("button", name="Try again").is_visible()
    keyboard.activate("[data-action=start]")
    assert len(drawn(lms)) == 4
    assert lms.eval("[...document.querySelectorAll('form[data-scored]:not([hidden]) input')].every(i => !i.checked && !(i.type === 'text' && i.value))")
    submit(lms, keyboard)
    status = lms.course.locator("[data-role=submit-status]")
    assert status.inner_text().startswith("You have not answered") and status.get_attribute("role") == "status"
    keyboard.press("Enter")  # focus is still on Submit: a second press submits anyway

    assert lms.course.locator("[data-role=result-attempts]").inner_text() == \
        "You have used all 2 attempts. Please contact your learning team for help."
    assert lms.course.locator("[data-action=start]").is_hidden()
    cmi = lms.cmi()
    assert {k: cmi["core"]["score"][k] for k in ("raw", "min", "max")} == {"raw": "0", "min": "0", "max": "100"}
    assert cmi["core"]["lesson_status"] == "failed"
    records = interaction_writes(lms)
    assert len(records) == 8 and all(r["result"] == "wrong" for r in records.values())
    assert_valid_interactions(records)
    # Questions never answered are reported without a student_response (ordering always has one).
    assert all("student_response" not in r for r in list(records.values())[4:] if r["type"] != "sequencing")
    lms.assert_clean()


def test_an_attempt_in_progress_comes_back_on_resume(lms):
    open_assessment(lms)
    keyboard = Pointer(lms)
    start(lms, keyboard)
    ids = drawn(lms)
    order_of = "[...document.querySelectorAll('#q-{0} [data-index], #q-{0} select[data-left=\"0\"] option, #q-{0} li[data-item]')]" \
               ".map(e => e.dataset.index || e.dataset.item || e.value)"
    orders = {qid: lms.eval(order_of.format(qid)) for qid in ids}
    for qid in ids[:2]:
        RIGHT[qid](keyboard, f"#q-{qid}")
    keyboard.press("Tab")  # leave the last control, as a learner does (a text box saves on change)
    kept = lms.close_course()
    saved = json.loads(kept["suspend_data"])
    assert saved["q"]["t"] == 0 and saved["q"]["f"] == 0 and len(saved["q"]["d"]) == 4
    assert len(kept["suspend_data"]) < 400  # compact

    lms.relaunch(kept, course=COURSE)
    lms.course.locator("#sb-contents a[data-page='assessment']").click()
    assert drawn(lms) == ids
    assert {qid: lms.eval(order_of.format(qid)) for qid in ids} == orders  # shuffled order is stable
    for qid in ids[2:]:
        RIGHT[qid](keyboard, f"#q-{qid}")
    submit(lms, keyboard)
    assert lms.course.locator("[data-role=result-title]").inner_text() == "Your result: 100%"
    assert lms.cmi()["core"]["lesson_status"] == "passed"
    lms.assert_clean()


def test_a_submitted_result_is_shown_again_after_resume(lms):
    open_assessment(lms)
    keyboard = Pointer(lms)
    start(lms, keyboard)
    for qid in drawn(lms):
        WRONG[qid](keyboard, f"#q-{qid}")
    submit(lms, keyboard)
    kept = lms.close_course()
    lms.relaunch(kept, course=COURSE)
    lms.course.locator("#sb-contents a[data-page='assessment']").click()
    assert lms.course.locator("[data-role=result-title]").inner_text() == "Your result: 0%"
    assert lms.course.locator("[data-role=result-attempts]").inner_text() == "You have 1 attempt left."
    assert lms.course.get_by_role("button", name="Try again").is_visible()
    lms.assert_clean()


def test_questions_and_the_assessment_have_no_axe_violations_before_during_and_after(lms):
    lms.launch(COURSE)
    pointer = Pointer(lms)
    pointer.choose_radio("#q-kc-single", "1")
    lms.course.locator("#q-kc-single [data-action=check]").click()
    assert lms.axe() == []
    lms.course.locator("#sb-contents a[data-page='assessment']").click()
    lms.course.locator("[data-action=start]").click()
    assert lms.axe() == []
    for qid in drawn(lms):
        WRONG[qid](pointer, f"#q-{qid}")
    lms.course.locator("[data-action=submit]").click()
    assert lms.course.locator("[data-role=result-title]").inner_text() == "Your result: 0%"
    assert lms.axe() == []
