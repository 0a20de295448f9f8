"""Screenshots of the learner's main states at 1280x800, 390x844 and 320x640, light and dark, for
people to look at (docs/screenshots/). The Social Value course runs in the test LMS (scorm-again).

    .venv/bin/python tests/browser/screenshots.py [--out docs/screenshots] [--authority bolton]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_harness import AXE, CHROMIUM_ARGS, HERE, RECORD_EVENTS, ROOT, SCORM_AGAIN, LmsSession  # noqa: E402
from conftest import CourseBuilds, _Handler, chromium_path  # noqa: E402

SIZES = {"desktop": (1280, 800), "phone": (390, 844), "narrow": (320, 640)}


def serve(builds: CourseBuilds) -> tuple[ThreadingHTTPServer, str]:
    routes = {"/lms/": HERE / "lms", "/vendor/scorm-again/": SCORM_AGAIN, "/vendor/axe-core/": AXE.parent}
    handler = type("Handler", (_Handler,), {"routes": routes, "courses": builds})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(ROOT)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def pass_assessment(lms: LmsSession, right: bool = True):
    """Answer every drawn question (right, or leave them), submit (twice if some are unanswered)."""
    lms.eval("i => ScormBuilder.nav.show(ScormBuilder.data.assessment.page, {source: 'user', focus: true})")
    lms.course.locator("[data-action=start]").click()
    if right:
        lms.eval("""() => {
          const key = ScormBuilder.data.questions;
          document.querySelectorAll('form[data-scored]:not([hidden])').forEach(form => {
            const q = key[form.dataset.question];
            if (q.type === 'single' || q.type === 'multiple') q.correct.forEach(i => { form.querySelector('#' + form.id + '-o' + i).checked = true; });
            if (q.type === 'true-false') form.querySelector('#' + form.id + (q.correct ? '-true' : '-false')).checked = true;
            if (q.type === 'fill-in') form.querySelector('input[type=text]').value = q.correct[0];
            if (q.type === 'matching') form.querySelectorAll('select').forEach((s, i) => { s.value = String(i); });
            if (q.type === 'ordering') { const ol = form.querySelector('ol'); [...ol.children].sort((a, b) => a.dataset.item - b.dataset.item).forEach(li => ol.appendChild(li)); }
          });
        }""")
    else:  # wrong answers where they show best in the review: matching and single choice
        lms.eval("""() => {
          const key = ScormBuilder.data.questions;
          document.querySelectorAll('form[data-scored]:not([hidden])').forEach(form => {
            const q = key[form.dataset.question];
            if (q.type === 'matching') form.querySelectorAll('select').forEach((s, i) => { s.value = String(i === 0 ? 0 : (i + 1) % q.count); });
            if (q.type === 'single') form.querySelector('#' + form.id + '-o' + ((q.correct[0] + 1) % q.count)).checked = true;
            form.dispatchEvent(new Event('change'));
          });
        }""")
    submit = lms.course.locator("[data-action=submit]")
    submit.click()
    if submit.is_visible():
        submit.click()


def shoot(page, lms: LmsSession, path: Path):
    lms.frame.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.locator("#course").screenshot(path=str(path))
    # Kept small for the repository: 64 colours are plenty for a page of text (pngquant, if installed).
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--strip", "--output", str(path), "64", str(path)], check=False)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--authority", default="")
    parser.add_argument("--only", default="", help="comma-separated sizes")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    course = "social-value" + (f"+{args.authority}" if args.authority else "")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        builds = CourseBuilds(Path(tmp))
        httpd, base = serve(builds)
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        sizes = {k: v for k, v in SIZES.items() if not args.only or k in args.only.split(",")}
        for size, (width, height) in sizes.items():
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB",
                                              color_scheme=scheme)
                context.add_init_script(RECORD_EVENTS)
                page = context.new_page()
                page.add_style_tag  # noqa: B018 - the LMS page: give the course frame the whole window
                lms = LmsSession(page, base, builds).launch(course)
                page.add_style_tag(content="body > p { display: none } #course { height: 100vh !important }")
                name = f"{args.authority + '-' if args.authority else ''}{size}-{scheme}"
                lms.eval("() => ScormBuilder.nav.show(1, {source: 'user', focus: true})")
                shoot(page, lms, out / f"{name}-1-page.png")
                if args.authority:
                    context.close()
                    continue
                if width < 900 and scheme == "light":
                    lms.course.locator("#sb-menu").click()
                    shoot(page, lms, out / f"{name}-2-contents.png")
                    lms.course.locator("#sb-menu").click()
                if scheme == "light":
                    lms.eval("() => ScormBuilder.nav.show('greater-manchester-policy', {source: 'user', focus: true})")
                    lms.course.locator("img[src$='six-objectives.svg']").scroll_into_view_if_needed()
                    shoot(page, lms, out / f"{name}-3-diagram.png")
                # A knowledge check answered half right, then the right answer shown.
                form_id = lms.eval("""() => { const f = [...document.querySelectorAll('form[data-type=multiple]:not([data-scored])')][0];
                   ScormBuilder.nav.show(f.closest('section').dataset.page, {source: 'user', focus: true}); return f.id; }""")
                lms.eval("""id => { const f = document.getElementById(id), q = ScormBuilder.data.questions[f.dataset.question];
                   const wrong = [...Array(q.count).keys()].find(i => !q.correct.includes(i));
                   f.querySelector('#' + id + '-o' + q.correct[0]).checked = true;
                   if (wrong !== undefined) f.querySelector('#' + id + '-o' + wrong).checked = true; }""", form_id)
                lms.course.locator(f"#{form_id} [data-action=check]").click()
                lms.course.locator(f"#{form_id} [data-action=answer]").click()
                lms.course.locator(f"#{form_id}").scroll_into_view_if_needed()
                shoot(page, lms, out / f"{name}-4-check.png")
                pass_assessment(lms, right=False)
                # The review of a matching question, the hardest to fit at 320 px.
                lms.eval("""() => { const f = document.querySelector('form[data-scored][data-type=matching]:not([hidden])')
                    || document.querySelector('form[data-scored]:not([hidden])'); f.scrollIntoView(); }""")
                if scheme == "light":
                    shoot(page, lms, out / f"{name}-5-review.png")
                pass_assessment(lms, right=True)
                lms.course.locator("#sb-finish").scroll_into_view_if_needed()
                shoot(page, lms, out / f"{name}-6-finish.png")
                if scheme == "light":  # Save and exit: the session is over, the final screen says so
                    lms.course.locator("#sb-exit").click()
                    shoot(page, lms, out / f"{name}-7-saved.png")
                context.close()
        browser.close()
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
