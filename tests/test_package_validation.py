"""Every package we build passes the shared SCORM 1.2 validator: XSD, CAM rules and zip rules.

The validator lives outside the product, in ../shared/scorm12-schemas/validate.py
(the same layout on CI), so it checks our output independently of our own code.
"""
from __future__ import annotations

import zipfile

import pytest

from builder.build import build_course
from course_helpers import FIXTURE_COURSES, SOCIAL_VALUE, shared_validator

COURSES = {
    "minimal": FIXTURE_COURSES / "minimal",
    "features": FIXTURE_COURSES / "features",
    "social-value": SOCIAL_VALUE,
}


@pytest.mark.parametrize("name", sorted(COURSES))
def test_built_package_is_valid_scorm_1_2(name, tmp_path):
    result = build_course(COURSES[name], tmp_path)
    assert shared_validator().validate(result.zip_path) == []


def test_the_validator_is_not_a_rubber_stamp(tmp_path):
    """A package with a file missing must fail, or the test above proves nothing."""
    result = build_course(COURSES["minimal"], tmp_path)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(result.zip_path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            if info.filename != "index.html":
                target.writestr(info, source.read(info))
    problems = shared_validator().validate(broken)
    assert any("index.html" in problem for problem in problems)
