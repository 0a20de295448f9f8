"""Plain English: Flesch reading ease per page, and sentences that run too long.

Scores come from textstat. Each prose block is given a full stop if it has
none, so a list of short items reads as short sentences, not as one long one.

textstat is imported only when a page is scored, and its syllable lookup is
pointed at a table cached on disk (builder.quality.syllables) instead of the
CMU dictionary it would otherwise parse on every run; the scores are the same.
``build`` asks only for the scores that can make a finding (``min_words``).
"""
from __future__ import annotations

from dataclasses import dataclass

from builder.problems import display_path
from builder.quality.config import CheckConfig
from builder.quality.findings import Finding
from builder.quality.prose import PageText

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
    return PageScore(display_path(text.page.source), text.page.title, words, score)


def reading_ease_findings(score: PageScore, text: PageText, config: CheckConfig) -> list[Finding]:
    if score.reading_ease is None or score.words < MIN_WORDS_FOR_SCORE or score.reading_ease >= config.reading_ease:
        return []
    message = (f"reading ease is {score.reading_ease:.0f}, below {config.reading_ease:g}: "
               "use shorter sentences and everyday words")
    return [Finding(score.path, text.page.body_line, "reading-ease", message)]


def long_sentence_findings(text: PageText, config: CheckConfig) -> list[Finding]:
    path = display_path(text.page.source)
    findings = []
    for block in text.prose:
        for sentence in text.sentences(block):
            if sentence.words > config.max_sentence_words:
                message = (f"sentence has {sentence.words} words, more than {config.max_sentence_words}: "
                           f"split it ('{_opening(sentence.text)}')")
                findings.append(Finding(path, sentence.line, "long-sentence", message))
    return findings


def _reading_ease(text: str) -> float:
    textstat = _textstat()
    textstat.set_lang("en_GB")
    return round(textstat.flesch_reading_ease(text), 1)


def _as_sentence(text: str) -> str:
    return text if text.rstrip()[-1:] in ".!?" else text + "."


def _count_words(text: str) -> int:
    return _textstat().lexicon_count(text)


def save_syllable_memo() -> None:
    """Keep the syllable counts this run had to work out for the next run (builder.quality.syllables)."""
    from builder.quality.syllables import save_memo

    save_memo()


def _textstat():
    """textstat, imported on first use, with its syllable lookup on the cached table."""
    import textstat

    from builder.quality.syllables import install

    install()
    return textstat


def _opening(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")
