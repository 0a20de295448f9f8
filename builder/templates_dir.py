"""Where the Jinja2 templates and static runtime files live.

In a wheel they are installed inside the package (``builder/templates``); in a
source checkout they sit at the project root (``templates/``).
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    installed = _PACKAGE / "templates"
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"
