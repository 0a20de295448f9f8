"""Classical item statistics, as plain functions of numbers (no course, no files).

Facility is the share of learners who got a question right. Discrimination says whether the
learners who did well on the rest of the questions did better on this one:
- the point-biserial correlation between right/wrong on this question and the share right on
  the others ("rest score", so the question does not correlate with itself);
- upper minus lower: facility in the top 27 % of learners by rest score minus facility in the
  bottom 27 % (Kelley's groups), which reads as "how many more of the strong learners got it".
"""
from __future__ import annotations

from math import sqrt
from statistics import median

GROUP_SHARE = 0.27


def facility(results: list[bool]) -> float | None:
    return sum(results) / len(results) if results else None


def point_biserial(results: list[bool], rest: list[float]) -> float | None:
    """Pearson's r between 0/1 results and rest scores; None when either does not vary."""
    n = len(results)
    if n < 2 or n != len(rest):
        return None
    xs = [1.0 if result else 0.0 for result in results]
    mean_x, mean_y = sum(xs) / n, sum(rest) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, rest))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in rest)
    if var_x == 0 or var_y < 1e-12:
        return None
    return max(-1.0, min(1.0, cov / sqrt(var_x * var_y)))


def upper_minus_lower(results: list[bool], rest: list[float]) -> float | None:
    """Facility of the top group minus the bottom group (each 27 %, at least one learner)."""
    n = len(results)
    if n < 2 or n != len(rest) or max(rest) == min(rest):
        return None
    size = max(1, round(GROUP_SHARE * n))
    # Stable sort on the rest score alone: ties keep the learners' order, so a rerun gives the same figure.
    order = sorted(range(n), key=lambda i: rest[i], reverse=True)
    upper = [results[i] for i in order[:size]]
    lower = [results[i] for i in order[-size:]]
    return sum(upper) / size - sum(lower) / size


def median_or_none(values: list[float]) -> float | None:
    return median(values) if values else None


def score_bands(scores: list[float], width: int = 10) -> list[tuple[str, int]]:
    """Counts per band 0-9, 10-19, ..., 90-100 (100 joins the top band)."""
    bands = [0] * (100 // width)
    for score in scores:
        index = min(int(max(score, 0) // width), len(bands) - 1)
        bands[index] += 1
    labels = [f"{low}–{low + width - 1}" if low + width < 100 else f"{low}–100" for low in range(0, 100, width)]
    return list(zip(labels, bands))
