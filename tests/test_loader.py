"""Course folder -> Course model: what is read, and every mistake collected at once."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.loader import load_course
from builder.problems import BuildError
from course_helpers import FIXTURE_COURSES, page, write_course


def problems_of(course_dir: Path) -> list[tuple[str, int, str]]:
    with pytest.raises(BuildError) as error:
        load_course(course_dir)
    return [(Path(p.path).name, p.line, p.message) for p in error.value.problems]


def test_minimal_course_loads_with_defaults():
    course = load_course(FIXTURE_COURSES / "minimal")
    assert (course.id, course.title, course.version) == ("minimal", "A minimal course", "1.0.0")
    assert (course.language, course.completion, course.estimated_minutes) == ("en-GB", "all-pages", 0)
    assert [(p.id, p.title, p.number) for p in course.pages] == [("welcome", "Welcome", 1)]


def test_every_course_key_is_read():
    course = load_course(FIXTURE_COURSES / "features")
    assert course.description == "A fixture course that uses every Markdown feature authors may use."
    assert course.audience == "Test suites"
    assert course.estimated_minutes == 10
    assert course.version == "2.1.0"


def test_page_ids_come_from_file_names_unless_set_in_front_matter():
    course = load_course(FIXTURE_COURSES / "features")
    assert [page.id for page in course.pages] == ["introduction", "objectives", "summary"]


def test_pages_follow_their_number_prefix_not_alphabetical_order(tmp_path):
    write_course(tmp_path / "order", {
        "10-end.md": page("End", "Text."),
        "2-middle.md": page("Middle", "Text."),
        "1-start.md": page("Start", "Text."),
    })
    course = load_course(tmp_path / "order")
    assert [page.title for page in course.pages] == ["Start", "Middle", "End"]
    assert [page.number for page in course.pages] == [1, 2, 3]


def test_text_values_are_kept_as_typed(tmp_path):
    write_course(tmp_path / "typed", {"01-no.md": page("No", "Text.")},
                 course_yml="id: typed\ntitle: Yes\nversion: 1.10\n")
    course = load_course(tmp_path / "typed")
    assert (course.title, course.version, course.pages[0].title) == ("Yes", "1.10", "No")


def test_pages_are_converted_and_their_assets_collected():
    course = load_course(FIXTURE_COURSES / "features")
    objectives = course.pages[1]
    assert '<h2 id="p-objectives--the-six-objectives">' in objectives.html
    assert "the-six-objectives" in objectives.anchors
    assert sorted(course.assets) == ["images/policy.txt", "images/six.svg"]


def test_a_link_to_a_later_pages_anchor_is_checked_against_that_page(tmp_path):
    write_course(tmp_path / "anchors", {
        "01-a.md": page("A", "See [rule one](02-b.md#rule-one) and [rule two](02-b.md#rule-two)."),
        "02-b.md": page("B", "## Rule one\n\nText."),
    })
    assert problems_of(tmp_path / "anchors") == [
        ("01-a.md", 4, "broken link '02-b.md#rule-two': page 'b' has no heading with the anchor '#rule-two'"),
    ]


def test_an_anchor_written_with_capitals_or_underscores_names_the_one_meant(tmp_path):
    write_course(tmp_path / "anchors", {
        "01-a.md": page("A", "See [one](02-b.md#Rule-One), [two](02-b.md#rule_two) and [three](#Rule-Three)."),
        "02-b.md": page("B", "## Rule one\n\n## Rule two\n\nText."),
    })
    assert problems_of(tmp_path / "anchors") == [
        ("01-a.md", 4, "broken link '#Rule-Three': page 'a' has no heading with the anchor '#Rule-Three'"),
        ("01-a.md", 4, "broken link '02-b.md#Rule-One': page 'b' has no heading with the anchor '#Rule-One'; did you mean '#rule-one'?"),
        ("01-a.md", 4, "broken link '02-b.md#rule_two': page 'b' has no heading with the anchor '#rule_two'; did you mean '#rule-two'?"),
    ]


def test_course_file_mistakes_do_not_hide_page_mistakes(tmp_path):
    write_course(tmp_path / "both", {"01-a.md": page("A", "# Too big")},
                 course_yml="id: both\ntitle: Both\nversion: 1.0.0\ncompletion: never\n")
    assert problems_of(tmp_path / "both") == [
        ("01-a.md", 4, "use '##' for headings: the page title is the page's only level-1 heading"),
        ("course.yml", 4, "completion 'never' must be one of: all-pages, assessment, either"),
    ]


def test_a_link_to_a_page_that_failed_to_load_is_not_also_called_broken(tmp_path):
    write_course(tmp_path / "one-bad", {
        "01-a.md": page("A", "See [B](02-b.md) and [its rule](02-b.md#rule)."),
        "02-b.md": "No front matter here.\n",
    })
    assert problems_of(tmp_path / "one-bad") == [
        ("02-b.md", 1, "page must start with front matter: a line '---', 'title: ...', then '---'"),
    ]


def test_duplicate_page_ids_point_at_the_id_line(tmp_path):
    write_course(tmp_path / "dupes", {
        "01-intro.md": page("Intro", "Text."),
        "02-other.md": page("Other", "Text.", extra="id: intro\n"),
    })
    assert problems_of(tmp_path / "dupes") == [
        ("02-other.md", 3, "duplicate page id 'intro': 01-intro.md already uses it; give one of them another 'id:' in its front matter"),
    ]


def test_unknown_keys_suggest_the_nearest_known_key(tmp_path):
    write_course(tmp_path / "typos", {"01-a.md": page("A", "Text.", extra="tittle: A\n")},
                 course_yml="id: typos\ntitle: T\nversion: 1.0.0\ncompletoin: either\n")
    assert problems_of(tmp_path / "typos") == [
        ("01-a.md", 3, "unknown key 'tittle' in the page front matter: did you mean 'title'?"),
        ("course.yml", 4, "unknown key 'completoin' in the course file: did you mean 'completion'?"),
    ]


def test_every_required_course_key_is_asked_for(tmp_path):
    write_course(tmp_path / "bare", {"01-a.md": page("A", "Text.")}, course_yml="description: nothing else\n")
    assert problems_of(tmp_path / "bare") == [
        ("course.yml", 1, "the course file has no id: add a line 'id: ...'"),
        ("course.yml", 1, "the course file has no title: add a line 'title: ...'"),
        ("course.yml", 1, "the course file has no version: add a line 'version: ...'"),
    ]


@pytest.mark.parametrize("line, message", [
    ("estimated_minutes: about 40", "estimated_minutes must be a whole number of minutes"),
    ("language: English", "language 'English' is not a language tag such as en-GB"),
])
def test_optional_course_keys_are_checked(tmp_path, line, message):
    write_course(tmp_path / "optional", {"01-a.md": page("A", "Text.")},
                 course_yml=f"id: optional\ntitle: O\nversion: 1.0.0\n{line}\n")
    assert problems_of(tmp_path / "optional") == [("course.yml", 4, message)]


def test_a_course_file_that_is_not_key_value_lines(tmp_path):
    write_course(tmp_path / "listy", {"01-a.md": page("A", "Text.")}, course_yml="- id\n- title\n")
    assert problems_of(tmp_path / "listy") == [
        ("course.yml", 1, "the course file must be 'key: value' lines (id, title, version, ...)"),
    ]


def test_an_lms_section_in_the_course_file_says_where_the_lms_is_chosen(tmp_path):
    # 'lms:' was accepted and ignored: an author who wrote 'lms: moodle' got the default profile.
    write_course(tmp_path / "lms", {"01-a.md": page("A", "Text.")}, course_yml="id: lms\ntitle: L\nversion: 1.0.0\nlms: moodle\n")
    assert problems_of(tmp_path / "lms") == [
        ("course.yml", 4, "the course file does not choose the LMS: build with --lms moodle (say), or set 'lms:' in each "
                          "council's profile (docs/authorities.md)")]


def test_a_language_written_with_an_underscore_is_the_language_tag(tmp_path):
    write_course(tmp_path / "lang", {"01-a.md": page("A", "Text.")}, course_yml="id: lang\ntitle: L\nversion: 1.0.0\nlanguage: cy_GB\n")
    assert load_course(tmp_path / "lang").language == "cy-GB"


def test_a_course_file_with_only_notes_says_what_to_add(tmp_path):
    write_course(tmp_path / "notes", {"01-a.md": page("A", "Text.")}, course_yml="# id: notes\n# title: Notes\n\n")
    assert problems_of(tmp_path / "notes") == [
        ("course.yml", 1, "the course file has no id: add a line 'id: ...'"),
        ("course.yml", 1, "the course file has no title: add a line 'title: ...'"),
        ("course.yml", 1, "the course file has no version: add a line 'version: ...'"),
    ]


def test_a_glossary_with_every_entry_removed_is_no_glossary(tmp_path):
    # `new` makes a glossary.yml full of notes; an author who deletes its entries means "no glossary".
    write_course(tmp_path / "few", {"01-a.md": page("A", "Text.")}, files={"glossary.yml": "# term: A\n# definition: B\n"})
    assert load_course(tmp_path / "few").glossary == []


def test_a_folder_named_like_a_package_file_is_refused(tmp_path):
    write_course(tmp_path / "clash", {"01-a.md": page("A", "Text.")}, files={"runtime/notes.txt": "x"})
    assert problems_of(tmp_path / "clash") == [
        ("runtime", 0, "'runtime' is a name the package uses itself; rename it"),
    ]


def test_page_ids_that_are_not_plain_words_are_refused(tmp_path):
    write_course(tmp_path / "ids", {"01-a.md": page("A", "Text.", extra="id: Intro Page\n")})
    assert problems_of(tmp_path / "ids") == [
        ("01-a.md", 3, "page id 'Intro Page' must be lower-case letters, digits and hyphens, like 'intro-page'"),
    ]


def test_a_page_id_too_long_for_the_lms_bookmark_is_refused(tmp_path):
    write_course(tmp_path / "long", {"01-a.md": page("A", "Text.", extra=f"id: {'a' * 256}\n"),
                                     "02-b.md": page("B", "Text.", extra=f"id: {'b' * 255}\n")})
    assert problems_of(tmp_path / "long") == [
        ("01-a.md", 3, "page id is 256 characters; the LMS keeps a learner's place in at most 255: use a shorter id"),
    ]


def test_page_files_named_as_editors_save_them_are_pages(tmp_path):
    # '.MD' (Windows tools) and '.markdown' (Mac ones) used to be skipped without a word: the page
    # was simply missing from the package. Spaces, underscores, capitals and accents make plain ids.
    write_course(tmp_path / "named", {
        "01 Welcome Page.md": page("Welcome", "See [the cafe](02_Café_Rules.MD#menu) and [the end](3-the-end.markdown)."),
        "02_Café_Rules.MD": page("Café", "## Menu\n\nText."),
        "3-the-end.markdown": page("End", "Text."),
        "notes.txt": "not a page",
    })
    course = load_course(tmp_path / "named")
    assert [(p.id, p.source.name) for p in course.pages] == [
        ("welcome-page", "01 Welcome Page.md"), ("cafe-rules", "02_Café_Rules.MD"), ("the-end", "3-the-end.markdown")]
    assert 'href="#p-cafe-rules--menu"' in course.pages[0].html


def test_a_file_name_that_makes_no_id_says_how_to_name_it(tmp_path):
    write_course(tmp_path / "bare", {"01-a.md": page("A", "Text."), "02.md": page("B", "Text."),
                                     "03-Ωμέγα.md": page("C", "Text."), "04.md": page("D", "Text.", extra="id: dee\n")})
    message = ("the file name gives this page no id: name the file with a word after the number, "
               "like 02-introduction.md, or set 'id:' in the front matter")
    assert problems_of(tmp_path / "bare") == [("02.md", 1, message), ("03-Ωμέγα.md", 1, message)]


def test_a_link_that_misses_a_page_file_by_a_letter_names_the_file(tmp_path):
    write_course(tmp_path / "near", {"01-a.md": page("A", "See [B](02-b.md) and [C](03-the-rules.md)."),
                                     "02-B.MD": page("B", "Text."), "03-the-rule.md": page("C", "Text.")})
    assert problems_of(tmp_path / "near") == [
        ("01-a.md", 4, "broken link '02-b.md': there is no page file '02-b.md' in the course; did you mean '02-B.MD'?"),
        ("01-a.md", 4, "broken link '03-the-rules.md': there is no page file '03-the-rules.md' in the course; "
                       "did you mean '03-the-rule.md'?"),
    ]


def test_hidden_files_are_not_pages(tmp_path):
    write_course(tmp_path / "mac", {"01-a.md": page("A", "Text.")},
                 files={"._01-a.md": b"\x00\x05\x16\x07 macOS resource fork", ".#01-a.md": "editor lock"})
    course = load_course(tmp_path / "mac")
    assert [p.source.name for p in course.pages] == ["01-a.md"]
