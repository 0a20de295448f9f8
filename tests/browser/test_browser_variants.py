"""Branded and LMS-profile builds behave in a real LMS (scorm-again) as the profiles promise."""
from __future__ import annotations

import pytest


def exits_written(lms) -> list[str]:
    return [value for name, value in lms.set_values() if name == "cmi.core.exit"]


def test_strict_profile_never_writes_an_empty_exit_but_still_resumes(lms):
    # allow_empty_exit: false — for LMSs reported to drop the saved place on exit "".
    lms.launch("three-pages@strict")
    assert lms.eval("ScormBuilder.data.lms.profile") == "strict"
    lms.next()
    kept = lms.close_course()
    assert exits_written(lms) == ["suspend"]  # only at finish, never during the session
    lms.relaunch(kept, course="three-pages@strict")
    assert lms.position() == "Page 2 of 3"
    lms.next()
    lms.close_course()
    assert "" not in exits_written(lms)
    assert lms.log()["kept"]["core"]["lesson_status"] == "completed"
    lms.assert_clean()


def test_default_profile_clears_exit_when_the_course_is_finished(lms):
    lms.launch("three-pages")
    lms.next()
    lms.next()
    lms.close_course()
    assert exits_written(lms)[-1] == ""  # RTE 3.4.2.1.7: a finished attempt does not suspend
    lms.assert_clean()


@pytest.mark.parametrize("authority", ["bolton", "cheshire-east"])
def test_council_build_shows_its_brand_and_passes_axe(lms, authority):
    lms.launch(f"three-pages+{authority}")
    header = lms.course.locator(".site-header")
    # No logo in the shipped profiles: the header names the council (text, so never a broken image).
    names = {"bolton": "Bolton Council", "cheshire-east": "Cheshire East Council"}
    assert header.locator(".brand-name").inner_text().lower() == names[authority].lower()
    assert header.locator("img").count() == 0
    footer = lms.course.locator(".site-footer").inner_text()
    assert "Contact Learning and Development" in footer
    for index in range(lms.eval("ScormBuilder.nav.sections.length")):
        lms.eval("i => ScormBuilder.nav.show(i, {source: 'user', focus: true})", index)
        assert lms.axe() == [], lms.current_title()
    lms.assert_clean()
