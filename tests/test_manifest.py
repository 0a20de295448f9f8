"""imsmanifest.xml: golden files plus the rules LMSs rely on.

Golden tests: the manifest of each fixture course is compared byte for byte
with tests/golden/<fixture>-imsmanifest.xml. When a change to the manifest is
intended (a new runtime file, a new element), rewrite the golden files with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_manifest.py -p no:xdist

then read the diff (git diff tests/golden) before committing it.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from lxml import etree

from builder.build import build_course
from builder.loader import load_course
from builder.manifest import NS_ADLCP, NS_IMSCP, build_manifest, identifier, manifest_bytes
from course_helpers import FIXTURE_COURSES, zip_text

GOLDEN = Path(__file__).parent / "golden"
NS = {"cp": NS_IMSCP, "adlcp": NS_ADLCP}


@pytest.mark.parametrize("fixture", ["minimal", "features"])
def test_manifest_matches_the_golden_file(fixture, tmp_path):
    result = build_course(FIXTURE_COURSES / fixture, tmp_path)
    actual = zip_text(result.zip_path, "imsmanifest.xml")
    golden = GOLDEN / f"{fixture}-imsmanifest.xml"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with UPDATE_GOLDEN=1 to create it"
    assert actual == golden.read_text(encoding="utf-8"), "manifest changed: if intended, rerun with UPDATE_GOLDEN=1"


@pytest.fixture(scope="module")
def manifest():
    course = load_course(FIXTURE_COURSES / "features")
    tree = build_manifest(course, ["index.html", "runtime/main.js", "images/six.svg"])
    return etree.fromstring(manifest_bytes(tree))


def test_elements_are_in_the_default_namespace_with_the_adlcp_prefix(manifest):
    # Moodle ignores prefixed imscp: elements; some LMSs match the literal 'adlcp' prefix.
    assert manifest.tag == f"{{{NS_IMSCP}}}manifest"
    assert manifest.prefix is None
    assert manifest.nsmap["adlcp"] == NS_ADLCP


def test_metadata_declares_scorm_1_2(manifest):
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"


def test_one_sco_launched_from_index_html(manifest):
    resources = manifest.findall("cp:resources/cp:resource", NS)
    assert len(resources) == 1
    resource = resources[0]
    assert resource.get("href") == "index.html"
    assert resource.get(f"{{{NS_ADLCP}}}scormtype") == "sco"  # CAM 1.2 2.3.2: lower-case 'scormtype'
    item = manifest.find("cp:organizations/cp:organization/cp:item", NS)
    assert item.get("identifierref") == resource.get("identifier")


def test_every_file_is_listed_once_in_sorted_order(manifest):
    hrefs = [f.get("href") for f in manifest.findall("cp:resources/cp:resource/cp:file", NS)]
    assert hrefs == ["images/six.svg", "index.html", "runtime/main.js"]


def test_the_default_organization_exists_and_carries_the_title(manifest):
    organizations = manifest.find("cp:organizations", NS)
    default = organizations.get("default")
    organization = organizations.find(f"cp:organization[@identifier='{default}']", NS)
    assert organization.findtext("cp:title", namespaces=NS) == "Every Markdown feature"


def test_no_mastery_score_without_an_assessment(manifest):
    assert manifest.find(".//adlcp:masteryscore", NS) is None


def test_variant_suffixes_keep_identifiers_apart():
    course = load_course(FIXTURE_COURSES / "minimal")
    plain = build_manifest(course, ["index.html"]).getroot()
    branded = build_manifest(course, ["index.html"], suffix="bolton", title_suffix=" (Bolton)").getroot()
    assert plain.get("identifier") == "MANIFEST-minimal"
    assert branded.get("identifier") == "MANIFEST-minimal-bolton"
    assert branded.findtext("cp:organizations/cp:organization/cp:title", namespaces=NS) == "A minimal course (Bolton)"


def test_no_identifier_changes_with_the_version():
    """A new version replaces the old one in the LMS: Moodle keeps learners' records only for
    items whose identifiers match (docs/updating-a-course.md)."""
    course = load_course(FIXTURE_COURSES / "minimal")
    later = dataclasses.replace(course, version="1.1.0")
    old, new = (build_manifest(c, ["index.html"]).getroot() for c in (course, later))
    identifiers = [(e.tag, e.get("identifier")) for e in old.iter() if e.get("identifier")]
    assert identifiers == [(e.tag, e.get("identifier")) for e in new.iter() if e.get("identifier")]
    assert len(identifiers) == 4  # manifest, organization, item, resource
    assert (old.get("version"), new.get("version")) == ("1.0.0", "1.1.0")


@pytest.mark.parametrize("parts, expected", [
    (("ORG", "social-value"), "ORG-social-value"),
    (("2024", "course"), "_2024-course"),  # an xsd:ID cannot start with a digit
    (("RES", "a b/c"), "RES-a_b_c"),
])
def test_identifiers_are_valid_xml_ids(parts, expected):
    assert identifier(*parts) == expected


def test_manifest_bytes_are_utf8_xml_with_a_declaration():
    course = load_course(FIXTURE_COURSES / "minimal")
    data = manifest_bytes(build_manifest(course, ["index.html"]))
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
