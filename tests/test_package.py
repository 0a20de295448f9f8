"""Files -> a deterministic zip, written atomically."""
from __future__ import annotations

import io
import os
import shutil
import stat
import zipfile

import pytest

import builder.package
from builder.build import build_course
from builder.package import write_atomically, zip_bytes
from course_helpers import FIXTURE_COURSES, snapshot

FILES = {"index.html": b"<!DOCTYPE html>", "images/chart.png": b"\x89PNG fake", "runtime/main.js": b"'use strict';"}


def entries(data: bytes) -> list[zipfile.ZipInfo]:
    return zipfile.ZipFile(io.BytesIO(data)).infolist()


def test_the_same_files_give_the_same_bytes_whatever_their_order():
    reordered = dict(reversed(list(FILES.items())))
    assert zip_bytes(FILES) == zip_bytes(dict(FILES)) == zip_bytes(reordered)


def test_entries_are_sorted_with_fixed_dates_and_permissions():
    infos = entries(zip_bytes(FILES))
    assert [i.filename for i in infos] == sorted(FILES)
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert stat.S_IMODE(info.external_attr >> 16) == 0o644
        assert stat.S_ISREG(info.external_attr >> 16)
        assert info.create_system == 3  # Unix: the mode bits are honoured when unpacked
        assert info.extra == b""  # no host-specific metadata


def test_compressed_formats_are_stored_and_text_is_deflated():
    methods = {i.filename: i.compress_type for i in entries(zip_bytes(FILES))}
    assert methods == {"images/chart.png": zipfile.ZIP_STORED, "index.html": zipfile.ZIP_DEFLATED,
                       "runtime/main.js": zipfile.ZIP_DEFLATED}


def test_the_zip_unpacks_to_the_same_files():
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(FILES)))
    assert {name: archive.read(name) for name in archive.namelist()} == FILES
    assert archive.testzip() is None


def test_building_a_course_twice_gives_identical_bytes(tmp_path):
    first = build_course(FIXTURE_COURSES / "features", tmp_path / "one")
    second = build_course(FIXTURE_COURSES / "features", tmp_path / "two")
    assert first.zip_path.read_bytes() == second.zip_path.read_bytes()


def test_the_bytes_do_not_depend_on_where_the_course_is_or_file_times(tmp_path):
    copy = shutil.copytree(FIXTURE_COURSES / "features", tmp_path / "elsewhere" / "features")
    for path in copy.rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    original = build_course(FIXTURE_COURSES / "features", tmp_path / "a")
    moved = build_course(copy, tmp_path / "b")
    assert original.zip_path.read_bytes() == moved.zip_path.read_bytes()


# --- atomic writes -------------------------------------------------------------

def test_write_creates_folders_and_a_readable_file(tmp_path):
    target = tmp_path / "dist" / "nested" / "course.zip"
    write_atomically(target, b"zip bytes")
    assert target.read_bytes() == b"zip bytes"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(p.name for p in target.parent.iterdir()) == ["course.zip"]  # no temporary file left


def test_write_replaces_an_older_package(tmp_path):
    target = tmp_path / "course.zip"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["course.zip"]


@pytest.mark.parametrize("failing", ["replace", "chmod"])
def test_a_failed_write_leaves_the_folder_exactly_as_it_was(tmp_path, monkeypatch, failing):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "course.zip").write_bytes(b"the previous good package")
    (out / "notes.txt").write_text("keep me")
    before = snapshot(out)

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(builder.package.os, failing, fail)
    with pytest.raises(OSError):
        write_atomically(out / "course.zip", b"a new package")
    assert snapshot(out) == before  # the old zip intact, no temporary file left


def test_a_failure_while_writing_bytes_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    before = snapshot(out)
    with pytest.raises(TypeError):
        write_atomically(out / "course.zip", object())  # not bytes: stream.write raises
    assert snapshot(out) == before
    assert list(out.iterdir()) == []
