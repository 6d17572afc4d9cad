"""Small, exact edits of an entry's front matter, for changes that people review as pull requests.

An update from the issue form (confirming a project, a new update, a changed list of what it is
looking for) becomes a change to the project's file. The people who wrote the file keep its comments,
field order, quoting and line endings, and maintainers review the diff, so each edit here changes only
the lines it has to and keeps every other character of the file as it was.

Fields are found through the strict loader (never by searching the text), and every result is read
back with it: an edit that would not read back exactly as intended raises EditError instead of
returning broken text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from . import schemas
from .loader import Document, LoadError, load_text
from .welsh import WELSH

BOM = "\ufeff"
DEFAULT_ITEM_PREFIX = "  - "
UPDATE_KEYS = ("date", "text")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ANY_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*")
_BLOCK_STYLES = ("|", ">")
_QUOTE_STYLES = ("'", '"')
_DOUBLE_QUOTED = '"'
# Long values stay on one line: the emitter would otherwise fold them, changing more lines.
_NO_WRAP = 1_000_000


class EditError(Exception):
    """An edit that cannot be made safely; the caller's text is left as it was."""


@dataclass(frozen=True)
class _Field:
    """A top-level field: the 0-based line of the text its key is on, its column, and its value's node."""

    key_line: int
    key_column: int
    value: yaml.Node


@dataclass
class _Entry:
    """An entry's text ready for editing: its lines, line ending, loaded document and top-level fields."""

    bom: str
    text: str
    newline: str
    line_starts: list[int]
    document: Document
    fields: dict[str, _Field]

    def line(self, number: int) -> str:
        """The text of a 0-based line, without its line break."""
        end = self.line_starts[number + 1] if number + 1 < len(self.line_starts) else len(self.text)
        return self.text[self.line_starts[number] : end].rstrip("\r\n")

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line] + column

    @property
    def fence_line(self) -> int:
        """The closing --- line: the front matter's lines follow the opening --- on line 0."""
        return self.document.front.count("\n") + 2

    def splice(self, start: int, end: int, replacement: str) -> str:
        """The whole text (with its BOM) with text[start:end] replaced; "\\n" becomes the file's line ending."""
        written = replacement.replace("\n", self.newline)
        return self.bom + self.text[:start] + written + self.text[end:]

    def replace_lines(self, first: int, stop: int, lines: list[str]) -> str:
        """Replace lines first..stop-1 (none when first == stop: an insertion before line first)."""
        return self.splice(
            self.offset(first, 0), self.offset(stop, 0), "".join(f"{line}\n" for line in lines)
        )


def set_field(text: str, key: str, value: str, kind: str = "project") -> str:
    """Set a top-level text field: an existing value is replaced in place, keeping its quoting where the
    new value allows; a missing field is added where the schema orders it."""
    _require_text(value, key)
    entry = _read(text)
    if entry.document.data.get(key) == value:
        return text
    expected = {**entry.document.data, key: value}
    field = entry.fields.get(key)
    if field is None:
        changed = _insert_field(entry, key, [_field_line(key, value)], kind)
    elif isinstance(field.value, yaml.ScalarNode):
        changed = _replace_scalar(entry, field, field.value, value)
    else:
        raise EditError(
            f'"{key}" holds a list or a group of fields, not a single value, so it was not changed'
        )
    return _checked(entry, changed, expected)


def set_list(text: str, key: str, values: Iterable[str], kind: str = "project") -> str:
    """Set a top-level list of text values, keeping the list's style; an empty list removes the field."""
    items = list(values)
    for item in items:
        _require_text(item, key)
    entry = _read(text)
    field = entry.fields.get(key)
    if entry.document.data.get(key, []) == items and (items or field is None):
        return text
    expected = {name: given for name, given in entry.document.data.items() if name != key}
    if items:
        expected[key] = items
    if field is None:
        changed = _insert_field(entry, key, [f"{key}:", *_item_lines(items, _default_prefix(entry))], kind)
    elif not items:
        changed = entry.replace_lines(field.key_line, _field_stop(entry, field), [])
    else:
        changed = _replace_list(entry, field, key, items)
    return _checked(entry, changed, expected)


def add_update(
    text: str, day: date, update_text: str, kind: str = "project", welsh: str | None = None
) -> str:
    """Add a dated update as the first (newest) item of `updates`, written like the items already there;
    with its `welsh` text, if given, in a `cy:` block of the update (pipeline.welsh)."""
    _require_text(update_text, "updates")
    entry = _read(text)
    current = entry.document.data.get("updates", [])
    field = entry.fields.get("updates")
    if field and not _is_block_list(field.value) and current != []:
        raise EditError('"updates" is not written as a list of "- date:" items, so the update was not added')
    update: dict[str, Any] = {"date": day.isoformat(), "text": update_text}
    if welsh is not None:
        _require_text(welsh, "updates")
        update[WELSH] = {"text": welsh}
    expected = {**entry.document.data, "updates": [update, *current]}
    if field is None:
        lines = ["updates:", *_update_lines(update, _default_prefix(entry), UPDATE_KEYS, {})]
        changed = _insert_field(entry, "updates", lines, kind)
    elif _is_block_list(field.value):
        changed = _insert_update(entry, field.value.value[0], update)
    else:
        lines = ["updates:", *_update_lines(update, _default_prefix(entry), UPDATE_KEYS, {})]
        changed = entry.replace_lines(field.key_line, _field_stop(entry, field), lines)
    return _checked(entry, changed, expected)


def changed_fields(before_text: str, after_text: str) -> list[str]:
    """The top-level fields whose values differ between two versions of an entry, in the order written.

    Only "last_reviewed" means the project was confirmed without other changes.
    """
    before = _load(before_text).data
    after = _load(after_text).data
    names = [*before, *(name for name in after if name not in before)]
    return [name for name in names if before.get(name) != after.get(name)]


def _require_text(value: object, key: str) -> None:
    if not isinstance(value, str):
        raise EditError(f'the new value of "{key}" must be text, not {type(value).__name__}')


def _load(text: str) -> Document:
    try:
        return load_text(text.removeprefix(BOM))
    except LoadError as error:
        raise EditError(
            f"the file cannot be read, so it was not changed (line {error.line}: {error.message})"
        ) from None


def _read(text: str) -> _Entry:
    """Split an entry's text for editing and find where each top-level field is written."""
    document = _load(text)
    unmarked = text.removeprefix(BOM)
    line_starts = [0, *(found.end() for found in _LINE_BREAK.finditer(unmarked))]
    first_break = _LINE_BREAK.search(unmarked)
    newline = first_break.group() if first_break else "\n"
    key_positions = document.key_positions
    # The loader gives where each value starts; an edit also needs where it ends, which only the
    # composed nodes know. The loader has already refused aliases, tags and repeated keys.
    root = yaml.compose(document.front, Loader=yaml.BaseLoader)
    if not isinstance(root, yaml.MappingNode):  # the loader has already read it as fields
        raise EditError("the file's front matter is not a set of fields, so it was not changed")
    fields = {}
    for key_node, value_node in root.value:
        line, column = key_positions[(key_node.value,)]
        fields[key_node.value] = _Field(line - 1, column - 1, value_node)
    bom = BOM if text.startswith(BOM) else ""
    return _Entry(bom, unmarked, newline, line_starts, document, fields)


def _checked(entry: _Entry, changed: str, expected: dict[str, Any]) -> str:
    """The changed text, once the strict loader reads it back as exactly the intended data."""
    try:
        after = load_text(changed.removeprefix(BOM))
    except LoadError:
        after = None
    if after is None or after.data != expected or after.body != entry.document.body:
        raise EditError(
            "the change could not be written so that the file reads back correctly; it was not made"
        )
    return changed


def _position(mark: yaml.Mark) -> tuple[int, int]:
    """A mark in the front matter as (line, column) of the whole text: the front starts on line 1."""
    return mark.line + 1, mark.column


def _value_end(entry: _Entry, node: yaml.Node) -> tuple[int, int]:
    """Where a value's own text ends: a block list's end mark lies at the next field, past any comments."""
    if isinstance(node, yaml.ScalarNode):
        return _block_end(entry, node) if node.style in _BLOCK_STYLES else _position(node.end_mark)
    if not isinstance(node, yaml.CollectionNode) or node.flow_style or not node.value:
        return _position(node.end_mark)
    last = node.value[-1]
    return _value_end(entry, last[1] if isinstance(node, yaml.MappingNode) else last)


def _block_end(entry: _Entry, node: yaml.ScalarNode) -> tuple[int, int]:
    """The end of a | or > value's last line; trailing blank lines are kept unless they are part of it."""
    start_line = _position(node.start_mark)[0]
    line, column = _position(node.end_mark)
    if column == 0 and line > start_line:
        line -= 1
    if "+" not in _block_header(entry, node):
        while line > start_line and not entry.line(line).strip():
            line -= 1
    return line, len(entry.line(line))


def _block_header(entry: _Entry, node: yaml.ScalarNode) -> str:
    line, column = _position(node.start_mark)
    found = _BLOCK_HEADER.match(entry.line(line), column)
    return found.group() if found else ""


def _field_stop(entry: _Entry, field: _Field) -> int:
    """The line after a field's last line."""
    return _value_end(entry, field.value)[0] + 1


def _replace_scalar(entry: _Entry, field: _Field, node: yaml.ScalarNode, value: str) -> str:
    """Replace just the characters of a single value (the field's node), so comments after it on its line stay."""
    start = entry.offset(*_position(node.start_mark))
    end = entry.offset(*_value_end(entry, node))
    written = _scalar_text(value, node.style, _block_indent(entry, field, node))
    if start == end and not entry.text[start - 1].isspace():
        written = f" {written}"  # an empty value: "key:" becomes "key: value"
    return entry.splice(start, end, written.replace("\n", "\n" + " " * field.key_column))


def _block_indent(entry: _Entry, field: _Field, node: yaml.ScalarNode) -> int:
    """How far a | or > value (the field's node) is indented past its key, so a rewritten value keeps it."""
    if node.style not in _BLOCK_STYLES:
        return 2
    first, _ = _position(node.start_mark)
    last, _ = _value_end(entry, node)
    for number in range(first + 1, last + 1):
        line = entry.line(number)
        if line.strip():
            indent = len(line) - len(line.lstrip(" ")) - field.key_column
            return indent if 2 <= indent <= 9 else 2
    return 2


def _insert_field(entry: _Entry, key: str, lines: list[str], kind: str) -> str:
    """Add a field after the nearest field that comes before it in the schema, else at the end."""
    order = list(schemas.field_schema(kind, ()).get("properties", {}))
    before = order[: order.index(key)] if key in order else []
    present = [name for name in before if name in entry.fields]
    line = _field_stop(entry, entry.fields[present[-1]]) if present else entry.fence_line
    return entry.replace_lines(line, line, lines)


def _replace_list(entry: _Entry, field: _Field, key: str, values: list[str]) -> str:
    node = field.value
    if isinstance(node, yaml.SequenceNode) and node.flow_style:
        start = entry.offset(*_position(node.start_mark))
        return entry.splice(start, entry.offset(*_value_end(entry, node)), _flow_list_text(values))
    if _is_block_list(node):
        if not all(isinstance(item, yaml.ScalarNode) for item in node.value):
            raise EditError(
                f'"{key}" is a list of groups of fields, not of single values, so it was not changed'
            )
        first = node.value[0]
        prefix = _item_prefix(entry, first) or DEFAULT_ITEM_PREFIX
        lines = _item_lines(values, prefix, _quote_style(first))
        return entry.replace_lines(_position(first.start_mark)[0], _field_stop(entry, field), lines)
    if key in entry.document.data:
        raise EditError(f'"{key}" holds a single value, not a list, so it was not changed')
    lines = [f"{key}:", *_item_lines(values, _default_prefix(entry))]
    return entry.replace_lines(field.key_line, _field_stop(entry, field), lines)


def _is_block_list(node: yaml.Node) -> bool:
    return isinstance(node, yaml.SequenceNode) and not node.flow_style and bool(node.value)


def _item_prefix(entry: _Entry, item: yaml.Node) -> str | None:
    """The text before a list item's value on its line, such as "  - ", when it is only the dash."""
    line, column = _position(item.start_mark)
    prefix = entry.line(line)[:column]
    return prefix if prefix.strip() == "-" else None


def _default_prefix(entry: _Entry) -> str:
    """How the file already writes list items (its first top-level block list), for a new list."""
    for field in entry.fields.values():
        if _is_block_list(field.value):
            prefix = _item_prefix(entry, field.value.value[0])
            if prefix:
                return prefix
    return DEFAULT_ITEM_PREFIX


def _quote_style(node: yaml.Node) -> str | None:
    """A value's quotes, to write a new value alike; plain and | or > values give None (plain if possible)."""
    style = getattr(node, "style", None)
    return style if style in _QUOTE_STYLES else None


def _item_lines(values: list[str], prefix: str, style: str | None = None) -> list[str]:
    return [prefix + _scalar_text(value, style) for value in values]


def _insert_update(entry: _Entry, first: yaml.Node, update: dict[str, Any]) -> str:
    """Insert an update before the first one, with the same dash, key order and quoting."""
    prefix = _item_prefix(entry, first) or DEFAULT_ITEM_PREFIX
    order, styles = UPDATE_KEYS, {}
    if isinstance(first, yaml.MappingNode):
        written = {key.value: value for key, value in first.value}
        if set(UPDATE_KEYS) <= set(written):
            order = tuple(key for key in written if key in UPDATE_KEYS)
        styles = {key: _quote_style(value) for key, value in written.items()}
    line = _position(first.start_mark)[0]
    return entry.replace_lines(line, line, _update_lines(update, prefix, order, styles))


def _update_lines(
    update: dict[str, Any], prefix: str, order: tuple[str, ...], styles: dict[str, str | None]
) -> list[str]:
    """One update as list item lines: the first key after the dash, the others lined up under it, then
    its Welsh text, if any, in a `cy:` block under them."""
    under = " " * len(prefix)
    indents = [prefix, *([under] * (len(order) - 1))]
    lines = [
        f"{indent}{key}: {_scalar_text(update[key], styles.get(key))}"
        for indent, key in zip(indents, order, strict=True)
    ]
    if WELSH in update:
        welsh = _scalar_text(update[WELSH]["text"], styles.get("text"), indent=len(under) + 4)
        lines += [f"{under}{WELSH}:", f"{under}  text: {welsh}"]
    return lines


def _field_line(key: str, value: str) -> str:
    return f"{key}: {_scalar_text(value, None)}"


def _scalar_text(value: str, style: str | None, indent: int = 2) -> str:
    """A value as YAML in the requested style where it reads back exactly, else double-quoted.

    The emitter picks among the styles YAML allows (plain, then quotes), so quotes are added only
    when needed. The test of a plain value is the strict loader, which reads every value as text:
    writer.entry_text quotes anything another YAML reader might take for a date or a number, which
    would turn a plain "last_reviewed: 2026-10-14" into a quoted one. A value the strict loader reads
    differently (an empty value, or "null", which it takes for a missing field) is double-quoted.
    """
    style = _line_break_style(value, style)
    written = _value_text(value, style, indent)
    if not _reads_back(written, value):
        written = _value_text(value, _DOUBLE_QUOTED, indent)
    return written


def _line_break_style(value: str, style: str | None) -> str | None:
    """Line breaks are written as escapes in double quotes (one line), except in a | or > value."""
    if _ANY_LINE_BREAK.search(value) and style not in _BLOCK_STYLES:
        return _DOUBLE_QUOTED
    return style


def _reads_back(written: str, value: str) -> bool:
    # Another field follows, as the front matter's last line has no line break for a | value to keep.
    try:
        return load_text(f"---\nk: {written}\nnext: field\n---\n").data.get("k") == value
    except LoadError:
        return False


def _value_text(value: str, style: str | None, indent: int) -> str:
    return _emit("k", [_scalar_event(value, style)], indent).removeprefix("k:").removeprefix(" ")


def _flow_list_text(values: list[str]) -> str:
    events = [
        yaml.SequenceStartEvent(None, None, True, flow_style=True),
        *(_scalar_event(value, _line_break_style(value, None)) for value in values),
        yaml.SequenceEndEvent(),
    ]
    return _emit("k", events).removeprefix("k: ")


def _scalar_event(value: str, style: str | None) -> yaml.ScalarEvent:
    return yaml.ScalarEvent(None, None, (True, True), value, style=style)


def _emit(key: str, value_events: list[yaml.Event], indent: int = 2) -> str:
    """`key: value` as PyYAML's emitter writes it (it knows when a value needs quotes), without the
    final line break."""
    events = [
        yaml.StreamStartEvent(),
        yaml.DocumentStartEvent(explicit=False),
        yaml.MappingStartEvent(None, None, True, flow_style=False),
        _scalar_event(key, None),
        *value_events,
        yaml.MappingEndEvent(),
        yaml.DocumentEndEvent(explicit=False),
        yaml.StreamEndEvent(),
    ]
    written: str = yaml.emit(events, allow_unicode=True, width=_NO_WRAP, indent=indent)
    # After a | value that keeps its final blank lines the emitter ends the document with "...".
    return written.removesuffix("...\n").removesuffix("\n")
