"""Start the host: ``python -m openedx_host.serve DATA_DIR TITLE UNIT...`` (tests/browser on PYTHONPATH).

Creates the database in DATA_DIR, one unit with a SCORM block titled TITLE per UNIT name, listens
on 127.0.0.1 on a free port, and prints one JSON line ``{"url": ..., "units": {name: usage id}}``
once it accepts requests.
Runs until terminated. Used by the ``openedx`` fixture (tests/browser/openedx_harness.py).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    data = Path(argv[0]).resolve()
    (data / "media").mkdir(parents=True, exist_ok=True)
    os.environ["OPENEDX_HOST_DATA"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openedx_host.settings")
    import django

    django.setup()
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    from openedx_host.block import create_units

    call_command("migrate", verbosity=0, interactive=False)
    units = create_units(argv[2:] or ["course"], argv[1] if len(argv) > 1 else "SCORM")

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):  # keep the test output quiet
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, ipv6=False)
    server.daemon_threads = True
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    host, port = server.server_address[:2]
    print(json.dumps({"url": f"http://{host}:{port}", "units": units}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
