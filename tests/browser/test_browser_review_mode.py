"""A course opened in review or browse mode (RTE 3.4.2.1.10), as the learner sees it: Moodle reopens
a course whose status is failed in review mode, and records nothing from it. The learner must not be
offered an attempt that would not count, nor be shown a pass or a certificate the LMS does not hold."""
from __future__ import annotations

from browser_harness import resume_cmi
from test_quiz import COURSE, RIGHT, WRONG, Keyboard, drawn, open_assessment

NOTE = "You are reviewing this course, so an attempt now would not be recorded."


def attempt(lms, answers):
    keyboard = Keyboard(lms)
    keyboard.activate("[data-action=start]")
    for qid in drawn(lms):
        answers[qid](keyboard, f"#q-{qid}")
    keyboard.activate("[data-action=submit]")
    if lms.course.locator("[data-role=submit-status]").is_visible():
        keyboard.activate("[data-action=submit]")


def reopen(lms, mode: str, course: str = COURSE):
    cmi = resume_cmi(lms.close_course())
    cmi["core"]["lesson_mode"] = mode
    lms.launch(course, cmi=cmi)
    return lms.course.locator("section.page.is-current")


def test_a_failed_learner_reopened_for_review_sees_the_result_but_is_offered_no_attempt(lms):
    open_assessment(lms)
    attempt(lms, WRONG)
    assert lms.course.locator("[data-action=start]").inner_text() == "Try again"  # 1 of 2 attempts left
    page = reopen(lms, "review")
    assert lms.current_title() == "Final assessment"
    text = page.inner_text()
    assert "Your result: 0%" in text and "You did not pass this time." in text
    assert page.locator("[data-action=start]").is_hidden()
    assert page.locator("[data-role=review-only]").is_visible() and NOTE in text
    assert all("Your answer:" in lms.course.locator(f"#q-{q}-feedback").inner_text() for q in drawn(lms))
    finish = lms.course.locator("#sb-finish")
    assert finish.locator("h2").inner_text() == "Before you finish"
    assert "nothing you do now is recorded" in finish.inner_text()
    assert lms.course.locator("#sb-certificate").is_hidden()
    assert lms.axe() == []
    kept = lms.close_course()
    assert kept["core"]["lesson_status"] == "failed" and kept["core"]["score"]["raw"] == "0"
    lms.assert_clean()


def test_a_learner_who_passed_still_gets_the_certificate_in_review(lms):
    open_assessment(lms)
    attempt(lms, RIGHT)
    page = reopen(lms, "review")
    assert "Your result: 100%" in page.inner_text()
    assert page.locator("[data-role=review-only]").is_hidden() and page.locator("[data-action=start]").is_hidden()
    assert lms.course.locator("#sb-finish h2").inner_text() == "Course complete"
    assert "100%" in lms.course.locator("#sb-certificate").inner_text()
    lms.assert_clean()


def test_browse_mode_shows_every_page_but_neither_the_assessment_nor_a_completion(lms):
    lms.launch("contract-all-pages")
    reopen(lms, "browse", "contract-all-pages")
    for _ in range(2):
        lms.next()
    assert lms.position() == "Page 3 of 3"
    finish = lms.course.locator("#sb-finish")
    # Every page seen, but the LMS still holds "incomplete": no "Course complete", no certificate.
    assert finish.locator("h2").inner_text() == "Before you finish"
    assert "nothing you do now is recorded" in finish.inner_text()
    assert lms.course.locator("#sb-certificate").is_hidden()
    page = lms.course.locator("section.page.is-current")
    assert page.locator("[data-action=start]").is_hidden() and page.locator("[data-role=review-only]").is_visible()
    assert lms.course.locator("form[data-scored]:visible").count() == 0
    assert lms.close_course()["core"]["lesson_status"] == "incomplete"
    lms.assert_clean()
