"""Property: whatever an author (or an attacker) writes, the tool answers with its own problems.

Hypothesis writes course folders whose course.yml, front matter, question blocks and page
text mix ordinary content with what broke the readers before: YAML anchors and aliases
(billion laughs, an alias inside itself), deep nesting, control characters, tabs and long
runs of '[' and '!['. Each folder is checked and built in a separate process whose memory is
capped (tests/fuzz_worker.py); the property is that every folder ends as a build or as the
tool's reported problems, within 5 s of processor time and 500 MB.

The budget is fixed for CI: derandomized (the same examples on every run) and a bounded
number of them, about 20 s in all. Set FUZZ_EXAMPLES to run more on a machine with time.
"""
from __future__ import annotations

import itertools
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings  # a test extra: `make test-deps` installs it
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
SECONDS = 5.0
HANG_SECONDS = 60  # past this the worker is stopped: the test fails instead of hanging
MEMORY = 500 * 1024 * 1024
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])


class Worker:
    """The capped process; started again if an input takes it down."""

    def __init__(self):
        self.process = None

    def start(self):
        self.process = subprocess.Popen([sys.executable, str(REPO / "tests" / "fuzz_worker.py"), str(MEMORY)],
                                        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        env=dict(os.environ, PYTHONPATH=str(REPO)))
        assert json.loads(self.process.stdout.readline()) == {"ready": True}

    def run(self, folder: Path) -> dict:
        if self.process is None or self.process.poll() is not None:
            self.start()
        self.process.stdin.write(f"{folder}\n")
        self.process.stdin.flush()
        if not select.select([self.process.stdout], [], [], HANG_SECONDS)[0]:  # a hang: end it, say so
            self.process.kill()
            self.process.wait()
            return {"outcome": "hung", "detail": f"no answer in {HANG_SECONDS} s", "seconds": HANG_SECONDS}
        answer = self.process.stdout.readline()
        if not answer:  # the worker died: the cap killed it, or worse
            self.process.wait()
            return {"outcome": "died", "detail": f"exit status {self.process.returncode}", "seconds": 0}
        return json.loads(answer)

    def stop(self):
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def worker():
    running = Worker()
    yield running
    running.stop()


_folders = itertools.count()


def check_folder(worker: Worker, root: Path, files: dict[str, str]) -> None:
    folder = root / f"course-{next(_folders)}"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    answer = worker.run(folder)
    assert answer["outcome"] in ("built", "reported"), answer["detail"] or answer["outcome"]
    assert answer["seconds"] < SECONDS, \
        f"took {answer['seconds']:.1f} s of processor time ({answer['wall']:.1f} s on the clock)"


# --- strategies ---------------------------------------------------------------------------

CONTROL = st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\t", "\r"])
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)  # controls: CONTROL
PLAIN = st.sampled_from(["Social value", "yes", "No", "1.10", "~", "null", "'quoted'", '"double"', ":", "- x", "#",
                         "@at", "`tick`", "{a: 1}", "[1, 2]", "&anchor", "*alias", "!!binary aGk=", "!!python/none",
                         '"escaped \\x01 control"', '"\\0"', '"\\u0085"', '"\\e"'])
CLEAN = st.one_of(PLAIN, WORDS)
SCALAR = st.one_of(PLAIN, WORDS, st.builds(lambda a, c, b: a + c + b, WORDS, CONTROL, WORDS))


@st.composite
def yaml_value(draw):
    """A YAML value as text: plain, nested deep, or an anchor with aliases to it."""
    kind = draw(st.sampled_from(["scalar", "scalar", "flow", "block", "laughs", "laughs", "recursive", "alias"]))
    if kind == "scalar":
        return draw(SCALAR)
    if kind == "flow":
        depth = draw(st.integers(1, 200))
        return "[" * depth + draw(PLAIN) + "]" * draw(st.integers(0, depth))
    if kind == "block":
        depth = draw(st.integers(1, 60))
        return "\n" + "\n".join("  " * (level + 1) + "- " + ("" if level < depth - 1 else draw(PLAIN)) for level in range(depth))
    if kind == "laughs":
        levels = draw(st.integers(1, 9))
        lines = ['&l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        lines += [f"&l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels + 1)]
        return "[" + ", ".join(lines) + "]"
    if kind == "recursive":
        return "&a [*a]"
    return "*" + draw(st.sampled_from(["a", "l0", "missing"]))


KEYS = st.sampled_from(["id", "title", "version", "language", "description", "completion", "estimated_minutes",
                        "check", "lms", "unknown", "assessment", "type", "prompt", "options", "answer", "answers",
                        "pairs", "items", "feedback", "hint", "text", "correct"])


@st.composite
def yaml_document(draw, required: tuple = ()):
    """Lines 'key: value': the required keys with plain values, then up to two more keys whose
    values may be hostile (one or two hazards a document, so most documents get past YAML's
    syntax to the code that reads the values)."""
    lines = [f"{key}: {draw(CLEAN.filter(lambda s: chr(10) not in s))}" for key in required]
    for key in draw(st.lists(KEYS.filter(lambda key: key not in required), unique=True, max_size=2)):
        indent = draw(st.sampled_from(["", "", "", "", "  ", "\t"]))
        lines.append(f"{indent}{key}: {draw(yaml_value())}")
    draw(st.randoms()).shuffle(lines)
    return "\n".join(lines) + "\n"


QUESTION = st.builds(lambda fence, text: f"```question\n{text}{fence}\n", st.sampled_from(["```", "", "~~~"]),
                     yaml_document(required=("type", "prompt")))
MARKDOWN_PIECES = st.one_of(
    WORDS,
    st.builds(lambda a, c, b: a + c + b, WORDS, CONTROL, WORDS),
    st.builds(lambda n: "[" * n, st.integers(1, 25000)),
    st.builds(lambda n: "![" * n, st.integers(1, 12000)),
    st.builds(lambda n: "<a " * n, st.integers(1, 8000)),
    st.builds(lambda n: "- " * n + "item", st.integers(1, 6000)),
    st.builds(lambda n: "> " * n + "quote", st.integers(1, 6000)),
    st.builds(lambda n: "\n".join("    " * level + "- item" for level in range(n)), st.integers(1, 450)),
    st.builds(lambda n: "# Heading\n" * n, st.integers(1, 3000)),
    st.sampled_from(["## Heading", "[link](02-b.md#nowhere)", "![pic](missing.png)", "![](images\\a.png)",
                     "[x](..\\..\\etc\\passwd)", "<b>bold</b>", "{: onclick=x }", "| a | b |\n|---|---|\n| 1 | 2 |",
                     "[^1]\n\n[^1]: note", "!!! note\n    Call-out", "```\ncode\n", "[TOC]", "&#0; &#x7f; &amp;",
                     "[x](javascript:alert(1))", "[x](file:///etc/passwd)", "<!-- comment", "*" * 500, "_" * 500]),
    QUESTION,
)
PAGE_BODY = st.lists(MARKDOWN_PIECES, max_size=6).map("\n\n".join)
FRONT_MATTER = st.one_of(
    st.builds(lambda title: f"---\ntitle: {title}\n---\n", SCALAR.filter(lambda s: "\n" not in s)),
    st.builds(lambda doc: f"---\n{doc}---\n", yaml_document(required=("title",))),
    st.sampled_from(["", "---\ntitle: Unclosed\n", "---\n---\n", "---\ntitle: [x\n---\n"]),
)
PAGE = st.builds(lambda front, body: front + body + "\n", FRONT_MATTER, PAGE_BODY)
GOOD_COURSE = "id: fuzz\ntitle: Fuzz\nversion: 1.0.0\n"
GOOD_PAGE = "---\ntitle: A page\n---\nSome text for the page.\n"


# The findings of issue 12, always among the examples (the search finds their like only sometimes).
LAUGHS = "[" + ", ".join(['&l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'] + [
    f"&l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 10)]) + "]"


# --- properties ---------------------------------------------------------------------------

@FUZZ
@given(course_yml=yaml_document(required=("id", "title", "version")))
@example(course_yml=f"id: a\ntitle: T\nversion: 1.0.0\ndescription: {LAUGHS}\n")
@example(course_yml="id: a\ntitle: T\nversion: 1.0.0\ndescription: &a [*a]\n")
@example(course_yml="id: a\ntitle: Social\x01 value\nversion: 1.0.0\n")
@example(course_yml='id: a\ntitle: "Social\\x01 value"\nversion: 1.0.0\n')
def test_any_course_file_is_built_or_reported(worker, tmp_path_factory, course_yml):
    check_folder(worker, tmp_path_factory.getbasetemp(), {"course.yml": course_yml, "01-a.md": GOOD_PAGE})


@FUZZ
@given(front=FRONT_MATTER)
def test_any_front_matter_is_built_or_reported(worker, tmp_path_factory, front):
    check_folder(worker, tmp_path_factory.getbasetemp(), {"course.yml": GOOD_COURSE, "01-a.md": front + "Text.\n"})


@FUZZ
@given(questions=st.lists(QUESTION, min_size=1, max_size=3))
@example(questions=[f"```question\ntype: single\nprompt: {LAUGHS}\n```\n"])
def test_any_question_block_is_built_or_reported(worker, tmp_path_factory, questions):
    page = "---\ntitle: Quiz\n---\nQuestions.\n\n" + "\n".join(questions)
    check_folder(worker, tmp_path_factory.getbasetemp(), {"course.yml": GOOD_COURSE, "01-a.md": page})


@FUZZ
@given(pages=st.lists(PAGE, min_size=1, max_size=3))
@example(pages=["---\ntitle: A\n---\n" + "[" * 20000, "---\ntitle: B\n---\n" + "![" * 10000])
@example(pages=["---\ntitle: A\n---\n" + "- " * 5000 + "x", "---\ntitle: B\n---\n" + "\n".join("    " * n + "- x" for n in range(400))])
@example(pages=["---\ntitle: A\n---\nA NUL \x00 and \x01 here.\n"])
def test_any_page_is_built_or_reported(worker, tmp_path_factory, pages):
    files = {"course.yml": GOOD_COURSE, **{f"{number:02d}-page.md": text for number, text in enumerate(pages, 1)}}
    check_folder(worker, tmp_path_factory.getbasetemp(), files)


def test_the_worker_reports_an_input_past_the_memory_cap(worker, tmp_path):
    """The cap is real: a worker told to allow almost nothing fails on an ordinary course."""
    tiny = subprocess.run([sys.executable, str(REPO / "tests" / "fuzz_worker.py"), str(1024 * 1024)],
                          input=f"{REPO / 'courses' / 'social-value'}\n", capture_output=True, text=True, cwd=REPO,
                          env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=60)
    answers = [json.loads(line) for line in tiny.stdout.splitlines()[1:]]
    assert [answer["outcome"] for answer in answers] == ["memory"]
