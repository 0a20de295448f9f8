"""Bar charts as data for templates/report.html.j2: the template draws them as inline SVG.

Bars are laid out in percent of the chart's width and labels in pixels, so a chart stays
readable from a 320 px phone to a desktop without scaling its text. Every chart is drawn
next to a table of the same figures (the template's job), which is what screen readers read.
"""
from __future__ import annotations

from dataclasses import dataclass

ROW = 40  # px per bar: a label line, then the bar
BAR = 14


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as the table shows it
    percent: float  # bar length, 0-100 % of the chart's width
    y: int  # top of the label line
    highlight: bool = False  # e.g. the right option


@dataclass(frozen=True)
class Chart:
    id: str
    bars: tuple[Bar, ...]
    height: int
    scale_max: float

    @property
    def empty(self) -> bool:
        return not self.bars


def bar_chart(chart_id: str, rows: list[tuple[str, float, str]], scale_max: float | None = None,
              highlight: set[str] = frozenset()) -> Chart:
    """``rows`` are (label, value, value as shown); the longest bar is ``scale_max`` (default: the largest value)."""
    top = scale_max if scale_max else max((value for _, value, _ in rows), default=0) or 1
    bars = tuple(Bar(label, value, shown, round(100 * max(value, 0) / top, 2), index * ROW, label in highlight)
                 for index, (label, value, shown) in enumerate(rows))
    return Chart(chart_id, bars, max(len(bars) * ROW, ROW), top)
