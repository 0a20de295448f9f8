"""Plain-English warnings about a question, from its statistics and the thresholds below.

The defaults follow common practice in classical item analysis; every one can be changed on the
command line (``scorm-builder report --help``) and is explained in docs/reports.md.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    min_learners: int = 5  # fewer learners than this: no other flag, the figures are noise
    too_easy: float = 0.9  # facility above this
    too_hard: float = 0.3  # facility below this
    min_discrimination: float = 0.0  # point-biserial below this


@dataclass(frozen=True)
class Flag:
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


CHOICE_TYPES = ("single", "multiple", "true-false")


def question_flags(stats, thresholds: Thresholds) -> list[Flag]:
    """``stats`` is an analysis.QuestionStats."""
    if stats.learners < thresholds.min_learners:
        return [Flag("too-few-learners", f"Too few learners to judge: {stats.learners} answered it, "
                                         f"and at least {thresholds.min_learners} are needed.")]
    flags = []
    if stats.facility > thresholds.too_easy:
        flags.append(Flag("too-easy", f"Too easy: {_percent(stats.facility)} got it right (more than "
                                      f"{_percent(thresholds.too_easy)}). It tells you little about who has learned what."))
    if stats.facility < thresholds.too_hard:
        flags.append(Flag("too-hard", f"Too hard: only {_percent(stats.facility)} got it right (fewer than "
                                      f"{_percent(thresholds.too_hard)}). Check the right answer, the wording and the "
                                      "page that teaches it."))
    if stats.discrimination is not None and stats.discrimination < thresholds.min_discrimination:
        flags.append(Flag("negative-discrimination",
                          f"Strong learners get it wrong: discrimination {stats.discrimination:+.2f}. Learners who did "
                          "well on the other questions did worse on this one. Check for a trick in the wording or a "
                          "wrong answer key."))
    if stats.question.type in CHOICE_TYPES:
        flags.extend(_option_flags(stats))
    elif stats.question.type == "fill-in":
        flags.extend(_typed_flags(stats))
    return flags


def _option_flags(stats) -> list[Flag]:
    flags = []
    right = [text for text in stats.right_options if text in stats.options]
    wrong = {text: count for text, count in stats.options.items() if text not in right}
    for text, count in wrong.items():
        if count == 0:
            flags.append(Flag("option-never-chosen", f"Nobody picked the option {_quoted(text)} A wrong option "
                                                     "nobody picks does no work: make it more believable or drop it."))
    if right:
        weakest = min(right, key=lambda text: stats.options[text])
        for text, count in wrong.items():
            if count > stats.options[weakest]:
                flags.append(Flag("wrong-option-preferred",
                                  f"The wrong option \u201c{text}\u201d was picked more often ({count}) than the right "
                                  f"option \u201c{weakest}\u201d ({stats.options[weakest]}). The page or the question "
                                  "may be misleading learners."))
    return flags


def _typed_flags(stats) -> list[Flag]:
    # What counts as right when typed (case, spaces) is the runtime's call: the LMS's result says it.
    accepted = {answer.strip().lower() for answer in stats.right_options}
    right_count = stats.right
    return [Flag("wrong-option-preferred",
                 f"The wrong answer \u201c{text}\u201d was typed more often ({count}) than the right answers ({right_count}). "
                 "The page or the question may be misleading learners.")
            for text, count in stats.options.items() if text.strip().lower() not in accepted and count > right_count]


def _quoted(text: str) -> str:
    """The option in quotes, ending the sentence: no second full stop after one the option already has."""
    return f"\u201c{text}\u201d" if text.rstrip().endswith((".", "?", "!")) else f"\u201c{text}\u201d."


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"
