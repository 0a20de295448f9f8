"""Hand-made SCORM zips for the validate/inspect tests.

Everything starts from the small valid package in fixtures/packages/minimal
and is mutated in memory; zips are written only under pytest's tmp_path.
"""
from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

MINIMAL = Path(__file__).parent / "fixtures" / "packages" / "minimal"
SHARED_VALIDATOR = Path("/work/shared/scorm12-schemas/validate.py")


def minimal_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(MINIMAL.iterdir()) if p.is_file()}


def minimal_manifest() -> str:
    return (MINIMAL / "imsmanifest.xml").read_text(encoding="utf-8")


def manifest_line(text: str, needle: str) -> int:
    """1-based line of the first occurrence of needle, so tests don't hard-code line numbers blindly."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


def mutated_manifest(*replacements: tuple[str, str]) -> str:
    text = minimal_manifest()
    for old, new in replacements:
        assert text.count(old) == 1, f"fixture must contain {old!r} exactly once"
        text = text.replace(old, new)
    return text


Entry = tuple[str, bytes] | zipfile.ZipInfo | tuple[zipfile.ZipInfo, bytes]


def make_zip(folder: Path, entries, name: str = "course.zip", compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """Write a zip from {name: bytes} or a list of (name | ZipInfo, bytes), names kept exactly as given."""
    path = folder / name
    items = entries.items() if isinstance(entries, dict) else entries
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on duplicate names, which some tests want
        with zipfile.ZipFile(path, "w", compression) as archive:
            for entry_name, data in items:
                if isinstance(data, str):
                    data = data.encode("utf-8")
                if isinstance(entry_name, zipfile.ZipInfo):
                    archive.writestr(entry_name, data)
                else:
                    info = zipfile.ZipInfo(entry_name, date_time=(2024, 1, 1, 0, 0, 0))
                    info.compress_type = compression
                    archive.writestr(info, data)
    return path


def package(folder: Path, manifest: str | bytes | None = None, extra=(), drop=(), name: str = "course.zip") -> Path:
    """The minimal package, optionally with another manifest, extra entries, or files removed."""
    files = minimal_files()
    if manifest is not None:
        files["imsmanifest.xml"] = manifest.encode("utf-8") if isinstance(manifest, str) else manifest
    for dropped in drop:
        files.pop(dropped)
    entries = list(files.items()) + list(extra)
    return make_zip(folder, entries, name=name)


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.create_system = 3  # Unix
    info.external_attr = (0o120777 << 16)
    return info


def mark_encrypted(path: Path, name: str) -> None:
    """Set the "encrypted" flag (bit 0) on an entry, in its local header and its central directory record.

    zipfile cannot write encrypted entries, and clears flag bits it is given, so
    patch the bytes. The data stays plain; the flag alone is what readers act on.
    """
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
        start_dir = archive.start_dir
    local = info.header_offset
    assert data[local:local + 4] == b"PK\x03\x04"
    data[local + 6] |= 0x1
    offset = start_dir
    while data[offset:offset + 4] == b"PK\x01\x02":
        name_len = int.from_bytes(data[offset + 28:offset + 30], "little")
        extra_len = int.from_bytes(data[offset + 30:offset + 32], "little")
        comment_len = int.from_bytes(data[offset + 32:offset + 34], "little")
        if data[offset + 46:offset + 46 + name_len].decode("utf-8") == name:
            data[offset + 8] |= 0x1
        offset += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))
