"""Checking entries against the schemas, and turning schema errors into plain-English problems."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache, partial
from typing import Any

import jsonschema_rs

from . import interpret, schemas
from .loader import Document, FieldPath
from .problems import ERROR, Problem, field_name

FILE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.md")
# Longer runs of digits stay text (and fail the schema): int() refuses over 4,300 digits.
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,30}")
_BOOLEANS = {"true": True, "false": False}
_TYPE_WORDS = {
    "object": "a set of 'field: value' lines",
    "array": "a list, with each item on its own line starting with '- '",
    "string": "a single piece of text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}
# A jsonschema ValidationError. Its stubs type every field as possibly unset, which they never are in
# the errors iter_errors() yields, so the fields are read as they are.
SchemaError = Any
# When one field breaks several rules, say the most basic one only.
_PRIORITY = {"type": 0, "required": 1, "additionalProperties": 1}
# A year written at the start of a date, however many digits it has (up to a sensible number).
_YEAR = re.compile(r"([0-9]{4,9})-[0-9]{2}-[0-9]{2}(?:[T ]|\Z)")
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def coerce(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Turn the text of number and true/false fields into numbers and booleans, in place."""
    for pattern, type_name in schemas.typed_fields(kind).items():
        for parent, key, _ in _places(data, pattern):
            parent[key] = _typed(parent[key], type_name)
    return data


def _places(
    container: Any, pattern: tuple[str, ...], prefix: FieldPath = ()
) -> Iterator[tuple[Any, Any, FieldPath]]:
    """(parent, key, path) of every value a field pattern names, "*" standing for every list item."""
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        keys: range | list[str] | tuple[()] = range(len(container)) if isinstance(container, list) else ()
    else:
        keys = [head] if isinstance(container, dict) and head in container else ()
    for key in keys:
        if rest:
            yield from _places(container[key], rest, (*prefix, key))
        else:
            yield container, key, (*prefix, key)


@cache
def _list_limits(kind: str) -> list[tuple[tuple[str, ...], int]]:
    """(field pattern, most items) of every list of a kind, outer lists first."""
    limits = [(path, node["maxItems"]) for path, node in schemas.walk_fields(kind) if "maxItems" in node]
    return sorted(limits, key=lambda limit: len(limit[0]))


def _cut_long_lists(kind: str, document: Document, source: str) -> list[Problem]:
    """Cut every list longer than its schema allows to that length, in place, and say so once: checking
    the rest item by item would bury the one problem under thousands, and take as long as they are many."""
    problems = []
    for pattern, limit in _list_limits(kind):
        for parent, key, path in list(_places(document.data, pattern)):
            items = parent[key]
            if isinstance(items, list) and len(items) > limit:
                parent[key] = items[:limit]
                line, column = document.position(path)
                message = f"{field_name(path)} has {len(items)} items; the most allowed is {limit}"
                problems.append(Problem(source, line, column, ERROR, message, field_name(path)))
    return problems


def _typed(value: Any, type_name: str) -> Any:
    if not isinstance(value, str):
        return value
    if type_name == "boolean":
        return _BOOLEANS.get(value, value)
    if _WHOLE_NUMBER.fullmatch(value):
        return int(value)
    return value


def check_file_name(name: str) -> str | None:
    """Why a file name cannot be an entry's (or a page's), or None when it can."""
    if not FILE_NAME.fullmatch(name):
        suggestion = re.sub(r"[^a-z0-9]+", "-", name.removesuffix(".md").lower()).strip("-") or "my-entry"
        return (
            f'the file name "{name}" is not allowed; use lower-case letters, digits and hyphens '
            f"ending in .md, like {suggestion}.md"
        )
    stem = name.removesuffix(".md")
    limit = max_id_length()
    if len(stem) > limit:
        shorter = stem[: limit + 1].rsplit("-", 1)[0][:limit].strip("-")
        return (
            f'the file name "{name}" is {len(stem)} characters long before .md; '
            f"shorten it to {limit} or fewer, like {shorter}.md"
        )
    if is_reserved_id(stem):
        return (
            f'the file name "{name}" cannot be used: Windows keeps the name "{stem}" for a device, so the '
            f"file could not be checked out there; add a word to it, like {stem}-digital.md"
        )
    return None


def max_id_length() -> int:
    """The longest an entry id (a file name without .md) may be, from the schemas."""
    limit: int = schemas.definition("entry_id")["maxLength"]
    return limit


def is_reserved_id(entry_id: str) -> bool:
    """Whether an id is a name Windows keeps for a device (con, aux, nul, com1 and so on)."""
    reserved: list[str] = schemas.definition("entry_id")["not"]["enum"]
    return entry_id in reserved


@cache
def quick_check(kind: str) -> Callable[[object], bool]:
    """A predicate that is true exactly when jsonschema finds no error in an entry of this kind.

    jsonschema explains what is wrong but is slow to say that nothing is; most entries are valid, so
    jsonschema-rs says whether there is anything to explain. Both check each format with the same
    functions (and ignore the same unknown ones), and a JSON Schema pattern's final $ ends the text in
    both, so their verdicts agree; tests/test_schema_fast_path.py keeps them in step.
    """
    documents = schemas.schema_documents()
    formats = {name: _format_check(name) for name in _format_names(list(documents.values()))}
    validator = jsonschema_rs.Draft202012Validator(
        schemas.schema(kind),
        registry=jsonschema_rs.Registry([(document["$id"], document) for document in documents.values()]),
        validate_formats=True,
        formats=formats,
    )
    return validator.is_valid


def _format_check(name: str) -> Callable[[object], bool]:
    """jsonschema's check of a format, or anything goes for a format it does not know, as there."""
    if name in schemas.format_checker.checkers:
        return partial(schemas.format_checker.conforms, format=name)
    return lambda value: True


def _format_names(node: object) -> set[str]:
    """Every format named anywhere in a schema."""
    if isinstance(node, list):
        return set().union(*map(_format_names, node))
    if not isinstance(node, dict):
        return set()
    named = {node["format"]} if isinstance(node.get("format"), str) else set()
    return named.union(*map(_format_names, node.values()))


def check_schema(kind: str, source: str, document: Document) -> list[Problem]:
    """Type the document's data in place and return its problems against the kind's schema."""
    coerce(kind, document.data)
    if quick_check(kind)(document.data):
        return []
    problems = _cut_long_lists(kind, document, source)
    errors = schemas.validator(kind).iter_errors(document.data)
    chosen: dict[FieldPath, tuple[bool, str, bool]] = {}
    for error in sorted(errors, key=lambda e: _PRIORITY.get(str(e.validator), 2)):
        about_characters = _about_characters(error)
        for path, key, message in _explain(kind, error):
            chosen.setdefault(path, (key, message, about_characters))
    for path, (key, message, about_characters) in chosen.items():
        line, column = document.position(path, key=key)
        if about_characters:
            line, column = _character_position(document, path, (line, column))
        problems.append(Problem(source, line, column, ERROR, message, field_name(path)))
    return problems


def _about_characters(error: SchemaError) -> bool:
    """Whether an error is about the characters of a text field (single_line_text, multi_line_text)."""
    return error.validator == "pattern" and "x-text" in error.schema


def _character_position(document: Document, path: FieldPath, where: tuple[int, int]) -> tuple[int, int]:
    """Where an unwanted character of a text field is written, when the text before it is written
    as it reads (on the value's own line, with no escapes); else where the value starts."""
    value = _value_at(document.data, path)
    found = unwanted_character(value, "\n" in value) if isinstance(value, str) else None
    if found is None:
        return where
    index = found[0]
    line, column = where
    lines = document.front.split("\n")
    written = lines[line - 2] if 2 <= line < len(lines) + 2 else ""
    start = column - 1 + (written[column - 1 : column] in ("'", '"'))
    if written[start : start + index] == value[:index]:
        return line, start + index + 1
    return where


def _value_at(data: Any, path: FieldPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _explain(kind: str, error: SchemaError) -> Iterator[tuple[FieldPath, bool, str]]:
    """Yield (field path, point at key?, message) for one jsonschema error."""
    path = tuple(error.absolute_path)
    validator = error.validator
    if validator == "required":
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                yield path + (name,), True, _missing(kind, path + (name,))
        return
    if validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for name in error.instance:
            if name not in allowed:
                yield path + (name,), True, _unknown(path + (name,), allowed)
        return
    yield path, False, _describe(kind, path, error)


def _pattern(path: FieldPath) -> tuple[str, ...]:
    return tuple("*" if isinstance(part, int) else part for part in path)


def _node(kind: str, path: FieldPath) -> schemas.SchemaNode:
    try:
        return schemas.field_schema(kind, _pattern(path))
    except (KeyError, TypeError):
        return {}


def _missing(kind: str, path: FieldPath) -> str:
    node = _node(kind, path)
    name = path[-1]
    where = f" to {field_name(path[:-1])}" if path[:-1] else ""
    about = f" ({node['description']})" if node.get("description") else ""
    return f'{field_name(path)} is missing; add a "{name}:" line{where}{about}'


def _unknown(path: FieldPath, allowed: list[str]) -> str:
    name = str(path[-1])
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return f'unknown field "{name}"; did you mean "{close[0]}"?'
    return f'unknown field "{name}"; remove it or use one of the fields allowed here: {", ".join(allowed)}'


def _describe(kind: str, path: FieldPath, error: SchemaError) -> str:
    node = _node(kind, path) or error.schema
    name = field_name(path) or "the front matter"
    value = error.instance
    hint = node.get("x-hint") or error.schema.get("x-hint")
    choices = schemas.options(node)
    if choices and error.validator in ("oneOf", "enum", "const"):
        return _not_a_choice(name, node, value, [choice for choice, _ in choices])
    if error.validator == "type":
        return _wrong_type(name, node, value, error.validator_value, hint)
    if error.validator == "pattern" and node.get("x-text") and isinstance(value, str):
        return _unwanted_text(name, value, node["x-text"] == "multi-line")
    if error.validator in ("pattern", "format"):
        if "x-years" in node and isinstance(value, str) and _year_outside(value, node["x-years"]):
            first, last = node["x-years"]
            return f'{name} "{value}" is not in the years Pipeline accepts, {first} to {last}; check the year'
        if node.get("format") == "date" and isinstance(value, str):
            return _date_written_wrongly(name, value, hint)
        return f'{name} "{value}" is not valid; {hint or "check how it is written"}'
    if error.validator == "not" and isinstance(value, str) and is_reserved_id(value):
        return (
            f'{name} "{value}" is a name Windows keeps for a device, so no entry can have it; '
            f"{hint or 'use another name'}"
        )
    if error.validator == "minLength":
        return f"{name} is empty; fill it in or remove the line"
    if error.validator == "maxLength":
        return f"{name} is {len(value)} characters long; shorten it to {error.validator_value} or fewer"
    if error.validator == "minItems":
        return f"{name} needs at least {error.validator_value} item{'s' * (error.validator_value != 1)}"
    if error.validator == "maxItems":
        return f"{name} has {len(value)} items; the most allowed is {error.validator_value}"
    if error.validator == "uniqueItems":
        return f"{name} lists the same value more than once; remove the repeat"
    if error.validator in ("minimum", "maximum"):
        return f"{name} is {value}, outside what is allowed; {hint or 'check the number'}"
    if hint:
        return f"{name}: {hint}"
    return f"{name} is not valid: {error.message}"


def _year_outside(value: str, years: list[int]) -> bool:
    written = _YEAR.match(value)
    return written is not None and not years[0] <= int(written[1]) <= years[1]


def unwanted_character(value: str, multi_line: bool) -> tuple[int, str] | None:
    """(position, character) of the first character the schemas' text patterns refuse in a text field
    (single_line_text, or multi_line_text when multi_line), or None when there is none."""
    pattern = _text_pattern(multi_line)
    last = len(value) - 1
    for index, character in enumerate(value):
        if not pattern.fullmatch(f"a{character}a") or (
            index in (0, last) and not pattern.fullmatch(character)
        ):
            return index, character
    return None


@cache
def _text_pattern(multi_line: bool) -> re.Pattern[str]:
    name = "multi_line_text" if multi_line else "single_line_text"
    return schemas.python_pattern(schemas.definition(name)["pattern"])


def _unwanted_text(name: str, value: str, multi_line: bool) -> str:
    """What is wrong with a text field's characters, where, and what to do, in plain words."""
    found = unwanted_character(value, multi_line)
    if found is None:  # the pattern refused something else; say it plainly anyway
        return f"{name} has a character that is not allowed; retype it"
    index, character = found
    code = f"U+{ord(character):04X}"
    at = f"at character {index + 1}"
    if character in _LINE_BREAKS:
        if character == "\n":
            return f"{name} has a line break {at}; write {name} on one line"
        return f"{name} has an unusual line break ({code}) {at}; replace it with a space or a new line"
    if character in _ZERO_WIDTH:
        end = "starts" if index == 0 else "ends"
        if character == "\ufeff" and 0 < index < len(value) - 1:
            return f"{name} has an invisible character ({code}) {at}; delete it"
        return f"{name} {end} with an invisible character ({code}); delete it"
    if character == "\t":
        return f"{name} has a tab {at}; replace it with a space"
    if unicodedata.category(character) == "Cc":
        kind = "an invisible control character"
    elif unicodedata.bidirectional(character) in (
        "LRE",
        "RLE",
        "LRO",
        "RLO",
        "PDF",
        "LRI",
        "RLI",
        "FSI",
        "PDI",
    ):
        kind = "a hidden character that changes the direction of text"
    else:
        kind = "a character that is not a letter, number or symbol"
    return f"{name} has {kind} ({code}) {at}; retype {name} without it"


def _wrong_type(
    name: str, node: schemas.SchemaNode, value: object, expected: object, hint: str | None
) -> str:
    words = _TYPE_WORDS.get(expected, expected) if isinstance(expected, str) else "a value"
    if expected == "string" and isinstance(value, list) and not (hint or schemas.options(node)):
        return f"{name} should be {words}, not a list; write it as one paragraph"
    return f"{name} should be {words}" + (f"; {hint}" if hint else "")


def _date_written_wrongly(name: str, value: str, hint: str | None) -> str:
    """Show the date as YYYY-MM-DD when it can be read for sure; an impossible date is not a real date."""
    parts = interpret.date_parts(value)
    if parts is None:
        return f'{name} "{value}" is not valid; {hint}'
    try:
        written = date(*parts)
    except ValueError:
        return f'{name} "{value}" is not a real date; check the day and month ({hint})'
    return f'{name} "{value}" is in the wrong format; write dates as YYYY-MM-DD: {written.isoformat()}'


def _not_a_choice(name: str, node: schemas.SchemaNode, value: object, allowed: list[str]) -> str:
    noun = (node.get("title") or "allowed value").lower()
    article = "an" if noun[0] in "aeiou" else "a"
    shown = value if isinstance(value, str) else repr(value)
    close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
    nudge = f'did you mean "{close[0]}"? ' if close else ""
    return f'{name} "{shown}" is not {article} {noun}; {nudge}use one of {", ".join(allowed)}'
