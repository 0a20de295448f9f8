"""LMS export files -> ``Export`` records. One reader per format; the header says which.

- Moodle's SCORM reports (interactions, basic, objectives), "Download in text format": tab-separated
  UTF-8 with a ``Name``, ``Attempt`` and ``Score`` column, then ``Question N``/``Response N``/
  ``Right answer N``/``Result N`` per interaction slot. Totara and Learning Pool share it.
- Moodle's gradebook export, plain text: ``First name``, ``Last name``, ``Email address`` and one
  ``SCORM package: <name> (Real)`` column per SCORM activity.
- The generic CSV (docs/reports.md): one row per learner, question and response.

Every reader collects problems as ``path:row: message`` and keeps reading the rows it can.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from builder.problems import ERROR, WARNING, Problem, display_path
from builder.report.exports import AttemptRecord, Export, GradeRecord, Interaction, learner_key
from builder.report.spreadsheets import SpreadsheetError, spreadsheet_kind, spreadsheet_rows

MAX_BYTES = 64 * 1024 * 1024  # an export of 100 000 attempts is far smaller; refuse what is not one
DELIMITERS = "\t,;:"  # Moodle offers tab, comma, semicolon and colon for text downloads
SLOT = re.compile(r"^(Question|Response|Right answer|Result) (\d+)$")
GRADE_COLUMN = re.compile(r"^SCORM package: (.*) \((Real|Percentage)\)$")
GENERIC_COLUMNS = ("learner", "question", "response", "result")
GENERIC_OPTIONAL = ("attempt", "score", "status", "latency", "last_page", "council")
RESULTS = {"correct": True, "wrong": False, "incorrect": False}
TIMESPAN = re.compile(r"^(\d{1,4}):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")  # SCORM 1.2 CMITimespan
KIND_NAMES = {
    "moodle-scorm": "Moodle SCORM report",
    "moodle-gradebook": "Moodle gradebook export",
    "generic": "generic CSV",
}


class _Problems:
    def __init__(self, path: str):
        self.path = path
        self.items: list[Problem] = []

    def add(self, row: int, message: str, severity: str = ERROR) -> None:
        self.items.append(Problem(self.path, row, message, severity))


def read_export(path: Path, council: str = "") -> Export:
    """Read one export file; never raises for what is in the file."""
    shown = display_path(path)
    export = Export(shown)
    problems = _Problems(shown)
    export.problems = problems.items
    rows = _spreadsheet(path, problems)
    if rows is False:
        return export
    if rows is None:
        text = _read_text(path, problems)
        if text is None:
            return export
        rows = _rows(text, problems)
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header[1]):
        problems.add(1, "the file is empty: download the report again (docs/reports.md)")
        return export
    export.kind = _kind_of(header[1])
    reader = {"moodle-scorm": _read_moodle_scorm, "moodle-gradebook": _read_gradebook,
              "generic": _read_generic}.get(export.kind)
    if reader is None:
        problems.add(1, "unknown export format: expected Moodle's SCORM interactions report (text format), "
                        "Moodle's gradebook export or the generic CSV with columns "
                        + ", ".join(GENERIC_COLUMNS) + " (see docs/reports.md)")
        return export
    reader(export, header[1], rows, problems, council or _council_from(path))
    return export


def _spreadsheet(path: Path, problems: _Problems):
    """Rows of an Excel or ODS download; None when the file is not one (it is then read as text),
    False when it is one that cannot be read (the problem is recorded)."""
    try:
        kind = spreadsheet_kind(path) if path.is_file() and path.stat().st_size <= MAX_BYTES else ""
    except OSError:
        return None
    if not kind:
        return None
    try:
        return iter(spreadsheet_rows(path, kind))
    except SpreadsheetError as error:
        problems.add(0, str(error))
        return False


def _read_text(path: Path, problems: _Problems) -> str | None:
    try:
        if not path.is_file():
            problems.add(0, "no such file" if not path.exists() else "not a file")
            return None
        if path.stat().st_size > MAX_BYTES:
            problems.add(0, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB: not an LMS export")
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.add(0, f"cannot read the file: {error.strerror or error}")
        return None
    if data[:4] == b"PK\x03\x04" or b"\x00" in data[:4096]:
        problems.add(0, "this is a binary file, not an export: download the report in text format, "
                        "Excel (.xlsx) or ODS")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves CSV as Windows-1252; every byte sequence decodes, so nothing is lost.
        return data.decode("cp1252", errors="replace")


def _rows(text: str, problems: _Problems):
    """(row number, cells) for every row, the header first; a row that cannot be parsed is reported."""
    first_line = text.split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.add(start, f"cannot read this row: {_csv_error(error)}: row skipped")
            continue
        row = start
        if not any(cell.strip() for cell in cells):
            continue
        yield row, cells


def _csv_error(error: csv.Error) -> str:
    text = str(error)
    if "expected after" in text:
        return "text follows a closing quote mark"
    if "end of data" in text:
        return "a quote mark is never closed"
    return text


def _delimiter(line: str) -> str:
    """The delimiter used most outside quotes in the header line (Moodle quotes any header with a space)."""
    unquoted = re.sub(r'"[^"]*"', "", line)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _kind_of(header: list[str]) -> str:
    names = [cell.strip() for cell in header]
    lower = [name.lower() for name in names]
    if "attempt" in lower and "score" in lower and ("name" in lower or "email address" in lower):
        return "moodle-scorm"
    if any(GRADE_COLUMN.match(name) for name in names) or ("first name" in lower and "course total (real)" in lower):
        return "moodle-gradebook"
    if sum(column in lower for column in GENERIC_COLUMNS) >= 2:
        return "generic"
    return ""


def _council_from(path: Path) -> str:
    return path.stem


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        columns.setdefault(cell.strip().lower(), index)
    return columns


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _too_long(cells: list[str], header: list[str], row: int, problems: _Problems) -> bool:
    extra = cells[len(header):]
    if any(cell.strip() for cell in extra):
        problems.add(row, f"this row has {len(cells)} fields but the header has {len(header)}: row skipped")
        return True
    return False


def _number(text: str) -> float | None:
    """A number as Moodle writes it (``92.00``, ``92.00 %``); None for anything else."""
    try:
        value = float(text.strip().rstrip("%").strip())
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


# --- Moodle SCORM reports ------------------------------------------------------------------------

def _read_moodle_scorm(export: Export, header: list[str], rows, problems: _Problems, council: str) -> None:
    columns = _columns(header)
    if "name" not in columns and "email address" not in columns:
        problems.add(1, "missing column 'Name': the SCORM report must name each learner")
        return
    slots = _slots(header, problems)
    status_column = _status_column(header, slots)
    for row, cells in rows:
        if _too_long(cells, header, row, problems):
            continue
        name, email = _cell(cells, columns.get("name")), _cell(cells, columns.get("email address"))
        attempt_text = _cell(cells, columns.get("attempt"))
        try:
            attempt = int(attempt_text)
        except ValueError:
            problems.add(row, f"attempt '{attempt_text}' is not a whole number: row skipped")
            continue
        if not (name or email):
            problems.add(row, "no learner name or email: row skipped")
            continue
        record = AttemptRecord(learner_key(email=email, name=name), name or email, attempt, row=row, council=council)
        score_text = _cell(cells, columns.get("score"))
        record.score = _number(score_text) if score_text not in ("", "-") else None
        if score_text not in ("", "-") and record.score is None:
            problems.add(row, f"score '{score_text}' is not a number: score left out")
        status = _cell(cells, status_column)
        if status and _number(status) is None:
            record.status = status.lower()
        if record.unfinished:
            record.score = None  # Moodle shows 0 for a learner who has no score yet
        for number, (question, response, result) in sorted(slots.items()):
            interaction = _slot(cells, row, question, response, result, problems)
            if interaction is not None:
                record.interactions.append(interaction)
        export.attempts.append(record)


def _slots(header: list[str], problems: _Problems) -> dict[int, tuple[int, int, int]]:
    found: dict[int, dict[str, int]] = {}
    for index, cell in enumerate(header):
        match = SLOT.match(cell.strip())
        if match:
            found.setdefault(int(match.group(2)), {})[match.group(1)] = index
    slots = {}
    for number, parts in sorted(found.items()):
        missing = [part for part in ("Question", "Response", "Result") if part not in parts]
        if missing:
            problems.add(1, f"missing column '{missing[0]} {number}': interaction slot {number} is left out "
                            "(tick 'response' and 'result' in the report's options before downloading)")
            continue
        slots[number] = (parts["Question"], parts["Response"], parts["Result"])
    return slots


def _status_column(header: list[str], slots) -> int | None:
    """The column headed by the SCO's title (objectives and interactions reports): a score or a status."""
    known = {"name", "email address", "attempt", "started on", "last accessed on", "score", "first name",
             "last name", "surname", "id number"}
    used = {index for slot in slots.values() for index in slot}
    for index, cell in enumerate(header):
        if cell.strip().lower() not in known and index not in used and not SLOT.match(cell.strip()):
            return index
    return None


def _slot(cells, row, question_at, response_at, result_at, problems: _Problems) -> Interaction | None:
    question = _cell(cells, question_at)
    if not question:
        return None
    result = _cell(cells, result_at).lower()
    if result not in RESULTS:
        problems.add(row, f"result '{result}' for '{question}' is neither correct nor wrong: answer left out")
        return None
    return Interaction(question, _cell(cells, response_at), RESULTS[result], row)


# --- Moodle gradebook ----------------------------------------------------------------------------

def _read_gradebook(export: Export, header: list[str], rows, problems: _Problems, council: str) -> None:
    columns = _columns(header)
    grade_columns = [index for index, cell in enumerate(header) if GRADE_COLUMN.match(cell.strip())]
    if not grade_columns:
        problems.add(1, "missing column 'SCORM package: <activity> (Real)': export the SCORM activity's grade item")
        return
    if len(grade_columns) > 1:
        problems.add(1, f"{len(grade_columns)} SCORM activities in this export: using '{header[grade_columns[0]].strip()}'",
                     WARNING)
    grade_at = grade_columns[0]
    for row, cells in rows:
        if _too_long(cells, header, row, problems):
            continue
        first, last = _cell(cells, columns.get("first name")), _cell(cells, columns.get("last name") or columns.get("surname"))
        email, id_number = _cell(cells, columns.get("email address")), _cell(cells, columns.get("id number"))
        name = " ".join(part for part in (first, last) if part)
        key = learner_key(email=email, id_number=id_number, name=name)
        if not key:
            problems.add(row, "no learner name, email or ID number: row skipped")
            continue
        text = _cell(cells, grade_at)
        grade = None if text in ("", "-") else _number(text)
        if text not in ("", "-") and grade is None:
            problems.add(row, f"grade '{text}' is not a number: row skipped")
            continue
        export.grades.append(GradeRecord(key, name or email, grade, row, council))


# --- the generic CSV -----------------------------------------------------------------------------

def _read_generic(export: Export, header: list[str], rows, problems: _Problems, council: str) -> None:
    columns = _columns(header)
    missing = [column for column in GENERIC_COLUMNS if column not in columns]
    if missing:
        problems.add(1, f"missing column '{missing[0]}': the generic CSV needs the columns " + ", ".join(GENERIC_COLUMNS))
        return
    attempts: dict[tuple[str, int], AttemptRecord] = {}
    for row, cells in rows:
        if _too_long(cells, header, row, problems):
            continue
        learner = _cell(cells, columns["learner"])
        if not learner:
            problems.add(row, "no learner: row skipped")
            continue
        attempt_text = _cell(cells, columns.get("attempt")) or "1"
        try:
            attempt = int(attempt_text)
        except ValueError:
            problems.add(row, f"attempt '{attempt_text}' is not a whole number: row skipped")
            continue
        key = learner_key(email=learner) if "@" in learner else learner_key(name=learner)
        record = attempts.get((key, attempt))
        if record is None:
            record = attempts[(key, attempt)] = AttemptRecord(key, learner, attempt, row=row,
                                                              council=_cell(cells, columns.get("council")) or council)
            export.attempts.append(record)
        if not _generic_details(record, cells, columns, row, problems):
            continue
        question = _cell(cells, columns["question"])
        if not question:
            continue  # a row about the learner only (score, status, last page)
        result_text = _cell(cells, columns["result"]).lower()
        if result_text not in RESULTS:
            problems.add(row, f"result '{result_text}' is neither correct nor wrong: row skipped")
            continue
        latency_text = _cell(cells, columns.get("latency"))
        latency = _seconds(latency_text) if latency_text else None
        if latency_text and latency is None:
            problems.add(row, f"latency '{latency_text}' is neither seconds nor HH:MM:SS: latency left out")
        record.interactions.append(Interaction(question, _cell(cells, columns["response"]), RESULTS[result_text], row, latency))


def _generic_details(record: AttemptRecord, cells, columns, row: int, problems: _Problems) -> bool:
    score_text = _cell(cells, columns.get("score"))
    if score_text:
        score = _number(score_text)
        if score is None or not 0 <= score <= 100:
            problems.add(row, f"score '{score_text}' is not a percentage from 0 to 100: row skipped")
            return False
        record.score = score
    status = _cell(cells, columns.get("status")).lower()
    if status:
        record.status = status
    last_page = _cell(cells, columns.get("last_page"))
    if last_page:
        record.last_page = last_page
    return True


def _seconds(text: str) -> float | None:
    match = TIMESPAN.match(text)
    if match:
        hours, minutes, seconds = match.groups()
        return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    value = _number(text)
    return value if value is not None and value >= 0 else None
