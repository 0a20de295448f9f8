"""Reading author files: YAML with line numbers, front matter, text encodings."""
from __future__ import annotations

import pytest

from builder.sources import LineDict, LineList, SourceError, load_yaml, read_text, split_front_matter


# --- YAML with line numbers -------------------------------------------------

def test_mapping_knows_the_line_of_each_key():
    data = load_yaml("id: demo\n\ntitle: Demo\nversion: 1.0.0\n")
    assert isinstance(data, LineDict)
    assert [data.line_of(key) for key in ("id", "title", "version")] == [1, 3, 4]


def test_missing_key_points_at_the_mapping_itself():
    data = load_yaml("\n\nid: demo\n")
    assert data.line_of("title") == 3


def test_sequences_know_the_line_of_each_item():
    data = load_yaml("terms:\n  - term: A\n    definition: a\n\n  - term: B\n    definition: b\n")
    terms = data["terms"]
    assert isinstance(terms, LineList)
    assert [terms.line_of(0), terms.line_of(1)] == [2, 5]
    assert terms[1].line_of("definition") == 6


def test_first_line_offsets_every_line_so_embedded_yaml_reports_page_lines():
    data = load_yaml("title: Hello\nid: hello\n", first_line=10)
    assert data.line_of("id") == 11


def test_text_of_keeps_what_the_author_typed_not_what_yaml_guessed():
    data = load_yaml("version: 1.10\ntitle: No\nid: 010\nempty:\nnothing: ~\n")
    assert data["version"] == 1.1 and data["title"] is False  # YAML's own reading...
    assert data.text_of("version") == "1.10"  # ...and the author's text
    assert data.text_of("title") == "No"
    assert data.text_of("id") == "010"
    assert data.text_of("empty") is None and data.text_of("nothing") is None
    assert data.text_of("absent") is None


def test_text_of_is_none_for_lists_and_mappings():
    data = load_yaml("title:\n  - a\n  - b\n")
    assert data.text_of("title") is None


def test_a_key_given_twice_is_reported_on_its_second_line():
    with pytest.raises(SourceError) as error:
        load_yaml("title: One\nid: x\ntitle: Two\n")
    assert (error.value.line, error.value.message) == (3, "'title' is given twice")


def test_a_colon_inside_a_value_is_reported_with_a_plain_hint():
    with pytest.raises(SourceError) as error:
        load_yaml("id: x\ntitle: Social value: the basics\n")
    assert error.value.line == 2
    assert "not valid YAML" in error.value.message
    assert 'put the whole value in double quotes' in error.value.message


@pytest.mark.parametrize("text, line", [
    ("options:\n  - text: A\n  correct: true\n  - text: B\n", 3),  # an option's line not under its first word
    ("options:\n- text: A\n  correct: true\n- text: B\n   feedback: x\n", 5),  # one space too many
    ("feedback:\n    correct: a\n  incorrect: b\n", 3),  # one level, two indents
    ("type: single\n  prompt: x\n", 2),
])
def test_a_line_indented_wrongly_is_not_blamed_on_quotes(text, line):
    # These once said "put the whole value in double quotes", which does not help.
    with pytest.raises(SourceError) as error:
        load_yaml(text)
    assert error.value.line == line
    assert error.value.message.endswith("check the spaces at the start of this line: it must line up with the other lines "
                                        "at its level, and the lines of a '- ' entry line up under its first word")


def test_list_items_keep_what_the_author_typed():
    data = load_yaml("- 10:00\n- 1.50\n- No\n- plain\n- [a]\n- ~\n")
    assert data == [600, 1.5, False, "plain", ["a"], None]
    assert [data.text_of(index) for index in range(7)] == ["10:00", "1.50", "No", "plain", None, None, None]


def test_an_unclosed_bracket_points_at_the_line_that_opened_it():
    with pytest.raises(SourceError) as error:
        load_yaml("id: x\ntitle: [Draft\nversion: 1\n")
    assert error.value.line == 2
    assert "opened but never closed" in error.value.message


def test_tabs_are_explained():
    with pytest.raises(SourceError) as error:
        load_yaml("title: a\n\tversion: 1\n")
    assert error.value.line == 2
    assert error.value.message.endswith("indent with spaces, not tabs")


def test_empty_yaml_is_none():
    assert load_yaml("") is None
    assert load_yaml("# only a comment\n") is None


# --- text files --------------------------------------------------------------

def test_utf8_text_is_read_with_line_endings_normalised(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes("Caf\u00e9\r\nline two\rline three\n".encode("utf-8"))
    assert read_text(path) == "Caf\u00e9\nline two\nline three\n"


def test_a_byte_order_mark_is_tolerated(tmp_path):
    path = tmp_path / "course.yml"
    path.write_bytes(b"\xef\xbb\xbfid: demo\n")
    text = read_text(path)
    assert text == "id: demo\n"
    assert load_yaml(text).line_of("id") == 1


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read_like_utf8(tmp_path, encoding):
    # Notepad's "Unicode" (UTF-16 with CRLF line ends) used to be refused as "not valid UTF-8".
    path = tmp_path / "page.md"
    text = "---\r\ntitle: Caf\u00e9\r\n---\r\nText.\r\n"
    path.write_bytes(text.encode(encoding) if encoding == "utf-16" else ("\ufeff" + text).encode(encoding))
    assert read_text(path) == "---\ntitle: Caf\u00e9\n---\nText.\n"


def test_utf16_without_a_byte_order_mark_is_named_not_called_control_characters(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes("---\ntitle: A\n---\nText.\n".encode("utf-16-le"))
    with pytest.raises(SourceError) as error:
        read_text(path)
    assert (error.value.line, error.value.message) == (1, "file is saved as UTF-16 without a byte-order mark; save it as UTF-8")


def test_broken_utf16_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes(b"\xff\xfe-\x00-\x00-")  # an odd number of bytes
    with pytest.raises(SourceError) as error:
        read_text(path)
    assert (error.value.line, error.value.message) == (1, "file is saved as UTF-16 but is not valid UTF-16 text; save it as UTF-8")


def test_non_utf8_text_is_refused_at_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes(b"---\ntitle: ok\n---\nCaf\xe9 (saved as Windows-1252)\n")
    with pytest.raises(SourceError) as error:
        read_text(path)
    assert error.value.line == 4
    assert "UTF-8" in error.value.message


def test_a_folder_is_not_a_text_file(tmp_path):
    folder = tmp_path / "02-notes.md"
    folder.mkdir()
    with pytest.raises(SourceError) as error:
        read_text(folder)
    assert error.value.line == 0
    assert "is a folder" in error.value.message


def test_a_missing_file_is_reported_not_raised_as_oserror(tmp_path):
    with pytest.raises(SourceError) as error:
        read_text(tmp_path / "gone.md")
    assert "cannot read this file" in error.value.message


# --- front matter ------------------------------------------------------------

def test_front_matter_is_split_from_the_body_with_the_body_line():
    front = split_front_matter("---\ntitle: Welcome\nid: intro\n---\n## Hello\n")
    assert front.data == {"title": "Welcome", "id": "intro"}
    assert front.data.line_of("id") == 3
    assert front.body == "## Hello\n"
    assert front.body_line == 5


def test_front_matter_may_close_with_dots_and_may_be_empty():
    front = split_front_matter("---\n...\nBody\n")
    assert front.data == {} and front.body == "Body\n" and front.body_line == 3


def test_yaml_errors_in_front_matter_report_the_page_line():
    with pytest.raises(SourceError) as error:
        split_front_matter("---\nid: x\ntitle: Rules: the basics\n---\nText\n")
    assert error.value.line == 3


def test_empty_lines_above_the_front_matter_are_allowed_and_lines_still_count_from_the_top():
    # An empty first line is invisible in an editor; it used to be "page must start with front matter".
    front = split_front_matter("\n  \n---\ntitle: Welcome\n---\nText\n")
    assert (front.data["title"], front.data.line_of("title"), front.body, front.body_line) == ("Welcome", 4, "Text\n", 6)
    with pytest.raises(SourceError) as error:
        split_front_matter("\n---\ntitle: Rules: the basics\n---\nText\n")
    assert error.value.line == 3
    with pytest.raises(SourceError) as error:
        split_front_matter("\n---\ntitle: Welcome\n")
    assert (error.value.line, error.value.message) == (2, "front matter is not closed: add a line '---' after it")


def test_a_page_without_front_matter_is_refused():
    with pytest.raises(SourceError) as error:
        split_front_matter("# Welcome\n\nText\n")
    assert error.value.line == 1
    assert "front matter" in error.value.message


def test_unclosed_front_matter_is_refused():
    with pytest.raises(SourceError) as error:
        split_front_matter("---\ntitle: Welcome\n\nText\n")
    assert (error.value.line, error.value.message) == (1, "front matter is not closed: add a line '---' after it")


def test_front_matter_must_be_key_value_lines():
    with pytest.raises(SourceError) as error:
        split_front_matter("---\n- title\n---\nText\n")
    assert error.value.line == 2


# --- issue 12: hostile and careless YAML and text ----------------------------------------------

@pytest.mark.parametrize("text, line", [("a:\n\tb: 1\n", 2), ("a: 1\nb:\n  - x\n\t- y\n", 4), ("t: x\n\tid: y\nz: 1", 2)])
def test_a_tab_is_named_at_its_own_line(text, line):
    with pytest.raises(SourceError) as error:
        load_yaml(text)
    assert (error.value.line, error.value.message) == (line, "this is not valid YAML (a tab): indent with spaces, not tabs")


def test_a_tab_inside_a_value_is_not_blamed_for_another_mistake():
    with pytest.raises(SourceError) as error:
        load_yaml("title: a\tb\nid: [x\n")
    assert error.value.line == 2 and "bracket is opened but never closed" in error.value.message


@pytest.mark.parametrize("text, line", [("x: &a [*a]\n", 1), ("a: &a [1]\nb: *a\n", 2),
                                        ("a: &a [x, x]\nb: [*a, *a]\n", 2)])
def test_aliases_are_refused_before_any_value_is_made(text, line):
    with pytest.raises(SourceError) as error:
        load_yaml(text, first_line=1)
    assert error.value.line == line and "repeats another value (a YAML alias)" in error.value.message


def test_nesting_is_bounded():
    load_yaml("a: " + "[" * 31 + "]" * 31)  # the mapping is the first level
    with pytest.raises(SourceError) as error:
        load_yaml("\n\na: " + "[" * 33 + "]" * 33, first_line=10)
    assert (error.value.line, error.value.message) == (12, "values are nested more than 32 levels deep: write them more simply")


def test_control_characters_are_refused_at_each_line(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes(b"one\ntwo \x01\nthree\nfour \x00 and \x7f\n")
    with pytest.raises(SourceError) as error:
        read_text(path)
    assert [line for line, _ in error.value.all()] == [2, 4]
    assert error.value.message.startswith("this line holds an invisible control character (U+0001)")


def test_a_control_character_written_as_a_yaml_escape_is_refused():
    with pytest.raises(SourceError) as error:
        load_yaml('id: x\ntitle: "Social\\x01 value"\n')
    assert error.value.line == 2 and "control character, written as an escape" in error.value.message
    assert load_yaml('title: "tab\\tand newline\\n"')["title"] == "tab\tand newline\n"
