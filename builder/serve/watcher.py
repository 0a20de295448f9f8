"""Watch a course folder on a background thread and report each batch of changes.

watchfiles (Rust, inotify/FSEvents, with polling as a fallback) groups a burst of saves into
one batch and already ignores editor swap files, .git and __pycache__.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from watchfiles import watch


class CourseWatcher:
    def __init__(self, folder: Path, on_change: Callable[[set], None], debounce_ms: int = 300):
        self.folder = folder
        self.on_change = on_change
        self.debounce_ms = debounce_ms
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scorm-builder-watcher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        # raise_interrupt=False: Ctrl-C belongs to the main thread, which stops us via stop().
        for changes in watch(self.folder, stop_event=self._stop, debounce=self.debounce_ms,
                             raise_interrupt=False):
            self.on_change(changes)
