"""Structure: heading levels, the generated glossary page, and mistakes found while loading.

Loading (builder.loader) already finds broken links, missing images, images
without alt text, external URLs, empty pages and quiz mistakes. Those are not
checked again here: each loading problem is given the code of its kind.
"""
from __future__ import annotations

import re

from builder.glossary import GLOSSARY_PAGE_ID
from builder.model import Course
from builder.problems import ERROR, Problem, display_path
from builder.quality.findings import Finding
from builder.quality.prose import PageText

# How a loading problem's message starts (or what it mentions) -> its code. First match wins.
LOAD_CODES = (
    (re.compile(r"^external (link|image)"), "external-url"),
    (re.compile(r"^broken link"), "broken-link"),
    (re.compile(r"^missing image"), "missing-image"),
    (re.compile(r"has no alt text"), "image-alt"),
    (re.compile(r"^the page is empty"), "empty-page"),
    (re.compile(r"^this page file has no number"), "page-order"),
    (re.compile(r"more than one sitting|learners download every image|slow to open on a council network"), "file-size"),
    (re.compile(r"^raw HTML"), "raw-html"),
    (re.compile(r"^this file is not read"), "source"),  # its name may hold any word below
    (re.compile(r"question|assessment|answer|option|pass.?mark|attempts|feedback", re.IGNORECASE), "quiz"),
    (re.compile(r"glossary", re.IGNORECASE), "glossary"),
)


COURSE_FILE = re.compile(r"(^|/)course\.ya?ml$")


def load_findings(problems: list[Problem]) -> list[Finding]:
    return [Finding(p.path, p.line, _load_code(p), p.message, p.severity) for p in problems]


def _load_code(problem: Problem) -> str:
    if COURSE_FILE.search(problem.path):  # its settings (completion: assessment) are not quiz mistakes
        return "source"
    return next((code for pattern, code in LOAD_CODES if pattern.search(problem.message)), "source")


def heading_skip_findings(text: PageText) -> list[Finding]:
    """Screen-reader users move by heading level, so a skipped level looks like missing content.

    The page title is the level-1 heading, so the first heading on a page should be '##'.
    """
    findings, previous = [], 1
    for block in text.blocks:
        if not block.level:
            continue
        if block.level > previous + 1:
            message = (f"heading '{block.text}' skips from {'#' * previous} to {'#' * block.level}: "
                       f"use {'#' * (previous + 1)} here")
            findings.append(Finding(text.path, block.line, "heading-skip", message))
        previous = block.level
    return findings


def glossary_page_findings(course: Course) -> list[Finding]:
    """The glossary page is made from glossary.yml, so no page of the course may take its id."""
    if not course.glossary:
        return []
    from builder.loader import id_line

    return [Finding(display_path(page.source), id_line(page.source), "glossary",
                    f"page id '{GLOSSARY_PAGE_ID}' is kept for the glossary page made from glossary.yml: "
                    "set another 'id:' in this page's front matter", ERROR)
            for page in course.pages if page.id == GLOSSARY_PAGE_ID]
