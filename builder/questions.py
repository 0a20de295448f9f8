"""Question blocks and assessment settings: YAML from a page -> typed model.

This is part of the loading edge: every author mistake in a question is
reported here, with the page's file and the line of the offending key, and
never later. Problems are collected, not raised, so an author sees them all.

SCORM 1.2 shapes some rules here (RTE = SCORM 1.2 Run-Time Environment):

* question ids become ``cmi.interactions.n.id``, a CMIIdentifier (RTE 3.4.2.7.1):
  no spaces, at most 255 characters;
* choices, pairs and items are reported as one-character identifiers
  (``a,b`` / ``1.a,2.b``, RTE 3.4.2.7.6), so a question has at most 26 of them;
* ``student_response`` and ``correct_responses.n.pattern`` hold at most 255
  characters (CMIFeedback, RTE 3.4.2.7.6-7), which only fill-in text can exceed.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from builder.markdown_pages import QuestionBlock
from builder.model import Assessment, Option, Pair, Question, QUESTION_TYPES
from builder.problems import ProblemList, closest
from builder.sources import LineDict, LineList, SourceError, empty_mapping, like_id, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LENGTH = 255  # CMIIdentifier, RTE 3.4.2.7.1
MAX_RESPONSE_LENGTH = 255  # CMIFeedback, RTE 3.4.2.7.6 (student_response) and 3.4.2.7.7 (pattern)
MAX_CHOICES = 26  # one letter a-z per choice, pair or item (RTE 3.4.2.7.6 formats)
COMMON_KEYS = ("id", "type", "prompt", "hint", "feedback", "show_answer")
TYPE_KEYS = {
    "single": ("options",),
    "multiple": ("options",),
    "true-false": ("answer",),
    "fill-in": ("answers",),
    "matching": ("pairs",),
    "ordering": ("items",),
}
LIKELY_TYPOS = {"answer": "answers", "answers": "answer", "option": "options", "pair": "pairs", "item": "items",
                "question": "prompt", "text": "prompt", "choices": "options"}
# What other tools call the six types (Moodle, Forms, H5P), written as authors remember them.
TYPE_ALIASES = {"truefalse": ("true-false",), "true-or-false": ("true-false",), "boolean": ("true-false",),
                "fill-in-the-blank": ("fill-in",), "fill-in-the-blanks": ("fill-in",), "short-answer": ("fill-in",),
                "text": ("fill-in",), "match": ("matching",), "order": ("ordering",), "sequence": ("ordering",),
                "multiple-choice": ("single", "multiple"), "single-choice": ("single",), "radio": ("single",),
                "checkbox": ("multiple",), "checkboxes": ("multiple",), "multiple-response": ("multiple",)}
OPTION_KEYS = ("text", "correct", "feedback")
PAIR_KEYS = ("left", "right")
FEEDBACK_KEYS = ("correct", "incorrect")
ASSESSMENT_KEYS = ("pass_mark", "draw", "attempts", "shuffle", "show_answers")
DEFAULT_PASS_MARK = 80


class _Checker:
    """Adds problems for one file and remembers whether any were added."""

    def __init__(self, source: Path, problems: ProblemList):
        self.source = source
        self.problems = problems
        self.failed = False

    def add(self, line: int, message: str) -> None:
        self.failed = True
        self.problems.add(self.source, line, message)

    def text(self, value, line: int, what: str, written: str | None = None) -> str | None:
        """A piece of author text ("" if missing); None once YAML's surprises (yes -> true, lists) are reported.

        ``written`` is the value as the author typed it: YAML reads ``12:30`` as 750 and ``1.50``
        as 1.5, but a learner must see, and be able to type, what the author wrote."""
        if isinstance(value, bool):
            self.add(line, f"{what} was read as {str(value).lower()}: put the text in quotes, like \"Yes\"")
            return None
        if isinstance(value, (dict, list)):
            self.add(line, f"{what} must be plain text")
            return None
        if value is None:
            return ""
        return (written if written is not None else str(value)).strip()

    def field(self, data: LineDict, key: str, what: str) -> str | None:
        """The text under ``key`` of a mapping, as written (see text)."""
        return self.text(data.get(key), data.line_of(key), what, data.text_of(key))


# --- questions ---------------------------------------------------------------------------------


def parse_question(block: QuestionBlock, source: Path, default_id: str, scored: bool,
                   problems: ProblemList) -> Question | None:
    """One ```question block -> Question, or None (with problems added) if it has mistakes."""
    check = _Checker(source, problems)
    try:
        data = load_yaml(block.text, first_line=block.line)
    except SourceError as exc:
        check.add(exc.line, exc.message)
        return None
    if not isinstance(data, LineDict):
        check.add(block.line, "a question block must be 'key: value' lines (id, type, prompt, ...)")
        return None
    question_id = _question_id(data, default_id, block.line, check)
    kind = _question_type(data, block.line, check)
    prompt = check.field(data, "prompt", "the prompt")
    if prompt == "":
        check.add(data.line_of("prompt") if "prompt" in data else block.line, "the question needs a 'prompt:' (the question itself)")
    hint = check.field(data, "hint", "the hint")
    correct_text, incorrect_text = _feedback(data, check)
    # Knowledge checks: after a wrong try, a "Show the right answer" button (unless the author says no).
    show_answer = data.get("show_answer", True)
    if not isinstance(show_answer, bool):
        check.add(data.line_of("show_answer"), _not_a_flag("show_answer", show_answer))
    if kind is None:
        return None
    _unknown_keys(data, kind, check)
    fields = READERS[kind](data, check)
    if check.failed:
        return None
    return Question(id=question_id, type=kind, prompt=prompt, source=source, line=block.line, scored=scored,
                    hint=hint, feedback_correct=correct_text, feedback_incorrect=incorrect_text,
                    show_answer=show_answer is not False, **fields)


def _question_id(data: LineDict, default_id: str, block_line: int, check: _Checker) -> str:
    if "id" not in data:
        question_id, line = default_id, block_line
    else:
        question_id, line = check.field(data, "id", "the question id"), data.line_of("id")
        if question_id is None:
            return default_id
    if not ID_PATTERN.match(question_id):
        check.add(line, f"question id '{question_id}' must be lower-case letters, digits and hyphens, with no spaces"
                        f"{like_id(question_id)}")
    elif len(question_id) > MAX_ID_LENGTH:
        # Reported to the LMS as cmi.interactions.n.id, a CMIIdentifier (RTE 3.4.2.7.1).
        check.add(line, f"question id is {len(question_id)} characters; SCORM 1.2 allows at most {MAX_ID_LENGTH}")
    return question_id


def _question_type(data: LineDict, block_line: int, check: _Checker) -> str | None:
    if "type" not in data:
        check.add(block_line, f"the question needs 'type:', one of: {', '.join(QUESTION_TYPES)}")
        return None
    kind = data["type"]
    if isinstance(kind, str) and kind.strip().lower() in QUESTION_TYPES:
        data["type"] = kind.strip().lower()  # 'Single' and 'True-False' are what the author meant
        return data["type"]
    written = data.text_of("type") or kind
    check.add(data.line_of("type"), f"unknown question type '{written}': use one of: {', '.join(QUESTION_TYPES)}"
                                    f"{_type_meant(str(written))}")
    return None


def _type_meant(written: str) -> str:
    """'; did you mean ...?' for the names other tools give the six types."""
    word = re.sub(r"[\s_/]+", "-", written.strip().lower())
    meant = TYPE_ALIASES.get(word) or difflib.get_close_matches(word, QUESTION_TYPES, n=1, cutoff=0.7)
    return f"; did you mean {' or '.join(repr(name) for name in meant)}?" if meant else ""


def _unknown_keys(data: LineDict, kind: str, check: _Checker) -> None:
    allowed = COMMON_KEYS + TYPE_KEYS[kind]
    for key in data:
        if key in allowed:
            continue
        typo = LIKELY_TYPOS.get(key)
        check.add(data.line_of(key), f"unknown key '{key}' in {_a(kind)} question{_keys_hint(key, allowed, typo)}")


def _not_a_flag(name: str, value) -> str:
    """'correct: "true"' is text, not true: say so, as the author sees true there."""
    quoted = isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no")
    return f"{name} must be true or false{', without quotes' if quoted else ''}"


def _keys_hint(key, allowed: tuple, typo: str | None = None) -> str:
    """'; did you mean ...?' for a slip of the keys ('anwser', 'corect'), else the keys there are."""
    meant = typo if typo in allowed else closest(key, allowed, cutoff=0.75)
    return f"; did you mean '{meant}'?" if meant else f" (use: {', '.join(allowed)})"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _feedback(data: LineDict, check: _Checker) -> tuple[str, str]:
    value = data.get("feedback")
    if value is None:
        return "", ""
    if not isinstance(value, LineDict):
        check.add(data.line_of("feedback"), "feedback must be 'correct: ...' and 'incorrect: ...' lines below 'feedback:'")
        return "", ""
    for key in value:
        if key not in FEEDBACK_KEYS:
            check.add(value.line_of(key), f"unknown key '{key}' in feedback{_keys_hint(key, FEEDBACK_KEYS)}")
    return (check.field(value, "correct", "the correct feedback"),
            check.field(value, "incorrect", "the incorrect feedback"))


def _list(data: LineDict, key: str, check: _Checker, missing: str) -> LineList | None:
    """The list under ``key``, or None with a problem if it is missing or not a list."""
    value = data.get(key)
    if value is None:
        check.add(data.line_of(key) if key in data else data.line, missing)
        return None
    if not isinstance(value, LineList):
        check.add(data.line_of(key), f"'{key}' must be a list, one '- ...' line per entry")
        return None
    return value


def _too_many(values: LineList, what: str, check: _Checker) -> bool:
    if len(values) <= MAX_CHOICES:
        return False
    # Each is reported to the LMS as one letter, a-z (RTE 3.4.2.7.6).
    check.add(values.line_of(MAX_CHOICES), f"at most {MAX_CHOICES} {what}: SCORM 1.2 reports each as one letter, a to z")
    return True


def _choices(data: LineDict, check: _Checker) -> dict:
    """single and multiple: options with text, correct (true/false) and optional feedback."""
    kind = data["type"]
    entries = _list(data, "options", check, f"{_a(kind)} question needs 'options:', a list of '- text: ...' entries")
    if entries is None:
        return {}
    options, correct_lines, seen = [], [], {}
    shape = "must be 'text: ...' (and 'correct: true' for a right answer)"
    for index, line, entry in _entries(entries, "option", OPTION_KEYS, shape, check):
        text = check.field(entry, "text", f"the text of option {index + 1}")
        if text == "":
            check.add(entry.line_of("text"), f"option {index + 1} has no text")
        elif text is not None and text in seen:
            check.add(entry.line_of("text"), f"option '{text}' is given twice (also line {seen[text]})")
        seen.setdefault(text, entry.line_of("text"))
        correct = entry.get("correct", False)
        if not isinstance(correct, bool):
            check.add(entry.line_of("correct"), _not_a_flag("'correct'", correct))
            correct = False
        if correct:
            correct_lines.append(entry.line_of("correct"))
        options.append(Option(text, correct, check.field(entry, "feedback", "option feedback")))
    minimum = 2
    if len(entries) < minimum:
        check.add(data.line_of("options"), f"{_a(kind)} question needs at least {minimum} options")
    if not correct_lines:
        check.add(data.line_of("options"), "no option is marked 'correct: true'")
    if kind == "single" and len(correct_lines) > 1:
        check.add(correct_lines[1], f"a single question has one right answer, but {len(correct_lines)} options are "
                                    "marked 'correct: true' (use 'type: multiple' for more)")
    _too_many(entries, "options", check)
    return {"options": tuple(options)}


def _entries(entries: LineList, noun: str, keys: tuple, shape: str, check: _Checker):
    """(index, line, entry) for each 'key: value' entry of a list; wrong shapes and unknown keys reported."""
    article = "an" if noun[0] in "aeiou" else "a"
    for index, entry in enumerate(entries):
        line = entries.line_of(index)
        if not isinstance(entry, LineDict):
            check.add(line, f"{noun} {index + 1} {shape}")
            continue
        for key in entry:
            if key not in keys:
                check.add(entry.line_of(key), f"unknown key '{key}' in {article} {noun}{_keys_hint(key, keys)}")
        yield index, line, entry


def _true_false(data: LineDict, check: _Checker) -> dict:
    answer = data.get("answer")
    if not isinstance(answer, bool):
        line = data.line_of("answer") if "answer" in data else data.line
        check.add(line, "a true-false question needs 'answer: true' or 'answer: false'")
        return {}
    return {"answer": answer}


def _fill_in(data: LineDict, check: _Checker) -> dict:
    value = data.get("answers")
    if value is not None and not isinstance(value, list):
        value = LineList([value])  # one accepted answer written without brackets
        value.line, value.item_lines = data.line_of("answers"), [data.line_of("answers")]
        value.item_texts = [data.text_of("answers")]
    if not value:
        line = data.line_of("answers") if "answers" in data else data.line
        check.add(line, "a fill-in question needs 'answers:', a list of accepted answers such as [six, 6]")
        return {}
    answers = []
    for index, raw in enumerate(value):
        line = value.line_of(index)
        text = check.text(raw, line, f"accepted answer {index + 1}", value.text_of(index))
        if text == "":
            check.add(line, f"accepted answer {index + 1} is empty")
        elif text is not None and len(text) > MAX_RESPONSE_LENGTH:
            # Sent as cmi.interactions.n.correct_responses.0.pattern (RTE 3.4.2.7.7): 255 at most.
            check.add(line, f"accepted answer {index + 1} is {len(text)} characters; SCORM 1.2 records at most {MAX_RESPONSE_LENGTH}")
        answers.append(text)
    return {"answers": tuple(answers)}


def _matching(data: LineDict, check: _Checker) -> dict:
    entries = _list(data, "pairs", check, "a matching question needs 'pairs:', a list of '- left: ...' / 'right: ...' entries")
    if entries is None:
        return {}
    pairs, lefts, rights = [], {}, {}
    for index, line, entry in _entries(entries, "pair", PAIR_KEYS, "must be 'left: ...' and 'right: ...'", check):
        left = check.field(entry, "left", f"the left of pair {index + 1}")
        right = check.field(entry, "right", f"the right of pair {index + 1}")
        if left is None or right is None:
            continue
        if not left or not right:
            missing = "left" if not left else "right"
            check.add(line, f"pair {index + 1} has no '{missing}:': each pair needs both 'left:' and 'right:'")
            continue
        for side, text, seen in (("left", left, lefts), ("right", right, rights)):
            if text in seen:
                check.add(entry.line_of(side), f"'{text}' is on the {side} of two pairs (also line {seen[text]}): "
                                                "each answer must match exactly one item")
            seen.setdefault(text, entry.line_of(side))
        pairs.append(Pair(left, right))
    if len(entries) < 2:
        check.add(data.line_of("pairs"), "a matching question needs at least 2 pairs")
    _too_many(entries, "pairs", check)
    return {"pairs": tuple(pairs)}


def _ordering(data: LineDict, check: _Checker) -> dict:
    entries = _list(data, "items", check, "an ordering question needs 'items:', listed in the right order")
    if entries is None:
        return {}
    items, seen = [], {}
    for index, raw in enumerate(entries):
        line = entries.line_of(index)
        text = check.text(raw, line, f"item {index + 1}", entries.text_of(index))
        if text == "":
            check.add(line, f"item {index + 1} is empty")
        elif text is not None and text in seen:
            check.add(line, f"item '{text}' is listed twice (also line {seen[text]})")
        seen.setdefault(text, line)
        items.append(text)
    if len(entries) < 2:
        check.add(data.line_of("items"), "an ordering question needs at least 2 items")
    _too_many(entries, "items", check)
    return {"items": tuple(items)}


READERS = {
    "single": _choices,
    "multiple": _choices,
    "true-false": _true_false,
    "fill-in": _fill_in,
    "matching": _matching,
    "ordering": _ordering,
}


# --- the assessment ----------------------------------------------------------------------------


def parse_assessment(value, source: Path, line: int, problems: ProblemList) -> Assessment | None:
    """A page's ``assessment:`` front matter -> Assessment, or None with problems added."""
    check = _Checker(source, problems)
    if value is False:  # 'assessment: no': an ordinary page
        return None
    if value is None or value is True:  # 'assessment:' alone, or 'assessment: yes': every setting its default
        value = empty_mapping(line)
    if not isinstance(value, LineDict):
        check.add(line, "'assessment' must be settings such as 'pass_mark: 80'")
        return None
    for key in value:
        if key not in ASSESSMENT_KEYS:
            check.add(value.line_of(key), f"unknown assessment setting '{key}'{_keys_hint(key, ASSESSMENT_KEYS)}")
    pass_mark = value.get("pass_mark", DEFAULT_PASS_MARK)
    if not _is_number(pass_mark) or not 0 <= pass_mark <= 100:
        # Becomes adlcp:masteryscore, a decimal from 0 to 100 (CAM 2.3.2.4.2.2).
        check.add(value.line_of("pass_mark"), _pass_mark_problem(pass_mark, value.text_of("pass_mark")))
    draw = _whole_number(value, "draw", "draw must be a whole number of questions, at least 1 (leave it out to use them all)", check)
    attempts = _whole_number(value, "attempts", "attempts must be a whole number, at least 1 (leave it out for unlimited attempts)", check)
    flags = {key: value.get(key, default) for key, default in (("shuffle", False), ("show_answers", True))}
    for key, flag in flags.items():
        if not isinstance(flag, bool):
            check.add(value.line_of(key), _not_a_flag(key, flag))
    if check.failed:
        return None
    if isinstance(pass_mark, float) and pass_mark.is_integer():
        pass_mark = int(pass_mark)
    return Assessment(pass_mark=pass_mark, draw=draw, attempts=attempts, source=source, line=line,
                      lines=dict(value.key_lines), **flags)


def _pass_mark_problem(pass_mark, written: str | None) -> str:
    message = f"pass_mark must be a number from 0 to 100 (a percentage), not '{written or pass_mark}'"
    number = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(%?)\s*", pass_mark) if isinstance(pass_mark, str) else None
    if number and float(number.group(1)) <= 100:  # '80%' or "80": the author means 80
        return f"{message}: write it as a plain number, without {'the % sign' if number.group(2) else 'quotes'}: pass_mark: {number.group(1)}"
    return message


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value  # NaN is not


def _whole_number(settings: LineDict, key: str, message: str, check: _Checker) -> int | None:
    value = settings.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        check.add(settings.line_of(key), message)
        return None
    return value


def check_assessments(pages, problems: ProblemList) -> None:
    """Course-wide rules, once every page's questions are known: one assessment page, enough questions."""
    first = None
    for page in pages:
        settings = page.assessment
        if settings is None:
            continue
        if first is not None:
            problems.add(page.source, settings.line, f"only one page can be the assessment, and {first.source.name} "
                                                     "already is: remove 'assessment:' from one of them")
            continue
        first = page
        bank = len(page.questions)
        if bank == 0:
            problems.add(page.source, settings.line, "the assessment page has no questions: add ```question blocks to it")
        elif settings.draw is not None and settings.draw > bank:
            problems.add(page.source, settings.lines.get("draw", settings.line),
                         f"draw is {settings.draw} but the page has only {bank} question{'s' if bank != 1 else ''}")
