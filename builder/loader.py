"""Course folder -> Course model. The one place where author input is validated.

Every problem is collected (not thrown one by one) so an author sees all of
them in one run, each as ``path:line: message``.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from builder.hooks import NO_HOOKS, CourseHooks, call_hook, overrides
from builder.markdown_pages import Conversion, MarkdownPages, QuestionBlock
from builder.model import COMPLETION_RULES, Course, GlossaryTerm, Page, Question
from builder.parallel import in_order
from builder.problems import Problem, ProblemList
from builder.questions import check_assessments, parse_assessment, parse_question
from builder.sources import LineDict, LineList, SourceError, read_text, read_yaml_file, split_front_matter
from builder.suspend_data import check_suspend_data

COURSE_FILES = ("course.yml", "course.yaml")
GLOSSARY_FILES = ("glossary.yml", "glossary.yaml")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
VERSION_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")
REQUIRED_COURSE_KEYS = ("id", "title", "version")
OPTIONAL_COURSE_KEYS = ("language", "description", "audience", "estimated_minutes", "completion", "practice_interactions")
# Sections read by other parts of the tool (quality checks, LMS settings); kept as given.
COURSE_SECTIONS = ("check", "lms")
PAGE_KEYS = ("title", "id", "assessment")
RESERVED_TOP_LEVEL = ("index.html", "imsmanifest.xml", "runtime", "theme", "schemas")


def find_course_file(course_dir: Path) -> Path | None:
    return next((course_dir / name for name in COURSE_FILES if (course_dir / name).is_file()), None)


def load_course(course_dir: Path, hooks: CourseHooks = NO_HOOKS) -> Course:
    """Read and validate a course folder; raises BuildError listing every problem."""
    problems = ProblemList()
    # A course file that cannot be read still leaves the pages to check, so one run reports all.
    course = _read_course_file(course_dir, problems) or _stand_in_course(course_dir)
    course.pages = _read_pages(course, problems)
    course.glossary = _read_glossary(course_dir, problems)
    if not page_paths(course.root):
        problems.add(course.source, 1, "the course has no pages: add Markdown files such as 01-welcome.md beside the course file")
    # Pages are converted even when other files have mistakes, so one run reports them all.
    _convert_pages(course, hooks, problems)
    check_assessments(course.pages, problems)
    check_suspend_data(course, problems)  # what the LMS must keep of a learner's progress fits
    problems.raise_if_errors()
    return call_hook(hooks, "on_course_loaded", course)


def _stand_in_course(course_dir: Path) -> Course:
    """Defaults in place of a course file with mistakes (already reported), so pages get checked."""
    return Course(root=course_dir, source=find_course_file(course_dir) or course_dir / COURSE_FILES[0], id="", title="",
                  version="", language="en-GB", description="", audience="", estimated_minutes=0, completion="all-pages")


def _read_course_file(course_dir: Path, problems: ProblemList) -> Course | None:
    source = find_course_file(course_dir)
    if source is None:
        problems.add(course_dir / COURSE_FILES[0], 0, "no course file: create course.yml with id, title and version")
        return None
    data = read_yaml_file(source, problems, LineDict, "the course file must be 'key: value' lines (id, title, version, ...)")
    if data is None:
        return None
    known = REQUIRED_COURSE_KEYS + OPTIONAL_COURSE_KEYS + COURSE_SECTIONS
    for key in data:
        if key not in known:
            problems.add(source, data.line_of(key), f"unknown key '{key}' in the course file{_did_you_mean(key, known)}")
    for key in REQUIRED_COURSE_KEYS:
        if not _text(data.text_of(key)):
            problems.add(source, data.line_of(key), f"the course file has no {key}: add a line '{key}: ...'")
    course_id, version = _text(data.text_of("id")), _text(data.text_of("version"))
    if course_id and not ID_PATTERN.match(course_id):
        problems.add(source, data.line_of("id"), f"course id '{course_id}' must be lower-case letters, digits and hyphens")
    if version and not VERSION_PATTERN.match(version):
        problems.add(source, data.line_of("version"), f"version '{version}' must be letters, digits, dots and hyphens, like 1.0.0")
    minutes = data.get("estimated_minutes", 0)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
        problems.add(source, data.line_of("estimated_minutes"), "estimated_minutes must be a whole number of minutes")
        minutes = 0
    completion = data.get("completion", "all-pages")
    if completion not in COMPLETION_RULES:
        problems.add(source, data.line_of("completion"), f"completion '{completion}' must be one of: {', '.join(COMPLETION_RULES)}")
    practice = data.get("practice_interactions", False)  # knowledge checks in cmi.interactions (docs/runtime.md)
    if not isinstance(practice, bool):
        problems.add(source, data.line_of("practice_interactions"), "practice_interactions must be true or false")
    language = _text(data.text_of("language")) or "en-GB"
    if not re.match(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", language):
        problems.add(source, data.line_of("language"), f"language '{language}' is not a language tag such as en-GB")
    return Course(
        root=course_dir, source=source, id=course_id, title=_text(data.text_of("title")), version=version,
        language=language, description=_text(data.text_of("description")), audience=_text(data.text_of("audience")),
        estimated_minutes=minutes, completion=completion,
        settings={key: data[key] for key in COURSE_SECTIONS if key in data} | {"practice_interactions": practice is True},
    )


def _read_pages(course: Course, problems: ProblemList) -> list[Page]:
    pages: list[Page] = []
    seen: dict[str, Page] = {}
    for number, path in enumerate(page_paths(course.root), start=1):
        page = _read_page(path, number, problems)
        if page is None:
            continue
        if page.id in seen:
            problems.add(path, _id_line(path), f"duplicate page id '{page.id}': {seen[page.id].source.name} already uses it; "
                         "give one of them another 'id:' in its front matter")
            continue
        seen[page.id] = page
        pages.append(page)
    for name in RESERVED_TOP_LEVEL:
        if (course.root / name).exists() and name != "index.html":
            problems.add(course.root / name, 0, f"'{name}' is a name the package uses itself; rename it")
    return pages


def _read_page(path: Path, number: int, problems: ProblemList) -> Page | None:
    try:
        front = split_front_matter(read_text(path))
    except SourceError as exc:
        problems.add(path, exc.line, exc.message)
        return None
    data = front.data
    for key in data:
        if key not in PAGE_KEYS:
            problems.add(path, data.line_of(key), f"unknown key '{key}' in the page front matter{_did_you_mean(key, PAGE_KEYS)}")
    title = _text(data.text_of("title"))
    if not title:
        problems.add(path, data.line_of("title") if "title" in data else 1, "the page needs a title: add 'title: ...' to its front matter")
    page_id = _text(data.text_of("id")) or re.sub(r"^[0-9]+[-_ ]*", "", path.stem).lower()
    if not ID_PATTERN.match(page_id):
        problems.add(path, data.line_of("id") if "id" in data else 1,
                     f"page id '{page_id}' must be lower-case letters, digits and hyphens (set 'id:' in the front matter)")
    if not front.body.strip():
        problems.add(path, front.body_line - 1, "the page is empty: write some text below the front matter")
    page = Page(id=page_id, title=title, source=path, number=number, markdown=front.body, body_line=front.body_line)
    if "assessment" in data:
        page.assessment = parse_assessment(data["assessment"], path, data.line_of("assessment"), problems)
    return page


def page_paths(course_dir: Path) -> list[Path]:
    """The page files, in course order. Hidden files are not pages: macOS leaves '._01-welcome.md'
    copies on shared drives, and editors leave lock files such as '.#01-welcome.md'."""
    return sorted((path for path in course_dir.glob("*.md") if not path.name.startswith(".")), key=_page_order)


def _page_order(path: Path) -> tuple:
    """Pages go in the order of their number prefix, so 2-intro.md comes before 10-summary.md."""
    match = re.match(r"^([0-9]+)", path.name)
    return (int(match.group(1)) if match else float("inf"), path.name)


def _id_line(path: Path) -> int:
    """The line of a page's 'id:' (line 1 when the id comes from the file name)."""
    front = split_front_matter(read_text(path))  # already read once without error
    return front.data.line_of("id") if "id" in front.data else 1


def _read_glossary(course_dir: Path, problems: ProblemList) -> list[GlossaryTerm]:
    source = next((course_dir / name for name in GLOSSARY_FILES if (course_dir / name).is_file()), None)
    if source is None:
        return []
    data = read_yaml_file(source, problems, LineList, "the glossary must be a list of entries: '- term: ...' then 'definition: ...'")
    if data is None:
        return []
    terms, seen = [], {}
    for index, entry in enumerate(data):
        line = data.line_of(index)
        if not isinstance(entry, LineDict) or not _text(entry.get("term")) or not _text(entry.get("definition")):
            problems.add(source, line, "each glossary entry needs 'term:' and 'definition:'")
            continue
        for key in entry:
            if key not in ("term", "definition", "aliases"):
                problems.add(source, entry.line_of(key), f"unknown key '{key}' in a glossary entry (use: term, definition, aliases)")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list):
            problems.add(source, entry.line_of("aliases"), "aliases must be a list, like [VCS, voluntary sector]")
            aliases = []
        term = _text(entry["term"])
        if term.lower() in seen:
            problems.add(source, line, f"'{term}' is already in the glossary (line {seen[term.lower()]})")
            continue
        seen[term.lower()] = line
        terms.append(GlossaryTerm(term, _text(entry["definition"]), tuple(_text(a) for a in aliases), source, line))
    return terms


@dataclass
class _ConvertedPage:
    """One page's Markdown made HTML, with its questions: all a worker process sends back."""

    conversion: Conversion
    questions: list[tuple[Question, int]]  # each question with the file line of its block
    problems: list[Problem]  # mistakes in its questions


def _convert_pages(course: Course, hooks: CourseHooks, problems: ProblemList) -> None:
    # Page files that failed to load still count as link targets: their own problem is reported once.
    page_files = {path.name: "" for path in page_paths(course.root)}
    page_files.update({page.source.name: page.id for page in course.pages})
    converter = MarkdownPages(course.root, page_files)

    def convert(page: Page) -> _ConvertedPage:
        return _convert_page(converter, page, call_hook(hooks, "on_page_markdown", page.markdown, page, course))

    # Page hooks are the author's code: they run here, in page order, so the pages convert here too.
    jobs = 1 if overrides(hooks, "on_page_markdown", "on_page_html") else None
    seen_questions: dict[str, tuple] = {}
    pending = {}
    for page, converted in zip(course.pages, in_order(convert, course.pages, jobs)):
        result = converted.conversion
        problems.extend(converted.problems)
        _add_questions(page, converted.questions, seen_questions, problems)
        for line, message in result.problems:
            problems.add(page.source, line, message)
        page.html = call_hook(hooks, "on_page_html", result.html, page, course)
        page.anchors = result.anchors
        course.assets.update(result.assets)
        pending[page.id] = result.pending_links
    _check_anchors(course, pending, problems)
    for path in course.assets:
        if path.split("/", 1)[0] in RESERVED_TOP_LEVEL:
            problems.add(course.root / path, 0, f"'{path}' clashes with a file the package uses itself; move it into another folder")


def _convert_page(converter: MarkdownPages, page: Page, markdown: str) -> _ConvertedPage:
    """Convert one page, parsing its question blocks; touches nothing shared (it may run in a worker)."""
    questions: list[tuple[Question, int]] = []
    found = ProblemList()

    def handle(block: QuestionBlock) -> str | None:
        default_id = f"{page.id}-q{len(questions) + 1}"
        question = parse_question(block, page.source, default_id, page.assessment is not None, found)
        if question is None:
            return None
        earlier = next((line for other, line in questions if other.id == question.id), None)
        if earlier is not None:
            found.add(page.source, block.line, _already_used(question.id, page.source, earlier))
            return None
        questions.append((question, block.line))
        return question.id

    conversion = converter.convert(markdown, page.element_id, page.body_line, handle)
    return _ConvertedPage(conversion, questions, found.items)


def _already_used(question_id: str, source: Path, line: int) -> str:
    return f"duplicate question id '{question_id}': already used at {source.name}:{line}"


def _add_questions(page: Page, questions: list, seen: dict, problems: ProblemList) -> None:
    """Give the page its questions; an id another page used already is a mistake."""
    for question, line in questions:
        if question.id in seen:
            source, first_line = seen[question.id]
            problems.add(page.source, line, _already_used(question.id, source, first_line))
            continue
        seen[question.id] = (page.source, line)
        page.questions.append(question)


def _check_anchors(course: Course, pending: dict, problems: ProblemList) -> None:
    """Anchors can point at later pages, so they are checked once every page is converted."""
    by_file = {page.source.name: page for page in course.pages}
    for page in course.pages:
        for link in pending[page.id]:
            target = by_file.get(link.page_file) if link.page_file else page
            if target is not None and link.anchor not in target.anchors:
                line = _line_of(page, link.raw)
                problems.add(page.source, line, f"broken link '{link.raw}': page '{target.id}' has no heading with the anchor '#{link.anchor}'")


def _line_of(page: Page, needle: str) -> int:
    for index, text in enumerate(page.markdown.split("\n")):
        if needle in text:
            return page.body_line + index
    return page.body_line


def _did_you_mean(key, known) -> str:
    close = difflib.get_close_matches(str(key), known, n=1)
    return f": did you mean '{close[0]}'?" if close else f" (the keys are: {', '.join(known)})"


def _text(value) -> str:
    return "" if value is None else str(value).strip()
