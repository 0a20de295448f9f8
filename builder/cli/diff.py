"""``scorm-builder diff``: what replacing a package in the LMS changes for learners."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

# 0, 1 and 2 are the verdicts; a zip that cannot be compared, or a wrong command line, gets a code of its own.
EXIT_UNREADABLE = 3


class _DiffCommand(click.Command):
    """click exits 2 on a usage mistake; here 2 means "a new course", so a script must never see it by mistake."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            error.exit_code = EXIT_UNREADABLE
            raise


@click.command("diff", cls=_DiffCommand)
@click.argument("old", metavar="OLD.zip", type=click.Path(path_type=Path))
@click.argument("new", metavar="NEW.zip", type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: plain English for L&D teams; json: the same as a JSON document.")
def diff_command(old: Path, new: Path, output_format: str) -> None:
    """Say what changes for learners if NEW.zip replaces OLD.zip in the LMS.

    Compares two packages built by scorm-builder: pages added, removed, moved
    or reworded; questions added, removed or changed (learners who answered a
    changed question are asked it again); the pass mark; and the identifiers
    that would make the LMS treat the new package as a new course.

    \b
    Exit status:
      0  safe to replace: learners in progress keep their place, answers and results
      1  learners in progress are affected (see the list)
      2  a new course for the LMS: replacing the old package would start learners again
      3  a zip could not be read or was not built by scorm-builder (or a usage mistake)

    \b
    Examples:
      scorm-builder diff social-value-1.0.0-scorm12.zip dist/social-value-1.1.0-scorm12.zip
      scorm-builder diff --format json old.zip new.zip | jq .changes
    """
    from builder.built_package import PackageReadError, read_built_package
    from builder.diff import compare, format_diff

    try:
        result = compare(read_built_package(old), read_built_package(new))
    except PackageReadError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_UNREADABLE)
    if output_format == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_diff(result))
    sys.exit(result.exit_code)
