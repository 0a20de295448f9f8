"""Question blocks and assessment settings: what authors write, what the model holds, every
mistake reported as ``path:line: message``, and the markup learners get."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.build import build_course
from builder.cli import cli
from builder.loader import load_course
from builder.model import Option, Pair
from builder.problems import BuildError
from builder.render import course_data, display_order, render_course
from course_helpers import REPO, SOCIAL_VALUE, page, snapshot, write_course, zip_text

BROKEN_QUIZZES = REPO / "tests" / "fixtures" / "broken-quizzes"
QUIZ_COURSE = REPO / "tests" / "browser" / "fixtures" / "courses" / "quiz-course"


def question_page(*blocks: str, title: str = "Checks", extra: str = "") -> str:
    return page(title, "Some text.\n\n" + "\n\n".join(f"```question\n{b.strip()}\n```" for b in blocks), extra)


def problems_of(tmp_path: Path, pages: dict[str, str]) -> list[str]:
    """Every problem of a small course, as the CLI prints it but with paths relative to the course."""
    folder = write_course(tmp_path / "course", pages)
    with pytest.raises(BuildError) as error:
        load_course(folder)
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in error.value.problems]


def only_question(tmp_path: Path, block: str):
    course = load_course(write_course(tmp_path / "course", {"01-checks.md": question_page(block)}))
    [question] = course.questions
    return question


# --- parsing: every type -------------------------------------------------------------------

def test_single_choice_keeps_options_feedback_and_hint(tmp_path):
    question = only_question(tmp_path, """
type: single
prompt: Which city?
options:
  - text: Manchester
    correct: true
    feedback: Yes.
  - text: Leeds
hint: Think of the name.
feedback: {correct: Well done., incorrect: Look again.}
""")
    assert question.id == "checks-q1"  # default: <page id>-q<n>
    assert (question.type, question.prompt, question.hint) == ("single", "Which city?", "Think of the name.")
    assert question.options == (Option("Manchester", True, "Yes."), Option("Leeds", False, ""))
    assert (question.feedback_correct, question.feedback_incorrect) == ("Well done.", "Look again.")
    assert question.scored is False


def test_multiple_true_false_fill_in_matching_and_ordering_are_read(tmp_path):
    course = load_course(write_course(tmp_path / "course", {"01-checks.md": question_page(
        "id: boroughs\ntype: multiple\nprompt: Boroughs?\noptions:\n  - {text: Bolton, correct: true}\n"
        "  - {text: Wigan, correct: true}\n  - text: Chester",
        "type: true-false\nprompt: True?\nanswer: false",
        "type: fill-in\nprompt: How many?\nanswers: [6, '  six ']",
        "type: fill-in\nprompt: Short name?\nanswers: CLES",
        "type: matching\nprompt: Match.\npairs:\n  - {left: A, right: '1'}\n  - {left: B, right: '2'}",
        "type: ordering\nprompt: Order.\nitems: [First, Second, Third]",
    )}))
    multiple, true_false, fill_in, one_answer, matching, ordering = course.questions
    assert multiple.id == "boroughs" and [o.correct for o in multiple.options] == [True, True, False]
    assert true_false.id == "checks-q2" and true_false.answer is False
    assert fill_in.answers == ("6", "six")
    assert one_answer.answers == ("CLES",)
    assert matching.pairs == (Pair("A", "1"), Pair("B", "2"))
    assert ordering.items == ("First", "Second", "Third")


def test_questions_on_the_assessment_page_are_scored_and_settings_are_read(tmp_path):
    course = load_course(write_course(tmp_path / "course", {
        "01-intro.md": question_page("type: true-false\nprompt: Check?\nanswer: true"),
        "02-final.md": question_page("type: true-false\nprompt: One?\nanswer: true",
                                     "type: true-false\nprompt: Two?\nanswer: false", title="Final",
                                     extra="assessment: {pass_mark: 75.0, draw: 1, attempts: 2, shuffle: true}\n"),
    }))
    assert [q.scored for q in course.questions] == [False, True, True]
    settings = course.assessment_page.assessment
    assert (settings.pass_mark, settings.draw, settings.attempts, settings.shuffle, settings.show_answers) == (75, 1, 2, True, True)
    assert isinstance(settings.pass_mark, int)  # so the manifest says 75, not 75.0


@pytest.mark.parametrize("setting", ["assessment:", "assessment: yes", "assessment: true"])
def test_assessment_alone_or_yes_makes_the_assessment_with_every_default(tmp_path, setting):
    # Both read as "make this the assessment"; they were "'assessment' must be settings such as ...".
    final = question_page("type: true-false\nprompt: P\nanswer: true", title="Final", extra=setting + "\n")
    course = load_course(write_course(tmp_path / "course", {"01-final.md": final}))
    settings = course.assessment_page.assessment
    assert (settings.pass_mark, settings.draw, settings.attempts, settings.line) == (80, None, None, 3)


def test_assessment_no_is_an_ordinary_page(tmp_path):
    final = question_page("type: true-false\nprompt: P\nanswer: true", title="Final", extra="assessment: no\n")
    course = load_course(write_course(tmp_path / "course", {"01-final.md": final}))
    assert course.assessment_page is None and [q.scored for q in course.questions] == [False]


def test_assessment_defaults_use_every_question_with_unlimited_attempts(tmp_path):
    course = load_course(write_course(tmp_path / "course", {
        "01-final.md": question_page("type: true-false\nprompt: One?\nanswer: true", extra="assessment: {}\n")}))
    settings = course.assessment_page.assessment
    assert (settings.pass_mark, settings.draw, settings.attempts, settings.shuffle) == (80, None, None, False)


def test_times_and_numbers_keep_the_text_the_author_typed(tmp_path):
    # YAML reads 10:00 as 600 (base 60), 1.50 as 1.5 and 0x1F as 31: a learner would see "600" and
    # be marked wrong for typing "12:30". Booleans are still refused (test_each_mistake_is_reported_at_its_line).
    course = load_course(write_course(tmp_path / "course", {"01-checks.md": question_page("""
id: opening
type: single
prompt: 1984
options:
  - text: 08:30
    correct: true
    feedback: 1.50
  - text: 1.50
  - text: 0x1F
""", """
id: typed
type: fill-in
prompt: When does it close?
answers: [12:30, 1.10, 007]
""", """
id: one-answer
type: fill-in
prompt: When does it open?
answers: 10:00
""", """
id: times
type: ordering
prompt: Put them in order.
items:
  - 09:00
  - 10:00
  - 11:30
""", """
id: pairs
type: matching
prompt: Match them.
pairs:
  - left: 10:00
    right: 1.50
  - left: 11:30
    right: 2.00
""")}))
    opening, typed, one_answer, times, pairs = course.questions
    assert opening.prompt == "1984"
    assert opening.options == (Option("08:30", True, "1.50"), Option("1.50", False, ""), Option("0x1F", False, ""))
    assert typed.answers == ("12:30", "1.10", "007")
    assert one_answer.answers == ("10:00",)
    assert times.items == ("09:00", "10:00", "11:30")
    assert pairs.pairs == (Pair("10:00", "1.50"), Pair("11:30", "2.00"))


def test_a_question_type_in_capitals_is_that_type(tmp_path):
    question = only_question(tmp_path, "type: True-False\nprompt: P\nanswer: true")
    assert question.type == "true-false"


@pytest.mark.parametrize("written, hint", [
    ("truefalse", "; did you mean 'true-false'?"),
    ("fill in the blank", "; did you mean 'fill-in'?"),
    ("match", "; did you mean 'matching'?"),
    ("multiple choice", "; did you mean 'single' or 'multiple'?"),
    ("singel", "; did you mean 'single'?"),
    ("essay", ""),
])
def test_a_type_named_as_other_tools_name_it_says_which_type_is_meant(tmp_path, written, hint):
    text = question_page(f"type: {written}\nprompt: P\nanswer: true")
    assert problems_of(tmp_path, {"01-checks.md": text}) == [
        f"01-checks.md:7: unknown question type '{written}': use one of: single, multiple, true-false, fill-in, "
        f"matching, ordering{hint}"]


def test_an_indented_question_block_is_a_mistake_not_code_for_learners(tmp_path):
    # Indented under a list item, it became a code block showing the YAML, answer and all.
    text = page("Checks", "1. Step one\n\n    ```question\n    type: true-false\n    prompt: P\n    answer: true\n    ```\n")
    assert problems_of(tmp_path, {"01-checks.md": text}) == [
        "01-checks.md:6: this question block is indented, so learners would see it as code: start its lines at the left edge"]


def test_a_question_fence_in_capitals_is_a_question(tmp_path):
    course = load_course(write_course(tmp_path / "course", {"01-checks.md": page(
        "Checks", "Text.\n\n```Question\nid: caps\ntype: true-false\nprompt: P\nanswer: true\n```\n")}))
    assert [question.id for question in course.questions] == ["caps"]


@pytest.mark.parametrize("word", ["questions", "qestion", "quiz"])
def test_a_fence_marked_nearly_question_is_a_mistake_not_code_for_learners(tmp_path, word):
    # It used to become a code block: learners saw the YAML, answers included.
    text = page("Checks", f"Text.\n\n```{word}\ntype: true-false\nprompt: P\nanswer: true\n```\n\n```python\nx = 1\n```\n")
    assert problems_of(tmp_path, {"01-checks.md": text}) == [
        f"01-checks.md:6: this block is marked '{word}', so learners would see it as code: start a question with ```question"]


# --- the broken-quiz corpus, through the command line ----------------------------------------

@pytest.mark.parametrize("case", sorted(p.name for p in BROKEN_QUIZZES.iterdir() if p.is_dir()))
def test_broken_quizzes_print_every_problem_exit_1_and_write_nothing(case, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)  # problems show paths relative to where the command runs
    folder = BROKEN_QUIZZES / case
    out = tmp_path / "dist"
    out.mkdir()
    (out / "earlier.zip").write_bytes(b"an earlier build")
    before = snapshot(out)
    result = CliRunner().invoke(cli, ["build", str(folder.relative_to(REPO)), "--out", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    printed = [line for line in result.stderr.splitlines() if not line.endswith("nothing was written for it.")]
    assert printed == (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert snapshot(out) == before


# --- single rules, each with its exact message ---------------------------------------------

@pytest.mark.parametrize("block, expected", [
    ("prompt: No type?", "01-checks.md:7: the question needs 'type:', one of: single, multiple, true-false, fill-in, matching, ordering"),
    ("type: single\nprompt: ''\noptions: [{text: A, correct: true}, {text: B}]", "01-checks.md:8: the question needs a 'prompt:' (the question itself)"),
    ("type: single\nprompt: P\noptions: [{text: A}, {text: B}]", "01-checks.md:9: no option is marked 'correct: true'"),
    ("type: single\nprompt: P\noptions: Yes or no", "01-checks.md:9: 'options' must be a list, one '- ...' line per entry"),
    ("type: single\nprompt: P", "01-checks.md:7: a single question needs 'options:', a list of '- text: ...' entries"),
    ("type: single\nprompt: P\noptions:\n  - {text: A, correct: true}\n  - {text: A}", "01-checks.md:11: option 'A' is given twice (also line 10)"),
    ("type: multiple\nprompt: P\noptions:\n  - {text: A, correct: true}", "01-checks.md:9: a multiple question needs at least 2 options"),
    ("type: true-false\nprompt: P\nanswer: yes please", "01-checks.md:9: a true-false question needs 'answer: true' or 'answer: false'"),
    ("type: true-false\nprompt: P", "01-checks.md:7: a true-false question needs 'answer: true' or 'answer: false'"),
    ("type: fill-in\nprompt: P\nanswers: [six, '']", "01-checks.md:9: accepted answer 2 is empty"),
    ("type: fill-in\nprompt: P\nanswers: [yes]", "01-checks.md:9: accepted answer 1 was read as true: put the text in quotes, like \"Yes\""),
    ("type: matching\nprompt: P\npairs:\n  - {left: A}\n  - {left: B, right: C}", "01-checks.md:10: pair 1 has no 'right:': each pair needs both 'left:' and 'right:'"),
    ("type: matching\nprompt: P\npairs:\n  - {right: A}\n  - {left: B, right: C}", "01-checks.md:10: pair 1 has no 'left:': each pair needs both 'left:' and 'right:'"),
    ("type: matching\nprompt: P\npairs:\n  - {left: A, right: C}\n  - {left: B, right: C}", "01-checks.md:11: 'C' is on the right of two pairs (also line 10): each answer must match exactly one item"),
    ("type: matching\nprompt: P\npairs:\n  - {left: A, right: C}\n  - {left: B, right: D, colour: red}", "01-checks.md:11: unknown key 'colour' in a pair (use: left, right)"),
    ("type: ordering\nprompt: P\nitems: [A]", "01-checks.md:9: an ordering question needs at least 2 items"),
    ("type: ordering\nprompt: P\nitems:\n  - A\n  - ''", "01-checks.md:11: item 2 is empty"),
    ("type: ordering\nprompt: P\nitems: [A, B]\nfeedback: {correct: Good, wrong: Bad}", "01-checks.md:10: unknown key 'wrong' in feedback (use: correct, incorrect)"),
    ("type: true-false\nprompt: P\nanswer: true\nfeedbak: {correct: Yes}", "01-checks.md:10: unknown key 'feedbak' in a true-false question; did you mean 'feedback'?"),
    ("type: single\nprompt: P\noptions:\n  - {text: A, corect: true}\n  - {text: B, correct: true}", "01-checks.md:10: unknown key 'corect' in an option; did you mean 'correct'?"),
    ("type: single\nprompt: P\noptions:\n  - {text: A, correct: \"true\"}\n  - {text: B, correct: true}", "01-checks.md:10: 'correct' must be true or false, without quotes"),
    ("type: ordering\nprompt: P\nitems: [A, B]\noptions: [C]", "01-checks.md:10: unknown key 'options' in an ordering question (use: id, type, prompt, hint, feedback, show_answer, items)"),
    ("id: q_1\ntype: true-false\nprompt: P\nanswer: true", "01-checks.md:7: question id 'q_1' must be lower-case letters, digits and hyphens, with no spaces, like 'q-1'"),
])
def test_each_mistake_is_reported_at_its_line(tmp_path, block, expected):
    # The block's first YAML line is line 7 of the page (front matter, text, blank line, fence).
    assert problems_of(tmp_path, {"01-checks.md": question_page(block)}) == [expected]


def test_question_ids_longer_than_a_cmi_identifier_are_refused(tmp_path):
    long_id = "a" * 256
    assert problems_of(tmp_path, {"01-checks.md": question_page(f"id: {long_id}\ntype: true-false\nprompt: P\nanswer: true")}) == [
        "01-checks.md:7: question id is 256 characters; SCORM 1.2 allows at most 255"]


def test_fill_in_answers_that_would_overflow_the_interaction_fields_are_refused(tmp_path):
    answer = "x" * 256
    assert problems_of(tmp_path, {"01-checks.md": question_page(f"type: fill-in\nprompt: P\nanswers: [ok, {answer}]")}) == [
        "01-checks.md:9: accepted answer 2 is 256 characters; SCORM 1.2 records at most 255"]


def test_more_choices_than_one_letter_each_can_name_are_refused(tmp_path):
    items = "\n".join(f"  - item {n}" for n in range(27))
    assert problems_of(tmp_path, {"01-checks.md": question_page(f"type: ordering\nprompt: P\nitems:\n{items}")}) == [
        "01-checks.md:36: at most 26 items: SCORM 1.2 reports each as one letter, a to z"]


def test_duplicate_question_ids_name_the_first_use(tmp_path):
    block = "id: same\ntype: true-false\nprompt: P\nanswer: true"
    assert problems_of(tmp_path, {"01-a.md": question_page(block), "02-b.md": question_page(block)}) == [
        "02-b.md:7: duplicate question id 'same': already used at 01-a.md:7"]


def test_an_assessment_page_without_questions_is_refused(tmp_path):
    assert problems_of(tmp_path, {"01-final.md": page("Final", "No questions.", "assessment:\n  pass_mark: 80\n")}) == [
        "01-final.md:3: the assessment page has no questions: add ```question blocks to it"]


@pytest.mark.parametrize("settings, expected", [
    ("assessment: 80\n", "01-final.md:3: 'assessment' must be settings such as 'pass_mark: 80'"),
    ("assessment:\n  pass_mark: -1\n", "01-final.md:4: pass_mark must be a number from 0 to 100 (a percentage), not '-1'"),
    ("assessment:\n  pass_mark: true\n", "01-final.md:4: pass_mark must be a number from 0 to 100 (a percentage), not 'true'"),
    ("assessment:\n  draw: 2\n", "01-final.md:4: draw is 2 but the page has only 1 question"),
    ("assessment:\n  draw: many\n", "01-final.md:4: draw must be a whole number of questions, at least 1 (leave it out to use them all)"),
    ("assessment:\n  show_answers: sometimes\n", "01-final.md:4: show_answers must be true or false"),
    # What authors write for "80 per cent": say what to change, not only what is wrong.
    ("assessment:\n  pass_mark: 80%\n", "01-final.md:4: pass_mark must be a number from 0 to 100 (a percentage), "
                                        "not '80%': write it as a plain number, without the % sign: pass_mark: 80"),
    ("assessment:\n  pass_mark: \"75.5\"\n", "01-final.md:4: pass_mark must be a number from 0 to 100 (a percentage), "
                                             "not '75.5': write it as a plain number, without quotes: pass_mark: 75.5"),
    ("assessment:\n  pass_mark: 101%\n", "01-final.md:4: pass_mark must be a number from 0 to 100 (a percentage), not '101%'"),
    ("assessment:\n  passmark: 80\n", "01-final.md:4: unknown assessment setting 'passmark'; did you mean 'pass_mark'?"),
])
def test_each_assessment_mistake_is_reported_at_its_line(tmp_path, settings, expected):
    final = question_page("type: true-false\nprompt: P\nanswer: true", title="Final", extra=settings)
    assert problems_of(tmp_path, {"01-final.md": final}) == [expected]


# --- what the package holds ----------------------------------------------------------------

@pytest.fixture(scope="module")
def quiz_index(tmp_path_factory) -> str:
    result = build_course(QUIZ_COURSE, tmp_path_factory.mktemp("dist"))
    return zip_text(result.zip_path, "index.html")


def fragment(index: str, question_id: str) -> str:
    match = re.search(rf'<form [^>]*id="q-{question_id}".*?</form>', index, re.S)
    assert match, question_id
    return match.group(0)


def test_every_question_is_a_fieldset_whose_legend_is_the_prompt(quiz_index):
    for qid, prompt in (("kc-single", "Which city is the home"), ("kc-ordering", "Put these stages in order.")):
        html = fragment(quiz_index, qid)
        assert "<fieldset>" in html and re.search(rf'<legend class="question-prompt">{prompt}', html)
        assert f'<div class="question-feedback" id="q-{qid}-feedback" tabindex="-1"></div>' in html  # focused, not live


def test_every_input_and_drop_down_has_a_label(quiz_index):
    for qid in ("kc-single", "kc-multiple", "kc-true-false", "kc-fill-in", "kc-matching"):
        html = fragment(quiz_index, qid)
        controls = re.findall(r'<(?:input|select) [^>]*id="([^"]+)"', html)
        assert controls, qid
        for control in controls:
            assert f'<label for="{control}">' in html, control
    assert 'type="checkbox"' in fragment(quiz_index, "kc-multiple") and 'type="radio"' in fragment(quiz_index, "kc-single")
    assert 'maxlength="255"' in fragment(quiz_index, "kc-fill-in")


def test_ordering_items_have_named_move_buttons_and_start_out_of_order(quiz_index):
    html = fragment(quiz_index, "kc-ordering")
    assert html.count('data-action="up">Move up<span class="visually-hidden">: ') == 4
    assert html.count('data-action="down">Move down') == 4
    shown = re.findall(r'data-item="(\d+)"', html)
    assert sorted(shown) == ["0", "1", "2", "3"] and shown != ["0", "1", "2", "3"]


def test_the_hint_is_behind_a_details_element_and_knowledge_checks_have_a_check_button(quiz_index):
    html = fragment(quiz_index, "kc-single")
    assert "<details class=\"question-hint\">\n<summary>Hint</summary>\n<p>It gives the area its name.</p>" in html
    assert '<button type="submit" data-action="check">Check answer</button>' in html


def test_the_assessment_page_has_start_and_submit_and_shows_answers_after(quiz_index):
    assert quiz_index.count('data-assessment="start"') == 1 and quiz_index.count('data-assessment="end"') == 1
    assert quiz_index.index('data-assessment="start"') < quiz_index.index('id="q-as-single"')
    assert quiz_index.index('id="q-as-ordering"') < quiz_index.index('data-assessment="end"')
    assert "The assessment has 4 questions. You need 75% to pass. You can have 2 attempts." in quiz_index
    answer = fragment(quiz_index, "as-matching")
    assert "Check answer" not in answer and 'id="q-as-matching-answer" hidden' in answer
    # Each match on lines of its own ("Specification" then "→ What the council…"), never "….: …".
    assert ('<span class="pair-left">Specification</span> <span class="pair-right"><span class="visually-hidden">matches </span>'
            'What the council wants to buy</span>') in answer


def test_knowledge_checks_offer_the_right_answer_unless_the_author_says_no(quiz_index):
    single = fragment(quiz_index, "kc-single")
    assert 'id="q-kc-single-answer" hidden' in single and '<span class="answer-label">Right answer:</span> <strong>' in single
    assert '<button type="button" data-action="answer" aria-controls="q-kc-single-answer" aria-expanded="false" hidden>' in single
    fill_in = fragment(quiz_index, "kc-fill-in")  # show_answer: false
    assert 'data-action="answer"' not in fill_in and 'id="q-kc-fill-in-answer"' not in fill_in


def test_matching_answers_are_listed_scrambled_the_same_way_every_build():
    course = load_course(QUIZ_COURSE)
    matching = next(q for q in course.questions if q.type == "matching")
    assert display_order(matching) == display_order(matching)
    assert sorted(display_order(matching)) == [0, 1, 2] and display_order(matching) != [0, 1, 2]


def test_the_runtime_data_holds_each_scoring_key_and_the_assessment():
    course = load_course(QUIZ_COURSE)
    data = json.loads(json.dumps(course_data(course)))  # as the browser reads it
    questions = data["questions"]
    assert questions["kc-single"]["correct"] == [0] and questions["kc-single"]["optionFeedback"][1] == "No, Leeds is in West Yorkshire."
    assert questions["kc-multiple"]["correct"] == [0, 1] and questions["kc-true-false"]["correct"] is False
    assert questions["kc-fill-in"]["correct"] == ["6", "six"]
    assert questions["kc-matching"]["count"] == 3 and questions["kc-ordering"]["count"] == 4
    assert questions["as-single"]["feedback"] == {"correct": "Yes, that is objective 5.", "incorrect": "Look again at the objectives."}
    assert data["assessment"] == {"page": "assessment", "passMark": 75, "draw": 4, "attempts": 2, "shuffle": True,
                                  "showAnswers": True, "questions": ["as-single", "as-multiple", "as-true-false",
                                                                     "as-fill-in", "as-matching", "as-ordering"]}


def test_question_text_is_escaped_in_the_markup(tmp_path):
    folder = write_course(tmp_path / "course", {"01-checks.md": question_page(
        "type: single\nprompt: 'Is <b>bold</b> & fine?'\noptions:\n  - {text: '<script>x</script>', correct: true}\n  - {text: B}")})
    index = render_course(load_course(folder))["index.html"].decode()
    assert "Is &lt;b&gt;bold&lt;/b&gt; &amp; fine?" in index and "<script>x</script>" not in index


# --- the real course -----------------------------------------------------------------------

def test_the_social_value_course_has_knowledge_checks_and_a_full_final_assessment():
    course = load_course(SOCIAL_VALUE)
    final = course.assessment_page
    assert final is not None and final.assessment.pass_mark == 80
    assert len(final.questions) >= 12 and final.assessment.draw <= len(final.questions)
    assert {q.type for q in final.questions} == {"single", "multiple", "true-false", "fill-in", "matching", "ordering"}
    objective_pages = [p for p in course.pages if p.id.startswith("objective-")]
    assert len(objective_pages) == 6 and all(p.questions for p in objective_pages)
    assert all(not q.scored for p in objective_pages for q in p.questions)
