"""Course folder -> Course model. The one place where author input is validated.

Every problem is collected (not thrown one by one) so an author sees all of
them in one run, each as ``path:line: message``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from builder.assets import MAX_TOTAL_BYTES, TOTAL_ADVICE_BYTES
from builder.hooks import NO_HOOKS, CourseHooks, call_hook, overrides
from builder.markdown_pages import Conversion, MarkdownPages, QuestionBlock, is_page_file
from builder.model import COMPLETION_RULES, Course, GlossaryTerm, Page, Question
from builder.parallel import in_order
from builder.problems import WARNING, Problem, ProblemList, closest
from builder.questions import check_assessments, parse_assessment, parse_question
from builder.sources import (LineDict, LineList, SourceError, like_id, plain_id, read_text, read_yaml_file, size_text,
                             split_front_matter)
from builder.suspend_data import check_suspend_data

COURSE_FILES = ("course.yml", "course.yaml")
GLOSSARY_FILES = ("glossary.yml", "glossary.yaml")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_PAGE_ID_LENGTH = 255
VERSION_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")
REQUIRED_COURSE_KEYS = ("id", "title", "version")
OPTIONAL_COURSE_KEYS = ("language", "description", "audience", "estimated_minutes", "completion", "practice_interactions")
# Sections read by other parts of the tool (the quality checks); kept as given.
COURSE_SECTIONS = ("check",)
PAGE_KEYS = ("title", "id", "assessment")
RESERVED_TOP_LEVEL = ("index.html", "imsmanifest.xml", "runtime", "theme", "schemas")
PAGE_ADVICE_BYTES = 200 * 1024  # about 30,000 words: far more than one sitting (docs/authoring.md)
MAX_LINK_PROBLEMS_PER_PAGE = 100  # each costs a search of the page for its line


def find_course_file(course_dir: Path) -> Path | None:
    return next((course_dir / name for name in COURSE_FILES if (course_dir / name).is_file()), None)


def not_a_course_folder(path: Path) -> str:
    """Why ``path`` cannot be built: an author may give the course file, or a page, for its folder."""
    if path.exists():
        return f"this is a file, not a course folder: give the folder that holds the course, {path.parent.as_posix()}"
    return "no such course folder"


def misnamed_files(course_dir: Path) -> list[tuple[Path, str]]:
    """(file, the name it should have) for course, glossary and page files under a name the builder
    does not read: 'course.yml.txt' (Notepad adds .txt, and Windows hides it) or 'Course.YML'."""
    found = []
    try:
        entries = sorted(course_dir.iterdir())
    except OSError:
        return []
    for path in entries:
        name = path.name
        meant = name[:-4] if name.lower().endswith(".txt") else name
        if meant.lower() in COURSE_FILES + GLOSSARY_FILES:
            meant = meant.lower()
        elif not (meant != name and is_page_file(meant)):
            continue
        if meant != name and not os.path.lexists(course_dir / meant):  # a case-blind disk finds it anyway
            found.append((path, meant))
    return found


def _misnamed_problem(name: str, meant: str) -> str:
    if name.lower().endswith(".txt"):
        return (f"this file is not read, because its name ends in '.txt': rename it to '{meant}' (Notepad adds .txt "
                "unless you choose 'All files' as the type when you save)")
    return f"this file is not read, because its name is not all in lower case: rename it to '{meant}'"


def load_course(course_dir: Path, hooks: CourseHooks = NO_HOOKS) -> Course:
    """Read and validate a course folder; raises BuildError listing every problem."""
    course, problems = load_course_and_problems(course_dir, hooks)
    problems.raise_if_errors()
    return call_hook(hooks, "on_course_loaded", course)


def load_course_and_problems(course_dir: Path, hooks: CourseHooks = NO_HOOKS) -> tuple[Course, ProblemList]:
    """Read a course folder as far as it can be read, and every problem found doing so.

    The course holds every page that could be read (``check`` goes on to check those);
    ``course.unread`` names the page files that could not be. Warnings are also kept in
    ``course.warnings``, for a build that goes ahead.
    """
    problems = ProblemList()
    if not course_dir.is_dir():
        problems.add(course_dir, 0, not_a_course_folder(course_dir))
        return _stand_in_course(course_dir), problems
    for path, meant in misnamed_files(course_dir):
        problems.add(path, 0, _misnamed_problem(path.name, meant))
    # A course file that cannot be read still leaves the pages to check, so one run reports all.
    course = _read_course_file(course_dir, problems) or _stand_in_course(course_dir)
    course.pages = _read_pages(course, problems)
    course.glossary = _read_glossary(course_dir, problems)
    if not page_paths(course.root):
        where, line = (course.source, 1) if course.source.is_file() else (course.root, 0)
        problems.add(where, line, "the course has no pages: add Markdown files such as 01-welcome.md beside the course file")
    # Pages are converted even when other files have mistakes, so one run reports them all.
    _convert_pages(course, hooks, problems)
    _check_total_size(course, problems)
    check_assessments(course.pages, problems)
    check_suspend_data(course, problems)  # what the LMS must keep of a learner's progress fits
    course.warnings = [problem for problem in problems.items if problem.severity == WARNING]
    return course, problems


def _stand_in_course(course_dir: Path) -> Course:
    """Defaults in place of a course file with mistakes (already reported), so pages get checked."""
    return Course(root=course_dir, source=find_course_file(course_dir) or course_dir / COURSE_FILES[0], id="", title="",
                  version="", language="en-GB", description="", audience="", estimated_minutes=0, completion="all-pages")


def _read_course_file(course_dir: Path, problems: ProblemList) -> Course | None:
    source = find_course_file(course_dir) or _named_like(course_dir, COURSE_FILES)
    if source is None:
        if not any(meant in COURSE_FILES for _, meant in misnamed_files(course_dir)):  # that names the fix
            problems.add(course_dir / COURSE_FILES[0], 0, "no course file: create course.yml with id, title and version")
        return None
    # Empty, or notes only: each missing key is then reported with what to write.
    data = read_yaml_file(source, problems, LineDict, "the course file must be 'key: value' lines (id, title, version, ...)",
                          root=course_dir, empty_ok=True)
    if data is None:
        return None
    known = REQUIRED_COURSE_KEYS + OPTIONAL_COURSE_KEYS + COURSE_SECTIONS
    for key in data:
        if key == "lms":  # an LMS profile belongs to a build, not to the course: one course goes to every LMS
            problems.add(source, data.line_of(key), "the course file does not choose the LMS: build with --lms moodle "
                                                    "(say), or set 'lms:' in each council's profile (docs/authorities.md)")
        elif key not in known:
            problems.add(source, data.line_of(key), f"unknown key '{key}' in the course file{_did_you_mean(key, known)}")
    for key in REQUIRED_COURSE_KEYS:
        if not _text(data.text_of(key)):
            problems.add(source, data.line_of(key), f"the course file has no {key}: add a line '{key}: ...'")
    course_id, version = _text(data.text_of("id")), _text(data.text_of("version"))
    if course_id and not ID_PATTERN.match(course_id):
        problems.add(source, data.line_of("id"), f"course id '{course_id}' must be lower-case letters, digits and hyphens{like_id(course_id)}")
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
    language = _text(data.text_of("language")).replace("_", "-") or "en-GB"  # en_GB, as computers often write it
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
    paths = page_paths(course.root)
    _check_page_order(paths, problems)
    for number, path in enumerate(paths, start=1):
        page = _read_page(path, number, course.root, problems)
        if page is None:
            course.unread.append(path)
            continue
        if page.id in seen and page.id:  # no id at all is reported already
            problems.add(path, id_line(path), f"duplicate page id '{page.id}': {seen[page.id].source.name} already uses it; "
                         "give one of them another 'id:' in its front matter")
            continue
        seen[page.id] = page
        pages.append(page)
    for name in RESERVED_TOP_LEVEL:
        if (course.root / name).exists() and name != "index.html":
            problems.add(course.root / name, 0, f"'{name}' is a name the package uses itself; rename it")
    return pages


def _read_page(path: Path, number: int, root: Path, problems: ProblemList) -> Page | None:
    try:
        text = read_text(path, root)
        front = split_front_matter(text, keep_body=True)
    except SourceError as exc:
        for line, message in exc.all():
            problems.add(path, line, message)
        return None
    if front.error:  # reported; the body is still read, so its own mistakes are found in the same run
        problems.add(path, front.error.line, front.error.message)
    if len(text) > PAGE_ADVICE_BYTES:
        problems.add(path, 1, f"this page is {size_text(len(text.encode('utf-8')))} of text, more than one sitting: "
                              "split it into several pages", WARNING)
    data = front.data
    for key in data:
        if key not in PAGE_KEYS:
            problems.add(path, data.line_of(key), f"unknown key '{key}' in the page front matter{_did_you_mean(key, PAGE_KEYS)}")
    title = _text(data.text_of("title"))
    if not title and not front.error:
        problems.add(path, data.line_of("title") if "title" in data else 1, "the page needs a title: add 'title: ...' to its front matter")
    page_id = _text(data.text_of("id"))
    if page_id and not ID_PATTERN.match(page_id):
        problems.add(path, data.line_of("id"),
                     f"page id '{page_id}' must be lower-case letters, digits and hyphens{like_id(page_id)}")
    elif len(page_id) > MAX_PAGE_ID_LENGTH:
        # The LMS keeps the learner's place as cmi.core.lesson_location, a CMIString255 (RTE 3.4.2.1.5):
        # a longer id is refused there, and the learner would not come back to this page.
        problems.add(path, data.line_of("id"), f"page id is {len(page_id)} characters; the LMS keeps a learner's "
                                               f"place in at most {MAX_PAGE_ID_LENGTH}: use a shorter id")
    elif not page_id:
        page_id = file_page_id(path.stem)
        if not page_id:
            problems.add(path, 1, "the file name gives this page no id: name the file with a word after the number, "
                                  "like 02-introduction.md, or set 'id:' in the front matter")
    if not front.body.strip():
        problems.add(path, front.body_line - 1, "the page is empty: write some text below the front matter")
    page = Page(id=page_id, title=title, source=path, number=number, markdown=front.body, body_line=front.body_line)
    if "assessment" in data:
        page.assessment = parse_assessment(data["assessment"], path, data.line_of("assessment"), problems)
    return page


def file_page_id(stem: str) -> str:
    """A page id made from a file name without its number: '03 Why it Matters' and '03_why_it_matters'
    both give 'why-it-matters', 'Café' gives 'cafe'. Authors name files as they like; ids must be plain."""
    return plain_id(re.sub(r"^[0-9]+", "", stem))


def page_paths(course_dir: Path) -> list[Path]:
    """The page files, in course order. Hidden files are not pages: macOS leaves '._01-welcome.md'
    copies on shared drives, and editors leave lock files such as '.#01-welcome.md'."""
    return sorted((path for path in course_dir.iterdir() if is_page_file(path.name) and not path.name.startswith(".")),
                  key=_page_order)


def _named_like(course_dir: Path, names: tuple) -> Path | None:
    """The first of ``names`` in the folder, whatever it is (a pipe or a broken link is reported when read)."""
    return next((course_dir / name for name in names if os.path.lexists(course_dir / name)), None)


def _check_page_order(paths: list[Path], problems: ProblemList) -> None:
    """A page file without a number goes after every numbered one, even the final assessment."""
    numbered = [path for path in paths if re.match(r"^[0-9]", path.name)]
    if not numbered:
        return  # a course that numbers no page is in name order, as the author sees it
    for path in paths:
        if not re.match(r"^[0-9]", path.name):
            problems.add(path, 1, f"this page file has no number, so it comes last, after {numbered[-1].name}: "
                                  f"start its name with a number to place it, like {_number_width(numbered)}-{path.name}",
                         WARNING)


def _number_width(numbered: list[Path]) -> str:
    last = re.match(r"^([0-9]+)", numbered[-1].name).group(1)
    return str(int(last) + 1).zfill(len(last))


def _page_order(path: Path) -> tuple:
    """Pages go in the order of their number prefix, so 2-intro.md comes before 10-summary.md."""
    match = re.match(r"^([0-9]+)", path.name)
    return (int(match.group(1)) if match else float("inf"), path.name)


def id_line(path: Path) -> int:
    """The line of a page's 'id:' (line 1 when the id comes from the file name)."""
    front = split_front_matter(read_text(path), keep_body=True)  # already read once
    return front.data.line_of("id") if "id" in front.data else 1


def _read_glossary(course_dir: Path, problems: ProblemList) -> list[GlossaryTerm]:
    source = _named_like(course_dir, GLOSSARY_FILES)
    if source is None:
        return []
    # A glossary emptied of its entries (notes left in) is no glossary, as the author means it.
    data = read_yaml_file(source, problems, LineList, "the glossary must be a list of entries: '- term: ...' then 'definition: ...'",
                          root=course_dir, empty_ok=True)
    if data is None:
        return []
    terms, seen = [], {}
    for index, entry in enumerate(data):
        line = data.line_of(index)
        if not isinstance(entry, LineDict) or not _text(entry.text_of("term")) or not _text(entry.text_of("definition")):
            problems.add(source, line, "each glossary entry needs 'term:' and 'definition:'")
            continue
        for key in entry:
            if key not in ("term", "definition", "aliases"):
                problems.add(source, entry.line_of(key), f"unknown key '{key}' in a glossary entry (use: term, definition, aliases)")
        aliases = entry.get("aliases")
        if aliases is None:
            aliases = LineList()
        elif not isinstance(aliases, LineList):
            problems.add(source, entry.line_of("aliases"), "aliases must be a list, like [VCS, voluntary sector]")
            aliases = LineList()
        term = _text(entry.text_of("term"))  # as written: YAML reads 'No' as false and '24:7' as 1447
        if term.lower() in seen:
            problems.add(source, line, f"'{term}' is already in the glossary (line {seen[term.lower()][0]})")
            continue
        seen[term.lower()] = (line, index)
        names = _glossary_aliases(aliases, term, index, seen, source, problems)
        terms.append(GlossaryTerm(term, _text(entry.text_of("definition")), names, source, line))
    return terms


def _glossary_aliases(aliases: LineList, term: str, entry: int, seen: dict, source: Path, problems: ProblemList) -> tuple:
    """An entry's aliases, each a word the pages may use. Every word leads to one entry: an alias that
    is another entry's term or alias could link to either, and an empty one would link nothing."""
    names = []
    for index in range(len(aliases)):
        line, name = aliases.line_of(index), _text(aliases.text_of(index))
        if not name:
            what = "is empty" if aliases[index] is None or aliases.text_of(index) is not None else "is not a word"
            problems.add(source, line, f"alias {index + 1} of glossary term '{term}' {what}: write a word or phrase, or remove it")
            continue
        first = seen.setdefault(name.lower(), (line, entry))
        if first[1] != entry:
            problems.add(source, line, f"'{name}' is already in the glossary (line {first[0]}): "
                                       "a word can lead to one entry only, so remove one of them")
        elif name.lower() not in (known.lower() for known in (term, *names)):
            names.append(name)
    return tuple(names)


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
        for line, message in result.warnings:
            problems.add(page.source, line, message, WARNING)
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
        found = 0
        for link in pending[page.id]:
            target = by_file.get(link.page_file) if link.page_file else page
            if target is not None and link.anchor not in target.anchors:
                found += 1
                if found > MAX_LINK_PROBLEMS_PER_PAGE:
                    continue
                line = _line_of(page, link.raw)
                keys = {_anchor_key(anchor): anchor for anchor in target.anchors}
                meant = closest(_anchor_key(link.anchor), keys, cutoff=0.8)
                hint = f"; did you mean '#{keys[meant]}'?" if meant else ""
                problems.add(page.source, line, f"broken link '{link.raw}': page '{target.id}' has no heading with the anchor "
                                                f"'#{link.anchor}'{hint}")


def _anchor_key(anchor: str) -> str:
    """An anchor as an author may misremember it: '#Add-A-Picture' and '#add_a_picture' for '#add-a-picture'."""
    return anchor.lower().replace("_", "-")


def _check_total_size(course: Course, problems: ProblemList) -> None:
    """Every file a page uses goes into the zip, which learners' browsers and the LMS must take."""
    total = 0
    for path in course.assets.values():
        try:
            total += path.stat().st_size
        except OSError:  # already reported by the page that uses it
            continue
    if total > MAX_TOTAL_BYTES:
        problems.add(course.root, 0, f"the course's pictures and files come to {size_text(total)}, more than the "
                                     f"{size_text(MAX_TOTAL_BYTES)} a package may hold: make them smaller or use fewer")
    elif total > TOTAL_ADVICE_BYTES:
        problems.add(course.root, 0, f"the course's pictures and files come to {size_text(total)}: a package over "
                                     f"{size_text(TOTAL_ADVICE_BYTES)} is slow to open on a council network and some LMSs "
                                     "refuse the upload; make the pictures smaller", WARNING)


def _line_of(page: Page, needle: str) -> int:
    for index, text in enumerate(page.markdown.split("\n")):
        if needle in text:
            return page.body_line + index
    return page.body_line


def _did_you_mean(key, known) -> str:
    meant = closest(key, known)
    return f": did you mean '{meant}'?" if meant else f" (the keys are: {', '.join(known)})"


def _text(value) -> str:
    return "" if value is None else str(value).strip()
