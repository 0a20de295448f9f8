"""Authority profiles: one YAML file per council -> a checked ``Authority``.

This is part of the loading edge (like ``builder.loader``): every mistake in
a profile is collected and reported as ``path:line: message``, including
colours that fail WCAG 2.2 AA contrast, and nothing later re-checks them.
The format is documented in docs/authorities.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from builder.assets import svg_problem
from builder.colours import TEXT_CONTRAST, UI_CONTRAST, contrast_ratio, format_ratio, is_hex_colour, normalise
from builder.problems import ProblemList, closest
from builder.render import Brand, LmsProfile
from builder.sources import LineDict, like_id, read_yaml_file

DEFAULT_FOLDER = Path("authorities")
PROFILE_SUFFIXES = (".yml", ".yaml")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REQUIRED_KEYS = ("id", "name")
OPTIONAL_KEYS = ("logo", "colours", "contact", "support", "lms")
MAX_NAME = 60  # fits the page header and an LMS's course list
MAX_LINE = 200
LOGO_TYPES = (".svg", ".png")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_LOGO_BYTES = 100 * 1024  # a logo should not double the size of a small package
LOGO_FOLDER = "theme"  # a package folder the loader keeps free for us (loader.RESERVED_TOP_LEVEL)

# The stylesheet's own colours (templates/static/css/course.css, :root). A profile
# overrides only the three brand colours; the others are the page it sits on.
DEFAULT_COLOURS = {"brand": "#1b365d", "brand_text": "#ffffff", "accent": "#00703c"}
PAGE_COLOURS = {"page": "#ffffff", "panel": "#f3f2f1"}  # --bg, --panel
CSS_PROPERTIES = {"brand": "brand", "brand_text": "brand-contrast", "accent": "accent"}
PAGE_NAMES = {"page": "the white page background", "panel": "the grey call-out background"}

# (foreground, background, minimum ratio, what the pair is used for, WCAG 2.2 success criterion)
CONTRAST_RULES = (
    ("brand_text", "brand", TEXT_CONTRAST, "text in the header and on buttons", "1.4.3"),
    ("brand", "page", TEXT_CONTRAST, "the 'Save and exit' button text", "1.4.3"),
    ("accent", "page", UI_CONTRAST, "the current-page marker in the contents", "1.4.11"),
    ("accent", "panel", UI_CONTRAST, "the border of call-outs", "1.4.11"),
)


@dataclass(frozen=True)
class Authority:
    id: str
    name: str
    source: Path
    colours: dict  # brand, brand_text, accent: every one set (the profile's or the default)
    contact: str = ""
    support: str = ""
    lms: LmsProfile = LmsProfile()
    logo_file: Path | None = None  # None: the header shows the council's name as a wordmark

    @property
    def logo_path(self) -> str:
        """Where the logo sits in the package ("" without one)."""
        return f"{LOGO_FOLDER}/logo{self.logo_file.suffix.lower()}" if self.logo_file else ""

    def theme_files(self) -> tuple:
        """(package path, bytes) of the files the brand adds: the logo, if the council has one."""
        return ((self.logo_path, self.logo_file.read_bytes()),) if self.logo_file else ()

    def brand(self) -> Brand:
        return Brand(
            name=self.name, logo=self.logo_path, logo_alt=f"{self.name} logo",
            colours={CSS_PROPERTIES[key]: value for key, value in sorted(self.colours.items())},
            contact=self.contact, support=self.support,
        )


def load_authorities(folder: Path = DEFAULT_FOLDER, ids: tuple[str, ...] = ()) -> list[Authority]:
    """The profiles named by ``ids`` (all of them when empty); raises BuildError listing every problem."""
    problems = ProblemList()
    files = _profile_files(folder, problems)
    if not files:
        problems.raise_if_errors()
    chosen = _choose(files, ids, folder, problems)
    authorities = [authority for path in chosen if (authority := _read_profile(path, problems))]
    problems.raise_if_errors()
    return authorities


def _profile_files(folder: Path, problems: ProblemList) -> dict[str, Path]:
    """File stem -> profile file; an authority's id is the name of its file."""
    if not folder.is_dir():
        problems.add(folder, 0, "no authorities folder: create it with one profile per council, such as bolton.yml "
                                "(see docs/authorities.md), or point --authorities at it")
        return {}
    files = {}
    # '.YML' too: saved on Windows, a profile named so was left out without a word.
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in PROFILE_SUFFIXES and p.is_file()):
        if path.stem in files:
            problems.add(path, 0, f"two profiles for '{path.stem}': keep {files[path.stem].name} or {path.name}, not both")
        files.setdefault(path.stem, path)
    if not files:
        problems.add(folder, 0, "the authorities folder has no profiles: add one per council, such as bolton.yml")
    return files


def _choose(files: dict[str, Path], ids: tuple[str, ...], folder: Path, problems: ProblemList) -> list[Path]:
    if not ids:
        return list(files.values())
    for wanted in ids:
        if wanted not in files:
            problems.add(folder, 0, f"no authority '{wanted}': there is no {wanted}.yml here (known: {', '.join(files)})")
    return [files[wanted] for wanted in dict.fromkeys(ids) if wanted in files]


def _read_profile(path: Path, problems: ProblemList) -> Authority | None:
    data = read_yaml_file(path, problems, LineDict, "an authority profile must be 'key: value' lines (id, name, colours, ...)")
    if data is None:
        return None
    count = len(problems.errors)
    for key in data:
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            problems.add(path, data.line_of(key), f"unknown key '{key}'{_known_hint(key, REQUIRED_KEYS + OPTIONAL_KEYS)}")
    authority_id = _check_id(data, path, problems)
    name = _line(data, "name", MAX_NAME, path, problems, required=True)
    contact = _line(data, "contact", MAX_LINE, path, problems)
    support = _line(data, "support", MAX_LINE, path, problems)
    colours = _read_colours(data, path, problems)
    logo = _read_logo(data, path, problems)
    lms = _read_lms(data, path, problems)
    if len(problems.errors) > count:
        return None
    return Authority(authority_id, name, path, colours, contact, support, lms, logo)


def _check_id(data: LineDict, path: Path, problems: ProblemList) -> str:
    authority_id = _text(data.get("id"))
    if not authority_id:
        problems.add(path, data.line, f"the profile needs 'id: {path.stem}'")
    elif not ID_PATTERN.match(authority_id):
        problems.add(path, data.line_of("id"), f"id '{authority_id}' must be lower-case letters, digits and hyphens{like_id(authority_id)}")
    elif authority_id != path.stem:
        problems.add(path, data.line_of("id"), f"id '{authority_id}' must match the file name: call the file "
                                               f"{authority_id}{path.suffix} or set 'id: {path.stem}'")
    return authority_id


def _line(data: LineDict, key: str, limit: int, path: Path, problems: ProblemList, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            problems.add(path, data.line, f"the profile needs '{key}:'")
        return ""
    if isinstance(value, (dict, list)):
        problems.add(path, data.line_of(key), f"'{key}' must be one line of text")
        return ""
    text = _text(data.text_of(key) if not isinstance(value, str) else value)  # 'No', as written, not False
    if required and not text:
        problems.add(path, data.line_of(key), f"'{key}' is empty")
    if len(text) > limit:
        problems.add(path, data.line_of(key), f"'{key}' is {len(text)} characters long; keep it to {limit} or fewer")
    return text


def _read_colours(data: LineDict, path: Path, problems: ProblemList) -> dict:
    given = data.get("colours")
    if given is None:
        return dict(DEFAULT_COLOURS)
    if not isinstance(given, LineDict):
        problems.add(path, data.line_of("colours"), f"'colours' must list colours by name: {', '.join(DEFAULT_COLOURS)}")
        return dict(DEFAULT_COLOURS)
    colours, lines, valid = dict(DEFAULT_COLOURS), {}, True
    for key, value in given.items():
        line = given.line_of(key)
        if key not in DEFAULT_COLOURS:
            problems.add(path, line, f"unknown colour '{key}'{_known_hint(key, tuple(DEFAULT_COLOURS))}")
        elif value is None:
            # In YAML an unquoted # starts a comment, so `brand: #1d3f6e` reads as an empty value.
            problems.add(path, line, f"colour '{key}' is empty; write it in quotes, like {key}: \"{DEFAULT_COLOURS[key]}\" "
                                     "(without quotes, YAML reads # as the start of a comment)")
        elif not isinstance(value, str) or not is_hex_colour(value.strip()):
            problems.add(path, line, f"colour '{key}' is {value!r}; write a hex colour in quotes, like {key}: \"{DEFAULT_COLOURS[key]}\"")
        else:
            colours[key], lines[key] = normalise(value.strip()), line
            continue
        valid = False
    if valid:
        _check_contrast(colours, lines, path, problems)
    return colours


def _check_contrast(colours: dict, lines: dict, path: Path, problems: ProblemList) -> None:
    """WCAG 2.2 AA for every place the stylesheet uses a brand colour (see CONTRAST_RULES)."""
    everything = {**PAGE_COLOURS, **colours}
    for foreground, background, minimum, use, criterion in CONTRAST_RULES:
        if foreground not in lines and background not in lines:
            continue  # the stylesheet's own pairs pass; only what the author changed is reported
        ratio = contrast_ratio(everything[foreground], everything[background])
        if ratio >= minimum:
            continue
        line = lines.get(foreground) or lines[background]
        other = PAGE_NAMES.get(background, background)
        problems.add(path, line, f"colour {foreground} {everything[foreground]} on {other} {everything[background]} has contrast "
                                 f"{format_ratio(ratio)}; {use} needs at least {minimum:g}:1 (WCAG 2.2 SC {criterion})")


def _read_logo(data: LineDict, path: Path, problems: ProblemList) -> Path | None:
    raw = _text(data.get("logo"))
    if not raw:
        return None
    line = data.line_of("logo")
    logo = (path.parent / raw).resolve()
    suffix = logo.suffix.lower()
    if suffix not in LOGO_TYPES:
        problems.add(path, line, f"logo '{raw}' must be an .svg or .png file")
    elif not logo.is_relative_to(path.parent.resolve()):
        problems.add(path, line, f"logo '{raw}' must be in the authorities folder, beside the profile")
    elif not logo.is_file():
        problems.add(path, line, f"logo '{raw}': no such file beside {path.name}")
    elif logo.stat().st_size > MAX_LOGO_BYTES:
        problems.add(path, line, f"logo '{raw}' is {logo.stat().st_size // 1024} KB; keep it under {MAX_LOGO_BYTES // 1024} KB")
    elif reason := _logo_content_problem(raw, suffix, logo.read_bytes()):
        problems.add(path, line, reason)
    else:
        return logo
    return None


def _logo_content_problem(raw: str, suffix: str, data: bytes) -> str | None:
    if not _looks_like(data, suffix):
        return f"logo '{raw}' is not a real {suffix[1:].upper()} file"
    if suffix != ".svg":
        return None
    if reason := _unsafe_svg(data):
        return f"logo '{raw}' {reason}: a package must work offline and run no code from its images"
    # The same rules as a course's own pictures: a javascript: link, a <foreignObject> or a
    # DOCTYPE passed the quick look above, and the logo goes into every council's package.
    return f"logo '{raw}': {reason}" if (reason := svg_problem(data)) else None


# What an SVG logo must not hold: a package is self-contained, and an image runs no script.
UNSAFE_SVG = ((re.compile(rb"<script", re.I), "holds a <script>"),
              (re.compile(rb"(?:href|src)\s*=\s*[\"']?\s*(?:https?:|//)|url\(\s*[\"']?\s*(?:https?:|//)", re.I),
               "loads something from the web"),
              (re.compile(rb"\bon[a-z]+\s*=", re.I), "has an event handler attribute (onload=...)"))


def _unsafe_svg(data: bytes) -> str:
    return next((reason for pattern, reason in UNSAFE_SVG if pattern.search(data)), "")


def _looks_like(data: bytes, suffix: str) -> bool:
    """A light check that catches a renamed file (say a JPEG saved as .png), not a full parse."""
    return data.startswith(PNG_SIGNATURE) if suffix == ".png" else b"<svg" in data


def _read_lms(data: LineDict, path: Path, problems: ProblemList) -> LmsProfile:
    from builder.lms_profiles import DEFAULT_PROFILE, lms_profile, profile_names

    name = _text(data.get("lms")) or DEFAULT_PROFILE
    if name not in profile_names():
        problems.add(path, data.line_of("lms"), f"unknown LMS profile '{name}' (use: {', '.join(profile_names())})")
        return LmsProfile()
    return lms_profile(name)


def _known_hint(key, known: tuple) -> str:
    """': did you mean ...?' for a slip of the keys ('colors'), else the names there are."""
    meant = closest(key, known, cutoff=0.75)
    return f": did you mean '{meant}'?" if meant else f" (use: {', '.join(known)})"


def _text(value) -> str:
    return "" if value is None else str(value).strip()
