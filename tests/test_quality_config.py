"""The `check:` section of the course file: thresholds, severities and jargon changes."""
from __future__ import annotations

from builder.loader import load_course
from builder.quality import check_course
from builder.quality.config import read_check_config
from course_helpers import page, write_course

LONG = "This sentence has more words in it than the limit of ten that we set."


def course_with(tmp_path, check_yaml: str, body: str = LONG):
    yml = f"id: c\ntitle: C\nversion: 1.0.0\n{check_yaml}"
    return load_course(write_course(tmp_path / "c", {"01-a.md": page("A", body)}, yml))


def codes(report):
    return [(finding.code, finding.severity) for finding in report.findings]


def test_defaults_are_reading_ease_60_and_25_words_all_warnings(tmp_path):
    config, problems = read_check_config(course_with(tmp_path, ""))
    assert (config.reading_ease, config.max_sentence_words, problems) == (60, 25, [])
    assert {code: config.severity_of(code) for code in ("reading-ease", "long-sentence", "jargon", "heading-skip")} == \
        dict.fromkeys(("reading-ease", "long-sentence", "jargon", "heading-skip"), "warning")


def test_the_sentence_limit_comes_from_the_course_file(tmp_path):
    assert codes(check_course(course_with(tmp_path, ""))) == []
    report = check_course(course_with(tmp_path / "strict", "check:\n  max_sentence_words: 10\n"))
    assert codes(report) == [("long-sentence", "warning")]
    assert "more than 10" in report.findings[0].message


def test_severity_error_warning_and_off(tmp_path):
    base = "check:\n  max_sentence_words: 10\n  severity:\n    long-sentence: "
    assert codes(check_course(course_with(tmp_path / "e", base + "error\n"))) == [("long-sentence", "error")]
    assert codes(check_course(course_with(tmp_path / "w", base + "warning\n"))) == [("long-sentence", "warning")]
    assert codes(check_course(course_with(tmp_path / "o", base + "off\n"))) == []  # YAML reads bare off as false


def test_course_additions_and_allowances_change_the_jargon_list(tmp_path):
    body = "The tender opens soon. Ask about the widget."
    plain = check_course(course_with(tmp_path / "plain", "", body))
    assert [f.message.split(":")[0] for f in plain.findings] == ["'tender' is jargon"]
    changed = check_course(course_with(tmp_path / "changed",
                                       "check:\n  jargon:\n    add: {widget: a small part}\n    allow: [tender]\n", body))
    assert [f.message for f in changed.findings] == [
        "'widget' is jargon: say \"a small part\" instead, or explain 'widget' in glossary.yml"]


def test_a_course_can_give_a_shared_term_its_own_plain_words(tmp_path):
    report = check_course(course_with(tmp_path, "check:\n  jargon:\n    add: {tender: an offer}\n", "The tender opens soon."))
    assert report.findings[0].message.startswith("'tender' is jargon: say \"an offer\" instead")


def test_a_check_section_that_is_not_settings_is_reported_with_its_line(tmp_path):
    report = check_course(course_with(tmp_path, "check: yes\n"))
    assert [(f.path.endswith("course.yml"), f.line, f.code, f.severity) for f in report.findings] == \
        [(True, 4, "check-settings", "error")]
