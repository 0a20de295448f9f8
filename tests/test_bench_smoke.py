"""`make bench` still works: the smoke run prints every row with positive numbers (never judged on speed)."""
from __future__ import annotations

import re

from benchmarks.run import main

ROWS = (
    "example course, in-process build",
    "example course, whole command",
    "its floor: Python importing click, jinja2, markdown, yaml, lxml",
    "generated course, 4 pages + 8 questions",
    "generated course, 8 pages + 16 questions",
    "growth: time per page at 8 / at 4 pages",
    "12 authorities, example course",
    "12 authorities vs one build",
    "runtime JS + CSS, gzipped",
    "example package",
    "plain text: package of 2 pages",
    "plain text: bytes per 10 more pages",
)
NUMBER = re.compile(r"^([\d,]+\.\d+) (s|x|KB)$")


def test_smoke_run_prints_the_whole_table(capsys):
    main(["--smoke"])
    output = capsys.readouterr().out
    assert output.startswith("scorm-builder benchmark (smoke); ")
    rows = {}
    for line in output.splitlines()[3:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = [cell for cell in cells[1:3] if cell]
    assert tuple(rows) == ROWS
    for measure, values in rows.items():
        assert values, measure
        for value in values:
            match = NUMBER.match(value)
            assert match, f"{measure}: {value!r}"
            assert float(match.group(1).replace(",", "")) > 0, measure
