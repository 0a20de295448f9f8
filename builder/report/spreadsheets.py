"""Moodle's "Download in Excel / ODS format" exports -> rows of text cells, like the text downloads.

Excel (.xlsx) is read with openpyxl; OpenDocument (.ods) is a zip holding content.xml, read with
lxml. Only the first sheet counts (Moodle writes one). Both are zips of XML: their unpacked size is
bounded first, so a crafted file cannot fill memory.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

MAX_UNPACKED = 256 * 1024 * 1024
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
MAX_REPEAT = 1024  # a repeated cell or row past this is padding to the sheet's edge, never data


class SpreadsheetError(Exception):
    pass


def spreadsheet_kind(path: Path) -> str:
    """'xlsx', 'ods' or '' (not a spreadsheet this module reads)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "content.xml" in names and "mimetype" in names and archive.read("mimetype").strip() == ODS_MIME:
                return "ods"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return ""
    return ""


def spreadsheet_rows(path: Path, kind: str) -> list[tuple[int, list[str]]]:
    """(row number, cells as text) for every non-empty row of the first sheet."""
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise SpreadsheetError("the spreadsheet unpacks to more than 256 MB: not an LMS export")
        rows = _xlsx_rows(path) if kind == "xlsx" else _ods_rows(path)
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl and lxml raise many kinds of error on a damaged file
        raise SpreadsheetError("cannot read the spreadsheet: it is damaged or was not made by an LMS; "
                               "save it again, or download the report in text format") from error
    return [(number, cells) for number, cells in rows if any(cell.strip() for cell in cells)]


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [(number, [_text(value) for value in row])
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()


def _ods_rows(path: Path) -> list[tuple[int, list[str]]]:
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(content, parser)
    table = root.find(f".//{{{TABLE}}}table")
    rows, number = [], 0
    for row in ([] if table is None else table.iter(f"{{{TABLE}}}table-row")):
        cells = []
        for cell in row:
            if cell.tag not in (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"):
                continue
            repeat = min(int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1")), MAX_REPEAT)
            cells.extend([_ods_text(cell)] * repeat)
        repeat = min(int(row.get(f"{{{TABLE}}}number-rows-repeated", "1")), MAX_REPEAT)
        for _ in range(repeat):
            number += 1
            rows.append((number, list(cells)))
    return rows


def _ods_text(cell) -> str:
    value = cell.get(f"{{{OFFICE}}}value")
    if value is not None and cell.get(f"{{{OFFICE}}}value-type") in ("float", "percentage"):
        return _text(float(value))
    return "\n".join("".join(p.itertext()) for p in cell.iter(f"{{{TEXT}}}p"))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
