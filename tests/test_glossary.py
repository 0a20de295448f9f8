"""The generated Glossary page and the links from each page's first use of a term."""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from builder.glossary import add_glossary_page
from builder.loader import load_course
from builder.problems import BuildError
from builder.render import render_course
from course_helpers import SOCIAL_VALUE, page, write_course

GLOSSARY = """- term: Tender
  aliases: [tenders]
  definition: A way to invite bids.
- term: Contract management
  definition: Checking the supplier keeps its promises.
- term: Contract
  definition: A written agreement.
"""
QUIZ = """```question
id: q1
type: true-false
prompt: "True or false: a tender is a bid."
answer: true
```"""


def built(tmp_path, pages: dict, glossary: str | None = GLOSSARY):
    files = {"glossary.yml": glossary} if glossary else None
    course = load_course(write_course(tmp_path / "c", pages, files=files))
    add_glossary_page(course)
    return course


def links(html: str) -> list[tuple[str, str]]:
    return [(a.get("href"), a.text) for a in lxml.html.fromstring(f"<div>{html}</div>").iter("a")]


def test_glossary_page_lists_every_term_a_to_z_before_the_assessment(tmp_path):
    course = built(tmp_path, {"01-a.md": page("A", "Text."),
                              "02-quiz.md": page("Quiz", QUIZ, "assessment:\n  pass_mark: 80\n")})
    assert [(p.id, p.number) for p in course.pages] == [("a", 1), ("glossary", 2), ("quiz", 3)]
    glossary = course.pages[1]
    entries = lxml.html.fromstring(f"<div>{glossary.html}</div>")
    assert [(dt.get("id"), dt.text) for dt in entries.iter("dt")] == [
        ("p-glossary--term-contract", "Contract"),
        ("p-glossary--term-contract-management", "Contract management"),
        ("p-glossary--term-tender", "Tender")]
    assert [dd.text for dd in entries.iter("dd")][0] == "A written agreement."


def test_glossary_page_is_last_when_there_is_no_assessment(tmp_path):
    course = built(tmp_path, {"01-a.md": page("A", "Text."), "02-b.md": page("B", "Text.")})
    assert [p.id for p in course.pages] == ["a", "b", "glossary"]


def test_only_the_first_use_of_each_term_on_a_page_is_linked(tmp_path):
    body = "A tender is open. Another tender follows.\n\nThe contract management team reads the contract."
    course = built(tmp_path, {"01-a.md": page("A", body), "02-b.md": page("B", "Our tenders close soon.")})
    assert links(course.pages[0].html) == [
        ("#p-glossary--term-tender", "tender"),
        ("#p-glossary--term-contract-management", "contract management"),
        ("#p-glossary--term-contract", "contract")]
    assert links(course.pages[1].html) == [("#p-glossary--term-tender", "tenders")]  # each page links again


def test_terms_in_headings_links_code_and_questions_are_not_linked(tmp_path):
    body = ("## About the tender\n\nSee [the tender page](02-b.md) and `tender`.\n\n" + QUIZ +
            "\n\nNow the tender itself.")
    course = built(tmp_path, {"01-a.md": page("A", body), "02-b.md": page("B", "Text.")})
    html = course.pages[0].html
    assert links(html) == [("#p-b", "the tender page"), ("#p-glossary--term-tender", "tender")]
    assert re.search(r"Now the <a [^>]*>tender</a> itself", html)
    assert "<!--sb-question:q1-->" in html  # the question marker is untouched, so the quiz still renders


def test_a_course_without_a_glossary_gets_no_glossary_page(tmp_path):
    course = built(tmp_path, {"01-a.md": page("A", "A tender is open.")}, glossary=None)
    assert [p.id for p in course.pages] == ["a"] and links(course.pages[0].html) == []


def test_the_social_value_glossary_renders_and_links_resolve():
    course = load_course(SOCIAL_VALUE)
    add_glossary_page(course)
    index = render_course(course)["index.html"].decode("utf-8")
    ids = set(re.findall(r'id="([^"]+)"', index))
    hrefs = set(re.findall(r'href="#(p-glossary--[^"]+)"', index))
    assert hrefs and hrefs <= ids
    assert len(re.findall(r"<dt ", index)) == len(course.glossary)


def test_terms_and_aliases_keep_the_text_the_author_typed(tmp_path):
    # YAML reads a bare No as false and 24:7 as 1447; the glossary shows what was written.
    course = built(tmp_path, {"01-a.md": page("A", "Say no to 24:7 working.")},
                   "- term: No\n  definition: A refusal.\n- term: 2050\n  aliases: [24:7]\n  definition: A year.\n")
    assert [(term.term, term.aliases) for term in course.glossary] == [("No", ()), ("2050", ("24:7",))]
    assert ("#p-glossary--term-2050", "24:7") in links(course.pages[0].html)


@pytest.mark.parametrize("glossary, expected", [
    # An empty alias used to make empty links all over the pages.
    ("- term: A\n  aliases: ['', [x]]\n  definition: x\n",
     ["glossary.yml:2: alias 1 of glossary term 'A' is empty: write a word or phrase, or remove it",
      "glossary.yml:2: alias 2 of glossary term 'A' is not a word: write a word or phrase, or remove it"]),
    # The same word for two entries: which one would a page link to?
    ("- term: Tender\n  definition: x\n- term: Bid\n  aliases: [tender]\n  definition: y\n",
     ["glossary.yml:4: 'tender' is already in the glossary (line 1): a word can lead to one entry only, so remove one of them"]),
    ("- term: Bid\n  aliases: [offer]\n  definition: x\n- term: Offer\n  definition: y\n",
     ["glossary.yml:4: 'Offer' is already in the glossary (line 2)"]),
    ("- term: Bid\n  aliases: bids\n  definition: x\n",
     ["glossary.yml:2: aliases must be a list, like [VCS, voluntary sector]"]),
])
def test_every_glossary_word_leads_to_one_entry(tmp_path, glossary, expected):
    with pytest.raises(BuildError) as error:
        load_course(write_course(tmp_path / "c", {"01-a.md": page("A", "Text.")}, files={"glossary.yml": glossary}))
    assert [f"{Path(p.path).name}:{p.line}: {p.message}" for p in error.value.problems] == expected


def test_an_alias_that_repeats_its_own_term_is_harmless(tmp_path):
    course = built(tmp_path, {"01-a.md": page("A", "Text.")}, "- term: Bid\n  aliases: [bid, bids, Bids]\n  definition: x\n")
    assert course.glossary[0].aliases == ("bids",)


def test_terms_that_make_the_same_anchor_each_get_their_own(tmp_path):
    # 'Social value' and 'Social-value', or two terms in Greek letters, shared one id: the page
    # had duplicate ids and a link to the second entry landed on the first.
    course = built(tmp_path, {"01-a.md": page("A", "Social-value and Ωμέγα and Café.")},
                   "- term: Social value\n  definition: One.\n- term: Social-value\n  definition: Two.\n"
                   "- term: Ωμέγα\n  definition: Three.\n- term: Δέλτα\n  definition: Four.\n"
                   "- term: Café\n  definition: Five.\n")
    glossary = next(p for p in course.pages if p.id == "glossary")
    ids = re.findall(r'id="(p-glossary--term-[^"]*)"', glossary.html)
    assert sorted(ids) == ["p-glossary--term-cafe", "p-glossary--term-social-value", "p-glossary--term-social-value-2",
                           "p-glossary--term-word", "p-glossary--term-word-2"]
    assert sorted(glossary.anchors) == sorted(i.removeprefix("p-glossary--") for i in ids)
    assert links(course.pages[0].html) == [("#p-glossary--term-social-value-2", "Social-value"),
                                           ("#p-glossary--term-word-2", "Ωμέγα"), ("#p-glossary--term-cafe", "Café")]
