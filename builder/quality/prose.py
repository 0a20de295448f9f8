"""A page's prose, as the checks read it, with the file line each piece came from.

What counts as prose (documented in docs/checking.md):

* included: paragraphs, list items, definition lists, quotes, call-out bodies, footnotes;
* headings and call-out titles: checked for jargon only (they are labels, not sentences);
* left out: front matter, question blocks, code, tables, image alt text.

The text comes from the page's HTML (so Markdown syntax never counts as words);
lines come from lining its words up with the page's Markdown source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from builder.model import Page
from builder.problems import display_path

BLOCKS = {"p", "li", "dt", "dd", "figcaption"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIPPED = {"pre", "code", "table", "script", "style", "img", "sup"}  # sup: footnote numbers
NOT_OWN_TEXT = BLOCKS | SKIPPED | {"ul", "ol", "dl", "div"}  # a block's text leaves these out
WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\u201d\u2019]*\s+(?=[\"'(\u201c\u2018]?[A-Z0-9])")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
LINK_TARGET = re.compile(r"\]\([^)]*\)|\{[:#.][^}]*\}")  # ](target) and {: attribute lists}


@dataclass(frozen=True)
class Block:
    """One paragraph, list item, heading or title of a page."""

    text: str
    line: int
    kind: str  # "prose" or "label" (headings, call-out titles)
    level: int = 0  # heading level, 0 for other blocks
    position: int = 0  # index of its first word in the page's SourceWords


def word_count(text: str) -> int:
    """Words as the sentence checks count them."""
    return len(WORD.findall(text))


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int

    @property
    def words(self) -> int:
        return word_count(self.text)


class PageText:
    """A page's prose and labels in reading order, each with its source line."""

    def __init__(self, page: Page):
        self.page = page
        self.source = SourceWords(page.markdown, page.body_line)
        self.blocks = self._blocks(page.html) if page.html.strip() else []

    @property
    def prose(self) -> list[Block]:
        return [block for block in self.blocks if block.kind == "prose"]

    @cached_property
    def path(self) -> str:
        """The page file as findings name it (worked out once: resolving a path is slow)."""
        return display_path(self.page.source)

    def sentence_texts(self, block: Block) -> list[str]:
        """A block's sentences, without looking up their lines."""
        return [part for part in SENTENCE_END.split(block.text) if part.strip()]

    def sentences(self, block: Block) -> list[Sentence]:
        """Split a block into sentences; each sentence knows its own line."""
        self.source.cursor = block.position
        return [Sentence(part, self.source.line_of(part, block.line)) for part in self.sentence_texts(block)]

    def _blocks(self, html: str) -> list[Block]:
        blocks: list[Block] = []
        # lxml's plain HTML parser: lxml.html's element classes are not needed here, and cost time
        (root,) = etree.HTML(f"<div>{html}</div>").find("body")
        self._add_blocks(root, blocks)
        return blocks

    def _add_blocks(self, parent, blocks: list[Block]) -> None:
        """The blocks inside ``parent``, in reading order; nothing inside a skipped element counts."""
        for element in parent:
            kind = _kind(element)
            text = " ".join(_own_text(element).split()) if kind else ""
            if text:
                level = int(element.tag[1]) if element.tag in HEADINGS else 0
                line = self.source.line_of(text)
                blocks.append(Block(text, line, kind, level, self.source.last_found))
            if element.tag not in SKIPPED:
                self._add_blocks(element, blocks)


def _kind(element) -> str | None:
    if not isinstance(element.tag, str):
        return None  # comments such as question markers
    classes = (element.get("class") or "").split()
    if element.tag in HEADINGS or "admonition-title" in classes:
        return "label"
    return "prose" if element.tag in BLOCKS else None


def _own_text(element) -> str:
    """Text of an element, without nested blocks (they are blocks of their own) or skipped parts."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in NOT_OWN_TEXT:
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)



class SourceWords:
    """The words of a page's Markdown with their file lines, to find where a piece of text starts.

    Pieces are looked up in reading order, so a search starts where the last one was found
    and usually succeeds within a few words; ``list.index`` does the scanning.
    """

    def __init__(self, markdown: str, body_line: int):
        self.words: list[str] = []  # lower case, in reading order
        self.word_lines: list[int] = []  # the file line of each word
        self.lines = markdown.split("\n")
        self.body_line = body_line
        self.cursor = 0
        self.last_found = 0
        fence = None
        ascii_page = markdown.isascii()
        for index, text in enumerate(self.lines):
            match = FENCE.match(text)
            if match and (fence is None or match.group(1).startswith(fence)):
                fence = None if fence else match.group(1)
                continue
            if fence is None:
                # ASCII text can be put in lower case before it is split into words (same words, one call
                # per line); other text is split first, as lower case can change what counts as a word.
                if ascii_page or text.isascii():
                    found = WORD.findall(LINK_TARGET.sub("]", text).lower())
                    self.words += found
                else:
                    found = WORD.findall(LINK_TARGET.sub("]", text))
                    self.words += map(str.lower, found)
                if found:
                    self.word_lines += [body_line + index] * len(found)

    def line_of(self, text: str, default: int | None = None) -> int:
        """The line where ``text`` starts; the next search starts after its words."""
        wanted = list(map(str.lower, WORD.findall(text)))
        for size in (6, 3, 1):  # fewer words when a link or markup splits the first ones
            found = self._find(wanted[:size]) if wanted else None
            if found is not None:
                self.last_found = found
                self.cursor = found + len(wanted)
                return self.word_lines[found]
        return default if default is not None else self.body_line

    def line_of_term(self, term: str, start: int) -> int:
        """The first line at or after ``start`` that mentions ``term`` (case does not matter)."""
        pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
        for index in range(max(start - self.body_line, 0), len(self.lines)):
            if pattern.search(self.lines[index]):
                return self.body_line + index
        return start

    def _find(self, wanted: list[str]) -> int | None:
        """The first index at or after the cursor where the words ``wanted`` follow each other."""
        words, size, first = self.words, len(wanted), wanted[0]
        start, end = self.cursor, len(words) - len(wanted) + 1
        while True:
            try:
                start = words.index(first, start, end)
            except ValueError:
                return None
            if size == 1 or words[start:start + size] == wanted:
                return start
            start += 1
