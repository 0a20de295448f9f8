"""The preview's HTTP server: loopback only, read-only, and never outside its folders.

    /                   the LMS simulator page (templates/serve/simulator.html.j2)
    /simulator/<name>   the simulator's own scripts and styles (a fixed list)
    /course/<path>      the current build of the course, unzipped
    /status             the current build as JSON
    /events             the same, pushed on every new build (Server-Sent Events)
"""
from __future__ import annotations

import json
import mimetypes
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.render import environment
from builder.serve.previews import Previews
from builder.templates_dir import templates_dir

LOOPBACK = "127.0.0.1"
SIMULATOR_FILES = ("lms-api-sim.js", "simulator.js", "simulator.css")
KEEP_ALIVE_SECONDS = 15.0
# A browser reloading a course asks for dozens of files at once; socketserver's default of 5
# waiting connections made some of them fail under load.
LISTEN_BACKLOG = 128
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # a browser tab left open must not keep the process alive
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, previews: Previews, port: int = 0):
        self.previews = previews
        self.stopping = threading.Event()
        super().__init__((LOOPBACK, port), PreviewHandler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/"

    def handle_error(self, request, client_address) -> None:
        """A browser that closes a connection mid-answer (a reload, a closed tab) is no error to show."""
        if isinstance(sys.exc_info()[1], DISCONNECTS):
            return
        super().handle_error(request, client_address)

    def stop(self) -> None:
        """End the event streams, stop serve_forever() (on another thread) and close the socket."""
        self.stopping.set()
        self.previews.wake_all()
        self.shutdown()
        self.server_close()


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "scorm-builder-serve"

    def do_GET(self) -> None:
        self.route(send_body=True)

    def do_HEAD(self) -> None:
        self.route(send_body=False)

    def route(self, send_body: bool) -> None:
        if not self.host_is_ours():
            # A page on another site cannot reach us through DNS rebinding: its Host header differs.
            return self.send_error(HTTPStatus.FORBIDDEN, "unexpected Host header")
        path = unquote(urlsplit(self.path).path)
        if path == "/":
            return self.send_bytes(self.simulator_page(), "text/html; charset=utf-8", send_body)
        if path == "/status":
            return self.send_json(self.server.previews.current.as_json(), send_body)
        if path == "/events":
            return self.send_events()
        if path.startswith("/simulator/") and path[len("/simulator/"):] in SIMULATOR_FILES:
            return self.send_file(templates_dir() / "serve" / path[len("/simulator/"):], send_body)
        if path.startswith("/course/"):
            folder = self.server.previews.current.folder
            target = safe_join(folder, path[len("/course/"):]) if folder else None
            if target is not None:
                return self.send_file(target, send_body)
        self.send_error(HTTPStatus.NOT_FOUND)

    def host_is_ours(self) -> bool:
        host = (self.headers.get("Host") or "").lower()
        return host in (f"{LOOPBACK}:{self.server.port}", f"localhost:{self.server.port}")

    def simulator_page(self) -> bytes:
        previews = self.server.previews
        config = {"courseFolder": previews.course_dir.resolve().as_posix()}
        page = environment().get_template("serve/simulator.html.j2").render(
            course_folder=previews.course_dir.name, config=config)
        return page.encode("utf-8")

    def send_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        shown = -1
        try:
            while not self.server.stopping.is_set():
                preview = self.server.previews.wait_for_build(shown, KEEP_ALIVE_SECONDS)
                if self.server.stopping.is_set():
                    break
                if preview.number != shown:
                    shown = preview.number
                    self.wfile.write(f"data: {json.dumps(preview.as_json())}\n\n".encode("utf-8"))
                else:
                    self.wfile.write(b": still here\n\n")  # lets the browser notice a dead server
                self.wfile.flush()
        except DISCONNECTS:
            pass  # the tab was closed or reloaded

    def send_json(self, data: dict, send_body: bool) -> None:
        self.send_bytes(json.dumps(data).encode("utf-8"), "application/json", send_body)

    def send_file(self, path: Path, send_body: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError:
            return self.send_error(HTTPStatus.NOT_FOUND)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        self.send_bytes(data, kind, send_body)

    def send_bytes(self, data: bytes, content_type: str, send_body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # every rebuild must show at once
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal shows builds and problems, not every request


def safe_join(root: Path, relative: str) -> Path | None:
    """``root/relative`` if that is a file inside ``root`` (symlinks resolved); else None."""
    if not relative or "\x00" in relative or "\\" in relative:
        return None
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    base = root.resolve()
    target = base.joinpath(*parts).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target
