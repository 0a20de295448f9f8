"""The export readers take untrusted files: whatever bytes they get, they report problems as
``path:row: message`` and never raise. Hypothesis makes the files: random bytes, and near-misses
of each real format (the right header, then rows of random cells)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.loader import load_course
from builder.report import analyse, read_export
from builder.report.render import as_dict, html_page, text_summary
from report_helpers import COURSE, GRADEBOOK, INTERACTIONS

COURSE_MODEL = load_course(COURSE)
HEADERS = [INTERACTIONS.read_text(encoding="utf-8").split("\n", 1)[0],
           GRADEBOOK.read_text(encoding="utf-8").split("\n", 1)[0],
           "learner,question,response,result,latency,score,status,last_page,council",
           "learner\tquestion\tresponse\tresult"]
QUESTION_IDS = [question.id for question in COURSE_MODEL.questions]
CELLS = st.one_of(st.sampled_from(QUESTION_IDS + [f"practice-{qid}" for qid in QUESTION_IDS]),
                  st.sampled_from(["correct", "wrong", "a", "b,c", "1.a,2.b", "t", "f", "-", "92.00", "Incomplete",
                                   "1", "00:00:12.5", '"', '""', "\t", ",", "\r", "\n"]),
                  st.text(max_size=20))
# Derandomized, as tests/test_fuzz_sources.py: the same examples on every run, so CI never fails on
# a new draw; no time limits, which a busy machine would break.
SETTINGS = settings(max_examples=60, derandomize=True, database=None, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow])


def read_and_report(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export"
        path.write_bytes(data)
        export = read_export(path)
        for problem in export.problems:
            assert problem.line >= 0 and problem.message
        report = analyse(COURSE_MODEL, [export])
        as_dict(report)
        text_summary(report)
        html_page(report)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(data):
    read_and_report(data)


@SETTINGS
@given(st.sampled_from(HEADERS), st.lists(st.lists(CELLS, max_size=110), max_size=12), st.sampled_from(["\t", ","]))
def test_near_misses_of_each_format_never_raise(header, rows, delimiter):
    body = "\n".join(delimiter.join(row) for row in rows)
    read_and_report((header + "\n" + body).encode("utf-8"))


@SETTINGS
@given(st.sampled_from(["xlsx", "ods"]), st.binary(max_size=600), st.integers(min_value=0, max_value=400))
def test_damaged_spreadsheets_never_raise(kind, garbage, cut):
    """A real Moodle download with bytes cut out and replaced: a message, never a traceback."""
    import io
    import zipfile

    from report_helpers import MOODLE

    original = (MOODLE / f"scorm-interactions-report.{kind}").read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    target = "xl/worksheets/sheet1.xml" if kind == "xlsx" else "content.xml"
    target = target if target in files else next(iter(files))
    files[target] = files[target][:cut] + garbage
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    read_and_report(buffer.getvalue())
