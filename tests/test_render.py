"""Course model -> package files: index.html, the runtime and the course's own assets."""
from __future__ import annotations

import json
from urllib.parse import unquote

import lxml.html
import pytest

from builder.loader import load_course
from builder.render import render_course
from course_helpers import FIXTURE_COURSES, page, write_course


@pytest.fixture(scope="module")
def features():
    course = load_course(FIXTURE_COURSES / "features")
    return course, render_course(course)


def index_of(files: dict[str, bytes]):
    return lxml.html.document_fromstring(files["index.html"])


def test_the_package_holds_index_the_runtime_and_the_assets(features):
    course, files = features
    assert "index.html" in files
    assert any(name.startswith("runtime/") and name.endswith(".js") for name in files)
    assert any(name.startswith("runtime/") and name.endswith(".css") for name in files)
    assert files["images/six.svg"] == (FIXTURE_COURSES / "features" / "images" / "six.svg").read_bytes()
    assert files["images/policy.txt"] == (FIXTURE_COURSES / "features" / "images" / "policy.txt").read_bytes()


def test_index_has_the_course_language_and_title(features):
    course, files = features
    html = index_of(files)
    assert html.get("lang") == "en-GB"
    assert html.findtext(".//title") == "Every Markdown feature"


def test_each_page_is_a_section_in_order_with_its_title_as_the_only_h1(features):
    course, files = features
    sections = index_of(files).xpath("//main//section[@data-page]")
    assert [s.get("id") for s in sections] == ["p-introduction", "p-objectives", "p-summary"]
    assert [[h.text_content() for h in s.iter("h1")] for s in sections] == [["Introduction"], ["The objectives"], ["Summary"]]


def test_the_contents_list_links_to_every_page(features):
    course, files = features
    links = index_of(files).xpath("//nav[@id='sb-contents']//a")
    assert [(a.get("href"), a.text_content()) for a in links] == [
        ("#p-introduction", "Introduction"), ("#p-objectives", "The objectives"), ("#p-summary", "Summary")]


def test_page_content_is_included(features):
    course, files = features
    html = index_of(files)
    assert html.get_element_by_id("p-objectives--the-six-objectives").text_content() == "The six objectives"
    assert html.xpath("//div[contains(@class, 'admonition')]/p[@class='admonition-title']/text()") == ["Remember"]


def test_every_local_link_and_source_resolves_inside_the_package(features):
    course, files = features
    html = index_of(files)
    ids = set(html.xpath("//@id"))
    for element, attribute, link, _ in html.iterlinks():
        if link.startswith(("mailto:", "tel:")):
            continue
        if link.startswith("#"):
            assert link[1:] in ids, f"{element.tag} {attribute}={link} points at no element"
        else:
            assert unquote(link) in files, f"{element.tag} {attribute}={link} is not in the package"


def test_author_text_is_escaped_not_interpreted_as_html(tmp_path):
    write_course(tmp_path / "escape", {"01-a.md": page('"Fish & <chips>"', "Text.")},
                 course_yml="id: escape\ntitle: 'Tom & Jerry </script><script>alert(1)</script>'\nversion: 1.0.0\n")
    files = render_course(load_course(tmp_path / "escape"))
    html = index_of(files)
    assert html.findtext(".//title") == "Tom & Jerry </script><script>alert(1)</script>"
    assert all(s.get("src") or s.get("id") == "sb-data" for s in html.iter("script"))  # no injected script
    assert html.xpath("//section//h1")[0].text_content() == "Fish & <chips>"


def test_the_course_data_for_the_runtime_is_valid_json(tmp_path):
    write_course(tmp_path / "data", {"01-a.md": page("A </script> page", "Text."), "02-b.md": page("B", "Text.")})
    files = render_course(load_course(tmp_path / "data"))
    script = index_of(files).get_element_by_id("sb-data")
    data = json.loads(script.text)
    assert data["course"]["id"] == "data"
    assert [p["title"] for p in data["pages"]] == ["A </script> page", "B"]
    assert "</script>" not in script.text  # cannot close the element early


def test_rendering_twice_gives_the_same_bytes(features):
    course, files = features
    assert render_course(load_course(FIXTURE_COURSES / "features")) == files


def test_compiled_templates_are_cached_and_a_bad_cache_is_passed_over(tmp_path, monkeypatch):
    """Jinja's bytecode cache (in the user's cache folder) gives the same pages; a damaged or
    unwritable cache only costs the compile."""
    from jinja2 import Environment, FileSystemLoader

    from builder.render import AUTOESCAPED, TEMPLATE_OPTIONS, _template_cache, select_autoescape
    from builder.templates_dir import templates_dir

    def render(cache_home):
        monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
        env = Environment(loader=FileSystemLoader(str(templates_dir())), autoescape=select_autoescape(list(AUTOESCAPED)),
                          bytecode_cache=_template_cache(), **TEMPLATE_OPTIONS)
        return env.get_template("glossary.html.j2").render(page={"element_id": "p-glossary"}, terms=[])

    expected = render(tmp_path / "first")
    cached = list((tmp_path / "first" / "scorm-builder" / "templates").iterdir())
    assert cached
    assert render(tmp_path / "first") == expected  # read from the cache
    for path in cached:
        path.write_bytes(b"damaged")
    assert render(tmp_path / "first") == expected
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert render(blocker) == expected  # nowhere to write: compiled, not cached
