"""SCORM 1.2 Content Aggregation Model rules that the XSDs cannot express.

References are to the SCORM 1.2 CAM (ADL, 2001), section 2.3 "Content
Packaging". The IMS CP schema types most of these values as plain strings, so
a schema-valid manifest can still fail to import or to track.
"""
from __future__ import annotations

import re

from lxml import etree

from builder.problems import WARNING, Problem
from builder.validation.manifest import Collector, adl, cp, describe, localname, resolve_href, xml_base

# CMITimespan, SCORM 1.2 RTE 3.4.2: HHHH:MM:SS.SS (2-4 digit hours, optional 1-2 decimals).
_TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def duplicate_identifiers(root: etree._Element) -> dict[str, list[etree._Element]]:
    """identifier -> elements sharing it, for identifiers used more than once."""
    seen: dict[str, list[etree._Element]] = {}
    for element in root.iter(cp("manifest"), cp("organization"), cp("item"), cp("resource")):
        ident = element.get("identifier")
        if ident is not None:
            seen.setdefault(ident, []).append(element)
    return {ident: elements for ident, elements in seen.items() if len(elements) > 1}


def _check_metadata(root: etree._Element, out: Collector) -> None:
    # CAM 2.3.2: the manifest's <metadata> must say <schema>ADL SCORM</schema> and
    # <schemaversion>1.2</schemaversion>; LMSs use them to pick the SCORM version.
    metadata = root.find(cp("metadata"))
    if metadata is None:
        out.add(root, "<manifest> has no <metadata>; SCORM 1.2 requires <schema>ADL SCORM</schema> "
                      "and <schemaversion>1.2</schemaversion> there")
        return
    for tag, expected in (("schema", "ADL SCORM"), ("schemaversion", "1.2")):
        element = metadata.find(cp(tag))
        if element is None:
            out.add(metadata, f"<metadata> has no <{tag}>{expected}</{tag}>")
            continue
        value = element.text or ""
        if value != expected:
            hint = " (remove the surrounding whitespace)" if value.strip() == expected else ""
            out.add(element, f"<{tag}> is {value!r}, must be exactly {expected!r}{hint}")


def _check_identifiers(root: etree._Element, out: Collector) -> None:
    for ident, elements in duplicate_identifiers(root).items():
        first = elements[0]
        for element in elements[1:]:
            out.add(element, f"identifier {ident!r} is already used by <{localname(first)}> "
                             f"on line {first.sourceline}; identifiers must be unique in the manifest")


def _check_file_ref(owner: etree._Element, what: str, href: str, base: str, files: set[str],
                    folded: dict[str, str], launches_sco: bool, out: Collector) -> None:
    ref = resolve_href(href, base)
    shown = f"{what} {ref.raw!r}"
    if ref.problem:
        out.add(owner, f"{shown} {ref.problem}")
    elif ref.external:
        if launches_sco:
            # A SCO finds the LMS API through window.parent; from another origin it cannot.
            out.add(owner, f"{shown} is an external URL; a SCO must be launched from inside the package")
        else:
            out.add(owner, f"{shown} is an external URL, not a file in the package", WARNING)
    elif ref.path not in files:
        other = folded.get(ref.path.casefold())
        if other:
            out.add(owner, f"{shown} not found in the zip; it has {other!r} (names are case-sensitive on the LMS)")
        else:
            out.add(owner, f"{shown} not found in the zip")


def _check_resources(root: etree._Element, files: set[str], out: Collector) -> dict[str, etree._Element]:
    resources: dict[str, etree._Element] = {}
    folded = {name.casefold(): name for name in files}
    container = root.find(cp("resources"))
    if container is None:
        return resources  # the schema reports the missing element
    for resource in container.findall(cp("resource")):
        ident = resource.get("identifier")
        if ident is not None:
            resources.setdefault(ident, resource)
        # CAM 2.3.5: SCORM 1.2 resources are always type="webcontent" and must say
        # adlcp:scormtype (the schema cannot require a foreign attribute).
        if resource.get("type") is not None and resource.get("type") != "webcontent":
            out.add(resource, f"{describe(resource)} has type={resource.get('type')!r}; SCORM 1.2 requires "
                              "type=\"webcontent\"")
        scormtype = resource.get(adl("scormtype"))
        if scormtype is None:
            out.add(resource, f"{describe(resource)} has no adlcp:scormtype (\"sco\" or \"asset\")")
        href = resource.get("href")
        base = xml_base(resource)
        if href is None:
            if scormtype == "sco":
                out.add(resource, f"{describe(resource)} is a sco without an href, so it cannot be launched")
        else:
            _check_file_ref(resource, f"{describe(resource)} href", href, base, files, folded,
                            scormtype == "sco", out)
            listed = {f.get("href") for f in resource.findall(cp("file"))}
            if re.split(r"[?#]", href)[0] not in listed:
                out.add(resource, f"{describe(resource)} href {href!r} is not also listed as a <file>", WARNING)
        for file_element in resource.findall(cp("file")):
            file_href = file_element.get("href")
            if file_href is not None:
                _check_file_ref(file_element, "<file> href", file_href, base, files, folded, False, out)
    for dependency in root.iter(cp("dependency")):
        ref = dependency.get("identifierref")
        if ref is not None and ref not in resources:
            out.add(dependency, f"<dependency> identifierref {ref!r} does not match any <resource> identifier")
    return resources


def _check_organizations(root: etree._Element, resources: dict[str, etree._Element], out: Collector) -> None:
    organizations = root.find(cp("organizations"))
    if organizations is None:
        return  # the schema reports the missing element
    orgs = organizations.findall(cp("organization"))
    default = organizations.get("default")
    # The schema types default as an IDREF, which any identifier satisfies (and libxml2
    # does not check IDREFs at all); CAM 2.3.3 requires it to name an <organization>.
    if default is not None and default not in {o.get("identifier") for o in orgs}:
        out.add(organizations, f"<organizations default={default!r}> does not match any <organization> identifier")
    for org in orgs:
        if org.find(cp("item")) is None:
            out.add(org, f"{describe(org)} has no <item>, so learners have nothing to open")
    launchable_sco = False
    for item in root.iter(cp("item")):
        ref = item.get("identifierref")
        has_children = item.find(cp("item")) is not None
        target = resources.get(ref) if ref is not None else None
        if ref is None:
            if not has_children:
                out.add(item, f"leaf {describe(item)} has no identifierref, so it launches nothing", WARNING)
        elif target is None:
            out.add(item, f"{describe(item)} identifierref {ref!r} does not match any <resource> identifier")
        elif target.get("href") is None:
            out.add(item, f"{describe(item)} references {describe(target)}, which has no href to launch")
        elif target.get(adl("scormtype")) == "sco":
            launchable_sco = True
        _check_item_adlcp(item, target, out)
    if not launchable_sco:
        out.add(organizations, "no launchable SCO: no <item> references a resource with "
                               "adlcp:scormtype=\"sco\" and an href, so the LMS has nothing to track")


def _check_item_adlcp(item: etree._Element, target: etree._Element | None, out: Collector) -> None:
    # CAM 2.3.4 (adlcp:masteryscore): a number from 0 to 100 that the LMS compares with
    # cmi.core.score.raw; the schema only says "string of at most 200 characters".
    mastery = item.find(adl("masteryscore"))
    if mastery is not None:
        text = mastery.text or ""
        value = text.strip()
        if not _DECIMAL.match(value):
            out.add(mastery, f"adlcp:masteryscore {text!r} is not a number (0..100)")
        elif not 0 <= float(value) <= 100:
            out.add(mastery, f"adlcp:masteryscore {value} is outside 0..100")
        if target is not None and target.get(adl("scormtype")) == "asset":
            out.add(mastery, "adlcp:masteryscore on an item that launches an asset is ignored "
                             "(only SCOs report scores)", WARNING)
    # CAM 2.3.4 (adlcp:maxtimeallowed): a CMITimespan; the schema only limits its length.
    maxtime = item.find(adl("maxtimeallowed"))
    if maxtime is not None and not _TIMESPAN.match((maxtime.text or "").strip()):
        out.add(maxtime, f"adlcp:maxtimeallowed {maxtime.text!r} is not a CMITimespan (HHHH:MM:SS.SS, "
                         "e.g. 00:30:00)")


def check_cam(root: etree._Element, files: set[str], label: str) -> list[Problem]:
    out = Collector(label)
    _check_metadata(root, out)
    _check_identifiers(root, out)
    resources = _check_resources(root, files, out)
    _check_organizations(root, resources, out)
    return out.problems

