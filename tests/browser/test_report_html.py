"""The HTML item-analysis report (scorm-builder report --format html) in Chromium: axe finds nothing,
nothing is fetched, it fits a 320 px screen, and every chart shows what the table beside it says."""
from __future__ import annotations

import pytest

from browser_harness import axe_violations
from report_helpers import COURSE, GRADEBOOK, INTERACTIONS, run
from test_report_generic import write_export

WIDTHS = [1280, 320]


@pytest.fixture(scope="module", params=["moodle", "generic"])
def report_html(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    exports = [INTERACTIONS, GRADEBOOK] if request.param == "moodle" else [write_export(folder / "results.csv")]
    out = folder / "report.html"
    result = run("report", *exports, "--course", COURSE, "--format", "html", "--out", out)
    assert result.exit_code == 0, result.output
    return out


def open_report(context, path, width):
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path.as_uri())
    return page, requested


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing_and_nothing_is_fetched(context, report_html, width):
    page, requested = open_report(context, report_html, width)
    assert axe_violations(page.main_frame) == []
    assert requested == [report_html.as_uri()]
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling of the page


def test_every_chart_shows_what_its_table_says(context, report_html):
    page, _ = open_report(context, report_html, 1280)
    charts = page.evaluate("""() => [...document.querySelectorAll('svg[data-chart]')].map(svg => {
        const table = document.querySelector('table[data-chart="' + svg.dataset.chart + '"]');
        const rows = [...table.tBodies[0].rows].map(row => [row.cells[0].textContent.trim(), row.querySelector('[data-chart-value]').textContent.trim()]);
        const track = svg.querySelector('.chart-track').getBoundingClientRect().width;
        const bars = [...svg.querySelectorAll('.chart-bar')].map(bar => ({
            label: bar.dataset.label, shown: bar.previousElementSibling.previousElementSibling.textContent,
            share: bar.getBoundingClientRect().width / track}));
        return {id: svg.dataset.chart, scale: parseFloat(svg.dataset.scale), rows, bars};
    })""")
    assert len(charts) >= 5
    for chart in charts:
        assert len(chart["bars"]) == len(chart["rows"]), chart["id"]
        for bar, (label, value) in zip(chart["bars"], chart["rows"]):
            number = float(value.rstrip("%")) / 100 if value.endswith("%") else float(value)
            assert bar["share"] == pytest.approx(number / chart["scale"], abs=0.01), (chart["id"], label)
            assert label.startswith(bar["label"].rstrip("…")), (chart["id"], label)
            assert f": {value}" in bar["shown"], (chart["id"], label)


def test_each_question_links_to_its_details(context, report_html):
    page, _ = open_report(context, report_html, 1280)
    links = page.locator("table[data-chart^=facility] tbody th a")
    assert links.count() >= 5
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")
        assert page.locator(target).count() == 1
