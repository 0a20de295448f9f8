"""The browser runtime as shipped: minified, because learners on slow council networks download
it and the sources are commented for maintainers, not browsers (docs/runtime.md).

Scripts are parsed and printed by calmjs.parse, without comments or spaces and with each script's
local names shortened: gzip already shares repeated text, so shortening the code by hand barely
changed the gzipped size, while short local names took a tenth off it. Every script is one IIFE;
what other scripts and the page use are properties (``ScormBuilder.*``), which keep their names.
The parser reads ES5 syntax: a script written with newer syntax stops every build and test with
the parser's error, it never ships unminified.

Parsing takes a few tenths of a second, as long as a small build, so a minified script is kept in
the user's cache folder (``builder/user_cache.py``), named by a hash of its source and the
minifier's version, and checked against its own hash when read back: a damaged file is made again.
Styles go through rcssmin, which is quick enough not to need it.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from builder.user_cache import cache_folder, write_quietly

# Local names only: obfuscate_globals would rename nothing here (each script is an IIFE), but
# it is said, since a top-level name that changed would break the scripts that use it.
OPTIONS = {"obfuscate": True, "obfuscate_globals": False}


def script(source: str) -> str:
    path = _cached_path(source)
    minified = _read_checked(path) if path else None
    if minified is None:
        from calmjs.parse import es5
        from calmjs.parse.unparsers.es5 import minify_print

        minified = minify_print(es5(source), **OPTIONS)
        if path:
            write_quietly(path, _sealed(minified))
    return minified


def style(source: str) -> str:
    import rcssmin

    return rcssmin.cssmin(source)


def _cached_path(source: str) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    key = hashlib.sha256(f"{_minifier_stamp()} {sorted(OPTIONS.items())}\n{source}".encode()).hexdigest()
    return folder / "runtime" / f"{key[:40]}.js"


@lru_cache(maxsize=1)  # the same for every script of a build: looked up once a process
def _minifier_stamp() -> str:
    """Which calmjs.parse and ply are installed, found without importing them or importlib.metadata
    (either costs a warm build a good part of its time): their dist-info folders hold the versions;
    where there is none (an unusual install), the size and time of the package's own file."""
    from importlib.util import find_spec

    stamps = []
    for name, depth, pattern in (("calmjs.parse", 3, "calmjs[._]parse-*.dist-info"), ("ply", 2, "ply-*.dist-info")):
        spec = find_spec(name)
        if spec is None or not spec.origin:
            stamps.append(f"{name}:missing")
            continue
        origin = Path(spec.origin)
        found = sorted(entry.name for entry in origin.parents[depth - 1].glob(pattern))
        stat = origin.stat()
        stamps.append(" ".join(found) if found else f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return " ".join(stamps)


def _sealed(text: str) -> bytes:
    data = text.encode("utf-8")
    return hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data


def _read_checked(path: Path) -> str | None:
    try:
        digest, _, data = path.read_bytes().partition(b"\n")
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest().encode("ascii") != digest:
        return None
    return data.decode("utf-8")
