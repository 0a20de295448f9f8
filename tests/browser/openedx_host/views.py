"""The host's pages: a course unit showing the block (learner or Studio view), the XBlock handler
endpoint, and a read-only report of what the block stored and published for a learner.

Handlers run one at a time: the workbench's key-value store has no transactions (Open edX wraps
each request in one), and the XBlock's synchronous reads can overlap its queued writes.
"""
from __future__ import annotations

import json
import threading

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie
from xblock.django.request import django_to_webob_request, webob_to_django_response
from xblock.exceptions import NoSuchUsage

from . import runtime as host
from .block import usage_id

_HANDLERS = threading.Lock()
# The XBlock's fields a report shows (Scope.user_state), as the XBlock names them.
STATE_FIELDS = ("lesson_status", "success_status", "lesson_score", "scorm_data", "session_started_at")
SETTINGS_FIELDS = ("display_name", "has_score", "weight", "index_page_path", "scorm_version", "package_meta",
                   "package_warnings")


def index(_request):
    return HttpResponse("Open edX SCORM XBlock host for scorm-builder's tests\n", content_type="text/plain")


@ensure_csrf_cookie
def unit(request, learner: str, unit: str, view_name: str):
    """One course unit holding the SCORM block, as the LMS (student_view) or Studio (studio_view) shows it."""
    if view_name not in ("student_view", "studio_view", "author_view"):
        raise Http404
    runtime = host.HostRuntime(learner)
    block = runtime.get_block(usage_id(unit))
    fragment = block.render(view_name, {})
    return render(request, "host/unit.html", {
        "title": block.display_name, "learner": learner, "view_name": view_name,
        "body": fragment.body_html(), "head_html": fragment.head_html(), "foot_html": fragment.foot_html(),
    })


def handler(request, learner: str, usage: str, handler_slug: str, suffix: str = ""):
    runtime = host.HostRuntime(learner)
    try:
        block = runtime.get_block(usage)
    except NoSuchUsage as error:
        raise Http404 from error
    if handler_slug.startswith("scorm_"):
        host.record_call(learner, handler_slug, request.body.decode("utf-8", "replace"))
    webob_request = django_to_webob_request(request)
    for _ in "learner", learner, "handler", usage:  # what the XBlock sees starts at the handler's name
        webob_request.path_info_pop()
    with _HANDLERS:
        result = block.runtime.handle(block, handler_slug, webob_request, suffix)
    return webob_to_django_response(result)


def report(request, learner: str, unit: str):
    """What the LMS holds for a learner: the block's fields, its published events, the calls it got."""
    with _HANDLERS:
        block = host.HostRuntime(learner).get_block(usage_id(unit))
        state = {name: getattr(block, name) for name in STATE_FIELDS}
        settings = {name: getattr(block, name) for name in SETTINGS_FIELDS}
        grade = block.get_grade()
    body = {"learner": learner, "unit": unit, "user_id": host.learner_number(learner), "state": state, "settings": settings,
            "grade": grade, "published": host.published(learner), "calls": host.calls(learner)}
    return HttpResponse(json.dumps(body, default=str), content_type="application/json")
