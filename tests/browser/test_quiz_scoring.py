"""quiz.js's pure part (ScormBuilder.quiz), run in node: the one scoring rule for every question
type, the SCORM 1.2 response formats, compact saving and the seeded shuffles. No browser needed."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

QUIZ_JS = Path(__file__).resolve().parents[2] / "templates" / "static" / "js" / "quiz.js"
# Loads quiz.js as the browser would (a classic script on `window`), then runs each call.
RUNNER = """
const fs = require('fs'), vm = require('vm');
const context = {Math, JSON, Date, console};
context.window = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(process.argv[1], 'utf8'), context, {filename: 'quiz.js'});
const quiz = context.ScormBuilder.quiz, calls = JSON.parse(fs.readFileSync(0, 'utf8'));
const results = calls.map(([name, ...args]) => {
  if (name === 'drawQuestions') return quiz.drawQuestions(args[0], args[1], quiz.random(args[2]));
  return quiz[name](...args);
});
process.stdout.write(JSON.stringify(results));
"""

SINGLE = {"type": "single", "correct": [1], "count": 3}
MULTIPLE = {"type": "multiple", "correct": [0, 2], "count": 4}
TRUE_FALSE = {"type": "true-false", "correct": False}
FILL_IN = {"type": "fill-in", "correct": ["six", "6"]}
MATCHING = {"type": "matching", "count": 3}
ORDERING = {"type": "ordering", "count": 4}


def run(*calls):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: it comes with npm (make test-deps)", pytrace=False)
    done = subprocess.run([node, "-e", RUNNER, str(QUIZ_JS)], input=json.dumps(calls), capture_output=True,
                          text=True, timeout=30, check=True)
    return json.loads(done.stdout)


SCORING = [
    (SINGLE, 1, True), (SINGLE, 0, False), (SINGLE, None, False),
    (MULTIPLE, [2, 0], True), (MULTIPLE, [0], False), (MULTIPLE, [0, 1, 2], False), (MULTIPLE, [], False),
    (TRUE_FALSE, False, True), (TRUE_FALSE, True, False), (TRUE_FALSE, None, False),
    (FILL_IN, "  SIX ", True), (FILL_IN, "6", True), (FILL_IN, "sixty", False), (FILL_IN, "   ", False),
    (MATCHING, [0, 1, 2], True), (MATCHING, [1, 0, 2], False), (MATCHING, [0, 1, -1], False), (MATCHING, [-1, -1, -1], False),
    (ORDERING, [0, 1, 2, 3], True), (ORDERING, [1, 0, 2, 3], False), (ORDERING, [0, 1, 2], False),
]


def test_one_scoring_rule_for_every_type():
    results = run(*[["score", q, r] for q, r, _ in SCORING])
    assert [r["correct"] for r in results] == [expected for _, _, expected in SCORING]


def test_unanswered_questions_are_told_apart_from_wrong_ones():
    results = run(["score", SINGLE, None], ["score", SINGLE, 0], ["score", FILL_IN, ""], ["score", MATCHING, [-1, -1, -1]],
                  ["score", MATCHING, [2, -1, -1]])
    assert [r["answered"] for r in results] == [False, True, False, False, True]


def test_interactions_use_the_scorm_1_2_formats():
    results = run(["interaction", SINGLE, 2], ["interaction", MULTIPLE, [2, 0]], ["interaction", TRUE_FALSE, True],
                  ["interaction", FILL_IN, "  Six  "], ["interaction", MATCHING, [1, -1, 2]],
                  ["interaction", ORDERING, [3, 0, 1, 2]], ["interaction", SINGLE, None])
    assert [(r["type"], r["response"], r["pattern"]) for r in results] == [
        ("choice", "c", "b"),
        ("choice", "a,c", "a,c"),
        ("true-false", "t", "f"),
        ("fill-in", "Six", "six"),
        ("matching", "1.b,3.c", "1.a,2.b,3.c"),
        ("sequencing", "d,a,b,c", "a,b,c,d"),
        ("choice", None, "b"),  # nothing chosen: no student_response is sent
    ]


def test_fill_in_responses_are_cut_to_255_characters():
    [result] = run(["interaction", FILL_IN, "x" * 300])
    assert len(result["response"]) == 255


def test_fill_in_responses_are_one_line_as_a_cmi_value_must_be():
    # A text box keeps U+2028/U+2029 from a paste; scorm-again refuses them in student_response.
    [result] = run(["interaction", FILL_IN, " six\u2028seven\u2029eight\tnine "])
    assert result["response"] == "six seven eight nine"


def test_fill_in_answers_are_saved_within_the_cap_the_build_counts_on():
    # builder/suspend_data.py: at most 255 characters (the input's maxlength), none costing over 2 in JSON.
    saved = run(["pack", FILL_IN, "x" * 300], ["pack", FILL_IN, '"' * 300], ["pack", FILL_IN, "a\u0001b\tc"],
                ["pack", FILL_IN, "x" * 254 + "\U0001F600"], ["pack", FILL_IN, "smile \U0001F600"])
    assert saved[0] == "x" * 255
    assert json.dumps(saved[1]) == '"' + '\\"' * 255 + '"'  # 512: the worst a fill-in answer costs
    assert saved[2] == "a b c"  # JSON would spell \u0001 with 6 characters
    assert saved[3] == "x" * 254 + " "  # the cut split the emoji: its lone half is not kept
    assert saved[4] == "smile \U0001F600"


def test_answers_are_saved_compactly_and_come_back_the_same():
    responses = [(SINGLE, 2), (MULTIPLE, [2, 0]), (TRUE_FALSE, False), (FILL_IN, "six, please"),
                 (MATCHING, [2, -1, 0]), (ORDERING, [3, 1, 0, 2])]
    packed = run(*[["pack", q, r] for q, r in responses])
    assert packed == ["c", "ac", "f", "six, please", "c-a", "dbac"]
    unpacked = run(*[["unpack", q, s] for (q, _), s in zip(responses, packed)])
    assert unpacked == [2, [0, 2], False, "six, please", [2, -1, 0], [3, 1, 0, 2]]


def test_saved_answers_that_no_longer_fit_the_question_are_dropped():
    assert run(["unpack", SINGLE, "z"], ["unpack", ORDERING, "abc"], ["unpack", ORDERING, "aabc"],
               ["unpack", MATCHING, "ab"], ["unpack", TRUE_FALSE, "x"], ["unpack", SINGLE, ""]) == [None] * 6


def test_shuffles_are_stable_for_a_seed_and_ordering_never_starts_in_order():
    results = run(["permutation", 5, 42, False], ["permutation", 5, 42, False], ["permutation", 5, 43, False],
                  *[["permutation", 2, seed, True] for seed in range(20)])
    first, again, other, *pairs = results
    assert first == again and sorted(first) == [0, 1, 2, 3, 4] and first != other
    assert all(p == [1, 0] for p in pairs)


def test_draws_pick_distinct_questions_in_page_order():
    draws = run(*[["drawQuestions", 18, 12, seed] for seed in range(10)])
    for draw in draws:
        assert len(draw) == 12 and len(set(draw)) == 12 and draw == sorted(draw) and max(draw) < 18
    assert len({tuple(d) for d in draws}) > 1
    assert run(["drawQuestions", 3, None, 1]) == [[0, 1, 2]]


def test_the_assessment_score_is_a_whole_percent_of_the_drawn_questions():
    right, wrong = {"correct": True}, {"correct": False}
    assert run(["percent", [right, right, wrong]], ["percent", [right] * 12], ["percent", [right] * 9 + [wrong] * 3],
               ["percent", [right] * 11 + [wrong]], ["percent", []]) == [67, 100, 75, 92, 0]
