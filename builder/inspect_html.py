"""``scorm-builder inspect --format html``: one self-contained page to hand to an LMS administrator.

It shows what ``inspect`` reads (menu tree, launch file, mastery score, files and sizes, external
URLs), the gradebook setting that matches the mastery score, and what ``validate`` finds. The page
is a Jinja2 template (templates/inspect-report.html.j2, autoescaped) with its CSS inline and no
URL outside the page, so it can be mailed or attached to a ticket and opened anywhere.
"""
from __future__ import annotations

from pathlib import Path

from builder.inspect import FileEntry, PackageReport, _size
from builder.problems import ERROR, Problem
from builder.validation.archive import Archive, ArchiveError

TEMPLATE = "inspect-report.html.j2"


def package_files(path: str | Path) -> list[FileEntry]:
    """Every file of the zip with its sizes, by name (metadata only: nothing is read)."""
    try:
        with Archive(path) as archive:
            return sorted((FileEntry(i.filename, i.file_size, i.compress_size) for i in archive.files),
                          key=lambda entry: entry.name)
    except ArchiveError:
        return []


def render_html_report(report: PackageReport, problems: list[Problem], files: list[FileEntry]) -> str:
    from builder.render import environment

    scores = report.mastery_scores
    return environment().get_template(TEMPLATE).render(
        report=report,
        launch=_launch_files(report),
        mastery=scores[0] if len(scores) == 1 else None,
        mastery_scores=scores,
        errors=[p for p in problems if p.severity == ERROR],
        warnings=[p for p in problems if p.severity != ERROR],
        files=files,
        size=_size,
    )


def _launch_files(report: PackageReport) -> list[str]:
    return sorted({sco.launch for sco in report.scos if sco.launch})
