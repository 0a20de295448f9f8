"""The wheel works on its own: built, installed into a fresh venv, run far from the repository.

This catches what an editable install hides: templates or data files left out
of the wheel (templates/ is force-included as builder/templates, see
builder/templates_dir.py) and dependencies missing from pyproject.toml. It
needs PyPI for the dependencies (pip's cache makes later runs quicker); the
fresh venv is made without its own pip (slow to bootstrap) and filled by this
venv's pip via ``pip --python``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from course_helpers import FIXTURE_COURSES, REPO, shared_validator, zip_text


def run(*args, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def build_wheel(folder: Path) -> Path:
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", folder, REPO, cwd=folder)
    assert built.returncode == 0, built.stderr
    [path] = folder.glob("scorm_builder-*.whl")
    return path


def fresh_venv(folder: Path, wheel: Path) -> Path:
    created = run(sys.executable, "-m", "venv", "--without-pip", folder, cwd=folder.parent)
    assert created.returncode == 0, created.stderr
    installed = run(sys.executable, "-m", "pip", "--python", folder / "bin" / "python", "install", "-q",
                    "--no-compile", wheel, cwd=folder.parent)
    assert installed.returncode == 0, installed.stderr
    return folder


# One test, not three sharing a fixture: under pytest-xdist each worker would build its own venv.
def test_the_wheel_installs_and_builds_a_valid_package_from_another_folder(tmp_path):
    wheel = build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"builder/templates/course.html.j2", "builder/templates/page.html.j2",
            "builder/templates/static/js/main.js", "builder/templates/static/css/course.css",
            "builder/schemas/scorm12/imscp_rootv1p1p2.xsd"} <= names
    assert not any(name.startswith(("tests/", "courses/")) for name in names)

    venv = fresh_venv(tmp_path / "venv", wheel)
    work = tmp_path / "elsewhere"
    work.mkdir()
    shown = run(venv / "bin" / "python", "-c",
                "import builder, builder.templates_dir as t; print(builder.__file__); print(t.templates_dir())", cwd=work)
    assert shown.returncode == 0, shown.stderr
    module_file, templates = shown.stdout.splitlines()
    assert Path(module_file).is_relative_to(venv), "the checkout was imported, not the wheel"
    assert Path(templates) == Path(module_file).parent / "templates"

    shutil.copytree(FIXTURE_COURSES / "features", work / "my-course")
    built = run(venv / "bin" / "scorm-builder", "build", "my-course", "--out", "packages", cwd=work)
    assert built.returncode == 0, built.stderr
    zip_path = work / "packages" / "features-2.1.0-scorm12.zip"
    assert zip_path.is_file()
    assert shared_validator().validate(zip_path) == []
    assert 'id="p-objectives--the-six-objectives"' in zip_text(zip_path, "index.html")
