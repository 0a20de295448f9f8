"""What a screen reader hears after the learner checks an answer or submits the assessment: the
result once. Focus moves to it, so it must not be a live region as well (read twice), and the
review that fills every question's feedback at submit must not be read out all at once."""
from __future__ import annotations

from test_quiz import COURSE, RIGHT, Keyboard, drawn, open_assessment

CLOCK_START = 1_780_000_000  # a fixed instant (seconds) for the test that runs the page's clock
# Records, for each change made by the runtime, the live region it happened in (if any).
WATCH_LIVE_REGIONS = """() => {
    window.__spoken = [];
    const live = n => { const el = n.nodeType === 1 ? n : n.parentElement;
        return el && el.closest('[aria-live]:not([aria-live="off"]), [role=status], [role=alert], [role=log]'); };
    new MutationObserver(records => records.forEach(r => {
        const region = live(r.target);
        if (region && !window.__spoken.includes(region)) window.__spoken.push(region);
    })).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
# The regions that changed and now say something (an emptied region says nothing).
SPOKEN = """() => window.__spoken.filter(el => el.textContent.trim() && !el.closest('[hidden]'))
    .map(el => el.id || el.dataset.role || el.className)"""


def heard(lms) -> dict:
    # MutationObserver callbacks are microtasks: they have run before this next task evaluates.
    return {"live": lms.eval(SPOKEN), "focus": lms.eval("document.activeElement.id || document.activeElement.dataset.role")}


def test_checking_an_answer_moves_focus_to_the_feedback_and_it_is_read_once(lms):
    lms.launch(COURSE)
    form = lms.course.locator("#q-kc-single")
    lms.eval(WATCH_LIVE_REGIONS)
    form.get_by_role("button", name="Check answer").click()  # nothing chosen yet
    assert heard(lms) == {"live": [], "focus": "q-kc-single-feedback"}
    assert "Choose or type an answer first" in lms.course.locator("#q-kc-single-feedback").inner_text()
    lms.eval(WATCH_LIVE_REGIONS)
    form.get_by_label("Leeds").check()
    form.get_by_role("button", name="Check answer").click()
    assert heard(lms) == {"live": [], "focus": "q-kc-single-feedback"}
    assert lms.course.locator("#q-kc-single-feedback").inner_text().startswith("Incorrect.")
    lms.assert_clean()


def test_submitting_the_assessment_reads_the_result_not_every_question(lms):
    open_assessment(lms)
    keyboard = Keyboard(lms)
    keyboard.activate("[data-action=start]")
    for qid in drawn(lms):
        RIGHT[qid](keyboard, f"#q-{qid}")
    lms.eval(WATCH_LIVE_REGIONS)
    keyboard.activate("[data-action=submit]")
    assert lms.course.locator("[data-role=result-title]").inner_text() == "Your result: 100%"
    # Each question's review is there to read, in order, when the learner moves on from the result.
    assert all(lms.course.locator(f"#q-{q}-feedback").inner_text().startswith("Correct.") for q in drawn(lms))
    assert heard(lms) == {"live": [], "focus": "result-title"}
    lms.assert_clean()


def test_an_lms_outage_is_announced_once_not_at_every_retry(lms):
    # The banner is a live region; the runtime retries a failed LMSCommit after 1, 2, 4, then every
    # 5 s. Writing the same warning again at each retry replaced its text, which a screen reader
    # can read out again each time, for as long as the outage lasts.
    # The retries run on the page's clock (Playwright's), not on how fast this machine is.
    lms.page.clock.install(time=CLOCK_START)
    lms.launch(faults={"LMSCommit": "false"})
    banner = lms.course.locator("#sb-banner")
    banner.wait_for(state="visible")
    lms.eval("""() => { window.__bannerChanges = 0;
        new MutationObserver(r => { window.__bannerChanges += r.length; })
            .observe(document.getElementById('sb-banner'), {subtree: true, childList: true, characterData: true}); }""")
    lms.page.clock.pause_at(CLOCK_START + 3600)  # from here time moves only when the test moves it
    failed = len(lms.calls("LMSCommit"))
    lms.page.clock.run_for(20_000)  # retried after 1, 2, 4, then every 5 s
    assert len(lms.calls("LMSCommit")) >= failed + 3
    assert "could not be saved" in banner.inner_text()
    assert lms.eval("window.__bannerChanges") == 0
    assert lms.page_errors == []


def test_choosing_the_page_already_shown_does_not_announce_its_number_again(lms):
    lms.launch()
    lms.next()
    lms.eval("""() => { window.__positionChanges = 0;
        new MutationObserver(r => { window.__positionChanges += r.length; })
            .observe(document.getElementById('sb-position'), {subtree: true, childList: true, characterData: true}); }""")
    lms.course.locator('#sb-contents a[data-page="middle"]').click()  # the page already shown
    assert lms.position() == "Page 2 of 3" and lms.current_title() == "The middle page"
    assert lms.eval("window.__positionChanges") == 0
    lms.next()
    assert lms.eval("window.__positionChanges") > 0  # a real move is announced
    assert lms.page_errors == []


def test_the_unanswered_warning_goes_once_the_learner_answers_again(lms):
    # "You have not answered 1 of the 4 questions" stayed on screen after the learner answered it.
    open_assessment(lms)
    keyboard = Keyboard(lms)
    keyboard.activate("[data-action=start]")
    *first, last = drawn(lms)
    for qid in first:
        RIGHT[qid](keyboard, f"#q-{qid}")
    keyboard.activate("[data-action=submit]")
    status = lms.course.locator("[data-role=submit-status]")
    assert status.inner_text().startswith("You have not answered 1 of the 4 questions.")
    RIGHT[last](keyboard, f"#q-{last}")
    keyboard.press("Tab")  # a typed answer counts once the learner leaves the box
    assert status.inner_text() == "" and status.is_hidden()
    keyboard.activate("[data-action=submit]")  # nothing left unanswered: it submits at once
    assert lms.course.locator("[data-role=result-title]").inner_text() == "Your result: 100%"
    lms.assert_clean()
