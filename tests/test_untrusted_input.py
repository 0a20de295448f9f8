"""Sources are untrusted: only regular files inside the course are read, with bounds.

The corpus in tests/fixtures/broken/ holds the cases git can hold; these are made at run
time: links leaving the course, a FIFO, files too big to commit, an empty folder, and a
build killed in the middle of writing its zip.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from builder.assets import IMAGE_ADVICE_BYTES, MAX_FILE_BYTES, check_asset, svg_problem
from builder.build import build_course
from builder.problems import BuildError, display_path
from builder.quality import check_course_dir
from builder.sources import MAX_TEXT_BYTES
from course_helpers import REPO, page, write_course


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(BuildError) as error:
        build_course(folder, folder.parent / "dist-failed")
    assert not (folder.parent / "dist-failed").exists()
    return [str(problem) for problem in error.value.problems]


def where(path: Path, line: int) -> str:
    return f"{display_path(path)}:{line}:"


# --- files that are not what they seem ------------------------------------------------------

def test_a_page_linked_to_a_file_outside_the_course_is_refused_and_its_text_never_read(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(page("Secret", "The payroll password is swordfish."))
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "Text.")})
    (course / "02-secret.md").symlink_to(secret)
    assert problems_of(course) == [f"{where(course / '02-secret.md', 1)} this is a link to a file outside the course "
                                   "folder: copy the file into the course folder instead"]


@pytest.mark.parametrize("name", ["course.yml", "glossary.yml"])
def test_course_and_glossary_files_linked_from_outside_are_refused(tmp_path, name):
    outside = tmp_path / f"outside-{name}"
    outside.write_text("id: outside\ntitle: Outside text\nversion: 1.0.0\n" if name == "course.yml"
                       else "- term: outside\n  definition: Outside text.\n")
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "Text.")})
    (course / name).unlink(missing_ok=True)
    (course / name).symlink_to(outside)
    problems = problems_of(course)
    assert f"{where(course / name, 1)} this is a link to a file outside the course folder: copy the file into the " \
           "course folder instead" in problems


def test_a_link_inside_the_course_is_followed(tmp_path):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "Text.")})
    (course / "drafts").mkdir()
    (course / "drafts" / "b.md").write_text(page("B", "More text."))
    (course / "02-b.md").symlink_to(course / "drafts" / "b.md")
    assert build_course(course, tmp_path / "dist").pages == 2


def test_a_page_linked_to_dev_zero_is_refused_at_once(tmp_path):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "Text.")})
    (course / "02-zero.md").symlink_to("/dev/zero")
    started = time.monotonic()
    assert problems_of(course) == [f"{where(course / '02-zero.md', 1)} this is a link to a file outside the course "
                                   "folder: copy the file into the course folder instead"]
    assert time.monotonic() - started < 5


def test_a_fifo_named_like_a_page_is_refused_without_hanging(tmp_path):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "Text.")})
    os.mkfifo(course / "02-pipe.md")
    started = time.monotonic()
    assert problems_of(course) == [f"{where(course / '02-pipe.md', 1)} this is not an ordinary file (a device, pipe or "
                                   "socket): replace it with a real file"]
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("name", ["course.yml", "glossary.yml"])
def test_a_fifo_named_like_the_course_or_glossary_file_is_named_not_ignored(tmp_path, name):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "Text.")})
    (course / name).unlink(missing_ok=True)
    os.mkfifo(course / name)
    assert f"{where(course / name, 1)} this is not an ordinary file (a device, pipe or socket): replace it with a real " \
           "file" in problems_of(course)


def test_a_fifo_shown_as_an_image_is_refused(tmp_path):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "![A chart](chart.png)")})
    os.mkfifo(course / "chart.png")
    assert problems_of(course) == [f"{where(course / '01-a.md', 4)} image 'chart.png': 'chart.png' is not an ordinary "
                                   "file (a device, pipe or socket): replace it with a real file"]


# --- sizes ------------------------------------------------------------------------------------

def test_a_page_past_the_hard_limit_is_refused(tmp_path):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "word " * (MAX_TEXT_BYTES // 5))})
    assert problems_of(course) == [f"{where(course / '01-a.md', 1)} this file is 1.0 MB, more than the 1.0 MB a course "
                                   "allows: split it or make it smaller"]


def test_a_large_page_builds_with_a_warning(tmp_path):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "Some words here. " * 15000)})
    result = build_course(course, tmp_path / "dist")
    assert [str(w) for w in result.warnings] == [
        f"{where(course / '01-a.md', 1)} warning: this page is 249 KB of text, more than one sitting: split it into "
        "several pages [file-size]"]


def test_an_image_over_the_advice_builds_with_a_warning_and_one_past_the_limit_is_refused(tmp_path):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "![A photo](photo.jpg)")},
                          files={"photo.jpg": b"\xff\xd8" + b"\0" * IMAGE_ADVICE_BYTES})
    [warning] = build_course(course, tmp_path / "dist").warnings
    assert str(warning) == (f"{where(course / '01-a.md', 4)} warning: image 'photo.jpg' is 500 KB: learners download "
                            "every image, so keep each under 500 KB (save it smaller or as JPEG) [file-size]")
    with open(course / "photo.jpg", "r+b") as stream:  # sparse: no 20 MB written to the test machine's disk
        stream.truncate(MAX_FILE_BYTES + 1)
    assert problems_of(course) == [f"{where(course / '01-a.md', 4)} image 'photo.jpg': the file is 20.0 MB, more than "
                                   "the 20.0 MB a course file may be: make it smaller"]


# --- folders and order ------------------------------------------------------------------------

def test_an_empty_course_folder_names_no_line_of_a_file_that_does_not_exist(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert problems_of(folder) == [
        f"{display_path(folder)}:0: the course has no pages: add Markdown files such as 01-welcome.md beside the course file",
        f"{display_path(folder / 'course.yml')}:0: no course file: create course.yml with id, title and version",
    ]


def test_a_page_without_a_number_is_reported_as_coming_last(tmp_path):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "Text."), "02-quiz.md": page("Quiz", "Text."),
                                                "summary.md": page("Summary", "Text.")})
    result = build_course(course, tmp_path / "dist")
    assert [page.id for page in result.course.pages] == ["a", "quiz", "summary"]
    assert [str(w) for w in result.warnings] == [
        f"{where(course / 'summary.md', 1)} warning: this page file has no number, so it comes last, after 02-quiz.md: "
        "start its name with a number to place it, like 03-summary.md [page-order]"]


# --- check reports everything -----------------------------------------------------------------

def test_check_runs_its_checks_on_the_pages_that_loaded_and_says_what_it_could_not_check(tmp_path):
    long_sentence = " ".join(["word"] * 40) + "."
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "![](missing.png)"),
                                                "02-b.md": page("B", long_sentence),
                                                "03-c.md": "No front matter.\n"},
                          course_yml="id: c\ntitle: C\nversion: 1.0.0\ncheck:\n  reading_ease: 500\n")
    report = check_course_dir(course)
    codes = sorted((Path(f.path).name, f.code) for f in report.findings)
    assert codes == [("01-a.md", "image-alt"), ("01-a.md", "missing-image"), ("02-b.md", "long-sentence"),
                     ("03-c.md", "source"), ("course.yml", "check-settings")]
    assert report.not_checked == [f"1 page was not checked for plain English or headings: it could not be read "
                                  f"({display_path(course / '03-c.md')})"]


def test_check_says_a_page_markdown_could_not_read_was_not_checked(tmp_path):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "[" * 20000), "02-b.md": page("B", "Fine.")})
    report = check_course_dir(course)
    assert [(Path(f.path).name, f.line, f.code) for f in report.findings] == [("01-a.md", 4, "source")]
    assert report.not_checked == [f"1 page was not checked for plain English or headings: Markdown could not read it "
                                  f"({display_path(course / '01-a.md')})"]


def test_completion_mistakes_are_not_called_quiz_mistakes(tmp_path):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "Text.")},
                          course_yml="id: c\ntitle: C\nversion: 1.0.0\ncompletion: never\n")
    [finding] = check_course_dir(course).findings
    assert finding.code == "source"


def test_a_page_saved_as_txt_is_a_source_mistake_whatever_its_name_says(tmp_path):
    # '02-questions.md.txt' named a quiz word, and check filed it under 'quiz'.
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "Text.")}, files={"02-questions.md.txt": "x"})
    [finding] = check_course_dir(course).findings
    assert (finding.line, finding.code) == (0, "source") and finding.message.startswith("this file is not read")


# --- SVG --------------------------------------------------------------------------------------

@pytest.mark.parametrize("svg", [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="alert(1)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><a href=" java\nscript:alert(1)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><use x:href="other.svg#a"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://example.org/a.css);</style></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://example.org/a)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:alert(1)"/></svg>',
    '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
    '<?xml-stylesheet href="https://example.org/a.xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
    '<svg xmlns="http://www.w3.org/2000/svg"><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>',
])
def test_an_svg_that_could_run_code_or_fetch_a_file_is_refused(svg):
    assert svg_problem(svg.encode()) is not None


def test_a_plain_svg_with_internal_references_is_accepted():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" role="img">'
           '<title>T</title><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use xlink:href="#g"/></svg>')
    assert svg_problem(svg.encode()) is None
    for svg_file in (REPO / "courses").rglob("*.svg"):  # the example course's own pictures pass
        assert svg_problem(svg_file.read_bytes()) is None, svg_file


def test_an_asset_check_of_a_long_name_is_a_message(tmp_path):
    found = check_asset(tmp_path / ("n" * 300 + ".pdf"), tmp_path, "n" * 300 + ".pdf", is_image=False)
    assert found.error == "the file name is too long for this computer: give the file a shorter name"


# --- dist/ hygiene ----------------------------------------------------------------------------

KILLED_BUILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    real_replace = os.replace
    def stuck(source, target):  # the zip is written to its temporary file; the build is killed before renaming it
        if not str(target).endswith(".zip"):
            return real_replace(source, target)  # other files (the syllable cache) as usual
        print("written", flush=True)
        time.sleep(600)
    os.replace = stuck
    from builder.build import build_course
    build_course(Path(sys.argv[1]), Path(sys.argv[2]))
""")


def test_a_build_killed_mid_write_leaves_nothing_the_next_build_does_not_clean_up(tmp_path):
    course = write_course(tmp_path / "course", {"01-a.md": page("A", "Text.")})
    out = tmp_path / "dist"
    process = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(course), str(out)], cwd=REPO,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "written\n"
        leftovers = [path.name for path in out.iterdir()]
        assert len(leftovers) == 1 and leftovers[0].endswith(".tmp")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert any(path.name.endswith(".tmp") for path in out.iterdir())  # SIGKILL: nothing could clean up
    build_course(course, out)
    assert sorted(path.name for path in out.iterdir()) == ["course-1.0.0-scorm12.zip"]


def test_a_temporary_file_of_a_build_still_running_is_left_alone(tmp_path):
    from builder.package import remove_stale_temporaries
    mine = tmp_path / f".x-1.0.0-scorm12.zip.{os.getppid()}.abc123.tmp"  # a live process: the test runner's parent
    gone = tmp_path / ".x-1.0.0-scorm12.zip.999999999.abc123.tmp"
    other = tmp_path / ".notes.tmp"
    for path in (mine, gone, other):
        path.write_bytes(b"x")
    assert remove_stale_temporaries(tmp_path) == [gone]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])


def test_the_check_command_prints_what_it_could_not_check(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from builder.cli import cli

    write_course(tmp_path / "course", {"01-a.md": page("A", "Text."), "02-b.md": "No front matter.\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "course"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-2:] == [
        "course: not checked: 1 page was not checked for plain English or headings: it could not be read (course/02-b.md)",
        "course: 1 error, 0 warnings"]
