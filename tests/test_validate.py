"""`scorm-builder validate`: every check, on hand-made good, broken and hostile zips.

Each test builds its zip under tmp_path and runs with tmp_path as the working
directory, so problem paths read exactly as a user would see them
(``course.zip!imsmanifest.xml:16: ...``).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import uuid
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import cli
from builder.cli.validate import validate_command
from builder.problems import ERROR, WARNING, Problem
from builder.validation import validate_package
from builder.validation.schema import SCHEMA_DIR, load_schema
from scorm_zips import (
    SHARED_VALIDATOR, make_zip, manifest_line, mark_encrypted, minimal_files, minimal_manifest, mutated_manifest,
    package, symlink_info,
)

M = "course.zip!imsmanifest.xml"
Z = "course.zip"

ORIGINAL_SCHEMAS = {
    "adlcp_rootv1p2.xsd": "173decaf9cd31ea847e6ff6853c702137974aca6b56567151aa4a885e0aa4883",
    "ims_xml.xsd": "9d2106a5edb2f4963277c94ba02c62d4e1fcb51ae2630e7c387316a90a41a0ce",
    "imscp_rootv1p1p2.xsd": "504af19bee4f8509ab9a14c740ca729cabc80199d2f5c2e2276a866578b05ef9",
    "imsmd_rootv1p2p1.xsd": "39ecb306ca0790987dee06a6e1ae08ea269567c487517e2602b91f38f9ca1ca6",
}


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def lines(path) -> list[str]:
    return [str(p) for p in validate_package(path)]


def errors(path) -> list[str]:
    return [str(p) for p in validate_package(path) if p.severity == ERROR]


# --------------------------------------------------------------------------- the good package


def test_minimal_package_is_clean(tmp_path):
    assert validate_package(package(tmp_path)) == []


THIRD_PARTY_MANIFEST = """<?xml version="1.0" encoding="utf-8" standalone="no" ?>
<manifest identifier="Course_ID1_ORG" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
    <imsmd:lom>
      <imsmd:general>
        <imsmd:title><imsmd:langstring xml:lang="en-US">Golf Explained</imsmd:langstring></imsmd:title>
      </imsmd:general>
    </imsmd:lom>
  </metadata>
  <organizations default="B0">
    <organization identifier="B0">
      <title>Golf Explained</title>
      <item identifier="i1" identifierref="r1" isvisible="true">
        <title>Playing the Game</title>
        <adlcp:prerequisites type="aicc_script">i2</adlcp:prerequisites>
        <adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>
        <adlcp:timelimitaction>continue,no message</adlcp:timelimitaction>
        <adlcp:datafromlms>some data</adlcp:datafromlms>
        <adlcp:masteryscore>75.5</adlcp:masteryscore>
      </item>
      <item identifier="i2" identifierref="r1" parameters="?page=2">
        <title>Etiquette</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="shared/launchpage.html?content=playing">
      <file href="shared/launchpage.html"/>
      <dependency identifierref="common"/>
    </resource>
    <resource identifier="common" type="webcontent" adlcp:scormtype="asset">
      <file href="shared/scormfunctions.js"/>
      <file href="shared/style.css"/>
    </resource>
  </resources>
</manifest>
"""


def test_typical_third_party_package_is_clean(tmp_path):
    """IMS MD metadata, every adlcp element, a query in the launch href, a dependency, XSDs at the root."""
    files = {"imsmanifest.xml": THIRD_PARTY_MANIFEST, "shared/launchpage.html": b"<p>golf</p>",
             "shared/scormfunctions.js": b"var api;", "shared/style.css": b"p {}"}
    files.update({name: (SCHEMA_DIR / name).read_bytes() for name in ORIGINAL_SCHEMAS})
    # Valid everywhere but in Open edX's menu, which leaves out items without isvisible="true" (issue 12).
    assert [str(problem) for problem in validate_package(make_zip(tmp_path, files))] == [
        f"{Z}!imsmanifest.xml:28: warning: <item identifier='i2'> has no isvisible=\"true\": Open edX's menu shows "
        "only items that say isvisible=\"true\", at every level"]


def test_manifest_schema_location_is_ignored(tmp_path):
    # If xsi:schemaLocation were followed, this schema (which demands an attribute the
    # manifest lacks) would make the manifest invalid.
    (tmp_path / "hostile.xsd").write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'targetNamespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2">'
        '<xsd:element name="manifest"><xsd:complexType>'
        '<xsd:attribute name="mandatory" use="required"/></xsd:complexType></xsd:element></xsd:schema>')
    hostile = (tmp_path / "hostile.xsd").as_uri()
    manifest = mutated_manifest(("imscp_rootv1p1p2.xsd http://www.adlnet.org",
                                 f"{hostile} http://www.adlnet.org"))
    assert validate_package(package(tmp_path, manifest)) == []


def test_schemas_are_shipped_byte_for_byte():
    for name, digest in ORIGINAL_SCHEMAS.items():
        shipped = (SCHEMA_DIR / name).read_bytes()
        assert hashlib.sha256(shipped).hexdigest() == digest, name
        assert shipped == (SHARED_VALIDATOR.parent / "xsd" / name).read_bytes(), name
    assert (SCHEMA_DIR / "README.md").is_file()


def test_patched_ims_xml_only_drops_the_default_namespace():
    original = (SCHEMA_DIR / "ims_xml.xsd").read_bytes().decode()  # bytes: keep its CR line endings
    patched = (SCHEMA_DIR / "ims_xml.patched.xsd").read_bytes().decode()
    without_comment = "\r".join(line for line in patched.split("\r") if not line.startswith("<!-- scorm-builder:"))
    assert without_comment == original.replace('xmlns="http://www.w3.org/XML/1998/namespace" ', "")
    assert load_schema() is not None  # the driver compiles from local files


# --------------------------------------------------------------------------- the manifest: CAM rules


def test_missing_manifest(tmp_path):
    zip_path = package(tmp_path, drop=["imsmanifest.xml"])
    assert lines(zip_path) == [f"{Z}:0: no imsmanifest.xml in the zip; this is not a SCORM package"]


def test_nested_manifest_says_where_it_is(tmp_path):
    zip_path = make_zip(tmp_path, {f"my-course/{name}": data for name, data in minimal_files().items()})
    assert lines(zip_path) == [
        f"{Z}:0: imsmanifest.xml is not at the root of the zip but at 'my-course/imsmanifest.xml'; "
        "zip the contents of the 'my-course/' folder, not the folder itself"]


def test_dangling_identifierref(tmp_path):
    zip_path = package(tmp_path, mutated_manifest(('identifierref="res-1"', 'identifierref="res-9"')))
    assert errors(zip_path) == [
        f"{M}:11: no launchable SCO: no <item> references a resource with adlcp:scormtype=\"sco\" and an href, "
        "so the LMS has nothing to track",
        f"{M}:14: <item identifier='item-1'> identifierref 'res-9' does not match any <resource> identifier",
    ]


def test_dangling_default_organization(tmp_path):
    zip_path = package(tmp_path, mutated_manifest(('default="org-1"', 'default="res-1"')))
    assert lines(zip_path) == [
        f"{M}:11: <organizations default='res-1'> does not match any <organization> identifier"]


def test_missing_file(tmp_path):
    zip_path = package(tmp_path, drop=["index.html"])
    assert lines(zip_path) == [
        f"{M}:21: <resource identifier='res-1'> href 'index.html' not found in the zip",
        f"{M}:22: <file> href 'index.html' not found in the zip",
    ]


def test_file_names_are_case_sensitive(tmp_path):
    zip_path = package(tmp_path, drop=["index.html"], extra=[("Index.html", b"<p>hi</p>")])
    assert f"{M}:22: <file> href 'index.html' not found in the zip; it has 'Index.html' " \
           "(names are case-sensitive on the LMS)" in errors(zip_path)


def test_hrefs_resolve_after_xml_base_and_url_decoding(tmp_path):
    manifest = mutated_manifest(
        ("<resources>", '<resources xml:base="content/">'),
        ('href="index.html">', 'href="my%20page.html?lang=en">'),
        ('<file href="index.html"/>', '<file href="my%20page.html"/>'),
    )
    zip_path = package(tmp_path, manifest, drop=["index.html"], extra=[("content/my page.html", b"<p>hi</p>")])
    assert validate_package(zip_path) == []
    # ...and the same manifest without the folder in the zip is caught.
    missing = package(tmp_path, manifest, drop=["index.html"], extra=[("my page.html", b"<p>hi</p>")],
                      name="flat.zip")
    assert "flat.zip!imsmanifest.xml:22: <file> href 'content/my%20page.html' not found in the zip" \
        in errors(missing)


def test_no_sco(tmp_path):
    zip_path = package(tmp_path, mutated_manifest(('adlcp:scormtype="sco"', 'adlcp:scormtype="asset"')))
    assert errors(zip_path) == [
        f"{M}:11: no launchable SCO: no <item> references a resource with adlcp:scormtype=\"sco\" and an href, "
        "so the LMS has nothing to track"]


@pytest.mark.parametrize(("value", "message"), [
    ("150", "adlcp:masteryscore 150 is outside 0..100"),
    ("-1", "adlcp:masteryscore -1 is outside 0..100"),
    ("eighty", "adlcp:masteryscore 'eighty' is not a number (0..100)"),
])
def test_bad_masteryscore(tmp_path, value, message):
    zip_path = package(tmp_path, mutated_manifest((">80<", f">{value}<")))
    assert lines(zip_path) == [f"{M}:16: {message}"]


def test_maxtimeallowed_must_be_a_cmitimespan(tmp_path):
    good = package(tmp_path, mutated_manifest(
        ("<adlcp:masteryscore>80</adlcp:masteryscore>", "<adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>")))
    assert validate_package(good) == []
    bad = package(tmp_path, mutated_manifest(
        ("<adlcp:masteryscore>80</adlcp:masteryscore>", "<adlcp:maxtimeallowed>30 min</adlcp:maxtimeallowed>")))
    assert lines(bad) == [f"{M}:16: adlcp:maxtimeallowed '30 min' is not a CMITimespan (HHHH:MM:SS.SS, e.g. 00:30:00)"]


def test_duplicate_identifier(tmp_path):
    zip_path = package(tmp_path, mutated_manifest(('identifier="item-1"', 'identifier="res-1"')))
    # Reported once, with both lines (not also as libxml2's misleading "not a valid xs:ID").
    assert lines(zip_path) == [
        f"{M}:21: identifier 'res-1' is already used by <item> on line 14; identifiers must be unique in the manifest"]


def test_schema_and_schemaversion_must_be_exact(tmp_path):
    zip_path = package(tmp_path, mutated_manifest(("<schemaversion>1.2<", "<schemaversion>1.3<"),
                                                  ("<schema>ADL SCORM<", "<schema> ADL SCORM <")))
    assert lines(zip_path) == [
        f"{M}:8: <schema> is ' ADL SCORM ', must be exactly 'ADL SCORM' (remove the surrounding whitespace)",
        f"{M}:9: <schemaversion> is '1.3', must be exactly '1.2'",
    ]


def test_schema_errors_have_the_manifest_line(tmp_path):
    zip_path = package(tmp_path, mutated_manifest(('adlcp:scormtype="sco"', 'adlcp:scormtype="SCO"')))
    assert f"{M}:21: schema: Element 'resource', attribute 'adlcp:scormtype': [facet 'enumeration'] " \
           "The value 'SCO' is not an element of the set {'asset', 'sco'}" in lines(zip_path)


def test_scorm_2004_manifest_is_not_scorm_12(tmp_path):
    manifest = minimal_manifest().replace("http://www.imsproject.org/xsd/imscp_rootv1p1p2",
                                          "http://www.imsglobal.org/xsd/imscp_v1p1")
    assert lines(package(tmp_path, manifest)) == [
        f"{M}:6: root element <manifest> is in namespace 'http://www.imsglobal.org/xsd/imscp_v1p1'; a SCORM 1.2 "
        "manifest is <manifest xmlns='http://www.imsproject.org/xsd/imscp_rootv1p1p2'>"]


def test_malformed_manifest(tmp_path):
    zip_path = package(tmp_path, mutated_manifest(("</item>", "</itme>")))
    [problem] = validate_package(zip_path)
    assert (problem.path, problem.line) == (M, 17)
    assert problem.message.startswith("not well-formed XML: ")


# --------------------------------------------------------------------------- LMS import rules


def test_prefixed_imscp_elements(tmp_path):
    text = minimal_manifest()
    text = text.replace('xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"',
                        'xmlns:imscp="http://www.imsproject.org/xsd/imscp_rootv1p1p2"')
    for tag in ("manifest", "metadata", "schema", "schemaversion", "organizations", "organization", "title",
                "item", "resources", "resource", "file"):
        text = text.replace(f"<{tag}>", f"<imscp:{tag}>").replace(f"<{tag} ", f"<imscp:{tag} ")
        text = text.replace(f"</{tag}>", f"</imscp:{tag}>")
    assert "<manifest" not in text and "<imscp:file" in text
    assert lines(package(tmp_path, text)) == [
        f"{M}:6: IMS CP element <imscp:manifest> has a prefix (and 11 more); declare IMS CP as the default "
        "namespace and write <manifest>, <item>... unprefixed (Moodle cannot read prefixed manifests)"]


def test_adl_names_must_use_the_adlcp_prefix(tmp_path):
    text = minimal_manifest().replace("xmlns:adlcp=", "xmlns:adl=").replace("adlcp:", "adl:")
    assert lines(package(tmp_path, text)) == [
        f"{M}:16: ADL name <adl:masteryscore> uses a prefix other than 'adlcp' (and 1 more); bind the ADL "
        "namespace to the literal prefix 'adlcp' (LMSs such as Moodle look for 'adlcp:scormtype' by name)"]


def test_adlcp_prefix_bound_to_the_wrong_namespace(tmp_path):
    text = minimal_manifest().replace("adlcp_rootv1p2\"", "adlcp_rootv1p3\"")
    found = lines(package(tmp_path, text))
    assert f"{M}:6: prefix 'adlcp' is bound to 'http://www.adlnet.org/xsd/adlcp_rootv1p3'; SCORM 1.2 needs " \
           "'http://www.adlnet.org/xsd/adlcp_rootv1p2'" in found


@pytest.mark.parametrize(("title", "message"), [
    ("", "<item identifier='item-1'> has no <title>"),
    ("<title>  </title>", "<item identifier='item-1'> has an empty <title>"),
])
def test_item_title_required(tmp_path, title, message):
    zip_path = package(tmp_path, mutated_manifest(("<title>Introduction</title>", title)))
    assert lines(zip_path) == [f"{M}:14: {message}"]


def test_organization_title_required(tmp_path):
    zip_path = package(tmp_path, mutated_manifest(("<title>Minimal course</title>", "")))
    assert lines(zip_path) == [f"{M}:12: <organization identifier='org-1'> has no <title>"]


def test_hidden_leaf_item_is_a_warning(tmp_path):
    zip_path = package(tmp_path, mutated_manifest(('<item identifier="item-1"', '<item isvisible="false" identifier="item-1"')))
    [problem] = validate_package(zip_path)
    assert problem == Problem(M, 14, "<item identifier='item-1'> has isvisible=\"false\"; learners will not see it "
                                     "in the LMS menu", WARNING)
    assert str(problem).startswith(f"{M}:14: warning: ")


def test_hidden_item_with_children_is_an_error(tmp_path):
    manifest = mutated_manifest(
        ('      <item identifier="item-1" identifierref="res-1">',
         '      <item identifier="module" isvisible="false">\n        <title>Module</title>\n'
         '      <item identifier="item-1" identifierref="res-1">'),
        ("      </item>\n", "      </item>\n      </item>\n"),
    )
    line = manifest_line(manifest, 'identifier="module"')
    assert errors(package(tmp_path, manifest)) == [
        f"{M}:{line}: <item identifier='module'> has isvisible=\"false\" but contains items; its child items must "
        "be visible, so make the parent visible"]


def test_unlisted_files_are_warnings(tmp_path):
    zip_path = package(tmp_path, extra=[("media/logo.png", b"png"), ("adlcp_rootv1p2.xsd", b"<xsd/>")])
    # The root XSD is a SCORM 1.2 control document and needs no listing.
    assert validate_package(zip_path) == [Problem(
        Z, 0, "'media/logo.png' is in the zip but not listed in any <resource> (tools that copy a package by "
              "its manifest will drop it)", WARNING)]


# --------------------------------------------------------------------------- hostile XML


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
{entities}]>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" title="&lol9;">&lol9;</manifest>
""".format(entities="".join(
    f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)))

XXE = """<?xml version="1.0"?>

<!DOCTYPE manifest [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2">&secret;</manifest>
"""

DOCTYPE_MESSAGE = ("the manifest has a DOCTYPE; DTDs and entity declarations are not allowed "
                   "(they enable XXE and entity-expansion bombs)")


@pytest.mark.parametrize(("manifest", "line"), [(BILLION_LAUGHS, 2), (XXE, 3)])
def test_doctype_and_entities_are_refused(tmp_path, manifest, line):
    assert lines(package(tmp_path, manifest)) == [f"{M}:{line}: {DOCTYPE_MESSAGE}"]


# --------------------------------------------------------------------------- hostile zips


def test_not_a_zip(tmp_path):
    (tmp_path / "course.zip").write_text("<html>this is a web page saved as .zip</html>")
    assert lines(tmp_path / "course.zip") == [f"{Z}:0: not a zip file (File is not a zip file)"]


def test_missing_path_and_directory(tmp_path):
    (tmp_path / "folder").mkdir()
    assert lines("nope.zip") == ["nope.zip:0: no such file"]
    assert lines("folder") == ["folder:0: is a directory, not a zip file"]


@pytest.mark.parametrize(("name", "message"), [
    ("../evil.html", "entry '../evil.html' contains '..' (zip-slip: it would be written outside the package folder)"),
    ("/etc/cron.d/evil", "entry '/etc/cron.d/evil' has an absolute path; it would be written outside the package folder"),
    ("C:/Windows/evil.dll", "entry 'C:/Windows/evil.dll' has an absolute path; it would be written outside the package folder"),
    ("media\\logo.png", "entry 'media\\\\logo.png' contains a backslash; zip paths must use '/' (Linux servers unpack it "
                        "as one odd file name, Windows as a folder)"),
])
def test_unsafe_entry_names(tmp_path, name, message):
    # Each is reported once: not also as an unlisted file.
    assert lines(package(tmp_path, extra=[(name, b"x")])) == [f"{Z}:0: {message}"]


def test_symlink_entry(tmp_path):
    zip_path = package(tmp_path, extra=[(symlink_info("secrets.html"), b"/etc/passwd")])
    assert lines(zip_path) == [f"{Z}:0: entry 'secrets.html' is a symbolic link; unpacked on a server it can point anywhere"]


def test_encrypted_entry(tmp_path):
    zip_path = package(tmp_path)
    mark_encrypted(zip_path, "index.html")
    assert lines(zip_path) == [f"{Z}:0: entry 'index.html' is encrypted; an LMS cannot unpack it"]


def test_encrypted_manifest(tmp_path):
    zip_path = package(tmp_path)
    mark_encrypted(zip_path, "imsmanifest.xml")
    assert lines(zip_path) == [f"{Z}:0: entry 'imsmanifest.xml' is encrypted; an LMS cannot unpack it",
                               f"{Z}:0: imsmanifest.xml is encrypted"]


def test_duplicate_entry(tmp_path):
    zip_path = package(tmp_path, extra=[("index.html", b"<p>other</p>")])
    assert lines(zip_path) == [f"{Z}:0: entry 'index.html' appears more than once; which copy an LMS unpacks is undefined"]


def test_non_nfc_entry_name_is_a_warning(tmp_path):
    name = "cafe\u0301.html"  # "café" with a combining accent, as macOS writes it
    manifest = mutated_manifest(('<file href="index.html"/>', f'<file href="index.html"/><file href="{name}"/>'))
    [problem] = validate_package(package(tmp_path, manifest, extra=[(name, b"x")]))
    assert (problem.severity, problem.line) == (WARNING, 0)
    assert "is not NFC-normalised Unicode" in problem.message


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    """50 MB of zeros deflates to ~50 KB: a 1000:1 entry, built in well under a second."""
    folder = tmp_path_factory.mktemp("bomb")
    return package(folder, extra=[("media/video.mp4", bytes(50_000_000))])


def test_zip_bomb_entry(zip_bomb, tmp_path):
    found = lines(zip_bomb)
    assert len(found) == 1
    assert found[0].startswith(f"{zip_bomb.as_posix()}:0: entry 'media/video.mp4' expands ")
    assert found[0].endswith(":1 to 50000000 bytes (possible zip bomb)")


def _patch_declared_size(path: Path, name: str, size: int) -> None:
    """Make the central directory claim a larger uncompressed size (the data is unchanged)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.start_dir
    while data[offset:offset + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = (int.from_bytes(data[offset + i:offset + i + 2], "little") for i in (28, 30, 32))
        if data[offset + 46:offset + 46 + name_len].decode() == name:
            data[offset + 24:offset + 28] = size.to_bytes(4, "little")
        offset += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))


def test_total_uncompressed_size_limit(tmp_path):
    zip_path = package(tmp_path, extra=[("media/a.bin", b"a"), ("media/b.bin", b"b")])
    _patch_declared_size(zip_path, "media/a.bin", 1_500_000_000)
    _patch_declared_size(zip_path, "media/b.bin", 1_500_000_000)
    total = 3_000_000_000 + sum(len(data) for data in minimal_files().values())
    assert lines(zip_path)[-1] == (f"{Z}:0: the zip unpacks to {total} bytes, more than 2147483648 (2 GiB); "
                                   "possible zip bomb")


def test_corrupt_entry(tmp_path):
    files = minimal_files()
    zip_path = make_zip(tmp_path, files, compression=zipfile.ZIP_STORED)
    data = zip_path.read_bytes()
    start = data.index(b"<h1>Introduction</h1>")
    zip_path.write_bytes(data[:start] + b"<h1>Intrxduction</h1>" + data[start + 21:])  # a flipped byte in transit
    assert lines(zip_path) == [f"{Z}:0: entry 'index.html' is corrupt (Bad CRC-32 for file 'index.html')"]


def test_nothing_is_written_outside_tmp(tmp_path, monkeypatch):
    """Zip-slip and absolute entries are looked at, never unpacked: no file appears anywhere."""
    work = tmp_path / "work" / "deeper"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    canary = f"zipslip-canary-{uuid.uuid4().hex}.html"
    entries = [f"../{canary}", f"../../{canary}", f"../../../{canary}", f"/tmp/{canary}", f"C:/{canary}",
               f"..\\..\\{canary}"]
    zip_path = package(tmp_path, extra=[(name, b"<p>pwned</p>") for name in entries]
                       + [(symlink_info(f"link-{canary}"), b"/etc/passwd")])
    # /tmp itself is shared with other processes, so it is only checked for the canary below.
    watched = [work, work.parent, tmp_path, tmp_path.parent]
    before = {folder: sorted(os.listdir(folder)) for folder in watched}

    found = errors(zip_path)
    for name in entries + [f"link-{canary}"]:
        assert any(f"entry {name!r}" in line for line in found), name
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", str(zip_path)]).exit_code == 1
    assert runner.invoke(cli, ["inspect", str(zip_path)]).exit_code == 1  # it lists them, and says the package has problems

    assert {folder: sorted(os.listdir(folder)) for folder in watched} == before
    assert not any(Path(root).joinpath(canary).exists() for root in ["/", "/tmp", *watched])


# --------------------------------------------------------------------------- agreement with the shared validator


def _shared_validate():
    spec = importlib.util.spec_from_file_location("shared_scorm12_validate", SHARED_VALIDATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.validate


BROKEN = {
    "missing-file": dict(drop=["index.html"]),
    "dangling-ref": dict(manifest=mutated_manifest(('identifierref="res-1"', 'identifierref="nope"'))),
    "bad-mastery": dict(manifest=mutated_manifest((">80<", ">150<"))),
    "no-title": dict(manifest=mutated_manifest(("<title>Introduction</title>", ""))),
    "zip-slip": dict(extra=[("../evil.html", b"x")]),
    "doctype": dict(manifest=XXE),
}


def test_shared_validator_agrees_on_minimal(tmp_path):
    zip_path = package(tmp_path)
    assert _shared_validate()(zip_path) == []
    assert validate_package(zip_path) == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_shared_validator_agrees_on_broken(tmp_path, case):
    zip_path = package(tmp_path, **BROKEN[case])
    assert _shared_validate()(zip_path), "shared validator should find a problem"
    assert errors(zip_path), "scorm-builder validate should find an error"


# --------------------------------------------------------------------------- the CLI


def test_cli_clean_package_exits_0(tmp_path):
    package(tmp_path)
    result = CliRunner().invoke(validate_command, ["course.zip"])
    assert result.exit_code == 0
    assert result.output == "no problems in 1 package\n"


def test_cli_reports_problems_and_exits_1(tmp_path):
    package(tmp_path, mutated_manifest((">80<", ">150<")))
    result = CliRunner().invoke(validate_command, ["course.zip"])
    assert result.exit_code == 1
    assert result.output == (f"{M}:16: adlcp:masteryscore 150 is outside 0..100\n"
                             "1 error, 0 warnings in 1 package\n")


def test_cli_warnings_fail_only_with_strict(tmp_path):
    package(tmp_path, extra=[("notes.txt", b"x")])
    runner = CliRunner()
    relaxed = runner.invoke(validate_command, ["course.zip"])
    assert relaxed.exit_code == 0
    assert relaxed.output.splitlines()[-1] == "0 errors, 1 warning in 1 package"
    assert relaxed.output.splitlines()[0].startswith(f"{Z}:0: warning: 'notes.txt' is in the zip")
    assert runner.invoke(validate_command, ["--strict", "course.zip"]).exit_code == 1


def test_cli_json(tmp_path):
    package(tmp_path, name="good.zip")
    package(tmp_path, drop=["index.html"], name="bad.zip")
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "good.zip", "bad.zip"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["ok"] is False
    good, bad = document["packages"]
    assert good == {"path": "good.zip", "ok": True, "errors": 0, "warnings": 0, "problems": []}
    assert bad["path"] == "bad.zip" and bad["ok"] is False and bad["errors"] == 2
    assert bad["problems"][0] == {"path": "bad.zip!imsmanifest.xml", "line": 21, "severity": "error",
                                  "message": "<resource identifier='res-1'> href 'index.html' not found in the zip"}


def test_cli_not_a_zip_is_one_line_not_a_traceback(tmp_path):
    (tmp_path / "course.zip").write_bytes(b"PK\x03\x04 truncated download")
    result = CliRunner().invoke(validate_command, ["course.zip"])
    assert result.exit_code == 1
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert result.output.splitlines()[0].startswith(f"{Z}:0: not a zip file")


def test_cli_help_has_examples():
    result = CliRunner().invoke(cli, ["validate", "--help"])
    assert result.exit_code == 0
    assert "scorm-builder validate dist/course.zip" in result.output


# --- issue 12: names and records that read differently elsewhere; real importers' rules ---------

def test_a_nul_in_an_entry_name_is_an_error(tmp_path):
    path = package(tmp_path, extra=[("evilX.html", b"<p>x</p>")])
    path.write_bytes(path.read_bytes().replace(b"evilX.html", b"evil\x00.html"))  # zipfile cannot write one
    assert f"{Z}:0: entry 'evil\\x00.html' has a NUL character in its name; some tools read it as 'evil', " \
           "others as a different file" in lines(path)


def test_an_end_record_that_lies_about_the_entry_count_is_an_error(tmp_path):
    path = package(tmp_path)
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    data[end + 8:end + 12] = b"\xff\xff\xff\xff"  # 65,535 entries on this disk and in all
    path.write_bytes(bytes(data))
    assert f"{Z}:0: the zip's end record claims 65535 entries but its central directory holds 2; unzip tools that " \
           "trust the count read a different package: make the zip again" in errors(path)


def test_moodle_file_name_cleaning_is_a_warning_naming_moodle(tmp_path):
    manifest = mutated_manifest(('<file href="index.html"/>', '<file href="index.html"/><file href="q&amp;a.html"/>'))
    path = package(tmp_path, manifest, extra=[("q&a.html", b"<p>x</p>")])
    assert lines(path) == [f"{Z}:0: warning: Moodle stores 'q&a.html' as 'qa.html' (it drops control characters and "
                           "& < > \" ` | ' : from file names), so links to it break there: rename it"]


def test_a_numeric_character_reference_in_the_manifest_is_a_warning_naming_moodle(tmp_path):
    manifest = mutated_manifest(("<title>Introduction</title>", "<title>Learners&#8217; guide</title>"))
    line = manifest_line(manifest, "&#8217;")
    assert lines(package(tmp_path, manifest)) == [
        f"{M}:{line}: warning: Moodle shows the character reference '&#8217;' as typed (it escapes every & that does "
        "not start a named entity): write the character itself, in UTF-8"]


def test_open_edx_launching_another_resource_is_a_warning_naming_open_edx(tmp_path):
    manifest = mutated_manifest(("<resources>", '<resources>\n    <resource identifier="res-0" type="webcontent" '
                                                'adlcp:scormtype="asset" href="help.html"><file href="help.html"/></resource>'))
    line = manifest_line(manifest, 'identifier="res-0"')
    assert lines(package(tmp_path, manifest, extra=[("help.html", b"<p>help</p>")])) == [
        f"{M}:{line}: warning: Open edX launches 'help.html', the first <resource> with an href, not the first item's "
        "'index.html': put the launch resource first"]


def test_open_edx_menu_items_need_isvisible_true_written_out(tmp_path):
    manifest = mutated_manifest(('<item identifier="item-1" identifierref="res-1">',
                                 '<item identifier="item-0" identifierref="res-1" isvisible="true"><title>Start</title></item>\n'
                                 '      <item identifier="item-1" identifierref="res-1">'))
    line = manifest_line(manifest, 'identifier="item-1"')
    assert lines(package(tmp_path, manifest)) == [
        f"{M}:{line}: warning: <item identifier='item-1'> has no isvisible=\"true\": Open edX's menu shows only items "
        "that say isvisible=\"true\", at every level"]


def test_our_own_packages_pass_the_importer_rules(tmp_path):
    from builder.build import build_course
    from course_helpers import FIXTURE_COURSES, SOCIAL_VALUE

    for course in (SOCIAL_VALUE, FIXTURE_COURSES / "features"):
        result = build_course(course, tmp_path / "dist")
        assert validate_package(result.zip_path) == [], course
