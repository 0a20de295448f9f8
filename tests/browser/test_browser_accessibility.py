"""axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page of every fixture course, as shown in an LMS."""
from __future__ import annotations

import pytest

from browser_harness import COURSE_SOURCES, axe_violations

COURSES = [p.name for p in COURSE_SOURCES]


PARTS = 2  # each course's pages split in two, so pytest-xdist can share the work


@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("course", COURSES)
def test_axe_finds_no_violations_on_any_page(lms, course, part):
    lms.launch(course)
    total = lms.eval("ScormBuilder.nav.sections.length")
    problems = {}
    for index in range(part, total, PARTS):
        lms.eval("i => ScormBuilder.nav.show(i, {source: 'user', focus: true})", index)
        violations = lms.axe()
        if violations:
            problems[lms.current_title()] = violations
    assert problems == {}


def test_axe_with_the_no_lms_banner_and_the_focus_on_a_heading(lms, server):
    page = lms.page
    page.goto(f"{server}/courses/three-pages/index.html")  # no LMS: the banner shows at once
    page.wait_for_function("window.ScormBuilder && window.ScormBuilder.ready")
    page.locator("#sb-next").click()
    assert page.locator("#sb-banner").is_visible()
    assert axe_violations(page.main_frame) == []
