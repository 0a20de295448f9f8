"""``scorm-builder build`` as an author uses it, including a corpus of broken courses.

Each folder in tests/fixtures/broken/ is a course with one kind of mistake (or
several, in several-mistakes/) and an ``expected.txt`` holding the exact
problem lines the CLI prints on stderr when run from the repository root. The
test also checks exit code 1, no traceback, and that an existing out folder is
left byte for byte as it was.

Some cases can only be made for real at test time or need a note:
* unreadable-page/02-notes.md is a *folder* named like a page. A file with
  permission 000 would not do: tests may run as root, and root can read it.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_helpers import BROKEN_COURSES, FIXTURE_COURSES, REPO, run, snapshot, zip_names

BROKEN_CASES = sorted(p.name for p in BROKEN_COURSES.iterdir() if p.is_dir())
SUMMARY_ONE = "1 course failed to build; nothing was written for it."
SCORM_BUILDER = Path(sys.executable).parent / "scorm-builder"




@pytest.fixture
def out_dir(tmp_path):
    """An out folder that already holds something, to prove a failed build leaves it alone."""
    out = tmp_path / "dist"
    out.mkdir()
    (out / "older-course-1.0.0-scorm12.zip").write_bytes(b"a package from an earlier build")
    (out / ".sentinel").write_text("do not touch")
    return out


def test_the_corpus_covers_every_mistake_the_issue_lists():
    required = {"bad-yaml", "unknown-course-key", "missing-course-title", "missing-page-title", "duplicate-page-id",
                "missing-image", "image-without-alt", "broken-link", "broken-anchor", "empty-page", "unreadable-page",
                "non-utf8-page", "no-front-matter", "unclosed-front-matter", "raw-html", "external-link",
                "level-one-heading", "bad-completion", "bad-course-id", "no-pages", "several-mistakes",
                # hostile and careless input (issue 12); links, FIFOs and big files: tests/test_untrusted_input.py
                "yaml-billion-laughs", "yaml-recursive-alias", "yaml-alias-in-question", "yaml-deep-nesting",
                "deep-list-markers", "deep-indented-list", "bracket-run", "image-bracket-run",
                "control-character-in-page", "control-character-in-course-title", "svg-with-script",
                "svg-linked-with-event-handler", "svg-unsafe-content", "html-file-linked", "tab-in-yaml",
                "backslash-path", "glossary-page-id", "front-matter-yaml-hides-nothing",
                "unclosed-question-hides-nothing", "long-file-name-link",
                # files as editors save them (Notepad's '.txt', capitals): docs/authoring.md
                "saved-as-txt"}
    assert required <= set(BROKEN_CASES)


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_broken_course_reports_exact_problems_and_writes_nothing(case, out_dir):
    expected = (BROKEN_COURSES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    before = snapshot(out_dir)
    result = run("build", BROKEN_COURSES.relative_to(REPO) / case, "--out", out_dir)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), "the CLI crashed instead of reporting"
    assert result.stderr.splitlines() == expected + [SUMMARY_ONE]
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert snapshot(out_dir) == before


def test_several_mistakes_are_all_reported_in_one_run():
    expected = (BROKEN_COURSES / "several-mistakes" / "expected.txt").read_text(encoding="utf-8").splitlines()
    files = {line.split(":", 1)[0].rsplit("/", 1)[1] for line in expected}
    assert files == {"01-a.md", "02-b.md", "03-c.md", "course.yml"}


def test_a_real_process_prints_problems_without_a_traceback(out_dir):
    before = snapshot(out_dir)
    completed = subprocess.run([SCORM_BUILDER, "build", "tests/fixtures/broken/raw-html", "--out", out_dir],
                               cwd=REPO, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 1
    assert completed.stderr.splitlines()[0].startswith("tests/fixtures/broken/raw-html/01-a.md:6: raw HTML")
    assert "Traceback" not in completed.stderr
    assert snapshot(out_dir) == before


# --- working builds ------------------------------------------------------------

def test_a_course_builds_and_one_line_per_package_is_printed(tmp_path):
    result = run("build", FIXTURE_COURSES / "minimal", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    zip_path = tmp_path / "minimal-1.0.0-scorm12.zip"
    assert zip_path.is_file()
    assert result.stdout.startswith(f"{zip_path}  ")
    assert result.stdout.rstrip().endswith("1 pages")
    assert "index.html" in zip_names(zip_path)


def test_a_course_saved_the_way_windows_and_mac_editors_save_it_builds_the_same_package(tmp_path):
    # CRLF line ends, a UTF-8 byte-order mark, Notepad's UTF-16 and a '.markdown' page: the author
    # changed nothing a learner could see, so the package is the same, byte for byte.
    plain, saved = tmp_path / "plain" / "features", tmp_path / "saved" / "features"
    shutil.copytree(FIXTURE_COURSES / "features", plain)
    shutil.copytree(FIXTURE_COURSES / "features", saved)
    (saved / "03-summary.md").rename(saved / "03-summary.markdown")
    for path, encode in (("course.yml", lambda text: b"\xef\xbb\xbf" + text.encode("utf-8")),
                         ("01-introduction.md", lambda text: text.encode("utf-16")),
                         ("02-objectives.md", lambda text: text.encode("utf-8"))):
        text = (saved / path).read_text(encoding="utf-8").replace("03-summary.md", "03-summary.markdown")
        (saved / path).write_bytes(encode(text.replace("\n", "\r\n")))
    built = [run("build", folder, "--out", folder.parent / "dist") for folder in (plain, saved)]
    assert [result.exit_code for result in built] == [0, 0], [result.output for result in built]
    name = "features-2.1.0-scorm12.zip"
    assert (saved.parent / "dist" / name).read_bytes() == (plain.parent / "dist" / name).read_bytes()


def test_quiet_prints_nothing_on_success(tmp_path):
    result = run("build", FIXTURE_COURSES / "minimal", "--out", tmp_path, "--quiet")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (tmp_path / "minimal-1.0.0-scorm12.zip").is_file()


def test_without_arguments_every_course_under_courses_is_built_into_dist(tmp_path):
    for name in ("minimal", "features"):
        shutil.copytree(FIXTURE_COURSES / name, tmp_path / "courses" / name)
    (tmp_path / "courses" / "not-a-course").mkdir()  # no course.yml: ignored
    result = run("build", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == ["features-2.1.0-scorm12.zip", "minimal-1.0.0-scorm12.zip"]


def test_a_course_whose_course_file_was_saved_as_txt_is_reported_not_skipped(tmp_path):
    # Windows hides '.txt': the author sees 'course.yml', and the course used to vanish from the build.
    shutil.copytree(FIXTURE_COURSES / "minimal", tmp_path / "courses" / "minimal")
    (tmp_path / "courses" / "minimal" / "course.yml").rename(tmp_path / "courses" / "minimal" / "course.yml.txt")
    result = run("build", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "courses/minimal/course.yml.txt:0: this file is not read, because its name ends in '.txt': rename it to "
        "'course.yml' (Notepad adds .txt unless you choose 'All files' as the type when you save)", SUMMARY_ONE]


def test_a_good_course_is_still_built_when_another_fails(tmp_path):
    result = run("build", FIXTURE_COURSES / "minimal", BROKEN_COURSES.relative_to(REPO) / "empty-page", "--out", tmp_path)
    assert result.exit_code == 1
    assert [p.name for p in tmp_path.iterdir()] == ["minimal-1.0.0-scorm12.zip"]
    assert result.stderr.splitlines()[-1] == SUMMARY_ONE


def test_no_courses_found(tmp_path):
    result = run("build", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == "No courses found: give a course folder, or run this where ./courses holds course folders.\n"


def test_a_missing_course_folder(tmp_path):
    result = run("build", "courses/no-such-course", "--out", tmp_path / "dist", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["courses/no-such-course:0: no such course folder", SUMMARY_ONE]


@pytest.mark.parametrize("command", ["build", "check"])
def test_the_course_file_given_for_its_folder_says_which_folder_to_give(tmp_path, command):
    # 'check courses/x/course.yml' ended in a traceback; 'build' said "no such course folder".
    shutil.copytree(FIXTURE_COURSES / "minimal", tmp_path / "minimal")
    result = run(command, "minimal/course.yml", cwd=tmp_path)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert result.output.splitlines()[0].startswith(  # check prints its findings on stdout
        "minimal/course.yml:0: this is a file, not a course folder: give the folder that holds the course, minimal")


# --- the disk, not the course ------------------------------------------------------
# chmod cannot make a folder unwritable for root, so these use paths that fail for anyone.

def test_an_out_folder_that_is_a_file_is_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "dist"
    blocker.write_text("I am a file")
    result = run("build", FIXTURE_COURSES / "minimal", "--out", blocker)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        f"{blocker}:0: cannot build {FIXTURE_COURSES / 'minimal'}: the output folder is a file; choose another --out",
        SUMMARY_ONE]
    assert blocker.read_text() == "I am a file"


def test_an_out_folder_inside_a_file_is_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("build", "tests/fixtures/courses/minimal", "--out", blocker / "dist")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        f"{blocker / 'dist'}:0: cannot build tests/fixtures/courses/minimal: Not a directory", SUMMARY_ONE]
