"""The one SCORM block of the host's course, created when the server starts."""
from __future__ import annotations

from workbench.runtime import ID_MANAGER

_USAGE: list[str] = []


def create_block(display_name: str) -> str:
    from xml.sax.saxutils import quoteattr

    from .runtime import HostRuntime

    runtime = HostRuntime()
    runtime.id_generator.set_scenario("course")
    _USAGE[:] = [runtime.parse_xml_string(f"<scorm display_name={quoteattr(display_name)}/>")]
    return _USAGE[0]


def usage_id() -> str:
    if not _USAGE:
        raise RuntimeError("the host's block was not created (run openedx_host/serve.py)")
    return _USAGE[0]


__all__ = ["ID_MANAGER", "create_block", "usage_id"]
