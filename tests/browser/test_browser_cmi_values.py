"""What the runtime writes to the LMS at the edges of the SCORM 1.2 data model (RTE 3.4.2), under
scorm-again, which checks every value: text a learner pastes into a fill-in answer."""
from __future__ import annotations

from test_quiz import assert_valid_interactions, interaction_writes, practice_course  # noqa: F401 (fixture)


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
    lms.page.wait_for_function("() => window.lmsLog.kept && window.lmsLog.kept.suspend_data.includes('six seven eight')")
    lms.assert_clean()
