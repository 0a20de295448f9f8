"""The host's course: named units, each holding one SCORM block, created when the server starts."""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

_UNITS: dict[str, str] = {}  # unit name -> usage id


def create_units(names: list[str], display_name: str) -> dict[str, str]:
    from .runtime import HostRuntime

    runtime = HostRuntime()
    for name in names:
        runtime.id_generator.set_scenario(name)  # usage ids look like "<name>.scorm.d0.u0"
        _UNITS[name] = runtime.parse_xml_string(f"<scorm display_name={quoteattr(display_name)}/>")
    return dict(_UNITS)


def usage_id(unit: str) -> str:
    try:
        return _UNITS[unit]
    except KeyError:
        from django.http import Http404

        raise Http404(f"no unit {unit!r}") from None
