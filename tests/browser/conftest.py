"""Browser test harness: the built course runs in a real Chromium, inside an "LMS page" whose
SCORM 1.2 API is scorm-again (npm), an independent implementation, never a mock of ours.

Layout of the local server (127.0.0.1, free port, one per test session / xdist worker):

    /lms/lms.html               the test LMS (tests/browser/lms/)
    /vendor/scorm-again/...     node_modules/scorm-again/dist
    /vendor/axe-core/...        node_modules/axe-core
    /courses/<id>/index.html    each fixture course, built with builder.build and unzipped

One browser per session, a fresh context per test. Needs `make test-deps` (chromium, npm ci).
"""
from __future__ import annotations

import os
import shutil
import threading
import zipfile
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser_harness import (AXE, CHROMIUM_ARGS, COURSE_SOURCES, HERE, RECORD_EVENTS, ROOT,
                             SCORM_AGAIN, WAIT_MS, LmsSession)


def chromium_path() -> str:
    path = os.environ.get("SB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium not found: run `make test-deps` (installs Debian's chromium)", pytrace=False)
    return path


# --- the local server ------------------------------------------------------------------------

class _Handler(SimpleHTTPRequestHandler):
    routes: dict[str, Path] = {}
    courses = None  # CourseBuilds: /courses/<name>/... is built on first request

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        routes = dict(self.routes)
        parts = path.split("/")
        if len(parts) > 3 and parts[1] == "courses" and self.courses is not None:
            built = self.courses.get(parts[2])
            if built is not None:
                routes[f"/courses/{parts[2]}/"] = built
        for prefix, base in routes.items():
            if path.startswith(prefix):
                base = base.resolve()
                target = (base / path[len(prefix):]).resolve()
                if target == base or base in target.parents:
                    return str(target)
        return str(ROOT / "does-not-exist")

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Chromium opens several connections at once for a page; while this process is busy (a build,
    # a loaded machine) the default queue of 5 overflows and each connection dropped costs a second.
    request_queue_size = 64


class CourseBuilds:
    """Courses built on first use (once per session) and unzipped as an LMS would.

    A test session that needs only one course does not pay for building the others.
    """

    def __init__(self, root: Path):
        self.root = root
        self.sources = {source.name: source for source in COURSE_SOURCES}
        self.sources["scaffold"] = None  # what `scorm-builder new` makes: see test_scaffold_walkthrough.py
        self.built: dict[str, Path] = {}
        self.lock = threading.Lock()

    def get(self, name: str) -> Path | None:
        """``name`` is a course, optionally ``+authority`` (a council's branded build) and/or
        ``@profile`` (an LMS profile), e.g. ``three-pages@strict`` or ``social-value+bolton``."""
        with self.lock:
            if name not in self.built and _course_of(name) in self.sources:
                self.built[name] = self._build(name)
            return self.built.get(name)

    __getitem__ = get

    def _build(self, name: str) -> Path:
        from builder.build import PLAIN, authority_variants, build_variants
        from builder.lms_profiles import lms_profile

        course, authority, profile = _variant_of(name)
        source = self.sources[course]
        if source is None:
            from builder.scaffold import create_course

            source = self.root / "sources" / course
            create_course(source)
        lms = lms_profile(profile) if profile else None
        variant = authority_variants(ROOT / "authorities", (authority,), lms)[0] if authority else PLAIN
        if lms and not authority:
            variant = replace(variant, lms=lms)
        result = build_variants(source, self.root / "packages" / name, [variant])[0]
        target = self.root / "courses" / name
        with zipfile.ZipFile(result.zip_path) as archive:
            archive.extractall(target)
        return target


def _variant_of(name: str) -> tuple[str, str, str]:
    rest, _, profile = name.partition("@")
    course, _, authority = rest.partition("+")
    return course, authority, profile


def _course_of(name: str) -> str:
    return _variant_of(name)[0]


@pytest.fixture(scope="session")
def built_courses(tmp_path_factory) -> CourseBuilds:
    return CourseBuilds(tmp_path_factory.mktemp("builds"))


@pytest.fixture(scope="session")
def server(built_courses):
    for needed in (SCORM_AGAIN / "scorm12.min.js", AXE):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: run `npm ci` (or `make test-deps`)", pytrace=False)
    routes = {"/lms/": HERE / "lms", "/vendor/scorm-again/": SCORM_AGAIN,
              "/vendor/axe-core/": AXE.parent}
    handler = type("Handler", (_Handler,), {"routes": routes, "courses": built_courses})
    httpd = _Server(("127.0.0.1", 0), partial(handler, directory=str(ROOT)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# --- the browser -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(chromium):
    context = chromium.new_context(viewport={"width": 1000, "height": 800}, locale="en-GB")
    context.add_init_script(RECORD_EVENTS)
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


@pytest.fixture
def lms(context, server, built_courses):
    """A learner's browser tab on the test LMS; see LmsSession."""
    session = LmsSession(context.new_page(), server, built_courses)
    yield session
    session.page.close()


