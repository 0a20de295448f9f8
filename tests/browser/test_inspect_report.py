"""The HTML report of `scorm-builder inspect --format html` in Chromium: axe-core finds nothing, and the
page loads nothing from anywhere (every request a browser makes is recorded)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from browser_harness import ROOT, axe_violations
from builder.build import build_course
from builder.cli import cli
from scorm_zips import mutated_manifest, package

NESTED = mutated_manifest(("<title>Introduction</title>", "<title>Introduction &amp; aims</title>"))
PAGE = b'<html><head><script src="https://cdn.example.com/lib.js"></script></head><body></body></html>'


def built_report(tmp_path):
    return build_course(ROOT / "courses" / "social-value", tmp_path / "out").zip_path


def vendor_report(tmp_path):
    return package(tmp_path, NESTED, extra=[("extra.html", PAGE)])


def broken_report(tmp_path):
    return package(tmp_path, drop=["imsmanifest.xml"])


@pytest.mark.parametrize("make, exit_code", [(built_report, 0), (vendor_report, 0), (broken_report, 1)],
                         ids=["social-value", "vendor-with-problems", "no-manifest"])
def test_report_passes_axe_and_fetches_nothing(context, tmp_path, monkeypatch, make, exit_code):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["inspect", "--format", "html", str(make(tmp_path))])
    assert result.exit_code == exit_code, result.output  # 1: validate finds errors (the vendor sample has warnings only); the report is printed all the same
    report = tmp_path / "report.html"
    report.write_text(result.output, encoding="utf-8")
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri())
    assert requests == [report.as_uri()]  # no stylesheet, font, image or script from elsewhere
    assert axe_violations(page.main_frame) == []
    for width in (1000, 320):  # no sideways scrolling on a phone
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
    page.close()
