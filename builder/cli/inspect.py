"""``scorm-builder inspect``: show what is inside a SCORM 1.2 zip."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from builder.problems import display_path


@click.command("inspect")
@click.argument("zip_path", metavar="ZIP", type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "html"]), default="text", show_default=True,
              help="text: a readable summary; json: the same data as a JSON document; html: a one-page report "
                   "for an LMS administrator, with the gradebook setting and what 'validate' finds.")
def inspect_command(zip_path: Path, output_format: str) -> None:
    """Show what is inside a SCORM 1.2 zip package, without extracting it.

    Prints the organization tree (item titles, indented, with their launch
    files), the SCOs and their launch files, the mastery score, the number of
    files with their total compressed and uncompressed size and the largest
    files, and every external URL (http://, https://, //host) found in the
    HTML, CSS and JS files, as file:line. Run 'scorm-builder validate' to check
    the package for problems. Exit status 1 if the zip or its manifest cannot be
    read (encrypted, corrupt, not well-formed, a DOCTYPE) or 'validate' finds an
    error in it: the report is still printed.

    \b
    Examples:
      scorm-builder inspect dist/course.zip
      scorm-builder inspect --format json vendor-course.zip | jq .external_urls
      scorm-builder inspect --format html dist/course.zip > course-report.html
    """
    from builder.inspect import InspectError, format_report, inspect_package
    from builder.problems import ERROR
    from builder.validation import validate_package

    try:
        report = inspect_package(zip_path)
    except InspectError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    problems = validate_package(zip_path)
    if output_format == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    elif output_format == "html":
        from builder.inspect_html import package_files, render_html_report

        click.echo(render_html_report(report, problems, package_files(zip_path)))
    else:
        click.echo(format_report(report))
    errors = [problem for problem in problems if problem.severity == ERROR]
    if errors and output_format == "text":
        click.echo(f"\n{len(errors)} problem{'s' if len(errors) > 1 else ''} to fix before uploading: "
                   f"run 'scorm-builder validate {display_path(zip_path)}' for the list.")
    if report.manifest_error or errors:  # a script must not take the package for a good one
        sys.exit(1)
