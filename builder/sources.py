"""Reading author files: text, YAML with line numbers, and page front matter.

Everything here turns raw bytes into Python values *and remembers where each
value came from*, so later validation can say ``path:line: message``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

try:  # libyaml is several times faster; the pure-Python loader gives the same nodes
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader


class SourceError(Exception):
    """A file could not be read or parsed; ``line`` is 1-based (0 = whole file)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


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

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def read_text(path: Path) -> str:
    """Read a UTF-8 text file; a BOM is tolerated, other encodings are refused."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise SourceError(0, "this is a folder, not a text file: rename it or move it out of the course folder") from None
    except OSError as exc:
        raise SourceError(0, f"cannot read this file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(line, "file is not valid UTF-8 text; save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(text: str, first_line: int = 1):
    """Parse YAML; mappings and sequences come back as LineDict / LineList.

    ``first_line`` is the file line the text starts on, so YAML embedded in a
    page (front matter, question blocks) reports lines of the page itself.
    """
    offset = first_line - 1
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        context = getattr(exc, "context", None) or ""
        if getattr(exc, "context_mark", None) and ("flow" in context or "quoted" in context):
            mark = exc.context_mark  # an unclosed bracket or quote: point at where it opened
        line = mark.line + 1 + offset if mark is not None else first_line
        raise SourceError(line, f"this is not valid YAML ({problem}): {_yaml_hint(problem)}") from None
    if node is None:
        return None
    return _construct(node, offset)


def _yaml_hint(problem: str) -> str:
    """What an author most likely did, in plain words (PyYAML's own wording is for programmers)."""
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "end of stream" in problem or "expected ',' or" in problem:
        return "a quote or bracket is opened but never closed; if it belongs to the text, put the whole value in double quotes"
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
            if isinstance(value_node, yaml.ScalarNode) and value_node.tag != "tag:yaml.org,2002:null":
                result.key_texts[key] = value_node.value
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LineList(_construct(item, offset) for item in node.value)
        result.line = line
        result.item_lines = [item.start_mark.line + 1 + offset for item in node.value]
        return result
    if node.tag == STR_TAG:  # most values: PyYAML's constructor would return node.value itself
        return node.value
    try:
        return _scalar_loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise SourceError(line, f"invalid YAML value: {getattr(exc, 'problem', exc)}") from None
    finally:  # the constructor remembers every node it made a value for: forget them (a long serve run)
        _scalar_loader.constructed_objects.clear()


@dataclass(frozen=True)
class FrontMatter:
    data: LineDict
    body: str
    body_line: int  # file line where the Markdown body starts


def split_front_matter(text: str) -> FrontMatter:
    """Split ``---`` YAML front matter from a Markdown page."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError(1, "page must start with front matter: a line '---', 'title: ...', then '---'")
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            data = load_yaml("\n".join(lines[1:index]), first_line=2)
            if data is None:
                data = LineDict()
                data.line, data.key_lines = 1, {}
            if not isinstance(data, LineDict):
                raise SourceError(2, "front matter must be 'key: value' lines")
            return FrontMatter(data, "\n".join(lines[index + 1:]), index + 2)
    raise SourceError(1, "front matter is not closed: add a line '---' after it")


def read_yaml_file(path: Path, problems, shape: type, wrong_shape: str):
    """A whole YAML file that must be a mapping (LineDict) or a list (LineList).

    Any problem is added to ``problems`` (a ProblemList) and None returned, so
    callers go on collecting the problems of other files.
    """
    try:
        data = load_yaml(read_text(path))
    except SourceError as exc:
        problems.add(path, exc.line, exc.message)
        return None
    if not isinstance(data, shape):
        problems.add(path, 1, wrong_shape)
        return None
    return data
