"""builder.report.statistics and the questions module, alone: the formulas on small hand-made cases."""
from __future__ import annotations

from statistics import correlation

import pytest

from builder.loader import load_course
from builder.report.questions import chosen_options, target_of, question_index
from builder.report.statistics import facility, point_biserial, score_bands, upper_minus_lower
from report_helpers import COURSE, run


def test_facility():
    assert facility([True, False, True, True]) == 0.75
    assert facility([]) is None


def test_point_biserial_is_pearsons_r_on_zero_one_results():
    results = [True, True, False, True, False, False]
    rest = [0.9, 0.7, 0.6, 0.8, 0.2, 0.65]
    assert point_biserial(results, rest) == pytest.approx(correlation([float(r) for r in results], rest))


@pytest.mark.parametrize("results, rest", [([True, True], [0.1, 0.9]), ([True, False], [0.5, 0.5]), ([True], [0.4])])
def test_point_biserial_is_undefined_without_spread(results, rest):
    assert point_biserial(results, rest) is None


def test_upper_minus_lower_uses_groups_of_27_percent():
    # 11 learners: groups of round(2.97) = 3. Top three: right, right, wrong; bottom three: wrong.
    rest = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0]
    results = [True, True, False, True, True, True, True, True, False, False, False]
    assert upper_minus_lower(results, rest) == pytest.approx(2 / 3)
    assert upper_minus_lower([True, False], [0.5, 0.5]) is None


def test_score_bands_put_100_in_the_top_band():
    bands = dict(score_bands([0, 9.5, 10, 59, 99, 100]))
    assert bands["0–9"] == 2 and bands["10–19"] == 1 and bands["50–59"] == 1 and bands["90–100"] == 2
    assert sum(bands.values()) == 6


@pytest.fixture(scope="module")
def questions():
    return question_index(load_course(COURSE))


def test_three_forms_of_interaction_id(questions):
    assert (target_of("fa-act-year", questions).question.id, target_of("fa-act-year", questions).kind) == ("fa-act-year", "assessment")
    assert target_of("act-check", questions).kind == "practice"
    assert (target_of("practice-act-check", questions).question.id, target_of("practice-act-check", questions).kind) == (
        "act-check", "practice")
    assert target_of("practice-fa-act-year", questions).kind == "practice"  # a retake sent as practice stays practice
    assert target_of("fa-retired", questions) is None


def test_responses_become_option_texts(questions):
    policy = questions["fa-policy-adopted"]
    assert chosen_options(policy, "b") == [policy.options[1].text]
    assert chosen_options(policy, "a,b") is None  # single choice: one letter only
    assert chosen_options(policy, "d") is None  # three options: a-c
    match = questions["fa-match-objectives"]
    assert chosen_options(match, "1.b") == [f"{match.pairs[0].left} → {match.pairs[1].right}"]
    assert chosen_options(match, "9.a") is None
    order = questions["fa-order-timeline"]
    assert chosen_options(order, "b,a,c") == [" → ".join([order.items[1], order.items[0], order.items[2]])]
    assert chosen_options(questions["fa-beyond-minimum"], "t") == ["True"]
    assert chosen_options(questions["fa-act-year"], " 2012 ") == ["2012"]


def test_out_writes_the_file_and_says_so(tmp_path):
    from report_helpers import INTERACTIONS

    out = tmp_path / "deep" / "report.html"
    result = run("report", INTERACTIONS, "--course", COURSE, "--format", "html", "--out", out)
    assert result.exit_code == 0
    assert result.stdout == f"{out}: html report on 8 learners and 30 questions\n"
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "http://" not in html and "https://" not in html
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temporary file left behind


def test_the_same_exports_give_the_same_report_byte_for_byte(tmp_path):
    from report_helpers import GRADEBOOK, INTERACTIONS

    outputs = []
    for name in ("one.html", "two.html"):
        assert run("report", INTERACTIONS, GRADEBOOK, "--course", COURSE, "--format", "html", "--out", tmp_path / name).exit_code == 0
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
