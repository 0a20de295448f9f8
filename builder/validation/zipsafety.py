"""Zip-level safety: entries an LMS must never be asked to unpack.

Every problem here is about the zip itself, so it is reported with line 0 on
the zip's own path. Only metadata is examined, plus a streamed (discarded)
decompression of each plain entry to catch corrupt data.
"""
from __future__ import annotations

import re
import unicodedata

from builder.problems import ERROR, WARNING, Problem
from builder.validation.archive import FLAG_UTF8, Archive, is_encrypted, is_symlink

# Deflate rarely beats ~10:1 on real course files (HTML, images, video are already
# compressed); 100:1 on an entry of a meaningful size is a bomb, not a course.
MAX_RATIO = 100
BOMB_MIN_SIZE = 10 * 1024**2
# A SCORM package that unpacks to more than 2 GiB is not a course an LMS will accept.
MAX_TOTAL_SIZE = 2 * 1024**3
# Far beyond any real course; stops a central directory with millions of entries.
MAX_ENTRIES = 50_000

_DRIVE = re.compile(r"^[A-Za-z]:")


def _name_problems(name: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if name.startswith("/") or _DRIVE.match(name):
        found.append((ERROR, f"entry {name!r} has an absolute path; it would be written outside the package folder"))
    if "\\" in name:
        found.append((ERROR, f"entry {name!r} contains a backslash; zip paths must use '/' "
                             "(Linux servers unpack it as one odd file name, Windows as a folder)"))
    if ".." in re.split(r"[/\\]", name):
        found.append((ERROR, f"entry {name!r} contains '..' (zip-slip: it would be written outside the package folder)"))
    if "\x00" in name or any(unicodedata.category(c) == "Cc" for c in name):
        found.append((ERROR, f"entry {name!r} contains control characters"))
    return found


def check_entries(archive: Archive, label: str) -> tuple[list[Problem], set[str]]:
    """Problems with the zip's entries, and the names of entries that must not be unpacked at all."""
    problems: list[Problem] = []

    def add(message: str, severity: str = ERROR) -> None:
        problems.append(Problem(label, 0, message, severity))

    infos = archive.infos
    if not infos:
        add("the zip is empty")
        return problems, set()
    if len(infos) > MAX_ENTRIES:
        add(f"the zip has {len(infos)} entries (more than {MAX_ENTRIES}); not checked further")
        return problems, {i.filename for i in infos}
    declared = archive.declared_entries
    if declared is not None and (declared[0] != len(infos) or declared[1] != len(infos)):
        add(f"the zip's end record claims {declared[1]} entries but its central directory holds {len(infos)}; "
            "unzip tools that trust the count read a different package: make the zip again")

    seen: set[str] = set()
    by_nfc: dict[str, str] = {}
    by_fold: dict[str, str] = {}
    total = 0
    suspicious: set[int] = set()
    for index, info in enumerate(infos):
        name = info.filename
        if "\x00" in info.orig_filename:  # zipfile cuts the name at the NUL; other tools may not
            add(f"entry {info.orig_filename!r} has a NUL character in its name; some tools read it as {name!r}, "
                "others as a different file")
            suspicious.add(index)
        for severity, message in _name_problems(name):
            add(message, severity)
            suspicious.add(index)
        if name in seen:
            add(f"entry {name!r} appears more than once; which copy an LMS unpacks is undefined")
        seen.add(name)
        nfc = unicodedata.normalize("NFC", name)
        if nfc != name:
            add(f"entry {name!r} is not NFC-normalised Unicode (typical of zips made on macOS); "
                "an href written in NFC will not match it on a Linux server", WARNING)
        other = by_nfc.setdefault(nfc, name)
        if other != name:
            add(f"entries {other!r} and {name!r} are the same name after Unicode normalisation")
        fold = nfc.casefold()
        other = by_fold.setdefault(fold, name)
        if other != name and unicodedata.normalize("NFC", other) != nfc:
            add(f"entries {other!r} and {name!r} differ only in case; they collide on Windows and macOS servers",
                WARNING)
        if not name.isascii() and not info.flag_bits & FLAG_UTF8:
            add(f"entry {name!r} has a non-ASCII name not marked as UTF-8; other unzip tools may decode it "
                "differently and the manifest's href will not match", WARNING)
        if is_symlink(info):
            add(f"entry {name!r} is a symbolic link; unpacked on a server it can point anywhere")
            suspicious.add(index)
        if is_encrypted(info):
            add(f"entry {name!r} is encrypted; an LMS cannot unpack it")
            suspicious.add(index)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= BOMB_MIN_SIZE and ratio > MAX_RATIO:
            add(f"entry {name!r} expands {int(ratio)}:1 to {info.file_size} bytes (possible zip bomb)")
            suspicious.add(index)
    if total > MAX_TOTAL_SIZE:
        add(f"the zip unpacks to {total} bytes, more than {MAX_TOTAL_SIZE} (2 GiB); possible zip bomb")
        return problems, {i.filename for i in infos}

    for index, info in enumerate(infos):
        if index in suspicious or info.is_dir():
            continue
        reason = archive.check_integrity(info)
        if reason:
            add(f"entry {info.filename!r} {reason}")
            suspicious.add(index)
    return problems, {infos[index].filename for index in suspicious}
