"""An author previews a course with `scorm-builder serve`: the LMS simulator in a real Chromium."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browser_harness import axe_violations
from serve_process import ServeProcess

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "courses" / "serve-course"
COURSE_READY = """() => { const f = document.getElementById('sim-course');
  return !!(f && f.contentWindow && f.contentWindow.ScormBuilder && f.contentWindow.ScormBuilder.ready); }"""


@pytest.fixture
def course(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "serve-course"))


@pytest.fixture
def serve(course, tmp_path):
    """A serve process of its own, for tests that edit the course or stop the server."""
    process = ServeProcess(course, tmp_path / "tmp")
    yield process
    process.interrupt()


@pytest.fixture(scope="module")
def shared_serve(tmp_path_factory):
    """One serve process for the tests that only read; each test has its own browser context,
    so its own localStorage: its own learner."""
    shared = tmp_path_factory.mktemp("shared")
    process = ServeProcess(Path(shutil.copytree(FIXTURE, shared / "serve-course")), shared / "tmp")
    yield process
    assert process.interrupt() == 0


class Simulator:
    """The simulator page as an author sees it."""

    def __init__(self, page, url: str):
        self.page = page
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(url)
        self.wait_ready()

    def wait_ready(self):
        self.page.wait_for_function(COURSE_READY)

    @property
    def course(self):
        return self.page.frame_locator("#sim-course")

    def cmi(self, element: str) -> str | None:
        """The value the CMI panel shows for an element (None: no row)."""
        row = self.page.locator(f"#sim-cmi tr[data-element='{element}'] td")
        return row.inner_text() if row.count() else None

    def wait_cmi(self, element: str, value: str):
        self.page.wait_for_function(
            "([e, v]) => { const td = document.querySelector(`#sim-cmi tr[data-element='${e}'] td`);"
            " return td && td.textContent === v; }", arg=[element, value])

    def log_calls(self) -> list[str]:
        return self.page.locator("#sim-log tbody tr td:nth-child(2)").all_inner_texts()

    def error_rows(self) -> list[str]:
        return self.page.locator("#sim-log tbody tr.is-error").all_inner_texts()

    def position(self) -> str:
        return self.course.locator("#sb-position").inner_text()

    def stored(self) -> dict:
        return self.page.evaluate("""() => { for (let i = 0; i < localStorage.length; i++) {
            const k = localStorage.key(i); if (k.startsWith('scorm-builder-serve:')) return JSON.parse(localStorage.getItem(k)); }
            return null; }""")


def open_simulator(context, url: str):
    sim = Simulator(context.new_page(), url)
    yield sim
    assert sim.errors == []


@pytest.fixture
def simulator(context, shared_serve):
    yield from open_simulator(context, shared_serve.url)


@pytest.fixture
def own_simulator(context, serve):
    yield from open_simulator(context, serve.url)


def test_the_course_runs_in_the_simulator_and_the_panel_follows(simulator):
    sim = simulator
    assert sim.course.locator("section.page.is-current h1").inner_text() == "Start here"
    assert sim.cmi("cmi.core.entry") == "ab-initio"
    assert sim.cmi("cmi.core.student_name") == "Learner, Preview"
    sim.wait_cmi("cmi.core.lesson_status", "incomplete")
    sim.course.locator("#sb-next").click()
    sim.wait_cmi("cmi.core.lesson_location", "middle")
    sim.course.locator("#sb-next").click()
    sim.wait_cmi("cmi.core.lesson_location", "finish")
    sim.wait_cmi("cmi.core.lesson_status", "completed")
    calls = sim.log_calls()
    assert calls[0] == "LMSInitialize" and "LMSSetValue" in calls and "LMSCommit" in calls
    assert sim.error_rows() == []  # our runtime is clean against the strict API


def test_an_invalid_call_is_logged_with_its_error(simulator):
    result = simulator.course.locator("body").evaluate(
        "() => [parent.API.LMSSetValue('cmi.core.score.raw', '150'), parent.API.LMSGetLastError()]")
    assert result == ["false", "405"]
    rows = simulator.error_rows()
    assert len(rows) == 1
    assert '"cmi.core.score.raw", "150"' in rows[0] and "405 Incorrect Data Type" in rows[0]


def test_saving_a_page_reloads_the_course_with_the_new_text(own_simulator, course):
    sim = own_simulator
    page = course / "01-start.md"
    page.write_text(page.read_text().replace("says hello to the learner", "says good morning to the learner"))
    sim.course.get_by_text("says good morning to the learner").wait_for()
    sim.wait_ready()
    assert "Rebuilt and reloaded" in sim.page.locator("#sim-status").inner_text()


def test_a_broken_edit_shows_the_problem_and_the_fix_brings_the_course_back(own_simulator, course, serve):
    sim = own_simulator
    page = course / "03-finish.md"
    good = page.read_text()
    page.write_text("---\ntitle: The last page\ncolour: red\n---\nThe third page ends the course.\n")
    problems = sim.page.locator("#sim-problem-list li")
    problems.first.wait_for()
    text = problems.all_inner_texts()
    assert any(line.endswith("03-finish.md:3: unknown key 'colour'") or "03-finish.md:3: unknown key 'colour' " in line
               for line in text), text
    assert sim.page.locator("#sim-course").count() == 0  # the stale course is not left on screen
    assert sim.page.get_by_role("heading", name="The course did not build").is_visible()
    assert any("03-finish.md:3: unknown key 'colour'" in line for line in serve.err)  # and in the terminal
    page.write_text(good.replace("ends the course", "ends the course, fixed"))
    sim.page.locator("#sim-course").wait_for()
    sim.wait_ready()
    assert sim.page.locator("#sim-problems").is_hidden()
    sim.course.locator("#sb-next").click()
    sim.course.locator("#sb-next").click()
    sim.course.get_by_text("ends the course, fixed").wait_for()


def test_close_and_relaunch_resumes_where_the_learner_was(simulator):
    sim = simulator
    sim.course.locator("#sb-next").click()
    sim.wait_cmi("cmi.core.lesson_location", "middle")
    sim.page.get_by_role("button", name="Close and relaunch").click()
    sim.wait_ready()
    assert "LMSFinish" in sim.log_calls()[-20:] or "LMSFinish (by the LMS, on close)" in sim.log_calls()
    assert sim.cmi("cmi.core.entry") == "resume"
    assert sim.position() == "Page 2 of 3"
    sim.wait_cmi("cmi.core.lesson_location", "middle")
    assert sim.cmi("cmi.core.total_time") not in ("0000:00:00", None)  # the LMS added the session_time
    assert sim.error_rows() == []


def test_reset_the_learner_wipes_the_cmi_and_starts_afresh(simulator):
    sim = simulator
    sim.course.locator("#sb-next").click()
    sim.wait_cmi("cmi.core.lesson_location", "middle")
    sim.page.get_by_role("button", name="Reset the learner").click()
    sim.wait_ready()
    assert sim.cmi("cmi.core.entry") == "ab-initio"
    assert sim.position() == "Page 1 of 3"
    sim.wait_cmi("cmi.core.lesson_location", "start")
    assert sim.log_calls()[0] == "LMSInitialize"  # the log starts again too


def test_the_simulator_page_meets_wcag_aa(simulator):
    assert axe_violations(simulator.page.main_frame) == []


def test_ctrl_c_with_the_page_open_exits_0(own_simulator, serve, tmp_path):
    assert serve.interrupt() == 0
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary build folders are gone
    assert not any("Traceback" in line for line in serve.err + serve.out), serve.err
    assert "Stopped.\n" in serve.out
    own_simulator.page.locator("#sim-status").filter(has_text="Lost contact").wait_for()
