"""The typed course model: what a course *is*, once its sources have been read.

Loading (``builder.loader``) is the only place that validates author input;
everything downstream — rendering, manifest, packaging — trusts this model.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

COMPLETION_RULES = ("all-pages", "assessment", "either")
QUESTION_TYPES = ("single", "multiple", "true-false", "fill-in", "matching", "ordering")


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Pair:
    left: str
    right: str


@dataclass(frozen=True)
class Question:
    """One question; which fields matter depends on ``type``."""

    id: str
    type: str
    prompt: str
    source: Path
    line: int
    scored: bool = False  # True inside the final assessment, False for knowledge checks
    options: tuple[Option, ...] = ()  # single, multiple
    answer: bool | None = None  # true-false
    answers: tuple[str, ...] = ()  # fill-in: accepted answers
    pairs: tuple[Pair, ...] = ()  # matching
    items: tuple[str, ...] = ()  # ordering, in the correct order
    hint: str = ""
    feedback_correct: str = ""
    feedback_incorrect: str = ""
    show_answer: bool = True  # knowledge checks: offer the right answer after a wrong try


@dataclass(frozen=True)
class Assessment:
    pass_mark: int  # percent; becomes adlcp:masteryscore
    draw: int | None = None  # questions drawn from the page's bank per attempt (None = all)
    attempts: int | None = None  # None = unlimited
    shuffle: bool = False
    show_answers: bool = True
    source: Path | None = None  # the page file, for problems found once every question is known
    line: int = 0  # line of 'assessment:' in the front matter
    lines: dict = field(default_factory=dict, compare=False, repr=False)  # setting -> its line


@dataclass
class Page:
    id: str
    title: str
    source: Path
    number: int  # 1-based position in the course
    markdown: str  # body without front matter
    body_line: int  # file line where ``markdown`` starts
    html: str = ""  # filled by the Markdown stage of loading
    questions: list[Question] = field(default_factory=list)
    assessment: Assessment | None = None
    anchors: set[str] = field(default_factory=set)  # element ids (headings, footnotes), unprefixed

    @property
    def element_id(self) -> str:
        return f"p-{self.id}"


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    source: Path | None = None
    line: int = 0


@dataclass
class Course:
    root: Path
    source: Path  # the course file
    id: str
    title: str
    version: str
    language: str
    description: str
    audience: str
    estimated_minutes: int
    completion: str
    pages: list[Page] = field(default_factory=list)
    assets: dict[str, Path] = field(default_factory=dict)  # package path -> source file
    glossary: list[GlossaryTerm] = field(default_factory=list)
    settings: dict = field(default_factory=dict)  # optional sections of the course file, by name
    warnings: list = field(default_factory=list)  # loading problems that do not stop a build (builder.problems.Problem)
    unread: list[Path] = field(default_factory=list)  # page files that could not be read: not in ``pages``

    @property
    def assessment_page(self) -> Page | None:
        return next((page for page in self.pages if page.assessment), None)

    @property
    def questions(self) -> list[Question]:
        return [question for page in self.pages for question in page.questions]

    @property
    def package_name(self) -> str:
        return f"{self.id}-{self.version}-scorm12.zip"
