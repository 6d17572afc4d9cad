"""The one strict reader of YAML-fronted Markdown files.

Every scalar is kept as a string (typing is the schemas' job), duplicate keys,
aliases and tags are refused, and the line and column of every field is kept so
that problems can point at the right place in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from . import yaml_mistakes

try:
    from yaml import CBaseLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _BaseLoader  # type: ignore[assignment]  # the same interface in Python

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 12
FENCE = "---"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
_UNUSUAL_LINE_BREAK = re.compile("[\x85\u2028\u2029]")
_DEFAULT_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _YamlLoader(_BaseLoader):
    """Composes nodes only; every untagged node gets its plain tag without pattern matching."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]


Position = tuple[int, int]
FieldPath = tuple[str | int, ...]


class LoadError(Exception):
    """A file that cannot be read as an entry; line and column are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Document:
    """A front matter read as plain data, with where each field was written.

    Positions are worked out from the front matter text the first time they are asked for (to report
    a problem), not while loading: most entries never need them, and a catalogue of ten thousand
    entries would otherwise hold a position for every field of every one.
    """

    data: dict[str, Any]
    body: str
    body_line: int
    front: str = field(default="", repr=False)

    @cached_property
    def _located(self) -> tuple[dict[FieldPath, Position], dict[FieldPath, Position]]:
        walker = _Walker(self.front, record_positions=True)
        node = _compose(self.front) if self.front else None
        if isinstance(node, yaml.MappingNode):
            walker.mapping(node, (), 1)
        return walker.positions, walker.key_positions

    @property
    def positions(self) -> dict[FieldPath, Position]:
        return self._located[0]

    @property
    def key_positions(self) -> dict[FieldPath, Position]:
        return self._located[1]

    def position(self, path: FieldPath, key: bool = False) -> Position:
        """The closest known position for a field path, walking up to its parent."""
        positions, key_positions = self._located
        table = key_positions if key else positions
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if path in positions:
                return positions[path]
            path = path[:-1]
        return positions.get((), (1, 1))


def read_text(raw: bytes) -> str:
    """Decode a file's bytes as UTF-8 (BOM allowed) with LF line endings."""
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(
            f"the file is {len(raw):,} bytes, larger than the {MAX_FILE_BYTES:,} allowed; "
            "shorten the description or move long material to a linked page"
        )
    if b"\x00" in raw:
        raise LoadError("the file is not text (it contains binary data); save it as plain UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError("the file is not valid UTF-8 text; save it with UTF-8 encoding", line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, first line of body) from a file's text."""
    if not text.strip():
        raise LoadError(
            "the file is empty; start it with a line of three dashes (---) and the entry's fields"
        )
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        raise LoadError(
            "the file does not start with front matter; its first line must be three dashes (---), "
            "followed by the entry's fields and another line of three dashes"
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            front = "\n".join(lines[1:number])
            return front, "\n".join(lines[number + 1 :]), number + 2
    raise LoadError(
        "the front matter is never closed; add a line of three dashes (---) after the last field",
        len(text.rstrip().split("\n")),
    )


def load_text(text: str) -> Document:
    """Read the text of an entry file into a Document, or raise LoadError."""
    front, body, body_line = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    _refuse_unusual_line_breaks(front)
    node = _compose(front)
    if node is None:
        raise LoadError("the front matter is empty; add the entry's fields between the --- lines", 2)
    if not isinstance(node, yaml.MappingNode):
        raise LoadError(
            "the front matter must be a set of 'field: value' lines, not a list or a single value",
            *_where(node),
        )
    data = _Walker(front, record_positions=False).mapping(node, (), 1)
    return Document(data=data, body=body, body_line=body_line, front=front)


def load_file(path: Path) -> Document:
    """Read an entry file from disk; I/O problems become LoadError too."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise LoadError(f"the file cannot be read ({error.strerror})") from None
    return load_text(read_text(raw))


def _refuse_unusual_line_breaks(front: str) -> None:
    # YAML counts these as line breaks, so every line number after one would be wrong.
    found = _UNUSUAL_LINE_BREAK.search(front)
    if found:
        raise LoadError(
            f"the front matter contains an unusual line break character (U+{ord(found.group()):04X}), "
            "often pasted from another program; delete it or replace it with a space",
            *_front_position(front, found.start()),
        )


def _front_position(front: str, offset: int) -> Position:
    """The file's line and column of a character offset into the front matter."""
    return front.count("\n", 0, offset) + 2, offset - front.rfind("\n", 0, offset)


def _compose(front: str) -> yaml.Node | None:
    loader = _YamlLoader(front)
    try:
        return loader.get_single_node()
    except yaml.reader.ReaderError as error:
        # The C parser gives the offset in UTF-8 bytes.
        offset = len(front.encode("utf-8")[: error.position].decode("utf-8", "ignore"))
        raise LoadError(
            f"the front matter contains a character that is not allowed (#x{error.character:04X}, "
            f"{error.reason}); delete it",
            *_front_position(front, offset),
        ) from None
    except yaml.MarkedYAMLError as error:
        mistake = yaml_mistakes.explain(front, error)
        raise LoadError(mistake.message, mistake.line, mistake.column) from None
    except yaml.YAMLError as error:
        problem = str(error).splitlines()[0] if str(error) else "it is not valid YAML"
        raise LoadError(f"the front matter is not valid YAML ({problem})", 2) from None
    finally:
        loader.dispose()


def _first_alias(front: str) -> Position:
    """Where the first alias is written; its composed node only knows where the anchor is."""
    aliases = (event for event in yaml.parse(front, Loader=_YamlLoader) if isinstance(event, yaml.AliasEvent))
    mark = next(aliases).start_mark
    return (mark.line + 2, mark.column + 1) if mark else (2, 1)


def _where(node: yaml.Node) -> Position:
    # The front matter starts on line 2 of the file, after the opening ---.
    return node.start_mark.line + 2, node.start_mark.column + 1


class _Walker:
    """Turns a composed YAML node graph into plain data, refusing YAML tricks; records where each field
    is written when asked to."""

    def __init__(self, front: str, record_positions: bool):
        self.front = front
        # An alias is written with "*": without one anywhere, no node can be met twice.
        self.may_have_aliases = "*" in front
        self.seen: set[int] = set()
        self.record_positions = record_positions
        self.positions: dict[FieldPath, Position] = {}
        self.key_positions: dict[FieldPath, Position] = {}

    def value(self, node: yaml.Node, path: FieldPath, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise LoadError(f"the front matter is nested more than {MAX_DEPTH} levels deep", *_where(node))
        if self.may_have_aliases:
            self.refuse_alias(node)
        if node.tag not in _PLAIN_TAGS:
            raise LoadError(
                f"YAML tags like {_short_tag(node.tag)} are not allowed; remove the tag (the part starting with !)",
                *_where(node),
            )
        if self.record_positions:
            self.positions[path] = _where(node)
        if type(node) is yaml.MappingNode:
            return self.mapping(node, path, depth)
        if type(node) is yaml.SequenceNode:
            return [self.value(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        return node.value

    def refuse_alias(self, node: yaml.Node) -> None:
        # The composer hands back the anchored node itself for an alias: meeting a node twice means an alias.
        if id(node) in self.seen:
            raise LoadError(
                "YAML anchors and aliases (& and *) are not allowed; write the value out in full",
                *_first_alias(self.front),
            )
        self.seen.add(id(node))

    def mapping(self, node: yaml.MappingNode, path: FieldPath, depth: int) -> dict[str, Any]:
        if self.record_positions:
            self.positions.setdefault(path, _where(node))
        result: dict[str, Any] = {}
        key_nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if self.may_have_aliases:
                self.refuse_alias(key_node)
            if type(key_node) is not yaml.ScalarNode or key_node.tag not in _PLAIN_TAGS:
                raise LoadError("field names must be plain words, like title", *_where(key_node))
            key = key_node.value
            if key in key_nodes:
                first_line = _where(key_nodes[key])[0]
                raise LoadError(
                    f'the field "{key}" is written twice (first on line {first_line}); keep only one',
                    *_where(key_node),
                )
            key_nodes[key] = key_node
            if self.record_positions:
                self.key_positions[path + (key,)] = _where(key_node)
            if _is_blank(value_node):
                continue
            result[key] = self.value(value_node, path + (key,), depth + 1)
        return result


def _is_blank(node: yaml.Node) -> bool:
    """A plain empty or null value means the field was left out."""
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in _NULL_WORDS


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
