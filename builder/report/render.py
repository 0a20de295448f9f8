"""A Report as JSON, as a terminal summary, or as a self-contained HTML page (templates/report.html.j2)."""
from __future__ import annotations

import json
from functools import lru_cache

from builder.report.analysis import Report
from builder.report.readers import KIND_NAMES


def as_dict(report: Report) -> dict:
    totals = report.totals
    return {
        "course": {
            "id": report.course.id,
            "title": report.course.title,
            "learners": totals.learners,
            "finished": totals.finished,
            "passed": totals.passed,
            "pass_rate": _round(totals.pass_rate),
            "pass_mark": totals.pass_mark,
            "scores": totals.scores,
            "score_bands": [{"band": band, "learners": count} for band, count in totals.bands],
            "attempts": [{"attempts": made, "learners": count} for made, count in totals.attempts],
            "stopped_at": [{"page": page, "learners": count} for page, count in totals.stops],
            "councils": [{"name": c.name, "learners": c.learners, "finished": c.finished, "passed": c.passed,
                          "pass_rate": _round(c.pass_rate)} for c in totals.councils],
        },
        "questions": [{
            "id": item.question.id,
            "source": item.source,
            "kind": item.kind,
            "type": item.question.type,
            "learners": item.learners,
            "right": item.right,
            "facility": _round(item.facility),
            "discrimination": _round(item.discrimination),
            "upper_lower": _round(item.upper_lower),
            "median_latency": _round(item.median_latency),
            "options": item.options,
            "right_options": item.right_options,
            "flags": [flag.as_dict() for flag in item.flags],
        } for item in report.questions],
        "thresholds": vars(report.thresholds),
        "exports": [{"path": export.path, "format": export.kind or None, "records": export.records}
                    for export in report.exports],
        "problems": [str(problem) for problem in report.problems],
    }


def as_json(report: Report) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False)


def _round(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def number(value: float | None, places: int = 2) -> str:
    return "–" if value is None else f"{value:+.{places}f}" if value < 0 else f"{value:.{places}f}"


def export_line(export) -> str:
    if not export.kind:
        return f"{export.path}: not read"
    count, noun = (len(export.attempts), "attempt") if export.attempts else (len(export.grades), "grade")
    what = f"{count} {noun}{'' if count == 1 else 's'}"
    return f"{export.path}: {KIND_NAMES[export.kind]}, {what}"


def text_summary(report: Report) -> str:
    """What a person at a terminal needs: the course figures, then each flag at its source line."""
    totals = report.totals
    lines = [f"{report.course.title}: {totals.learners} learners, {totals.finished} finished, "
             f"{totals.passed} passed ({percent(totals.pass_rate)})"
             + (f", pass mark {totals.pass_mark}%" if totals.pass_mark is not None else "")]
    lines += [f"  read {export_line(export)}" for export in report.exports]
    if totals.scores:
        lines.append("Scores: " + ", ".join(f"{band}: {count}" for band, count in totals.bands if count))
    if totals.stops:
        lines.append("Unfinished learners stopped at: " + "; ".join(f"{page} ({count})" for page, count in totals.stops))
    if len(totals.councils) > 1:
        lines.append("By council:")
        lines += [f"  {c.name}: {c.learners} learners, {c.finished} finished, {c.passed} passed ({percent(c.pass_rate)})"
                  for c in totals.councils]
    for kind, heading in (("assessment", "Final assessment"), ("practice", "Knowledge checks (practice)")):
        items = [item for item in report.questions if item.kind == kind]
        if not items:
            continue
        lines.append(f"{heading}: {len(items)} question{'' if len(items) == 1 else 's'}")
        width = max(len(item.question.id) for item in items)
        for item in items:
            lines.append(f"  {item.question.id:<{width}}  right {percent(item.facility):>4} of {item.learners:<3} "
                         f"discrimination {number(item.discrimination):>5}  {item.source}")
    flagged = [(item, flag) for item in report.questions for flag in item.flags]
    if flagged:
        lines.append(f"Flags ({len(flagged)}):")
        lines += [f"{item.source}: {item.question.id} ({item.kind}): {flag.message}" for item, flag in flagged]
    return "\n".join(lines)


# --- HTML ----------------------------------------------------------------------------------------

KIND_HEADINGS = (("assessment", "Final assessment"), ("practice", "Knowledge checks (practice)"))


def html_page(report: Report) -> str:
    from builder.report.html import context

    return _environment().get_template("report.html.j2").render(context(report))


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from builder.templates_dir import templates_dir

    env = Environment(loader=FileSystemLoader(templates_dir()), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["percent"] = percent
    env.filters["number"] = number
    return env
