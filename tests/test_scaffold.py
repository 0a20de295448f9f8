"""`scorm-builder new`: the example course builds, passes check and the shared validator at once."""
from __future__ import annotations

from click.testing import CliRunner

from builder.cli import cli
from builder.loader import load_course
from builder.quality import check_course_dir
from course_helpers import shared_validator, zip_names


def test_new_course_passes_check_builds_and_validates(tmp_path):
    target = tmp_path / "Fire Safety"
    runner = CliRunner()
    made = runner.invoke(cli, ["new", str(target)])
    assert made.exit_code == 0, made.output
    report = check_course_dir(target)
    assert report.findings == [] and all(score.reading_ease >= 60 for score in report.scores)
    built = runner.invoke(cli, ["build", str(target), "--out", str(tmp_path / "dist")])
    assert built.exit_code == 0, built.output
    assert built.stderr == ""  # not even a warning
    package = tmp_path / "dist" / "fire-safety-0.1.0-scorm12.zip"
    assert shared_validator().validate(str(package)) == []
    assert "images/three-steps.svg" in zip_names(package)


def test_new_course_shows_every_feature_an_author_needs(tmp_path):
    CliRunner().invoke(cli, ["new", str(tmp_path / "demo"), "--title", "Demo: the basics"])
    course = load_course(tmp_path / "demo")
    assert (course.id, course.title) == ("demo", "Demo: the basics")
    assert {q.type for q in course.questions} == {"single", "true-false", "fill-in"}
    assert course.assessment_page is not None and course.assessment_page.assessment.pass_mark == 80
    assert [q.scored for q in course.questions].count(False) == 2  # knowledge checks on a normal page
    assert [term.term for term in course.glossary] == ["Procurement", "Alt text"]
    html = "".join(page.html for page in course.pages)
    assert 'class="admonition tip"' in html and 'alt="Three steps in a row' in html
    assert 'href="#p-final-quiz--how-the-quiz-works"' in html and 'href="#p-pictures-and-questions"' in html
    assert "check:" in (tmp_path / "demo" / "course.yml").read_text() and "# " in (tmp_path / "demo" / "course.yml").read_text()


def test_new_refuses_a_folder_that_has_files(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "taken")])
    assert result.exit_code == 1
    assert "already has files in it" in result.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]


def test_new_fills_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert CliRunner().invoke(cli, ["new", str(tmp_path / "empty")]).exit_code == 0
    assert (tmp_path / "empty" / "course.yml").is_file()


def test_a_folder_named_with_spaces_and_accents_gets_a_plain_id_and_commands_that_paste(tmp_path):
    # 'Café Ω' used to give the id 'caf'; the printed commands broke at the space when pasted.
    target = tmp_path / "Café Ω"
    made = CliRunner().invoke(cli, ["new", str(target)])
    assert made.exit_code == 0, made.output
    assert load_course(target).id == "cafe"
    assert made.stdout.splitlines()[1:] == ["Next: edit the pages, then run", f"  scorm-builder check '{target}'",
                                            f"  scorm-builder build '{target}'"]
    assert f"scorm-builder build '{target.as_posix()}'" in (target / "course.yml").read_text(encoding="utf-8")
