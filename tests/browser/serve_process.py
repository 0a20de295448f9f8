"""Run `scorm-builder serve` as a learner's author would, on a free loopback port, for browser tests."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

SCORM_BUILDER = Path(sys.executable).with_name("scorm-builder")


class ServeProcess:
    """`scorm-builder serve COURSE --port 0 --no-open` in a subprocess; output collected as it comes.

    ``temp_dir`` becomes its TMPDIR, so even a killed process leaves nothing behind in /tmp.
    """

    def __init__(self, course: Path, temp_dir: Path):
        temp_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen([str(SCORM_BUILDER), "serve", str(course), "--port", "0", "--no-open"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env=dict(os.environ, TMPDIR=str(temp_dir)))
        self.out: list[str] = []
        self.err: list[str] = []
        self._url = threading.Event()
        self.url = ""
        threading.Thread(target=self._read, args=(self.process.stdout, self.out), daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, self.err), daemon=True).start()
        if not self._url.wait(90):  # the first build can be slow on a busy machine
            self.process.kill()
            raise AssertionError(f"serve printed no URL: {self.out} {self.err}")

    def _read(self, stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line)
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if found:
                self.url = found.group(0)
                self._url.set()

    def interrupt(self, timeout: float = 30) -> int:
        """Ctrl-C, as the author presses it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
