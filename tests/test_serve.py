"""`scorm-builder serve` without a browser: builds, rebuilds, the server's boundaries, Ctrl-C."""
from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from builder.serve import PreviewSession
from builder.serve import watcher as watcher_module
from builder.serve.launch import read_launch
from builder.serve.server import safe_join

FIXTURE = Path(__file__).parent / "fixtures" / "courses" / "serve-course"
SCORM_BUILDER = Path(sys.executable).with_name("scorm-builder")


@pytest.fixture
def course(tmp_path) -> Path:
    """A copy of the fixture course that a test may edit."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "serve-course"))


@pytest.fixture
def session(course):
    builds = []
    with PreviewSession(course, port=0, report=builds.append) as running:
        running.builds = builds
        yield running


def get(session, path: str, host: str | None = None) -> http.client.HTTPResponse:
    """A GET with the path sent exactly as given (no client-side clean-up of '..')."""
    connection = http.client.HTTPConnection("127.0.0.1", session.server.port, timeout=5)
    headers = {"Host": host} if host else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def wait_until(check, timeout=30.0):  # only a failing test waits this long
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


# --- building and rebuilding ------------------------------------------------------------------

def test_first_build_is_served_as_the_real_package(session):
    status = json.loads(get(session, "/status").body)
    assert status["ok"] is True and status["build"] == 1
    assert status["course"] == {"id": "serve-course", "pages": 3}
    assert status["launch"]["href"] == "index.html"
    page = get(session, "/course/index.html")
    assert page.status == 200 and page.getheader("Content-Type") == "text/html; charset=utf-8"
    assert b"The first page says hello to the learner." in page.body
    assert get(session, "/course/imsmanifest.xml").status == 200
    assert get(session, "/course/runtime/lms-api.js").status == 200


def test_saving_a_page_rebuilds_with_the_new_text(session, course):
    page = course / "01-start.md"
    page.write_text(page.read_text().replace("says hello", "says good morning"))
    wait_until(lambda: session.previews.current.number >= 2)
    assert b"says good morning" in get(session, "/course/index.html").body
    assert session.builds[-1].ok


def test_a_save_straight_after_start_is_seen_when_the_watcher_runs_late(course, monkeypatch):
    """The watching is set up on its own thread, which a busy computer may run late (about one
    start in twenty here): start() returns only once the folder is watched."""
    real_watch = watcher_module.watch

    def late_watch(*args, **kwargs):
        time.sleep(0.5)  # the watcher's thread gets the processor late
        yield from real_watch(*args, **kwargs)

    monkeypatch.setattr(watcher_module, "watch", late_watch)
    with PreviewSession(course, port=0) as session:
        page = course / "01-start.md"
        page.write_text(page.read_text().replace("says hello", "says good morning"))
        wait_until(lambda: session.previews.current.number >= 2)
        assert b"says good morning" in get(session, "/course/index.html").body


def test_a_broken_edit_reports_path_line_message_and_a_fix_recovers(session, course):
    first_folder = session.previews.current.folder
    (course / "03-finish.md").write_text("---\ntitle: [unclosed\n---\nText.\n")
    wait_until(lambda: not session.previews.current.ok)
    status = json.loads(get(session, "/status").body)
    assert status["ok"] is False
    assert status["problems"] and all(re.match(r"^.+03-finish\.md:\d+: .+", line) for line in status["problems"])
    assert get(session, "/course/index.html").status == 404  # nothing stale is served
    wait_until(lambda: not first_folder.exists())  # the previous build is removed, just after the switch
    (course / "03-finish.md").write_text("---\ntitle: Fixed\n---\nFixed text.\n")
    wait_until(lambda: session.previews.current.ok)
    assert b"Fixed text." in get(session, "/course/index.html").body


def test_stopping_removes_the_temporary_folder(course):
    session = PreviewSession(course, port=0).start()
    work_dir = session.work_dir
    assert any(work_dir.iterdir())
    session.stop()
    assert not work_dir.exists()


def test_launch_reads_what_an_lms_reads_from_the_manifest(tmp_path):
    (tmp_path / "imsmanifest.xml").write_text(
        '<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" identifier="M">'
        '<organizations default="ORG"><organization identifier="ORG"><title>Course</title>'
        '<item identifier="I" identifierref="R"><title>Course</title>'
        '<adlcp:masteryscore>80</adlcp:masteryscore><adlcp:datafromlms>council=bolton</adlcp:datafromlms>'
        '</item></organization></organizations>'
        '<resources><resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="start.html"/></resources>'
        '</manifest>')
    launch = read_launch(tmp_path)
    assert (launch.href, launch.title, launch.mastery_score, launch.launch_data) == ("start.html", "Course", "80", "council=bolton")


# --- the server's boundaries --------------------------------------------------------------------

def test_binds_loopback_only(session):
    assert session.server.server_address[0] == "127.0.0.1"
    assert session.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize("path", [
    "/course/../../../../etc/passwd",
    "/course/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/course/..%2f..%2f..%2fetc%2fpasswd",
    "/course/runtime/../../secret.txt",
    "/course//etc/passwd",
    "/course/%5c..%5c..%5csecret.txt",
    "/course/index.html%00.png",
    "/simulator/../serve/simulator.html.j2",
    "/simulator/simulator.html.j2",
    "/../../etc/passwd",
])
def test_never_serves_outside_its_folders(session, course, path):
    (course.parent / "secret.txt").write_text("secret")
    response = get(session, path)
    assert response.status == 404
    assert b"root:" not in response.body and b"secret" not in response.body


def test_a_symlink_out_of_the_build_is_not_followed(session, tmp_path):
    (tmp_path / "outside.txt").write_text("outside")
    link = session.previews.current.folder / "link.txt"
    link.symlink_to(tmp_path / "outside.txt")
    assert get(session, "/course/link.txt").status == 404
    assert safe_join(session.previews.current.folder, "link.txt") is None
    assert safe_join(session.previews.current.folder, "index.html") is not None


def test_requests_for_another_host_are_refused(session):
    # DNS rebinding: a web page on evil.example resolving to 127.0.0.1 sends its own Host header.
    assert get(session, "/status", host="evil.example").status == 403
    assert get(session, "/status", host=f"localhost:{session.server.port}").status == 200


def test_the_server_is_read_only(session):
    connection = http.client.HTTPConnection("127.0.0.1", session.server.port, timeout=5)
    connection.request("POST", "/status", body=b"{}")
    assert connection.getresponse().status == 501
    connection.close()


def test_events_stream_announces_each_build(session, course):
    connection = http.client.HTTPConnection("127.0.0.1", session.server.port, timeout=10)
    connection.request("GET", "/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    first = json.loads(response.readline().decode().removeprefix("data: "))
    assert first["build"] == 1
    response.readline()  # the blank line that ends an event
    (course / "01-start.md").write_text("---\ntitle: Start here\n---\nChanged.\n")
    second = json.loads(response.readline().decode().removeprefix("data: "))
    assert second["build"] == 2 and second["ok"] is True
    connection.close()


# --- the command --------------------------------------------------------------------------------

def start_serve(course: Path, tmp_path: Path, *args: str) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir(exist_ok=True)
    process = subprocess.Popen([str(SCORM_BUILDER), "serve", str(course), "--no-open", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = process.stdout.readline()
    while line and "http://" not in line:
        line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert match, f"no URL printed: {line!r} {process.stderr.read() if process.poll() is not None else ''}"
    return process, match.group(0)


def test_ctrl_c_stops_cleanly_with_exit_0(course, tmp_path):
    process, url = start_serve(course, tmp_path, "--port", "0")
    try:
        port = int(url.rsplit(":", 1)[1].strip("/"))
        assert b"LMS simulator" in _fetch(port, "/")
        # An open event stream (a browser tab) must not keep the process alive.
        stream = socket.create_connection(("127.0.0.1", port), timeout=15)
        stream.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        received = b""
        while b"data:" not in received:  # the stream is open: its first event has arrived
            chunk = stream.recv(4096)
            assert chunk, received
            received += chunk
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err and "Traceback" not in out
    assert "Stopped." in out
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary build folders are gone
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1)
    stream.close()


def test_a_busy_port_is_an_error_with_a_hint(course, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([str(SCORM_BUILDER), "serve", str(course), "--no-open", "--port", str(port)],
                                capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert f"127.0.0.1:{port}" in result.stderr and "--port 0" in result.stderr
    assert "Traceback" not in result.stderr


def _fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    body = connection.getresponse().read()
    connection.close()
    return body


# --- warnings, disconnects, load -------------------------------------------------------------

def test_build_warnings_are_shown_as_build_shows_them(course, tmp_path):
    (course / "summary.md").write_text("---\ntitle: Summary\n---\nThe end.\n")
    process, url = start_serve(course, tmp_path, "--port", "0")
    try:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert re.search(r"summary\.md:1: warning: this page file has no number, so it comes last.*\[page-order\]", err), err


def request_threads() -> set[threading.Thread]:
    return {thread for thread in threading.enumerate() if "process_request_thread" in thread.name}


def test_a_client_that_hangs_up_mid_answer_leaves_no_traceback(session, capfd):
    port = session.server.port
    earlier = request_threads()
    for _ in range(50):  # ask for the biggest file and leave without reading it
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            client.sendall(f"GET /course/index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert get(session, "/status").status == 200  # still serving
    # Every answer is over (an error would be printed by then), however slowly this machine ran them.
    wait_until(lambda: not request_threads() - earlier)
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "BrokenPipe" not in captured.err and "ConnectionReset" not in captured.err


def test_the_listen_backlog_takes_a_browser_burst(session):
    assert session.server.request_queue_size >= 64
