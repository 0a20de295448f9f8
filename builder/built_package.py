"""Read back what a built scorm-builder zip holds: its manifest identifiers and its course data.

``read_built_package`` opens the zip in memory (``builder.validation.archive``: nothing is
extracted, every entry read is capped), and returns a ``BuiltPackage``: the identifiers an LMS
keeps, the pass mark, and every page and question with a fingerprint of its content. It is what
``scorm-builder diff`` compares. A zip that is unreadable, or not built by scorm-builder, raises
``PackageReadError`` with a one-line message.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, html

from builder.problems import display_path
from builder.validation.archive import MANIFEST_NAME, Archive, ArchiveError, EntryError
from builder.validation.manifest import (
    MAX_MANIFEST_BYTES, ManifestError, adl, cp, launch_href, parse_manifest, resources_by_id, title_of,
)

# index.html holds every page of the course; the largest real course is well under 2 MB.
MAX_INDEX_BYTES = 32 * 1024**2
COURSE_DATA_ID = "sb-data"  # the <script type="application/json"> render.py embeds (templates/course.html.j2)


class PackageReadError(Exception):
    """The zip cannot be read as a scorm-builder package; the message is one line for the user."""


@dataclass(frozen=True)
class Item:
    identifier: str
    resource: str  # identifierref
    title: str
    masteryscore: str | None


@dataclass(frozen=True)
class PageInfo:
    id: str
    title: str
    number: int  # 1-based position
    questions: tuple[str, ...]
    text: str  # fingerprint of the page's own text, questions left out


@dataclass(frozen=True)
class QuestionInfo:
    id: str
    page: str
    scored: bool
    fingerprint: str  # everything the learner reads and the scoring key
    saved_key: str | None = None  # the key the runtime saves its answer under (suspend_data "a"), if any


@dataclass
class BuiltPackage:
    path: str
    course_id: str
    title: str
    version: str
    manifest_identifier: str | None
    organization_identifiers: tuple[str, ...]
    items: tuple[Item, ...]
    resource_identifiers: tuple[str, ...]
    completion: str
    pass_mark: int | None
    draw: int | None
    attempts: int | None
    pages: list[PageInfo] = field(default_factory=list)
    questions: dict[str, QuestionInfo] = field(default_factory=dict)
    digest: str = ""  # sha256 of the zip's bytes: equal digests, identical packages

    def page(self, page_id: str) -> PageInfo | None:
        return next((page for page in self.pages if page.id == page_id), None)


def read_built_package(path: str | Path) -> BuiltPackage:
    shown = display_path(path)
    try:
        archive = Archive(path)
    except ArchiveError as exc:
        raise PackageReadError(f"{shown}: {exc}") from None
    with archive:
        root = _manifest_root(archive, shown)
        items = _items(root)
        if not items:
            raise PackageReadError(f"{shown}: {MANIFEST_NAME} has no item that launches a SCO")
        resource = resources_by_id(root).get(items[0].resource)
        launch = (launch_href(resource) if resource is not None else None) or "index.html"
        data, document = _course_data(archive, launch, shown)
    digest = _file_digest(Path(path))
    try:
        return _package(shown, root, items, data, document, digest)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PackageReadError(f"{shown}: the course data in {launch} is not in the shape scorm-builder writes "
                               f"({type(exc).__name__}: {exc})") from None


def _manifest_root(archive: Archive, shown: str) -> etree._Element:
    info = archive.find(MANIFEST_NAME)
    if info is None:
        raise PackageReadError(f"{shown}: no {MANIFEST_NAME} at the root of the zip; is it a SCORM package?")
    try:
        root = parse_manifest(archive.read(info, MAX_MANIFEST_BYTES)).getroot()
    except EntryError as exc:
        raise PackageReadError(f"{shown}: {MANIFEST_NAME} {exc}") from None
    except ManifestError as exc:
        raise PackageReadError(f"{shown}!{MANIFEST_NAME}:{exc.line}: {exc.message}") from None
    if root.tag != cp("manifest"):
        raise PackageReadError(f"{shown}: {MANIFEST_NAME} is not a SCORM 1.2 manifest")
    return root


def _items(root: etree._Element) -> list[Item]:
    found = []
    for element in root.iter(cp("item")):
        if element.get("identifierref"):
            mastery = element.find(adl("masteryscore"))
            found.append(Item(element.get("identifier") or "", element.get("identifierref"),
                              title_of(element) or "", (mastery.text or "").strip() if mastery is not None else None))
    return found


def _course_data(archive: Archive, launch: str, shown: str) -> tuple[dict, html.HtmlElement]:
    info = archive.find(launch)
    if info is None:
        raise PackageReadError(f"{shown}: the launch file {launch} is missing")
    try:
        text = archive.read(info, MAX_INDEX_BYTES).decode("utf-8", errors="replace")
    except EntryError as exc:
        raise PackageReadError(f"{shown}: {launch} {exc}") from None
    try:
        document = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise PackageReadError(f"{shown}: {launch} cannot be read as HTML ({exc})") from None
    script = document.find(f".//script[@id='{COURSE_DATA_ID}']")
    if script is None or not (script.text or "").strip():
        raise PackageReadError(f"{shown}: {launch} holds no scorm-builder course data; "
                               "diff compares two packages built by scorm-builder")
    try:
        data = json.loads(script.text)
    except ValueError as exc:
        raise PackageReadError(f"{shown}: the course data in {launch} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise PackageReadError(f"{shown}: the course data in {launch} is not in the shape scorm-builder writes")
    return data, document


def _package(shown: str, root, items: list[Item], data: dict, document, digest: str) -> BuiltPackage:
    organizations = root.find(cp("organizations"))
    assessment = data.get("assessment") or {}
    package = BuiltPackage(
        path=shown,
        course_id=str(data["course"]["id"]),
        title=str(data["course"]["title"]),
        version=str(data["course"]["version"]),
        manifest_identifier=root.get("identifier"),
        organization_identifiers=tuple(org.get("identifier") or "" for org in organizations.findall(cp("organization")))
        if organizations is not None else (),
        items=tuple(items),
        resource_identifiers=tuple(sorted(resources_by_id(root))),
        completion=str(data.get("completion") or ""),
        pass_mark=_number(assessment.get("passMark")),
        draw=_number(assessment.get("draw")),
        attempts=_number(assessment.get("attempts")),
        digest=digest,
    )
    sections = {section.get("data-page"): section for section in document.iter("section") if section.get("data-page")}
    forms = {form.get("data-question"): form for form in document.iter("form") if form.get("data-question")}
    questions = data.get("questions") or {}
    for number, page in enumerate(data["pages"], start=1):
        page_id = str(page["id"])
        ids = tuple(str(q) for q in page.get("questions") or ())
        package.pages.append(PageInfo(page_id, str(page["title"]), number, ids, _page_text(sections.get(page_id))))
        for question_id in ids:
            key = questions.get(question_id) or {}
            package.questions[question_id] = QuestionInfo(
                question_id, page_id, bool(key.get("scored")), _question_fingerprint(key, forms.get(question_id)),
                key.get("k") if isinstance(key.get("k"), str) else None)
    return package


def _number(value) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


_SPACE = re.compile(r"\s+")


def _visible_text(element) -> str:
    return _SPACE.sub(" ", element.text_content()).strip() if element is not None else ""


def _page_text(section) -> str:
    """A fingerprint of what the page says, questions left out (they are compared one by one)."""
    if section is None:
        return ""
    copy = html.fromstring(html.tostring(section))
    for element in copy.findall(".//form") + copy.findall(".//h1"):  # questions, and the title (compared apart)
        element.drop_tree()
    return _digest(_visible_text(copy))


def _question_fingerprint(key: dict, form) -> str:
    """Whether anything a learner reads or is scored on changed: the scoring key and the text of
    the prompt, options and feedback. (Whether a saved answer is kept is the runtime's own rule:
    ``QuestionInfo.saved_key``.)"""
    return _digest(json.dumps(key, sort_keys=True) + "\n" + _visible_text(form))


def _file_digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
