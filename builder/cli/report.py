"""``scorm-builder report``: which questions confuse learners, from LMS exports, at their source lines."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from builder.cli.output import echo_problem, style
from builder.report.flags import Thresholds

DEFAULTS = Thresholds()


@click.command("report")
@click.argument("exports", metavar="EXPORT...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--course", "course_dir", required=True, type=click.Path(path_type=Path),
              help="The course folder the package was built from (questions are shown at their file:line).")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "html"]), default="text", show_default=True,
              help="text: a summary for the terminal; json: every figure; html: a self-contained report page.")
@click.option("--out", "out_path", type=click.Path(path_type=Path), help="Write the report to this file instead of the terminal.")
@click.option("--council", "councils", multiple=True, metavar="EXPORT=NAME",
              help="Name the council an export comes from (default: its file name). Repeat per export.")
@click.option("--min-learners", type=click.IntRange(min=1), default=DEFAULTS.min_learners, show_default=True,
              help="Judge a question only when at least this many learners answered it.")
@click.option("--too-easy", type=click.FloatRange(0, 1), default=DEFAULTS.too_easy, show_default=True,
              help="Flag a question when more than this share of learners get it right.")
@click.option("--too-hard", type=click.FloatRange(0, 1), default=DEFAULTS.too_hard, show_default=True,
              help="Flag a question when fewer than this share of learners get it right.")
@click.option("--min-discrimination", type=click.FloatRange(-1, 1), default=DEFAULTS.min_discrimination,
              show_default=True, help="Flag a question whose discrimination (point-biserial) is below this.")
def report_command(exports, course_dir, output_format, out_path, councils, min_learners, too_easy, too_hard,
                   min_discrimination):
    """Item analysis from LMS exports: facility, discrimination and option counts per question.

    Reads Moodle's SCORM interactions report (text, Excel or ODS download;
    Totara and Learning Pool write the same), Moodle's gradebook export, and
    the generic CSV for any other LMS: one row per learner, question and
    response (docs/reports.md). Each question is shown at its file:line in the
    course, with flags in plain English: too easy, too hard, strong learners
    getting it wrong, options nobody picks, wrong options picked more than the
    right one. A file or row that cannot be read is reported as path:row:
    message and the rest is still analysed; exit status 1 only when nothing
    could be read.

    \b
    Examples:
      scorm-builder report interactions.txt grades.csv --course courses/social-value
      scorm-builder report bolton.txt wigan.txt --course courses/social-value --format html --out report.html
      scorm-builder report results.csv --course courses/social-value --format json --min-learners 20
    """
    from builder.loader import load_course
    from builder.problems import BuildError
    from builder.report import report_on
    from builder.report.render import as_json, html_page, text_summary

    named = _councils(councils, exports)
    if not course_dir.is_dir():
        click.echo(f"error: {course_dir} is not a folder: give the course folder the package was built from", err=True)
        sys.exit(1)
    try:
        course = load_course(course_dir)
    except BuildError as error:
        for problem in error.problems:
            echo_problem(problem)
        click.echo(f"error: the course in {course_dir} has mistakes: fix them first (scorm-builder check)", err=True)
        sys.exit(1)
    thresholds = Thresholds(min_learners, too_easy, too_hard, min_discrimination)
    report = report_on(course, list(exports), {path: named.get(_key(path), "") for path in exports}, thresholds)
    for problem in report.problems:
        echo_problem(problem)
    if not report.read_anything:
        click.echo(style("error: nothing could be read from the exports given", True, fg="red"), err=True)
        sys.exit(1)
    text = {"json": as_json, "html": html_page, "text": text_summary}[output_format](report)
    if out_path is None:
        click.echo(text)
        return
    from builder.package import write_atomically

    try:  # all or nothing: a report cut short by a full disk would look complete
        write_atomically(out_path, (text + ("" if text.endswith("\n") else "\n")).encode("utf-8"))
    except OSError as error:
        click.echo(f"error: cannot write {out_path}: {error.strerror or error}", err=True)
        sys.exit(1)
    click.echo(f"{out_path}: {output_format} report on {report.totals.learners} learners and "
               f"{len(report.questions)} questions")


def _councils(pairs, exports) -> dict[str, str]:
    given = {_key(path) for path in exports}
    named = {}
    for pair in pairs:
        path, sep, name = pair.rpartition("=")
        if not sep or not path or not name.strip():
            raise click.BadParameter(f"'{pair}' should be EXPORT=NAME, e.g. bolton.txt=Bolton", param_hint="--council")
        if _key(path) not in given:
            raise click.BadParameter(f"'{path}' is not one of the exports given", param_hint="--council")
        named[_key(path)] = name.strip()
    return named


def _key(path) -> str:
    return os.path.normpath(str(path))
