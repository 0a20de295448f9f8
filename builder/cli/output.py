"""How every command talks to the terminal: problems, progress and summaries.

Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org);
progress lines only on a terminal, so logs and CI output stay one line per result.
"""
from __future__ import annotations

import os
import sys

import click

from builder.problems import WARNING


def colour_enabled(err: bool = False) -> bool:
    stream = sys.stderr if err else sys.stdout
    return not os.environ.get("NO_COLOR") and stream.isatty()


def style(text: str, err: bool = False, **styles) -> str:
    return click.style(text, **styles) if colour_enabled(err) else text


def echo_problem(problem, err: bool = True) -> None:
    """``path:line: [warning: ]message`` with the place in bold and the message coloured by severity."""
    where = style(f"{problem.path}:{problem.line}:", err, bold=True)
    if problem.severity == WARNING:
        text = f"{style('warning:', err, fg='yellow', bold=True)} {problem.message}"
    else:
        text = style(problem.message, err, fg="red")
    click.echo(f"{where} {text}", err=err)


def echo_progress(number: int, total: int, what: str) -> None:
    """``[2/5] courses/fire-safety`` on stderr, when several things run and a person is watching."""
    if total > 1 and sys.stderr.isatty():
        click.echo(style(f"[{number}/{total}] {what}", True, dim=True), err=True)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
