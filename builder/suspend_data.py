"""Saved progress (``cmi.suspend_data``): the keys the runtime saves it by, and the largest
a course can make, worked out at build time.

SCORM 1.2 keeps at most 4096 characters there (CMIString4096, RTE 3.4.2.5) and many
LMSs cut the rest off without a word, so a learner who comes back finds answers or
progress gone. The runtime (templates/static/js/tracking.js, ``encode``) writes a
compact versioned JSON; ``encode`` below is the same encoding, field for field, and
``worst_case`` fills it with the largest state a learner can reach: every page
viewed, every question answered with its longest answer, every attempt used. The
browser test (tests/browser/test_browser_suspend_data.py) holds the two together.

Format 2 is keyed, so a learner's progress survives a new version of the course:
each page has a two-character key made from its id, each question one made from
its content (``page_keys``, ``question_keys``). A changed question gets a new key,
so its old answer is not restored and the learner is asked again.

Knowledge-check answers are practice: when everything cannot fit, the runtime
drops the oldest of them first. So the worst case is what must be kept (pages,
status, score, the assessment) plus as many knowledge-check answers, at their
longest, as the space left allows; only the part that must be kept can refuse a
course.

Lengths are counted as JavaScript counts them (UTF-16 code units), since that is
what the runtime and the LMS's API see.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from builder.model import Course, Page, Question
from builder.problems import ProblemList

MAX_SUSPEND_DATA = 4096  # CMIString4096 (RTE 3.4.2.5); tracking.js MAX_SUSPEND
FORMAT_VERSION = 2  # tracking.js VERSION
# Page and question keys: two characters of these 64 (none needs escaping in JSON), so 4096 of each.
KEY_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
KEY_SPACE = len(KEY_ALPHABET) ** 2
STATUS_CODES = {"passed": "p", "completed": "c", "failed": "f", "incomplete": "i"}  # tracking.js CODES
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


def encode(version: str, status: str, page_keys: list[str], score=None, scored: list[str] | None = None,
           practice: list[str] | None = None, quiz=None) -> str:
    """tracking.js ``encode()``: {v, c, k, p, s, a, q} as compact JSON. ``scored`` and ``practice``
    are "key + saved answer" entries; assessment answers come first."""
    data = {"v": FORMAT_VERSION, "c": version, "k": STATUS_CODES[status], "p": "".join(page_keys)}
    if score is not None:
        data["s"] = score
    answers = list(scored or []) + list(practice or [])
    if answers:
        data["a"] = answers
    if quiz is not None:
        data["q"] = quiz
    return _json(data)


def encode_bits(viewed: list[bool], page_count: int) -> str:
    """Format 1 (tracking.js ``decodeBits`` still reads it): viewed pages as hex, 4 pages a character."""
    text = ""
    for start in range(0, page_count, 4):
        text += format(sum(1 << bit for bit in range(4) if start + bit < len(viewed) and viewed[start + bit]), "x")
    return text.rstrip("0")


def page_keys(page_ids: list[str]) -> dict[str, str]:
    """Page id -> its two-character key: from the id alone, so it stays the same in later versions."""
    return _keys({page_id: page_id for page_id in page_ids})


def question_keys(questions: list[Question]) -> dict[str, str]:
    """Question id -> its key, from what the learner answers (id, type, prompt, choices, correct
    answers; not feedback or hints): a question changed in a later version gets a new key."""
    return _keys({question.id: fingerprint(question) for question in questions})


def fingerprint(question: Question) -> str:
    return _json([question.id, question.type, question.prompt, [[o.text, o.correct] for o in question.options],
                  question.answer, list(question.answers), [[p.left, p.right] for p in question.pairs],
                  list(question.items)])


def _keys(texts: dict[str, str]) -> dict[str, str]:
    """A key from each text's hash; a clash takes the next free key, in id order (so the order of
    pages or questions in the course does not matter)."""
    if len(texts) > KEY_SPACE:
        raise ValueError(f"more than {KEY_SPACE} keys")  # the worst-case check refuses such a course first
    used, keys = set(), {}
    for name in sorted(texts):
        number = int.from_bytes(hashlib.sha256(texts[name].encode("utf-8")).digest()[:4], "big") % KEY_SPACE
        while number in used:
            number = (number + 1) % KEY_SPACE
        used.add(number)
        keys[name] = KEY_ALPHABET[number // 64] + KEY_ALPHABET[number % 64]
    return keys


def course_page_ids(course: Course) -> list[str]:
    """Every page the package has: the glossary page too, which builder.glossary adds."""
    from builder.glossary import GLOSSARY_PAGE_ID

    ids = [page.id for page in course.pages]
    if course.glossary and GLOSSARY_PAGE_ID not in ids:  # where add_glossary_page puts it
        assessment = course.assessment_page
        ids.insert(ids.index(assessment.id) if assessment else len(ids), GLOSSARY_PAGE_ID)
    return ids


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
    practice_kept: int = 0  # knowledge-check answers that fit, at their longest
    practice_total: int = 0
    kept_part: int = 0  # characters of what must be kept (all but knowledge-check answers)

    @property
    def length(self) -> int:
        return runtime_length(self.text)

    def summary(self) -> str:
        """One line for `check` and `inspect`."""
        line = f"saved progress (cmi.suspend_data): worst case {self.length} of {MAX_SUSPEND_DATA} characters"
        if self.practice_kept < self.practice_total:
            line += (f" (the newest {self.practice_kept} of {self.practice_total} knowledge-check answers "
                     "are kept at their longest)")
        return line


def worst_case(course: Course) -> WorstCase:
    """The largest suspend_data the course can make (the glossary page counted whether or not it is added yet)."""
    ids = course_page_ids(course)
    keys = question_keys(course.questions)
    scored, practice, by_page, quiz = [], [], {}, None
    for page in course.pages:
        if page.assessment:
            chosen, quiz = _worst_attempt(page)
            by_page[page.id] = runtime_length(_json(quiz)) + len(',"q":')
        else:  # knowledge checks: each keeps its last checked answer
            chosen = page.questions
        for question in chosen:
            entry = keys[question.id] + longest_answer(question)
            (scored if page.assessment else practice).append(entry)
            if page.assessment:
                by_page[page.id] = by_page.get(page.id, 0) + _entry_length(entry)
    score = MAX_SCORE if quiz is not None else None  # only the assessment sets a score
    version, by_id = course.version, page_keys(ids)
    pages = [by_id[page_id] for page_id in ids]
    kept = encode(version, "incomplete", pages, score, scored, [], quiz)
    # tracking.js drops the oldest practice answers until it fits: the longest case keeps the most it can.
    practice.sort(key=_entry_length)
    count = len(practice)
    text = encode(version, "incomplete", pages, score, scored, practice, quiz)
    while count and runtime_length(text) > MAX_SUSPEND_DATA:
        count -= 1
        text = encode(version, "incomplete", pages, score, scored, practice[len(practice) - count:], quiz)
    if runtime_length(text) > MAX_SUSPEND_DATA:
        text = kept
    return WorstCase(text, by_page, count, len(practice), runtime_length(kept))


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


def _entry_length(entry) -> int:
    """Characters one saved answer ("key + answer", or a question at its longest) takes in "a", with a comma."""
    if isinstance(entry, Question):
        entry = "xx" + longest_answer(entry)
    return runtime_length(_json(entry)) + 1


def check_suspend_data(course: Course, problems: ProblemList) -> None:
    """A problem at the page that takes most, if what must be kept could pass the 4096 characters."""
    worst = worst_case(course)
    if worst.kept_part <= MAX_SUSPEND_DATA:
        return
    pages = {page.id: page for page in course.pages}
    biggest = max(worst.by_page, key=worst.by_page.get, default=None)
    if biggest is None:  # no assessment: only a very long course gets here
        problems.add(course.source, 1, f"{_too_long(worst)}: split the course into shorter ones")
        return
    page = pages[biggest]
    question = max(page.questions, key=_entry_length)
    advice = "use fewer questions in the assessment"
    if any(q.type == "fill-in" for q in page.questions):
        advice += f" (a fill-in answer can take {_fill_in_cost()} characters)"
    advice += ", or a smaller 'draw'"
    problems.add(page.source, question.line,
                 f"{_too_long(worst)}; this page's questions take up to {worst.by_page[biggest]} of them: {advice}")


def _too_long(worst: WorstCase) -> str:
    return (f"saved progress (cmi.suspend_data) could reach {worst.kept_part} characters, but SCORM 1.2 keeps "
            f"only {MAX_SUSPEND_DATA} and many LMSs cut the rest off silently")


def _fill_in_cost() -> int:
    return runtime_length(_json(WORST_FILL_IN))


def _json(value) -> str:
    """JSON.stringify: no spaces; the same escapes for the characters the runtime can save."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _utf16_units(text: str):
    data = text.encode("utf-16-le")
    return (int.from_bytes(data[i:i + 2], "little") for i in range(0, len(data), 2))
