"""What LMSs actually need to import a package, beyond the letter of the spec.

These manifests are schema- and CAM-valid, yet real LMSs reject or mangle
them: Moodle's SCORM importer matches element names textually, so prefixes
matter to it even though they do not matter to XML.
"""
from __future__ import annotations

import re

from lxml import etree

from builder.problems import WARNING, Problem
from builder.validation.archive import MANIFEST_NAME
from builder.validation.manifest import NS_ADLCP, NS_CP, Collector, cp, describe, resolve_href, title_of, xml_base

# Files that may sit in a package without being listed in a <resource>: the XSD
# "control documents" SCORM 1.2 packages traditionally carry at the root (CAM 2.3.1).
# Entries the zip checks already refuse (zip-slip, symlinks...) are not repeated here.
_CONTROL_SUFFIXES = (".xsd", ".dtd")
# Listing every stray file of a big zip helps nobody; name a few, count the rest.
MAX_UNLISTED_SHOWN = 10
# Moodle cleans each path segment of an unzipped file as a PARAM_FILE (lib/filestorage/zip_archive.php,
# clean_param): control characters and these are dropped, so 'q&a.html' is stored as 'qa.html'.
MOODLE_DROPPED = re.compile(r"[\x00-\x1f\x7f&<>\"`|':]")
# Moodle turns every '&' that does not start a named entity into '&amp;' before parsing the
# manifest (mod/scorm/datamodels/scormlib.php, scorm_parse_scorm): '&#8217;' shows as typed.
NUMERIC_REFERENCE = re.compile(rb"&#(?:[0-9]+|x[0-9a-fA-F]+);")


def _check_prefixes(root: etree._Element, out: Collector) -> None:
    prefixed = [e for e in root.iter(etree.Element) if etree.QName(e).namespace == NS_CP and e.prefix]
    if prefixed:
        first = prefixed[0]
        more = f" (and {len(prefixed) - 1} more)" if len(prefixed) > 1 else ""
        out.add(first, f"IMS CP element <{first.prefix}:{etree.QName(first).localname}> has a prefix{more}; "
                       "declare IMS CP as the default namespace and write <manifest>, <item>... unprefixed "
                       "(Moodle cannot read prefixed manifests)")
    misbound_reported = False
    wrong_prefix: list[str] = []
    first_wrong: etree._Element | None = None
    for element in root.iter(etree.Element):
        bound = element.nsmap.get("adlcp")
        if bound is not None and bound != NS_ADLCP and not misbound_reported:
            out.add(element, f"prefix 'adlcp' is bound to {bound!r}; SCORM 1.2 needs {NS_ADLCP!r}")
            misbound_reported = True
        adl_prefixes = {p for p, uri in element.nsmap.items() if uri == NS_ADLCP}
        if etree.QName(element).namespace == NS_ADLCP and element.prefix != "adlcp":
            wrong_prefix.append(f"<{element.prefix + ':' if element.prefix else ''}{etree.QName(element).localname}>")
            first_wrong = first_wrong if first_wrong is not None else element
        adl_attributes = [a for a in element.attrib if etree.QName(a).namespace == NS_ADLCP]
        # lxml does not expose an attribute's prefix; if 'adlcp' is not among the prefixes
        # bound to the ADL namespace here, the attribute must be using another one.
        if adl_attributes and "adlcp" not in adl_prefixes:
            shown = sorted(p for p in adl_prefixes if p)
            wrong_prefix.append(f"{shown[0] if shown else '?'}:{etree.QName(adl_attributes[0]).localname}")
            first_wrong = first_wrong if first_wrong is not None else element
    if first_wrong is not None:
        more = f" (and {len(wrong_prefix) - 1} more)" if len(wrong_prefix) > 1 else ""
        out.add(first_wrong, f"ADL name {wrong_prefix[0]} uses a prefix other than 'adlcp'{more}; "
                             "bind the ADL namespace to the literal prefix 'adlcp' (LMSs such as Moodle "
                             "look for 'adlcp:scormtype' by name)")


def _check_titles_and_visibility(root: etree._Element, out: Collector) -> None:
    # The IMS CP schema makes <title> optional; SCORM 1.2 CAM 2.3.3/2.3.4 requires
    # one on every organization and item, and LMSs show it as the menu entry.
    for element in root.iter(cp("organization"), cp("item")):
        title = title_of(element)
        if title is None:
            out.add(element, f"{describe(element)} has no <title>")
        elif not title:
            out.add(element, f"{describe(element)} has an empty <title>")
    for item in root.iter(cp("item")):
        if (item.get("isvisible") or "").strip() not in ("false", "0"):
            continue
        children = item.findall(cp("item"))
        if children:
            # LMSs hide the whole branch with its parent, so the children cannot be reached.
            out.add(item, f"{describe(item)} has isvisible=\"false\" but contains items; its child items "
                          "must be visible, so make the parent visible")
        else:
            out.add(item, f"{describe(item)} has isvisible=\"false\"; learners will not see it in the "
                          "LMS menu", WARNING)


def _check_unlisted(root: etree._Element, files: set[str], unsafe: set[str], zip_label: str) -> list[Problem]:
    listed: set[str] = set()
    for resource in root.iter(cp("resource")):
        base = xml_base(resource)
        hrefs = [resource.get("href")] + [f.get("href") for f in resource.findall(cp("file"))]
        for href in hrefs:
            if href is not None:
                ref = resolve_href(href, base)
                if ref.path:
                    listed.add(ref.path)
    unlisted = sorted(
        name for name in files
        if name not in listed and name != MANIFEST_NAME and name not in unsafe
        and not ("/" not in name and name.lower().endswith(_CONTROL_SUFFIXES))
    )
    problems = [Problem(zip_label, 0, f"{name!r} is in the zip but not listed in any <resource> "
                                      "(tools that copy a package by its manifest will drop it)", WARNING)
                for name in unlisted[:MAX_UNLISTED_SHOWN]]
    if len(unlisted) > MAX_UNLISTED_SHOWN:
        problems.append(Problem(zip_label, 0, f"{len(unlisted) - MAX_UNLISTED_SHOWN} more files are in the zip "
                                              "but not listed in any <resource>", WARNING))
    return problems


def check_lms(root: etree._Element, files: set[str], unsafe: set[str], label: str, zip_label: str,
              data: bytes = b"") -> list[Problem]:
    out = Collector(label)
    _check_prefixes(root, out)
    _check_titles_and_visibility(root, out)
    _check_open_edx(root, out)
    _check_moodle_references(data, out)
    return out.problems + _check_unlisted(root, files, unsafe, zip_label) + _check_moodle_names(files - unsafe, zip_label)


def _check_moodle_names(files: set[str], zip_label: str) -> list[Problem]:
    problems = []
    for name in sorted(files):
        cleaned = "/".join(MOODLE_DROPPED.sub("", segment) for segment in name.split("/"))
        if cleaned != name:
            problems.append(Problem(zip_label, 0, f"Moodle stores {name!r} as {cleaned!r} (it drops control characters "
                                                  "and & < > \" ` | ' : from file names), so links to it break there: "
                                                  "rename it", WARNING))
    return problems[:MAX_UNLISTED_SHOWN]


def _check_moodle_references(data: bytes, out: Collector) -> None:
    match = NUMERIC_REFERENCE.search(data)
    if match:
        line = data.count(b"\n", 0, match.start()) + 1
        more = len(NUMERIC_REFERENCE.findall(data)) - 1
        out.problems.append(Problem(out.label, line, f"Moodle shows the character reference {match.group().decode()!r} "
                                                     f"as typed{f' (and {more} more)' if more else ''} (it escapes every & "
                                                     "that does not start a named entity): write the character itself, "
                                                     "in UTF-8", WARNING))


def _check_open_edx(root: etree._Element, out: Collector) -> None:
    """The Open edX SCORM XBlock reads manifests its own way (openedxscorm/scormxblock.py)."""
    first = next((resource for resource in root.iter(cp("resource")) if resource.get("href")), None)
    intended = _first_launch(root)
    if first is not None and intended is not None and first is not intended:
        # update_package_fields: the first <resource> with an href, whatever its scormtype or the organization
        out.add(first, f"Open edX launches {first.get('href')!r}, the first <resource> with an href, not the first "
                       f"item's {intended.get('href')!r}: put the launch resource first", WARNING)
    for organization in root.iter(cp("organization")):
        items = list(organization.iter(cp("item")))
        if len(items) < 2:
            continue  # one item: the package launches it, there is no menu to find
        hidden = [item for item in items if (item.get("isvisible") or "").strip() != "true"]
        if hidden:
            # find_titles_recursively descends only into items whose isvisible is written out as "true"
            out.add(hidden[0], f"{describe(hidden[0])} has no isvisible=\"true\"{_and_more(len(hidden))}: Open edX's "
                               "menu shows only items that say isvisible=\"true\", at every level", WARNING)


def _first_launch(root: etree._Element) -> etree._Element | None:
    """The resource the default organization's first launchable item points at."""
    organizations = root.find(cp("organizations"))
    if organizations is None:
        return None
    default = organizations.get("default")
    organization = next((o for o in organizations.findall(cp("organization")) if o.get("identifier") == default),
                        organizations.find(cp("organization")))
    if organization is None:
        return None
    resources = {resource.get("identifier"): resource for resource in root.iter(cp("resource"))}
    for item in organization.iter(cp("item")):
        resource = resources.get(item.get("identifierref"))
        if resource is not None and resource.get("href"):
            return resource
    return None


def _and_more(count: int) -> str:
    return f" (and {count - 1} more)" if count > 1 else ""
