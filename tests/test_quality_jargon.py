"""Jargon matching: acronyms, word forms, everyday phrases, and terms the glossary explains."""
from __future__ import annotations

from builder.loader import load_course
from builder.quality import check_course
from builder.quality.jargon import default_list
from course_helpers import page, write_course


def jargon_words(tmp_path, body: str, glossary: str | None = None) -> list[str]:
    files = {"glossary.yml": glossary} if glossary else None
    course = load_course(write_course(tmp_path / "c", {"01-a.md": page("A", body)}, files=files))
    return [f.message.split("'")[1] for f in check_course(course).findings if f.code == "jargon"]


def test_the_shared_list_covers_public_procurement_words():
    terms = {entry.term for entry in default_list()}
    assert {"TUPE", "MEAT", "OJEU", "tender", "VCSE", "commissioning", "procurement", "KPI", "SME",
            "framework agreement", "lot", "mobilisation", "outcomes-based", "stakeholder", "leverage"} <= terms
    assert all(entry.plain for entry in default_list())


def test_acronyms_match_only_in_capitals(tmp_path):
    assert jargon_words(tmp_path, "We had meat for lunch. The MEAT rule applies.") == ["MEAT"]


def test_everyday_phrases_with_a_term_are_not_jargon(tmp_path):
    assert jargon_words(tmp_path / "a", "We had a lot of fun and lots of cake.") == []
    assert jargon_words(tmp_path / "b", "The contract is split into three lots.") == ["lots"]


def test_other_forms_of_a_term_are_found(tmp_path):
    assert jargon_words(tmp_path, "We are Tendering now.") == ["Tendering"]


def test_a_glossary_term_or_alias_explains_every_form_of_the_jargon(tmp_path):
    glossary = "- term: Tender\n  definition: A way to invite bids for a contract.\n"
    assert jargon_words(tmp_path / "a", "We are tendering now. Our tenders close soon.", glossary) == []
    alias_only = "- term: Key measure\n  aliases: [KPI]\n  definition: A measure of progress for the work.\n"
    assert jargon_words(tmp_path / "b", "The KPIs go to the board each month.", alias_only) == []


def test_headings_and_call_out_titles_are_checked_for_jargon(tmp_path):
    body = "## Our stakeholder list\n\nText.\n\n!!! note \"About TUPE\"\n    Text.\n"
    assert sorted(jargon_words(tmp_path, body)) == ["TUPE", "stakeholder"]


def test_the_index_finds_exactly_what_every_pattern_on_every_block_finds(tmp_path):
    """JargonIndex only skips blocks a term cannot match; checked against running every pattern everywhere."""
    from builder.quality.config import CheckConfig
    from builder.quality.jargon import JargonIndex, course_list, jargon_findings
    from builder.quality.prose import PageText

    body = "\n\n".join([
        "We had a lot of fun, lots of cake and a lot-of-lots. The contract is split into three lots.",
        "A-lot of TUPE, tupe and MEAT; meat. The KPIs and kpis. Pre-tender, tender-ready, e-tendering.",
        "Café naïve Ｔender ſtakeholder KPI’s “tenders” and the ﬁrst Tendered bid; İnvitation to tender.",
        "Lotsa lots. Alot. a lot a lot of lots of lots. Commissioned commissioners commission.",
        "## Our stakeholder list", "- framework agreements\n- leverage\n- mobilisation and outcomes-based work",
    ])
    config = CheckConfig(jargon_add={"Übergabe": "handover", "-dash": "a dash", "widget": "a thing"})
    course = load_course(write_course(tmp_path / "c", {"01-a.md": page("A", body)}))
    entries = course_list(config, course.glossary)
    text = PageText(course.pages[0])

    def every_pattern_on_every_block():
        found = {}
        for entry in entries:
            uses = [(block.line, match.group(0)) for block in text.blocks
                    for match in entry.pattern.finditer(entry.without_ignored(block.text))]
            if uses:
                found[entry.term] = uses
        return found

    def with_the_index():
        index, found = JargonIndex(entries), {}
        for block in text.blocks:
            for number in index.candidates(block.text):
                entry = index.entries[number]
                uses = [(block.line, m.group(0)) for m in entry.pattern.finditer(entry.without_ignored(block.text))]
                found.setdefault(entry.term, []).extend(uses)
        return {term: uses for term, uses in found.items() if uses}

    expected = every_pattern_on_every_block()
    assert {"TUPE", "MEAT", "tender", "lot", "KPI"} <= set(expected)
    assert with_the_index() == expected
    assert jargon_findings(text, entries) == jargon_findings(text, JargonIndex(entries))
