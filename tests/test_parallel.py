"""Large courses use every core: the same package, byte for byte, in less time; small ones never pay for workers."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from benchmarks.generate import generate_course
from builder import parallel
from course_helpers import REPO

MANY = parallel.MIN_ITEMS + 6
# The parallel path needs a process without threads, which a test session that has run a browser or
# `serve` is not (and then, rightly, nothing forks): those tests run in a fresh Python.
FRESH_BUILD = """
import hashlib, json, os, sys
from pathlib import Path
from builder import parallel
from builder.build import build_course
from builder.problems import BuildError
try:
    zip_path = build_course(Path(sys.argv[1]), Path(sys.argv[2])).zip_path
    result = {"sha256": hashlib.sha256(zip_path.read_bytes()).hexdigest()}
except BuildError as error:
    result = {"problems": [problem.message for problem in error.problems],
              "errors": [problem.message for problem in error.problems if problem.severity == "error"]}
result.update(pid=os.getpid(), workers=parallel.worker_count(10**6))
print(json.dumps(result))
"""
FRESH_MAP = """
import json, os, signal
from builder import parallel
def where_run(item):
    return item, os.getpid(), signal.getsignal(signal.SIGINT) is signal.SIG_IGN
print(json.dumps([os.getpid(), list(parallel.in_order(where_run, range(70), jobs=2))]))
"""


def fresh_python(script: str, *args, jobs: str = "") -> dict | list:
    env = {**os.environ, parallel.JOBS_VARIABLE: jobs}
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], env=env, cwd=REPO, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def fresh_build(course, out, jobs: str) -> dict:
    return fresh_python(FRESH_BUILD, course, out, jobs=jobs)


def where_run(item):
    return item, os.getpid()


def test_results_come_back_in_order_from_worker_processes():
    parent, results = fresh_python(FRESH_MAP)
    assert [item for item, _, _ in results] == list(range(70))
    workers = {pid for _, pid, _ in results}
    assert workers and parent not in workers
    # Ctrl-C is the parent's to handle (see the test below): a worker left alone would print a traceback.
    assert all(ignores_ctrl_c for _, _, ignores_ctrl_c in results)


@pytest.mark.parametrize("items, jobs, variable", [
    (parallel.MIN_ITEMS - 1, 2, ""),  # too little work to pay for starting workers
    (MANY, 1, ""),
    (MANY, None, "1"),  # SCORM_BUILDER_JOBS=1
])
def test_work_stays_in_this_process_when_workers_cannot_pay(monkeypatch, items, jobs, variable):
    monkeypatch.setenv(parallel.JOBS_VARIABLE, variable)
    assert {pid for _, pid in parallel.in_order(where_run, range(items), jobs)} == {os.getpid()}


def test_a_process_running_threads_never_forks():
    """Forking copies only the calling thread, with any lock another thread holds (``serve`` runs threads)."""
    stop = threading.Event()
    waiter = threading.Thread(target=stop.wait)
    waiter.start()
    try:
        assert {pid for _, pid in parallel.in_order(where_run, range(MANY), jobs=2)} == {os.getpid()}
    finally:
        stop.set()
        waiter.join()


def test_in_this_process_each_result_is_made_when_it_is_asked_for():
    """So page hooks keep their documented order: markdown, html (page 1), markdown, html (page 2)..."""
    made = []
    results = parallel.in_order(lambda item: made.append(item) or item, range(3), jobs=1)
    assert next(results) == 0 and made == [0]
    assert next(results) == 1 and made == [0, 1]


FRESH_FAILURE = """
import json
from builder import parallel
def fails_on_seventy(item):
    if item == 70:
        raise ValueError("item 70")
    return item
try:
    list(parallel.in_order(fails_on_seventy, range(80), jobs=2))
    print(json.dumps("nothing raised"))
except ValueError as error:
    print(json.dumps([parallel.worker_count(80, 2), str(error)]))
"""


def test_a_failure_in_a_worker_reaches_the_caller():
    assert fresh_python(FRESH_FAILURE) == [2, "item 70"]


FRESH_LOST_WORKER = """
import json, os
from builder import parallel
def dies_on_five(item):
    if item == 5:
        os._exit(9)  # as the kernel's out-of-memory killer would end it
    return item
try:
    list(parallel.in_order(dies_on_five, range(80), jobs=2))
    print(json.dumps("nothing raised"))
except OSError as error:  # the build command prints an OSError as a message, never a traceback
    print(json.dumps(str(error)))
"""


def test_a_worker_that_is_killed_ends_the_build_with_a_message_not_a_hang():
    message = fresh_python(FRESH_LOST_WORKER)
    assert message.startswith("a worker process stopped before it finished") and "SCORM_BUILDER_JOBS=1" in message


def test_a_large_course_builds_the_same_package_with_workers_and_without(tmp_path):
    course = generate_course(tmp_path / "course", MANY, 2 * MANY)
    with_workers, alone = fresh_build(course, tmp_path / "2", "2"), fresh_build(course, tmp_path / "1", "1")
    assert (with_workers["workers"], alone["workers"]) == (2, 1)
    assert with_workers["sha256"] == alone["sha256"]


def test_a_question_id_used_on_two_pages_is_found_across_workers(tmp_path):
    course = generate_course(tmp_path / "course", MANY, 2 * MANY)
    first = (course / "0010-page-10.md").read_text()
    question = first[first.index("```question"):]
    later = course / f"{MANY - 2:04d}-page-{MANY - 2}.md"
    later.write_text(later.read_text() + "\n" + question)
    with_workers, alone = fresh_build(course, tmp_path / "out", "2"), fresh_build(course, tmp_path / "out", "1")
    first_line = first[:first.index("```question")].count("\n") + 2
    expected = [f"duplicate question id 'gen-check-10': already used at 0010-page-10.md:{first_line}"]
    assert with_workers["workers"] == 2
    assert with_workers["errors"] == alone["errors"] == expected
    assert with_workers["problems"] == alone["problems"]  # the plain-English warnings too, the same either way
    assert not (tmp_path / "out").exists()


PAGE_HOOKS = '''
import os
from pathlib import Path
from builder.hooks import CourseHooks

LOG = Path(__file__).with_name("calls.log")


class Hooks(CourseHooks):
    def on_page_markdown(self, markdown, page, course):
        with LOG.open("a") as log:
            log.write(f"markdown {page.id} {os.getpid()}\\n")

    def on_page_html(self, html, page, course):
        with LOG.open("a") as log:
            log.write(f"html {page.id} {os.getpid()}\\n")
'''


def test_page_hooks_run_here_in_page_order_even_in_a_large_course(tmp_path):
    course = generate_course(tmp_path / "course", MANY, 2 * MANY)
    (course / "hooks.py").write_text(PAGE_HOOKS)
    built = fresh_build(course, tmp_path / "out", "2")
    assert built["workers"] == 2 and "sha256" in built
    calls = [line.split() for line in (course / "calls.log").read_text().splitlines()]
    assert {pid for _, _, pid in calls} == {str(built["pid"])}
    page_ids = [call[1] for call in calls[::2]]
    assert len(page_ids) == MANY
    assert [call[:2] for call in calls] == [[event, page] for page in page_ids for event in ("markdown", "html")]


def test_ctrl_c_while_workers_run_stops_the_build_quietly(tmp_path):
    """Ctrl-C reaches every process of the group: the author sees "Aborted!", no traceback, no package."""
    import signal
    import time

    course = generate_course(tmp_path / "course", 300, 600)
    out = tmp_path / "out"
    build = subprocess.Popen(
        [sys.executable, "-c", "from builder.cli import main; main()", "build", str(course), "--out", str(out), "--quiet"],
        cwd=REPO, env={**os.environ, parallel.JOBS_VARIABLE: "2"}, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    children = f"/proc/{build.pid}/task/{build.pid}/children"
    deadline = time.monotonic() + 30
    while not open(children).read().strip():  # the workers exist: the pages are being converted
        assert build.poll() is None and time.monotonic() < deadline, "the build never started its workers"
        time.sleep(0.005)
    os.killpg(build.pid, signal.SIGINT)
    _, stderr = build.communicate(timeout=30)
    assert build.returncode == 1
    assert [line for line in stderr.splitlines() if "warning:" not in line] == ["", "Aborted!"]
    assert not out.exists()


def fresh_check(course, cache, jobs: str) -> dict:
    env = {**os.environ, parallel.JOBS_VARIABLE: jobs, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", "from builder.cli import main; main()", "check", "--format", "json",
                           str(course)], env=env, cwd=REPO, capture_output=True, text=True)
    return json.loads(done.stdout)


def test_check_finds_the_same_with_workers_and_without_and_keeps_what_they_learn(tmp_path):
    """Every finding and score, in the same order; words the workers asked Pyphen about are saved for next time."""
    course = generate_course(tmp_path / "course", MANY, 2 * MANY)
    (course / "0003-page-3.md").write_text("---\ntitle: Odd words\n---\n" + "Zorbulating quixplex frandlework. " * 12)
    with_workers = fresh_check(course, tmp_path / "cache-2", "2")
    alone = fresh_check(course, tmp_path / "cache-1", "1")
    assert with_workers == alone
    (report,) = alone["courses"]
    assert len(report["pages"]) == MANY and any(finding["code"] == "jargon" for finding in report["findings"])
    memos = [json.loads(next((tmp_path / cache / "scorm-builder").glob("pyphen-*.json")).read_text())["words"]
             for cache in ("cache-2", "cache-1")]
    assert memos[0] == memos[1] and {"zorbulating", "quixplex", "frandlework"} <= memos[0].keys()


@pytest.mark.parametrize("items, jobs, expected", [
    (MANY, 2, 2), (MANY, 16, 2),  # 70 pages keep two workers busy, not sixteen
    (500, 4, 4), (500, 64, parallel.MAX_WORKERS),  # a host's 64 cores, seen from a small container
])
def test_workers_are_as_many_as_the_pages_can_keep_busy(monkeypatch, items, jobs, expected):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # as in a command, whatever this session runs
    assert parallel.worker_count(items, jobs) == expected
