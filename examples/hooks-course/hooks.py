"""Build hooks for the example course (see docs/hooks.md).

* ``{{council}}`` in pages, questions and the course title becomes the council's name
  (set SB_COUNCIL to build for another council);
* each page ends with the date it was last checked, from last-updated.yml;
* the manifest gets a metadata title (IMS Metadata 1.2.1, as many LMS catalogues show it);
* each package gets a SHA-256 checksum file beside it, for the LMS team to check the upload.
"""
from __future__ import annotations

import datetime
import hashlib
import html
import os
from pathlib import Path

import yaml
from lxml import etree

from builder.hooks import CourseHooks

COUNCIL = os.environ.get("SB_COUNCIL", "Bolton Council")
PLACEHOLDER = "{{council}}"
DATES = Path(__file__).with_name("last-updated.yml")
NS_IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Hooks(CourseHooks):
    def __init__(self):
        self.dates = yaml.safe_load(DATES.read_text(encoding="utf-8"))

    def on_page_markdown(self, markdown, page, course):
        # Before the Markdown is read, so question prompts and feedback get the name too.
        return markdown.replace(PLACEHOLDER, COUNCIL)

    def on_page_html(self, html_text, page, course):
        checked = self.dates[page.source.name]  # a KeyError names the page missing from last-updated.yml
        if not isinstance(checked, datetime.date):
            raise ValueError(f"{page.source.name} in last-updated.yml must be a date like 2025-03-01, not {checked!r}")
        when = f"{checked.day} {checked:%B %Y}"
        return html_text + f'\n<p class="last-updated">Last updated: <time datetime="{checked.isoformat()}">{html.escape(when)}</time></p>\n'

    def on_course_loaded(self, course):
        # Titles come from course.yml and the front matter, not from the Markdown: replaced here.
        course.title = course.title.replace(PLACEHOLDER, COUNCIL)
        course.description = course.description.replace(PLACEHOLDER, COUNCIL)
        for page in course.pages:
            page.title = page.title.replace(PLACEHOLDER, COUNCIL)
        # None: keep the (changed) course

    def on_manifest(self, manifest, course):
        metadata = manifest.getroot().find(f"{{{NS_IMSCP}}}metadata")
        lom = etree.SubElement(metadata, f"{{{NS_IMSMD}}}lom", nsmap={"imsmd": NS_IMSMD})
        title = etree.SubElement(etree.SubElement(lom, f"{{{NS_IMSMD}}}general"), f"{{{NS_IMSMD}}}title")
        langstring = etree.SubElement(title, f"{{{NS_IMSMD}}}langstring")
        langstring.set(XML_LANG, course.language)
        langstring.text = course.title
        # None: the tree was changed in place

    def on_package_written(self, path, course):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        # The format `sha256sum --check` reads: "<hash>  <file name>".
        path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n", encoding="utf-8")
