"""The runtime stays small: LMS pages on council networks can be slow.

Measured on what a package ships (minified by the renderer), each file
gzipped on its own as a web server or the zip compresses it.
"""
from __future__ import annotations

import gzip

from builder.render import RUNTIME_SCRIPTS, RUNTIME_STYLES, runtime_files
from builder.templates_dir import templates_dir

LIMIT = 20 * 1024  # the budget for the whole runtime, JS + CSS


def gzipped_size(files: dict[str, bytes]) -> int:
    return sum(len(gzip.compress(data, 9)) for data in files.values())


def test_whole_shipped_runtime_is_at_most_20_kb_gzipped():
    shipped = runtime_files()
    assert set(shipped) == {f"runtime/{name}" for name in RUNTIME_SCRIPTS + RUNTIME_STYLES}
    assert gzipped_size(shipped) <= LIMIT


def test_shipped_runtime_is_smaller_than_its_commented_sources():
    static = templates_dir() / "static"
    for name in RUNTIME_SCRIPTS:
        source = (static / "js" / name).read_bytes()
        shipped = runtime_files()[f"runtime/{name}"]
        assert len(shipped) < len(source), name
        assert b"/*" not in shipped, f"{name}: comments should not ship"


def test_runtime_scripts_are_classic_scripts_without_modules():
    static = templates_dir() / "static" / "js"
    for name in RUNTIME_SCRIPTS:
        text = (static / name).read_text(encoding="utf-8")
        assert "import " not in text and "export " not in text, name
        assert text.lstrip().startswith("/*"), f"{name} should open with a comment saying what it does"
