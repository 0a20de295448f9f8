"""The largest ``cmi.suspend_data`` a course can make, worked out at build time.

SCORM 1.2 keeps at most 4096 characters there (CMIString4096, RTE 3.4.2.5) and many
LMSs cut the rest off without a word, so a learner who comes back finds answers or
progress gone. The runtime (templates/static/js/tracking.js, ``encode``) writes a
compact versioned JSON; ``encode`` below is the same encoding, field for field, and
``worst_case`` fills it with the largest state a learner can reach: every page
viewed, every question answered with its longest answer, every attempt used. The
browser test (tests/browser/test_browser_suspend_data.py) holds the two together.

Lengths are counted as JavaScript counts them (UTF-16 code units), since that is
what the runtime and the LMS's API see.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from builder.model import Course, Page, Question
from builder.problems import ProblemList

MAX_SUSPEND_DATA = 4096  # CMIString4096 (RTE 3.4.2.5); tracking.js MAX_SUSPEND
FORMAT_VERSION = 1  # tracking.js VERSION
# A fill-in answer is saved as at most this many characters: the input's maxlength
# (templates/questions/fill-in.html.j2) and quiz.js MAX_FILL_IN, which also turns the
# characters JSON would write as 6-character \uXXXX escapes into spaces. So the worst
# a character can cost is 2: '"' and '\' are escaped as \" and \\.
MAX_FILL_IN = 255
WORST_FILL_IN = '"' * MAX_FILL_IN
LETTERS = "abcdefghijklmnopqrstuvwxyz"  # quiz.js LETTERS: pack() saves choices as letters
MAX_SEED = 2147483646  # quiz.js start(): Math.floor(Math.random() * 2147483647)
MAX_SCORE = 99.99  # tracking.js setAssessmentResult keeps 2 decimal places: 5 characters at most
# Unlimited attempts: the count is taken to stay below 10,000 (4 digits).
UNLIMITED_ATTEMPTS = 9999


def encode(page_count: int, viewed: list[bool], score=None, answers: dict | None = None, quiz=None) -> str:
    """tracking.js ``encode()`` (before its over-the-limit fallback): {v, n, p, s, a, q} as compact JSON."""
    data = {"v": FORMAT_VERSION, "n": page_count, "p": encode_bits(viewed, page_count)}
    if score is not None:
        data["s"] = score
    if answers:
        data["a"] = answers
    if quiz is not None:
        data["q"] = quiz
    return _json(data)


def encode_bits(viewed: list[bool], page_count: int) -> str:
    """tracking.js ``encodeBits``: viewed pages as hex, 4 pages a character, lowest bit first."""
    text = ""
    for start in range(0, page_count, 4):
        text += format(sum(1 << bit for bit in range(4) if start + bit < len(viewed) and viewed[start + bit]), "x")
    return text.rstrip("0")


def longest_answer(question: Question) -> str:
    """The longest text quiz.js ``pack()`` can save for a question."""
    if question.type == "fill-in":
        return WORST_FILL_IN
    count = {"multiple": len(question.options), "matching": len(question.pairs), "ordering": len(question.items)}
    return LETTERS[:count.get(question.type, 1)]  # single and true-false: one letter


def bank_hash(question_ids: list[str]) -> str:
    """quiz.js ``hash(bank.join(' ')).toString(36)``: FNV-1a over UTF-16 code units."""
    value = 2166136261
    text = " ".join(question_ids)
    for unit in _utf16_units(text):
        value = ((value ^ unit) * 16777619) & 0xFFFFFFFF
    digits = ""
    while True:
        value, rest = divmod(value, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
        if not value:
            return digits


def runtime_length(text: str) -> int:
    """The length JavaScript gives a string (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class WorstCase:
    text: str  # the suspend_data itself
    by_page: dict = field(default_factory=dict)  # page id -> characters its questions (and quiz state) take

    @property
    def length(self) -> int:
        return runtime_length(self.text)


def worst_case(course: Course) -> WorstCase:
    """The largest suspend_data the course can make, for a loaded course (before the glossary page is added)."""
    page_count = len(course.pages) + (1 if course.glossary else 0)  # builder.glossary adds one page
    answers, by_page, quiz = {}, {}, None
    for page in course.pages:
        if page.assessment:
            chosen, quiz = _worst_attempt(page)
            by_page[page.id] = runtime_length(_json(quiz)) + len(',"q":')
        else:  # knowledge checks: each keeps its last checked answer
            chosen = page.questions
        for question in chosen:
            answers[question.id] = longest_answer(question)
            by_page[page.id] = by_page.get(page.id, 0) + _entry_length(question)
    score = MAX_SCORE if quiz is not None else None  # only the assessment sets a score
    return WorstCase(encode(page_count, [True] * page_count, score, answers, quiz), by_page)


def _worst_attempt(page: Page) -> tuple[list[Question], dict]:
    """The drawn questions with the longest answers and the largest quiz.js state for them.

    Every field is at its own largest (r and c null, the most attempts, the longest seed);
    no one moment has all of them, so this is a few characters over the truth, on the safe side.
    """
    settings, bank = page.assessment, page.questions
    draw = min(settings.draw or len(bank), len(bank))
    # Each drawn question costs its saved answer plus its index in "d".
    costs = sorted(range(len(bank)), key=lambda i: _entry_length(bank[i]) + len(str(i)), reverse=True)
    drawn = sorted(costs[:draw])
    quiz = {"b": bank_hash([question.id for question in bank]), "t": settings.attempts or UNLIMITED_ATTEMPTS,
            "d": drawn, "s": MAX_SEED, "f": 1, "r": None, "c": None}  # quiz.js start(): the same keys, in order
    return [bank[i] for i in drawn], quiz


def _entry_length(question: Question) -> int:
    """Characters one saved answer takes in "a": "id":"answer" and a comma."""
    return runtime_length(_json({question.id: longest_answer(question)})) - 2 + 1


def check_suspend_data(course: Course, problems: ProblemList) -> None:
    """A problem at the page that takes most, if the worst case could pass the 4096 characters."""
    worst = worst_case(course)
    if worst.length <= MAX_SUSPEND_DATA:
        return
    pages = {page.id: page for page in course.pages}
    biggest = max(worst.by_page, key=worst.by_page.get, default=None)
    if biggest is None:  # no questions at all: only a very long course gets here
        problems.add(course.source, 1, f"{_too_long(worst)}: split the course into shorter ones")
        return
    page = pages[biggest]
    question = max(page.questions, key=_entry_length)
    fill_in = any(q.type == "fill-in" for q in page.questions)
    advice = "use fewer questions on this page"
    if fill_in:
        advice += f" (a fill-in answer can take {_fill_in_cost()} characters)"
    if page.assessment:
        advice += ", or a smaller 'draw'"
    problems.add(page.source, question.line,
                 f"{_too_long(worst)}; this page's questions take up to {worst.by_page[biggest]} of them: {advice}")


def _too_long(worst: WorstCase) -> str:
    return (f"saved progress (cmi.suspend_data) could reach {worst.length} characters, but SCORM 1.2 keeps "
            f"only {MAX_SUSPEND_DATA} and many LMSs cut the rest off silently")


def _fill_in_cost() -> int:
    return runtime_length(_json(WORST_FILL_IN))


def _json(value) -> str:
    """JSON.stringify: no spaces; the same escapes for the characters the runtime can save."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _utf16_units(text: str):
    data = text.encode("utf-16-le")
    return (int.from_bytes(data[i:i + 2], "little") for i in range(0, len(data), 2))
