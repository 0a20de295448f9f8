"""Validate any SCORM 1.2 zip before it is uploaded to an LMS.

``validate_package(path)`` runs, in order: zip safety (zipsafety), locating and
safely parsing imsmanifest.xml (manifest), the SCORM 1.2 XSDs (schema), CAM
rules (cam) and LMS import rules (lms). Each layer reports every problem it
finds rather than stopping at the first. Nothing is extracted or written.
"""
from __future__ import annotations

import posixpath
from pathlib import Path

from builder.problems import Problem, display_path
from builder.validation.archive import MANIFEST_NAME, Archive, ArchiveError, EntryError
from builder.validation.cam import check_cam, duplicate_identifiers
from builder.validation.lms import check_lms
from builder.validation.manifest import MAX_MANIFEST_BYTES, NS_CP, ManifestError, cp, parse_manifest
from builder.validation.schema import check_schema
from builder.validation.zipsafety import check_entries

__all__ = ["validate_package", "manifest_label"]


def manifest_label(zip_label: str) -> str:
    return f"{zip_label}!{MANIFEST_NAME}"


def _missing_manifest(names: list[str]) -> str:
    """Explain a missing root manifest, naming where it is if it is elsewhere."""
    elsewhere = sorted((n for n in names if posixpath.basename(n).lower() == MANIFEST_NAME and n != MANIFEST_NAME),
                       key=lambda n: (n.count("/"), n))
    if not elsewhere:
        return f"no {MANIFEST_NAME} in the zip; this is not a SCORM package"
    found = elsewhere[0]
    folder = posixpath.dirname(found)
    if folder:
        return (f"{MANIFEST_NAME} is not at the root of the zip but at {found!r}; zip the contents of "
                f"the {folder + '/'!r} folder, not the folder itself")
    return f"no {MANIFEST_NAME} at the root of the zip, but there is {found!r} (names are case-sensitive)"


def validate_package(path: str | Path) -> list[Problem]:
    """Every problem found in the SCORM 1.2 zip at ``path`` (an empty list means it is clean)."""
    label = display_path(path)
    try:
        archive = Archive(path)
    except ArchiveError as exc:
        return [Problem(label, 0, str(exc))]
    with archive:
        problems, unsafe = check_entries(archive, label)
        info = archive.find(MANIFEST_NAME)
        if info is None:
            problems.append(Problem(label, 0, _missing_manifest([i.filename for i in archive.infos])))
            return problems
        try:
            data = archive.read(info, MAX_MANIFEST_BYTES)
        except EntryError as exc:
            problems.append(Problem(label, 0, f"{MANIFEST_NAME} {exc}"))
            return problems
        files = {i.filename for i in archive.files}
    return problems + sorted(_check_manifest(data, files, unsafe, label), key=lambda p: p.line)


def _check_manifest(data: bytes, files: set[str], unsafe: set[str], zip_label: str) -> list[Problem]:
    label = manifest_label(zip_label)
    try:
        tree = parse_manifest(data)
    except ManifestError as exc:
        return [Problem(label, exc.line, exc.message)]
    root = tree.getroot()
    if root.tag != cp("manifest"):
        namespace = root.nsmap.get(root.prefix)
        where = f"in namespace {namespace!r}" if namespace else "in no namespace"
        return [Problem(label, root.sourceline or 0,
                        f"root element <{root.tag.rpartition('}')[2]}> is {where}; a SCORM 1.2 manifest is "
                        f"<manifest xmlns={NS_CP!r}>")]
    duplicates = duplicate_identifiers(root)
    problems = check_schema(tree, label, set(duplicates))
    problems += check_cam(root, files, label)
    problems += check_lms(root, files, unsafe, label, zip_label, data)
    return problems
