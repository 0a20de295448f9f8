"""Build a course: the whole pipeline, read top to bottom.

    sources --load--> Course model --check--> (+ glossary page) --render--> files --manifest--> package --zip--> dist/

Each stage is a plain function that can be used and tested alone; hooks from
the course folder run after each stage (see builder.hooks).
"""
from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from builder.authorities import Authority, load_authorities
from builder.glossary import add_glossary_page
from builder.hooks import call_hook, load_hooks
from builder.manifest import build_manifest, manifest_bytes
from builder.model import Course
from builder.package import write_atomically, zip_bytes
from builder.quality import load_and_check
from builder.render import Brand, LmsProfile, RenderedContent, render_content, render_shell

SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")


@dataclass(frozen=True)
class BuildResult:
    course: Course
    zip_path: Path
    size: int
    warnings: tuple = ()  # check findings that did not stop the build (builder.quality)

    @property
    def pages(self) -> int:
        return len(self.course.pages)

    def summary(self) -> str:
        return f"{self.zip_path}  {self.size / 1024:.1f} KB  {self.pages} pages"


@dataclass(frozen=True)
class Variant:
    """One flavour of a course package (for example one council's branded build)."""

    brand: Brand = Brand()
    lms: LmsProfile = LmsProfile()
    name_suffix: str = ""  # inserted in the zip name and manifest identifiers
    title_suffix: str = ""
    extra_files: tuple = ()  # (package path, bytes) pairs, such as a logo


PLAIN = Variant()


def build_course(course_dir: Path, out_dir: Path, variant: Variant = PLAIN, debug: bool = False) -> BuildResult:
    """Build one course folder into ``out_dir``; raises BuildError on author mistakes."""
    return build_variants(course_dir, out_dir, [variant], debug)[0]


def build_variants(course_dir: Path, out_dir: Path, variants: list[Variant], debug: bool = False) -> list[BuildResult]:
    """One package per variant: the course is loaded and its pages rendered once, shared by all.

    Every package is made in memory before any is written, so a mistake in any of them
    (a failing on_manifest hook, say) leaves ``out_dir`` as it was.
    """
    hooks = load_hooks(course_dir)
    course, warnings = load_and_check(course_dir, hooks)  # every mistake at once, or BuildError
    add_glossary_page(course)
    content = render_content(course)
    packages = [make_package(course, variant, hooks, debug, content) for variant in variants]
    return [replace(result, warnings=tuple(warnings)) for result in write_packages(course, packages, out_dir, hooks)]


def authority_variants(folder: Path, ids: tuple[str, ...] = (), lms: LmsProfile | None = None) -> list[Variant]:
    """One variant per authority profile in ``folder`` (those named by ``ids``, or all); BuildError on mistakes."""
    return [authority_variant(authority, lms) for authority in load_authorities(folder, ids)]


def authority_variant(authority: Authority, lms: LmsProfile | None = None) -> Variant:
    """One council's build: its brand, its LMS profile (unless ``lms`` overrides it), its own identifiers and title."""
    return Variant(brand=authority.brand(), lms=lms or authority.lms, name_suffix=authority.id,
                   title_suffix=f" ({authority.name})", extra_files=authority.theme_files())


def package_course(course: Course, out_dir: Path, variant: Variant = PLAIN, hooks=None, debug: bool = False,
                   content: RenderedContent | None = None) -> BuildResult:
    """Render, add the manifest, zip and write one package for an already-loaded course."""
    hooks = hooks or load_hooks(course.root)
    return write_packages(course, [make_package(course, variant, hooks, debug, content)], out_dir, hooks)[0]


def make_package(course: Course, variant: Variant, hooks, debug: bool = False,
                 content: RenderedContent | None = None) -> tuple[str, bytes]:
    """Render, add the manifest (after on_manifest) and zip, in memory: (zip name, zip bytes)."""
    files = render_shell(content or render_content(course), variant.brand, variant.lms, debug)
    files.update(dict(variant.extra_files))
    files.update(schema_files())
    manifest = build_manifest(course, list(files), variant.name_suffix, variant.title_suffix)
    manifest = call_hook(hooks, "on_manifest", manifest, course)
    files["imsmanifest.xml"] = manifest_bytes(manifest)
    return package_name(course, variant), zip_bytes(files)


def write_packages(course: Course, packages: list[tuple[str, bytes]], out_dir: Path, hooks) -> list[BuildResult]:
    """Write every zip, then run on_package_written for each. If writing or a hook fails, the
    zips are taken back out and any they replaced put back: ``out_dir`` is as it was (files a
    hook wrote itself are the hook's own)."""
    replaced: dict[Path, bytes | None] = {}
    made_folder = not out_dir.exists()
    try:
        for name, data in packages:
            path = out_dir / name
            if path not in replaced:
                replaced[path] = path.read_bytes() if path.is_file() else None
            write_atomically(path, data)
        for name, _ in packages:
            call_hook(hooks, "on_package_written", out_dir / name, course)
    except BaseException:
        for path, old in replaced.items():
            with suppress(OSError):  # the first error is the one to report
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    write_atomically(path, old)
        if made_folder:
            with suppress(OSError):  # not empty: a hook wrote there
                out_dir.rmdir()
        raise
    return [BuildResult(course, out_dir / name, len(data)) for name, data in packages]


def package_name(course: Course, variant: Variant = PLAIN) -> str:
    parts = [course.id, variant.name_suffix, course.version, "scorm12"]
    return "-".join(part for part in parts if part) + ".zip"


def schema_files() -> dict[str, bytes]:
    """The SCORM 1.2 schemas, shipped unchanged at the package root as many LMSs expect."""
    folder = Path(__file__).resolve().parent / "schemas" / "scorm12"
    return {name: (folder / name).read_bytes() for name in SCHEMA_FILES}


__all__ = ["build_course", "build_variants", "package_course", "make_package", "write_packages", "authority_variants", "authority_variant", "BuildResult", "Variant"]
