"""``scorm-builder serve``: preview a course inside a local LMS simulator while editing it.

    watcher (watchfiles) --change--> previews.rebuild() --new build--> server --SSE--> browser reloads

- ``previews``: builds the real zip into a temporary folder and unzips it for serving.
- ``launch``: what an LMS reads from imsmanifest.xml to launch the course.
- ``watcher``: watches the course folder on a thread.
- ``server``: the loopback-only HTTP server (simulator page, course files, build events).
- ``session``: starts and stops all of the above together.

The simulator page itself lives in templates/serve/ (HTML, JS, CSS).
"""
from __future__ import annotations

from builder.serve.session import PreviewSession

__all__ = ["PreviewSession"]
