"""A learner takes the course in an LMS (scorm-again): progress, completion, resume, faults."""
from __future__ import annotations

import json
import time

from browser_harness import TIMESPAN, WAIT_MS

NO_LMS = "Your progress will not be saved"
START = 1_780_000_000  # a fixed instant (seconds) for the tests that stop the page's clock


def wait_for_commit(lms, check, timeout=WAIT_MS / 1000):
    """Wait until the CMI the LMS has *stored* (last LMSCommit) satisfies check(kept)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kept = lms.kept()
        if kept and check(kept):
            return kept
        time.sleep(0.1)
    raise AssertionError(f"the LMS never stored the expected data; it holds {lms.kept()}")


def stop_the_clock(lms):
    """From here the page's time moves only when the test moves it (Playwright's clock, installed at
    START before the launch). It stops an hour on: after a launch, however slowly this machine ran
    it, the runtime's last commit is long past."""
    lms.page.clock.pause_at(START + 3600)


def test_walk_through_to_completion(lms):
    lms.launch()
    assert lms.course.locator("#sb-banner").is_hidden()
    assert lms.position() == "Page 1 of 3"
    assert lms.course.locator("#sb-prev").is_disabled()
    # First launch: incomplete straight away, so the LMS never shows "not attempted" after a visit.
    wait_for_commit(lms, lambda k: k["core"]["lesson_status"] == "incomplete")

    lms.next()
    lms.next()
    assert lms.position() == "Page 3 of 3"
    assert lms.current_title() == "The end"
    assert lms.course.locator("#sb-next").is_disabled()
    # Completion is committed as soon as it happens, not only when the learner leaves.
    kept = wait_for_commit(lms, lambda k: k["core"]["lesson_status"] == "completed")
    assert kept["core"]["lesson_location"] == "end"

    lms.course.get_by_role("button", name="Save and exit").click()
    # The session is over, visibly: a focused final screen replaces the course.
    ended = lms.course.locator("#sb-ended")
    assert ended.locator("h1").inner_text() == "Your progress has been saved"
    assert "You can now close this window." in ended.inner_text()
    assert "Pages seen: 3 of 3." in ended.inner_text()
    assert lms.focused_id() == "sb-ended"
    assert lms.course.locator("#main").is_hidden() and lms.course.locator("#sb-next").is_hidden()
    log = lms.log()
    assert log["finished"] == 1
    kept = log["kept"]
    assert kept["core"]["lesson_status"] == "completed"
    assert kept["core"]["exit"] == ""  # finished: the next launch starts afresh
    session_times = [v for k, v in lms.set_values() if k == "cmi.core.session_time"]
    assert len(session_times) == 1 and TIMESPAN.match(session_times[0]), session_times
    fns = [c["fn"] for c in lms.calls()]
    assert fns[0] == "LMSInitialize" and fns.count("LMSInitialize") == 1
    assert fns[-1] == "LMSFinish" and fns.count("LMSFinish") == 1
    assert [e["status"] for e in lms.events("complete")] == ["completed"]
    assert [e["id"] for e in lms.events("pageview")] == ["welcome", "middle", "end"]
    # Leaving afterwards (pagehide/unload) must not call LMSFinish a second time.
    lms.close_course()
    assert lms.log()["finished"] == 1
    lms.assert_clean()


def test_score_before_status_and_suspend_data_compact(lms):
    lms.launch()
    lms.next()
    kept = wait_for_commit(lms, lambda k: k["core"]["lesson_location"] == "middle")
    data = json.loads(kept["suspend_data"])
    keys = {p["id"]: p["k"] for p in lms.eval("ScormBuilder.data.pages")}
    # Format 2: the content version, the status reached, the keys of the pages viewed.
    assert data == {"v": 2, "c": "1.0.0", "k": "i", "p": keys["welcome"] + keys["middle"]}
    assert len(kept["suspend_data"]) < 100
    lms.assert_clean()


def test_close_half_way_then_resume_on_the_same_page(lms):
    lms.launch()
    lms.next()
    assert lms.position() == "Page 2 of 3"
    kept = lms.close_course()  # the learner closes the course window half-way
    assert lms.log()["finished"] == 1
    assert kept["core"]["exit"] == "suspend"
    assert kept["core"]["lesson_status"] == "incomplete"
    session_time = [v for k, v in lms.set_values() if k == "cmi.core.session_time"]
    assert session_time and TIMESPAN.match(session_time[0])
    lms.assert_clean()

    lms.relaunch(kept)
    assert lms.position() == "Page 2 of 3"
    assert lms.current_title() == "The middle page"
    current = lms.course.locator('#sb-contents a[aria-current="page"]')
    assert current.get_attribute("data-page") == "middle" and current.inner_text().startswith("The middle page")
    ready = lms.events("ready")[0]
    assert ready["resumed"] is True and ready["entry"] == "resume" and ready["page"] == "middle"
    # Pages viewed in the first session still count: seeing the last page now completes the course.
    lms.next()
    wait_for_commit(lms, lambda k: k["core"]["lesson_status"] == "completed")
    lms.assert_clean()


def test_resumed_session_never_points_the_lms_back_at_the_first_page(lms):
    lms.launch()
    lms.next()
    kept = lms.close_course()
    lms.relaunch(kept)
    # The learner leaves again at once: whatever the LMS stored must still be the page they were on;
    # the saved place is not even written again at start-up.
    kept_again = lms.close_course()
    locations = [value for name, value in lms.set_values() if name == "cmi.core.lesson_location"]
    assert locations == [], locations
    assert kept_again["core"]["lesson_location"] == "middle"
    lms.assert_clean()


def test_progress_survives_a_crash_because_it_is_saved_on_change(lms):
    lms.launch()
    lms.next()
    # No LMSFinish at all (browser crash, laptop lid closed): only what was committed survives.
    kept = wait_for_commit(lms, lambda k: k["core"]["lesson_location"] == "middle")
    assert lms.log()["finished"] == 0
    lms.relaunch(kept)
    assert lms.position() == "Page 2 of 3"
    lms.assert_clean()


def test_completed_course_reopens_where_the_learner_was_without_losing_completion(lms):
    lms.launch()
    lms.next()
    lms.next()
    lms.course.locator("#sb-prev").click()
    kept = lms.close_course()
    assert kept["core"]["exit"] == "" and kept["core"]["lesson_status"] == "completed"
    lms.relaunch(kept)  # entry "" after a finished session: our suspend_data is there, so it reopens in place
    assert lms.position() == "Page 2 of 3"
    lms.close_course()
    assert lms.log()["kept"]["core"]["lesson_status"] == "completed"
    assert lms.log()["kept"]["core"]["lesson_location"] == "middle"
    lms.assert_clean()


def test_no_api_in_the_lms_frame(lms):
    lms.page.clock.install(time=START)
    stop_the_clock(lms)
    lms.launch(no_api=True, wait=False)
    lms.page.clock.run_for(4_750)
    assert not lms.eval("!!ScormBuilder.ready")  # still looking for an API that may come late...
    lms.page.clock.run_for(250)  # ...for 5 s
    assert lms.eval("!!ScormBuilder.ready")
    banner = lms.course.locator("#sb-banner")
    assert banner.is_visible() and NO_LMS in banner.inner_text()
    lms.next()
    lms.next()
    assert lms.position() == "Page 3 of 3"
    assert [e["status"] for e in lms.events("complete")] == ["completed"]
    assert lms.events("ready")[0]["lms"] is False
    lms.course.get_by_role("button", name="Save and exit").click()
    assert "not been saved" in banner.inner_text()
    assert lms.page_errors == []


def test_course_opened_directly_without_an_lms(lms, server):
    page = lms.page
    page.goto(f"{server}/courses/three-pages/index.html")
    # Not framed and not opened by another window: no API can appear, so no waiting at all.
    assert page.evaluate("!!(window.ScormBuilder && window.ScormBuilder.ready)")
    assert NO_LMS in page.locator("#sb-banner").inner_text()
    page.locator("#sb-next").click()
    assert page.locator("#sb-position").inner_text() == "Page 2 of 3"
    assert lms.page_errors == []


def test_api_that_appears_late_is_found_and_initialised(lms):
    lms.launch(api_delay_ms=1500)
    ready = lms.events("ready")[0]
    assert ready["lms"] is True
    assert lms.course.locator("#sb-banner").is_hidden()
    assert len(lms.calls("LMSInitialize")) == 1
    wait_for_commit(lms, lambda k: k["core"]["lesson_status"] == "incomplete" and k["core"]["lesson_location"] == "welcome")
    lms.assert_clean()


def test_late_api_with_a_saved_place_reopens_that_page(lms):
    lms.launch()
    lms.next()
    kept = lms.close_course()
    lms.relaunch(kept, api_delay_ms=1000)
    assert lms.position() == "Page 2 of 3"
    lms.assert_clean()


def test_a_learner_who_moves_before_a_late_lms_answers_is_saved_where_they_are(lms):
    lms.launch()
    lms.next()
    kept = lms.close_course()
    # The page's time stands still until the learner has moved, so the LMS is surely late (with
    # time running, a slow page load let the API appear before the first move).
    lms.page.clock.install(time=START)
    stop_the_clock(lms)
    lms.relaunch(kept, api_delay_ms=2000, wait=False)
    lms.page.frame_locator("#course").locator("#sb-next").click()  # page 1 -> 2 before the LMS is there
    lms.page.frame_locator("#course").locator("#sb-next").click()  # and on to page 3
    assert lms.page.evaluate("typeof window.API") == "undefined"
    lms.page.clock.resume()
    lms.wait_ready()
    assert lms.position() == "Page 3 of 3"  # not pulled back to the saved page
    kept = wait_for_commit(lms, lambda k: k["core"]["lesson_location"] == "end")
    assert kept["core"]["lesson_status"] == "completed"
    lms.assert_clean()


def test_lms_refusing_every_set_value_does_not_break_the_course(lms):
    lms.launch(faults={"LMSSetValue": "false"})
    lms.next()
    lms.next()
    assert lms.position() == "Page 3 of 3"
    errors = lms.events("lmserror")
    assert errors and errors[0]["call"] == "LMSSetValue" and errors[0]["code"] == "101"
    assert errors[0]["message"]  # LMSGetErrorString was asked
    lms.course.get_by_role("button", name="Save and exit").click()
    assert lms.log()["finished"] == 1
    assert lms.page_errors == []


def test_failing_commit_tells_the_learner_and_the_course_still_works(lms):
    lms.launch(faults={"LMSCommit": "false"})
    banner = lms.course.locator("#sb-banner")
    banner.wait_for(state="visible")
    assert "could not be saved" in banner.inner_text()
    lms.next()
    lms.next()
    assert lms.position() == "Page 3 of 3"
    assert any(e["call"] == "LMSCommit" for e in lms.events("lmserror"))
    assert lms.page_errors == []


def test_api_that_throws_is_contained(lms):
    lms.launch(faults={"LMSSetValue": "throw", "LMSCommit": "throw"})
    lms.next()
    lms.course.get_by_role("button", name="Save and exit").click()
    assert lms.position() == "Page 2 of 3"
    assert lms.page_errors == []
    assert lms.log()["finished"] == 1


def test_debug_mode_logs_every_call(lms):
    lms.launch(query="?debug=1")
    assert any("LMSInitialize" in line for line in lms.console)
    lms.assert_clean()


def test_real_course_walk_through_to_completion(lms):
    """courses/social-value, as built: every page in turn, then Save and exit."""
    lms.launch("social-value")
    total = lms.eval("ScormBuilder.nav.sections.length")
    assert lms.position() == f"Page 1 of {total}"
    for _ in range(total - 1):
        lms.next()
    assert lms.position() == f"Page {total} of {total}"
    lms.course.get_by_role("button", name="Save and exit").click()
    kept = lms.log()["kept"]
    assert kept["core"]["lesson_status"] == "completed"  # completion "either": every page read
    assert kept["core"]["exit"] == ""
    assert len(kept["suspend_data"]) < 4096
    lms.assert_clean()


def test_an_lms_outage_is_retried_until_saving_recovers_without_the_learner_moving(lms):
    lms.page.clock.install(time=START)
    lms.launch()
    wait_for_commit(lms, lambda k: k["core"]["lesson_location"] == "welcome")
    lms.page.evaluate("lmsFaults.LMSCommit = 'false'")  # the LMS stops storing
    stop_the_clock(lms)  # the back-off is measured on the page's clock, not waited for
    lms.next()  # past the commit throttle: committed at once, and refused
    banner = lms.course.locator("#sb-banner")
    assert banner.is_visible() and "could not be saved" in banner.inner_text()
    lms.page.clock.run_for(20_000)  # retried after 1, 2, 4, then every 5 s
    assert len(lms.calls("LMSCommit")) - lms.log()["commits"] >= 5
    assert lms.kept()["core"]["lesson_location"] == "welcome"  # nothing got through during the outage
    lms.page.evaluate("delete lmsFaults.LMSCommit")  # the LMS recovers; the learner does nothing
    lms.page.clock.run_for(5_000)  # the back-off never waits longer than 5 s
    kept = lms.kept()
    assert kept["core"]["lesson_location"] == "middle"
    assert json.loads(kept["suspend_data"])["p"] == "".join(p["k"] for p in lms.eval("ScormBuilder.data.pages")[:2])
    assert banner.is_hidden()  # the banner clears once saving works again
    assert lms.position() == "Page 2 of 3"
    assert lms.page_errors == []


def test_what_was_done_during_an_outage_is_stored_when_the_window_closes(lms):
    lms.launch(faults={"LMSCommit": "false"})
    lms.next()
    lms.next()
    kept = lms.close_course()  # pagehide: LMSFinish stores even though every LMSCommit failed
    assert kept["core"]["lesson_location"] == "end" and kept["core"]["lesson_status"] == "completed"


def test_pending_progress_is_committed_when_the_tab_is_hidden(lms):
    lms.page.clock.install(time=START)
    lms.launch()
    # The throttle's timer cannot fire before the tab is hidden (on a slow machine it did, or the
    # second move came after the throttle and was committed at once).
    stop_the_clock(lms)
    lms.next()  # the last commit was long ago: committed at once
    lms.next()  # within the commit throttle: this change waits for the timer
    commits = lms.log()["commits"]
    assert lms.log()["kept"]["core"]["lesson_location"] == "middle"
    lms.eval("""() => {
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    log = lms.log()
    assert log["commits"] == commits + 1 and log["kept"]["core"]["lesson_location"] == "end"
    lms.assert_clean()


def test_save_and_exit_at_the_foot_of_a_long_page_shows_the_end_screen_at_the_top(lms, tmp_path):
    lms.launch("social-value")
    lms.next()
    lms.course.locator("#sb-exit").scroll_into_view_if_needed()  # the foot of a long page
    assert lms.eval("window.scrollY") > 500
    lms.course.locator("#sb-exit").click()
    ended = lms.course.locator("#sb-ended")
    assert lms.focused_id() == "sb-ended" and lms.eval("window.scrollY") == 0
    box = ended.locator("h1").bounding_box()
    assert box and 0 <= box["y"] < 200  # where a sighted learner is looking, not 2,491 px away
    assert "You can now close this window." in ended.inner_text()
    assert "Pages seen: 2 of 17." in ended.inner_text()
    # Nothing of the course is left to use after LMSFinish.
    assert lms.eval("[...document.querySelectorAll('button, a[href], input, select')]"
                    ".filter(el => el.offsetParent !== null).length") == 0
    assert lms.axe() == []
    lms.page.screenshot(path=str(tmp_path / "ended.png"))
    assert lms.log()["finished"] == 1


def test_save_and_exit_that_the_lms_refuses_says_so_on_the_end_screen(lms):
    lms.launch(faults={"LMSFinish": "false"})
    lms.next()
    lms.course.get_by_role("button", name="Save and exit").click()
    ended = lms.course.locator("#sb-ended")
    assert ended.locator("h1").inner_text() == "Your progress may not have been saved"
    assert "Please tell your learning team." in ended.inner_text()
    assert lms.focused_id() == "sb-ended"
    assert lms.course.locator("#main").is_hidden()  # the session is over either way: nothing more to do
    assert lms.page_errors == []
