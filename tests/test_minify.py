"""The runtime's minifier: smaller scripts that keep what other scripts use, and its cache."""
from __future__ import annotations

import pytest

from builder import minify
from builder.render import RUNTIME_SCRIPTS
from builder.templates_dir import templates_dir

SAMPLE = """/* a comment */
(function (w) {
  'use strict';
  var longLocalName = 40;
  function helperFunction(value) { return value + 2; }
  w.ScormBuilder = { publicName: helperFunction(longLocalName), 'data-role': 'x' };
})(window);
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "scorm-builder" / "runtime"


def test_local_names_are_shortened_and_public_ones_kept(cache):
    shipped = minify.script(SAMPLE)
    assert "longLocalName" not in shipped and "helperFunction" not in shipped and "comment" not in shipped
    for kept in ("'use strict'", ".ScormBuilder=", "publicName:", "'data-role'", "(window)"):
        assert kept in shipped


def test_newer_syntax_stops_the_build_rather_than_shipping(cache):
    from calmjs.parse.exceptions import ECMASyntaxError

    with pytest.raises(ECMASyntaxError):
        minify.script("(function () { var twice = x => x * 2; })();")


def test_a_cached_script_is_reused_and_a_damaged_one_made_again(cache, monkeypatch):
    first = minify.script(SAMPLE)
    [saved] = cache.glob("*.js")
    import calmjs.parse

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(calmjs.parse, "es5", no_parsing)
    assert minify.script(SAMPLE) == first  # read back, not parsed
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache.parent.parent))
    saved.write_bytes(saved.read_bytes()[:-5])  # cut short, as by a full disk
    assert minify.script(SAMPLE) == first
    assert saved.read_bytes().endswith(first.encode())


def test_without_a_cache_folder_the_result_is_the_same(cache, monkeypatch):
    cached = minify.script(SAMPLE)
    monkeypatch.setattr(minify, "cache_folder", lambda: None)
    assert minify.script(SAMPLE) == cached


def test_every_runtime_script_keeps_its_public_names(cache):
    static = templates_dir() / "static" / "js"
    for name in RUNTIME_SCRIPTS:
        shipped = minify.script((static / name).read_text(encoding="utf-8"))
        assert "ScormBuilder" in shipped, name
    shipped = minify.script((static / "tracking.js").read_text(encoding="utf-8"))
    for api in ("recordInteraction", "setAssessmentResult", "onRestore", "viewedCount", "'cmi.core.lesson_status'"):
        assert api in shipped
