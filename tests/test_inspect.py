"""`scorm-builder inspect`: what a user learns about a zip before uploading it."""
from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from builder.cli import cli
from builder.cli.inspect import inspect_command
from builder.inspect import InspectError, format_report, inspect_package
from scorm_zips import make_zip, minimal_files, mutated_manifest, package, symlink_info

NESTED = mutated_manifest(('''      <item identifier="item-1" identifierref="res-1">
        <title>Introduction</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>''', '''      <item identifier="module-1">
        <title>Module 1</title>
        <item identifier="item-1" identifierref="res-1">
          <title>Introduction</title>
          <adlcp:masteryscore>80</adlcp:masteryscore>
        </item>
        <item identifier="item-2" identifierref="res-2" isvisible="false">
          <title>Glossary</title>
        </item>
      </item>'''), ('''  </resources>''', '''    <resource identifier="res-2" type="webcontent" adlcp:scormtype="asset" href="glossary.html">
      <file href="glossary.html"/>
    </resource>
  </resources>'''))

PAGE = b"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<script src="https://cdn.example.com/lib.js"></script>
<link href="//fonts.googleapis.com/css?family=Roboto" rel="stylesheet">
</head>
<body><a href="http://example.org/more">More</a> <a href="page2.html">next</a></body>
</html>
"""
SCRIPT = b"""// a comment, //not-a.url
var cdn = '//cdn.jsdelivr.net/npm/x.js'; //console.log(cdn)
fetch("https://api.example.com/v1/track?x=1");
"""
STYLE = b"""body { background: url(//img.example.net/bg.png); }
@import url("https://fonts.example.com/a.css");
"""


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_minimal_package_text(tmp_path):
    zip_path = package(tmp_path)
    sizes = {name: len(data) for name, data in minimal_files().items()}
    with zipfile.ZipFile(zip_path) as archive:
        compressed = sum(i.compress_size for i in archive.infolist())
    report = inspect_package(zip_path)
    assert report.file_count == 2
    assert report.uncompressed_size == sum(sizes.values())
    assert report.compressed_size == compressed
    assert [(f.name, f.size) for f in report.largest_files] == sorted(sizes.items(), key=lambda kv: -kv[1])
    text = format_report(report)
    assert text.splitlines()[:7] == [
        "course.zip",
        "Organizations:",
        "  Minimal course",
        "    Introduction  [sco: index.html, mastery 80]",
        "SCOs: 1",
        "  res-1: index.html  (Introduction)",
        "Mastery score: 80",
    ]
    assert text.splitlines()[-1] == "External URLs: 0"


def test_organization_tree_is_indented_with_launch_files(tmp_path):
    zip_path = package(tmp_path, NESTED, extra=[("glossary.html", b"<p>terms</p>")])
    text = format_report(inspect_package(zip_path))
    assert "\n".join(text.splitlines()[1:8]) == "\n".join([
        "Organizations:",
        "  Minimal course",
        "    Module 1",
        "      Introduction  [sco: index.html, mastery 80]",
        "      Glossary  [asset: glossary.html, hidden]",
        "SCOs: 1",
        "  res-1: index.html  (Introduction)",
    ])


def test_launch_file_includes_xml_base(tmp_path):
    manifest = mutated_manifest(("<resources>", '<resources xml:base="content/">'))
    report = inspect_package(package(tmp_path, manifest, drop=["index.html"],
                                     extra=[("content/index.html", b"<p>hi</p>")]))
    assert report.scos[0].launch == "content/index.html"


def test_external_urls_with_file_and_line(tmp_path):
    zip_path = package(tmp_path, extra=[("page.html", PAGE), ("js/app.js", SCRIPT), ("css/site.css", STYLE),
                                        ("media/photo.jpg", b"http://not.scanned.example.com")])
    urls = [(u.file, u.line, u.url) for u in inspect_package(zip_path).external_urls]
    # Not reported: the XHTML namespace, JS comments, the relative link, and binary files.
    assert urls == [
        ("page.html", 4, "https://cdn.example.com/lib.js"),
        ("page.html", 5, "//fonts.googleapis.com/css?family=Roboto"),
        ("page.html", 7, "http://example.org/more"),
        ("js/app.js", 2, "//cdn.jsdelivr.net/npm/x.js"),
        ("js/app.js", 3, "https://api.example.com/v1/track?x=1"),
        ("css/site.css", 1, "//img.example.net/bg.png"),
        ("css/site.css", 2, "https://fonts.example.com/a.css"),
    ]
    text = format_report(inspect_package(zip_path))
    assert "External URLs: 7\n  page.html:4: https://cdn.example.com/lib.js\n" in text


def test_largest_files_are_listed_biggest_first(tmp_path):
    zip_path = package(tmp_path, extra=[("media/video.mp4", bytes(300_000)), ("media/audio.mp3", bytes(200_000))])
    report = inspect_package(zip_path)
    assert [f.name for f in report.largest_files[:2]] == ["media/video.mp4", "media/audio.mp3"]
    assert "Largest files:\n    293.0 KB  media/video.mp4\n    195.3 KB  media/audio.mp3\n" in format_report(report)
    assert "Files: 4, " in format_report(report)


def test_json_via_cli(tmp_path):
    package(tmp_path, NESTED, extra=[("glossary.html", b"<p>see https://example.org</p>")])
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", "course.zip"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["path"] == "course.zip"
    assert data["file_count"] == 3
    assert data["mastery_scores"] == ["80"]
    assert data["scos"] == [{"identifier": "res-1", "launch": "index.html", "titles": ["Introduction"],
                             "masteryscores": ["80"]}]
    [org] = data["organizations"]
    assert org["title"] == "Minimal course"
    [module] = org["items"]
    assert [c["title"] for c in module["children"]] == ["Introduction", "Glossary"]
    assert module["children"][1]["visible"] is False
    assert data["external_urls"] == [{"file": "glossary.html", "line": 1, "url": "https://example.org"}]
    assert set(data) >= {"compressed_size", "uncompressed_size", "largest_files", "manifest_error"}


def test_text_via_cli(tmp_path):
    package(tmp_path)
    result = CliRunner().invoke(inspect_command, ["course.zip"])
    assert result.exit_code == 0
    assert result.output.startswith("course.zip\nOrganizations:\n  Minimal course\n")


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04\x14\x00 truncated"])
def test_broken_zip_is_one_line_error(tmp_path, content):
    (tmp_path / "course.zip").write_bytes(content)
    with pytest.raises(InspectError):
        inspect_package("course.zip")
    result = CliRunner().invoke(inspect_command, ["course.zip"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # not a traceback
    assert result.output.strip().count("\n") == 0
    assert result.output.strip().startswith("error: course.zip: not a zip file")


def test_missing_path_is_one_line_error(tmp_path):
    result = CliRunner().invoke(inspect_command, ["nope.zip"])
    assert result.exit_code == 1
    assert result.output == "error: nope.zip: no such file\n"


def test_zip_without_manifest_still_lists_files(tmp_path):
    zip_path = make_zip(tmp_path, {"course/imsmanifest.xml": minimal_files()["imsmanifest.xml"],
                                   "course/index.html": b"<script src='https://cdn.example.com/a.js'></script>"})
    report = inspect_package(zip_path)
    assert report.manifest_error == "no imsmanifest.xml at the root of the zip"
    assert report.file_count == 2
    assert [(u.file, u.url) for u in report.external_urls] == [("course/index.html", "https://cdn.example.com/a.js")]
    assert format_report(report).splitlines()[1] == "  manifest: no imsmanifest.xml at the root of the zip"


def test_hostile_manifest_is_not_expanded(tmp_path):
    manifest = ('<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                '<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2">&x;</manifest>\n')
    report = inspect_package(package(tmp_path, manifest))
    assert report.manifest_error.startswith("imsmanifest.xml:2: the manifest has a DOCTYPE")
    assert report.organizations == [] and report.scos == []
    assert "root:x:0" not in json.dumps(report.as_dict())  # /etc/passwd was never read in


def test_hostile_entries_are_listed_not_followed(tmp_path):
    """A bomb-sized page is skipped by the URL scan (not loaded); a symlink is not read."""
    zip_path = package(tmp_path, extra=[("bomb.html", bytes(20_000_000)),
                                        (symlink_info("link.html"), b"/etc/passwd"),
                                        ("../escape.js", b"fetch('https://evil.example.com')")])
    report = inspect_package(zip_path)
    assert report.not_scanned == ["bomb.html: is 20000000 bytes, more than the 8388608 bytes allowed",
                                  "link.html: symbolic link"]
    assert [(u.file, u.url) for u in report.external_urls] == [("../escape.js", "https://evil.example.com")]
    assert not (tmp_path.parent / "escape.js").exists()
    assert report.largest_files[0].name == "bomb.html"


@pytest.mark.parametrize("manifest", [
    '<?xml version="1.0"?>\n<!DOCTYPE m>\n<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"/>\n',
    "<manifest",
])
def test_inspect_exits_1_when_the_manifest_cannot_be_read(tmp_path, manifest):
    package(tmp_path, manifest)
    result = CliRunner().invoke(inspect_command, ["course.zip"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "  manifest: imsmanifest.xml:" in result.output


def test_inspect_exits_1_on_an_encrypted_manifest(tmp_path):
    from scorm_zips import mark_encrypted

    mark_encrypted(package(tmp_path), "imsmanifest.xml")
    result = CliRunner().invoke(inspect_command, ["course.zip"])
    assert result.exit_code == 1
    assert "  manifest: imsmanifest.xml is encrypted" in result.output


def test_inspect_exits_1_when_validate_finds_an_error(tmp_path):
    """The report is still printed, with a pointer to the list; a script sees the failure."""
    package(tmp_path, drop=["index.html"])  # the launch file the manifest names is missing
    result = CliRunner().invoke(inspect_command, ["course.zip"])
    assert result.exit_code == 1
    assert "Organizations:\n  Minimal course\n" in result.output
    assert result.output.rstrip().endswith(
        "2 problems to fix before uploading: run 'scorm-builder validate course.zip' for the list.")


def test_inspect_exits_0_for_a_clean_package(tmp_path):
    package(tmp_path)
    result = CliRunner().invoke(inspect_command, ["course.zip"])
    assert result.exit_code == 0, result.output
    assert "to fix before uploading" not in result.output
