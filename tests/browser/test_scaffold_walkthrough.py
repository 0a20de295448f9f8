"""The course `scorm-builder new` makes, walked through in Chromium by a keyboard-only learner,
with scorm-again as the LMS: glossary link, page link, knowledge check, final quiz, pass."""
from __future__ import annotations

COURSE = "scaffold"  # built by conftest.built_courses from builder.scaffold.create_course


def tab_to(lms, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        if lms.eval(f"() => !!document.activeElement && document.activeElement.matches({selector!r})"):
            return
        lms.page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def press_on(lms, selector: str, key: str = "Enter") -> None:
    tab_to(lms, selector)
    lms.page.keyboard.press(key)


def choose(lms, form: str, label: str) -> None:
    """Tab into a radio group, then Space and arrow keys until the option with this label is chosen."""
    tab_to(lms, f"{form} input[type=radio]")
    lms.page.keyboard.press("Space")
    for _ in range(6):
        if lms.eval("() => { const el = document.activeElement; return el.checked && el.labels[0].textContent.trim(); }") == label:
            return
        lms.page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not choose {label!r} in {form}")


def test_a_keyboard_learner_walks_through_the_new_course_and_passes(lms):
    lms.launch(COURSE)
    assert (lms.position(), lms.current_title()) == ("Page 1 of 4", "Welcome")
    assert lms.axe() == []

    press_on(lms, "section.is-current a.glossary-link")  # the first glossary word on the page
    assert (lms.current_title(), lms.focused_id()) == ("Glossary", "p-glossary--term-procurement")
    assert lms.axe() == []

    lms.course.locator("#sb-contents a[data-page='welcome']").focus()
    lms.page.keyboard.press("Enter")
    press_on(lms, "section.is-current a[href='#p-pictures-and-questions']")  # a link between pages
    assert (lms.position(), lms.current_title()) == ("Page 2 of 4", "Pictures and questions")
    picture = lms.course.locator("section.is-current img")
    assert picture.get_attribute("alt") == "Three steps in a row: plan, then buy, then check."
    assert lms.eval("() => document.querySelector('section.is-current img').naturalWidth") > 0
    choose(lms, "#q-first-step", "Plan")
    press_on(lms, "#q-first-step [data-action=check]")
    assert lms.course.locator("#q-first-step-feedback").inner_text().startswith("Correct.")
    assert lms.axe() == []

    press_on(lms, "#sb-next")
    assert lms.current_title() == "Glossary"
    press_on(lms, "#sb-next")
    assert (lms.position(), lms.current_title()) == ("Page 4 of 4", "Final quiz")
    press_on(lms, "[data-action=start]")
    choose(lms, "#q-quiz-picture-words", "Alt text")
    choose(lms, "#q-quiz-headings", "False")
    tab_to(lms, "#q-quiz-steps input[type=text]")
    lms.page.keyboard.type("three")
    press_on(lms, "[data-action=submit]")

    assert lms.course.locator("[data-role=result-title]").inner_text() == "Your result: 100%"
    assert lms.axe() == []
    cmi = lms.cmi()
    assert (cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"]) == ("passed", "100")
    lms.assert_clean()
