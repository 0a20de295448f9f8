"""The ``scorm-builder`` command line: each command lives in its own module.

Commands parse arguments, call the library and print results; no build logic
lives here.
"""
from __future__ import annotations

import click

from builder import __version__
from builder.cli.build import build_command
from builder.cli.check import check_command
from builder.cli.diff import diff_command
from builder.cli.new import new_command
from builder.cli.report import report_command
from builder.cli.validate import validate_command
from builder.cli.inspect import inspect_command
from builder.cli.serve import serve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scorm-builder")
def cli() -> None:
    """Compile Markdown courses into SCORM 1.2 packages.

    \b
    Examples:
      scorm-builder build                  build every course in ./courses
      scorm-builder build courses/social-value --out dist
      scorm-builder new courses/fire-safety    start a new course from a working example
      scorm-builder check                  find every mistake in every course, without building
      scorm-builder diff old.zip new.zip   what replacing a package in the LMS changes for learners
    """


cli.add_command(build_command)
cli.add_command(check_command)
cli.add_command(new_command)
cli.add_command(report_command)
cli.add_command(validate_command)
cli.add_command(inspect_command)
cli.add_command(serve_command)
cli.add_command(diff_command)


def main() -> None:
    cli(prog_name="scorm-builder")
