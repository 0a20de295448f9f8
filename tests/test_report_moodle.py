"""``scorm-builder report`` on the real Moodle 4.5 exports in ../shared: every figure is checked
against ground-truth.json, i.e. what each of the eight test learners actually answered."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from builder.loader import load_course
from report_helpers import COURSE, GRADEBOOK, INTERACTIONS, MOODLE, REPO, chosen, ground_truth, run


@pytest.fixture(scope="module")
def truth() -> dict:
    return ground_truth()


@pytest.fixture(scope="module")
def report() -> dict:
    result = run("report", INTERACTIONS, GRADEBOOK, "--course", COURSE, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # the real exports read without a single problem
    return json.loads(result.stdout)


def expected_answers(truth: dict) -> dict[tuple[str, str], list[dict]]:
    """(kind, question id) -> every learner's answer, from the ground truth."""
    answers: dict[tuple[str, str], list[dict]] = {}
    for student in truth["students"]:
        for answer in student["knowledge_checks"]:
            answers.setdefault(("practice", answer["question"]), []).append(answer)
        for answer in (student.get("final_assessment") or {}).get("answers", []):
            answers.setdefault(("assessment", answer["question"]), []).append(answer)
    return answers


def by_key(report: dict) -> dict[tuple[str, str], dict]:
    return {(question["kind"], question["id"]): question for question in report["questions"]}


def test_every_question_answered_is_reported_once_with_its_kind(report, truth):
    assert sorted(by_key(report)) == sorted(expected_answers(truth))
    assert len(report["questions"]) == len(by_key(report))


def test_learners_and_facility_per_question_match_what_learners_answered(report, truth):
    questions = by_key(report)
    for key, answers in expected_answers(truth).items():
        right = sum(answer["intended_correct"] for answer in answers)
        assert questions[key]["learners"] == len(answers), key
        assert questions[key]["facility"] == pytest.approx(right / len(answers), abs=1e-4), key


def test_option_counts_match_what_learners_chose(report, truth):
    questions = by_key(report)
    for key, answers in expected_answers(truth).items():
        expected = Counter(text for answer in answers for text in chosen(answer))
        counted = {text: count for text, count in questions[key]["options"].items() if count}
        assert counted == dict(expected), key


def test_every_option_of_a_choice_question_is_listed_even_when_nobody_chose_it(report):
    course = load_course(COURSE)
    questions = by_key(report)
    for question in course.questions:
        kind = "assessment" if question.scored else "practice"
        if question.type in ("single", "multiple") and (kind, question.id) in questions:
            assert list(questions[(kind, question.id)]["options"]) == [option.text for option in question.options]


def test_pass_rate_and_learners_match_the_outcomes(report, truth):
    students = truth["students"]
    passed = sum(student["outcome"] == "passed" for student in students)
    finished = sum(bool(student.get("final_assessment")) for student in students)
    assert report["course"]["learners"] == len(students)
    assert report["course"]["passed"] == passed
    assert report["course"]["finished"] == finished
    assert report["course"]["pass_rate"] == pytest.approx(passed / len(students), abs=1e-4)
    scores = sorted(student["final_assessment"]["score_percent"] for student in students if student.get("final_assessment"))
    assert sorted(report["course"]["scores"]) == scores


def test_each_question_points_at_its_id_line_in_the_course(report):
    for question in report["questions"]:
        path, line = question["source"].rsplit(":", 1)
        assert (REPO / path).read_text(encoding="utf-8").splitlines()[int(line) - 1] == f"id: {question['id']}"


def test_the_learner_who_left_is_shown_at_the_page_of_their_last_answer(report, truth):
    left = [s for s in truth["students"] if not s.get("final_assessment")]
    last_question = left[0]["knowledge_checks"][-1]["question"]
    course = load_course(COURSE)
    page = next(p for p in course.pages if any(q.id == last_question for q in p.questions))
    assert report["course"]["stopped_at"] == [{"page": f"{page.number}. {page.title}", "learners": len(left)}]


def test_flags_name_the_wrong_option_picked_more_than_the_right_one(report, truth):
    """fa-policy-adopted: three learners chose "January 2013" on purpose, more than chose the right one."""
    answers = expected_answers(truth)[("assessment", "fa-policy-adopted")]
    wrong = Counter(a["answer"] for a in answers if not a["intended_correct"]).most_common(1)[0]
    right = sum(a["intended_correct"] for a in answers)
    assert wrong[1] > right  # the data the flag is about
    flags = by_key(report)[("assessment", "fa-policy-adopted")]["flags"]
    assert {"code": "wrong-option-preferred",
            "message": f"The wrong option \u201c{wrong[0]}\u201d was picked more often ({wrong[1]}) than the right option "
                       f"\u201cNovember 2014\u201d ({right}). The page or the question may be misleading learners."} in flags


def test_practice_prefixed_ids_and_bare_ids_give_the_same_figures(report, tmp_path, truth):
    """Packages built with practice_interactions send knowledge checks as practice-<id>."""
    checks = {a["question"] for s in truth["students"] for a in s["knowledge_checks"]}
    lines = INTERACTIONS.read_text(encoding="utf-8").split("\n")
    renamed = ["\t".join(f"practice-{cell}" if cell in checks else cell for cell in line.split("\t")) for line in lines]
    export = tmp_path / "interactions.txt"
    export.write_text("\n".join(renamed), encoding="utf-8")
    assert "practice-definition-check" in export.read_text(encoding="utf-8")
    result = run("report", export, GRADEBOOK, "--course", COURSE, "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    again = json.loads(result.stdout)
    assert again["questions"] == report["questions"]


def test_the_basic_and_objectives_reports_give_the_same_course_figures(report):
    result = run("report", MOODLE / "scorm-objectives-report.txt", "--course", COURSE, "--format", "json")
    assert result.exit_code == 0, result.output
    course = json.loads(result.stdout)["course"]
    assert (course["learners"], course["passed"], course["finished"]) == (
        report["course"]["learners"], report["course"]["passed"], report["course"]["finished"])


def test_the_text_summary_lists_flags_at_their_source_lines():
    result = run("report", INTERACTIONS, GRADEBOOK, "--course", COURSE)
    assert result.exit_code == 0
    assert result.stdout.startswith("Social Value in Greater Manchester Procurement: 8 learners, 7 finished, 4 passed (50%)")
    line = next(q.line for q in load_course(COURSE).questions if q.id == "fa-policy-adopted")
    assert f"courses/social-value/16-final-assessment.md:{line}: fa-policy-adopted (assessment): The wrong option" \
        in result.stdout


@pytest.mark.parametrize("extension", ["xlsx", "ods"])
def test_the_excel_and_ods_downloads_give_the_same_report(report, extension):
    result = run("report", MOODLE / f"scorm-interactions-report.{extension}", MOODLE / f"gradebook-export.{extension}",
                 "--course", COURSE, "--format", "json")
    assert result.exit_code == 0 and result.stderr == "", result.output
    again = json.loads(result.stdout)
    assert again["questions"] == report["questions"]
    assert again["course"]["pass_rate"] == report["course"]["pass_rate"]
    assert again["course"]["scores"] == report["course"]["scores"]
