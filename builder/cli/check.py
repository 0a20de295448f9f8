"""``scorm-builder check``: every mistake in a course, without building it."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from builder.cli.build import discover_courses
from builder.cli.output import echo_problem, echo_progress, style


@click.command("check")
@click.argument("course_dirs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one 'path:line: message [code]' line per finding; json: a document for CI.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("--scores", is_flag=True, help="Also print each page's reading ease and word count.")
def check_command(course_dirs, output_format, strict, scores):
    """Check course folders for mistakes, all at once, without building them.

    Finds what stops a build (broken links and anchors, missing images,
    images without alt text, external URLs, empty pages, quiz mistakes) and
    what makes a course hard to follow: skipped heading levels, pages below
    the reading-ease threshold, long sentences and unexplained jargon. Each
    finding ends with its code, such as [long-sentence]; set how strict each
    code is in the 'check:' section of course.yml (see docs/checking.md).

    With no COURSE_DIRS, every course folder under ./courses is checked.
    Exit status 1 if any error was found (or any warning with --strict).

    \b
    Examples:
      scorm-builder check
      scorm-builder check courses/social-value --scores
      scorm-builder check --strict --format json courses/* > check.json
    """
    from builder.quality import check_course_dir
    from builder.quality.report import as_json, passed

    courses = discover_courses(course_dirs)
    if not courses:
        click.echo("No courses found: give a course folder, or run this where ./courses holds course folders.", err=True)
        sys.exit(1)
    reports = []
    for number, course_dir in enumerate(courses, start=1):
        echo_progress(number, len(courses), course_dir)
        reports.append(check_course_dir(course_dir))
    if output_format == "json":
        click.echo(as_json(reports, strict))
    else:
        for report in reports:
            _echo_report(report, scores, passed(report, strict))
    sys.exit(0 if all(passed(report, strict) for report in reports) else 1)


def _echo_report(report, scores: bool, ok: bool) -> None:
    from builder.quality.report import score_lines, summary_line

    for finding in report.findings:
        echo_problem(finding.as_problem(), err=False)
    if scores:
        for line in score_lines(report):
            click.echo(line)
    if report.saved_progress:
        click.echo(report.saved_progress)
    click.echo(style(summary_line(report), fg="green" if ok else "red"))
