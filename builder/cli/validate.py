"""``scorm-builder validate``: check SCORM 1.2 zips before uploading them to an LMS."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from builder.problems import ERROR, WARNING


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.command("validate")
@click.argument("zips", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one 'path:line: message' line per problem and a summary; json: a JSON document.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
def validate_command(zips: tuple[Path, ...], output_format: str, strict: bool) -> None:
    """Check SCORM 1.2 zip packages (ours or anyone's) before uploading them.

    Checks the manifest against the SCORM 1.2 schemas (from local files, never
    the network), the SCORM 1.2 content-packaging rules, what LMSs such as
    Moodle need to import a package, and zip safety (zip-slip paths, symlinks,
    zip bombs, encrypted entries, DOCTYPE/entity tricks). Nothing is extracted.

    Prints one 'path:line: message' line per problem (manifest problems as
    course.zip!imsmanifest.xml:LINE, zip-level problems with line 0) and a
    summary. Exit status 1 if any error was found (or any warning with
    --strict), 0 otherwise.

    \b
    Examples:
      scorm-builder validate dist/course.zip
      scorm-builder validate --strict dist/*.zip
      scorm-builder validate --format json vendor-course.zip > report.json
    """
    from builder.validation import validate_package

    results = []
    for path in zips:
        problems = validate_package(path)
        errors = sum(p.severity == ERROR for p in problems)
        warnings = sum(p.severity == WARNING for p in problems)
        ok = errors == 0 and not (strict and warnings)
        results.append({"path": str(path), "ok": ok, "errors": errors, "warnings": warnings,
                        "problems": [p.as_dict() for p in problems], "_problems": problems})
    all_ok = all(r["ok"] for r in results)

    if output_format == "json":
        document = {"ok": all_ok, "strict": strict,
                    "packages": [{k: v for k, v in r.items() if k != "_problems"} for r in results]}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for result in results:
            for problem in result["_problems"]:
                click.echo(str(problem))
        errors = sum(r["errors"] for r in results)
        warnings = sum(r["warnings"] for r in results)
        where = _plural(len(results), "package")
        if errors or warnings:
            click.echo(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {where}")
        else:
            click.echo(f"no problems in {where}")
    sys.exit(0 if all_ok else 1)
