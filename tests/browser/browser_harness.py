"""Helpers for the browser tests: paths, the LMS session driver, axe, relaunch CMI.

Imported by conftest.py (fixtures) and by the tests (assertions on what the LMS holds).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NODE_MODULES = ROOT / "node_modules"
SCORM_AGAIN = NODE_MODULES / "scorm-again" / "dist"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
FIXTURE_COURSES = HERE / "fixtures" / "courses"
# Built once per session and served at /courses/<folder name>/: the small fixtures, then the real course.
COURSE_SOURCES = sorted(p for p in FIXTURE_COURSES.iterdir() if p.is_dir()) + [ROOT / "courses" / "social-value"]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# How long any wait may take before the test fails. Only a failing test waits this long, so it is
# set for a slow, busy CI machine, never for a quick one.
WAIT_MS = 30_000
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# RTE 3.4.2 CMITimespan: HHHH:MM:SS.SS (2-4 digit hours, optional 1-2 decimals).
TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
EVENTS = ["ready", "pageview", "answer", "assessment", "complete", "lmserror"]
# Records the runtime's CustomEvents in every frame, before any page script runs.
RECORD_EVENTS = """
window.__sbEvents = [];
%s.forEach(function (name) {
  document.addEventListener('scormbuilder:' + name, function (e) {
    window.__sbEvents.push({name: name, detail: JSON.parse(JSON.stringify(e.detail || {}))});
  });
});
""" % json.dumps(EVENTS)



class LmsSession:
    """Drive the test LMS page and read back what scorm-again holds."""

    def __init__(self, page, base_url: str, builds=None):
        self.page = page
        self.base_url = base_url
        self.builds = builds  # conftest.CourseBuilds: build before loading, so build errors show here
        self.page_errors: list[str] = []
        self.console: list[str] = []
        self.launches = 0
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))

    # launching and closing

    def launch(self, course: str = "three-pages", *, cmi: dict | None = None, no_api: bool = False,
               api_delay_ms: int = 0, faults: dict | None = None, settings: dict | None = None,
               query: str = "", wait: bool = True):
        """Open the LMS page, which loads the course in an iframe; wait for `scormbuilder:ready`."""
        if self.builds is not None:
            self.builds.get(course)
        config = {"course": f"/courses/{course}/index.html{query}", "cmi": cmi or {}, "noApi": no_api,
                  "apiDelayMs": api_delay_ms, "faults": faults or {}, "settings": settings or {}}
        self.launches += 1  # a new query string, so each launch is a real page load
        self.page.goto(f"{self.base_url}/lms/lms.html?launch={self.launches}#{quote(json.dumps(config))}")
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = WAIT_MS):
        self.page.wait_for_function(
            "() => { const f = document.getElementById('course');"
            " return f && f.contentWindow && f.contentWindow.ScormBuilder && f.contentWindow.ScormBuilder.ready; }",
            timeout=timeout)

    def close_course(self) -> dict | None:
        """Leave the course as an LMS does (removes the frame: pagehide/unload); returns the kept CMI."""
        return self.page.evaluate("lmsCloseCourse()")

    def relaunch(self, kept: dict | None = None, course: str = "three-pages", **kwargs):
        """Launch again with the CMI the LMS kept, as an LMS does on the learner's next visit."""
        kept = kept if kept is not None else self.kept()
        return self.launch(course, cmi=resume_cmi(kept), **kwargs)

    # the LMS side

    def log(self) -> dict:
        return self.page.evaluate("window.lmsLog")

    def kept(self) -> dict | None:
        """The CMI as stored at the last successful LMSCommit or LMSFinish."""
        return self.page.evaluate("window.lmsLog.kept")

    def cmi(self) -> dict:
        """What scorm-again holds right now (committed or not)."""
        return self.page.evaluate("API.renderCMIToJSONObject().cmi")

    def calls(self, fn: str | None = None, element: str | None = None) -> list[dict]:
        calls = self.log()["calls"]
        return [c for c in calls if (fn is None or c["fn"] == fn) and (element is None or (c["args"] or [None])[0] == element)]

    def set_values(self) -> list[tuple[str, str]]:
        return [tuple(c["args"]) for c in self.calls("LMSSetValue")]

    def assert_clean(self):
        """scorm-again reported no error code and logged no error; no uncaught error in any frame."""
        log = self.log()
        assert log["errors"] == [], f"scorm-again reported errors: {log['errors']}"
        assert log["messages"] == [], f"scorm-again logged: {log['messages']}"
        assert self.page_errors == [], f"page errors: {self.page_errors}"

    # the course side

    @property
    def frame(self):
        handle = self.page.query_selector("#course")
        return handle.content_frame() if handle else None

    @property
    def course(self):
        """A FrameLocator for locators inside the course."""
        return self.page.frame_locator("#course")

    def eval(self, script: str, arg=None):
        return self.frame.evaluate(script, arg)

    def events(self, name: str | None = None) -> list[dict]:
        events = self.frame.evaluate("window.__sbEvents")
        return [e["detail"] for e in events if e["name"] == name] if name else events

    def position(self) -> str:
        return self.course.locator("#sb-position").inner_text()

    def current_title(self) -> str:
        return self.course.locator("section.page.is-current h1").inner_text()

    def focused_id(self) -> str:
        return self.eval("document.activeElement && document.activeElement.id")

    def next(self):
        self.course.locator("#sb-next").click()

    def axe(self) -> list[dict]:
        return axe_violations(self.frame)


def axe_violations(frame) -> list[dict]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations for what the frame shows now."""
    if not frame.evaluate("typeof window.axe !== 'undefined'"):
        frame.add_script_tag(path=str(AXE))
    return frame.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
        }""", WCAG_TAGS)


def resume_cmi(kept: dict) -> dict:
    """The CMI an LMS gives back on the next launch (RTE 3.4.2.1.4: entry=resume after exit=suspend)."""
    core = kept["core"]
    return {
        "core": {
            "lesson_location": core.get("lesson_location", ""),
            "lesson_status": core.get("lesson_status", ""),
            "entry": "resume" if core.get("exit") == "suspend" else "",
            "score": {k: v for k, v in (core.get("score") or {}).items() if v != ""},
            "credit": core.get("credit") or "credit",
            "lesson_mode": core.get("lesson_mode") or "normal",
        },
        "suspend_data": kept.get("suspend_data", ""),
        "student_data": {k: v for k, v in (kept.get("student_data") or {}).items() if v != ""},
    }
