"""Build a course: the whole pipeline, read top to bottom.

    sources --load--> Course model --render--> files --manifest--> package --zip--> dist/

Each stage is a plain function that can be used and tested alone; hooks from
the course folder run after each stage (see builder.hooks).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.hooks import call_hook, load_hooks
from builder.loader import load_course
from builder.manifest import build_manifest, manifest_bytes
from builder.model import Course
from builder.package import write_atomically, zip_bytes
from builder.render import Brand, LmsProfile, render_course
from builder.templates_dir import templates_dir

SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")


@dataclass(frozen=True)
class BuildResult:
    course: Course
    zip_path: Path
    size: int

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
    hooks = load_hooks(course_dir)
    course = load_course(course_dir, hooks)
    return package_course(course, out_dir, variant, hooks, debug)


def package_course(course: Course, out_dir: Path, variant: Variant = PLAIN, hooks=None, debug: bool = False) -> BuildResult:
    """Render, add the manifest, zip and write one package for an already-loaded course."""
    hooks = hooks or load_hooks(course.root)
    files = render_course(course, variant.brand, variant.lms, debug)
    files.update(dict(variant.extra_files))
    files.update(schema_files())
    manifest = build_manifest(course, list(files), variant.name_suffix, variant.title_suffix)
    manifest = call_hook(hooks, "on_manifest", manifest, course)
    files["imsmanifest.xml"] = manifest_bytes(manifest)
    data = zip_bytes(files)
    path = out_dir / package_name(course, variant)
    write_atomically(path, data)
    call_hook(hooks, "on_package_written", path, course)
    return BuildResult(course, path, len(data))


def package_name(course: Course, variant: Variant = PLAIN) -> str:
    parts = [course.id, variant.name_suffix, course.version, "scorm12"]
    return "-".join(part for part in parts if part) + ".zip"


def schema_files() -> dict[str, bytes]:
    """The SCORM 1.2 schemas, shipped unchanged at the package root as many LMSs expect."""
    folder = Path(__file__).resolve().parent / "schemas" / "scorm12"
    return {name: (folder / name).read_bytes() for name in SCHEMA_FILES}


__all__ = ["build_course", "package_course", "BuildResult", "Variant", "templates_dir"]
