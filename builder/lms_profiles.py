"""Named LMS profiles (``builder/lms_profiles.yml``) -> the ``LmsProfile`` switches.

The profiles are data shipped with the builder, not author input, but they are
still checked on reading (every key known, every value the right type), so a
mistake in an edit shows as ``path:line: message`` like any other.
"""
from __future__ import annotations

from dataclasses import fields
from functools import lru_cache
from pathlib import Path

from builder.problems import ProblemList
from builder.render import LmsProfile
from builder.sources import LineDict, read_yaml_file

PROFILES_FILE = Path(__file__).resolve().parent / "lms_profiles.yml"
DEFAULT_PROFILE = "default"
SWITCHES = {field.name: field.type for field in fields(LmsProfile) if field.name != "name"}


def lms_profile(name: str = DEFAULT_PROFILE) -> LmsProfile:
    """The named profile; KeyError if there is none (callers check ``profile_names()`` first)."""
    return _profiles()[name][0]


def profile_names() -> tuple[str, ...]:
    return tuple(_profiles())


def profile_about(name: str) -> str:
    return _profiles()[name][1]


@lru_cache(maxsize=1)
def _profiles() -> dict[str, tuple[LmsProfile, str]]:
    return read_profiles(PROFILES_FILE)


def read_profiles(path: Path) -> dict[str, tuple[LmsProfile, str]]:
    """Name -> (profile, one-line description); raises BuildError listing every mistake."""
    problems = ProblemList()
    data = read_yaml_file(path, problems, LineDict, "LMS profiles must be a mapping: profile name -> switches")
    problems.raise_if_errors()
    profiles = {}
    for name, settings in data.items():
        profile = _read_profile(str(name), settings, path, data.line_of(name), problems)
        if profile is not None:
            profiles[str(name)] = profile
    if DEFAULT_PROFILE not in data:
        problems.add(path, 1, f"there must be a '{DEFAULT_PROFILE}' profile")
    problems.raise_if_errors()
    return profiles


def _read_profile(name: str, settings, path: Path, line: int, problems: ProblemList):
    if not isinstance(settings, LineDict):
        problems.add(path, line, f"profile '{name}' must list its switches: {', '.join(SWITCHES)}")
        return None
    valid = True
    for key in settings:
        if key != "about" and key not in SWITCHES:
            problems.add(path, settings.line_of(key), f"unknown switch '{key}' in profile '{name}' (use: {', '.join(SWITCHES)})")
            valid = False
    for key, kind in SWITCHES.items():
        value = settings.get(key)
        if key not in settings:
            problems.add(path, line, f"profile '{name}' must set '{key}' (every profile lists every switch)")
            valid = False
        elif not _is(kind, value):
            problems.add(path, settings.line_of(key), f"'{key}' must be {'true or false' if kind == 'bool' else 'a whole number'}")
            valid = False
    if not valid:
        return None
    switches = {key: settings[key] for key in SWITCHES}
    return LmsProfile(name=name, **switches), str(settings.get("about") or "")


def _is(kind: str, value) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
