"""Where each piece of prose starts: the indexed search gives what a scan of every word gives."""
from __future__ import annotations

from builder.loader import load_course
from builder.quality.prose import WORD, PageText, SourceWords
from course_helpers import SOCIAL_VALUE


class ScanningSourceWords(SourceWords):
    """The search as it was first written: try every start from the cursor."""

    def _find(self, wanted):
        size = len(wanted)
        for start in range(self.cursor, len(self.words) - size + 1):
            if self.words[start:start + size] == wanted:
                return start
        return None


def lines_found(source: SourceWords, pieces: list[str]) -> list:
    found = []
    for piece in pieces:
        found.append((source.line_of(piece), source.cursor, source.last_found))
    return found


def test_lines_match_a_scan_of_every_word_on_every_page_of_the_example_course():
    for page in load_course(SOCIAL_VALUE).pages:
        text = PageText(page)
        pieces = [block.text for block in text.blocks]
        pieces += [part for block in text.prose for part in text.sentence_texts(block)]
        pieces += ["no such words anywhere here", "", "the", "the council"]
        assert lines_found(SourceWords(page.markdown, page.body_line), pieces) == \
            lines_found(ScanningSourceWords(page.markdown, page.body_line), pieces), page.source.name


def test_a_search_starts_at_the_cursor_and_falls_back_to_fewer_words():
    source = SourceWords("one two three\nfour one two\n\n```\none two in code\n```\nfive [one](x.md) two", 10)
    assert [word for word in source.words] == [w.lower() for w in WORD.findall("one two three four one two five one two")]
    assert source.line_of("one two") == 10
    assert source.line_of("one two") == 11  # the cursor moved past the first
    assert source.line_of("five one two") == 16
    assert source.line_of("one two") == 10  # nothing left after the cursor: the body's first line
    assert source.line_of("nothing like it", default=3) == 3
