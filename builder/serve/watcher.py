"""Watch a course folder on a background thread and report each batch of changes.

watchfiles (Rust, inotify/FSEvents, with polling as a fallback) groups a burst of saves into
one batch and already ignores editor swap files, .git and __pycache__.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from watchfiles import watch

# watchfiles sends an empty batch after this long without changes; the first batch of any kind
# means the folder is being watched.
QUIET_MS = 100
# Past this, start() gives up waiting for the watcher (it goes on starting on its thread).
START_SECONDS = 10


class CourseWatcher:
    def __init__(self, folder: Path, on_change: Callable[[set], None], debounce_ms: int = 300):
        self.folder = folder
        self.on_change = on_change
        self.debounce_ms = debounce_ms
        self._stop = threading.Event()
        self._watching = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scorm-builder-watcher", daemon=True)

    def start(self) -> None:
        """Returns once the folder is watched. The watching is set up on the thread, which a busy
        computer may run late: a save made before that would go unseen, and the preview stale."""
        self._thread.start()
        self._watching.wait(START_SECONDS)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        # raise_interrupt=False: Ctrl-C belongs to the main thread, which stops us via stop().
        try:
            for changes in watch(self.folder, stop_event=self._stop, debounce=self.debounce_ms,
                                 rust_timeout=QUIET_MS, yield_on_timeout=True, raise_interrupt=False):
                self._watching.set()
                if changes:
                    self.on_change(changes)
        finally:
            self._watching.set()  # never keep start() waiting for a watcher that failed
