"""Reading ease and sentence length: what counts as prose, and the Social Value course's scores."""
from __future__ import annotations

from builder.loader import load_course
from builder.quality import check_course
from builder.quality.prose import PageText
from builder.quality.readability import MIN_WORDS_FOR_SCORE, page_score
from course_helpers import SOCIAL_VALUE, page, write_course

QUESTION = """```question
id: q1
type: true-false
prompt: "True or false: this very long prompt, with a great many words in it, is never counted as prose for readability at all."
answer: true
```"""


def first_page(tmp_path, body: str):
    return load_course(write_course(tmp_path / "c", {"01-a.md": page("A", body)})).pages[0]


def test_prose_leaves_out_headings_code_tables_and_questions(tmp_path):
    body = ("## A heading\n\nA paragraph.\n\n| Column |\n| --- |\n| A table cell |\n\n"
            "- A list item\n\nSome `inline code` here.\n\n" + QUESTION + "\n\n!!! note \"A title\"\n    A call-out body.\n")
    text = PageText(first_page(tmp_path, body))
    assert [block.text for block in text.prose] == ["A paragraph.", "A list item", "Some here.", "A call-out body."]
    assert [(block.text, block.kind, block.level) for block in text.blocks if block.kind == "label"] == \
        [("A heading", "label", 2), ("A title", "label", 0)]


def test_list_items_without_full_stops_count_as_separate_sentences(tmp_path):
    items = "\n".join(f"- item number {n} with words" for n in range(10))
    report = check_course(load_course(write_course(tmp_path / "c", {"01-a.md": page("A", items)})))
    assert [f.code for f in report.findings] == []


def test_each_long_sentence_is_reported_at_its_own_line(tmp_path):
    long = " ".join(["word"] * 30) + "."
    body = f"Short one.\n\nShort two. {long}\n\n> {long}\n"
    report = check_course(load_course(write_course(tmp_path / "c", {"01-a.md": page("A", body)})))
    assert [(f.line, f.code) for f in report.findings] == [(6, "long-sentence"), (8, "long-sentence")]


def test_a_short_page_gets_a_score_but_no_reading_ease_finding(tmp_path):
    words = "Comprehensive organisational documentation necessitates consideration."
    course = load_course(write_course(tmp_path / "c", {"01-a.md": page("A", words)}))
    score = page_score(PageText(course.pages[0]), "en-GB")
    assert score.words < MIN_WORDS_FOR_SCORE and score.reading_ease < 0
    assert [f.code for f in check_course(course).findings] == []


def test_social_value_pages_all_read_at_60_or_more_with_no_long_sentences():
    report = check_course(load_course(SOCIAL_VALUE))
    assert report.findings == []
    assert len(report.scores) >= 16
    assert all(score.reading_ease >= 60 for score in report.scores), [(s.path, s.reading_ease) for s in report.scores]
