"""Build the course for the preview, and again on every change.

Each build is the real package (the same zip ``scorm-builder build`` writes), unzipped into
its own folder under the session's temporary folder; the previous one is removed once the
new one is in place. Waiters (the browser's event streams) are woken on every new build.
"""
from __future__ import annotations

import shutil
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from builder.build import build_course
from builder.problems import BuildError, display_path
from builder.serve.launch import Launch, read_launch


@dataclass(frozen=True)
class Preview:
    """One build: the unzipped package to serve, or the problems that stopped it."""

    number: int  # counts builds, so the browser can tell a new one from the one it shows
    folder: Path | None = None
    launch: Launch | None = None
    course_id: str = ""
    pages: int = 0
    problems: tuple[str, ...] = ()
    warnings: tuple = ()  # what a build shows as warnings (builder.problems.Problem), the build went ahead
    built_at: str = field(default_factory=lambda: time.strftime("%H:%M:%S"))

    @property
    def ok(self) -> bool:
        return self.folder is not None

    def as_json(self) -> dict:
        return {
            "build": self.number, "ok": self.ok, "problems": list(self.problems), "builtAt": self.built_at,
            "warnings": [str(warning) for warning in self.warnings],
            "course": {"id": self.course_id, "pages": self.pages},
            "launch": self.launch.as_json() if self.launch else None,
        }


class Previews:
    """The latest build of one course folder; ``rebuild()`` makes the next one."""

    def __init__(self, course_dir: Path, work_dir: Path):
        self.course_dir = course_dir
        self.work_dir = work_dir
        self._current = Preview(number=0, problems=("the first build has not finished yet",))
        self._changed = threading.Condition()

    @property
    def current(self) -> Preview:
        with self._changed:
            return self._current

    def rebuild(self) -> Preview:
        number = self.current.number + 1
        preview = self._build(number)
        with self._changed:
            previous, self._current = self._current, preview
            self._changed.notify_all()
        if previous.folder is not None:
            shutil.rmtree(previous.folder, ignore_errors=True)
        return preview

    def wait_for_build(self, after: int, timeout: float) -> Preview:
        """The current build once it is newer than ``after``, or after ``timeout`` seconds anyway."""
        with self._changed:
            self._changed.wait_for(lambda: self._current.number != after, timeout)
            return self._current

    def wake_all(self) -> None:
        """Release every waiter now (the server is stopping)."""
        with self._changed:
            self._changed.notify_all()

    def _build(self, number: int) -> Preview:
        zips = self.work_dir / "zips"
        try:
            result = build_course(self.course_dir, zips)
        except BuildError as error:
            return Preview(number, problems=tuple(str(problem) for problem in error.problems))
        except Exception as error:  # a hook or the file system failed: keep serving, say why
            return Preview(number, problems=(f"{display_path(self.course_dir)}:0: the build failed: {error}",))
        folder = self.work_dir / f"build-{number}"
        with zipfile.ZipFile(result.zip_path) as archive:
            archive.extractall(folder)
        result.zip_path.unlink(missing_ok=True)
        return Preview(number, folder=folder, launch=read_launch(folder), course_id=result.course.id,
                       pages=result.pages, warnings=tuple(warning.as_problem() for warning in result.warnings))
