"""``scorm-builder new``: start a course from a working example."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from builder.cli.output import style


@click.command("new")
@click.argument("course_dir", type=click.Path(path_type=Path))
@click.option("--title", help="The course title (default: made from the folder name).")
def new_command(course_dir: Path, title: str | None) -> None:
    """Make a new course folder from a small example that builds at once.

    The example shows every feature an author needs: the course file with
    notes, pages with headings, a call-out, a picture with alt text, links
    between pages, a knowledge check, a final quiz and a glossary word.
    COURSE_DIR must be new or empty: nothing is ever overwritten.

    \b
    Examples:
      scorm-builder new courses/fire-safety
      scorm-builder new courses/fire-safety --title "Fire safety at work"
    """
    from builder.scaffold import ScaffoldError, create_course, shell_word

    try:
        files = create_course(course_dir, title)
    except ScaffoldError as error:
        click.echo(f"{course_dir}:0: {error}", err=True)
        sys.exit(1)
    click.echo(style(f"Made {course_dir} ({len(files)} files).", fg="green"))
    folder = shell_word(course_dir)
    click.echo(f"Next: edit the pages, then run\n  scorm-builder check {folder}\n  scorm-builder build {folder}")
