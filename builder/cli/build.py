"""``scorm-builder build``: course folders -> SCORM 1.2 zips in dist/."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from builder.problems import BuildError

DEFAULT_COURSES = Path("courses")


def discover_courses(paths: tuple[Path, ...]) -> list[Path]:
    """The folders to build: those given, or every course under ./courses."""
    from builder.loader import find_course_file

    if paths:
        return [Path(p) for p in paths]
    if not DEFAULT_COURSES.is_dir():
        return []
    return sorted(p for p in DEFAULT_COURSES.iterdir() if p.is_dir() and find_course_file(p))


@click.command("build")
@click.argument("course_dirs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
              help="Folder the zips are written to.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.option("-v", "--verbose", is_flag=True, help="Also print each stage as it runs.")
@click.option("--debug-runtime", is_flag=True, help="Make the package log every LMS API call in the browser console.")
def build_command(course_dirs, out_dir, quiet, verbose, debug_runtime):
    """Build course folders into SCORM 1.2 zip packages.

    With no COURSE_DIRS, every course folder under ./courses is built.

    \b
    Examples:
      scorm-builder build
      scorm-builder build courses/social-value
      scorm-builder build courses/social-value --out /tmp/packages
    """
    from builder.build import build_course

    courses = discover_courses(course_dirs)
    if not courses:
        click.echo("No courses found: give a course folder, or run this where ./courses holds course folders.", err=True)
        sys.exit(1)
    failed = 0
    for course_dir in courses:
        if verbose:
            click.echo(f"building {course_dir}")
        if not course_dir.is_dir():
            click.echo(f"{course_dir}:0: no such course folder", err=True)
            failed += 1
            continue
        try:
            result = build_course(course_dir, out_dir, debug=debug_runtime)
        except BuildError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            failed += 1
            continue
        if not quiet:
            click.echo(result.summary())
    if failed:
        click.echo(f"{failed} course{'s' if failed > 1 else ''} failed to build; nothing was written for {'them' if failed > 1 else 'it'}.", err=True)
        sys.exit(1)
