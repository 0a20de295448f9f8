"""imsmanifest.xml for a one-SCO SCORM 1.2 package, built with lxml.

Written the way every LMS reads it: IMS CP elements in the *default*
namespace (Moodle ignores prefixed ``imscp:`` elements) and the ADL extension
attributes with the literal prefix ``adlcp`` (some LMSs match the prefix, not
the namespace).
"""
from __future__ import annotations

import re

from lxml import etree

from builder.model import Course

NS_IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{NS_IMSCP} imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    f"{NS_ADLCP} adlcp_rootv1p2.xsd"
)
LAUNCH_FILE = "index.html"


def identifier(*parts: str) -> str:
    """An xsd:ID (an XML NCName) made from readable parts, stable across builds."""
    text = "-".join(parts)
    text = re.sub(r"[^A-Za-z0-9_.-]", "_", text)
    return text if re.match(r"^[A-Za-z_]", text) else f"_{text}"


def build_manifest(course: Course, files: list[str], suffix: str = "", title_suffix: str = "") -> etree._ElementTree:
    """``files``: every package path except the manifest itself.

    ``suffix`` makes the identifiers of a variant (such as one council's
    build) differ from the plain build, so an LMS holding both keeps them apart.
    """
    base = "-".join(part for part in (course.id, suffix) if part)
    E = _Maker()
    title = course.title + title_suffix
    item = E.cp("item", {"identifier": identifier("ITEM", base), "identifierref": identifier("RES", base), "isvisible": "true"},
                E.cp("title", text=title))
    assessment = course.assessment_page
    # Only a rule that uses the assessment gets a mastery score: with "all-pages", Moodle's mastery
    # override would turn "completed" with a low score into "failed" (docs/runtime.md, tracking contract).
    if assessment is not None and course.completion in ("assessment", "either"):
        item.append(E.adl("masteryscore", text=str(assessment.assessment.pass_mark)))
    root = E.cp("manifest", {"identifier": identifier("MANIFEST", base, course.version), "version": course.version},
                E.cp("metadata", None, E.cp("schema", text="ADL SCORM"), E.cp("schemaversion", text="1.2")),
                E.cp("organizations", {"default": identifier("ORG", base)},
                     E.cp("organization", {"identifier": identifier("ORG", base)}, E.cp("title", text=title), item)),
                E.cp("resources", None, _resource(E, base, files)))
    root.set(f"{{{NS_XSI}}}schemaLocation", SCHEMA_LOCATION)
    return etree.ElementTree(root)


def _resource(E, base: str, files: list[str]):
    resource = E.cp("resource", {"identifier": identifier("RES", base), "type": "webcontent", "href": LAUNCH_FILE})
    resource.set(f"{{{NS_ADLCP}}}scormtype", "sco")
    for path in sorted(files):
        resource.append(E.cp("file", {"href": path}))
    return resource


def manifest_bytes(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class _Maker:
    """Creates elements in the two namespaces with the prefixes LMSs expect."""

    NSMAP = {None: NS_IMSCP, "adlcp": NS_ADLCP, "xsi": NS_XSI}

    def cp(self, tag: str, attributes: dict | None = None, *children, text: str | None = None):
        return self._element(f"{{{NS_IMSCP}}}{tag}", attributes, children, text)

    def adl(self, tag: str, attributes: dict | None = None, *children, text: str | None = None):
        return self._element(f"{{{NS_ADLCP}}}{tag}", attributes, children, text)

    def _element(self, tag, attributes, children, text):
        element = etree.Element(tag, nsmap=self.NSMAP)
        for name, value in (attributes or {}).items():
            element.set(name, value)
        for child in children:
            element.append(child)
        if text is not None:
            element.text = text
        return element
