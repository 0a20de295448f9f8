"""The build's worst-case suspend_data (builder/suspend_data.py) is honest: a learner who does
everything the Social Value course allows — every page, every knowledge check with its longest
answer, all three assessment attempts with the longest answers — leaves scorm-again holding no
more than the build worked out, in exactly the encoding the build mirrors."""
from __future__ import annotations

import json

from browser_harness import ROOT
from builder.loader import load_course
from builder.suspend_data import MAX_FILL_IN, MAX_SUSPEND_DATA, STATUS_CODES, encode, runtime_length, worst_case

COURSE = "social-value"
LONGEST_TEXT = '"' * (MAX_FILL_IN + 45)  # more than the box takes; each '"' costs 2 characters in JSON


def give_longest_answer(lms, form):
    """The answer quiz.js saves with the most characters, for the form's question type."""
    kind = form.get_attribute("data-type")
    if kind in ("single", "true-false"):
        form.locator("input[type=radio]").first.check()
    elif kind == "multiple":
        for box in form.locator("input[type=checkbox]").all():
            box.check()
    elif kind == "fill-in":
        form.locator("input[type=text]").fill(LONGEST_TEXT)
    elif kind == "matching":
        for select in form.locator("select[data-left]").all():
            select.select_option(index=1)  # every item matched: one letter each, never '-'
    # ordering: the order shown is an answer, one letter per item


def test_a_learner_doing_everything_stays_within_the_worst_case_the_build_computed(lms):
    worst = worst_case(load_course(ROOT / "courses" / COURSE))
    lms.launch(COURSE)
    page_count = lms.eval("ScormBuilder.data.pages.length")
    for number in range(page_count):
        if number:
            lms.next()
        current = lms.course.locator("section.page.is-current")
        for form in current.locator("form[data-question]:not([data-scored])").all():
            give_longest_answer(lms, form)
            form.locator("[data-action=check]").click()

    assert lms.current_title() == "Final assessment"
    for attempt in range(3):
        lms.course.locator("[data-action=start]").click()
        for form in lms.course.locator("form[data-scored]:not([hidden])").all():
            give_longest_answer(lms, form)
        lms.course.locator("[data-action=submit]").click()
        assert lms.course.locator("[data-role=result-verdict]").inner_text().startswith("You did not pass")
    assert lms.course.locator("[data-role=result-attempts]").inner_text().startswith("You have used all 3 attempts")

    held = lms.cmi()["suspend_data"]
    saved = json.loads(held)
    print(f"\nsocial-value suspend_data: {runtime_length(held)} characters held by scorm-again, "
          f"{worst.length} worst case computed at build, {MAX_SUSPEND_DATA} allowed")
    # The learner really got there: every page, every question answered, every attempt used.
    worst_data = json.loads(worst.text)
    assert saved["p"] == worst_data["p"] and saved["q"]["t"] == 3 and saved["q"]["b"] == worst_data["q"]["b"]
    keys = lms.eval("Object.fromEntries(Object.entries(ScormBuilder.data.questions).map(([id, q]) => [id, q.k]))")
    drawn = lms.eval("ScormBuilder.data.assessment.questions")
    checks = {keys[id] for id in keys if id not in drawn}
    assert [entry[:2] for entry in saved["a"]] == [keys[drawn[i]] for i in saved["q"]["d"]] + [
        entry[:2] for entry in saved["a"] if entry[:2] in checks]  # the assessment first, then practice
    assert {entry[:2] for entry in saved["a"]} >= checks
    assert all(entry[2:] == '"' * MAX_FILL_IN for entry in saved["a"] if entry[2:].startswith('"'))
    # The build's mirror writes what the runtime wrote, character for character...
    status = {code: name for name, code in STATUS_CODES.items()}[saved["k"]]
    pages = [saved["p"][i:i + 2] for i in range(0, len(saved["p"]), 2)]
    assert encode(saved["c"], status, pages, saved.get("s"), saved["a"], [], saved["q"]) == held
    # ...and what the LMS holds is within what the build allowed for.
    assert runtime_length(held) <= worst.length <= MAX_SUSPEND_DATA
    lms.assert_clean()
