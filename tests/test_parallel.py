"""Large courses use every core: the same package, byte for byte, in less time; small ones never pay for workers."""
from __future__ import annotations

import os
import threading

import pytest

from benchmarks.generate import generate_course
from builder import parallel
from builder.build import build_course
from builder.problems import BuildError

MANY = parallel.MIN_ITEMS + 6


def where_run(item):
    return item, os.getpid()


def test_results_come_back_in_order_from_worker_processes():
    results = list(parallel.in_order(where_run, range(MANY), jobs=2))
    assert [item for item, _ in results] == list(range(MANY))
    workers = {pid for _, pid in results}
    assert workers and os.getpid() not in workers


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


def fails_on_seventy(item):
    if item == 70:
        raise ValueError("item 70")
    return item


def test_a_failure_in_a_worker_reaches_the_caller():
    with pytest.raises(ValueError, match="item 70"):
        list(parallel.in_order(fails_on_seventy, range(MANY + 10), jobs=2))


def build_bytes(course, out, monkeypatch, jobs: str) -> bytes:
    monkeypatch.setenv(parallel.JOBS_VARIABLE, jobs)
    return build_course(course, out / jobs).zip_path.read_bytes()


def test_a_large_course_builds_the_same_package_with_workers_and_without(tmp_path, monkeypatch):
    course = generate_course(tmp_path / "course", MANY, 2 * MANY)
    assert parallel.worker_count(MANY, 2) == 2
    assert build_bytes(course, tmp_path, monkeypatch, "2") == build_bytes(course, tmp_path, monkeypatch, "1")


def test_a_question_id_used_on_two_pages_is_found_across_workers(tmp_path, monkeypatch):
    course = generate_course(tmp_path / "course", MANY, 2 * MANY)
    first = (course / "0010-page-10.md").read_text()
    question = first[first.index("```question"):]
    later = course / f"{MANY - 2:04d}-page-{MANY - 2}.md"
    later.write_text(later.read_text() + "\n" + question)
    messages = []
    for jobs in ("2", "1"):
        monkeypatch.setenv(parallel.JOBS_VARIABLE, jobs)
        with pytest.raises(BuildError) as raised:
            build_course(course, tmp_path / "out")
        messages.append([problem.message for problem in raised.value.problems])
    assert messages[0] == messages[1]
    first_line = first[:first.index("```question")].count("\n") + 2
    assert messages[0] == [f"duplicate question id 'gen-check-10': already used at 0010-page-10.md:{first_line}"]
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


def test_page_hooks_run_here_in_page_order_even_in_a_large_course(tmp_path, monkeypatch):
    course = generate_course(tmp_path / "course", MANY, 2 * MANY)
    (course / "hooks.py").write_text(PAGE_HOOKS)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    build_course(course, tmp_path / "out")
    calls = [line.split() for line in (course / "calls.log").read_text().splitlines()]
    assert {pid for _, _, pid in calls} == {str(os.getpid())}
    page_ids = [call[1] for call in calls[::2]]
    assert len(page_ids) == MANY
    assert [call[:2] for call in calls] == [[event, page] for page in page_ids for event in ("markdown", "html")]
