"""Quality checks: everything an author can get wrong, found in one run.

``check_course_dir`` loads a course and checks it (``scorm-builder check``);
``check_before_build`` checks an already-loaded course for ``build``. Both
report findings with a stable code each; see docs/checking.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.hooks import load_hooks
from builder.loader import load_course
from builder.model import Course
from builder.parallel import in_order
from builder.problems import BuildError
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

    @property
    def errors(self) -> list[Finding]:
        return errors(self.findings)

    @property
    def warnings(self) -> list[Finding]:
        return warnings(self.findings)


def check_course_dir(course_dir: Path) -> CheckReport:
    """Load and check one course folder; loading problems become findings too."""
    try:
        course = load_course(course_dir, load_hooks(course_dir))
    except BuildError as error:
        return CheckReport(course_dir, sorted(load_findings(error.problems)))
    return check_course(course)


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

    found, scores = list(glossary_page_findings(course)), []
    for score, findings, learned in in_order(check_page, course.pages):  # pages are checked one by one
        scores.append(score)
        found += findings
        remember(learned)
    save_memo()  # the syllables this run had to work out, kept for the next run
    adjusted = [_with_severity(finding, config.severity_of(finding.code)) for finding in found]
    findings = config_findings + [finding for finding in adjusted if finding.severity != OFF]
    return CheckReport(course.root, sorted(findings), scores, saved_progress=worst_case(course).summary())


def check_before_build(course: Course) -> list[Finding]:
    """The checks ``build`` runs after loading: raises BuildError on errors, returns the warnings."""
    report = check_course(course, every_score=False)
    if report.errors:
        raise BuildError([finding.as_problem() for finding in report.findings])
    return report.warnings


def _with_severity(finding: Finding, severity: str) -> Finding:
    return Finding(finding.path, finding.line, finding.code, finding.message, severity)


__all__ = ["CheckReport", "Finding", "check_before_build", "check_course", "check_course_dir"]
