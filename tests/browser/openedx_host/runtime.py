"""The host side of the XBlock runtime: xblock-sdk's WorkbenchRuntime plus the services Open edX
gives a block and the workbench does not. Nothing here touches the SCORM XBlock's own code.

- LearnerService: the "user" service, with the ``edx-platform.*`` attributes the SCORM XBlock
  reads (the workbench's own user service has only ``xblock-workbench.user_id``).
- HostRuntime: gives each block a location whose ``block_id`` is a string (the workbench puts a
  Mock there, and the XBlock joins it into a storage path); makes handler URLs without a query
  string, as Open edX does (the learner is in the path here, where Open edX has the session: the
  workbench's ``?student=`` would end up inside the XBlock's asset URLs, which it builds by
  appending the file's path to its handler URL); and keeps what the block publishes ("grade",
  "completion", tracking events) so that tests can read it back, as an LMS's gradebook and
  completion service would.
"""
from __future__ import annotations

import threading
import zlib
from types import SimpleNamespace

from django.urls import reverse
from xblock.reference.user_service import UserService, XBlockUser

from workbench.runtime import WorkbenchRuntime

_LOCK = threading.Lock()
PUBLISHED: dict[str, list[dict]] = {}  # learner -> [{"type": ..., "data": ...}] in order
CALLS: dict[str, list[dict]] = {}  # learner -> [{"handler": ..., "body": ...}] in order


def learner_number(learner: str) -> int:
    """A stable numeric user id, as Open edX has, for a learner named in the URL."""
    return zlib.crc32(learner.encode()) % 1_000_000 + 1


class LearnerService(UserService):
    """The current learner, named by the ``?student=`` of the request (the workbench's convention)."""

    runtime = None  # set by WorkbenchRuntime._load_service

    def get_current_user(self):
        learner = str(self.runtime.user_id)
        user = XBlockUser(is_current_user=True, emails=[f"{learner}@example.org"], full_name=learner)
        user.opt_attrs["edx-platform.user_id"] = learner_number(learner)
        user.opt_attrs["edx-platform.username"] = learner
        user.opt_attrs["edx-platform.is_authenticated"] = True
        return user


class HostRuntime(WorkbenchRuntime):

    def _patch_xblock(self, block):
        super()._patch_xblock(block)
        usage_id = str(block.scope_ids.usage_id)
        block.location = SimpleNamespace(block_id=usage_id, html_id=lambda: usage_id)

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        url = reverse("handler", args=(self.user_id, block.scope_ids.usage_id, handler_name, suffix))
        return f"{url}?{query}" if query else url

    def publish(self, block, event_type, event_data):
        with _LOCK:
            PUBLISHED.setdefault(str(self.user_id), []).append({"type": event_type, "data": event_data})
        super().publish(block, event_type, event_data)


def record_call(learner: str, handler: str, body: str) -> None:
    with _LOCK:
        CALLS.setdefault(learner, []).append({"handler": handler, "body": body})


def published(learner: str) -> list[dict]:
    with _LOCK:
        return list(PUBLISHED.get(learner, []))


def calls(learner: str) -> list[dict]:
    with _LOCK:
        return list(CALLS.get(learner, []))
