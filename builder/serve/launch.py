"""What an LMS reads from a package's imsmanifest.xml to launch its SCO.

The simulator hands these to the course the way an LMS does (CAM 2.3.x adlcp elements):
the launch page, adlcp:masteryscore -> cmi.student_data.mastery_score, adlcp:datafromlms ->
cmi.launch_data, adlcp:maxtimeallowed and adlcp:timelimitaction -> cmi.student_data.*.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from lxml import etree

from builder.manifest import NS_ADLCP, NS_IMSCP

NS = {"cp": NS_IMSCP, "adlcp": NS_ADLCP}


@dataclass(frozen=True)
class Launch:
    href: str
    title: str = ""
    mastery_score: str = ""
    launch_data: str = ""
    max_time_allowed: str = ""
    time_limit_action: str = ""

    def as_json(self) -> dict:
        return asdict(self)


def read_launch(package_folder: Path) -> Launch:
    """The first item of the default organization, and the SCO resource it points at."""
    tree = etree.parse(str(package_folder / "imsmanifest.xml"))
    organizations = tree.find("cp:organizations", NS)
    default = organizations.get("default")
    organization = organizations.find(f"cp:organization[@identifier='{default}']", NS)
    if organization is None:
        organization = organizations.find("cp:organization", NS)
    item = organization.find(".//cp:item[@identifierref]", NS)
    resource = tree.find(f"cp:resources/cp:resource[@identifier='{item.get('identifierref')}']", NS)
    return Launch(
        href=resource.get("href"),
        title=_text(organization, "cp:title"),
        mastery_score=_text(item, "adlcp:masteryscore"),
        launch_data=_text(item, "adlcp:datafromlms"),
        max_time_allowed=_text(item, "adlcp:maxtimeallowed"),
        time_limit_action=_text(item, "adlcp:timelimitaction"),
    )


def _text(element, path: str) -> str:
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""
