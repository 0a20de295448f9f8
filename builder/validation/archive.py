"""Read-only, in-memory access to a zip file.

Nothing here extracts to disk: hostile packages (zip-slip names, symlinks,
bombs) are only ever looked at as metadata, and entry contents are read into
memory with a hard byte cap.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

MANIFEST_NAME = "imsmanifest.xml"

# Bit 0 of the general-purpose flags: the entry is encrypted (APPNOTE 4.4.4).
FLAG_ENCRYPTED = 0x1
# Bit 11: the name is UTF-8; without it readers decode the name as CP437.
FLAG_UTF8 = 0x800


class ArchiveError(Exception):
    """The file cannot be read as a zip at all; the message is one line for the user."""


class EntryError(Exception):
    """One entry cannot be read (encrypted, corrupt, too large, unsupported method)."""


def is_symlink(info: zipfile.ZipInfo) -> bool:
    # Unix mode bits live in the high 16 bits of the external attributes.
    return (info.external_attr >> 16) & 0o170000 == 0o120000


def is_encrypted(info: zipfile.ZipInfo) -> bool:
    return bool(info.flag_bits & FLAG_ENCRYPTED)


class Archive:
    """A zip opened for inspection. Use as a context manager."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            if self.path.is_dir():
                raise ArchiveError("is a directory, not a zip file")
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise ArchiveError("no such file") from None
        except zipfile.BadZipFile as exc:
            raise ArchiveError(f"not a zip file ({exc})") from None
        except (OSError, ValueError, EOFError) as exc:
            raise ArchiveError(f"cannot read zip: {exc}") from None
        self.infos: list[zipfile.ZipInfo] = self._zip.infolist()
        self.declared_entries = _declared_entries(self.path)

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    @property
    def files(self) -> list[zipfile.ZipInfo]:
        """Entries that are files (not directories)."""
        return [i for i in self.infos if not i.is_dir()]

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The first entry with exactly this name (an LMS unzipping it may keep the last)."""
        for info in self.infos:
            if info.filename == name:
                return info
        return None

    def read(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        """Read an entry into memory, refusing more than ``limit`` bytes."""
        if is_encrypted(info):
            raise EntryError("is encrypted")
        if info.file_size > limit:
            raise EntryError(f"is {info.file_size} bytes, more than the {limit} bytes allowed")
        try:
            with self._zip.open(info) as stream:
                # The declared size can lie (that is how some bombs work), so cap the stream itself.
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise EntryError(f"is corrupt ({exc})") from None
        except NotImplementedError as exc:  # e.g. Deflate64 written by Windows Explorer for big files
            raise EntryError(f"cannot be read ({exc})") from None
        except RuntimeError as exc:  # zipfile's "password required"
            raise EntryError(f"cannot be read ({exc})") from None
        if len(data) > limit:
            raise EntryError(f"expands past the {limit} bytes allowed")
        return data

    def check_integrity(self, info: zipfile.ZipInfo, chunk: int = 1 << 20) -> str | None:
        """Decompress an entry without keeping it; return why it is unreadable, or None.

        zipfile verifies the CRC when the stream ends, and refuses entries whose
        local header names a different file than the central directory (a trick
        to show one name to a validator and unpack another).
        """
        total = 0
        try:
            with self._zip.open(info) as stream:
                while True:
                    block = stream.read(chunk)
                    if not block:
                        break
                    total += len(block)
                    if total > info.file_size:
                        return f"decompresses to more than its declared {info.file_size} bytes"
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            return f"is corrupt ({exc})"
        except (NotImplementedError, RuntimeError) as exc:
            return f"cannot be read ({exc})"
        return None


def _declared_entries(path: Path) -> tuple[int, int] | None:
    """The entry counts the end-of-central-directory record claims (this disk, total), or None.

    zipfile reads the central directory by its size and ignores these counts; other unzip
    tools trust them, so a zip whose counts disagree with its directory reads differently there.
    """
    try:
        with open(path, "rb") as stream:
            record = zipfile._EndRecData(stream)  # the end record, ZIP64's counts when it has them
    except (OSError, ValueError, AttributeError):  # AttributeError: a Python without the helper
        return None
    if not record:
        return None
    return record[zipfile._ECD_ENTRIES_THIS_DISK], record[zipfile._ECD_ENTRIES_TOTAL]
