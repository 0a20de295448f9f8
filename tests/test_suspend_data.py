"""The build works out the largest cmi.suspend_data a course can make and refuses a course whose
saved progress could pass SCORM 1.2's 4096 characters. That the Python mirror of the runtime's
encoding is honest is shown in the browser: tests/browser/test_browser_suspend_data.py."""
from __future__ import annotations

import json
import re

from builder.loader import load_course
from builder.suspend_data import (MAX_FILL_IN, MAX_SUSPEND_DATA, bank_hash, encode, encode_bits, runtime_length,
                                  worst_case)
from builder.templates_dir import templates_dir
from course_helpers import SOCIAL_VALUE, page, snapshot, write_course
from test_cli_build import run


def fill_in(question_id: str) -> str:
    return f"```question\nid: {question_id}\ntype: fill-in\nprompt: Type anything.\nanswers: [anything]\n```\n"


def test_social_value_fits_with_room_to_spare():
    worst = worst_case(load_course(SOCIAL_VALUE))
    print(f"\nsocial-value: worst-case suspend_data is {worst.length} of {MAX_SUSPEND_DATA} characters")
    assert worst.length < MAX_SUSPEND_DATA
    data = json.loads(worst.text)
    # 16 pages and the glossary, all viewed; 12 knowledge checks; 12 of the 18 assessment questions drawn.
    assert (data["n"], data["p"]) == (17, "ffff1")
    assert len(data["a"]) == 12 + 12 and len(data["q"]["d"]) == 12 and data["q"]["t"] == 3
    assert data["a"]["living-standards-check"] == '"' * MAX_FILL_IN


def test_a_course_that_could_save_too_much_fails_at_the_question_that_takes_most(tmp_path):
    body = "Some text.\n\n" + "\n".join(fill_in(f"f{n}") for n in range(1, 10))
    course = write_course(tmp_path / "chatty", {"01-checks.md": page("Checks", body)})
    out = tmp_path / "dist"
    out.mkdir()
    (out / "older.zip").write_bytes(b"an earlier build")
    before = snapshot(out)

    result = run("build", course, "--out", out, cwd=tmp_path)

    # 9 answers of 255 '"' (each escaped to 2 characters): {"v":1,"n":1,"p":"1","a":{"f1":"\"\"…"…}}
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "chatty/01-checks.md:7: saved progress (cmi.suspend_data) could reach 4689 characters, but SCORM 1.2 keeps "
        "only 4096 and many LMSs cut the rest off silently; this page's questions take up to 4662 of them: "
        "use fewer questions on this page (a fill-in answer can take 512 characters)",
        "1 course failed to build; nothing was written for it."]
    assert snapshot(out) == before


def test_seven_fill_ins_still_fit(tmp_path):
    body = "Some text.\n\n" + "\n".join(fill_in(f"f{n}") for n in range(1, 8))
    course = load_course(write_course(tmp_path / "chatty", {"01-checks.md": page("Checks", body)}))
    assert worst_case(course).length == 26 + 7 * 517 + 6 + 2 <= MAX_SUSPEND_DATA


def test_an_assessment_too_big_for_the_limit_is_told_to_draw_fewer(tmp_path):
    bank = "\n".join(fill_in(f"a{n}") for n in range(1, 11))
    pages = {"01-intro.md": page("Intro", "Welcome."),
             "02-test.md": page("Test", "Answer these.\n\n" + bank, "assessment:\n  draw: 9\n")}
    out = tmp_path / "dist"
    result = run("build", write_course(tmp_path / "exam", pages), "--out", out, cwd=tmp_path)
    assert result.exit_code == 1
    [problem, _] = result.output.splitlines()
    assert re.match(r"exam/02-test\.md:\d+: saved progress \(cmi\.suspend_data\) could reach \d+ characters", problem)
    assert problem.endswith("use fewer questions on this page (a fill-in answer can take 512 characters), or a smaller 'draw'")
    assert not out.exists()


def test_the_worst_draw_takes_the_questions_with_the_longest_answers(tmp_path):
    questions = [fill_in("a1"), "```question\nid: a2\ntype: true-false\nprompt: True?\nanswer: true\n```\n", fill_in("a3")]
    pages = {"01-test.md": page("Test", "Answer these.\n\n" + "\n".join(questions), "assessment:\n  draw: 2\n  attempts: 12\n")}
    course = load_course(write_course(tmp_path / "exam", pages))
    data = json.loads(worst_case(course).text)
    assert set(data["a"]) == {"a1", "a3"}
    assert data["q"] == {"b": bank_hash(["a1", "a2", "a3"]), "t": 12, "d": [0, 2], "s": 2147483646, "f": 1, "r": None, "c": None}
    assert data["s"] == 99.99  # the longest score setAssessmentResult can keep


def test_a_course_without_questions_saves_only_its_pages(tmp_path):
    pages = {f"{n:02}-page.md": page(f"Page {n}", "Text.", f"id: page-{n}\n") for n in range(1, 7)}
    course = load_course(write_course(tmp_path / "plain", pages))
    assert worst_case(course).text == '{"v":1,"n":6,"p":"f3"}'


def test_the_encoding_matches_tracking_js():
    # tracking.js: 4 pages a hex character, page 0 the lowest bit, trailing zeros dropped.
    assert encode_bits([True, False, True, False, False, True], 6) == "52"
    assert encode_bits([False] * 5 + [True], 9) == "02"
    assert encode_bits([True, False, False, False, False], 5) == "1"
    assert encode(3, [True, True], 80, {"q1": "ab"}, {"t": 1}) == '{"v":1,"n":3,"p":"3","s":80,"a":{"q1":"ab"},"q":{"t":1}}'
    assert encode(3, [], None, {}, None) == '{"v":1,"n":3,"p":""}'
    assert runtime_length("smile \U0001F600") == 8  # JavaScript counts UTF-16 code units


def test_the_fill_in_cap_is_the_same_in_the_input_the_runtime_and_the_build():
    template = (templates_dir() / "questions" / "fill-in.html.j2").read_text(encoding="utf-8")
    quiz = (templates_dir() / "static" / "js" / "quiz.js").read_text(encoding="utf-8")
    assert re.findall(r'maxlength="(\d+)"', template) == [str(MAX_FILL_IN)]
    assert re.findall(r"var MAX_FILL_IN = (\d+);", quiz) == [str(MAX_FILL_IN)]
