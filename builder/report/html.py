"""What templates/report.html.j2 shows: the Report arranged as sections, tables and charts."""
from __future__ import annotations

import re

from builder.report.analysis import QuestionStats, Report
from builder.report.charts import bar_chart
from builder.report.readers import KIND_NAMES
from builder.report.render import KIND_HEADINGS, export_line, percent

LABEL_CHARS = 24  # with ": 12 (right)" this fits one chart line at 320 px; the table gives the whole text


def context(report: Report) -> dict:
    totals = report.totals
    kinds = []
    for kind, heading in KIND_HEADINGS:
        items = [item for item in report.questions if item.kind == kind]
        if items:
            kinds.append({"kind": kind, "heading": heading, "items": [_question(item) for item in items],
                          "chart": bar_chart(f"facility-{kind}", [(item.question.id, item.facility or 0, percent(item.facility))
                                                                   for item in items], scale_max=1)})
    return {
        "report": report,
        "course": report.course,
        "totals": totals,
        "exports": [export_line(export) for export in report.exports],
        "kinds": kinds,
        "flagged": [(_anchor(item), item) for item in report.questions if item.flags],
        "score_chart": bar_chart("scores", [(f"{band}%", count, str(count)) for band, count in totals.bands]),
        "stop_chart": bar_chart("stops", [(page, count, str(count)) for page, count in totals.stops]),
        "council_chart": bar_chart("councils", [(c.name, c.pass_rate or 0, percent(c.pass_rate)) for c in totals.councils],
                                   scale_max=1),
        "problems": [str(problem) for problem in report.problems],
        "thresholds": report.thresholds,
        "kind_names": KIND_NAMES,
    }


def _question(item: QuestionStats) -> dict:
    keys = _option_keys(item)
    rows = [(key, text, count, text in item.right_options) for key, (text, count) in zip(keys, item.options.items())]
    chart = bar_chart(f"options-{_anchor(item)}",
                      [(_short(f"{key}. {text}"), count, str(count)) for key, text, count, _ in rows],
                      highlight={_short(f"{key}. {text}") for key, text, _, right in rows if right})
    return {"item": item, "anchor": _anchor(item), "options": rows, "chart": chart}


def _option_keys(item: QuestionStats) -> list[str]:
    if item.question.type in ("single", "multiple"):
        return [chr(ord("a") + index) if index < len(item.question.options) else str(index + 1)
                for index in range(len(item.options))]
    return [str(index + 1) for index in range(len(item.options))]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def _anchor(item: QuestionStats) -> str:
    return f"{item.kind}-{re.sub(r'[^A-Za-z0-9_-]', '-', item.question.id)}"
