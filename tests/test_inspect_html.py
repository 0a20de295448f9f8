"""`scorm-builder inspect --format html`: the one-page report for an LMS administrator.

Its accessibility is checked with axe-core in Chromium in tests/browser/test_inspect_report.py.
"""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from lxml import html

from builder.build import build_course
from builder.cli import cli
from course_helpers import REPO
from scorm_zips import mutated_manifest, package

DIFF_COURSE = REPO / "tests" / "fixtures" / "diff" / "v1"
# Anything a browser would fetch: an attribute or CSS url() naming a scheme or a host.
FETCHED = re.compile(r"""(?:\b(?:href|src|action|srcset|poster|data)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//))"""
                     r"""|url\(\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//)|@import""", re.IGNORECASE)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def report(zip_path, exit_code: int = 0) -> str:
    """The HTML report; inspect exits 1 for a package with problems but still prints it."""
    result = CliRunner().invoke(cli, ["inspect", "--format", "html", str(zip_path)])
    assert result.exit_code == exit_code, result.output
    return result.output


def text_of(page: str) -> str:
    """The words a reader sees, with a space between elements (a <dt> and its <dd>)."""
    main = html.document_fromstring(page).find(".//main")
    return " ".join(" ".join(main.itertext()).split())


def test_built_course_report(tmp_path):
    zip_path = build_course(DIFF_COURSE, tmp_path / "out").zip_path
    page = report(zip_path)
    text = text_of(page)
    assert "Launch file index.html" in text
    assert "Mastery score 80" in text
    assert "Set the LMS's grade to pass to 80% (the package's mastery score)." in text
    assert 'set "Grade to pass" on the activity\'s grade item to 80' in text
    assert "scorm-builder validate found no problem" in text
    assert "External URLs none: nothing is fetched from the internet" in text
    document = html.document_fromstring(page)
    files = [row.findtext("td/code") for row in document.xpath("//table[caption[contains(., 'files')]]/tbody/tr")]
    assert files == sorted(files) and "imsmanifest.xml" in files and "index.html" in files
    assert len(files) == int(re.search(r"(\d+) files,", text).group(1))
    assert [li.text.strip() for li in document.xpath("//h2[.='Menu']/following-sibling::ul[1]/li")] == ["Updating a course"]
    assert "http" not in page.lower() and not FETCHED.search(page)


def test_report_of_a_package_with_problems_lists_them_and_links_nowhere(tmp_path):
    manifest = mutated_manifest(("<title>Introduction</title>", "<title>Intro &lt;script&gt;alert(1)&lt;/script&gt;</title>"),
                                ("<adlcp:masteryscore>80</adlcp:masteryscore>", ""))
    page_html = b'<html><head><script src="https://cdn.example.com/lib.js"></script></head><body></body></html>'
    zip_path = package(tmp_path, manifest, extra=[("extra.html", page_html)])
    page = report(zip_path)
    text = text_of(page)
    assert "Intro <script>alert(1)</script>" in text and "<script>alert" not in page  # escaped, never run
    assert "The package sets no mastery score" in text
    assert "extra.html:1 : https://cdn.example.com/lib.js" in text
    assert "Warning:" in text or "Error:" in text  # extra.html is not listed in the manifest
    assert not FETCHED.search(page)  # URLs found in the package are shown as text, never loaded


def test_unreadable_zip_is_a_message_not_a_page(tmp_path):
    (tmp_path / "bad.zip").write_bytes(b"nope")
    result = CliRunner().invoke(cli, ["inspect", "--format", "html", "bad.zip"])
    assert result.exit_code == 1
    assert result.output.startswith("error: bad.zip: not a zip file")


def test_a_package_that_must_not_be_uploaded_says_so_first(tmp_path):
    zip_path = package(tmp_path, drop=["imsmanifest.xml"])
    text = text_of(report(zip_path, exit_code=1))
    assert text.index("Do not upload this package yet: scorm-builder validate found 1 error") < text.index("Gradebook setting")
    assert "Gradebook setting Unknown: the manifest cannot be read." in text
