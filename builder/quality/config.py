"""The ``check:`` section of the course file: thresholds, jargon changes and severities.

The loader passes the section through untouched (``Course.settings['check']``);
it is validated here, with the course file's line numbers, before any check runs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from builder.model import Course
from builder.problems import ERROR, display_path
from builder.quality.findings import ADJUSTABLE, FIXED, LEVELS, Finding
from builder.sources import LineDict, load_yaml, read_text

DEFAULT_READING_EASE = 60
DEFAULT_MAX_SENTENCE_WORDS = 25
KEYS = ("reading_ease", "max_sentence_words", "jargon", "severity")
JARGON_KEYS = ("add", "allow")


@dataclass(frozen=True)
class CheckConfig:
    reading_ease: float = DEFAULT_READING_EASE
    max_sentence_words: int = DEFAULT_MAX_SENTENCE_WORDS
    jargon_add: dict = field(default_factory=dict)  # term -> plain alternative
    jargon_allow: tuple = ()  # terms this course accepts without explanation
    severity: dict = field(default_factory=dict)  # code -> error | warning | off

    def severity_of(self, code: str) -> str:
        return self.severity.get(code) or ADJUSTABLE.get(code, ERROR)


def read_check_config(course: Course) -> tuple[CheckConfig, list[Finding]]:
    """The course's settings, or the defaults; every mistake in the section is reported."""
    section = course.settings.get("check")
    reader = _Reader(display_path(course.source))
    if section is None:
        return CheckConfig(), []
    if not isinstance(section, LineDict):
        reader.problem(_line_of_section(course), "'check' must be settings such as 'reading_ease: 60'")
        return CheckConfig(), reader.findings
    reader.unknown_keys(section, KEYS, "check")
    config = CheckConfig(
        reading_ease=reader.number(section, "reading_ease", DEFAULT_READING_EASE, 0, 100),
        max_sentence_words=int(reader.number(section, "max_sentence_words", DEFAULT_MAX_SENTENCE_WORDS, 5, 100, whole=True)),
        **reader.jargon(section.get("jargon"), section.line_of("jargon")),
        severity=reader.severity(section.get("severity"), section.line_of("severity")),
    )
    return config, reader.findings


def _line_of_section(course: Course) -> int:
    """The course file line of 'check:' (a plain value such as 'check: yes' does not carry its line)."""
    data = load_yaml(read_text(course.source))  # already read once without error by the loader
    return data.line_of("check")


class _Reader:
    """Reads one value at a time, noting each mistake with its line."""

    def __init__(self, path: str):
        self.path = path
        self.findings: list[Finding] = []

    def problem(self, line: int, message: str) -> None:
        self.findings.append(Finding(self.path, line, "check-settings", message, ERROR))

    def unknown_keys(self, data: LineDict, known: tuple, where: str) -> None:
        for key in data:
            if key not in known:
                self.problem(data.line_of(key), f"unknown key '{key}' in '{where}' (use: {', '.join(known)})")

    def number(self, data: LineDict, key: str, default, low, high, whole: bool = False):
        value = data.get(key, default)
        wrong_type = isinstance(value, bool) or not isinstance(value, int if whole else (int, float))
        if wrong_type or not low <= value <= high:
            kind = "a whole number" if whole else "a number"
            self.problem(data.line_of(key), f"'{key}' must be {kind} from {low} to {high}")
            return default
        return value

    def jargon(self, value, line: int) -> dict:
        result = {"jargon_add": {}, "jargon_allow": ()}
        if value is None:
            return result
        if not isinstance(value, LineDict):
            self.problem(line, "'jargon' must have 'add:' (term: plain words) and/or 'allow:' (a list of terms)")
            return result
        self.unknown_keys(value, JARGON_KEYS, "jargon")
        add, allow = value.get("add"), value.get("allow")
        if add is not None:
            if isinstance(add, LineDict) and all(isinstance(v, str) and v.strip() for v in add.values()):
                result["jargon_add"] = {str(term): plain.strip() for term, plain in add.items()}
            else:
                self.problem(value.line_of("add"), "'add' must be lines of 'term: plain words to use instead'")
        if allow is not None:
            if isinstance(allow, list) and all(isinstance(term, str) for term in allow):
                result["jargon_allow"] = tuple(allow)
            else:
                self.problem(value.line_of("allow"), "'allow' must be a list of terms, like [tender, KPI]")
        return result

    def severity(self, value, line: int) -> dict:
        if value is None:
            return {}
        if not isinstance(value, LineDict):
            self.problem(line, f"'severity' must be lines of 'code: error', 'code: warning' or 'code: off' (codes: {', '.join(ADJUSTABLE)})")
            return {}
        result = {}
        for code, level in value.items():
            level = {False: "off"}.get(level, level)  # YAML reads a bare 'off' as false
            if code in FIXED:
                self.problem(value.line_of(code), f"'{code}' is always an error: a package with this mistake cannot work in an LMS")
            elif code not in ADJUSTABLE:
                self.problem(value.line_of(code), f"unknown check '{code}' (use: {', '.join(ADJUSTABLE)})")
            elif level not in LEVELS:
                self.problem(value.line_of(code), f"'{code}' must be one of: {', '.join(LEVELS)}")
            else:
                result[code] = level
        return result
