"""Plain-English explanations of the YAML mistakes people make when they edit an entry by hand.

The YAML parser describes what went wrong in its own terms, and often notices a mistake lines after it
was made: a quote left open on line 2 is noticed wherever the next quote happens to be. This reads the
front matter's lines from the top down to where the parser stopped, finds the first mistake it
recognises (a tab, a colon inside a text, a pasted bullet list, a quote left open or a curly quote, a
missing space after a colon, a field indented too far) and says, on that mistake's own line, how to
fix it. It runs only after the parser has failed, so entries that read cleanly never pay for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

# "- " list dashes (any number), then a field name and its colon.
_LEAD = re.compile(r"[ \t]*(?:-(?:[ \t]+|$))*")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+|$)")
# "phase:alpha"; "https://" and "a::b" are not field names run into their values.
_GLUED_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):([^\s/:].*)")
_BLOCK_TEXT = re.compile(r"[|>][0-9+-]*[ \t]*(#.*)?")
_COMMENT = re.compile(r"(^|[ \t])#")
_COLON_IN_TEXT = re.compile(r":([ \t]|$)")
# Bullets pasted from a word processor or an email.
_BULLET = re.compile(r"[•–·▪]|\*[ \t]")
_CURLY_QUOTES = "“”‘’„"
_STRAIGHT_QUOTES = "\"'"


# The front matter starts on the file's line 2, after the opening ---; lines are counted as in the file.
FIRST_LINE = 2


@dataclass(frozen=True)
class Mistake:
    """A mistake in the front matter: its line in the file and its column (both from 1), and a message
    saying how to fix it."""

    line: int
    column: int
    message: str


def explain(front: str, error: yaml.MarkedYAMLError) -> Mistake:
    """Why the parser could not read the front matter, in plain English, on one of the front matter's
    lines: the first recognised mistake up to where the parser stopped, or else where it stopped."""
    mark = error.problem_mark or error.context_mark
    failed_line = mark.line + FIRST_LINE if mark else FIRST_LINE
    return find_mistake(front, failed_line) or _where_the_parser_stopped(front, error)


def find_mistake(front: str, failed_line: int) -> Mistake | None:
    """The first recognised mistake in the front matter up to the file's line failed_line, or None."""
    return _Scan(front.split("\n")).first_mistake(failed_line)


@dataclass(frozen=True)
class _Line:
    """One line of front matter, taken apart the way YAML would read a simple entry line."""

    number: int  # in the file
    text: str
    indent: int
    dashed: bool
    key: str | None
    column: int  # where the field name starts; for a list item without one, where its dash is
    value: str  # the text after "key: ", or after the dash
    value_column: int

    @property
    def kind(self) -> str:
        """How the value is written: empty, quoted, block (| or >), bracketed, plain or other (& ! *)."""
        value = self.value
        if not value or value.startswith("#"):
            return "empty"
        if value[0] in _STRAIGHT_QUOTES:
            return "quoted"
        if _BLOCK_TEXT.fullmatch(value):
            return "block"
        if value[0] in "[{":
            return "bracketed"
        if value[0] in "&!*":
            return "other"
        return "plain"

    @property
    def text_value(self) -> str:
        """The value without its comment."""
        found = _COMMENT.search(self.value)
        return (self.value[: found.start()] if found else self.value).rstrip()


def _read_line(number: int, text: str) -> _Line:
    leading = _LEAD.match(text)
    lead = leading.end() if leading else 0
    indent = _indent(text)
    dashed = lead > indent
    key = _KEY.match(text, lead)
    if key:
        return _Line(number, text, indent, dashed, key[1], lead, text[key.end() :], key.end())
    column = text.rfind("-", 0, lead) if dashed else lead
    return _Line(number, text, indent, dashed, None, column, text[lead:], lead)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def _is_meaningful(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


class _Scan:
    """Walks the front matter's lines from the top, skipping the inside of block texts (| or >) and of
    quotes that rightly run over several lines.

    Of the lines read so far it keeps only those a later line can still sit under: each line read
    hides the earlier ones that start at or right of it. So the line above any column is found among
    a handful, however long the front matter.
    """

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.open_lines: list[_Line] = []
        self.open_fields: list[_Line] = []

    def first_mistake(self, failed_line: int) -> Mistake | None:
        last = max(0, min(failed_line - FIRST_LINE, len(self.lines) - 1))
        index = 0
        while index <= last:
            if not _is_meaningful(self.lines[index]):
                index += 1
                continue
            line = _read_line(index + FIRST_LINE, self.lines[index])
            mistake = self.mistake_on(line, at_failure=index == last)
            if mistake:
                return mistake
            self.remember(line)
            index = self.next_index(index, line)
        return None

    def mistake_on(self, line: _Line, at_failure: bool) -> Mistake | None:
        """The first mistake found on the line; the order matters, as one line can look like several."""
        continues_text = self.continues_text(line)
        checks = (
            _tab(line, continues_text, at_failure),
            None if continues_text else _glued_key(line),
            self.quote_left_open(line) if line.kind == "quoted" else None,
            _curly_quotes(line, at_failure),
            self.indented_too_far(line) if continues_text else None,
            self.colon_in_text(line, continues_text),
            None if continues_text else self.bullet_list(line),
            self.out_of_line(line) if at_failure else None,
        )
        return next((mistake for mistake in checks if mistake), None)

    # Where a line sits ---------------------------------------------------------------------------------

    def remember(self, line: _Line) -> None:
        """Keep the line, hiding the lines it starts left of or under."""
        for kept in (self.open_lines, self.open_fields) if line.key else (self.open_lines,):
            while kept and kept[-1].column >= line.column:
                kept.pop()
            kept.append(line)

    def continues_text(self, line: _Line) -> bool:
        """Whether the line carries on the plain text of a line above it (it is further in)."""
        above = next((seen for seen in reversed(self.open_lines) if seen.column < line.indent), None)
        return above is not None and above.kind == "plain"

    def field_above(self, column: int) -> _Line | None:
        """The nearest field read so far whose name starts at or left of column."""
        return next((seen for seen in reversed(self.open_fields) if seen.column <= column), None)

    def next_index(self, index: int, line: _Line) -> int:
        """The index of the next line to read: past the inside of a block text or a multi-line quote."""
        if line.kind == "block":
            index += 1
            while index < len(self.lines) and (
                not self.lines[index].strip() or _indent(self.lines[index]) > line.column
            ):
                index += 1
            return index
        if line.kind == "quoted":
            end = _closing_quote(self.lines, index, line.value_column)
            return end[0] + 1 if end else index + 1
        return index + 1

    # Mistakes that need the lines above -----------------------------------------------------------------

    def quote_left_open(self, line: _Line) -> Mistake | None:
        """A quote never closed, closed on a later line with more text after it, or closed too early."""
        index = line.number - FIRST_LINE
        quote = line.value[0]
        end = _closing_quote(self.lines, index, line.value_column)
        rest = self.lines[end[0]][end[1] + 1 :].strip() if end else ""
        # A comment may follow a closing quote; so may a colon, if the quoted text is a field name.
        rest_is_fine = not rest or rest.startswith("#") or (rest.startswith(":") and not line.key)
        if end and end[0] == index and not rest_is_fine:
            inner = line.value[1:].rstrip().removesuffix(quote)
            return Mistake(
                line.number,
                end[1] + 1,
                f"the text on line {line.number} has a {quote} inside its quotes; "
                f"put it in the other kind of quotes instead: {_field_line(line, _quoted(inner))}",
            )
        if end and rest_is_fine:
            return None
        closed = line.value.rstrip() + quote
        return Mistake(
            line.number,
            line.value_column + 1,
            f"the quote that opens on line {line.number} is never closed; "
            f"add a {quote} at the end of the text: {_field_line(line, closed)}",
        )

    def indented_too_far(self, line: _Line) -> Mistake | None:
        if not line.key or line.dashed:
            return None
        above = self.field_above(line.indent - 1)
        under = f'directly under "{above.key}:"' if above else "at the start of the line"
        return Mistake(
            line.number,
            line.column + 1,
            f"line {line.number} is indented more than the field above it; start {line.key}: {under}",
        )

    def colon_in_text(self, line: _Line, continues_text: bool) -> Mistake | None:
        if continues_text:
            return self.colon_in_more_text(line)
        if not line.key or line.kind != "plain":
            return None
        text = line.text_value
        found = _COLON_IN_TEXT.search(text)
        if not found:
            return None
        return Mistake(
            line.number,
            line.value_column + found.start() + 1,
            f"the text on line {line.number} has a colon in it; "
            f"put the text in quotes: {_field_line(line, _quoted(text))}",
        )

    def colon_in_more_text(self, line: _Line) -> Mistake | None:
        """A colon on a line that carries on the text of the field above."""
        found = _COLON_IN_TEXT.search(line.text)
        owner = self.field_above(line.indent - 1)
        if not found or not owner:
            return None
        return Mistake(
            line.number,
            found.start() + 1,
            f"line {line.number} has a colon in the text of {owner.key}; "
            f'put all of its text in quotes, like {owner.key}: "…"',
        )

    def out_of_line(self, line: _Line) -> Mistake | None:
        """A field that starts neither under the field above it nor under that field's parent."""
        above = self.open_fields[-1] if self.open_fields else None
        if not line.key or line.dashed or not above or above.column == line.column:
            return None
        return Mistake(
            line.number,
            line.column + 1,
            f'line {line.number} is not lined up with the fields above it; start {line.key}: directly under "{above.key}:"',
        )

    def bullet_list(self, line: _Line) -> Mistake | None:
        """A list pasted under a field that already has its text on its own line."""
        owner = self.field_above(line.indent)
        if not owner or owner.key is None:
            return None
        if line.dashed:
            # A list item lined up with a field that already has a value (a list under "field:" is fine).
            if owner.column != line.indent or owner.kind not in ("plain", "quoted"):
                return None
        elif line.key or not _BULLET.match(line.value):
            return None
        return Mistake(line.number, line.indent + 1, _bullet_message(owner.key, line.number))


# Mistakes seen on the line alone -----------------------------------------------------------------------


def _tab(line: _Line, continues_text: bool, at_failure: bool) -> Mistake | None:
    leading = line.text[: line.indent]
    if "\t" in leading and (not continues_text or at_failure):
        return Mistake(
            line.number,
            leading.index("\t") + 1,
            f"line {line.number} is indented with a tab; use spaces, not tabs, to indent",
        )
    unquoted = line.text[: line.value_column] if line.kind == "quoted" else line.text
    if at_failure and "\t" in unquoted:
        return Mistake(
            line.number,
            unquoted.index("\t") + 1,
            f"line {line.number} has a tab in it; use spaces, not tabs",
        )
    return None


def _glued_key(line: _Line) -> Mistake | None:
    if line.key or line.dashed:
        return None
    glued = _GLUED_KEY.fullmatch(line.text, line.column)
    # "a:b: c" is a field named "a:b", which YAML allows.
    if not glued or _COLON_IN_TEXT.search(glued[2]):
        return None
    return Mistake(
        line.number,
        glued.start(2) + 1,
        f"put a space after the colon on line {line.number}: {glued[1]}: {glued[2].rstrip()}",
    )


def _curly_quotes(line: _Line, at_failure: bool) -> Mistake | None:
    if not line.key or not line.value or line.value[0] not in _CURLY_QUOTES:
        return None
    text = line.text_value
    if not (at_failure or _COLON_IN_TEXT.search(text)):
        return None
    return Mistake(
        line.number,
        line.value_column + 1,
        f"line {line.number} uses curly quotes (“ ” or ‘ ’), which do not count as quotes here; "
        f"use straight quotes instead: {_field_line(line, _quoted(text.strip(_CURLY_QUOTES)))}",
    )


def _closing_quote(lines: list[str], index: int, column: int) -> tuple[int, int] | None:
    """(line index, column) of the quote that closes the one opening at lines[index][column], or None."""
    quote = lines[index][column]
    start = column + 1
    for line_index in range(index, len(lines)):
        text = lines[line_index]
        position = start
        while position < len(text):
            character = text[position]
            if quote == '"' and character == "\\":
                position += 2
                continue
            if character == quote:
                if quote == "'" and text[position + 1 : position + 2] == "'":
                    position += 2
                    continue
                return line_index, position
            position += 1
        start = 0
    return None


def _quoted(text: str) -> str:
    """The text in quotes, choosing the kind of quote the text does not itself contain."""
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return "'" + text.replace("'", "''") + "'"


def _field_line(line: _Line, value: str) -> str:
    return f"{line.key}: {value}" if line.key else value


@cache
def _list_fields() -> frozenset[str]:
    """Names of the fields that take a list, in any kind of entry."""
    # The schemas are needed only for this rare message; importing them up front would slow every load.
    from . import schemas
    from .model import KINDS

    return frozenset(
        path[-1] for kind in KINDS for path, node in schemas.walk_fields(kind) if node.get("type") == "array"
    )


def _bullet_message(field: str, number: int) -> str:
    if field in _list_fields():
        return (
            f'{field} is a list, written wrongly on line {number}: leave nothing after "{field}:" '
            'and put each item on its own line below it, starting with "- "'
        )
    return (
        f"{field} is a single piece of text, so it cannot have a list under it (line {number}); "
        "write it as one paragraph"
    )


def _where_the_parser_stopped(front: str, error: yaml.MarkedYAMLError) -> Mistake:
    """The parser's own position, kept inside the front matter, with a plain general message."""
    lines = front.split("\n")
    mark = error.problem_mark or error.context_mark
    problem = error.problem or ""
    at_end = "end of stream" in problem or (mark is not None and mark.line >= len(lines))
    in_brackets = (error.context or "").startswith("while parsing a flow")
    if error.context_mark and (at_end or in_brackets):
        line, column = _inside(lines, error.context_mark)
        message = f"a quote or bracket that opens on line {line} is never closed; close it on the same line"
        return Mistake(line, column, message)
    line, column = _inside(lines, mark)
    message = (
        f"line {line} cannot be read; check the spaces at the start of the line, the colons and the quotes"
    )
    return Mistake(line, column, message)


def _inside(lines: list[str], mark: yaml.Mark | None) -> tuple[int, int]:
    """A parser mark as the file's (line, column), from 1, kept within the front matter's lines."""
    if mark is None:
        return FIRST_LINE, 1
    if mark.line >= len(lines):
        return len(lines) - 1 + FIRST_LINE, len(lines[-1]) + 1
    return mark.line + FIRST_LINE, min(mark.column, len(lines[mark.line])) + 1
