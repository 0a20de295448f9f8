"""The generic CSV (docs/reports.md) and what the report works out from it: discrimination, flags,
latency, councils, where unfinished learners stop. The data is made here, learner by learner, so
each figure can be worked out independently in the test (statistics.correlation for the point-biserial)."""
from __future__ import annotations

import csv
import json
from statistics import correlation, median

import pytest

from report_helpers import COURSE, run

STRONG = [f"learner{n:02}@example.com" for n in range(1, 6)]
WEAK = [f"learner{n:02}@example.com" for n in range(6, 11)]
LEARNERS = STRONG + WEAK
# (question, response, right) per learner. fa-policy-adopted: a = November 2014 (right), b = January 2013.
ANSWERS = {
    "fa-definition": {who: ("a", True) for who in LEARNERS},  # everyone right; b and c never chosen
    "fa-act-year": {**{who: ("2013", True) for who in STRONG}, **{who: ("2012", False) for who in WEAK}},
    "fa-beyond-minimum": {who: ("f", True) if who in STRONG[:2] else ("t", False) for who in LEARNERS},
    "fa-policy-adopted": {**{who: ("b", False) for who in STRONG}, WEAK[0]: ("c", False),
                          **{who: ("a", True) for who in WEAK[1:]}},
    "fa-cles": {who: ("CLES", True) for who in LEARNERS[:3]},
}
LATENCY = {who: f"00:00:{10 + index:02}" for index, who in enumerate(LEARNERS)}  # fa-policy-adopted only


def write_export(path, answers=ANSWERS, council=True, learners=LEARNERS):
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["learner", "question", "response", "result", "latency", "score", "status", "last_page", "council"])
        for who in learners:
            place = "Bolton" if who in STRONG else "Wigan"
            for question, by_learner in answers.items():
                if who in by_learner:
                    response, right = by_learner[who]
                    latency = LATENCY[who] if question == "fa-policy-adopted" else ""
                    writer.writerow([who, question, response, "correct" if right else "wrong", latency, "", "", "",
                                     place if council else ""])
            if who == LEARNERS[-1]:
                writer.writerow([who, "", "", "", "", "", "incomplete", "objective-participation", place if council else ""])
            else:
                writer.writerow([who, "", "", "", "", 90 if who in STRONG else 60, "completed", "", place if council else ""])
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    export = write_export(tmp_path_factory.mktemp("generic") / "results.csv")
    result = run("report", export, "--course", COURSE, "--format", "json")
    assert result.exit_code == 0 and result.stderr == "", result.output
    return json.loads(result.stdout)


def questions(report):
    return {question["id"]: question for question in report["questions"]}


def rest_scores(question: str) -> tuple[list[bool], list[float]]:
    results, rest = [], []
    for who in LEARNERS:
        if who not in ANSWERS[question]:
            continue
        others = [by[who][1] for q, by in ANSWERS.items() if q != question and who in by]
        results.append(ANSWERS[question][who][1])
        rest.append(sum(others) / len(others))
    return results, rest


@pytest.mark.parametrize("question", ["fa-act-year", "fa-beyond-minimum", "fa-policy-adopted"])
def test_point_biserial_is_the_correlation_with_the_rest_score(report, question):
    results, rest = rest_scores(question)
    expected = correlation([float(r) for r in results], rest)
    assert questions(report)[question]["discrimination"] == pytest.approx(expected, abs=1e-4)


def test_upper_minus_lower_for_a_question_strong_learners_get_wrong(report):
    # 10 learners: groups of 3. The top three by rest score all chose January 2013, the bottom three were right.
    assert questions(report)["fa-policy-adopted"]["upper_lower"] == pytest.approx(-1.0)


@pytest.mark.parametrize("question", ["fa-act-year", "fa-beyond-minimum"])
def test_upper_minus_lower_is_top_27_percent_minus_bottom_27_percent(report, question):
    results, rest = rest_scores(question)
    ranked = [result for _, result in sorted(zip(rest, results), key=lambda pair: -pair[0])]
    size = round(0.27 * len(ranked))
    expected = sum(ranked[:size]) / size - sum(ranked[-size:]) / size
    assert questions(report)[question]["upper_lower"] == pytest.approx(expected, abs=1e-4)  # JSON keeps 4 places


def test_a_question_nobody_gets_wrong_has_no_discrimination(report):
    assert questions(report)["fa-definition"]["discrimination"] is None


def test_flags_per_question(report):
    codes = {qid: [flag["code"] for flag in question["flags"]] for qid, question in questions(report).items()}
    # The strong learners on fa-act-year did worse on the others here (rest scores .75 .75 .5 .33 .33 against
    # .33 .67 .67 .67 .67), so it comes out negative too: the test works that out rather than trusting the design.
    act_year = correlation([float(r) for r in rest_scores("fa-act-year")[0]], rest_scores("fa-act-year")[1])
    assert codes == {
        "fa-definition": ["too-easy", "option-never-chosen", "option-never-chosen"],
        "fa-act-year": ["negative-discrimination"] if act_year < 0 else [],
        "fa-beyond-minimum": ["too-hard", "wrong-option-preferred"],
        "fa-policy-adopted": ["negative-discrimination", "wrong-option-preferred"],
        "fa-cles": ["too-few-learners"],
    }
    messages = [flag["message"] for flag in questions(report)["fa-definition"]["flags"]]
    assert messages[0] == "Too easy: 100% got it right (more than 90%). It tells you little about who has learned what."
    assert questions(report)["fa-cles"]["flags"][0]["message"] == (
        "Too few learners to judge: 3 answered it, and at least 5 are needed.")


def test_thresholds_are_settable(tmp_path):
    export = write_export(tmp_path / "results.csv")
    result = run("report", export, "--course", COURSE, "--format", "json", "--min-learners", "3", "--too-easy", "1",
                 "--too-hard", "0.1", "--min-discrimination", "-0.99")
    found = {q["id"]: [flag["code"] for flag in q["flags"]] for q in json.loads(result.stdout)["questions"]}
    assert found["fa-definition"] == ["option-never-chosen", "option-never-chosen"]
    assert found["fa-beyond-minimum"] == ["wrong-option-preferred"]
    assert found["fa-policy-adopted"] == ["wrong-option-preferred"]
    assert found["fa-cles"] == []  # 3 learners are enough now; all right is not above 100%
    assert json.loads(result.stdout)["thresholds"] == {"min_learners": 3, "too_easy": 1.0, "too_hard": 0.1,
                                                       "min_discrimination": -0.99}


def test_median_latency_where_the_export_gives_it(report):
    seconds = [int(LATENCY[who][-2:]) for who in LEARNERS]
    assert questions(report)["fa-policy-adopted"]["median_latency"] == median(seconds)
    assert questions(report)["fa-act-year"]["median_latency"] is None


def test_option_counts_and_course_figures(report):
    assert questions(report)["fa-policy-adopted"]["options"] == {"November 2014": 4, "January 2013": 5, "March 2014": 1}
    assert questions(report)["fa-beyond-minimum"]["options"] == {"True": 8, "False": 2}
    assert questions(report)["fa-act-year"]["options"] == {"2013": 5, "2012": 5}
    course = report["course"]
    assert (course["learners"], course["finished"], course["passed"]) == (10, 9, 5)
    assert course["pass_rate"] == 0.5
    assert course["stopped_at"] == [{"page": "8. Objective 3: Taking part", "learners": 1}]
    assert course["councils"] == [
        {"name": "Bolton", "learners": 5, "finished": 5, "passed": 5, "pass_rate": 1.0},
        {"name": "Wigan", "learners": 5, "finished": 4, "passed": 0, "pass_rate": 0.0}]


def test_one_export_per_council_named_from_the_file_or_the_option(tmp_path):
    first = write_export(tmp_path / "bolton.csv", council=False, learners=STRONG)
    second = write_export(tmp_path / "wigan-export.csv", council=False, learners=WEAK)
    result = run("report", first, second, "--course", COURSE, "--format", "json", "--council", f"{second}=Wigan")
    assert result.exit_code == 0, result.output
    councils = {c["name"]: (c["learners"], c["passed"]) for c in json.loads(result.stdout)["course"]["councils"]}
    assert councils == {"bolton": (5, 5), "Wigan": (5, 0)}
    text = run("report", first, second, "--course", COURSE, "--council", f"{second}=Wigan").stdout
    assert "By council:\n  bolton: 5 learners, 5 finished, 5 passed (100%)\n  Wigan: 5 learners, 4 finished, 0 passed (0%)" in text


def test_what_learners_typed_is_escaped_in_the_html(tmp_path):
    typed = {**ANSWERS, "fa-act-year": {who: ('<script>alert("x")</script>', False) for who in LEARNERS}}
    out = tmp_path / "report.html"
    result = run("report", write_export(tmp_path / "results.csv", typed), "--course", COURSE, "--format", "html", "--out", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
