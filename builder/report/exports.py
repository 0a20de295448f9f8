"""What an LMS export says, before it is matched to a course: learners, attempts, interactions.

Readers (``builder.report.readers``) turn files into these records; ``builder.report.analysis``
matches them to the course's questions. Nothing here knows about any one LMS's file layout.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# The SCO statuses a learner has not finished with (SCORM 1.2 RTE 3.4.2.1.5 cmi.core.lesson_status).
UNFINISHED = ("incomplete", "not attempted", "browsed")


@dataclass(frozen=True)
class Interaction:
    """One ``cmi.interactions.n`` entry as the LMS reports it."""

    id: str
    response: str
    correct: bool
    row: int  # the line of the export it was read from
    latency: float | None = None  # seconds


@dataclass
class AttemptRecord:
    """One learner attempt (one row of a Moodle SCORM report, or the rows of the generic CSV)."""

    learner: str  # the key that joins files: email, else ID number, else name (lower case)
    name: str
    attempt: int = 1
    score: float | None = None  # percent
    status: str = ""  # lower-case lesson status when the export gives it
    last_page: str = ""
    council: str = ""
    row: int = 0
    interactions: list[Interaction] = field(default_factory=list)

    @property
    def unfinished(self) -> bool:
        return self.status in UNFINISHED


@dataclass(frozen=True)
class GradeRecord:
    """A learner's grade for the SCORM activity, from a gradebook export (None: no grade yet)."""

    learner: str
    name: str
    grade: float | None
    row: int
    council: str = ""


@dataclass
class Export:
    """One file as read: what kind it is, its records and the problems met (``path:row: message``)."""

    path: str
    kind: str = ""  # a READERS name, "" when the file could not be recognised
    attempts: list[AttemptRecord] = field(default_factory=list)
    grades: list[GradeRecord] = field(default_factory=list)
    problems: list = field(default_factory=list)  # builder.problems.Problem

    @property
    def records(self) -> int:
        return len(self.attempts) + len(self.grades)


def learner_key(email: str = "", id_number: str = "", name: str = "") -> str:
    """Files are joined on the email (unique in an LMS), else the ID number, else the name."""
    for value, prefix in ((email, "email:"), (id_number, "id:"), (name, "name:")):
        if value.strip():
            return prefix + " ".join(value.split()).lower()
    return ""
