"""A process that checks and builds course folders one by one, with its memory capped.

Run by tests/test_fuzz_sources.py: it reads one course folder per line on stdin and
answers one JSON line per folder: what became of it ("built", "reported": the tool's own
problems, "memory": past the cap, "crash": anything else, with the traceback) and how long
it took: "seconds" of processor time (this process and any it started), which other work on a
busy machine does not inflate, and "wall" seconds on the clock. The cap (RLIMIT_AS) is the process's size once its libraries are loaded plus the
allowance given as the first argument, so each input may use that much more and no more.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path


def _virtual_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


def _processor_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main() -> None:
    allowance = int(sys.argv[1])
    from builder.build import build_course
    from builder.problems import BuildError
    from builder.quality import check_course_dir

    out = Path(tempfile.mkdtemp(prefix="fuzz-out-"))
    resource.setrlimit(resource.RLIMIT_AS, (_virtual_size() + allowance, resource.RLIM_INFINITY))
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        folder = Path(line.strip())
        started, cpu_started = time.perf_counter(), _processor_seconds()
        try:
            report = check_course_dir(folder)
            try:
                build_course(folder, out)
                outcome = "built"
            except BuildError:
                outcome = "reported"
            if outcome == "built" and report.errors:
                outcome = "crash"
                detail = "check found errors but the build went ahead: " + "; ".join(map(str, report.errors))
            else:
                detail = ""
        except MemoryError:
            outcome, detail = "memory", ""
        except BaseException:  # noqa: BLE001 - any other exception is what the test looks for
            outcome, detail = "crash", traceback.format_exc()
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        print(json.dumps({"outcome": outcome, "detail": detail, "seconds": _processor_seconds() - cpu_started,
                          "wall": time.perf_counter() - started}), flush=True)


if __name__ == "__main__":
    main()
