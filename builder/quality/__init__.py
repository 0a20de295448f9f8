"""Quality checks: everything an author can get wrong, found in one run.

``check_course_dir`` loads a course and checks it (``scorm-builder check``);
``check_before_build`` checks an already-loaded course for ``build``. Both
report findings with a stable code each; see docs/checking.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.hooks import call_hook, load_hooks
from builder.loader import load_course_and_problems
from builder.model import Course
from builder.parallel import in_order
from builder.problems import BuildError, display_path
from builder.quality.config import read_check_config
from builder.quality.findings import OFF, Finding, errors, warnings
from builder.quality.jargon import JargonIndex, course_list, jargon_findings
from builder.quality.prose import PageText
from builder.quality.readability import (MIN_WORDS_FOR_SCORE, PageScore, long_sentence_findings, page_score,
                                         reading_ease_findings)
from builder.quality.structure import glossary_page_findings, heading_skip_findings, load_findings
from builder.quality.syllables import remember, save_memo, take_learned
from builder.suspend_data import worst_case


@dataclass
class CheckReport:
    course_dir: Path
    findings: list[Finding] = field(default_factory=list)
    scores: list[PageScore] = field(default_factory=list)
    saved_progress: str = ""  # builder.suspend_data.WorstCase.summary(): the worst case used of 4096
    not_checked: list[str] = field(default_factory=list)  # what could not be checked, and why, in plain words

    @property
    def errors(self) -> list[Finding]:
        return errors(self.findings)

    @property
    def warnings(self) -> list[Finding]:
        return warnings(self.findings)


def check_course_dir(course_dir: Path) -> CheckReport:
    """Load and check one course folder; loading problems become findings too.

    Everything that can be checked is: a page that cannot be read leaves the others to be
    read and checked, and the checks run on every page that was read even when loading
    found mistakes (docs/checking.md, "One run, every problem"). What could not be checked
    is said in ``not_checked``.
    """
    try:
        hooks = load_hooks(course_dir)
    except BuildError as error:  # the author's code: without it the course would not be what they build
        return CheckReport(course_dir, sorted(load_findings(error.problems)),
                           not_checked=["nothing was checked: hooks.py must load first"])
    course, problems = load_course_and_problems(course_dir, hooks)
    if not problems.errors:
        return check_course(call_hook(hooks, "on_course_loaded", course))
    report = check_course(course)
    report.findings = sorted(load_findings(problems.errors) + report.findings)
    report.not_checked = _not_checked(course)
    return report


def _not_checked(course: Course) -> list[str]:
    notes = []
    if course.unread:
        notes.append(_pages_not_checked(course.unread, "{they} could not be read"))
    unreadable = [page.source for page in course.pages if not page.html and page.markdown.strip()]
    if unreadable:  # refused before conversion (builder.markdown_pages._too_complex)
        notes.append(_pages_not_checked(unreadable, "Markdown could not read {them}"))
    if not course.id:
        notes.append("the course file could not be read: the checks used the default settings, not its 'check:' section")
    return notes


def _pages_not_checked(paths: list, why: str) -> str:
    """One note for pages left out of the checks: how many, why, and the first five by name."""
    count = len(paths)
    names = ", ".join(display_path(path) for path in paths[:5]) + (", ..." if count > 5 else "")
    reason = why.format(they="they" if count > 1 else "it", them="them" if count > 1 else "it")
    return (f"{count} page{'s were' if count > 1 else ' was'} not checked for plain English or headings: "
            f"{reason} ({names})")


def check_course(course: Course, every_score: bool = True) -> CheckReport:
    """Run every check on a loaded course, with the severities its course file sets.

    ``every_score=False`` (for ``build``, which shows no scores): only the reading
    ease of pages it can make a finding for is worked out; the findings are the same.
    """
    config, config_findings = read_check_config(course)
    jargon = JargonIndex(course_list(config, course.glossary))  # indexed once per course
    min_words = 0 if every_score else MIN_WORDS_FOR_SCORE if config.severity_of("reading-ease") != OFF else float("inf")

    def check_page(page) -> tuple[PageScore, list[Finding], list]:
        text = PageText(page)
        score = page_score(text, course.language, min_words)
        findings = (heading_skip_findings(text) + reading_ease_findings(score, text, config)
                    + long_sentence_findings(text, config) + jargon_findings(text, jargon))
        return score, findings, take_learned()  # the syllables learned travel back from a worker process

    found, scores = list(glossary_page_findings(course)) + load_findings(course.warnings), []
    for score, findings, learned in in_order(check_page, course.pages):  # pages are checked one by one
        scores.append(score)
        found += findings
        remember(learned)
    save_memo()  # the syllables this run had to work out, kept for the next run
    adjusted = [_with_severity(finding, config.severity_of(finding.code)) for finding in found]
    findings = config_findings + [finding for finding in adjusted if finding.severity != OFF]
    return CheckReport(course.root, sorted(findings), scores, saved_progress=worst_case(course).summary())


def load_and_check(course_dir: Path, hooks) -> tuple[Course, list[Finding]]:
    """Load a course for ``build`` and run the checks it runs: the course and the warnings, or
    BuildError with every error and warning.

    A course with loading mistakes is still checked as far as it was read, so ``build`` reports
    in one run what ``check`` would (docs/checking.md, "One run, every problem").
    """
    course, problems = load_course_and_problems(course_dir, hooks)
    if problems.errors:
        found = check_course(course, every_score=False).findings
        raise BuildError(sorted(problems.errors + [finding.as_problem() for finding in found]))
    course = call_hook(hooks, "on_course_loaded", course)
    return course, check_before_build(course)


def check_before_build(course: Course) -> list[Finding]:
    """The checks ``build`` runs after loading: raises BuildError on errors, returns the warnings."""
    report = check_course(course, every_score=False)
    if report.errors:
        raise BuildError([finding.as_problem() for finding in report.findings])
    return report.warnings


def _with_severity(finding: Finding, severity: str) -> Finding:
    return Finding(finding.path, finding.line, finding.code, finding.message, severity)


__all__ = ["CheckReport", "Finding", "check_before_build", "load_and_check", "check_course", "check_course_dir"]
