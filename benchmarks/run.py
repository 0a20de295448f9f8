"""``make bench``: how fast the builder is and how small its packages are, as one table.

    python -m benchmarks.run            # the full sizes (500 pages + 1000 questions...)
    python -m benchmarks.run --smoke    # tiny sizes: proves every row still runs (CI does this)

A benchmark, not a test: it prints numbers beside their targets and never
fails on a slow machine. Each time is the best of a few runs, given twice:
wall-clock time, which is what an author waits for and what targets are judged
on, and CPU time, added up over every process. A course of many pages is
converted, checked and rendered by one worker per core (builder.parallel), so
its CPU time is more than its wall time; a small course is built in one
process, where the two are the same on an idle machine. The load average and the
"floor" row (a bare Python importing the libraries) are printed so that a slow
run can be told from a slow builder: on a shared machine both vary by half.
"""
from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import generate_course

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "courses" / "social-value"
AUTHORITIES = ROOT / "authorities"
KB = 1024


@dataclass(frozen=True)
class Sizes:
    """How big the generated courses are, and how often each timing is repeated."""

    pages: tuple[int, ...]  # the last is the headline size; the others show growth
    questions_per_page: int
    plain_pages: tuple[int, int]  # two plain-text course sizes: their difference gives bytes per page
    repeats: int


FULL = Sizes(pages=(100, 250, 500), questions_per_page=2, plain_pages=(10, 110), repeats=3)
SMOKE = Sizes(pages=(4, 8), questions_per_page=2, plain_pages=(2, 4), repeats=1)


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float

    def __truediv__(self, other: "Timing") -> "Timing":
        return Timing(self.wall / other.wall, self.cpu / other.cpu)


@dataclass(frozen=True)
class Row:
    measure: str
    value: float | Timing
    unit: str
    target: str = ""
    met: bool | None = None

    def cells(self) -> list[str]:
        verdict = {True: "ok", False: "OVER", None: ""}[self.met]
        if isinstance(self.value, Timing):
            digits = 3 if self.unit == "s" else 2
            return [self.measure, f"{self.value.wall:,.{digits}f} {self.unit}", f"{self.value.cpu:,.{digits}f} {self.unit}",
                    self.target, verdict]
        return [self.measure, "", f"{self.value:,.1f} {self.unit}", self.target, verdict]


def cpu_seconds() -> float:
    """CPU time of this process and of the commands it has run (and waited for)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_time(action, repeats: int) -> Timing:
    """The fastest of ``repeats`` runs, wall clock and CPU, in seconds."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), cpu_seconds()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds() - cpu)
    return Timing(min(walls), min(cpus))


def build_in_process(course: Path, work: Path, variants=None) -> list:
    from builder.build import build_variants, Variant

    out = Path(tempfile.mkdtemp(dir=work))
    try:
        return build_variants(course, out, variants or [Variant()])
    finally:
        shutil.rmtree(out)


def command() -> list[str]:
    """The installed ``scorm-builder`` script, as a user runs it."""
    script = Path(sys.executable).parent / "scorm-builder"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from builder.cli import main; main()"]


def build_by_command(course: Path, work: Path) -> None:
    out = Path(tempfile.mkdtemp(dir=work))
    try:
        subprocess.run([*command(), "build", str(course), "--out", str(out), "--quiet"], check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
    finally:
        shutil.rmtree(out)


LIBRARIES = ("click", "jinja2", "markdown", "yaml", "lxml.etree")  # the design card's libraries that a build imports


def import_libraries() -> None:
    """A new Python that imports the libraries every build needs, and does nothing else: the whole command's floor."""
    subprocess.run([sys.executable, "-c", "import " + ", ".join(LIBRARIES)], check=True)


def package_size(course: Path, work: Path) -> int:
    out = Path(tempfile.mkdtemp(dir=work))
    from builder.build import build_course

    try:
        return build_course(course, out).size
    finally:
        shutil.rmtree(out)


def runtime_gzipped() -> int:
    """Each runtime file gzipped on its own, as an LMS's web server may send it, added up."""
    from builder.render import runtime_files

    return sum(len(gzip.compress(data, 9, mtime=0)) for data in runtime_files().values())


def measure(sizes: Sizes, work: Path) -> list[Row]:
    full = sizes is FULL
    rows = []

    def row(measure: str, value, unit: str, target: str = "", limit: float | None = None) -> None:
        judged = value.wall if isinstance(value, Timing) else value
        rows.append(Row(measure, value, unit, target if full else "", (judged <= limit) if full and limit is not None else None))

    example = {}
    if full:  # warm up: imports and first-use loading are the whole command's cost, measured below
        build_in_process(EXAMPLE, work)
    one = best_time(lambda: example.update(size=build_in_process(EXAMPLE, work)[0].size), sizes.repeats)
    row("example course, in-process build", one, "s")
    # A process costs a few milliseconds, and the whole command is what a noisy machine disturbs most: more tries.
    tries = sizes.repeats * 3
    row("example course, whole command", best_time(lambda: build_by_command(EXAMPLE, work), tries), "s", "<= 0.25 s", 0.25)
    row("  its floor: Python importing click, jinja2, markdown, yaml, lxml",
        best_time(import_libraries, tries), "s")

    per_page = {}
    for pages in sizes.pages:
        questions = pages * sizes.questions_per_page
        course = generate_course(work / f"generated-{pages}", pages, questions)
        seconds = best_time(lambda: build_in_process(course, work), sizes.repeats)
        per_page[pages] = Timing(seconds.wall / pages, seconds.cpu / pages)
        target, limit = ("<= 2 s", 2.0) if pages == sizes.pages[-1] else ("", None)
        row(f"generated course, {pages} pages + {questions} questions", seconds, "s", target, limit)
    smallest, largest = sizes.pages[0], sizes.pages[-1]
    growth = per_page[largest] / per_page[smallest]  # 1.0: each page costs the same, however many there are
    row(f"growth: time per page at {largest} / at {smallest} pages", growth, "x", "~1 (linear), <= 1.5", 1.5)

    from builder.build import authority_variants

    variants = authority_variants(AUTHORITIES)
    matrix = best_time(lambda: build_in_process(EXAMPLE, work, variants), sizes.repeats)
    row(f"{len(variants)} authorities, example course", matrix, "s")
    row(f"{len(variants)} authorities vs one build", matrix / one, "x", "<= 4 x", 4.0)

    row("runtime JS + CSS, gzipped", runtime_gzipped() / KB, "KB", "<= 20 KB", 20.0)
    row("example package", example["size"] / KB, "KB", "<= 150 KB", 150.0)
    few, many = sizes.plain_pages
    small = package_size(generate_course(work / f"plain-{few}", few, 0, course_id="plain-small"), work)
    large = package_size(generate_course(work / f"plain-{many}", many, 0, course_id="plain-large"), work)
    row(f"plain text: package of {few} pages", small / KB, "KB")
    row("plain text: bytes per 10 more pages", (large - small) / (many - few) * 10 / KB, "KB", "< 42 KB", 42.0)
    return rows


def table(rows: list[Row]) -> str:
    header = ["measure", "wall", "CPU / size", "target", ""]
    cells = [header] + [r.cells() for r in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    lines = ["| " + " | ".join(text.ljust(width) for text, width in zip(line, widths)) + " |" for line in cells]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the builder and print a table.")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run each: checks the benchmark itself works")
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"scorm-builder benchmark ({'smoke' if args.smoke else 'full'}); {os.cpu_count()} CPUs, load average {load}")
    work = Path(tempfile.mkdtemp(prefix="sb-bench-"))
    try:
        print(table(measure(sizes, work)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
