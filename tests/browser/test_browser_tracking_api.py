"""The tracking API that quiz.js uses, checked against scorm-again: scores, status, interactions,
answers and quiz state kept across launches, review and no-credit modes."""
from __future__ import annotations

import json

from browser_harness import TIMESPAN

ASSESSED = "assessed"


def status_and_score_writes(lms):
    return [(k, v) for k, v in lms.set_values() if k.startswith("cmi.core.score") or k == "cmi.core.lesson_status"]


def test_passing_the_assessment_sets_score_then_passed(lms):
    lms.launch(ASSESSED)
    result = lms.eval("ScormBuilder.tracking.setAssessmentResult(85)")
    assert result["passed"] is True and result["mastery"] == 80 and result["status"] == "passed"
    writes = status_and_score_writes(lms)
    assert writes[-4:] == [("cmi.core.score.min", "0"), ("cmi.core.score.max", "100"),
                           ("cmi.core.score.raw", "85"), ("cmi.core.lesson_status", "passed")]
    kept = lms.close_course()
    assert kept["core"]["lesson_status"] == "passed" and kept["core"]["score"]["raw"] == "85"
    assert kept["core"]["exit"] == ""
    assert lms.log()["errors"] == [] and lms.page_errors == []


def test_failing_keeps_the_learner_able_to_resume_and_the_best_attempt_counts(lms):
    lms.launch(ASSESSED)
    assert lms.eval("ScormBuilder.tracking.setAssessmentResult(50)")["status"] == "failed"
    kept = lms.close_course()
    assert kept["core"]["lesson_status"] == "failed" and kept["core"]["exit"] == "suspend"
    lms.relaunch(kept, course=ASSESSED)
    assert lms.eval("ScormBuilder.tracking.setAssessmentResult(90)")["status"] == "passed"
    assert lms.eval("ScormBuilder.tracking.setAssessmentResult(40)")["best"] == 90
    kept = lms.close_course()
    assert kept["core"]["lesson_status"] == "passed" and kept["core"]["score"]["raw"] == "90"
    lms.assert_clean()


def test_lms_mastery_score_wins_over_the_pass_mark(lms):
    lms.launch(ASSESSED, cmi={"student_data": {"mastery_score": "95"}})
    result = lms.eval("ScormBuilder.tracking.setAssessmentResult(90)")
    assert result["mastery"] == 95 and result["status"] == "failed"
    lms.assert_clean()


def test_answers_and_quiz_state_come_back_on_resume(lms):
    lms.launch(ASSESSED)
    lms.eval("""() => {
        const t = ScormBuilder.tracking;
        t.saveAnswer('fc-capital', 'a');
        t.setQuizState({attempt: 2, order: ['fc-capital']});
    }""")
    key = lms.eval("ScormBuilder.data.questions['fc-capital'].k")
    kept = lms.close_course()
    saved = json.loads(kept["suspend_data"])
    assert saved["a"] == [key + "a"] and saved["q"]["attempt"] == 2  # answers by question key (format 2)
    lms.relaunch(kept, course=ASSESSED)
    assert lms.eval("ScormBuilder.tracking.getAnswer('fc-capital')") == "a"
    assert lms.eval("ScormBuilder.tracking.getQuizState()") == {"attempt": 2, "order": ["fc-capital"]}
    # A module that registers after the restore still hears about it.
    restored = lms.eval("new Promise(r => ScormBuilder.tracking.onRestore(r))")
    assert restored["resumed"] is True and restored["answers"] == {"fc-capital": "a"}
    lms.assert_clean()


def test_record_interaction_writes_only_valid_supported_elements(lms):
    lms.launch(ASSESSED)
    # Practice (not an assessment question) stays out of the LMS unless the course asks for it.
    assert lms.eval("""ScormBuilder.tracking.recordInteraction({id: 'fc capital?', type: 'choice', result: true})""") is False
    lms.eval("ScormBuilder.data.practiceInteractions = true")  # as course.yml practice_interactions: true does
    ok = lms.eval("""ScormBuilder.tracking.recordInteraction({
        id: 'fc capital?', type: 'choice', response: 'a', correct: 'a', result: true, latencySeconds: 12.5})""")
    assert ok is True
    lms.eval("""ScormBuilder.tracking.recordInteraction({
        id: 'fc-capital', type: 'fill-in', response: 'x'.repeat(400), correct: 'y', result: 'wrong'})""")
    interactions = {k: v for k, v in lms.set_values() if k.startswith("cmi.interactions.")}
    assert interactions["cmi.interactions.0.id"] == "practice-fc_capital_"
    assert interactions["cmi.interactions.1.id"] == "fc-capital"  # an assessment question: its own id
    assert interactions["cmi.interactions.0.result"] == "correct"
    assert TIMESPAN.match(interactions["cmi.interactions.0.latency"])
    assert len(interactions["cmi.interactions.1.student_response"]) == 255
    order = [k for k, _ in lms.set_values() if k.startswith("cmi.interactions.0.")]
    assert order[0] == "cmi.interactions.0.id"
    lms.assert_clean()


def test_review_mode_changes_no_status_or_score(lms):
    lms.launch(ASSESSED, cmi={"core": {"lesson_mode": "review", "lesson_status": "passed", "entry": "resume"}})
    lms.eval("ScormBuilder.tracking.setAssessmentResult(10)")
    lms.eval("ScormBuilder.tracking.recordInteraction({id: 'q', type: 'choice', result: 'wrong'})")
    lms.next()
    lms.close_course()
    assert status_and_score_writes(lms) == []
    assert not [k for k, _ in lms.set_values() if k.startswith("cmi.interactions")]
    assert lms.log()["kept"]["core"]["lesson_status"] == "passed"
    lms.assert_clean()


def test_no_credit_records_completion_but_not_pass_or_fail(lms):
    lms.launch(ASSESSED, cmi={"core": {"credit": "no-credit"}})
    assert lms.eval("ScormBuilder.tracking.setAssessmentResult(100)")["status"] == "completed"
    kept = lms.close_course()
    assert kept["core"]["lesson_status"] == "completed"
    lms.assert_clean()


def test_odd_lms_values_are_treated_as_normal(lms):
    # An LMS that sends no credit, no lesson_mode and an unknown-looking empty entry.
    lms.launch(cmi={"core": {"credit": "", "lesson_mode": "", "entry": ""}})
    lms.next()
    lms.next()
    kept = lms.close_course()
    assert kept["core"]["lesson_status"] == "completed"
    assert lms.page_errors == []


def test_answers_to_questions_the_course_does_not_have_are_not_saved(lms):
    lms.launch(ASSESSED)
    lms.eval("""() => {
        const t = ScormBuilder.tracking;
        for (let i = 0; i < 200; i++) t.saveAnswer('no-such-question-' + i, 'a fairly long free text answer ' + i);
        t.saveAnswer('fc-capital', 'b');
        t.setQuizState({attempt: 1});
    }""")
    key = lms.eval("ScormBuilder.data.questions['fc-capital'].k")
    kept = lms.close_course()
    data = json.loads(kept["suspend_data"])
    assert len(kept["suspend_data"]) < 200
    assert data["a"] == [key + "b"] and data["q"] == {"attempt": 1}
    assert lms.log()["errors"] == []


GARBLED = ["{", "null", "42", '"text"', "[]", '{"v":3,"p":"zz"}', '{"v":2,"p":5,"a":"x","s":"high","k":7}',
           '{"v":2,"p":"\\u0000\\u0001","a":[1,null,{},"z"],"q":[]}', '{"v":1,"n":"3","p":{},"a":[]}', "x" * 4096]


def test_garbled_suspend_data_never_breaks_the_course(lms):
    for saved in GARBLED:
        lms.launch(ASSESSED, cmi={"core": {"entry": "resume", "lesson_location": "nowhere"}, "suspend_data": saved})
        assert lms.current_title() == "Introduction", saved  # a page, never a blank one
        lms.next()
        kept = lms.close_course()
        data = json.loads(kept["suspend_data"])
        assert data["v"] == 2 and kept["core"]["lesson_status"] == "incomplete", saved
        assert lms.page_errors == [], saved
