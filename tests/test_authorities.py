"""Authority profiles: loading and checking them, logos, and branded builds for every council."""
from __future__ import annotations

import importlib.util
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from builder.authorities import DEFAULT_COLOURS, PAGE_COLOURS, load_authorities
from builder.build import authority_variants, build_variants, build_course
from builder.cli import cli
from builder.colours import contrast_ratio, format_ratio
from builder.problems import BuildError, display_path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "authorities"
FIXTURES = Path(__file__).parent / "fixtures" / "authorities"
COURSE = ROOT / "courses" / "social-value"
MINIMAL = Path(__file__).parent / "fixtures" / "courses" / "minimal"
COUNCILS = ("blackpool", "bolton", "bury", "cheshire-east", "manchester", "oldham", "rochdale", "salford",
            "stockport", "tameside", "trafford", "wigan")
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2"}


def problems_of(folder: Path, ids=()) -> list[str]:
    with pytest.raises(BuildError) as caught:
        load_authorities(folder, ids)
    return [str(problem) for problem in caught.value.problems]


def shared_validate(path: Path) -> list[str]:
    spec = importlib.util.spec_from_file_location("shared_validate", "/work/shared/scorm12-schemas/validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.validate(str(path))


def manifest_of(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("imsmanifest.xml"))


def files_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def main_of(index_html: bytes) -> str:
    """The learning content itself: everything between <main> and </main>."""
    return re.search(r"<main\b.*?</main>", index_html.decode("utf-8"), re.S).group(0)


# --- the shipped profiles -------------------------------------------------------------------------

def test_every_council_has_a_valid_shipped_profile():
    authorities = load_authorities(SHIPPED)
    assert tuple(a.id for a in authorities) == COUNCILS
    for authority in authorities:
        assert authority.name.endswith("Council")
        assert authority.logo_file is None  # never a made-up logo: the header shows the name until the council adds its own
        assert contrast_ratio(authority.colours["brand_text"], authority.colours["brand"]) >= 4.5


def test_one_authority_can_be_loaded_alone():
    assert [a.name for a in load_authorities(SHIPPED, ("wigan", "bury"))] == ["Wigan Council", "Bury Council"]


def test_an_unknown_authority_is_named_with_the_known_ones():
    [problem] = problems_of(SHIPPED, ("atlantis",))
    assert problem.startswith(f"{display_path(SHIPPED)}:0: no authority 'atlantis': there is no atlantis.yml here (known: blackpool, bolton,")


def test_a_missing_folder_says_how_to_make_one(tmp_path):
    [problem] = problems_of(tmp_path / "nowhere")
    assert "no authorities folder" in problem and "bolton.yml" in problem


# --- checking profiles ----------------------------------------------------------------------------

def test_low_contrast_colours_are_errors_with_exact_messages():
    path = display_path(FIXTURES / "low-contrast" / "pale.yml")
    assert problems_of(FIXTURES / "low-contrast") == [
        f"{path}:4: colour brand #8a8a8a on the white page background #ffffff has contrast 3.45:1; "
        "the 'Save and exit' button text needs at least 4.5:1 (WCAG 2.2 SC 1.4.3)",
        f"{path}:5: colour brand_text #ffffff on brand #8a8a8a has contrast 3.45:1; "
        "text in the header and on buttons needs at least 4.5:1 (WCAG 2.2 SC 1.4.3)",
        f"{path}:6: colour accent #cccccc on the grey call-out background #f3f2f1 has contrast 1.43:1; "
        "the border of call-outs needs at least 3:1 (WCAG 2.2 SC 1.4.11)",
        f"{path}:6: colour accent #cccccc on the white page background #ffffff has contrast 1.60:1; "
        "the current-page marker in the contents needs at least 3:1 (WCAG 2.2 SC 1.4.11)",
    ]


def test_every_mistake_in_a_profile_is_reported_at_once_with_its_line():
    path = display_path(FIXTURES / "mistakes" / "mistakes.yml")
    assert problems_of(FIXTURES / "mistakes") == [
        f"{path}:1: id 'other' must match the file name: call the file other.yml or set 'id: mistakes'",
        f"{path}:3: logo 'missing.svg': no such file beside mistakes.yml",
        f"{path}:5: colour 'brand' is empty; write it in quotes, like brand: \"#1b365d\" "
        "(without quotes, YAML reads # as the start of a comment)",
        f"{path}:6: colour 'accent' is 'teal'; write a hex colour in quotes, like accent: \"#00703c\"",
        f"{path}:7: unknown LMS profile 'blackboard' (use: default, moodle, totara, learning-pool, cornerstone, strict)",
        f"{path}:8: unknown key 'motto' (use: id, name, logo, colours, contact, support, lms)",
    ]


@pytest.mark.parametrize("text, line, message", [
    ("name: No Id\n", 1, "the profile needs 'id: council'"),
    ("id: council\n", 1, "the profile needs 'name:'"),
    ("id: Council\nname: X\n", 1, "id 'Council' must be lower-case letters, digits and hyphens, like 'council'"),
    ("id: council\nname: X\ncontact: [a, b]\n", 3, "'contact' must be one line of text"),
    ("id: council\nname: X\ncolours: navy\n", 3, "'colours' must list colours by name: brand, brand_text, accent"),
    ("id: council\nname: X\ncolours:\n  link: \"#000000\"\n", 4, "unknown colour 'link' (use: brand, brand_text, accent)"),
    ("id: council\nname: X\nlogo: ../council.yml\n", 3, "logo '../council.yml' must be an .svg or .png file"),
    ("id: council\nname: X\nlogo: fake.png\n", 3, "logo 'fake.png' is not a real PNG file"),
    ("- a list\n", 1, "an authority profile must be 'key: value' lines (id, name, colours, ...)"),
])
def test_profile_mistakes(tmp_path, text, line, message):
    (tmp_path / "council.yml").write_text(text)
    (tmp_path / "fake.png").write_bytes(b"GIF89a not a png")
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{display_path(tmp_path / 'council.yml')}:{line}: {message}")


def test_broken_yaml_is_reported_at_its_line(tmp_path):
    (tmp_path / "council.yml").write_text("id: council\nname: [\n")
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{display_path(tmp_path / 'council.yml')}:3: ") and "YAML" in problem


def test_a_logo_must_stay_beside_the_profile(tmp_path):
    (tmp_path / "logo.svg").write_text("<svg/>")
    folder = tmp_path / "authorities"
    folder.mkdir()
    (folder / "council.yml").write_text("id: council\nname: X\nlogo: ../logo.svg\n")
    [problem] = problems_of(folder)
    assert problem.endswith("council.yml:3: logo '../logo.svg' must be in the authorities folder, beside the profile")


def test_colours_given_in_short_or_upper_case_are_normalised():
    [authority] = load_authorities(FIXTURES / "with-logo")
    assert authority.colours == {"brand": "#222222", "brand_text": "#ffffff", "accent": "#00703c"}


def test_the_defaults_match_the_stylesheet():
    """The contrast checks pair brand colours with the page's own: they must be the stylesheet's."""
    css = (ROOT / "templates" / "static" / "css" / "course.css").read_text()
    declared = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})", css.split("}", 1)[0]))
    assert declared["brand"] == DEFAULT_COLOURS["brand"]
    assert declared["brand-contrast"] == DEFAULT_COLOURS["brand_text"]
    assert declared["accent"] == DEFAULT_COLOURS["accent"]
    assert declared["bg"] == PAGE_COLOURS["page"]
    assert declared["panel"] == PAGE_COLOURS["panel"]


@pytest.mark.parametrize("first, second, shown", [
    ("#000000", "#ffffff", "21.00:1"), ("#fff", "#fff", "1.00:1"), ("#777777", "#ffffff", "4.47:1"), ("#767676", "#ffffff", "4.54:1"),
])
def test_contrast_ratio_follows_wcag(first, second, shown):
    assert format_ratio(contrast_ratio(first, second)) == shown
    assert contrast_ratio(first, second) == contrast_ratio(second, first)


# --- logos ---------------------------------------------------------------------------------------

def test_a_profile_without_a_logo_ships_no_image_and_the_header_names_the_council(tmp_path):
    [authority] = load_authorities(SHIPPED, ("cheshire-east",))
    assert authority.theme_files() == () and authority.brand().logo == ""
    [result] = build_variants(MINIMAL, tmp_path, authority_variants(SHIPPED, ("cheshire-east",)))
    index = files_of(result.zip_path)["index.html"].decode("utf-8")
    assert "brand-logo" not in index and '<span class="brand-name">Cheshire East Council</span>' in index


@pytest.mark.parametrize("svg, reason", [
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/crest.png"/></svg>', "loads something from the web"),
    ('<svg><style>rect { fill: url( "//cdn.example.org/x" ) }</style></svg>', "loads something from the web"),
    ('<svg><script>alert(1)</script></svg>', "holds a <script>"),
    ('<svg onload="alert(1)"></svg>', "has an event handler attribute"),
])
def test_an_svg_logo_that_would_fetch_or_run_something_is_refused(tmp_path, svg, reason):
    (tmp_path / "logo.svg").write_text(svg)
    (tmp_path / "council.yml").write_text("id: council\nname: X\nlogo: logo.svg\n")
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{display_path(tmp_path / 'council.yml')}:3: logo 'logo.svg' {reason}")


@pytest.mark.parametrize("svg, reason", [
    # These passed the quick look above and went into every council's package; a course's own
    # pictures were already refused for them (builder.assets.svg_problem).
    ('<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
     "this SVG has a javascript: address in 'href' (on <a>)"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "this SVG holds <foreignObject>"),
    ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
     "this SVG declares a DOCTYPE"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:alert(1)"/></svg>',
     "this SVG has an <set> that changes a link"),
])
def test_an_svg_logo_meets_the_rules_of_a_course_picture(tmp_path, svg, reason):
    (tmp_path / "logo.svg").write_text(svg)
    (tmp_path / "council.yml").write_text("id: council\nname: X\nlogo: logo.svg\n")
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{display_path(tmp_path / 'council.yml')}:3: logo 'logo.svg': {reason}")


def test_profiles_saved_as_editors_save_them_are_read_and_every_mistake_is_reported(tmp_path):
    # A '.YML' profile was skipped without a word; two files for one council hid every other mistake.
    (tmp_path / "wigan.YML").write_bytes(b"\xef\xbb\xbfid: wigan\r\nname: No\r\n")
    (tmp_path / "bury.yml").write_text("id: bury\nname: Bury\n")
    (tmp_path / "bury.yaml").write_text("id: bury\nname: Bury again\n")
    (tmp_path / "bolton.yml").write_text("id: bolton\nname: Bolton\ncolors:\n  brand: \"#000000\"\n")
    assert problems_of(tmp_path) == [
        f"{display_path(tmp_path / 'bolton.yml')}:3: unknown key 'colors': did you mean 'colours'?",
        f"{display_path(tmp_path / 'bury.yml')}:0: two profiles for 'bury': keep bury.yaml or bury.yml, not both",
    ]
    (tmp_path / "bolton.yml").unlink()
    (tmp_path / "bury.yaml").unlink()
    assert [(authority.id, authority.name) for authority in load_authorities(tmp_path)] == [("bury", "Bury"), ("wigan", "No")]


# --- branded builds -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    """The real course built plain and for all twelve councils, in one load."""
    out = tmp_path_factory.mktemp("dist")
    plain = build_course(COURSE, out)
    branded = build_variants(COURSE, out, authority_variants(SHIPPED))
    return plain, branded


def test_all_authorities_give_twelve_valid_zips_named_per_council(matrix):
    plain, branded = matrix
    names = sorted(result.zip_path.name for result in branded)
    assert names == [f"social-value-{council}-{plain.course.version}-scorm12.zip" for council in COUNCILS]
    for result in branded:
        assert shared_validate(result.zip_path) == [], result.zip_path.name


def test_each_council_has_its_own_manifest_identifiers_and_title(matrix):
    plain, branded = matrix
    manifests = [manifest_of(result.zip_path) for result in [plain, *branded]]
    identifiers = [m.get("identifier") for m in manifests]
    assert len(set(identifiers)) == 13
    assert "MANIFEST-social-value-wigan" in identifiers
    titles = [m.findtext("cp:organizations/cp:organization/cp:title", namespaces=NS) for m in manifests]
    assert titles[0] == plain.course.title
    assert f"{plain.course.title} (Cheshire East Council)" in titles
    assert len(set(titles)) == 13
    resource_ids = {m.find("cp:resources/cp:resource", NS).get("identifier") for m in manifests}
    assert len(resource_ids) == 13


def test_content_is_identical_apart_from_brand_manifest_and_logo(matrix):
    plain, branded = matrix
    plain_files = files_of(plain.zip_path)
    for result in branded:
        files = files_of(result.zip_path)
        assert set(files) == set(plain_files)  # no logo file: the shipped profiles have none
        for name in plain_files:
            if name not in ("index.html", "imsmanifest.xml"):
                assert files[name] == plain_files[name], name
        assert main_of(files["index.html"]) == main_of(plain_files["index.html"])


def test_brand_colours_contact_and_support_appear_in_the_page(matrix):
    _, branded = matrix
    [bolton] = [result for result in branded if "-bolton-" in result.zip_path.name]
    [profile] = load_authorities(SHIPPED, ("bolton",))
    index = files_of(bolton.zip_path)["index.html"].decode("utf-8")
    assert f"--brand:{profile.colours['brand']};" in index
    assert f"--brand-contrast:{profile.colours['brand_text']};" in index
    assert f"--accent:{profile.colours['accent']};" in index
    assert f'<p class="contact">{profile.contact}</p>' in index
    assert f'<p class="support">{profile.support}</p>' in index
    assert '<span class="brand-name">Bolton Council</span>' in index


def test_a_logo_file_is_shipped_as_given(tmp_path):
    [result] = build_variants(MINIMAL, tmp_path, authority_variants(FIXTURES / "with-logo"))
    files = files_of(result.zip_path)
    assert files["theme/logo.png"] == (FIXTURES / "with-logo" / "logo.png").read_bytes()
    assert 'src="theme/logo.png"' in files["index.html"].decode("utf-8")
    assert shared_validate(result.zip_path) == []


# --- the command line -----------------------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(cli, ["build", *map(str, args)])


def test_build_for_named_authorities_only(tmp_path):
    result = run(MINIMAL, "--out", tmp_path, "--authority", "bolton", "--authority", "wigan", "--authorities", SHIPPED)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal-bolton-1.0.0-scorm12.zip", "minimal-wigan-1.0.0-scorm12.zip"]
    assert "minimal-bolton-1.0.0-scorm12.zip" in result.output


def test_all_authorities_from_the_command_line(tmp_path):
    result = run(MINIMAL, "--out", tmp_path, "--all-authorities", "--authorities", SHIPPED)
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("minimal-*-1.0.0-scorm12.zip"))) == 12


def test_a_broken_profile_stops_the_build_and_writes_nothing(tmp_path):
    out = tmp_path / "dist"
    result = run(MINIMAL, "--out", out, "--all-authorities", "--authorities", FIXTURES / "low-contrast")
    assert result.exit_code == 1
    assert "pale.yml:5: colour brand_text #ffffff on brand #8a8a8a has contrast 3.45:1" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_the_lms_option_overrides_the_authoritys_profile(tmp_path):
    result = run(MINIMAL, "--out", tmp_path, "--all-authorities", "--authorities", FIXTURES / "with-logo", "--lms", "moodle")
    assert result.exit_code == 0, result.output
    index = files_of(tmp_path / "minimal-logoed-1.0.0-scorm12.zip")["index.html"].decode("utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="sb-data">(.*?)</script>', index).group(1))
    assert data["lms"]["profile"] == "moodle"
