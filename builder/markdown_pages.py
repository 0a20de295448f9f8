"""Markdown to HTML for course pages, with the rules a SCORM package needs.

Python-Markdown does the conversion; the extension here adapts its output to a
course where every page lives in one ``index.html`` (one SCO, one LMS session):

* every id is prefixed with the page's element id, so two pages can both have
  a "Summary" heading or a footnote 1;
* links to other page files (``03-objectives.md#anchor``) become in-document
  links, and are checked once every page's anchors are known;
* images and linked files must exist inside the course folder and become
  package assets; images must have alt text;
* external URLs are refused, because a package must work with nothing fetched;
* raw HTML is refused (authors use attribute lists and call-outs instead), so
  every page is accessible by construction.
"""
from __future__ import annotations

import difflib
import importlib
import os
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from builder.assets import check_asset
from builder.problems import closest

EXTENSIONS = ["tables", "attr_list", "admonition", "def_list", "footnotes", "toc", "fenced_code", "sane_lists"]
EXTENSION_CONFIG = {
    "toc": {"permalink": False},
    "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},
}
ALLOWED_SCHEMES = ("mailto", "tel")
# What editors call a Markdown file: Windows tools often save '.MD', Mac ones '.markdown'.
PAGE_SUFFIXES = (".md", ".markdown")
QUESTION_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*question\s*$", re.IGNORECASE)
# A fence marked nearly 'question' ('questions', 'qestion', 'quiz'): shown as code, the learner would
# see the question's YAML and the author no mistake.
FENCE_WORD = re.compile(r"^(\s*)(?:`{3,}|~{3,})\s*([A-Za-z][\w-]*)\s*$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
CALL_OUT = re.compile(r"^!!!\s*[A-Za-z]")  # the start of a call-out: !!! note "Title"
FOOTNOTE_NOTE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")  # [^adopted]: By the GMCA.
FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\](?!:)")  # ...adopted.[^adopted]
ATX_TITLE = re.compile(r"^ {0,3}#(?!#)")  # Python-Markdown takes '#Title' as a heading too
SETEXT_UNDERLINE = re.compile(r"^ {0,3}=+\s*$")
ENTITY = re.compile(r"^&(#\d+|#x[0-9a-fA-F]+|\w+);$")
QUESTION_MARKER = "<!--sb-question:{}-->"
# Attribute lists ({: ...}) can set any attribute. Event handlers (onclick), style
# and the like would be raw HTML by another name, so only these are kept; the
# Markdown extensions themselves produce nothing else (except table alignment).
ALLOWED_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "href", "src", "alt", "width", "height", "start"})
TABLE_ALIGNMENT = re.compile(r"^text-align: (left|right|center);$")
# Bounds that keep every page's conversion short (see docs/design.md, "Untrusted input").
# Python-Markdown nests a list or quote by recursion: 400 levels exhaust Python's stack.
MAX_NESTING = 32
NESTING_MARKER = re.compile(r" {0,3}(?:[-*+]|[0-9]{1,9}[.)]|>)(?=\s|$)\s?")
# Each '[' or '<' makes the inline patterns scan the rest of its paragraph: 20,000 of them
# took 44 s. The work is about (brackets x paragraph length); this much takes well under a second.
MAX_BRACKET_WORK = 2_000_000
MAX_PAGE_BRACKET_WORK = 10_000_000
BLOCK_START = re.compile(r"^\s*(?:[-*+|#>]|[0-9]{1,9}[.)])")
# The toc extension makes each repeated heading's id unique by trying _1, _2, ... in turn.
MAX_HEADINGS = 1000
MAX_PROBLEMS_PER_PAGE = 100  # past this, the rest of a page's problems are counted, not listed


@dataclass
class PendingLink:
    """A link to another page's anchor, checked once every page is converted."""

    raw: str
    page_file: str
    anchor: str


@dataclass
class Conversion:
    html: str
    anchors: set[str]
    assets: dict[str, Path]
    pending_links: list[PendingLink]
    problems: list[tuple[int, str]]  # (file line, message)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (file line, message): reported, not errors


@dataclass
class QuestionBlock:
    """The YAML text of a ```question fence and the file line it starts on."""

    text: str
    line: int


@dataclass
class _PageState:
    root: Path
    page_files: dict[str, str]  # file name -> page id
    element_id: str
    source_lines: list[str]
    body_line: int
    question_handler: object
    assets: dict[str, Path] = field(default_factory=dict)
    pending: list[PendingLink] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    markers: set[str] = field(default_factory=set)
    generated: set[int] = field(default_factory=set)  # stash entries made by extensions, not authors
    fence_stash_start: int = 0
    unlisted: int = 0  # problems past MAX_PROBLEMS_PER_PAGE

    def full(self) -> bool:
        """Whether the page has as many problems listed as are useful (each costs a search of the page)."""
        if len(self.problems) < MAX_PROBLEMS_PER_PAGE:
            return False
        self.unlisted += 1
        return True

    def line_of(self, needle: str) -> int:
        """The file line where ``needle`` first appears in the page body, outside code blocks."""
        found = (index for index in self._indexes_outside_code() if needle and needle in self.source_lines[index])
        return self.body_line + next(found, 0)

    def line_of_title_heading(self, text: str) -> int:
        """The line of a level-1 heading: ``# text``, or ``text`` underlined with ``===``."""
        for index in self._indexes_outside_code():
            line = self.source_lines[index]
            if ATX_TITLE.match(line) and text in line:
                return self.body_line + index
            if index and SETEXT_UNDERLINE.match(line) and text in self.source_lines[index - 1]:
                return self.body_line + index - 1
        return self.body_line

    def _indexes_outside_code(self):
        fence = None
        for index, text in enumerate(self.source_lines):
            marker = FENCE.match(text)
            if marker and (fence is None or marker.group(1).startswith(fence)):
                fence = marker.group(1) if fence is None else None
            elif fence is None:
                yield index

    def problem(self, needle: str, message: str) -> None:
        if not self.full():
            self.problems.append((self.line_of(needle), message))

    def warning(self, needle: str, message: str) -> None:
        if len(self.warnings) < MAX_PROBLEMS_PER_PAGE:
            self.warnings.append((self.line_of(needle), message))


class MarkdownPages:
    """One configured Markdown instance, reused for every page (construction is the slow part)."""

    def __init__(self, root: Path, page_files: dict[str, str]):
        self.root = root
        self.page_files = page_files
        self.extension = _CourseExtension()
        self.md = markdown.Markdown(
            extensions=[*_standard_extensions(), self.extension],
            output_format="html",
        )

    def convert(self, text: str, element_id: str, body_line: int, question_handler) -> Conversion:
        """Convert one page body. ``question_handler(block) -> question id or None``."""
        state = _PageState(self.root, self.page_files, element_id, text.split("\n"), body_line, question_handler)
        too_complex = _too_complex(state)
        if too_complex:
            return Conversion("", set(), {}, [], [too_complex])
        self.extension.state = state
        self.md.reset()
        try:
            html = self.md.convert(text)
        except RecursionError:  # a shape the bounds above do not foresee: a message, never a traceback
            line = body_line
            return Conversion("", set(), {}, [], [(line, "this page is nested too deeply for Markdown to read: "
                                                        "use fewer levels of lists and quotes")])
        self._check_raw_html(state)
        _check_call_outs(state)
        _check_footnotes(state)
        html = re.sub(r"<!--(?!sb-question:).*?-->", "", html, flags=re.S)
        if state.unlisted:
            state.problems.append((body_line, f"and {state.unlisted} more problems on this page, not listed: "
                                              "fix those above and check again"))
        return Conversion(html, state.anchors, state.assets, state.pending, state.problems, state.warnings)

    def _check_raw_html(self, state: _PageState) -> None:
        by_line: dict[int, list[str]] = {}  # one problem per line, naming every tag on it but closing ones
        for index, block in enumerate(self.md.htmlStash.rawHtmlBlocks):
            text = str(block).strip()
            if index in state.generated or text in state.markers or ENTITY.match(text) or text.startswith("<!--"):
                continue
            if len(by_line) >= MAX_PROBLEMS_PER_PAGE:  # each line costs a search of the page
                state.unlisted += 1
                continue
            first = text.split("\n", 1)[0]
            tags = by_line.setdefault(state.line_of(first), [])
            if first[:40] not in tags and (not tags or not first.startswith("</")):
                tags.append(first[:40])
        for line, tags in by_line.items():
            if len(tags) > 1 and tags[0].startswith("</"):
                tags = tags[1:]
            if not state.full():
                state.problems.append((line, f"raw HTML {', '.join(map(repr, tags))} is not allowed: write it in Markdown "
                                             "(use call-outs and attribute lists for layout; see docs/authoring.md)"))


class _CourseExtension(Extension):
    state: _PageState

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API name
        md.preprocessors.register(_QuestionFences(md, self), "sb-questions", 30)
        # fenced_code (priority 25) stashes the HTML of code blocks where raw HTML goes too;
        # noting the stash size on either side of it tells the two apart.
        md.preprocessors.register(_StashMark(md, self, "before"), "sb-stash-before-fences", 26)
        md.preprocessors.register(_StashMark(md, self, "after"), "sb-stash-after-fences", 24)
        md.treeprocessors.register(_CourseTree(md, self), "sb-course", 1)


class _StashMark(Preprocessor):
    """Records which stash entries fenced code blocks made, so they are not taken for raw HTML."""

    def __init__(self, md, extension, side: str):
        super().__init__(md)
        self.extension, self.side = extension, side

    def run(self, lines):
        state, size = self.extension.state, len(self.md.htmlStash.rawHtmlBlocks)
        if self.side == "before":
            state.fence_stash_start = size
        else:
            state.generated.update(range(state.fence_stash_start, size))
        return lines


class _QuestionFences(Preprocessor):
    """Lifts ```question blocks out before Markdown sees them; leaves a marker behind."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        state = self.extension.state
        output, index = [], 0
        while index < len(lines):
            match = QUESTION_FENCE.match(lines[index])
            if not match:
                word = FENCE_WORD.match(lines[index])
                if word and word.group(1) and word.group(2).lower() == "question":
                    state.problems.append((state.body_line + index, "this question block is indented, so learners would "
                                                                    "see it as code: start its lines at the left edge"))
                elif word and _nearly_question(word.group(2)):
                    state.problems.append((state.body_line + index, f"this block is marked '{word.group(2)}', so learners "
                                                                    "would see it as code: start a question with ```question"))
                output.append(lines[index])
                index += 1
                continue
            fence, start = match.group("fence"), index
            end = next((i for i in range(index + 1, len(lines)) if lines[i].strip() == fence), None)
            if end is None:
                state.problems.append((state.body_line + start, f"question block is not closed: add a line {fence}"))
                state.source_lines[start] = ""  # not a code fence either: the lines after it are the page's
                return output + lines[start + 1:]  # the rest of the page is still read and checked
            block = QuestionBlock("\n".join(lines[start + 1:end]), state.body_line + start + 1)
            question_id = state.question_handler(block)
            if question_id:
                marker = QUESTION_MARKER.format(question_id)
                state.markers.add(marker)
                output.extend(["", self.md.htmlStash.store(marker), ""])
            index = end + 1
        return output


class _CourseTree(Treeprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        state = self.extension.state
        for element in root.iter():
            self._check_attributes(element, state)
            if element.tag == "h1" and not state.full():
                state.problems.append((state.line_of_title_heading((element.text or "").strip()),
                                       "use '##' for headings: the page title is the page's only level-1 heading"))
            element_id = element.get("id")
            if element_id:
                state.anchors.add(element_id)
                element.set("id", f"{state.element_id}--{element_id}")
            if element.tag == "a" and element.get("href") is not None:
                self._link(element, state)
            elif element.tag == "img":
                self._image(element, state)
            elif element.tag == "th":
                element.set("scope", "col")
            elif element.tag == "div" and "admonition" in (element.get("class") or "").split():
                element.set("role", "note")

    @staticmethod
    def _check_attributes(element: etree.Element, state: _PageState) -> None:
        for name, value in list(element.attrib.items()):
            if name == "style" and element.tag in ("th", "td") and TABLE_ALIGNMENT.match(value):
                continue  # the tables extension's column alignment
            if name not in ALLOWED_ATTRIBUTES:
                del element.attrib[name]
                state.problem(f"{name}=", f"attribute '{name}' is not allowed in an attribute list: use only "
                                         "#id, .class, title, lang, width or height")

    def _link(self, element: etree.Element, state: _PageState) -> None:
        if "footnote-backref" in (element.get("class") or "").split() and element.get("href", "").startswith("#fnref"):
            # Made by Markdown, back to the mark: a note without one is reported by _check_footnotes.
            element.set("href", f"#{state.element_id}--{element.get('href')[1:]}")
            return
        raw = _unescape(element.get("href"))
        parts = urlsplit(raw)
        if parts.scheme in ALLOWED_SCHEMES:
            return
        if parts.scheme or parts.netloc:
            state.problem(raw, f"external link '{raw}': a package must work offline, so link only to pages and files in the course")
            return
        if not parts.path:
            element.set("href", f"#{state.element_id}--{parts.fragment}" if parts.fragment else f"#{state.element_id}")
            if parts.fragment:
                state.pending.append(PendingLink(raw, "", parts.fragment))
            return
        path = _normalise(unquote(parts.path))
        if "\\" in raw:
            state.problem(raw, f"broken link '{raw}': use / between folder names, not \\")
        elif path is None:
            # '/02-rules.md' for "from the course folder": say so when that is what it names.
            local = _normalise(unquote(parts.path).lstrip("/")) if raw.startswith("/") else None
            in_course = local is not None and (local in state.page_files or os.path.lexists(state.root / local))
            hint = f": write it without the first '/', as '{raw.lstrip('/')}'" if in_course else ""
            state.problem(raw, f"broken link '{raw}': the target must be inside the course folder{hint}")
        elif is_page_file(path):
            page_id = state.page_files.get(path)
            if page_id is None:
                state.problem(raw, f"broken link '{raw}': there is no page file '{path}' in the course{_nearest(path, state.page_files)}")
                return
            element.set("href", f"#p-{page_id}--{parts.fragment}" if parts.fragment else f"#p-{page_id}")
            if parts.fragment:
                state.pending.append(PendingLink(raw, path, parts.fragment))
        elif (page_file := _page_meant(path, state)) is not None:
            state.problem(raw, f"broken link '{raw}': there is no file '{path}' in the course; to link to a page, "
                               f"write its file name: '{page_file}'")
        elif self._asset(path, raw, "broken link", state):
            element.set("href", quote(path))

    def _image(self, element: etree.Element, state: _PageState) -> None:
        raw = _unescape(element.get("src") or "")
        parts = urlsplit(raw)
        if parts.scheme or parts.netloc:
            state.problem(raw, f"external image '{raw}': a package must work offline; put the image in the course folder")
            return
        path = _normalise(unquote(parts.path))
        if "\\" in raw:
            state.problem(raw, f"missing image '{raw}': use / between folder names, not \\")
            return
        if path is None:
            state.problem(raw, f"missing image '{raw}': the image must be inside the course folder")
            return
        if self._asset(path, raw, "missing image", state):
            element.set("src", quote(path))
        if not (element.get("alt") or "").strip():
            state.problem(raw, f"image '{raw}' has no alt text: describe it inside the brackets, ![like this]({raw})")

    @staticmethod
    def _asset(path: str, raw: str, what: str, state: _PageState) -> bool:
        source = state.root / path
        is_image = what == "missing image"
        found = check_asset(source, state.root, path, is_image)
        if found.error:
            state.problem(raw, f"{what if found.missing else 'image' if is_image else 'linked file'} '{raw}': {found.error}")
            return False
        for warning in found.warnings:
            state.warning(raw, warning)
        state.assets[path] = source
        return True


def _check_call_outs(state: _PageState) -> None:
    """A call-out whose text is not indented by four spaces shows as an empty box, with its text
    below it, outside: the learner cannot tell they belong together, and the author sees no mistake."""
    lines = state.source_lines
    for index in state._indexes_outside_code():
        if not CALL_OUT.match(lines[index]):
            continue
        body = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
        indent = len(lines[body]) - len(lines[body].lstrip(" ")) if body is not None else 0
        if body is not None and (lines[body].startswith("\t") or indent >= 4):
            continue
        if body is not None and 0 < indent < 4:
            state.problems.append((state.body_line + body, f"this line is indented by {indent} space"
                                   f"{'s' if indent > 1 else ''}, so it is not inside the call-out above: indent it by four"))
        else:
            state.problems.append((state.body_line + index, "this call-out has no text: write it on the lines below, "
                                                             "each indented by four spaces"))


def _check_footnotes(state: _PageState) -> None:
    """A mark with no note shows learners '[^name]' as it is; a note with no mark made a link
    back to nowhere, reported as a broken '#fnref:' link the author never wrote."""
    notes, marks = {}, {}
    for index in state._indexes_outside_code():
        line = re.sub(r"(`+).*?\1", "", state.source_lines[index])  # code spans show '[^x]' as it is
        note = FOOTNOTE_NOTE.match(line)
        if note:
            notes.setdefault(note.group(1), index)
        for mark in FOOTNOTE_MARK.finditer(line, note.end() if note else 0):
            marks.setdefault(mark.group(1), index)
    for name, index in marks.items():
        if name not in notes:
            state.problems.append((state.body_line + index, f"footnote '[^{name}]' has no note: add a line "
                                                             f"'[^{name}]: ...' below the text"))
    for name, index in notes.items():
        if name not in marks:
            state.problems.append((state.body_line + index, f"the note '[^{name}]' is never used: put [^{name}] in the "
                                                             "text where it belongs, or remove the note"))


def _page_meant(path: str, state: "_PageState") -> str | None:
    """The page file a link to a missing '02-rules' or '02-rules.html' most likely means, if any."""
    if os.path.lexists(state.root / path):
        return None
    stem = posixpath.splitext(path)[0].lower()
    return next((name for name in state.page_files if posixpath.splitext(name)[0].lower() in (stem, path.lower())), None)


def _nearest(path: str, page_files: dict) -> str:
    """'; did you mean ...?' for a link that differs from a page file in letter case or a slip of the keys."""
    by_lower = {name.lower(): name for name in page_files}
    meant = closest(path.lower(), by_lower, cutoff=0.8)
    return f"; did you mean '{by_lower[meant]}'?" if meant else ""


def _nearly_question(word: str) -> bool:
    word = word.lower()
    return word in ("quiz", "mcq") or difflib.SequenceMatcher(None, word, "question").ratio() >= 0.8


def is_page_file(name: str) -> bool:
    return name.lower().endswith(PAGE_SUFFIXES)


def _too_complex(state: _PageState) -> tuple[int, str] | None:
    """(line, message) if the page is shaped so that Markdown would take too long or too deep a
    stack to read it; checked before converting, in time proportional to the page's length."""
    block_start, block_brackets, block_length, page_work, headings = 0, 0, 0, 0, 0
    lines = state.source_lines
    for index in [*state._indexes_outside_code(), len(lines)]:
        line = lines[index] if index < len(lines) else ""
        depth = _nesting(line)
        if depth > MAX_NESTING:
            return state.body_line + index, (f"this line nests {depth} levels of lists or quotes: Markdown reads at most "
                                             f"{MAX_NESTING}; use fewer levels")
        headings += bool(line.lstrip(" ").startswith("#") or SETEXT_UNDERLINE.match(line))
        if headings > MAX_HEADINGS:
            return state.body_line + index, f"this page has more than {MAX_HEADINGS} headings: split it into several pages"
        if not line.strip() or BLOCK_START.match(line) or index == len(lines):
            work = block_brackets * block_length
            page_work += work
            if work > MAX_BRACKET_WORK:
                return state.body_line + block_start, (
                    f"this paragraph has {block_brackets} '[' and '<' in {block_length} characters, too many for "
                    "Markdown to read in reasonable time: split it into shorter paragraphs or remove stray brackets")
            if page_work > MAX_PAGE_BRACKET_WORK:
                return state.body_line + block_start, (
                    "this page has too many '[' and '<' in long paragraphs for Markdown to read in reasonable time "
                    "(the first to tip it over starts here): split the page, its paragraphs, or remove stray brackets")
            block_start, block_brackets, block_length = index, 0, 0
        block_brackets += line.count("[") + line.count("<")
        block_length += len(line) + 1
    return None


def _nesting(line: str) -> int:
    """How many lists and quotes a line is inside: its indent in steps of 4, then its markers."""
    stripped = line.lstrip(" \t")
    indent = len(line[:len(line) - len(stripped)].expandtabs(4))
    depth, position = indent // 4, 0
    while True:
        marker = NESTING_MARKER.match(stripped, position)
        if not marker or marker.end() == position:
            return depth
        depth, position = depth + 1, marker.end()


def _standard_extensions() -> list[Extension]:
    """The EXTENSIONS, made from Python-Markdown's own modules.

    Given by name, Markdown first looks each name up among every installed
    package's entry points, which costs more than the rest of a small build;
    the names are those of its own extensions (markdown.extensions.NAME).
    """
    extensions = [importlib.import_module(f"markdown.extensions.{name}").makeExtension(**EXTENSION_CONFIG.get(name, {}))
                  for name in EXTENSIONS]
    for extension in extensions:
        if isinstance(extension, TocExtension):
            extension.TreeProcessorClass = _HeadingIds
    return extensions


class _HeadingIds(TocTreeprocessor):
    """The toc extension's treeprocessor, which gives headings their ids, without making the table of
    contents of a page that has no [TOC] marker (most pages): building and serialising a list that
    goes nowhere was a third of its time. The ids are toc's own, and a page with the marker gets
    exactly what toc makes."""

    _wanted = True

    def run(self, doc):
        # A superset of the elements toc's replace_marker replaces: any element whose text is the marker.
        marker = self.marker
        self._wanted = bool(marker) and any(element.text and element.text.strip() == marker for element in doc.iter())
        return super().run(doc)

    def build_toc_div(self, toc_list):
        return super().build_toc_div(toc_list) if self._wanted else etree.Element("div")  # never placed in the page

    def replace_marker(self, root, elem):
        if self._wanted:
            super().replace_marker(root, elem)


def _unescape(text: str) -> str:
    """An address as the author wrote it: Python-Markdown holds a backslash-escaped character
    as STX, its code point, ETX until its last step, which runs after this extension's; and it
    hides an email autolink (<mailto:a@b.org>, <a@b.org>) as character codes, each '&' held as
    STX amp ETX."""
    text = re.sub("\x02amp\x03#([0-9]+);", lambda match: chr(int(match.group(1))), text)
    return re.sub("\x02([0-9]+)\x03", lambda match: "\\" + chr(int(match.group(1))), text)


def _normalise(path: str) -> str | None:
    """A course-relative POSIX path, or None if it leaves the course folder."""
    if path.startswith("/") or "\\" in path:
        return None
    normal = posixpath.normpath(path)
    if normal == ".." or normal.startswith("../"):
        return None
    return normal
