"""Plain English: Flesch reading ease per page, and sentences that run too long.

The score is textstat's Flesch reading ease for British English (textstat
0.7.8, ``set_lang("en_GB")``), and tests/test_quality_syllables.py holds us
to it: every page of the example course, generated pages and awkward text
must score exactly what textstat itself gives. Each prose block is given a
full stop if it has none, so a list of short items reads as short sentences,
not as one long one.

Why the score is worked out here and not by calling textstat: textstat's part
of it is two regular expressions, a split and a formula, but importing textstat
imports the CMU dictionary package and ``importlib.metadata`` with it, which
cost more than scoring a whole course (a third of a small build's time as one
command). So the word and sentence rules below are textstat 0.7.8's, written
out with the line of textstat they follow, and the syllables come from the
table in builder.quality.syllables (the dictionary's answers, cached on disk).
textstat stays the reference the tests compare against. ``build`` asks only
for the scores that can make a finding (``min_words``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from builder.quality.config import CheckConfig
from builder.quality.findings import Finding
from builder.quality.prose import PageText, word_count
from builder.quality.syllables import syllable_counter

# Flesch reading ease means little for a handful of words; shorter pages get a score but no finding.
MIN_WORDS_FOR_SCORE = 30
ENGLISH = "en"


@dataclass(frozen=True)
class PageScore:
    path: str
    title: str
    words: int
    reading_ease: float | None  # None when the page has no prose

    def as_dict(self) -> dict:
        return {"path": self.path, "title": self.title, "words": self.words, "reading_ease": self.reading_ease}


def page_score(text: PageText, language: str, min_words: float = 0) -> PageScore:
    """The page's word count, and its reading ease if it is in English and has at least ``min_words`` words."""
    prose = " ".join(_as_sentence(block.text) for block in text.prose)
    plain = _without_punctuation(prose)
    words = len(plain.split())
    wanted = words and words >= min_words and language.lower().startswith(ENGLISH)
    score = _reading_ease(prose, plain) if wanted else None
    return PageScore(text.path, text.page.title, words, score)


def reading_ease_findings(score: PageScore, text: PageText, config: CheckConfig) -> list[Finding]:
    if score.reading_ease is None or score.words < MIN_WORDS_FOR_SCORE or score.reading_ease >= config.reading_ease:
        return []
    message = (f"reading ease is {score.reading_ease:.0f}, below {config.reading_ease:g}: "
               "use shorter sentences and everyday words")
    return [Finding(score.path, text.page.body_line, "reading-ease", message)]


def long_sentence_findings(text: PageText, config: CheckConfig) -> list[Finding]:
    findings = []
    for block in text.prose:
        if word_count(block.text) <= config.max_sentence_words:
            continue  # no sentence has more words than its block (sentences split the block between words)
        if all(word_count(part) <= config.max_sentence_words for part in text.sentence_texts(block)):
            continue  # nothing to report: the lines of the block's sentences are not needed
        for sentence in text.sentences(block):
            if sentence.words > config.max_sentence_words:
                message = (f"sentence has {sentence.words} words, more than {config.max_sentence_words}: "
                           f"split it ('{_opening(sentence.text)}')")
                findings.append(Finding(text.path, sentence.line, "long-sentence", message))
    return findings


ENGLISH_VARIANT = "en_GB"  # textstat's language: British English, for Pyphen's syllables
# textstat's LANG_CONFIGS["en"] (backend/utils/constants.py): Flesch's constants for English.
FRE_BASE, FRE_SENTENCE_LENGTH, FRE_SYLLABLES_PER_WORD = 206.835, 1.015, 84.6

# textstat's remove_punctuation (backend/transformations, rm_apostrophe=False): apostrophes that
# do not start a contraction ending (RE_NONCONTRACTION_APOSTROPHE) go first, then every other
# character that is neither a word character, white space nor an apostrophe.
NON_CONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
PUNCTUATION = re.compile(r"[^\w\s']")
# textstat's count_sentences (backend/counts): its sentence pattern; sentences of two words or
# fewer (by its word count) do not count.
TEXTSTAT_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
# Runs of whitespace-separated text with a word character in them: punctuation removal never
# removes letters, digits or spaces, so each such run is one of textstat's words. Three of them
# settle that a sentence counts without removing its punctuation.
WORDY_RUN = re.compile(r"(?<!\S)[^\w\s]*\w")


def _reading_ease(text: str, plain: str | None = None) -> float:
    """``plain``: the text without punctuation, if the caller has it already."""
    return round(_flesch_reading_ease(text, _without_punctuation(text) if plain is None else plain), 1)


def _flesch_reading_ease(text: str, plain: str) -> float:
    """textstat's flesch_reading_ease (0.7.8, backend/metrics), with the syllables from the table."""
    words, sentences = plain.split(), _count_sentences(text)  # counts.count_words, counts.count_sentences
    sentence_length = len(words) / sentences if sentences else 0.0  # metrics.words_per_sentence
    # selections.list_words(lowercase=True): lower case after the punctuation is gone, as textstat does
    # ("DON'T" loses its apostrophe, "don't" keeps it)
    syllables = syllable_counter(ENGLISH_VARIANT).total(plain.lower().split()) if words else 0
    syllables_per_word = syllables / len(words) if words else 0.0  # metrics.syllables_per_word
    if sentence_length == 0 or syllables_per_word == 0:
        return 0.0
    return FRE_BASE - FRE_SENTENCE_LENGTH * sentence_length - FRE_SYLLABLES_PER_WORD * syllables_per_word


def _without_punctuation(text: str) -> str:
    """textstat's remove_punctuation(text, rm_apostrophe=False)."""
    return PUNCTUATION.sub("", NON_CONTRACTION_APOSTROPHE.sub("", text))


def _count_sentences(text: str) -> int:
    """textstat's ``count_sentences(text)``: only sentences that may be short have their words counted."""
    if len(text) == 0:
        return 0
    sentences = TEXTSTAT_SENTENCE.findall(text)
    ignored = sum(1 for sentence in sentences
                  if len(WORDY_RUN.findall(sentence)) < 3 and _count_words(sentence) <= 2)
    return max(1, len(sentences) - ignored)


def _as_sentence(text: str) -> str:
    return text if text.rstrip()[-1:] in ".!?" else text + "."


def _count_words(text: str) -> int:
    """textstat's lexicon_count: its count_words with the default settings (shared with the score)."""
    return len(_without_punctuation(text).split())


def _opening(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")
