"""Python build hooks (builder/hooks.py, docs/hooks.md): a course's hooks.py sees each stage once, in
order, with the right arguments; what it returns replaces, None keeps; its mistakes are reported
as ``path:line: message`` pointing into hooks.py, and nothing is written. The example course in
examples/hooks-course builds into a valid package."""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

import builder.build
from builder.build import PLAIN, Variant, build_course, build_variants
from builder.hooks import load_hooks
from builder.problems import BuildError
from course_helpers import REPO, page, shared_validator, snapshot, write_course, zip_text
from test_cli_build import run

EXAMPLE = REPO / "examples" / "hooks-course"
TWO_PAGES = {"01-first.md": page("First", "The first page."), "02-second.md": page("Second", "The second page.")}
RECORDER = '''from builder.hooks import CourseHooks


class Hooks(CourseHooks):
    def __init__(self):
        self.calls = []

    def on_page_markdown(self, markdown, page, course):
        self.calls.append(("on_page_markdown", page.id, markdown, course))

    def on_page_html(self, html, page, course):
        self.calls.append(("on_page_html", page.id, html, course))

    def on_course_loaded(self, course):
        self.calls.append(("on_course_loaded", [p.id for p in course.pages], course))

    def on_manifest(self, manifest, course):
        self.calls.append(("on_manifest", manifest.getroot().get("identifier"), course))

    def on_package_written(self, path, course):
        self.calls.append(("on_package_written", path, path.is_file(), course))
'''


def hooks_course(folder: Path, hooks_py: str, pages: dict | None = None) -> Path:
    return write_course(folder, pages or TWO_PAGES, files={"hooks.py": hooks_py})


@pytest.fixture
def loaded_hooks(monkeypatch):
    """The Hooks object each build uses, kept for the test to look at."""
    seen = []

    def keep(course_dir):
        seen.append(load_hooks(course_dir))
        return seen[-1]

    monkeypatch.setattr(builder.build, "load_hooks", keep)
    return seen


def test_every_event_fires_once_per_stage_in_order_with_its_arguments(tmp_path, loaded_hooks):
    course_dir = hooks_course(tmp_path / "course", RECORDER)
    out = tmp_path / "dist"
    results = build_variants(course_dir, out, [PLAIN, Variant(name_suffix="wigan")])

    [hooks] = loaded_hooks
    course = results[0].course
    assert [call[:3] for call in hooks.calls[:4]] == [
        ("on_page_markdown", "first", "The first page.\n"),
        ("on_page_html", "first", "<p>The first page.</p>"),
        ("on_page_markdown", "second", "The second page.\n"),
        ("on_page_html", "second", "<p>The second page.</p>"),
    ]
    assert hooks.calls[4:] == [
        ("on_course_loaded", ["first", "second"], course),
        # One manifest and one package per variant (a council's branded build is a variant);
        # every package is made before any is written.
        ("on_manifest", "MANIFEST-course", course),
        ("on_manifest", "MANIFEST-course-wigan", course),
        ("on_package_written", out / "course-1.0.0-scorm12.zip", True, course),
        ("on_package_written", out / "course-wigan-1.0.0-scorm12.zip", True, course),
    ]
    assert all(call[-1] is course for call in hooks.calls)  # the one Course model throughout


def test_returned_values_replace_and_none_keeps(tmp_path):
    hooks_py = '''import dataclasses
from lxml import etree
from builder.hooks import CourseHooks


class Hooks(CourseHooks):
    def on_page_markdown(self, markdown, page, course):
        if page.id == "first":
            return markdown.replace("first", "opening")

    def on_page_html(self, html, page, course):
        if page.id == "second":
            return html + "<p>Added after the Markdown.</p>"

    def on_course_loaded(self, course):
        return dataclasses.replace(course, title="A new title")

    def on_manifest(self, manifest, course):
        root = etree.fromstring(etree.tostring(manifest))
        root.set("version", "9.9.9")
        return etree.ElementTree(root)

    def on_package_written(self, path, course):
        return None
'''
    result = build_course(hooks_course(tmp_path / "course", hooks_py), tmp_path / "dist")
    index = zip_text(result.zip_path, "index.html")
    assert "The opening page." in index and "The first page." not in index
    assert "<p>The second page.</p><p>Added after the Markdown.</p>" in index
    assert "<title>A new title</title>" in index
    manifest = zip_text(result.zip_path, "imsmanifest.xml")
    assert 'version="9.9.9"' in manifest and "<title>A new title</title>" in manifest


def failing_hooks(event: str) -> str:
    """hooks.py whose ``event`` raises on line 6."""
    arguments = {"on_course_loaded": "course"}.get(event, "value, *rest")
    return (f"from builder.hooks import CourseHooks\n\n\nclass Hooks(CourseHooks):\n"
            f"    def {event}(self, {arguments}):\n        raise ValueError('the council name is missing')\n")


@pytest.mark.parametrize("event", ["on_page_markdown", "on_page_html", "on_course_loaded", "on_manifest",
                                   "on_package_written"])
def test_a_hook_that_raises_is_reported_at_its_line_and_nothing_is_written(tmp_path, event):
    hooks_course(tmp_path / "course", failing_hooks(event))
    out = tmp_path / "dist"
    out.mkdir()
    (out / "course-1.0.0-scorm12.zip").write_bytes(b"the package from the last good build")
    before = snapshot(out)

    result = run("build", "course", "--out", out, cwd=tmp_path)

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"course/hooks.py:6: hook {event} failed: ValueError: the council name is missing",
        "1 course failed to build; nothing was written for it."]
    assert "Traceback" not in result.output
    assert snapshot(out) == before  # the earlier package is back, byte for byte


def test_a_failing_hook_in_a_branded_build_leaves_no_package_behind(tmp_path):
    hooks_py = '''from builder.hooks import CourseHooks


class Hooks(CourseHooks):
    def on_package_written(self, path, course):
        if "wigan" in path.name:
            raise OSError("the checksum folder is read-only")
'''
    out = tmp_path / "dist"
    with pytest.raises(BuildError) as error:
        build_variants(hooks_course(tmp_path / "course", hooks_py), out, [PLAIN, Variant(name_suffix="wigan")])
    assert [str(p).split("course/", 1)[1] for p in error.value.problems] == [
        "hooks.py:7: hook on_package_written failed: OSError: the checksum folder is read-only"]
    assert not out.exists()  # the plain package, written first, was taken back out


def test_a_hook_returning_the_wrong_kind_of_value_is_told_what_to_return(tmp_path):
    hooks_py = '''from builder.hooks import CourseHooks


class Hooks(CourseHooks):
    def on_page_markdown(self, markdown, page, course):
        return len(markdown)
'''
    hooks_course(tmp_path / "course", hooks_py)
    result = run("build", "course", "--out", tmp_path / "dist", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("course/hooks.py:5: hook on_page_markdown returned int; return a str "
                                             "to replace what it was given, or None to keep it")
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("hooks_py, expected", [
    ("from builder.hooks import CourseHooks\n\nclass Hooks(CourseHooks)\n    pass\n",
     "course/hooks.py:3: hooks.py failed to load: expected ':'"),
    ("import not_a_module_anywhere\n",
     "course/hooks.py:1: hooks.py failed to load: ModuleNotFoundError: No module named 'not_a_module_anywhere'"),
    ("from builder.hooks import CourseHooks\n\nclass CourseHooksForUs(CourseHooks):\n    pass\n",
     "course/hooks.py:1: hooks.py must define 'class Hooks(CourseHooks)' (with 'from builder.hooks import CourseHooks')"),
    ("class Hooks:\n    pass\n",
     "course/hooks.py:1: hooks.py must define 'class Hooks(CourseHooks)' (with 'from builder.hooks import CourseHooks')"),
], ids=["syntax-error", "import-error", "no-hooks-class", "not-a-coursehooks"])
def test_a_hooks_file_that_cannot_be_used_is_a_clear_message(tmp_path, hooks_py, expected):
    hooks_course(tmp_path / "course", hooks_py)
    result = run("build", "course", "--out", tmp_path / "dist", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [expected, "1 course failed to build; nothing was written for it."]
    assert not (tmp_path / "dist").exists()


def test_the_example_course_builds_into_a_valid_package(tmp_path):
    result = run("build", EXAMPLE, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    [package] = tmp_path.glob("*.zip")
    assert shared_validator().validate(str(package)) == []

    index = zip_text(package, "index.html")
    assert "{{council}}" not in index and "staff at Bolton Council." in index
    assert "<title>Buying well for Bolton Council</title>" in index
    assert index.count('<p class="last-updated">') == 3
    assert 'Last updated: <time datetime="2025-03-10">10 March 2025</time>' in index
    manifest = zip_text(package, "imsmanifest.xml")
    assert '<imsmd:langstring xml:lang="en-GB">Buying well for Bolton Council</imsmd:langstring>' in manifest
    checksum = (tmp_path / f"{package.name}.sha256").read_text(encoding="utf-8")
    assert checksum == f"{hashlib.sha256(package.read_bytes()).hexdigest()}  {package.name}\n"
    with zipfile.ZipFile(package) as archive:
        assert "hooks.py" not in archive.namelist() and "last-updated.yml" not in archive.namelist()
