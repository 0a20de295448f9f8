"""The user's cache folder, for work worth keeping between runs (never needed for a correct build).

``$XDG_CACHE_HOME/scorm-builder``, else ``~/.cache/scorm-builder``. What is kept
there can always be made again: a missing or damaged file is rebuilt, and a
folder that cannot be written only costs time, never a failed build.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

APP_FOLDER = "scorm-builder"


def cache_folder() -> Path | None:
    """Where to keep caches; None if there is nowhere (an unset, empty or relative XDG_CACHE_HOME is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home folder
            return None
    return Path(base) / APP_FOLDER


def safe_name(text: str) -> str:
    """``text`` as part of a file name: letters, digits, '.', '-' and '_' only."""
    return "".join(c if c.isalnum() or c in ".-_" else "_" for c in text)


def write_quietly(path: Path, data: bytes) -> bool:
    """Write atomically (a temporary file beside it, then a rename); False, not an error, if it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
        return True
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return False
