"""The glossary page, made from glossary.yml, and links to it from each page.

The page goes just before the final assessment (or last, if there is none):
the assessment stays the last thing a learner does, and the words are fresh
when it tests them. On every other page, the first use of each term links to
its entry. Links are added to the page's HTML tree, never inside headings,
links, code or question markup (questions are still markers at this stage).
"""
from __future__ import annotations

import html
import re

import lxml.html

from builder.model import Course, GlossaryTerm, Page
from builder.sources import plain_id

GLOSSARY_PAGE_ID = "glossary"
GLOSSARY_TITLE = "Glossary"
NOT_LINKED_IN = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "dt"}


def add_glossary_page(course: Course) -> None:
    """Add the glossary page and link each page's first use of each term; no glossary, no change."""
    if not course.glossary:
        return
    anchors = term_anchors(course.glossary)
    page = glossary_page(course, anchors)
    position = course.pages.index(course.assessment_page) if course.assessment_page else len(course.pages)
    links = TermLinks(course.glossary, page, anchors)
    for other in course.pages:
        other.html = links.link_first_uses(other.html)
    course.pages.insert(position, page)
    for number, each in enumerate(course.pages, start=1):
        each.number = number


def glossary_page(course: Course, anchors: dict[str, str]) -> Page:
    terms = sorted(course.glossary, key=lambda term: term.term.lower())
    page = Page(id=GLOSSARY_PAGE_ID, title=GLOSSARY_TITLE, source=terms[0].source or course.source,
                number=len(course.pages) + 1, markdown="", body_line=1)
    page.anchors = set(anchors.values())
    from builder.render import environment  # here: `check` needs this module's names, not Jinja

    page.html = environment().get_template("glossary.html.j2").render(
        page=page, terms=[(term, anchors[term.term.lower()]) for term in terms])
    return page


def term_anchors(terms: list[GlossaryTerm]) -> dict[str, str]:
    """Each term (in lower case) -> its anchor on the Glossary page, every one different:
    'Social value' and 'Social-value', or two terms in Greek letters, would otherwise share
    one id, and a link to the second would land on the first."""
    anchors, used = {}, set()
    for term in sorted(terms, key=lambda term: term.term.lower()):
        base = "term-" + (plain_id(term.term) or "word")
        anchor, number = base, 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        anchors[term.term.lower()] = anchor
    return anchors


class TermLinks:
    """Finds glossary terms (and their aliases) in page HTML and links the first use of each."""

    def __init__(self, terms: list[GlossaryTerm], page: Page, anchors: dict[str, str]):
        self.target = {}  # lower-case name -> href
        for term in terms:
            for name in (term.term, *term.aliases):
                self.target.setdefault(name.lower(), f"#{page.element_id}--{anchors[term.term.lower()]}")
        names = sorted(self.target, key=len, reverse=True)  # longest first: 'contract management' before 'contract'
        self.pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, names))})(?![\w-])", re.IGNORECASE)

    def link_first_uses(self, page_html: str) -> str:
        root = lxml.html.fromstring(f"<div>{page_html}</div>")
        linked: set[str] = set()
        for owner, side in list(_text_slots(root)):
            self._link_in(owner, side, linked)
        if not linked:
            return page_html
        return html.escape(root.text or "", quote=False) + "".join(
            lxml.html.tostring(child, encoding="unicode") for child in root)

    def _link_in(self, owner, side: str, linked: set[str]) -> None:
        """Link new terms in one run of text; each link's tail is the rest of the run."""
        while True:
            text = getattr(owner, side) or ""
            match = next((m for m in self.pattern.finditer(text) if self.target[m.group(0).lower()] not in linked), None)
            if match is None:
                return
            href = self.target[match.group(0).lower()]
            linked.add(href)
            link = lxml.html.Element("a", {"href": href, "class": "glossary-link"})
            link.text, link.tail = match.group(0), text[match.end():]
            setattr(owner, side, text[:match.start()])
            if side == "text":
                owner.insert(0, link)
            else:
                parent = owner.getparent()
                parent.insert(parent.index(owner) + 1, link)
            owner, side = link, "tail"


def _text_slots(element, skipped: bool = False):
    """(element, 'text' | 'tail') for every run of linkable text, in reading order."""
    skipped = skipped or not isinstance(element.tag, str) or element.tag in NOT_LINKED_IN \
        or "admonition-title" in (element.get("class") or "").split()
    if not skipped:
        yield element, "text"
    for child in list(element):
        yield from _text_slots(child, skipped)
        if not skipped:
            yield child, "tail"
