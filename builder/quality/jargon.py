"""Jargon: terms a learner may not know, each with a plain alternative.

The shared list (jargon.yml beside this file) covers public procurement;
a course adds or allows terms in its course file. A term the course's
glossary explains is not jargon there: its first use on each page links to
the glossary (see builder.glossary).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from builder.model import GlossaryTerm
from builder.problems import display_path
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

    @property
    def names(self) -> tuple:
        """Every way of writing the term, longest first (so 'lots' wins over 'lot')."""
        names = {self.term, *self.forms, *(f"{name}s" for name in (self.term, *self.forms) if not name.endswith("s"))}
        return tuple(sorted(names, key=len, reverse=True))

    @property
    def pattern(self) -> re.Pattern:
        # Acronyms match only in capitals: 'MEAT' is jargon, 'meat' is not.
        flags = 0 if self.term.isupper() else re.IGNORECASE
        return re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, self.names))})(?![\w-])", flags)

    def without_ignored(self, text: str) -> str:
        for phrase in self.ignore:
            text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " " * len(phrase), text, flags=re.IGNORECASE)
        return text


@lru_cache(maxsize=1)
def default_list() -> tuple[Jargon, ...]:
    entries = yaml.safe_load(DEFAULT_LIST.read_text(encoding="utf-8"))
    return tuple(Jargon(e["term"], e["plain"], tuple(e.get("forms", ())), tuple(e.get("ignore", ()))) for e in entries)


def course_list(config: CheckConfig, glossary: list[GlossaryTerm]) -> list[Jargon]:
    """The shared list with the course's additions, less what it allows or its glossary explains."""
    added = {term.lower(): Jargon(term, plain) for term, plain in config.jargon_add.items()}
    entries = [added.pop(entry.term.lower(), entry) for entry in default_list()] + list(added.values())
    accepted = {name.lower() for name in config.jargon_allow}
    accepted |= {name.lower() for term in glossary for name in (term.term, *term.aliases)}
    return [entry for entry in entries if not accepted & {name.lower() for name in entry.names}]


def jargon_findings(text: PageText, entries: list[Jargon]) -> list[Finding]:
    """One finding per term per page, at its first use, saying how often the page uses it."""
    findings = []
    for entry in entries:
        uses = [(block, match.group(0)) for block in text.blocks
                for match in entry.pattern.finditer(entry.without_ignored(block.text))]
        if not uses:
            continue
        block, written = uses[0]
        line = text.source.line_of_term(written, block.line)
        times = f" (used {len(uses)} times on this page)" if len(uses) > 1 else ""
        message = (f"'{written}' is jargon{times}: say \"{entry.plain}\" instead, "
                   f"or explain '{entry.term}' in glossary.yml")
        findings.append(Finding(display_path(text.page.source), line, "jargon", message))
    return findings
