"""Reading author files: text, YAML with line numbers, and page front matter.

Everything here turns raw bytes into Python values *and remembers where each
value came from*, so later validation can say ``path:line: message``.
"""
from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

try:  # libyaml is several times faster; the pure-Python loader gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader


class SourceError(Exception):
    """A file could not be read or parsed; ``line`` is 1-based (0 = whole file)."""

    def __init__(self, line: int, message: str, also: tuple = ()):
        super().__init__(message)
        self.line = line
        self.message = message
        self.also = also  # further (line, message) pairs of the same kind, in the same file

    def all(self) -> list[tuple[int, str]]:
        return [(self.line, self.message), *self.also]


class LineDict(dict):
    """A YAML mapping that knows the line of each key (1-based)."""

    line: int = 0
    key_lines: dict
    key_texts: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def text_of(self, key: str) -> str | None:
        """A scalar value exactly as the author wrote it, or None if missing or not a scalar.

        YAML turns ``title: No`` into False and ``version: 1.10`` into 1.1;
        text fields must use what the author typed, not YAML's reading of it.
        """
        return getattr(self, "key_texts", {}).get(key)


class LineList(list):
    """A YAML sequence that knows the line of each item (1-based)."""

    line: int = 0
    item_lines: list
    item_texts: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line

    def text_of(self, index: int) -> str | None:
        """An item exactly as the author wrote it, or None if not a scalar (see LineDict.text_of)."""
        texts = getattr(self, "item_texts", ())
        return texts[index] if index < len(texts) else None


# Hard limits: past them a file is refused, because reading it would take the build minutes and
# gigabytes (a 41 MB page took 35 s and 1.5 GB). Pages and YAML files are text an author types.
MAX_TEXT_BYTES = 1024 * 1024
MAX_YAML_DEPTH = 32  # lists in mappings in lists...: a course needs 5 or so
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")  # the byte-order marks of UTF-16, little- and big-endian
# C0 controls but tab and line breaks, DEL and C1 controls: invisible, and not allowed in XML 1.0
# (C0) or HTML (both), so they never reach the package.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def plain_id(name: str) -> str:
    """An id from a name as an author types it: 'Why It Matters', 'why_it_matters' and 'Café'
    give 'why-it-matters' and 'cafe' (accents dropped, every other run of characters a hyphen)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded))


def like_id(name: str) -> str:
    """', like 'intro-page'': the plain id an author most likely meant, for a message ("" if none)."""
    meant = plain_id(name)
    return f", like '{meant}'" if meant else ""


def read_text(path: Path, root: Path | None = None, limit: int = MAX_TEXT_BYTES) -> str:
    """Read a UTF-8 text file (a BOM is tolerated) or a UTF-16 one with a BOM; other encodings are refused.

    With ``root``, the file must be inside that folder once links are followed. Only regular
    files are read (a FIFO would hang the build, /dev/zero would fill the memory), and at most
    ``limit`` bytes of them. Control characters are refused at their line.
    """
    data = read_bytes(path, root, limit, "text file")
    try:
        # Notepad's "Unicode" is UTF-16 with a byte-order mark: as plain a choice for the author as UTF-8.
        text = data.decode("utf-16") if data[:2] in UTF16_MARKS else data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data[:2] in UTF16_MARKS:
            raise SourceError(1, "file is saved as UTF-16 but is not valid UTF-16 text; save it as UTF-8") from None
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(line, "file is not valid UTF-8 text; save it as UTF-8") from None
    if "\x00" in text and text.count("\x00") * 4 > len(text):  # every other byte zero: UTF-16 with no mark
        raise SourceError(1, "file is saved as UTF-16 without a byte-order mark; save it as UTF-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = _control_characters(text) if CONTROL_CHARACTER.search(text) else []
    if found:
        raise SourceError(*found[0], also=tuple(found[1:]))
    return text


def _control_characters(text: str, most: int = 20) -> list[tuple[int, str]]:
    """(line, message) for each line holding a control character: the first ``most`` of them."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = CONTROL_CHARACTER.search(line)
        if match:
            found.append((number, f"this line holds an invisible control character (U+{ord(match.group()):04X}), "
                                  "often pasted from another program: delete it and retype the text around it"))
            if len(found) == most:
                break
    return found


def read_bytes(path: Path, root: Path | None = None, limit: int | None = None, what: str = "file") -> bytes:
    """The bytes of a regular file (inside ``root`` if given), refused past ``limit`` bytes."""
    try:
        if root is not None and not inside(path, root):
            raise SourceError(1, "this is a link to a file outside the course folder: copy the file into the course folder instead")
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise SourceError(0, f"this is a folder, not a {what}: rename it or move it out of the course folder")
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(1, "this is not an ordinary file (a device, pipe or socket): replace it with a real file")
        if limit is not None and info.st_size > limit:
            raise SourceError(1, too_big(info.st_size, limit))
        # O_NONBLOCK: should a pipe take the file's place after the check, opening it does not wait forever.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise SourceError(1, "this is not an ordinary file (a device, pipe or socket): replace it with a real file")
            data = stream.read(limit + 1) if limit is not None else stream.read()
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise SourceError(1, "the file name is too long for this computer: give it a shorter name") from None
        raise SourceError(0, f"cannot read this file: {exc.strerror or exc}") from None
    if limit is not None and len(data) > limit:
        raise SourceError(1, too_big(len(data), limit))
    return data


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every link followed, is inside the folder ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def too_big(size: int, limit: int) -> str:
    return f"this file is {size_text(size)}, more than the {size_text(limit)} a course allows: split it or make it smaller"


def size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


def load_yaml(text: str, first_line: int = 1):
    """Parse YAML; mappings and sequences come back as LineDict / LineList.

    ``first_line`` is the file line the text starts on, so YAML embedded in a
    page (front matter, question blocks) reports lines of the page itself.
    """
    offset = first_line - 1
    try:
        _refuse_aliases_and_depth(text, offset)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        context = getattr(exc, "context", None) or ""
        if getattr(exc, "context_mark", None) and ("flow" in context or "quoted" in context):
            mark = exc.context_mark  # an unclosed bracket or quote: point at where it opened
        line = mark.line + 1 + offset if mark is not None else first_line
        tab = _tab_line(text, mark)
        if tab is not None:
            raise SourceError(tab + offset, "this is not valid YAML (a tab): indent with spaces, not tabs") from None
        here = text.split("\n")[mark.line] if mark is not None and mark.line < text.count("\n") + 1 else ""
        raise SourceError(line, f"this is not valid YAML ({problem}): {_yaml_hint(problem, here)}") from None
    except yaml.YAMLError as exc:  # the reader's: a character YAML does not allow
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 + offset if isinstance(position, int) else first_line
        raise SourceError(line, "this line holds a character YAML does not allow (an invisible control character): "
                                "delete it and retype the text around it") from None
    if node is None:
        return None
    return _construct(node, offset)


def _refuse_aliases_and_depth(text: str, offset: int) -> None:
    """YAML aliases (``*name``) repeat a value without writing it out again: 544 bytes of them can
    stand for billions of values, or for a value inside itself. An author never needs them, so
    they are refused before any value is made; so is nesting deeper than a course ever needs."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise SourceError(event.start_mark.line + 1 + offset, f"'*{event.anchor}' repeats another value (a YAML alias): "
                                                                 "write the value out in full instead")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise SourceError(event.start_mark.line + 1 + offset,
                                  f"values are nested more than {MAX_YAML_DEPTH} levels deep: write them more simply")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _tab_line(text: str, mark) -> int | None:
    """The 1-based line of a tab YAML tripped over, or None if the mistake is something else.

    YAML's own words rarely say 'tab', and a tab that indents a line is often noticed
    only on the next one, so the line YAML names and the one before it are looked at."""
    if mark is None:
        return None
    lines = text.split("\n")
    here = lines[mark.line] if mark.line < len(lines) else ""
    if here[mark.column:mark.column + 1] == "\t" or _indented_with_tab(here):
        return mark.line + 1
    if mark.line > 0 and _indented_with_tab(lines[mark.line - 1]):
        return mark.line
    return None


def _indented_with_tab(line: str) -> bool:
    return "\t" in line[:len(line) - len(line.lstrip(" \t"))]


def _yaml_hint(problem: str, line: str) -> str:
    """What an author most likely did, in plain words (PyYAML's own wording is for programmers).

    ``line`` is the line YAML stopped at: 'key: value' with no second ': ' in it is a line
    indented wrongly, not a value that needs quotes."""
    if re.search(r"\btabs?\b", problem):
        return "indent with spaces, not tabs"
    if "end of stream" in problem or "expected ',' or" in problem:
        return "a quote or bracket is opened but never closed; if it belongs to the text, put the whole value in double quotes"
    misaligned = "expected '-' indicator" in problem or "expected key" in problem or (
        "mapping values" in problem and not re.search(r":\s.*:(\s|$)", line.strip()))
    if misaligned:
        return ("check the spaces at the start of this line: it must line up with the other lines at its level, "
                "and the lines of a '- ' entry line up under its first word")
    return "if a value contains ': ' or starts with [ { \" ' @ or `, put the whole value in double quotes, like title: \"Social value: the basics\""


_scalar_loader = _Loader("")
STR_TAG = "tag:yaml.org,2002:str"


def _construct(node, offset: int):
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        result = LineDict()
        result.line, result.key_lines, result.key_texts = line, {}, {}
        for key_node, value_node in node.value:
            key = _construct(key_node, offset)
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key, (str, int, float, bool)):
                raise SourceError(key_line, "invalid YAML: keys must be plain words")
            if key in result:
                raise SourceError(key_line, f"'{key}' is given twice")
            result[key] = _construct(value_node, offset)
            result.key_lines[key] = key_line
            written = _written(value_node)
            if written is not None:
                result.key_texts[key] = written
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LineList(_construct(item, offset) for item in node.value)
        result.line = line
        result.item_lines = [item.start_mark.line + 1 + offset for item in node.value]
        result.item_texts = [_written(item) for item in node.value]
        return result
    if node.style == '"' and CONTROL_CHARACTER.search(node.value):  # written as an escape: "\x01", "\0"
        raise SourceError(line, "this value holds an invisible control character, written as an escape such as \\x01 "
                                "or \\0: delete the escape")
    if node.tag == STR_TAG:  # most values: PyYAML's constructor would return node.value itself
        return node.value
    try:
        return _scalar_loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise SourceError(line, f"invalid YAML value: {getattr(exc, 'problem', exc)}") from None
    finally:  # the constructor remembers every node it made a value for: forget them (a long serve run)
        _scalar_loader.constructed_objects.clear()


def _written(node) -> str | None:
    """A scalar's text as typed (``12:30``, not YAML's 750), or None for a list, mapping or empty value."""
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        return node.value
    return None


@dataclass(frozen=True)
class FrontMatter:
    data: LineDict
    body: str
    body_line: int  # file line where the Markdown body starts
    error: SourceError | None = None  # with keep_body: what was wrong with the front matter


def split_front_matter(text: str, keep_body: bool = False) -> FrontMatter:
    """Split ``---`` YAML front matter from a Markdown page.

    With ``keep_body``, front matter that is closed but not valid comes back empty with the
    error, so the page's body can still be read and checked.
    """
    lines = text.split("\n")
    # Empty lines above the first '---' are invisible in an editor: the author sees front matter.
    start = next((index for index, line in enumerate(lines) if line.strip()), 0)
    if lines[start].strip() != "---":
        raise SourceError(1, "page must start with front matter: a line '---', 'title: ...', then '---'")
    for index in range(start + 1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            body = "\n".join(lines[index + 1:])
            try:
                data = load_yaml("\n".join(lines[start + 1:index]), first_line=start + 2)
                if data is not None and not isinstance(data, LineDict):
                    raise SourceError(start + 2, "front matter must be 'key: value' lines")
            except SourceError as exc:
                if not keep_body:
                    raise
                return FrontMatter(empty_mapping(), body, index + 2, exc)
            return FrontMatter(data if data is not None else empty_mapping(), body, index + 2)
    raise SourceError(start + 1, "front matter is not closed: add a line '---' after it")


def empty_mapping(line: int = 1) -> LineDict:
    data = LineDict()
    data.line, data.key_lines, data.key_texts = line, {}, {}
    return data


def read_yaml_file(path: Path, problems, shape: type, wrong_shape: str, root: Path | None = None, empty_ok: bool = False):
    """A whole YAML file that must be a mapping (LineDict) or a list (LineList); with ``empty_ok``,
    a file with nothing but notes in it is an empty mapping or list, which the caller checks.

    Any problem is added to ``problems`` (a ProblemList) and None returned, so
    callers go on collecting the problems of other files. With ``root``, the file
    must be inside that folder (see read_text).
    """
    try:
        data = load_yaml(read_text(path, root))
    except SourceError as exc:
        for line, message in exc.all():
            problems.add(path, line, message)
        return None
    if data is None and empty_ok:
        return empty_mapping() if shape is LineDict else _empty_list()
    if not isinstance(data, shape):
        problems.add(path, 1, wrong_shape)
        return None
    return data


def _empty_list() -> LineList:
    data = LineList()
    data.line, data.item_lines, data.item_texts = 1, [], []
    return data
