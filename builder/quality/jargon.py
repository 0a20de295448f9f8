"""Jargon: terms a learner may not know, each with a plain alternative.

The shared list (jargon.yml beside this file) covers public procurement;
a course adds or allows terms in its course file. A term the course's
glossary explains is not jargon there: its first use on each page links to
the glossary (see builder.glossary).

Speed: each term's pattern is compiled once (not for every text block), and
a page's blocks are first split into words so a term's pattern only runs on
the blocks that contain the first word of one of its names (``JargonIndex``);
the findings are exactly those of running every pattern on every block.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from builder.model import GlossaryTerm
from builder.quality.config import CheckConfig
from builder.quality.findings import Finding
from builder.quality.prose import PageText

DEFAULT_LIST = Path(__file__).resolve().parent / "jargon.yml"


@dataclass(frozen=True)
class Jargon:
    term: str
    plain: str
    forms: tuple = ()
    ignore: tuple = ()

    # Worked out once per entry (the shared list is loaded once per process): a frozen
    # dataclass can still cache, as cached_property writes to the instance's __dict__.
    @cached_property
    def names(self) -> tuple:
        """Every way of writing the term, longest first (so 'lots' wins over 'lot')."""
        names = {self.term, *self.forms, *(f"{name}s" for name in (self.term, *self.forms) if not name.endswith("s"))}
        return tuple(sorted(names, key=len, reverse=True))

    @cached_property
    def pattern(self) -> re.Pattern:
        # Acronyms match only in capitals: 'MEAT' is jargon, 'meat' is not.
        flags = 0 if self.term.isupper() else re.IGNORECASE
        return re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, self.names))})(?![\w-])", flags)

    @cached_property
    def _ignored(self) -> tuple:
        return tuple((re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE), " " * len(phrase))
                     for phrase in self.ignore)

    def without_ignored(self, text: str) -> str:
        for pattern, blank in self._ignored:
            text = pattern.sub(blank, text)
        return text


@lru_cache(maxsize=1)
def default_list() -> tuple[Jargon, ...]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: the same values, sooner
    entries = yaml.load(DEFAULT_LIST.read_text(encoding="utf-8"), Loader=loader)
    return tuple(Jargon(e["term"], e["plain"], tuple(e.get("forms", ())), tuple(e.get("ignore", ()))) for e in entries)


def course_list(config: CheckConfig, glossary: list[GlossaryTerm]) -> list[Jargon]:
    """The shared list with the course's additions, less what it allows or its glossary explains."""
    added = {term.lower(): Jargon(term, plain) for term, plain in config.jargon_add.items()}
    entries = [added.pop(entry.term.lower(), entry) for entry in default_list()] + list(added.values())
    accepted = {name.lower() for name in config.jargon_allow}
    accepted |= {name.lower() for term in glossary for name in (term.term, *term.aliases)}
    return [entry for entry in entries if not accepted & {name.lower() for name in entry.names}]


WORD = re.compile(r"[\w-]+")  # a run the patterns' (?<![\w-]) and (?![\w-]) cannot start or end inside


class JargonIndex:
    """A course's jargon list, indexed by the first word of each way of writing each term.

    A term's pattern matches only where a name starts and ends at a run of
    word characters and hyphens, so the run it starts on *is* the name's first
    run (its first word): a block without that word cannot use the term. For a
    term with ignored phrases the pattern sees the block with those phrases
    blanked out, which can cut a longer run short, so there the first word
    need only appear somewhere in the block's text. The index only skips
    blocks; the patterns still decide. Whatever it cannot vouch for is always
    run: names that are not ASCII or do not start with a word character, and
    blocks with non-ASCII words (regular expressions fold the case of some
    letters differently from str.lower()).
    """

    def __init__(self, entries):
        self.entries = list(entries)
        self.always: set[int] = set()  # entries run on every block
        self.by_word: dict[str, set[int]] = {}  # lower-case first word of a name -> entries
        self.by_text: list[tuple[int, tuple]] = []  # entries with ignored phrases, with their first words
        for number, entry in enumerate(self.entries):
            firsts = [WORD.match(name) for name in entry.names]
            if not all(first and name.isascii() for first, name in zip(firsts, entry.names)):
                self.always.add(number)
            elif entry.ignore:
                self.by_text.append((number, tuple({first.group(0).lower() for first in firsts})))
            else:
                for first in firsts:
                    self.by_word.setdefault(first.group(0).lower(), set()).add(number)

    def candidates(self, text: str) -> set[int]:
        """The entries whose pattern can match ``text``: a superset, never a miss."""
        if text.isascii():
            lowered = text.lower()
            words = set(WORD.findall(lowered))
        else:
            words = WORD.findall(text)
            if not all(map(str.isascii, words)):
                return set(range(len(self.entries)))
            lowered, words = text.lower(), set(map(str.lower, words))
        found = set(self.always)
        for word in words & self.by_word.keys():
            found |= self.by_word[word]
        found.update(number for number, firsts in self.by_text if any(first in lowered for first in firsts))
        return found


def jargon_findings(text: PageText, entries) -> list[Finding]:
    """One finding per term per page, at its first use, saying how often the page uses it.

    ``entries``: a ``JargonIndex`` (made once per course), or a list of ``Jargon``.
    """
    index = entries if isinstance(entries, JargonIndex) else JargonIndex(entries)
    blocks_of: dict[int, list] = {}  # entry -> the blocks its pattern must run on, in reading order
    for block in text.blocks:
        for number in index.candidates(block.text):
            blocks_of.setdefault(number, []).append(block)
    findings = []
    for number in sorted(blocks_of):  # in the list's order
        entry = index.entries[number]
        uses = [(block, match.group(0)) for block in blocks_of[number]
                for match in entry.pattern.finditer(entry.without_ignored(block.text))]
        if not uses:
            continue
        block, written = uses[0]
        line = text.source.line_of_term(written, block.line)
        times = f" (used {len(uses)} times on this page)" if len(uses) > 1 else ""
        message = (f"'{written}' is jargon{times}: say \"{entry.plain}\" instead, "
                   f"or explain '{entry.term}' in glossary.yml")
        findings.append(Finding(text.path, line, "jargon", message))
    return findings
