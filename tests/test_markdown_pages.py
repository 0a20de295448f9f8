"""Markdown -> HTML for course pages: extensions, id prefixes, links, and what is refused."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.markdown_pages import MarkdownPages

PAGE_FILES = {"01-intro.md": "intro", "02-rules.md": "rules"}


def convert(text: str, root: Path, element_id: str = "p-intro", body_line: int = 4):
    return MarkdownPages(root, PAGE_FILES).convert(text, element_id, body_line, lambda block: None)


def messages(result) -> list[str]:
    return [message for _, message in result.problems]


# --- the Markdown features authors are promised ----------------------------

def test_tables_get_column_headers_a_screen_reader_can_announce(tmp_path):
    result = convert("| Objective | Page |\n| --- | ---: |\n| Jobs | 6 |\n", tmp_path)
    assert '<th scope="col">Objective</th>' in result.html
    assert '<td style="text-align: right;">6</td>' in result.html  # column alignment survives
    assert result.problems == []


def test_attribute_lists_set_classes_and_ids(tmp_path):
    result = convert("## Key points {: #key .highlight }\n\nText.\n{: .lead }\n", tmp_path)
    assert '<h2 class="highlight" id="p-intro--key">Key points</h2>' in result.html
    assert '<p class="lead">Text.</p>' in result.html
    assert "key" in result.anchors


def test_a_call_out_whose_text_is_not_indented_by_four_is_a_mistake(tmp_path):
    # It showed as an empty box with its text below it, outside, and no word to the author.
    text = ('!!! note "Remember"\n  Two spaces.\n\n!!! tip\n\nNot indented.\n\n'
            '!!! warning "Fine"\n\n    After a blank line.\n\n!!! example\n\tA tab.\n\n```\n!!! note\n```\n')
    result = convert(text, tmp_path, body_line=4)
    assert result.problems == [
        (5, "this line is indented by 2 spaces, so it is not inside the call-out above: indent it by four"),
        (7, "this call-out has no text: write it on the lines below, each indented by four spaces"),
    ]


def test_a_footnote_mark_without_a_note_or_a_note_without_a_mark_is_a_mistake(tmp_path):
    # The first showed learners '[^later]' as it is; the second was reported as a broken '#fnref:' link.
    text = "Adopted.[^adopted] Later.[^later] `[^code]`\n\n[^adopted]: By the GMCA.\n[^spare]: Never used.\n"
    result = convert(text, tmp_path, body_line=4)
    assert result.problems == [
        (4, "footnote '[^later]' has no note: add a line '[^later]: ...' below the text"),
        (7, "the note '[^spare]' is never used: put [^spare] in the text where it belongs, or remove the note"),
    ]


def test_footnotes_link_both_ways_inside_the_page(tmp_path):
    result = convert("Adopted.[^a] Again.[^a]\n\n[^a]: By the GMCA.\n", tmp_path)
    assert result.problems == [] and [link.anchor for link in result.pending_links] == ["fn:a", "fn:a"]
    assert '<a class="footnote-backref" href="#p-intro--fnref2:a"' in result.html
    assert {"fn:a", "fnref:a", "fnref2:a"} <= result.anchors


def test_call_outs_become_notes_with_their_title(tmp_path):
    result = convert('!!! note "Remember"\n    Social value is about people.\n', tmp_path)
    assert '<div class="admonition note" role="note">' in result.html
    assert '<p class="admonition-title">Remember</p>' in result.html
    assert "<p>Social value is about people.</p>" in result.html


def test_definition_lists(tmp_path):
    result = convert("Procurement\n:   How the council buys things.\n", tmp_path)
    assert "<dl>\n<dt>Procurement</dt>\n<dd>How the council buys things.</dd>\n</dl>" in result.html


def test_footnotes_have_prefixed_ids_and_working_back_links(tmp_path):
    result = convert("Adopted in 2014.[^when]\n\n[^when]: By the GMCA.\n", tmp_path)
    assert 'id="p-intro--fnref:when"' in result.html
    assert 'href="#p-intro--fn:when"' in result.html
    assert 'id="p-intro--fn:when"' in result.html
    assert 'href="#p-intro--fnref:when"' in result.html


def test_table_of_contents_links_to_this_pages_headings(tmp_path):
    result = convert("[TOC]\n\n## First part\n\n## Second part\n", tmp_path)
    assert '<div class="toc">' in result.html
    assert '<a href="#p-intro--first-part">First part</a>' in result.html
    assert '<h2 id="p-intro--second-part">Second part</h2>' in result.html
    assert result.problems == []


def test_every_id_is_prefixed_so_two_pages_can_share_a_heading(tmp_path):
    converter = MarkdownPages(tmp_path, PAGE_FILES)
    first = converter.convert("## Summary\n", "p-intro", 4, lambda block: None)
    second = converter.convert("## Summary\n", "p-rules", 4, lambda block: None)
    assert 'id="p-intro--summary"' in first.html
    assert 'id="p-rules--summary"' in second.html
    assert first.anchors == second.anchors == {"summary"}


# --- links ---------------------------------------------------------------------

def test_links_to_other_pages_become_links_inside_the_package(tmp_path):
    result = convert("See [the rules](02-rules.md) and [rule one](02-rules.md#rule-one).\n", tmp_path)
    assert '<a href="#p-rules">the rules</a>' in result.html
    assert '<a href="#p-rules--rule-one">rule one</a>' in result.html
    # The anchor is checked later, once every page is converted.
    assert [(link.page_file, link.anchor) for link in result.pending_links] == [("02-rules.md", "rule-one")]


def test_links_within_the_page_are_prefixed_and_checked_later(tmp_path):
    result = convert("## Start\n\nBack to [the start](#start).\n", tmp_path)
    assert '<a href="#p-intro--start">the start</a>' in result.html
    assert [(link.page_file, link.anchor) for link in result.pending_links] == [("", "start")]


def test_a_link_to_a_missing_page_is_reported_on_its_line(tmp_path):
    result = convert("Text.\n\nSee [later](03-later.md).\n", tmp_path, body_line=4)
    assert result.problems == [(6, "broken link '03-later.md': there is no page file '03-later.md' in the course")]


@pytest.mark.parametrize("link, expected", [
    ("02-rules", "there is no file '02-rules' in the course; to link to a page, write its file name: '02-rules.md'"),
    ("02-rules.html", "there is no file '02-rules.html' in the course; to link to a page, write its file name: '02-rules.md'"),
    ("/02-rules.md", "the target must be inside the course folder: write it without the first '/', as '02-rules.md'"),
    ("/etc/hosts", "the target must be inside the course folder"),
])
def test_a_link_that_nearly_names_a_page_says_how_to_write_it(tmp_path, link, expected):
    result = convert(f"See [the rules]({link}).\n", tmp_path)
    assert messages(result) == [f"broken link '{link}': {expected}"]


def test_links_to_files_in_the_course_become_assets(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "policy summary.pdf").write_bytes(b"%PDF-1.4")
    result = convert("Read [the policy](docs/policy%20summary.pdf).\n", tmp_path)
    assert '<a href="docs/policy%20summary.pdf">the policy</a>' in result.html
    assert result.assets == {"docs/policy summary.pdf": tmp_path / "docs" / "policy summary.pdf"}


@pytest.mark.parametrize("url", [
    "https://www.gov.uk/social-value",
    "http://example.org",
    "//cdn.example.org/x.js",
    "javascript:alert(1)",
    "file:///etc/passwd",
])
def test_external_and_script_urls_are_refused(tmp_path, url):
    result = convert(f"See [this]({url}).\n", tmp_path)
    assert messages(result) == [f"external link '{url}': a package must work offline, so link only to pages and files in the course"]


@pytest.mark.parametrize("url", ["mailto:socialvalue@example.org", "tel:+441611234567"])
def test_email_and_phone_links_are_allowed(tmp_path, url):
    result = convert(f"Contact [the team]({url}).\n", tmp_path)
    assert f'<a href="{url}">the team</a>' in result.html
    assert result.problems == []


def test_an_email_address_in_angle_brackets_is_an_email_link(tmp_path):
    # Markdown hides these as character codes; the check read them as a file named 'amp'.
    result = convert("Write to <mailto:team@example.org> or <team@example.org>.\n", tmp_path)
    assert result.problems == []
    assert result.html.count('<a href="&#109;&#97;&#105;&#108;&#116;&#111;&#58;') == 2  # mailto:, as codes


def test_a_script_address_hidden_as_character_codes_is_still_refused(tmp_path):
    result = convert("[x](&#106;avascript:alert(1))\n", tmp_path)
    assert len(result.problems) == 1 and result.problems[0][1].startswith("broken link")


def test_links_may_not_leave_the_course_folder(tmp_path):
    result = convert("See [x](../other/notes.txt) and [y](/etc/hosts).\n", tmp_path)
    assert messages(result) == [
        "broken link '../other/notes.txt': the target must be inside the course folder",
        "broken link '/etc/hosts': the target must be inside the course folder",
    ]


# --- images ----------------------------------------------------------------------

def test_images_become_assets_with_their_alt_text(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "six objectives.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    result = convert("![Six boxes, one per objective](images/six%20objectives.svg)\n", tmp_path)
    assert '<img alt="Six boxes, one per objective" src="images/six%20objectives.svg">' in result.html
    assert list(result.assets) == ["images/six objectives.svg"]
    assert result.problems == []


def test_an_image_without_alt_text_is_refused(tmp_path):
    (tmp_path / "chart.png").write_bytes(b"png")
    result = convert("![](chart.png)\n", tmp_path)
    assert messages(result) == ["image 'chart.png' has no alt text: describe it inside the brackets, ![like this](chart.png)"]


def test_a_missing_image_is_refused(tmp_path):
    result = convert("Intro.\n\n![A chart](images/chart.png)\n", tmp_path, body_line=4)
    assert result.problems == [(6, "missing image 'images/chart.png': no file 'images/chart.png' in the course folder")]


def test_an_image_whose_name_differs_in_capitals_says_how_it_is_written(tmp_path):
    (tmp_path / "Images").mkdir()
    (tmp_path / "Images" / "Chart.PNG").write_bytes(b"png")
    result = convert("![A chart](images/chart.png)\n", tmp_path)
    assert messages(result) == ["missing image 'images/chart.png': no file 'images/chart.png' in the course folder; "
                                "it is 'Images/Chart.PNG': write the name with the same capitals"]


@pytest.mark.parametrize("name", ["photo.heic", "scan.tiff", "notes.docx"])
def test_a_file_a_browser_cannot_show_as_a_picture_is_refused_as_one(tmp_path, name):
    # A phone photo or a scan went into the package, and learners saw a broken picture.
    (tmp_path / name).write_bytes(b"not shown")
    result = convert(f"![A photo]({name})\n\n[The file]({name})\n", tmp_path)
    suffix = name.rsplit(".", 1)[1]
    assert messages(result) == [f"image '{name}': a browser cannot show a .{suffix} file as a picture: save it as PNG or "
                                "JPEG (or link to it as a file: [what it is](path), without the !)"]


@pytest.mark.parametrize("name", ["a.png", "b.JPG", "c.jpeg", "d.gif", "e.webp", "f.avif", "g.bmp"])
def test_pictures_browsers_show_are_accepted_in_any_capitals(tmp_path, name):
    (tmp_path / name).write_bytes(b"picture")
    assert convert(f"![A picture]({name})\n", tmp_path).problems == []


def test_an_external_image_is_refused(tmp_path):
    result = convert("![Logo](https://example.org/logo.png)\n", tmp_path)
    assert messages(result) == ["external image 'https://example.org/logo.png': a package must work offline; put the image in the course folder"]


def test_a_symbolic_link_out_of_the_course_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("not course material")
    root = tmp_path / "course"
    root.mkdir()
    os.symlink(outside, root / "picture.png")
    result = convert("![A picture](picture.png)\n", root)
    assert result.assets == {}
    assert messages(result) == ["missing image 'picture.png': 'picture.png' is a link to a file outside the course folder; copy the file in instead"]


# --- what is refused ---------------------------------------------------------------

def test_block_raw_html_is_refused_on_its_line(tmp_path):
    result = convert("Text.\n\n<div class=\"box\">Boxed</div>\n", tmp_path, body_line=4)
    assert result.problems == [(6, "raw HTML '<div class=\"box\">Boxed</div>' is not allowed: write it in Markdown "
                                   "(use call-outs and attribute lists for layout; see docs/authoring.md)")]


def test_inline_raw_html_is_reported_once_per_line(tmp_path):
    result = convert("Some <b>bold</b> and <i>italic</i> text.\n", tmp_path)
    assert len(result.problems) == 1
    assert "raw HTML '<b>'" in result.problems[0][1]


def test_comments_and_entities_are_not_raw_html(tmp_path):
    result = convert("<!-- a note for other authors -->\n\nFish &amp; chips &copy; 2024\n", tmp_path)
    assert result.problems == []
    assert "a note for other authors" not in result.html
    assert "&amp; chips &copy; 2024" in result.html


def test_attribute_lists_cannot_add_scripts_or_styles(tmp_path):
    result = convert('## Hello {: onclick="alert(1)" style="color:red" }\n', tmp_path)
    assert messages(result) == [
        "attribute 'onclick' is not allowed in an attribute list: use only #id, .class, title, lang, width or height",
        "attribute 'style' is not allowed in an attribute list: use only #id, .class, title, lang, width or height",
    ]
    assert "onclick" not in result.html and "color:red" not in result.html


def test_a_level_one_heading_is_refused_because_the_title_is_the_h1(tmp_path):
    result = convert("Intro.\n\n# Big heading\n", tmp_path, body_line=4)
    assert result.problems == [(6, "use '##' for headings: the page title is the page's only level-1 heading")]


def test_every_raw_html_tag_on_a_line_is_named_in_its_one_problem(tmp_path):
    result = MarkdownPages(tmp_path, {}).convert("a <span>x</span> b <img src=x onerror=alert(1)>", "p-a", 5, lambda b: None)
    assert result.problems == [(5, "raw HTML '<span>', '<img src=x onerror=alert(1)>' is not allowed: write it in "
                                    "Markdown (use call-outs and attribute lists for layout; see docs/authoring.md)")]
