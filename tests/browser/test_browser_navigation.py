"""Moving around the course: keyboard only, contents, links to pages and headings, no JavaScript."""
from __future__ import annotations


def tab_until(lms, element_id: str, limit: int = 40) -> None:
    """Press Tab (from the LMS page, into the course frame) until element_id has focus."""
    for _ in range(limit):
        lms.page.keyboard.press("Tab")
        if lms.focused_id() == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}; focus is on #{lms.focused_id()}")


def test_keyboard_only_learner_moves_through_pages(lms):
    lms.launch()
    lms.page.keyboard.press("Tab")
    assert lms.eval("document.activeElement.textContent") == "Skip to main content"
    tab_until(lms, "sb-next")
    lms.page.keyboard.press("Enter")
    # Focus lands on the new page's heading, so a screen reader starts reading the new page.
    assert lms.focused_id() == "p-middle-title"
    assert lms.position() == "Page 2 of 3"
    assert lms.eval("document.title") == "The middle page \u2013 Browser test course"
    # Shift+Tab goes back up the page; Tab from the heading reaches Previous and then works with Space.
    tab_until(lms, "sb-prev")
    lms.page.keyboard.press("Space")
    assert lms.focused_id() == "p-welcome-title"
    assert lms.position() == "Page 1 of 3"
    assert lms.page_errors == []


def test_contents_links_switch_page_and_mark_the_current_one(lms):
    lms.launch()
    link = lms.course.locator('#sb-contents a[data-page="end"]')
    link.focus()
    lms.page.keyboard.press("Enter")
    assert lms.focused_id() == "p-end-title"
    assert link.get_attribute("aria-current") == "page"
    assert lms.course.locator('#sb-contents a[aria-current]').count() == 1
    assert lms.course.locator("#sb-next").is_disabled()
    assert lms.course.locator("section.page:visible").count() == 1


def test_link_to_a_heading_on_another_page(lms):
    lms.launch()
    lms.course.get_by_role("link", name="the part about saving").click()
    assert lms.current_title() == "The middle page"
    assert lms.focused_id() == "p-middle--saving-your-place"
    assert lms.course.locator("#p-middle--saving-your-place").is_visible()
    assert lms.eval("(() => { const r = document.getElementById('p-middle--saving-your-place')"
                    ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()")
    lms.course.get_by_role("link", name="the middle page").first.focus()  # not visible: on page 1
    lms.next()
    lms.course.get_by_role("link", name="the start").click()
    assert lms.current_title() == "Welcome"


def test_back_returns_from_a_link_to_the_link_itself(lms):
    lms.launch()
    back = lms.course.locator("#sb-back")
    assert back.is_hidden()
    lms.course.get_by_role("link", name="the part about saving").click()
    assert lms.current_title() == "The middle page"
    assert back.is_visible() and back.inner_text() == "Back to Welcome"
    assert lms.axe() == []
    back.focus()
    lms.page.keyboard.press("Enter")
    # The learner carries on reading where they left: on the link they followed, on its page.
    assert lms.current_title() == "Welcome"
    assert lms.eval("document.activeElement.textContent") == "the part about saving"
    assert back.is_hidden()
    assert lms.page_errors == []


def test_moving_any_other_way_withdraws_the_way_back(lms):
    lms.launch()
    back = lms.course.locator("#sb-back")
    lms.course.get_by_role("link", name="the part about saving").click()
    assert back.is_visible()
    lms.next()
    assert back.is_hidden()
    lms.course.locator('#sb-contents a[data-page="welcome"]').click()  # the contents list is not a detour
    assert lms.current_title() == "Welcome" and back.is_hidden()


def test_hash_in_the_launch_url_opens_that_page(lms):
    lms.launch(query="#p-end")
    assert lms.position() == "Page 3 of 3"


def test_skip_link_moves_to_the_main_content(lms):
    lms.launch()
    lms.page.keyboard.press("Tab")
    lms.page.keyboard.press("Enter")
    assert lms.focused_id() == "main"
    assert lms.page_errors == []


def test_without_javascript_every_page_is_one_long_document(context, server):
    page = context.browser.new_context(java_script_enabled=False).new_page()
    try:
        page.goto(f"{server}/courses/three-pages/index.html")
        assert page.locator("html.no-js").count() == 1
        assert page.locator("section.page:visible").count() == 3
        assert page.locator(".pager").is_hidden()
    finally:
        page.context.close()


def test_small_screen_layout_keeps_the_pager_usable(lms):
    lms.page.set_viewport_size({"width": 360, "height": 640})
    lms.launch()
    lms.next()
    assert lms.position() == "Page 2 of 3"
    width = lms.eval("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert width, "the page scrolls sideways on a small screen"
