"""What the runtime writes to the LMS at the edges of the SCORM 1.2 data model (RTE 3.4.2), under
scorm-again, which checks every value: text a learner pastes into a fill-in answer, the latency of
an answer given in an earlier session."""
from __future__ import annotations

from browser_harness import TIMESPAN
from test_quiz import (COURSE, RIGHT, Keyboard, assert_valid_interactions, drawn, interaction_writes, open_assessment,
                       practice_course)  # noqa: F401 (practice_course is a fixture)


def test_a_pasted_line_break_in_a_fill_in_answer_reaches_the_lms_as_a_space(lms, practice_course):
    # A text box drops newlines but keeps U+2028/U+2029 (text pasted from a word processor can hold
    # them). A one-line CMI value cannot: scorm-again refused the whole student_response (405).
    lms.launch(practice_course)
    answer = lms.course.locator("#q-kc-fill-in").get_by_label("Your answer")
    answer.fill("six\u2028seven\u2029eight")
    answer.press("Enter")
    assert lms.course.locator("#q-kc-fill-in-feedback").inner_text().startswith("Incorrect.")
    [record] = interaction_writes(lms).values()
    assert record["student_response"] == "six seven eight"
    assert_valid_interactions({0: record})
    assert "six seven eight" in lms.close_course()["suspend_data"]  # the saved answer, restored on resume
    lms.assert_clean()


def test_an_answer_kept_from_an_earlier_session_is_sent_without_a_latency(lms):
    # cmi.interactions.n.latency is the time from seeing a question to answering it (RTE 3.4.2.7.9).
    # For an answer given before the learner closed the course that time is not known; the runtime
    # sent 0 (the learner tabbed past the question on the way to Submit), a false "answered at once".
    open_assessment(lms)
    keyboard = Keyboard(lms)
    keyboard.activate("[data-action=start]")
    first, *others = drawn(lms)
    RIGHT[first](keyboard, f"#q-{first}")
    lms.relaunch(lms.close_course(), course=COURSE)
    assert drawn(lms) == [first, *others]
    for qid in others:
        RIGHT[qid](keyboard, f"#q-{qid}")
    keyboard.activate("[data-action=submit]")
    assert lms.course.locator("[data-role=result-title]").inner_text() == "Your result: 100%"
    records = {r["id"]: r for r in interaction_writes(lms).values()}
    assert sorted(records) == sorted([first, *others])
    assert "latency" not in records[first]
    assert all(TIMESPAN.match(records[qid]["latency"]) for qid in others)
    assert_valid_interactions(records)
    lms.assert_clean()
