"""Interaction ids and responses -> the course's questions and their options' text.

The runtime sends a question's id as the interaction id: the bare id for the final assessment,
and for knowledge checks either ``practice-<id>`` (when a course sets ``practice_interactions``)
or, in packages built before that setting, the bare id. SCORM 1.2 responses are letters in
source order (``a`` = the first option written), ``t``/``f``, the typed text, ``1.b,2.a``
(left item number . right letter) and ``c,a,b`` (docs/runtime.md).
"""
from __future__ import annotations

from dataclasses import dataclass

from builder.model import Course, Question

PRACTICE_PREFIX = "practice-"
ARROW = " → "
TRUE, FALSE = "True", "False"


@dataclass(frozen=True)
class Target:
    question: Question
    kind: str  # "assessment" or "practice"


def question_index(course: Course) -> dict[str, Question]:
    return {question.id: question for question in course.questions}


def target_of(interaction_id: str, questions: dict[str, Question]) -> Target | None:
    question = questions.get(interaction_id)
    if question is not None:
        return Target(question, "assessment" if question.scored else "practice")
    if interaction_id.startswith(PRACTICE_PREFIX):
        question = questions.get(interaction_id[len(PRACTICE_PREFIX):])
        if question is not None:
            return Target(question, "practice")
    return None


def all_options(question: Question) -> list[str]:
    """What every learner could choose, in source order; fill-in has no fixed list."""
    if question.type in ("single", "multiple"):
        return [option.text for option in question.options]
    if question.type == "true-false":
        return [TRUE, FALSE]
    if question.type == "matching":
        return [f"{pair.left}{ARROW}{pair.right}" for pair in question.pairs]
    if question.type == "ordering":
        return [ARROW.join(question.items)]
    return []


def right_options(question: Question) -> list[str]:
    if question.type in ("single", "multiple"):
        return [option.text for option in question.options if option.correct]
    if question.type == "true-false":
        return [TRUE if question.answer else FALSE]
    if question.type == "fill-in":
        return list(question.answers)
    return all_options(question)  # matching: every right pair; ordering: the one right order


def chosen_options(question: Question, response: str) -> list[str] | None:
    """The option texts a response stands for; None when it cannot be one of this question's."""
    response = response.strip()
    if question.type == "fill-in":
        return [response]
    if question.type == "true-false":
        value = {"t": TRUE, "true": TRUE, "f": FALSE, "false": FALSE}.get(response.lower())
        return None if value is None else [value]
    parts = [part.strip() for part in response.split(",") if part.strip()]
    if question.type in ("single", "multiple"):
        texts = _letters(parts, [option.text for option in question.options])
        if texts is None or (question.type == "single" and len(texts) != 1):
            return None
        return texts
    if question.type == "ordering":
        texts = _letters(parts, list(question.items))
        return None if texts is None else [ARROW.join(texts)]
    if question.type == "matching":
        return _pairs(parts, question)
    return None


def _letters(parts: list[str], texts: list[str]) -> list[str] | None:
    chosen = []
    for part in parts:
        index = _letter_index(part)
        if index is None or index >= len(texts):
            return None
        chosen.append(texts[index])
    return chosen


def _letter_index(part: str) -> int | None:
    if len(part) == 1 and "a" <= part.lower() <= "z":
        return ord(part.lower()) - ord("a")
    return None


def _pairs(parts: list[str], question: Question) -> list[str] | None:
    chosen = []
    for part in parts:
        left, _, right = part.partition(".")
        right_index = _letter_index(right)
        if not left.isdigit() or right_index is None:
            return None
        left_index = int(left) - 1
        if not (0 <= left_index < len(question.pairs)) or right_index >= len(question.pairs):
            return None
        chosen.append(f"{question.pairs[left_index].left}{ARROW}{question.pairs[right_index].right}")
    return chosen


def option_range(question: Question) -> str:
    """How a response to this question is written, for messages."""
    count = len(question.options) or len(question.items) or len(question.pairs)
    last = chr(ord("a") + max(count - 1, 0))
    return {
        "single": f"one letter a-{last}",
        "multiple": f"letters a-{last}, comma-separated",
        "true-false": "t or f",
        "ordering": f"letters a-{last} in order, comma-separated",
        "matching": f"pairs like 1.a, with letters a-{last}",
    }.get(question.type, "text")
