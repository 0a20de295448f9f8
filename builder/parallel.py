"""Independent per-page work spread over the machine's cores, when that pays.

Converting Markdown, checking the prose and rendering are most of a large
course's build, and each page goes through them on its own, so a course of many
pages does them in one worker process per core. Workers are forked: they start
with everything this process has loaded (the configured Markdown converter, the
course model, the syllable table) and only the results travel back. Results come back in the order of the items, so the output is the
same, byte for byte, however many workers made it.

The work is done here, in order, one item at a time, when:

* there are fewer than ``MIN_ITEMS`` items: starting workers would cost more
  than it saves (a 16-page course converts in about 0.05 s);
* ``jobs`` is 1, or the machine has one core;
* this process runs other threads (``scorm-builder serve``): forking a process
  with threads can copy a lock another thread holds, and hang;
* the platform cannot fork (Windows; macOS's default is to spawn).

The serial path yields each result as it is made, so a caller that acts on each
result before the next is made (page hooks, which must run in page order) sees
exactly the order of a plain loop.
"""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from math import ceil

MIN_ITEMS = 64
ITEMS_PER_WORKER = 32  # at least this many items for each worker
MAX_WORKERS = 8
CHUNKS_PER_WORKER = 8  # pages differ in weight (an assessment page holds a whole bank): share them out in small runs
JOBS_VARIABLE = "SCORM_BUILDER_JOBS"  # a whole number: at most this many workers (1: none)

_work: tuple[Callable, list] | None = None  # what the forked workers inherit: the function and the items


def in_order(function: Callable, items: Iterable, jobs: int | None = None) -> Iterator:
    """``function(item)`` for each item, in the items' order; in worker processes when that pays.

    ``jobs``: at most this many workers; None for the ``SCORM_BUILDER_JOBS``
    environment variable, else one per core.
    """
    items = list(items)
    workers = worker_count(len(items), jobs)
    if workers <= 1:
        return map(function, items)
    return iter(_in_workers(function, items, workers))


def worker_count(items: int, jobs: int | None = None) -> int:
    """How many worker processes ``in_order`` uses for ``items`` items (1: none, the work is done here)."""
    if items < MIN_ITEMS or threading.active_count() > 1:
        return 1  # (before anything else: most courses are small, and a small build should not import multiprocessing)
    wanted = jobs if jobs is not None else _jobs_from_environment()
    if wanted is None:
        wanted = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    import multiprocessing

    if wanted <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    # A container may see every core of its host but be allowed a few: more workers than pages
    # can pay for only cost memory and start-up.
    return max(1, min(wanted, MAX_WORKERS, items // ITEMS_PER_WORKER))


def _jobs_from_environment() -> int | None:
    value = os.environ.get(JOBS_VARIABLE, "").strip()
    return int(value) if value.isdigit() else None


def _in_workers(function: Callable, items: list, workers: int) -> list:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _work
    _work = (function, items)
    try:
        # concurrent.futures, not multiprocessing.Pool: a worker that dies (killed, out of memory)
        # raises BrokenProcessPool here instead of leaving the build waiting for ever.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_leave_interrupts_to_the_parent) as pool:
            # Ctrl-C while the workers are forked would land in fork's own clean-up, which reports
            # and drops it (the build would go on); held back until they exist, it stops the build.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                # Runs of items, not single items, so few results travel one by one.
                chunk = ceil(len(items) / (workers * CHUNKS_PER_WORKER))
                results = pool.map(_run, range(len(items)), chunksize=chunk)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
            return list(results)
    except BrokenProcessPool:
        raise WorkerLost() from None
    finally:
        _work = None


class WorkerLost(OSError):
    """A worker process was killed (out of memory, say): the machine's trouble, not the course's."""

    def __init__(self):
        super().__init__(f"a worker process stopped before it finished (out of memory?); build again, "
                         f"or with {JOBS_VARIABLE}=1 to use one process")


def _leave_interrupts_to_the_parent() -> None:
    """Ctrl-C reaches every process of the group. The parent stops the build ("Aborted!") once the
    workers finish the pages in hand; a worker of its own would print a traceback at the author."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(index: int):
    function, items = _work
    return function(items[index])
