"""The rules for files a page shows or links to (images, PDFs, ...), which become package files.

A package runs in the LMS's browser, in one origin with the course itself, so a file
that can run code there (an HTML page, a script, an SVG with a <script>) would let a
course run code: an SVG must hold only a picture, and pages, scripts and XML are refused.
Sizes are bounded: learners on council laptops download every file.
"""
from __future__ import annotations

import errno
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from builder.sources import SourceError, inside, read_bytes, size_text

IMAGE_ADVICE_BYTES = 500 * 1024  # docs/authoring.md: "keep pictures small (under 500 KB)"
MAX_FILE_BYTES = 20 * 1024 * 1024  # one file; past this it is refused
TOTAL_ADVICE_BYTES = 20 * 1024 * 1024  # all files: a package this big is slow on a council network
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # many LMSs refuse uploads this big (Moodle's default is lower)
# Browsers run scripts in these when a learner opens them from the course.
ACTIVE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs", ".xml", ".xsl", ".xslt", ".svgz")
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Elements that run code, embed other documents or pull in other files.
UNSAFE_SVG_ELEMENTS = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
# What every browser a learner may have shows in an <img>. A phone photo (.heic) or a scan (.tiff)
# shows as a broken picture, and a document is no picture at all.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp")
ANIMATIONS = {"set", "animate"}  # may change an href into a javascript: address
URL_IN_STYLE = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(|javascript:", re.IGNORECASE)


@dataclass
class AssetCheck:
    """What is wrong with one file (``error``), and what merely deserves a word (``warnings``)."""

    size: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    missing: bool = False  # no such file in the course (a link leaving it counts as none)


def check_asset(source: Path, root: Path, package_path: str, is_image: bool) -> AssetCheck:
    """Whether the file ``source`` (``package_path`` in the package) may go into a package."""
    name = f"'{package_path}'"
    try:
        info = source.stat()
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return AssetCheck(error="the file name is too long for this computer: give the file a shorter name", missing=True)
        return AssetCheck(error=f"no file {name} in the course folder{_differs_in_case(source, root)}", missing=True)
    if stat.S_ISDIR(info.st_mode):
        return AssetCheck(error=f"no file {name} in the course folder ({name} is a folder)", missing=True)
    if not inside(source, root):
        return AssetCheck(error=f"{name} is a link to a file outside the course folder; copy the file in instead", missing=True)
    if not stat.S_ISREG(info.st_mode):
        return AssetCheck(error=f"{name} is not an ordinary file (a device, pipe or socket): replace it with a real file")
    result = AssetCheck(size=info.st_size)
    if info.st_size > MAX_FILE_BYTES:
        result.error = f"the file is {size_text(info.st_size)}, more than the {size_text(MAX_FILE_BYTES)} a course file may be: make it smaller"
        return result
    suffix = source.suffix.lower()
    if is_image and suffix not in IMAGE_SUFFIXES:
        what = f"a {suffix} file" if suffix else "a file whose name has no ending such as .png"
        result.error = (f"a browser cannot show {what} as a picture: save it as PNG or JPEG "
                        "(or link to it as a file: [what it is](path), without the !)")
        return result
    if suffix in ACTIVE_SUFFIXES:
        result.error = (f"a browser runs the code in {suffix} files, and a course cannot run code: "
                        "link to a PDF or write the content as a page")
        return result
    if suffix == ".svg":
        try:
            result.error = svg_problem(read_bytes(source, root, MAX_FILE_BYTES))
        except SourceError as exc:
            result.error = exc.message
        if result.error:
            return result
    if is_image and info.st_size > IMAGE_ADVICE_BYTES:
        result.warnings.append(f"image {name} is {size_text(info.st_size)}: learners download every image, so keep each "
                               f"under {size_text(IMAGE_ADVICE_BYTES)} (save it smaller or as JPEG)")
    return result


def _differs_in_case(source: Path, root: Path) -> str:
    """'; it is ...' when the file is there with other capitals ('Images/Map.PNG' for 'images/map.png'):
    the package keeps the capitals, and the LMS's web server minds them."""
    found = root
    try:
        parts = source.relative_to(root).parts
    except ValueError:
        return ""
    for part in parts:
        try:
            found = next((child for child in found.iterdir() if child.name.lower() == part.lower()), None)
        except OSError:
            return ""
        if found is None:
            return ""
    return f"; it is '{found.relative_to(root).as_posix()}': write the name with the same capitals"


def svg_problem(data: bytes) -> str | None:
    """Why an SVG may not go into a package (it could run code or fetch a file), or None.

    Refused rather than cleaned: a picture drawn by a program never needs any of this, and
    an SVG changed behind the author's back might not look as they meant.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return f"this is not a readable SVG picture ({exc.msg}): save it again from the drawing program"
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        return "this SVG declares a DOCTYPE, which can pull in other files: save it again as plain SVG, without one"
    outside = [*root.itersiblings(preceding=True), *root.itersiblings()]
    if any(isinstance(node, etree._ProcessingInstruction) for node in outside):
        return "this SVG holds a processing instruction (<?...?>), which can pull in other files: save it again as plain SVG"
    if etree.QName(root).localname != "svg":
        return "this is not an SVG picture: its outermost element must be <svg>"
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments and processing instructions
            if isinstance(element, etree._ProcessingInstruction):
                return "this SVG holds a processing instruction (<?...?>), which can pull in other files: save it again as plain SVG"
            continue
        tag = etree.QName(element).localname
        if tag in UNSAFE_SVG_ELEMENTS or etree.QName(element).namespace not in (SVG_NAMESPACE, None):
            what = f"<{tag}>" if etree.QName(element).namespace in (SVG_NAMESPACE, None) else f"an element from another language (<{tag}>)"
            return f"this SVG holds {what}, which can run code or show another document: save it again as a plain picture"
        if tag in ANIMATIONS and "href" in (element.get("attributeName") or "").lower():
            return f"this SVG has an <{tag}> that changes a link, which can run code: save it again as a plain picture"
        if tag == "style" and URL_IN_STYLE.search(element.text or ""):
            return "this SVG has a style that fetches another file (url(...) or @import): a package must work offline"
        for attribute, value in element.attrib.items():
            problem = _attribute_problem(attribute, value)
            if problem:
                return f"this SVG {problem} (on <{tag}>): save it again as a plain picture"
    return None


def _attribute_problem(attribute: str, value: str) -> str | None:
    local = etree.QName(attribute).localname.lower()
    if local.startswith("on"):
        return f"has an event handler '{local}', which runs code"
    plain = re.sub(r"[\s\x00-\x1f]", "", value).lower()
    if "javascript:" in plain or "vbscript:" in plain:
        return f"has a javascript: address in '{local}'"
    if attribute == XLINK_HREF or local in ("href", "src"):
        if not value.strip().startswith("#"):  # only a part of the picture itself
            return f"refers to another file or address ('{value[:60]}')"
    if local == "style" and URL_IN_STYLE.search(value):
        return "has a style that fetches another file"
    return None
