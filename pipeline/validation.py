"""Checking entries against the schemas, and turning schema errors into plain-English problems."""

from __future__ import annotations

import difflib
import re
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


def coerce(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Turn the text of number and true/false fields into numbers and booleans, in place."""
    for path, type_name in schemas.typed_fields(kind).items():
        _coerce_at(data, path, type_name)
    return data


def _coerce_at(container: Any, path: tuple[str, ...], type_name: str) -> None:
    head, rest = path[0], path[1:]
    if head == "*":
        keys: range | list[str] | tuple[()] = range(len(container)) if isinstance(container, list) else ()
    else:
        keys = [head] if isinstance(container, dict) and head in container else ()
    for key in keys:
        if rest:
            _coerce_at(container[key], rest, type_name)
        else:
            container[key] = _typed(container[key], type_name)


def _typed(value: Any, type_name: str) -> Any:
    if not isinstance(value, str):
        return value
    if type_name == "boolean":
        return _BOOLEANS.get(value, value)
    if _WHOLE_NUMBER.fullmatch(value):
        return int(value)
    return value


def check_file_name(name: str) -> str | None:
    if FILE_NAME.fullmatch(name):
        return None
    suggestion = re.sub(r"[^a-z0-9]+", "-", name.removesuffix(".md").lower()).strip("-") or "my-entry"
    return (
        f'the file name "{name}" is not allowed; use lower-case letters, digits and hyphens '
        f"ending in .md, like {suggestion}.md"
    )


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
    errors = schemas.validator(kind).iter_errors(document.data)
    chosen: dict[FieldPath, tuple[bool, str]] = {}
    for error in sorted(errors, key=lambda e: _PRIORITY.get(str(e.validator), 2)):
        for path, key, message in _explain(kind, error):
            chosen.setdefault(path, (key, message))
    problems = []
    for path, (key, message) in chosen.items():
        line, column = document.position(path, key=key)
        problems.append(Problem(source, line, column, ERROR, message, field_name(path)))
    return problems


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
    if error.validator in ("pattern", "format"):
        if node.get("format") == "date" and isinstance(value, str):
            return _date_written_wrongly(name, value, hint)
        return f'{name} "{value}" is not valid; {hint or "check how it is written"}'
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
