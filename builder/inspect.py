"""What is inside a SCORM 1.2 zip: the menu, the SCOs, the files, the external URLs.

``inspect_package`` reads the zip in memory (nothing is extracted) and returns a
``PackageReport``; ``format_report`` renders it as text and ``PackageReport.as_dict``
as JSON-ready data. A zip that cannot be read raises ``InspectError`` with a
one-line message; a package with a broken manifest is still inspected (files
and URLs) and the manifest problem is reported in ``manifest_error``.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

from builder.problems import display_path
from builder.validation.archive import MANIFEST_NAME, Archive, ArchiveError, EntryError, is_encrypted, is_symlink
from builder.validation.manifest import (
    MAX_MANIFEST_BYTES, NS_CP, ManifestError, adl, cp, launch_href, parse_manifest, resources_by_id, title_of,
)

LARGEST_SHOWN = 5
SCANNED_SUFFIXES = (".html", ".htm", ".xhtml", ".css", ".js", ".mjs")
# Bigger text files are minified bundles or data, not course pages; skip rather than load them.
MAX_SCANNED_BYTES = 8 * 1024**2

# http(s)://host..., anywhere; and protocol-relative //host... only where a URL value
# starts (after a quote, "(" or "="), because "//" elsewhere in JS is a comment.
_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?::\d+)?"
_URL = re.compile(
    rf"""(?P<url>https?://{_HOST}[^\s"'<>()\\`]*)"""
    rf"""|(?<=["'(=])\s*(?P<relative>//{_HOST}(?:/[^\s"'<>()\\`]*)?)""",
    re.IGNORECASE,
)
# Namespace names and DTD identifiers look like URLs but are never fetched.
_NOT_FETCHED = re.compile(r"""(xmlns(:[\w.-]+)?\s*=\s*["']\s*$)|<!DOCTYPE""", re.IGNORECASE)


class InspectError(Exception):
    """The file cannot be inspected at all (not a zip, unreadable)."""


@dataclass
class Item:
    title: str
    identifier: str | None
    launch: str | None = None
    scormtype: str | None = None
    masteryscore: str | None = None
    visible: bool = True
    children: list["Item"] = field(default_factory=list)


@dataclass
class Organization:
    title: str
    identifier: str | None
    default: bool
    items: list[Item] = field(default_factory=list)


@dataclass
class Sco:
    identifier: str
    launch: str | None
    titles: list[str] = field(default_factory=list)      # items that launch it
    masteryscores: list[str] = field(default_factory=list)


@dataclass
class FileEntry:
    name: str
    size: int
    compressed_size: int


@dataclass
class ExternalUrl:
    file: str
    line: int
    url: str


@dataclass
class PackageReport:
    path: str
    manifest_error: str | None = None
    organizations: list[Organization] = field(default_factory=list)
    scos: list[Sco] = field(default_factory=list)
    file_count: int = 0
    compressed_size: int = 0
    uncompressed_size: int = 0
    largest_files: list[FileEntry] = field(default_factory=list)
    external_urls: list[ExternalUrl] = field(default_factory=list)
    not_scanned: list[str] = field(default_factory=list)  # "name: reason" for files skipped by the URL scan
    saved_progress: str = ""  # worst-case suspend_data of a scorm-builder package (sb-data savedProgress)

    @property
    def mastery_scores(self) -> list[str]:
        return sorted({m for sco in self.scos for m in sco.masteryscores})

    def as_dict(self) -> dict:
        data = asdict(self)
        data["mastery_scores"] = self.mastery_scores
        return data


def _item(element: etree._Element, resources: dict[str, etree._Element]) -> Item:
    target = resources.get(element.get("identifierref") or "")
    mastery = element.find(adl("masteryscore"))
    return Item(
        title=title_of(element) or "(untitled)",
        identifier=element.get("identifier"),
        launch=launch_href(target) if target is not None else None,
        scormtype=target.get(adl("scormtype")) if target is not None else None,
        masteryscore=(mastery.text or "").strip() if mastery is not None else None,
        visible=(element.get("isvisible") or "true").strip() not in ("false", "0"),
        children=[_item(child, resources) for child in element.findall(cp("item"))],
    )


def _read_manifest(root: etree._Element, report: PackageReport) -> None:
    resources = resources_by_id(root)
    organizations = root.find(cp("organizations"))
    default = organizations.get("default") if organizations is not None else None
    for org in organizations.findall(cp("organization")) if organizations is not None else []:
        report.organizations.append(Organization(
            title=title_of(org) or "(untitled)",
            identifier=org.get("identifier"),
            default=org.get("identifier") == default,
            items=[_item(item, resources) for item in org.findall(cp("item"))],
        ))
    scos = {ident: Sco(ident, launch_href(res)) for ident, res in resources.items()
            if res.get(adl("scormtype")) == "sco"}
    for item in root.iter(cp("item")):
        sco = scos.get(item.get("identifierref") or "")
        if sco is not None:
            sco.titles.append(title_of(item) or "(untitled)")
            mastery = item.find(adl("masteryscore"))
            if mastery is not None and (mastery.text or "").strip():
                sco.masteryscores.append(mastery.text.strip())
    report.scos = list(scos.values())


def find_external_urls(name: str, text: str) -> list[ExternalUrl]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _URL.finditer(line):
            if _NOT_FETCHED.search(line[:match.start()]):
                continue
            url = (match.group("url") or match.group("relative")).rstrip(".,;:")
            found.append(ExternalUrl(name, number, url))
    return found


def inspect_package(path: str | Path) -> PackageReport:
    report = PackageReport(path=display_path(path))
    try:
        archive = Archive(path)
    except ArchiveError as exc:
        raise InspectError(f"{report.path}: {exc}") from None
    with archive:
        files = archive.files
        report.file_count = len(files)
        report.compressed_size = sum(i.compress_size for i in files)
        report.uncompressed_size = sum(i.file_size for i in files)
        biggest = sorted(files, key=lambda i: (-i.file_size, i.filename))[:LARGEST_SHOWN]
        report.largest_files = [FileEntry(i.filename, i.file_size, i.compress_size) for i in biggest]

        info = archive.find(MANIFEST_NAME)
        if info is None:
            report.manifest_error = f"no {MANIFEST_NAME} at the root of the zip"
        else:
            try:
                root = parse_manifest(archive.read(info, MAX_MANIFEST_BYTES)).getroot()
            except EntryError as exc:
                report.manifest_error = f"{MANIFEST_NAME} {exc}"
            except ManifestError as exc:
                report.manifest_error = f"{MANIFEST_NAME}:{exc.line}: {exc.message}"
            else:
                if root.tag != cp("manifest"):
                    report.manifest_error = f"{MANIFEST_NAME}: root element is not <manifest> in {NS_CP}"
                else:
                    _read_manifest(root, report)

        for info in files:
            if not info.filename.lower().endswith(SCANNED_SUFFIXES):
                continue
            if is_symlink(info) or is_encrypted(info):
                report.not_scanned.append(f"{info.filename}: {'symbolic link' if is_symlink(info) else 'encrypted'}")
                continue
            try:
                data = archive.read(info, MAX_SCANNED_BYTES)
            except EntryError as exc:
                report.not_scanned.append(f"{info.filename}: {exc}")
                continue
            report.external_urls += find_external_urls(info.filename, data.decode("utf-8", errors="replace"))
            report.saved_progress = report.saved_progress or _saved_progress(info.filename, data)
    return report


def _saved_progress(name: str, data: bytes) -> str:
    """"worst case N of 4096" from a scorm-builder launch page's sb-data; "" for anything else."""
    found = name == "index.html" and re.search(rb'"savedProgress":\{"max":(\d+),"worst":(\d+)\}', data)
    return f"worst case {int(found[2])} of {int(found[1])} characters" if found else ""


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"  # unreachable


def _item_lines(item: Item, depth: int) -> list[str]:
    details = []
    if item.launch:
        details.append(f"{item.scormtype or 'resource'}: {item.launch}")
    if item.masteryscore:
        details.append(f"mastery {item.masteryscore}")
    if not item.visible:
        details.append("hidden")
    suffix = f"  [{', '.join(details)}]" if details else ""
    lines = [f"{'  ' * depth}{item.title}{suffix}"]
    for child in item.children:
        lines += _item_lines(child, depth + 1)
    return lines


def format_report(report: PackageReport) -> str:
    lines = [report.path]
    if report.manifest_error:
        lines.append(f"  manifest: {report.manifest_error}")
    if report.organizations:
        lines.append("Organizations:")
        for org in report.organizations:
            lines.append(f"  {org.title}{'  (default)' if org.default and len(report.organizations) > 1 else ''}")
            for item in org.items:
                lines += _item_lines(item, 2)
    elif not report.manifest_error:
        lines.append("Organizations: none")
    lines.append(f"SCOs: {len(report.scos)}")
    for sco in report.scos:
        used = f"  ({', '.join(sco.titles)})" if sco.titles else "  (not used by any item)"
        lines.append(f"  {sco.identifier}: {sco.launch or '(no launch file)'}{used}")
    scores = report.mastery_scores
    lines.append(f"Mastery score: {', '.join(scores) if scores else 'none'}")
    if report.saved_progress:
        lines.append(f"Saved progress (cmi.suspend_data): {report.saved_progress}")
    lines.append(f"Files: {report.file_count}, {_size(report.uncompressed_size)} uncompressed, "
                 f"{_size(report.compressed_size)} compressed")
    if report.largest_files:
        lines.append("Largest files:")
        for entry in report.largest_files:
            lines.append(f"  {_size(entry.size):>10}  {entry.name}")
    lines.append(f"External URLs: {len(report.external_urls)}")
    for url in report.external_urls:
        lines.append(f"  {url.file}:{url.line}: {url.url}")
    for skipped in report.not_scanned:
        lines.append(f"  not scanned: {skipped}")
    return "\n".join(lines)
