"""Reading imsmanifest.xml safely, and the helpers every rule module shares."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from lxml import etree

from builder.problems import ERROR, Problem

NS_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_MD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
NS_XML = "http://www.w3.org/XML/1998/namespace"

# A manifest is a few KB to a few MB; anything bigger is not worth parsing.
MAX_MANIFEST_BYTES = 16 * 1024**2

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DOCTYPE_MESSAGE = ("the manifest has a DOCTYPE; DTDs and entity declarations are not allowed "
                    "(they enable XXE and entity-expansion bombs)")


def cp(tag: str) -> str:
    return f"{{{NS_CP}}}{tag}"


def adl(name: str) -> str:
    return f"{{{NS_ADLCP}}}{name}"


class Collector:
    """Gathers problems for one manifest, taking the line from the element concerned."""

    def __init__(self, label: str):
        self.label = label
        self.problems: list[Problem] = []

    def add(self, element: etree._Element | None, message: str, severity: str = ERROR) -> None:
        line = element.sourceline if element is not None else 0
        self.problems.append(Problem(self.label, line or 0, message, severity))


class ManifestError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _parser() -> etree.XMLParser:
    # No DTD loading, no entity expansion, no network: a manifest needs none of them,
    # and they are how XXE and entity-expansion bombs get in.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False)


def _doctype_line(data: bytes) -> int:
    match = _DOCTYPE.search(data)
    if match is None:  # e.g. a UTF-16 manifest; the parser still found it
        return 1
    return data.count(b"\n", 0, match.start()) + 1


def parse_manifest(data: bytes) -> etree._ElementTree:
    """Parse manifest bytes; raise ManifestError (with a line) if not well-formed or if it has a DOCTYPE."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if _DOCTYPE.search(data):  # e.g. libxml2 stopping an entity bomb: the DOCTYPE is the real problem
            raise ManifestError(_doctype_line(data), _DOCTYPE_MESSAGE) from None
        line = exc.position[0] if exc.position else (exc.lineno or 0)
        raise ManifestError(line, f"not well-formed XML: {exc.msg}") from None
    tree = root.getroottree()
    # The parser above never expands entities, so parsing a DOCTYPE is harmless; refuse it anyway.
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise ManifestError(_doctype_line(data), _DOCTYPE_MESSAGE)
    return tree


def localname(element: etree._Element) -> str:
    return etree.QName(element).localname


def describe(element: etree._Element) -> str:
    ident = element.get("identifier")
    name = localname(element)
    return f"<{name} identifier={ident!r}>" if ident is not None else f"<{name}>"


def title_of(element: etree._Element) -> str | None:
    """The text of the element's own <title>, stripped; None if it has none."""
    title = element.find(cp("title"))
    if title is None:
        return None
    return "".join(title.itertext()).strip()


def xml_base(element: etree._Element) -> str:
    """The xml:base values of the element and its ancestors, outermost first, concatenated.

    SCORM 1.2 LMSs (and the ADL test suite) prepend xml:base to href as plain
    strings rather than doing RFC 3986 resolution, so this does the same.
    """
    bases = []
    node = element
    while node is not None:
        base = node.get(f"{{{NS_XML}}}base")
        if base:
            bases.append(base)
        node = node.getparent()
    return "".join(reversed(bases))


@dataclass(frozen=True)
class Href:
    raw: str
    path: str | None = None       # package-relative file path, when it is one
    external: bool = False        # http://, https://, //host...
    problem: str | None = None    # why it can never be a file in the package


def resolve_href(href: str, base: str = "") -> Href:
    """Turn a resource or file href into a package-relative path (decoded, without ?query/#fragment)."""
    raw = base + href
    parts = urlsplit(raw.strip())
    if parts.scheme or parts.netloc:
        if parts.scheme.lower() in ("http", "https", "") and parts.netloc:
            return Href(raw, external=True)
        return Href(raw, problem="is not a relative path inside the package")
    path = unquote(parts.path)
    if not path:
        return Href(raw, problem="is empty")
    if path.startswith("/"):
        return Href(raw, problem="is an absolute path; hrefs must be relative to the package root")
    if "\\" in path:
        return Href(raw, problem="contains a backslash; use '/'")
    normalised = posixpath.normpath(path)
    if normalised == ".." or normalised.startswith("../"):
        return Href(raw, problem="points outside the package ('..')")
    return Href(raw, path=normalised)


def resources_by_id(root: etree._Element) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    container = root.find(cp("resources"))
    if container is not None:
        for resource in container.findall(cp("resource")):
            ident = resource.get("identifier")
            if ident is not None:
                found.setdefault(ident, resource)
    return found


def launch_href(resource: etree._Element) -> str | None:
    """The launch path of a resource as the LMS builds it (xml:base + href), or None."""
    href = resource.get("href")
    if href is None:
        return None
    return xml_base(resource) + href
