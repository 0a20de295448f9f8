"""Question blocks and assessment settings: YAML from a page -> typed model.

This is part of the loading edge: every author mistake in a question is
reported here, with the page's file and line, and never later.
"""
from __future__ import annotations

from pathlib import Path

from builder.markdown_pages import QuestionBlock
from builder.model import Assessment, Option, Pair, Question, QUESTION_TYPES
from builder.problems import ProblemList
from builder.sources import LineDict, SourceError, load_yaml


def parse_question(block: QuestionBlock, source: Path, default_id: str, scored: bool,
                   problems: ProblemList) -> Question | None:
    try:
        data = load_yaml(block.text, first_line=block.line)
    except SourceError as exc:
        problems.add(source, exc.line, exc.message)
        return None
    if not isinstance(data, LineDict):
        problems.add(source, block.line, "a question block must be 'key: value' lines (id, type, prompt, ...)")
        return None
    kind = data.get("type")
    if kind not in QUESTION_TYPES:
        problems.add(source, data.line_of("type"), f"unknown question type {kind!r}; use one of: {', '.join(QUESTION_TYPES)}")
        return None
    return Question(
        id=str(data.get("id") or default_id),
        type=kind,
        prompt=str(data.get("prompt") or ""),
        source=source,
        line=block.line,
        scored=scored,
        options=tuple(Option(str(o.get("text", "")), bool(o.get("correct")), str(o.get("feedback", "")))
                      for o in data.get("options") or () if isinstance(o, dict)),
        answer=data.get("answer") if isinstance(data.get("answer"), bool) else None,
        answers=tuple(str(a) for a in data.get("answers") or ()),
        pairs=tuple(Pair(str(p.get("left", "")), str(p.get("right", ""))) for p in data.get("pairs") or () if isinstance(p, dict)),
        items=tuple(str(i) for i in data.get("items") or ()),
        hint=str(data.get("hint") or ""),
        feedback_correct=str((data.get("feedback") or {}).get("correct", "")),
        feedback_incorrect=str((data.get("feedback") or {}).get("incorrect", "")),
    )


def parse_assessment(value, source: Path, line: int, problems: ProblemList) -> Assessment | None:
    if not isinstance(value, LineDict):
        problems.add(source, line, "'assessment' must be settings such as 'pass_mark: 80'")
        return None
    return Assessment(
        pass_mark=int(value.get("pass_mark", 80)),
        draw=value.get("draw"),
        attempts=value.get("attempts"),
        shuffle=bool(value.get("shuffle", False)),
        show_answers=bool(value.get("show_answers", True)),
    )
