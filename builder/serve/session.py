"""One preview session: a temporary folder, the builds, the watcher and the server together."""
from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from builder.serve.previews import Preview, Previews
from builder.serve.server import PreviewServer
from builder.serve.watcher import CourseWatcher


class PreviewSession:
    """``start()`` builds once, then serves and watches; ``stop()`` undoes all of it.

    ``report`` is called with every build (the first included), from the watcher's thread.
    """

    def __init__(self, course_dir: Path, port: int = 0, report: Callable[[Preview], None] = lambda preview: None):
        self.course_dir = course_dir
        self.port = port
        self.report = report
        self.work_dir: Path | None = None
        self.previews: Previews | None = None
        self.server: PreviewServer | None = None
        self.watcher: CourseWatcher | None = None
        self._serving: threading.Thread | None = None

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> "PreviewSession":
        self.work_dir = Path(tempfile.mkdtemp(prefix="scorm-builder-serve-"))
        try:
            self.previews = Previews(self.course_dir, self.work_dir)
            self.server = PreviewServer(self.previews, self.port)
            self.report(self.previews.rebuild())
            self._serving = threading.Thread(target=self.server.serve_forever, name="scorm-builder-server", daemon=True)
            self._serving.start()
            self.watcher = CourseWatcher(self.course_dir, lambda changes: self.report(self.previews.rebuild()))
            self.watcher.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        if self.server is not None:
            if self._serving is not None:
                self.server.stop()
                self._serving.join(timeout=5)
            else:
                self.server.server_close()
        if self.work_dir is not None:
            shutil.rmtree(self.work_dir, ignore_errors=True)
        self.watcher = self.server = self._serving = None

    def __enter__(self) -> "PreviewSession":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
