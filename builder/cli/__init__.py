"""The ``scorm-builder`` command line: each command lives in its own module.

Commands parse arguments, call the library and print results; no build logic
lives here.
"""
from __future__ import annotations

import click

from builder import __version__
from builder.cli.build import build_command
from builder.cli.validate import validate_command
from builder.cli.inspect import inspect_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scorm-builder")
def cli() -> None:
    """Compile Markdown courses into SCORM 1.2 packages.

    \b
    Examples:
      scorm-builder build                  build every course in ./courses
      scorm-builder build courses/social-value --out dist
    """


cli.add_command(build_command)
cli.add_command(validate_command)
cli.add_command(inspect_command)


def main() -> None:
    cli(prog_name="scorm-builder")
