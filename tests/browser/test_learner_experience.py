"""What a learner sees on a desktop, a phone and at 320 px, in the test LMS (scorm-again): the page
heading is on the first screen after every move and after resume, nothing scrolls sideways, the
contents fold into a disclosure on narrow screens, progress and what is left are stated, knowledge
checks explain a half-right answer and offer the right one, the review says what was answered,
the finish records and certifies; axe in the light and dark themes; a keyboard-only run."""
from __future__ import annotations

import pytest

from test_quiz import RIGHT, WRONG, Keyboard, drawn

SIZES = {"desktop": (1280, 800), "phone": (390, 844), "narrow": (320, 568)}
SOCIAL_VALUE_PAGES = 17


def sized(lms, size: str, scheme: str = "light"):
    width, height = SIZES[size]
    lms.page.set_viewport_size({"width": width, "height": height})
    lms.page.emulate_media(color_scheme=scheme)
    return lms


def first_screen(lms) -> dict:
    """Where the current page's heading is, in the LMS window, and whether the course scrolls sideways."""
    frame_top = lms.page.evaluate("document.getElementById('course').getBoundingClientRect().top")
    box = lms.eval("""() => {
        const h = document.querySelector('section.page.is-current h1').getBoundingClientRect();
        const root = document.documentElement;
        return {top: h.top, bottom: h.bottom, frame: innerHeight, overflow: root.scrollWidth - root.clientWidth};
    }""")
    window = lms.page.viewport_size["height"]
    return {"visible": box["top"] >= 0 and frame_top + box["bottom"] <= window and box["bottom"] <= box["frame"],
            "overflow": box["overflow"], "where": (frame_top, box)}


@pytest.mark.parametrize("size", SIZES)
def test_the_heading_is_on_the_first_screen_after_every_move_and_after_resume(lms, size):
    sized(lms, size).launch("social-value")
    titles, problems = [], []
    for number in range(1, SOCIAL_VALUE_PAGES + 1):
        if number > 1:
            lms.next()
        state = first_screen(lms)
        titles.append(lms.current_title())
        if not state["visible"] or state["overflow"] > 0:
            problems.append((number, lms.current_title(), state))
    assert problems == []
    assert lms.position() == f"Page {SOCIAL_VALUE_PAGES} of {SOCIAL_VALUE_PAGES}"
    # Back through the contents (a drawer on narrow screens): still the heading first.
    if size != "desktop":
        lms.course.locator("#sb-menu").click()
    lms.course.locator('#sb-contents a[data-page="building-it-in"]').click()
    assert lms.current_title() == "Building social value into buying"
    assert first_screen(lms)["visible"], first_screen(lms)
    assert lms.course.locator("#sb-contents-panel").is_visible() is (size == "desktop")  # the drawer closed again
    lms.assert_clean()


@pytest.mark.parametrize("size", SIZES)
def test_the_heading_is_on_the_first_screen_after_resume(lms, size):
    sized(lms, size).launch("social-value")
    for _ in range(11):
        lms.next()
    title = lms.current_title()
    kept = lms.close_course()
    lms.relaunch(kept, course="social-value")  # the LMS reopens the course where the learner left it
    state = first_screen(lms)
    assert lms.current_title() == title and lms.events("ready")[0]["resumed"] is True
    assert state["visible"] and state["overflow"] <= 0, state
    lms.assert_clean()


def test_narrow_screens_fold_the_contents_into_a_disclosure_and_wide_ones_show_a_sidebar(lms):
    sized(lms, "phone").launch("social-value")
    menu, panel = lms.course.locator("#sb-menu"), lms.course.locator("#sb-contents-panel")
    assert menu.is_visible() and panel.is_hidden()
    assert menu.get_attribute("aria-expanded") == "false" and menu.get_attribute("aria-controls") == "sb-contents-panel"
    assert "(1 of 17 done)" in menu.inner_text()
    menu.click()
    assert panel.is_visible() and menu.get_attribute("aria-expanded") == "true"
    lms.course.locator('#sb-contents a[data-page="why-it-matters"]').focus()
    lms.page.keyboard.press("Escape")  # closes, and focus goes back to the button
    assert panel.is_hidden() and lms.focused_id() == "sb-menu"
    lms.page.set_viewport_size({"width": 1280, "height": 800})
    assert menu.is_hidden() and panel.is_visible()
    # The sidebar sits beside the page, not above it.
    side = lms.course.locator("#sb-contents").bounding_box()
    main = lms.course.locator("#main").bounding_box()
    assert side["x"] + side["width"] <= main["x"] and abs(side["y"] - main["y"]) < 40


def test_the_skip_link_moves_focus_without_changing_the_address(lms):
    sized(lms, "phone").launch("three-pages")
    lms.page.keyboard.press("Tab")
    assert lms.eval("document.activeElement.className") == "skip-link"
    lms.page.keyboard.press("Enter")
    assert lms.focused_id() == "main"
    assert "#" not in lms.eval("location.href")


def test_contents_mark_seen_and_done_pages_and_say_what_is_left(lms):
    lms.launch("quiz-course")
    links = lms.course.locator("#sb-contents a[data-page]")
    assert links.nth(0).get_attribute("data-state") == "seen"  # open, but its checks are not tried yet
    assert links.nth(0).inner_text().endswith("(visited)")
    assert links.nth(1).get_attribute("data-state") == ""
    left = lms.course.locator("#sb-contents [data-role=left]")
    assert left.inner_text().startswith("To complete this course, pass the Final assessment (you need 75%).")
    assert lms.course.locator("[data-role=progress-text]").inner_text() == "0 of 2 pages done"
    for form in lms.eval("[...document.querySelectorAll('form[data-question]:not([data-scored])')].map(f => f.id)"):
        RIGHT_KC[form](lms.course.locator(f"#{form}"))
        lms.course.locator(f"#{form} [data-action=check]").click()
    assert links.nth(0).get_attribute("data-state") == "done" and links.nth(0).inner_text().endswith("(done)")
    assert lms.course.locator("[data-role=progress-text]").inner_text() == "1 of 2 pages done"
    assert lms.eval("document.getElementById('sb-progress').value") == 1
    # The link in the statement of what is left leads to the assessment, where the finish screen says the same.
    left.get_by_role("link", name="Final assessment").click()
    assert lms.current_title() == "Final assessment"
    finish = lms.course.locator("#sb-finish")
    assert finish.is_visible() and finish.locator("h2").inner_text() == "Before you finish"


RIGHT_KC = {
    "q-kc-single": lambda f: f.locator("input[value='0']").check(),
    "q-kc-multiple": lambda f: (f.locator("input[value='0']").check(), f.locator("input[value='1']").check()),
    "q-kc-true-false": lambda f: f.locator("input[value='false']").check(),
    "q-kc-fill-in": lambda f: f.locator("input[type=text]").fill("6"),
    "q-kc-matching": lambda f: [f.locator(f"select[data-left='{i}']").select_option(str(i)) for i in range(3)],
    "q-kc-ordering": lambda f: f.evaluate("""f => { const ol = f.querySelector('ol');
        [...ol.children].sort((a, b) => a.dataset.item - b.dataset.item).forEach(li => ol.appendChild(li));
        f.dispatchEvent(new Event('change')); }"""),
}


def test_a_half_right_multiple_choice_is_partly_right_and_the_right_answer_is_on_request(lms):
    lms.launch("quiz-course")
    form = lms.course.locator("#q-kc-multiple")
    form.locator("input[value='0']").check()  # Bolton: right
    form.locator("input[value='2']").check()  # Chester: wrong
    form.locator("[data-action=check]").click()
    feedback = lms.course.locator("#q-kc-multiple-feedback").inner_text()
    assert feedback.startswith("Partly right. 1 of your 2 choices is right; 1 right answer is missing.")
    assert "Incorrect" not in feedback
    assert "Right choice: \u201cBolton\u201d." in feedback and "Not right: \u201cChester\u201d." in feedback
    show, answer = form.locator("[data-action=answer]"), lms.course.locator("#q-kc-multiple-answer")
    assert answer.is_hidden() and show.inner_text() == "Show the right answer"
    show.click()
    assert answer.is_visible() and show.get_attribute("aria-expanded") == "true"
    assert [line for line in answer.inner_text().split("\n") if line] == ["Right answers:", "Bolton", "Wigan"]
    show.click()
    assert answer.is_hidden() and show.inner_text() == "Show the right answer"
    # Right at last: no button to show what the learner already has.
    form.locator("input[value='2']").uncheck()
    form.locator("input[value='1']").check()
    form.locator("[data-action=check]").click()
    assert lms.course.locator("#q-kc-multiple-feedback").inner_text().startswith("Correct.")
    assert show.is_hidden() and answer.is_hidden()
    # The author turned the right answer off for this one (show_answer: false).
    fill_in = lms.course.locator("#q-kc-fill-in")
    fill_in.locator("input[type=text]").fill("7")
    fill_in.locator("[data-action=check]").click()
    assert fill_in.locator("[data-action=answer]").count() == 0


def test_the_review_shows_your_answer_and_the_right_answer_and_counts_untouched_orderings(lms):
    sized(lms, "narrow").launch("quiz-course")
    lms.course.locator("#sb-menu").click()
    lms.course.locator("#sb-contents a[data-page='assessment']").click()
    lms.course.locator("[data-action=start]").click()
    lms.course.locator("[data-action=submit]").click()  # nothing answered: every drawn question, ordering too
    status = lms.course.locator("[data-role=submit-status]").inner_text()
    assert status.startswith("You have not answered 4 of the 4 questions.")
    lms.course.locator("[data-action=submit]").click()
    for qid in drawn(lms):
        text = lms.course.locator(f"#q-{qid}-feedback").inner_text()
        assert "Your answer:" in text and ".:" not in text
        assert lms.course.locator(f"#q-{qid}-answer").is_visible()
        assert lms.course.locator(f"#q-{qid} fieldset .options, #q-{qid} fieldset select").first.is_hidden() \
            if lms.course.locator(f"#q-{qid} fieldset .options, #q-{qid} fieldset select").count() else True
    # No match or answer cut off at 320 px: nothing wider than its question.
    clipped = lms.eval("""() => [...document.querySelectorAll('form[data-scored]:not([hidden]) .question-answer *, form[data-scored]:not([hidden]) .question-feedback *')]
        .filter(el => !el.closest('.visually-hidden') && el.scrollWidth > el.clientWidth + 1).length""")
    assert clipped == 0
    assert lms.eval("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    rules = lms.course.locator("section.page.is-current").inner_text()
    assert rules.count("The assessment has 4 questions. You need 75% to pass.") == 1 and "per cent" not in rules


def answer_all(lms, keyboard, answers):
    for qid in drawn(lms):
        answers[qid](keyboard, f"#q-{qid}")


def test_a_keyboard_only_learner_uses_the_drawer_feedback_answers_review_and_certificate(lms):
    sized(lms, "phone").launch("quiz-course")
    keyboard = Keyboard(lms)
    # The drawer, by keyboard.
    keyboard.activate("#sb-menu")
    assert lms.course.locator("#sb-contents-panel").is_visible()
    # A half-right check, then the right answer.
    keyboard.press("Escape")
    keyboard.tick("#q-kc-multiple", {"0", "2"})
    keyboard.activate("#q-kc-multiple [data-action=check]")
    assert lms.focused_id() == "q-kc-multiple-feedback"
    keyboard.activate("#q-kc-multiple [data-action=answer]")
    assert lms.course.locator("#q-kc-multiple-answer").is_visible()
    # To the assessment through the drawer: focus lands on its heading.
    keyboard.activate("#sb-menu")
    keyboard.activate("#sb-contents a[data-page='assessment']")
    assert lms.current_title() == "Final assessment"
    assert lms.eval("document.activeElement.tagName") == "H1"
    assert lms.course.locator("#sb-contents-panel").is_hidden()
    # Fail, read the review, try again and pass.
    keyboard.activate("[data-action=start]")
    answer_all(lms, keyboard, WRONG)
    keyboard.activate("[data-action=submit]")
    if lms.course.locator("[data-role=submit-status]").is_visible():
        keyboard.activate("[data-action=submit]")
    assert lms.course.locator("[data-role=result-title]").inner_text() == "Your result: 0%"
    assert all("Your answer:" in lms.course.locator(f"#q-{q}-feedback").inner_text() for q in drawn(lms))
    if "as-matching" in drawn(lms):  # each match the learner made is marked, in words
        assert "(not right)" in lms.course.locator("#q-as-matching-feedback").inner_text()
    keyboard.activate("[data-action=start]")
    answer_all(lms, keyboard, RIGHT)
    keyboard.activate("[data-action=submit]")
    assert lms.course.locator("[data-role=result-title]").inner_text() == "Your result: 100%"
    # The finish: what was recorded, and the certificate, printed by keyboard.
    finish = lms.course.locator("#sb-finish")
    assert finish.locator("h2").inner_text() == "Course complete"
    assert "recorded this course as passed, with a score of 100%" in finish.inner_text()
    certificate = lms.course.locator("#sb-certificate").inner_text()
    assert "Test Learner" in certificate and "Quiz test course" in certificate and "100%" in certificate
    lms.eval("() => { window.print = () => { window.__printedWith = document.documentElement.className; }; }")
    keyboard.activate("#sb-finish [data-action=print]")
    assert "print-certificate" in lms.eval("window.__printedWith")
    assert "print-certificate" not in lms.eval("document.documentElement.className")
    assert lms.cmi()["core"]["lesson_status"] == "passed"
    lms.assert_clean()


def test_printing_hides_the_controls_and_the_certificate_prints_alone(lms):
    lms.launch("three-pages")
    lms.page.emulate_media(media="print")
    assert lms.course.locator("#sb-contents").is_hidden() and lms.course.locator(".pager").is_hidden()
    assert lms.eval("[...document.querySelectorAll('section.page')].every(s => getComputedStyle(s).display !== 'none')")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_drawer_feedback_review_and_certificate(lms, scheme):
    sized(lms, "phone", scheme).launch("quiz-course")
    if scheme == "dark":
        assert lms.eval("matchMedia('(prefers-color-scheme: dark)').matches")
        assert lms.eval("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
    problems = {}
    lms.course.locator("#sb-menu").click()
    problems["drawer"] = lms.axe()
    lms.course.locator("#sb-menu").click()
    form = lms.course.locator("#q-kc-multiple")
    form.locator("input[value='0']").check()
    form.locator("input[value='2']").check()
    form.locator("[data-action=check]").click()
    form.locator("[data-action=answer]").click()
    problems["feedback and right answer"] = lms.axe()
    lms.eval("() => ScormBuilder.nav.show('assessment', {source: 'user', focus: true})")
    lms.course.locator("[data-action=start]").click()
    keyboard = Keyboard(lms)
    answer_all(lms, keyboard, WRONG)
    lms.course.locator("[data-action=submit]").click()
    if lms.course.locator("[data-role=submit-status]").is_visible():
        lms.course.locator("[data-action=submit]").click()
    problems["review"] = lms.axe()
    lms.course.locator("[data-action=start]").click()
    answer_all(lms, keyboard, RIGHT)
    lms.course.locator("[data-action=submit]").click()
    assert lms.course.locator("#sb-certificate").is_visible()
    problems["finish and certificate"] = lms.axe()
    lms.page.set_viewport_size({"width": 1280, "height": 800})
    problems["wide"] = lms.axe()
    assert {state: found for state, found in problems.items() if found} == {}


@pytest.mark.parametrize("course, scheme", [("social-value", "light"), ("social-value", "dark"), ("social-value+bolton", "dark")])
def test_axe_finds_nothing_on_any_page_of_the_real_course_in_either_theme(lms, course, scheme):
    sized(lms, "desktop", scheme).launch(course)
    problems = {}
    for index in range(SOCIAL_VALUE_PAGES):
        lms.eval("i => ScormBuilder.nav.show(i, {source: 'user', focus: true})", index)
        found = lms.axe()
        if found:
            problems[lms.current_title()] = found
    assert problems == {}


def test_diagram_text_is_at_least_12_px_on_a_320_px_screen(lms):
    sized(lms, "narrow").launch("social-value")
    smallest = {}
    for page in ("greater-manchester-policy", "building-it-in"):
        lms.eval("id => ScormBuilder.nav.show(id, {source: 'user', focus: true})", page)
        for image in lms.eval("""() => [...document.querySelectorAll('section.page.is-current img[src$=".svg"]')]
                .map(img => ({src: img.getAttribute('src'), shown: img.getBoundingClientRect().width}))"""):
            sizes = lms.eval("""async (src) => {
                const text = await (await fetch(src)).text();
                const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
                const width = Number(svg.getAttribute('viewBox').split(/\\s+/)[2]);
                const fonts = [...svg.querySelectorAll('[font-size]')].map(el => Number(el.getAttribute('font-size')));
                return {width, smallest: Math.min(...fonts)};
            }""", image["src"])
            smallest[image["src"]] = sizes["smallest"] * image["shown"] / sizes["width"]
    assert len(smallest) == 2
    assert all(px >= 12 for px in smallest.values()), smallest


def test_with_completion_either_the_contents_offer_both_ways_until_an_attempt_is_made(lms):
    lms.launch("social-value")  # completion: either
    left = lms.course.locator("#sb-contents [data-role=left]")
    assert " ".join(left.inner_text().split()) == ("To complete this course, pass the Final assessment (you need 80%), "
                                                   "or open every page. 16 pages are still to open.")
    lms.eval("() => ScormBuilder.nav.show('final-assessment', {source: 'user', focus: true})")
    lms.course.locator("[data-action=start]").click()
    submit = lms.course.locator("[data-action=submit]")
    submit.click()
    submit.click()  # nothing answered: submitted anyway, and failed
    assert lms.cmi()["core"]["lesson_status"] == "failed"
    # After an attempt only a pass completes the course: the finish screen says so and lists no pages.
    finish = lms.course.locator("#sb-finish [data-role=finish-left]")
    assert " ".join(finish.inner_text().split()) == "To complete this course, pass the Final assessment (you need 80%)."


def test_without_an_lms_the_finish_says_nothing_was_recorded_and_the_certificate_prints_alone(lms, server):
    page = lms.page
    page.goto(f"{server}/courses/three-pages/index.html")  # opened on its own, as from file://
    page.wait_for_function("window.ScormBuilder && window.ScormBuilder.ready")
    page.locator("#sb-next").click()
    page.locator("#sb-next").click()
    finish = page.locator("#sb-finish")
    assert finish.locator("h2").inner_text() == "Course complete"
    assert "not connected to a learning system, so nothing has been recorded" in finish.inner_text()
    assert "the learner" in page.locator("#sb-certificate").inner_text()  # no name without an LMS
    page.evaluate("document.documentElement.classList.add('print-certificate')")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => ({
        certificate: getComputedStyle(document.querySelector('.certificate-course')).visibility,
        page: getComputedStyle(document.querySelector('section.page.is-current h1')).visibility,
        button: getComputedStyle(document.querySelector('#sb-finish [data-action=print]')).display})""")
    assert shown == {"certificate": "visible", "page": "hidden", "button": "none"}
