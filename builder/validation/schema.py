"""The manifest against the SCORM 1.2 XSDs shipped in ``builder/schemas/scorm12``.

The driver schema imports IMS CP 1.1.2, ADL CP 1.2 and IMS MD 1.2.1 from local
files (see the README there); the manifest's own xsi:schemaLocation is never
followed, and nothing is fetched from the network.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from builder.problems import Problem
from builder.validation.manifest import NS_ADLCP, NS_CP, NS_MD, NS_XML

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas" / "scorm12"
DRIVER = SCHEMA_DIR / "scorm12-driver.xsd"

_PREFIXES = {NS_CP: "", NS_ADLCP: "adlcp:", NS_MD: "imsmd:", NS_XML: "xml:"}
_CLARK = re.compile(r"\{([^}]*)\}")
_BAD_ID = re.compile(r"attribute '(\w+)': '(.*)' is not a valid value of the atomic type 'xs:ID'")


@lru_cache(maxsize=1)
def load_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(DRIVER), parser))


def _readable(message: str) -> str:
    """Write namespaces the way the manifest author does: <item>, adlcp:masteryscore."""
    return _CLARK.sub(lambda m: _PREFIXES.get(m.group(1), m.group(0)), message).rstrip(".")


def check_schema(tree: etree._ElementTree, label: str, duplicate_ids: set[str]) -> list[Problem]:
    schema = load_schema()
    if schema.validate(tree):
        return []
    problems = []
    for error in schema.error_log:
        message = _readable(error.message)
        bad_id = _BAD_ID.search(message)
        if bad_id:
            if bad_id.group(2) in duplicate_ids:
                continue  # the CAM rules report duplicates with both lines; libxml2's wording is misleading
            message = (f"{bad_id.group(1)} {bad_id.group(2)!r} is not a valid XML ID (it must start with a letter "
                       "or '_' and contain only letters, digits, '.', '-' and '_')")
            problems.append(Problem(label, error.line, message))
            continue
        problems.append(Problem(label, error.line, f"schema: {message}"))
    return problems
