"""``scorm-builder build``: course folders -> SCORM 1.2 zips in dist/."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from builder.cli.output import echo_problem, echo_progress
from builder.problems import BuildError, display_path

DEFAULT_COURSES = Path("courses")


def discover_courses(paths: tuple[Path, ...]) -> list[Path]:
    """The folders to build: those given, or every course under ./courses."""
    from builder.loader import COURSE_FILES, find_course_file, misnamed_files

    if paths:
        return [Path(p) for p in paths]
    if not DEFAULT_COURSES.is_dir():
        return []
    # A course whose course.yml was saved as course.yml.txt is a course with a mistake to report.
    return sorted(p for p in DEFAULT_COURSES.iterdir() if p.is_dir() and (
        find_course_file(p) or any(meant in COURSE_FILES for _, meant in misnamed_files(p))))


@click.command("build")
@click.argument("course_dirs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
              help="Folder the zips are written to.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.option("-v", "--verbose", is_flag=True, help="Also print each stage as it runs.")
@click.option("--debug-runtime", is_flag=True, help="Make the package log every LMS API call in the browser console.")
@click.option("--authority", "authority_ids", multiple=True, metavar="ID",
              help="Build a branded package for this authority (repeat for several).")
@click.option("--all-authorities", is_flag=True, help="Build one branded package per authority profile.")
@click.option("--authorities", "authorities_dir", type=click.Path(path_type=Path), default=Path("authorities"),
              show_default=True, help="Folder of authority profiles (see docs/authorities.md).")
@click.option("--lms", "lms_name", metavar="PROFILE",
              help="LMS profile: default, moodle, totara, learning-pool, cornerstone or strict "
                   "(default: each authority's own, else 'default').")
def build_command(course_dirs, out_dir, quiet, verbose, debug_runtime, authority_ids, all_authorities, authorities_dir, lms_name):
    """Build course folders into SCORM 1.2 zip packages.

    With no COURSE_DIRS, every course folder under ./courses is built.

    \b
    Examples:
      scorm-builder build
      scorm-builder build courses/social-value
      scorm-builder build courses/social-value --out /tmp/packages
      scorm-builder build courses/social-value --authority bolton --authority wigan
      scorm-builder build courses/social-value --all-authorities --lms moodle
    """
    from builder.build import build_variants

    variants = _variants(authority_ids, all_authorities, authorities_dir, lms_name)

    courses = discover_courses(course_dirs)
    if not courses:
        click.echo("No courses found: give a course folder, or run this where ./courses holds course folders.", err=True)
        sys.exit(1)
    failed = 0
    for number, course_dir in enumerate(courses, start=1):
        echo_progress(number, len(courses), course_dir)
        if verbose:
            click.echo(f"building {course_dir}")
        if not course_dir.is_dir():
            from builder.loader import not_a_course_folder

            click.echo(f"{course_dir}:0: {not_a_course_folder(course_dir)}", err=True)
            failed += 1
            continue
        try:
            results = build_variants(course_dir, out_dir, variants, debug=debug_runtime)
        except BuildError as error:
            for problem in error.problems:
                echo_problem(problem)
            failed += 1
            continue
        except OSError as error:  # the disk or permissions, not the course: a message, never a traceback
            where = display_path(error.filename or out_dir)
            reason = "the output folder is a file; choose another --out" if out_dir.is_file() else error.strerror or error
            click.echo(f"{where}:0: cannot build {course_dir}: {reason}", err=True)
            failed += 1
            continue
        for warning in results[0].warnings:  # check warnings: printed, the build goes on
            echo_problem(warning.as_problem())
        if not quiet:
            for result in results:
                click.echo(result.summary())
    if failed:
        click.echo(f"{failed} course{'s' if failed > 1 else ''} failed to build; nothing was written for {'them' if failed > 1 else 'it'}.", err=True)
        sys.exit(1)


def _variants(authority_ids, all_authorities, authorities_dir, lms_name) -> list:
    """What to build for each course: the plain package, or one per chosen authority."""
    from builder.build import Variant, authority_variants
    from builder.lms_profiles import lms_profile, profile_names

    if lms_name and lms_name not in profile_names():
        raise click.BadParameter(f"unknown LMS profile '{lms_name}' (use: {', '.join(profile_names())})", param_hint="--lms")
    lms = lms_profile(lms_name) if lms_name else None
    if not (authority_ids or all_authorities):
        return [Variant(lms=lms or lms_profile())]
    try:
        return authority_variants(authorities_dir, () if all_authorities else authority_ids, lms)
    except BuildError as error:
        for problem in error.problems:
            echo_problem(problem)
        click.echo("Fix the authority profiles above; nothing was built.", err=True)
        sys.exit(1)
