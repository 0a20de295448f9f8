"""The real Open edX SCORM XBlock in the browser tests.

What runs
    ``openedx-scorm-xblock`` 19.0.5 and ``xblock-sdk`` from PyPI, in their own Python >= 3.12 venv
    (``.venv-openedx``, made by ``make openedx``, which ``make test`` runs first). The test session
    (the project's own venv) starts a small Django host in that venv as a subprocess
    (tests/browser/openedx_host/serve.py), on 127.0.0.1 and a free port, and stops it at the end.

The host (tests/browser/openedx_host/)
    xblock-sdk's workbench settings, models, key-value store, WorkbenchRuntime and its runtime
    JavaScript, serving course units that each hold one SCORM block (``/learner/<name>/unit/
    <unit>/student_view/``, or ``studio_view`` for the editor). Only host-side parts are replaced,
    as an Open edX LMS would provide them: the "user" service (numeric user id and username, which
    the XBlock copies into cmi.core.student_id/student_name), a string block id in the block's
    location, handler URLs without a query string (the learner is in the path, where Open edX has
    the session), Django's file storage in a temporary folder, and a runtime that keeps what the
    block publishes ("grade", "completion", tracking events) so the tests can read the
    "gradebook". The XBlock's own Python and JavaScript (its SCORM API, its handlers, its grading)
    run unchanged.

How a test uses it
    The ``openedx`` fixture (session) builds courses/social-value, uploads the zip through the
    XBlock's Studio editor (its studio_view form and studio.js, which post to its ``studio_submit``
    handler), and returns an ``OpenEdxHost``. ``host.learner(context, name, unit)`` opens a unit as
    that learner (a fresh name is a fresh learner with no state); ``report()`` returns the block's
    fields for the learner (lesson_status, success_status, lesson_score, scorm_data...), the grade
    it computes, what it published, and every SCORM call it received, in order.

    The XBlock's LMSSetValue is asynchronous (a queue of POSTs), so before reading the report a
    test waits until the unit page has no request in flight (``wait_saved``). All waits are
    bounded.
"""
from __future__ import annotations

import hashlib
import json
import os
import queue
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

from browser_harness import HERE, ROOT, WAIT_MS

VENV = ROOT / ".venv-openedx"
PYTHON = VENV / "bin" / "python"
STARTUP_TIMEOUT_S = 60


def start_host(data: Path, title: str, units: list[str]) -> tuple[subprocess.Popen, str, dict[str, str]]:
    """Start the host in .venv-openedx with one unit per name; return (process, base URL, {unit: usage id})."""
    if not (VENV / ".installed").exists() or not PYTHON.exists():
        raise RuntimeError(f"{VENV} is missing: run `make openedx` (or `make test`, which runs it)")
    env = dict(os.environ, PYTHONPATH=str(HERE), PYTHONDONTWRITEBYTECODE="1")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with open(data / "host.log", "wb") as log:
        process = subprocess.Popen([str(PYTHON), "-m", "openedx_host.serve", str(data), title, *units],
                                   cwd=str(data), env=env, stdout=subprocess.PIPE, stderr=log, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    try:
        line = lines.get(timeout=STARTUP_TIMEOUT_S)
    except queue.Empty:
        line = ""
    if not line:
        stop_host(process)
        log = (data / "host.log").read_text(errors="replace")[-3000:]
        raise RuntimeError(f"the Open edX host did not start within {STARTUP_TIMEOUT_S} s:\n{log}")
    started = json.loads(line)
    return process, started["url"], started["units"]


def stop_host(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@dataclass
class OpenEdxHost:
    url: str
    units: dict[str, str]  # unit name -> the block's usage id
    data: Path  # the host's database, log (host.log) and file storage (media/)

    def package_files(self, unit: str, sha1: str) -> list[Path]:
        """The files the XBlock unpacked for a package (storage: scorm/<sha1 of usage id>/<sha1 of zip>/)."""
        folder = self.data / "media" / "scorm" / hashlib.sha1(self.units[unit].encode()).hexdigest() / sha1
        return sorted(p for p in folder.rglob("*") if p.is_file())

    def report(self, learner: str, unit: str) -> dict:
        with urlopen(f"{self.url}/learner/{learner}/report/{unit}/", timeout=10) as response:
            return json.load(response)

    def unit_url(self, learner: str, unit: str, view: str = "student_view") -> str:
        return f"{self.url}/learner/{learner}/unit/{unit}/{view}/"

    def upload(self, context, unit: str, package: Path, **settings) -> dict:
        """Upload a package as a course author does: the block's Studio editor, file field, Save."""
        page = context.new_page()
        try:
            page.goto(self.unit_url("staff", unit, "studio_view"))
            page.locator("#scorm_file").set_input_files(str(package))
            for name, value in settings.items():
                field = page.locator(f"[name={name}]")
                if field.evaluate("e => e.tagName") == "SELECT":
                    field.select_option(value)
                else:
                    field.fill(value)
            with page.expect_response(lambda r: "/studio_submit" in r.url, timeout=60_000) as answer:
                page.locator(".save-button").click()
            return answer.value.json()
        finally:
            page.close()

    def learner(self, context, name: str, unit: str) -> "XBlockLearner":
        return XBlockLearner(self, context.new_page(), name, unit)


class XBlockLearner:
    """One learner's browser tab on the course unit, and what the XBlock holds for them."""

    def __init__(self, host: OpenEdxHost, page, name: str, unit: str):
        self.host = host
        self.page = page
        self.name = name
        self.unit = unit
        self.page_errors: list[str] = []
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    # the unit page (the LMS)

    def launch(self):
        """Open the unit (the XBlock's student_view) and wait until the course is ready."""
        self.page.goto(self.host.unit_url(self.name, self.unit))
        self.page.wait_for_function(
            "() => { const f = document.querySelector('iframe.scorm-embedded');"
            " return f && f.contentWindow && f.contentWindow.ScormBuilder && f.contentWindow.ScormBuilder.ready; }",
            timeout=WAIT_MS)
        return self

    def leave(self):
        """The learner goes elsewhere in the LMS: the unit page unloads (pagehide, LMSFinish)."""
        self.wait_saved()
        self.page.goto(f"{self.host.url}/")
        self.wait_calls_settled()

    def wait_saved(self, timeout_ms: int = WAIT_MS):
        """Until the XBlock's queued LMSSetValue POSTs are all answered (jQuery has none in flight)."""
        self.page.wait_for_function("() => window.jQuery && jQuery.active === 0", timeout=timeout_ms)

    def wait_calls_settled(self, quiet_s: float = 0.5, timeout_s: float = WAIT_MS / 1000):
        """Until the XBlock has received no new call for ``quiet_s`` (after the page went away)."""
        deadline = time.monotonic() + timeout_s
        count = -1
        while time.monotonic() < deadline:
            now = len(self.report()["calls"])
            if now == count:
                return
            count = now
            time.sleep(quiet_s)
        raise AssertionError(f"the XBlock kept receiving calls for {timeout_s} s")

    def report(self) -> dict:
        return self.host.report(self.name, self.unit)

    def points(self) -> str:
        """The grade the unit shows above the course: "(<points>/<weight> points) <status>"."""
        return self.page.locator(".scorm-xblock .grade").inner_text()

    # the course (in the XBlock's iframe)

    @property
    def frame(self):
        return self.page.frame_locator("iframe.scorm-embedded")

    def eval(self, script: str, arg=None):
        return self._frame().evaluate(script, arg)

    def _frame(self):
        return self.page.query_selector("iframe.scorm-embedded").content_frame()

    def position(self) -> str:
        return self.frame.locator("#sb-position").inner_text()

    def title(self) -> str:
        return self.frame.locator("section.page.is-current h1").inner_text()

    def next(self):
        self.frame.locator("#sb-next").click()

    def go_to_page(self, number: int):
        """Next until the position reads ``Page number of N``."""
        for _ in range(60):
            if self.position().startswith(f"Page {number} of"):
                return
            self.next()
        raise AssertionError(f"never reached page {number}: at {self.position()}")
