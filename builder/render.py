"""Course model -> the files of the package (``index.html``, runtime, assets).

Rendering trusts the model: nothing here validates author input.
"""
from __future__ import annotations

import json
import os
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from builder.model import Course, Question
from builder.parallel import in_order
from builder.suspend_data import MAX_SUSPEND_DATA, page_keys, question_keys, worst_case
from builder.templates_dir import templates_dir

# Load order matters: each file uses the namespace the previous ones set up.
RUNTIME_SCRIPTS = ("lms-api.js", "tracking.js", "navigation.js", "quiz.js", "main.js")
RUNTIME_STYLES = ("course.css",)
QUESTION_MARKER = re.compile(r"<!--sb-question:([a-z0-9-]+)-->")


@dataclass(frozen=True)
class LmsProfile:
    """Switches the runtime reads to cope with an LMS's quirks; defaults work everywhere."""

    name: str = "default"  # which named profile (builder/lms_profiles.yml); shown in the debug log
    commit_on_change: bool = True
    commit_throttle_ms: int = 1000
    max_interaction_length: int = 255
    allow_empty_exit: bool = True
    status_before_finish: bool = True
    find_timeout_ms: int = 5000

    def as_runtime(self) -> dict:
        return {
            "profile": self.name,
            "commitOnChange": self.commit_on_change,
            "commitThrottleMs": self.commit_throttle_ms,
            "maxInteractionLength": self.max_interaction_length,
            "allowEmptyExit": self.allow_empty_exit,
            "statusBeforeFinish": self.status_before_finish,
            "findTimeoutMs": self.find_timeout_ms,
        }


@dataclass(frozen=True)
class Brand:
    """Per-council look: shown in the header and footer, colours as CSS custom properties."""

    name: str = ""
    logo: str = ""  # package path of the logo, or "" for none
    logo_alt: str = ""
    colours: dict = field(default_factory=dict)  # CSS custom property name -> colour
    contact: str = ""
    support: str = ""


# How templates compile: part of the name of each compiled template in the cache, so a change here never reuses one.
TEMPLATE_OPTIONS = {"trim_blocks": True, "lstrip_blocks": True}
AUTOESCAPED = ("html", "j2")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(list(AUTOESCAPED)),
        undefined=StrictUndefined,
        bytecode_cache=_template_cache(),
        **TEMPLATE_OPTIONS,
    )
    env.filters["tojson_script"] = _json_for_script
    return env


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates (checked against each template's source), in the
    user's cache folder: compiling the templates costs more than rendering a small course.
    It only ever saves time: a cache file that cannot be read or written is passed over."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged cache file: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache() -> FileSystemBytecodeCache | None:
    import hashlib

    import jinja2

    from builder.user_cache import cache_folder

    folder = cache_folder()
    if folder is None:
        return None
    options = json.dumps([jinja2.__version__, TEMPLATE_OPTIONS, AUTOESCAPED, str(templates_dir())], sort_keys=True)
    return _QuietBytecodeCache(str(folder / "templates"), hashlib.sha1(options.encode()).hexdigest()[:12] + "-%s.jinja")


@dataclass(frozen=True)
class RenderedContent:
    """What every build of a course shares, whatever the brand or LMS: rendered once.

    Building twelve councils' packages costs one content render plus twelve
    cheap shells (``render_shell``), not twelve full renders.
    """

    course: Course
    files: dict  # package path -> bytes: assets and runtime
    sections: Markup  # every page's <section>, in order
    data: dict  # runtime data shared by every variant (course_data); "lms" and "debug" are added per variant


def render_course(course: Course, brand: Brand = Brand(), lms: LmsProfile = LmsProfile(), debug: bool = False) -> dict[str, bytes]:
    """Every file of the package except the manifest, by package path."""
    return render_shell(render_content(course), brand, lms, debug)


def render_content(course: Course) -> RenderedContent:
    files = {path: source.read_bytes() for path, source in course.assets.items()}
    files.update(runtime_files())
    template = environment().get_template("page.html.j2")

    def render_page(page) -> str:
        return template.render(page=page, html=_page_html(course, page))

    sections = "".join(in_order(render_page, course.pages))  # pages render on their own: in workers if many
    return RenderedContent(course, files, Markup(sections), course_data(course))


def render_shell(content: RenderedContent, brand: Brand = Brand(), lms: LmsProfile = LmsProfile(), debug: bool = False) -> dict[str, bytes]:
    """The content wrapped in one brand's page shell, with one LMS profile's switches."""
    course = content.course
    data = {**content.data, "lms": lms.as_runtime(), "debug": debug}
    index = environment().get_template("course.html.j2").render(
        course=course, pages=course.pages, sections=content.sections, brand=brand, data=data,
        scripts=[f"runtime/{name}" for name in RUNTIME_SCRIPTS],
        styles=[f"runtime/{name}" for name in RUNTIME_STYLES],
    )
    files = dict(content.files)
    files["index.html"] = index.encode("utf-8")
    return files


@lru_cache(maxsize=1)
def _runtime_files() -> tuple:
    """The runtime as shipped: minified, because learners on slow council networks
    download it and the sources are commented for maintainers, not browsers."""
    import rcssmin
    import rjsmin

    static = templates_dir() / "static"
    scripts = tuple((f"runtime/{name}", _minified(rjsmin.jsmin, static / "js" / name)) for name in RUNTIME_SCRIPTS)
    styles = tuple((f"runtime/{name}", _minified(rcssmin.cssmin, static / "css" / name)) for name in RUNTIME_STYLES)
    return scripts + styles


def _minified(minify, path) -> bytes:
    return minify(path.read_text(encoding="utf-8")).encode("utf-8")


def runtime_files() -> dict[str, bytes]:
    return dict(_runtime_files())


def _page_html(course: Course, page) -> str:
    questions = {question.id: question for question in page.questions}
    template = environment().get_template("question.html.j2")

    # On the assessment page, Start goes before the first question; Submit and the result after the last.
    bank = [question.id for question in page.questions] if page.assessment else []

    def render_question(match: re.Match) -> str:
        question = questions[match.group(1)]
        return template.render(question=question, order=display_order(question), page=page, course=course,
                               assessment=page.assessment, bank_size=len(bank),
                               first_in_bank=bank[:1] == [question.id], last_in_bank=bank[-1:] == [question.id])

    return QUESTION_MARKER.sub(render_question, page.html)


def display_order(question: Question) -> list[int]:
    """The order matching answers and ordering items are shown in: fixed per question, never the right one.

    Seeded by the question id so every build of a course shows the same order.
    """
    count = len(question.pairs) if question.type == "matching" else len(question.items)
    order = list(range(count))
    random.Random(question.id).shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def course_data(course: Course) -> dict:
    """What the browser runtime needs to know of the course, embedded as JSON in index.html
    (with each variant's "lms" switches and "debug" flag, added by render_shell)."""
    assessment_page = course.assessment_page
    assessment = None
    if assessment_page is not None:
        settings = assessment_page.assessment
        assessment = {
            "page": assessment_page.id, "passMark": settings.pass_mark, "draw": settings.draw,
            "attempts": settings.attempts, "shuffle": settings.shuffle, "showAnswers": settings.show_answers,
            "questions": [question.id for question in assessment_page.questions],
        }
    # Keys that saved progress is stored by (builder/suspend_data.py), stable across versions.
    pages, questions = page_keys([page.id for page in course.pages]), question_keys(course.questions)
    return {
        "schema": 1,
        "course": {"id": course.id, "title": course.title, "version": course.version},
        "completion": course.completion,
        "practiceInteractions": bool(course.settings.get("practice_interactions")),
        "pages": [{"id": page.id, "k": pages[page.id], "title": page.title, "questions": [q.id for q in page.questions]}
                  for page in course.pages],
        "assessment": assessment,
        "questions": {question.id: dict(question_data(question), k=questions[question.id]) for question in course.questions},
        "savedProgress": {"worst": worst_case(course).length, "max": MAX_SUSPEND_DATA},
    }


def question_data(question: Question) -> dict:
    """The scoring key for one question, in the shape quiz.js reads."""
    data = {"type": question.type, "scored": question.scored,
            "feedback": {"correct": question.feedback_correct, "incorrect": question.feedback_incorrect}}
    if question.type in ("single", "multiple"):
        data["correct"] = [index for index, option in enumerate(question.options) if option.correct]
        data["count"] = len(question.options)
        data["optionFeedback"] = [option.feedback for option in question.options]
    elif question.type == "true-false":
        data["correct"] = question.answer
    elif question.type == "fill-in":
        data["correct"] = list(question.answers)
    elif question.type == "matching":
        data["count"] = len(question.pairs)
    elif question.type == "ordering":
        data["count"] = len(question.items)
    return data


def _json_for_script(value) -> str:
    """JSON that is safe inside <script>: '</' and '<!--' cannot end or confuse the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
