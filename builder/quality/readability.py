"""Plain English: Flesch reading ease per page, and sentences that run too long.

Scores come from textstat. Each prose block is given a full stop if it has
none, so a list of short items reads as short sentences, not as one long one.

textstat is imported only when a page is scored. The score is textstat's
Flesch reading ease for British English (``set_lang("en_GB")``), worked out
from textstat's own word and sentence counts and its English constants, with
the syllables of its word list counted from a table cached on disk instead of
the CMU dictionary textstat would parse on every run: the same scores, in a
fraction of the time (why this way: builder.quality.syllables). ``build``
asks only for the scores that can make a finding (``min_words``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from builder.quality.config import CheckConfig
from builder.quality.findings import Finding
from builder.quality.prose import WORD, PageText

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
    words = _count_words(prose)
    wanted = words and words >= min_words and language.lower().startswith(ENGLISH)
    score = _reading_ease(prose) if wanted else None
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
        if _words(block.text) <= config.max_sentence_words:
            continue  # no sentence has more words than its block (sentences split the block between words)
        if all(_words(part) <= config.max_sentence_words for part in text.sentence_texts(block)):
            continue  # nothing to report: the lines of the block's sentences are not needed
        for sentence in text.sentences(block):
            if sentence.words > config.max_sentence_words:
                message = (f"sentence has {sentence.words} words, more than {config.max_sentence_words}: "
                           f"split it ('{_opening(sentence.text)}')")
                findings.append(Finding(text.path, sentence.line, "long-sentence", message))
    return findings


ENGLISH_VARIANT = "en_GB"  # textstat's language: British English


def _reading_ease(text: str) -> float:
    return round(_flesch_reading_ease(text), 1)


def _flesch_reading_ease(text: str) -> float:
    """textstat's flesch_reading_ease (0.7.8, backend/metrics), with the syllables from the table."""
    from textstat.backend import counts, selections, utils

    from builder.quality.syllables import syllable_counter

    words, sentences = counts.count_words(text), _count_sentences(text, counts)
    sentence_length = words / sentences if sentences else 0.0  # metrics.words_per_sentence
    syllables = syllable_counter(ENGLISH_VARIANT).total(selections.list_words(text, lowercase=True)) if text else 0
    syllables_per_word = syllables / words if words else 0.0  # metrics.syllables_per_word
    if sentence_length == 0 or syllables_per_word == 0:
        return 0.0
    root = utils.get_lang_root(ENGLISH_VARIANT)
    return (utils.get_lang_cfg(root, "fre_base")
            - utils.get_lang_cfg(root, "fre_sentence_length") * sentence_length
            - utils.get_lang_cfg(root, "fre_syll_per_word") * syllables_per_word)


# textstat's count_sentences (0.7.8, backend/counts): its sentence pattern, and sentences of
# two words or fewer (by its count_words) not counted.
TEXTSTAT_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
# Runs of whitespace-separated text with a word character in them. textstat's count_words only
# removes punctuation (never letters, digits or spaces) and splits on whitespace, so each such
# run is one of its words: three of them settle that a sentence counts without asking textstat.
WORDY_RUN = re.compile(r"(?<!\S)[^\w\s]*\w")


def _count_sentences(text: str, counts) -> int:
    """textstat's ``count_sentences(text)``, the same number, without counting every sentence's words
    through textstat (a third of the time of scoring): only sentences that may be short are asked about."""
    if len(text) == 0:
        return 0
    sentences = TEXTSTAT_SENTENCE.findall(text)
    ignored = sum(1 for sentence in sentences
                  if len(WORDY_RUN.findall(sentence)) < 3 and counts.count_words(sentence) <= 2)
    return max(1, len(sentences) - ignored)


def _words(text: str) -> int:
    return len(WORD.findall(text))  # as Sentence.words counts them


def _as_sentence(text: str) -> str:
    return text if text.rstrip()[-1:] in ".!?" else text + "."


def _count_words(text: str) -> int:
    """textstat's lexicon_count: its count_words with the default settings (shared with the score)."""
    from textstat.backend import counts

    return counts.count_words(text)


def save_syllable_memo() -> None:
    """Keep the syllable counts this run had to work out for the next run (builder.quality.syllables)."""
    from builder.quality.syllables import save_memo

    save_memo()


def _opening(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")
