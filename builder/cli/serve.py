"""``scorm-builder serve``: preview a course in a local LMS simulator, rebuilt on every save."""
from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import click


@click.command("serve")
@click.argument("course_dir", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 to serve on; 0 picks a free one.")
@click.option("--no-open", is_flag=True, help="Do not open the preview in a web browser.")
def serve_command(course_dir, port, no_open):
    """Preview a course inside a local LMS simulator while you edit it.

    The course is rebuilt whenever a file in COURSE_DIR changes and the browser reloads it.
    Problems are shown in the browser and here. Press Ctrl-C to stop.

    \b
    Examples:
      scorm-builder serve courses/social-value
      scorm-builder serve courses/social-value --port 0 --no-open
    """
    from builder.serve import PreviewSession

    stop = _stop_on_signals()  # before anything starts: Ctrl-C at any moment ends cleanly
    session = PreviewSession(course_dir, port, report=_report)
    try:
        session.start()
    except OSError as error:
        click.echo(f"cannot serve on 127.0.0.1:{port}: {error.strerror or error}; try --port 0 for a free port", err=True)
        sys.exit(1)
    try:
        click.echo(f"Previewing {course_dir} at {session.url}  (Ctrl-C to stop)")
        if not no_open and not stop.is_set():
            import webbrowser  # here, not at the top: every other command would pay for importing it

            webbrowser.open(session.url)
        while not stop.wait(0.5):
            pass
    finally:
        session.stop()
    click.echo("Stopped.")


def _report(preview) -> None:
    from builder.cli.output import echo_problem

    if preview.ok:
        click.echo(f"[{preview.built_at}] built {preview.course_id}: {preview.pages} pages")
        for warning in preview.warnings:  # as 'build' shows them
            echo_problem(warning)
        return
    click.echo(f"[{preview.built_at}] the course did not build:", err=True)
    for line in preview.problems:
        click.echo(line, err=True)


def _stop_on_signals() -> threading.Event:
    """An event set by Ctrl-C (SIGINT) or SIGTERM: both end the preview the same clean way."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *args: stop.set())
    return stop
