"""Exports + course -> learners, per-question statistics and course figures (the report's model).

Each learner's first answer to each question is the one analysed (their first try says most
about the question; later tries follow the feedback). Practice (knowledge checks) and the final
assessment are analysed apart: a rest score only ever mixes questions of the same kind.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from builder.model import Course, Page, Question
from builder.problems import WARNING, Problem, display_path
from builder.report.exports import UNFINISHED, Export, Interaction
from builder.report.flags import Flag, Thresholds, question_flags
from builder.report.questions import (Target, all_options, chosen_options, option_range, question_index,
                                      right_options, target_of)
from builder.report.statistics import facility, median_or_none, point_biserial, score_bands, upper_minus_lower

FINISHED = ("completed", "passed", "failed")
KINDS = ("assessment", "practice")


@dataclass
class Answer:
    target: Target
    interaction: Interaction
    chosen: list[str] | None  # option texts; None when the response fits none of the options


@dataclass
class Attempt:
    number: int
    score: float | None = None
    status: str = ""
    last_page: str = ""
    answers: list[Answer] = field(default_factory=list)
    source: str = ""  # path:row it was first read from


@dataclass
class Learner:
    key: str
    name: str
    council: str
    attempts: dict[int, Attempt] = field(default_factory=dict)
    grade: float | None = None

    @property
    def score(self) -> float | None:
        """The gradebook's grade when given, else the best attempt's score (Moodle's default grading)."""
        if self.grade is not None:
            return self.grade
        scores = [attempt.score for attempt in self.attempts.values() if attempt.score is not None]
        return max(scores) if scores else None

    @property
    def finished(self) -> bool:
        return self.score is not None or any(a.status in FINISHED for a in self.attempts.values())

    def first_answers(self, kind: str) -> dict[str, Answer]:
        first: dict[str, Answer] = {}
        for number in sorted(self.attempts):
            for answer in self.attempts[number].answers:
                if answer.target.kind == kind:
                    first.setdefault(answer.target.question.id, answer)
        return first


@dataclass
class QuestionStats:
    question: Question
    kind: str
    learners: int
    right: int
    facility: float | None
    discrimination: float | None  # point-biserial against the rest score
    upper_lower: float | None
    options: dict[str, int]
    right_options: list[str]
    median_latency: float | None
    flags: list[Flag] = field(default_factory=list)

    @property
    def source(self) -> str:
        return f"{display_path(self.question.source)}:{self.question.line}"


@dataclass
class Tally:
    """How many learners, finished and passed: for the whole course and for each council."""

    learners: int
    finished: int
    passed: int

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.learners if self.learners else None


@dataclass
class Council(Tally):
    name: str


@dataclass
class CourseStats(Tally):
    pass_mark: int | None
    scores: list[float]
    bands: list[tuple[str, int]]
    attempts: list[tuple[int, int]]  # (attempts made, learners)
    stops: list[tuple[str, int]]  # (page, unfinished learners who stopped there)
    councils: list[Council]


@dataclass
class Report:
    course: Course
    exports: list[Export]
    learners: list[Learner]
    questions: list[QuestionStats]
    totals: CourseStats
    thresholds: Thresholds
    problems: list[Problem]

    @property
    def read_anything(self) -> bool:
        return bool(self.learners)


def analyse(course: Course, exports: list[Export], thresholds: Thresholds = Thresholds()) -> Report:
    problems = [problem for export in exports for problem in export.problems]
    learners = _learners(course, exports, problems)
    order = {export.path: index for index, export in enumerate(exports)}
    problems.sort(key=lambda problem: (order.get(problem.path, len(order)), problem.line))  # stable: reading order
    questions = [stats for kind in KINDS for stats in _question_stats(course, learners, kind, thresholds)]
    return Report(course, exports, learners, questions, _course_stats(course, learners), thresholds, problems)


# --- learners ------------------------------------------------------------------------------------

def _learners(course: Course, exports: list[Export], problems: list[Problem]) -> list[Learner]:
    index = question_index(course)
    learners: dict[str, Learner] = {}
    unknown: dict[tuple[str, str], list[int]] = {}
    targets: dict[str, Target | None] = {}
    for export in exports:
        for record in export.attempts:
            learner = learners.setdefault(record.learner, Learner(record.learner, record.name, record.council))
            attempt = learner.attempts.get(record.attempt)
            fresh = attempt is None
            if fresh:
                attempt = learner.attempts[record.attempt] = Attempt(record.attempt, source=f"{export.path}:{record.row}")
            attempt.score = attempt.score if attempt.score is not None else record.score
            attempt.status = attempt.status or record.status
            attempt.last_page = attempt.last_page or record.last_page
            if attempt.status in UNFINISHED:
                attempt.score = None  # Moodle's basic report shows 0 for a learner with no score yet
            if record.interactions and attempt.answers and not fresh:
                problems.append(Problem(export.path, record.row, f"{record.name}'s attempt {record.attempt} was already "
                                        f"read from {attempt.source}: its answers here are left out", WARNING))
                continue
            for interaction in record.interactions:
                if interaction.id not in targets:
                    targets[interaction.id] = target_of(interaction.id, index)
                target = targets[interaction.id]
                if target is None:
                    unknown.setdefault((export.path, interaction.id), []).append(interaction.row)
                    continue
                chosen = chosen_options(target.question, interaction.response)
                if chosen is None:
                    problems.append(Problem(export.path, interaction.row,
                                            f"response '{interaction.response}' to '{interaction.id}' is not "
                                            f"{option_range(target.question)}: left out of the option counts"))
                attempt.answers.append(Answer(target, interaction, chosen))
        for grade in export.grades:
            learner = learners.setdefault(grade.learner, Learner(grade.learner, grade.name, grade.council))
            if grade.grade is not None:
                learner.grade = grade.grade
    for (path, interaction_id), rows in unknown.items():
        more = f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""
        problems.append(Problem(path, rows[0], f"interaction '{interaction_id}' matches no question in the course "
                                f"(from an older version of it?): left out{more}"))
    return list(learners.values())


# --- questions -----------------------------------------------------------------------------------

def _question_stats(course: Course, learners: list[Learner], kind: str, thresholds: Thresholds) -> list[QuestionStats]:
    firsts = {learner.key: learner.first_answers(kind) for learner in learners}
    # Right answers and answers per learner, so each rest score is one subtraction.
    totals = {key: (sum(a.interaction.correct for a in answers.values()), len(answers)) for key, answers in firsts.items()}
    asked = {qid for answers in firsts.values() for qid in answers}
    stats = []
    for question in course.questions:
        if question.id not in asked:
            continue
        results, rest = [], []
        options = dict.fromkeys(all_options(question), 0)
        latencies = []
        for key, answers in firsts.items():
            answer = answers.get(question.id)
            if answer is None:
                continue
            results.append(answer.interaction.correct)
            right, count = totals[key]
            rest.append((right - answer.interaction.correct) / (count - 1) if count > 1 else None)
            for text in answer.chosen or ():
                options[text] = options.get(text, 0) + 1
            if answer.interaction.latency is not None:
                latencies.append(answer.interaction.latency)
        pairs = [(result, score) for result, score in zip(results, rest) if score is not None]
        paired_results, paired_rest = [p[0] for p in pairs], [p[1] for p in pairs]
        item = QuestionStats(question, kind, len(results), sum(results), facility(results),
                             point_biserial(paired_results, paired_rest), upper_minus_lower(paired_results, paired_rest),
                             options, right_options(question), median_or_none(latencies))
        item.flags = question_flags(item, thresholds)
        stats.append(item)
    return stats


# --- the course ----------------------------------------------------------------------------------

def _course_stats(course: Course, learners: list[Learner]) -> CourseStats:
    page = course.assessment_page
    pass_mark = page.assessment.pass_mark if page else None
    passed = {learner.key for learner in learners if _passed(learner, pass_mark)}
    scores = [learner.score for learner in learners if learner.score is not None]
    attempts = Counter(len(learner.attempts) for learner in learners if learner.attempts)
    stops = Counter(_stop_page(course, learner) for learner in learners if not learner.finished)
    councils: dict[str, Council] = {}
    for learner in learners:
        council = councils.setdefault(learner.council, Council(learners=0, finished=0, passed=0, name=learner.council))
        council.learners += 1
        council.finished += learner.finished
        council.passed += learner.key in passed
    return CourseStats(len(learners), sum(learner.finished for learner in learners), len(passed), pass_mark, scores,
                       score_bands(scores), sorted(attempts.items()), _pages_in_order(course, stops),
                       sorted(councils.values(), key=lambda council: council.name.lower()))


def _passed(learner: Learner, pass_mark: int | None) -> bool:
    if pass_mark is None or learner.score is None:
        return any(attempt.status == "passed" for attempt in learner.attempts.values())
    return learner.score >= pass_mark


def page_label(page: Page) -> str:
    return f"{page.number}. {page.title}"


UNKNOWN_PAGE = "not known (no answers, no last page)"


def _stop_page(course: Course, learner: Learner) -> str:
    """The last page the export names, else the page of the learner's last answer."""
    latest = learner.attempts[max(learner.attempts)] if learner.attempts else None
    if latest is None:
        return UNKNOWN_PAGE
    if latest.last_page:
        for page in course.pages:
            if latest.last_page in (page.id, str(page.number), page.title, page.element_id):
                return page_label(page)
        return latest.last_page
    if latest.answers:
        last = latest.answers[-1].target.question
        for page in course.pages:
            if any(question.id == last.id for question in page.questions):
                return page_label(page)
    return UNKNOWN_PAGE


def _pages_in_order(course: Course, stops: Counter) -> list[tuple[str, int]]:
    order = {page_label(page): page.number for page in course.pages}
    return sorted(stops.items(), key=lambda item: (order.get(item[0], len(order) + 1), item[0]))
