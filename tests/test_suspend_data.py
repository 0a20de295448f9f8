"""The build works out the largest cmi.suspend_data a course can make and refuses a course whose
saved progress (what must be kept: pages, status, score, the assessment) could pass SCORM 1.2's
4096 characters; knowledge-check answers fill the space left, newest first. Saved progress is
keyed by page and question keys that stay the same across versions of a course. That the Python
mirror of the runtime's encoding is honest is shown in the browser:
tests/browser/test_browser_suspend_data.py."""
from __future__ import annotations

import json
import re
import sys
from dataclasses import replace

from builder.loader import load_course
from builder.suspend_data import (KEY_ALPHABET, MAX_FILL_IN, MAX_SUSPEND_DATA, bank_hash, encode, encode_bits,
                                  fingerprint, page_keys, question_keys, runtime_length, worst_case)
from builder.templates_dir import templates_dir
from course_helpers import REPO, SOCIAL_VALUE, page, snapshot, write_course
from test_cli_build import run


def fill_in(question_id: str) -> str:
    return f"```question\nid: {question_id}\ntype: fill-in\nprompt: Type anything.\nanswers: [anything]\n```\n"


def single(question_id: str, prompt: str = "Pick one.") -> str:
    return (f"```question\nid: {question_id}\ntype: single\nprompt: {prompt}\noptions:\n"
            "  - text: Agree\n    correct: true\n  - text: Disagree\n```\n")


def test_social_value_fits_with_room_to_spare():
    worst = worst_case(load_course(SOCIAL_VALUE))
    print(f"\nsocial-value: worst-case suspend_data is {worst.length} of {MAX_SUSPEND_DATA} characters")
    assert worst.length < MAX_SUSPEND_DATA
    data = json.loads(worst.text)
    # 16 pages and the glossary, all viewed (two characters each); 12 knowledge checks; 12 of the 18
    # assessment questions drawn; format 2 with the content version.
    assert (data["v"], data["c"], len(data["p"])) == (2, "1.0.0", 17 * 2)
    assert len(data["a"]) == 12 + 12 and len(data["q"]["d"]) == 12 and data["q"]["t"] == 3
    assert worst.practice_kept == worst.practice_total == 12
    living = question_keys(load_course(SOCIAL_VALUE).questions)["living-standards-check"]
    assert living + '"' * MAX_FILL_IN in data["a"]


def test_a_500_page_course_with_500_knowledge_checks_and_a_100_question_bank_builds(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate_course

    source = generate_course(tmp_path / "big", 501, 600, check_every=1)  # 500 pages with a check, then the assessment
    course = load_course(source)
    checks = [q for q in course.questions if not q.scored]
    assert (len(course.pages), len(checks), len(course.assessment_page.questions)) == (501, 500, 100)
    worst = worst_case(course)
    print(f"\n500 pages, 500 checks, 20 of 100 drawn: {worst.summary()}; must be kept: {worst.kept_part}")
    assert worst.kept_part < worst.length <= MAX_SUSPEND_DATA
    assert 0 < worst.practice_kept < worst.practice_total == 500
    # What must be kept is all there: every page, the status, the score, 20 drawn answers, the quiz.
    data = json.loads(worst.text)
    assert len(data["p"]) == 501 * 2 and data["k"] == "i" and data["s"] == 99.99 and len(data["q"]["d"]) == 20
    result = run("check", source, cwd=tmp_path)
    assert f"worst case {worst.length} of 4096 characters" in result.output
    result = run("build", source, "--out", tmp_path / "dist", cwd=tmp_path)
    assert result.exit_code == 0, result.output


def test_a_course_whose_assessment_could_save_too_much_fails_at_the_question_that_takes_most(tmp_path):
    bank = "\n".join(fill_in(f"a{n}") for n in range(1, 11))
    pages = {"01-intro.md": page("Intro", "Welcome."),
             "02-test.md": page("Test", "Answer these.\n\n" + bank, "assessment:\n  draw: 9\n")}
    out = tmp_path / "dist"
    out.mkdir()
    (out / "older.zip").write_bytes(b"an earlier build")
    before = snapshot(out)
    result = run("build", write_course(tmp_path / "exam", pages), "--out", out, cwd=tmp_path)
    assert result.exit_code == 1
    [problem, _] = result.output.splitlines()
    assert re.match(r"exam/02-test\.md:\d+: saved progress \(cmi\.suspend_data\) could reach \d+ characters", problem)
    assert problem.endswith("use fewer questions in the assessment (a fill-in answer can take 512 characters), "
                            "or a smaller 'draw'")
    assert snapshot(out) == before


def test_many_long_knowledge_checks_no_longer_stop_a_build_the_oldest_answers_give_way(tmp_path):
    # Format 1 refused this course (4689 characters): practice answers are now dropped, oldest first.
    body = "Some text.\n\n" + "\n".join(fill_in(f"f{n}") for n in range(1, 10))
    course = load_course(write_course(tmp_path / "chatty", {"01-checks.md": page("Checks", body)}))
    worst = worst_case(course)
    assert worst.length <= MAX_SUSPEND_DATA and (worst.practice_kept, worst.practice_total) == (7, 9)
    assert "the newest 7 of 9 knowledge-check answers are kept at their longest" in worst.summary()


def test_the_worst_draw_takes_the_questions_with_the_longest_answers(tmp_path):
    questions = [fill_in("a1"), "```question\nid: a2\ntype: true-false\nprompt: True?\nanswer: true\n```\n", fill_in("a3")]
    pages = {"01-test.md": page("Test", "Answer these.\n\n" + "\n".join(questions), "assessment:\n  draw: 2\n  attempts: 12\n")}
    course = load_course(write_course(tmp_path / "exam", pages))
    keys = question_keys(course.questions)
    data = json.loads(worst_case(course).text)
    assert {entry[:2] for entry in data["a"]} == {keys["a1"], keys["a3"]}
    assert data["q"] == {"b": bank_hash(["a1", "a2", "a3"]), "t": 12, "d": [0, 2], "s": 2147483646, "f": 1, "r": None, "c": None}
    assert data["s"] == 99.99  # the longest score setAssessmentResult can keep


def test_a_course_without_questions_saves_only_its_pages(tmp_path):
    pages = {f"{n:02}-page.md": page(f"Page {n}", "Text.", f"id: page-{n}\n") for n in range(1, 7)}
    course = load_course(write_course(tmp_path / "plain", pages))
    keys = page_keys([f"page-{n}" for n in range(1, 7)])
    assert worst_case(course).text == '{"v":2,"c":"1.0.0","k":"i","p":"%s"}' % "".join(keys[f"page-{n}"] for n in range(1, 7))


def test_keys_are_two_safe_characters_unique_in_a_course_and_the_same_whatever_the_order():
    ids = [f"page-{n}" for n in range(3000)]
    keys = page_keys(ids)
    assert len(set(keys.values())) == 3000  # clashes take the next free key
    assert all(len(k) == 2 and set(k) <= set(KEY_ALPHABET) for k in keys.values())
    assert json.dumps("".join(keys.values()))[1:-1] == "".join(keys.values())  # nothing escaped in JSON
    assert page_keys(list(reversed(ids))) == keys
    assert page_keys(["welcome", "new-page"])["welcome"] == page_keys(["welcome"])["welcome"]


def test_a_question_changed_in_what_the_learner_answers_gets_a_new_key_feedback_does_not(tmp_path):
    course = load_course(write_course(tmp_path / "c", {"01-p.md": page("P", "Text.\n\n" + single("q1"))}))
    [question] = course.questions
    key = question_keys([question])["q1"]
    assert question_keys([replace(question, feedback_correct="Well done!")])["q1"] == key
    assert question_keys([replace(question, line=99)])["q1"] == key
    assert question_keys([replace(question, prompt="Pick again.")])["q1"] != key
    options = (replace(question.options[0], correct=False), replace(question.options[1], correct=True))
    assert question_keys([replace(question, options=options)])["q1"] != key
    assert fingerprint(question) != fingerprint(replace(question, id="q2"))


def test_the_encoding_matches_tracking_js():
    assert encode("1.0", "passed", ["ab", "cd"], 80, ["xyb"], ["zzac"], {"t": 1}) == \
        '{"v":2,"c":"1.0","k":"p","p":"abcd","s":80,"a":["xyb","zzac"],"q":{"t":1}}'
    assert encode("", "incomplete", [], None, [], [], None) == '{"v":2,"c":"","k":"i","p":""}'
    # Format 1, which the runtime still reads: 4 pages a hex character, page 0 the lowest bit.
    assert encode_bits([True, False, True, False, False, True], 6) == "52"
    assert encode_bits([False] * 5 + [True], 9) == "02"
    assert runtime_length("smile \U0001F600") == 8  # JavaScript counts UTF-16 code units


def test_the_runtime_uses_the_same_version_limit_and_status_codes():
    tracking = (templates_dir() / "static" / "js" / "tracking.js").read_text(encoding="utf-8")
    assert "var VERSION = 2, MAX_SUSPEND = 4096;" in tracking
    assert "var CODES = { passed: 'p', completed: 'c', failed: 'f', incomplete: 'i' };" in tracking


def test_the_fill_in_cap_is_the_same_in_the_input_the_runtime_and_the_build():
    template = (templates_dir() / "questions" / "fill-in.html.j2").read_text(encoding="utf-8")
    quiz = (templates_dir() / "static" / "js" / "quiz.js").read_text(encoding="utf-8")
    assert re.findall(r'maxlength="(\d+)"', template) == [str(MAX_FILL_IN)]
    assert re.findall(r"var MAX_FILL_IN = (\d+);", quiz) == [str(MAX_FILL_IN)]
