"""The whole pipeline: a course folder becomes one zip in the out folder, or nothing at all."""
from __future__ import annotations

import pytest

from builder.build import SCHEMA_FILES, Variant, build_course, package_name
from builder.loader import load_course
from builder.problems import BuildError
from course_helpers import BROKEN_COURSES, FIXTURE_COURSES, snapshot, zip_names, zip_text


@pytest.fixture(scope="module")
def features(tmp_path_factory):
    return build_course(FIXTURE_COURSES / "features", tmp_path_factory.mktemp("dist"))


def test_the_zip_is_named_after_the_course_id_and_version(features):
    assert features.zip_path.name == "features-2.1.0-scorm12.zip"
    assert features.zip_path.is_file()


def test_the_result_reports_size_and_pages(features):
    assert features.size == features.zip_path.stat().st_size
    assert features.pages == 3
    assert features.summary() == f"{features.zip_path}  {features.size / 1024:.1f} KB  3 pages"


def test_the_package_holds_manifest_launch_page_schemas_runtime_and_assets(features):
    names = zip_names(features.zip_path)
    assert {"imsmanifest.xml", "index.html", "images/six.svg", "images/policy.txt"} <= set(names)
    assert set(SCHEMA_FILES) <= set(names)  # the XSDs sit at the root, beside the manifest
    assert any(name.startswith("runtime/") for name in names)


def test_every_file_in_the_zip_is_listed_in_the_manifest(features):
    manifest = zip_text(features.zip_path, "imsmanifest.xml")
    for name in zip_names(features.zip_path):
        if name != "imsmanifest.xml":
            assert f'<file href="{name}"/>' in manifest


def test_the_launch_page_holds_every_page(features):
    index = zip_text(features.zip_path, "index.html")
    for page_id in ("introduction", "objectives", "summary"):
        assert f'id="p-{page_id}"' in index


def test_a_variant_changes_the_zip_name():
    course = load_course(FIXTURE_COURSES / "minimal")
    assert package_name(course) == "minimal-1.0.0-scorm12.zip"
    assert package_name(course, Variant(name_suffix="wigan")) == "minimal-wigan-1.0.0-scorm12.zip"


def test_a_broken_course_writes_nothing_and_does_not_even_create_the_out_folder(tmp_path):
    out = tmp_path / "dist"
    with pytest.raises(BuildError) as error:
        build_course(BROKEN_COURSES / "several-mistakes", out)
    assert len(error.value.problems) == 7
    assert not out.exists()


def test_a_broken_course_leaves_an_existing_out_folder_untouched(tmp_path):
    out = tmp_path / "dist"
    build_course(FIXTURE_COURSES / "minimal", out)
    before = snapshot(out)
    with pytest.raises(BuildError):
        build_course(BROKEN_COURSES / "missing-image", out)
    assert snapshot(out) == before
