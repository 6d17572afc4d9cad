"""The JSON Schemas in schemas/: the only place fields and their allowed values are written down."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.protocols import Validator
from referencing import Registry, Resource

# A schema, or a part of one, as read from its JSON file.
SchemaNode = dict[str, Any]


def _schema_dir() -> Path:
    """schemas/ of the checkout; an installed package carries a copy as pipeline/schema_files."""
    package = Path(__file__).resolve().parent
    checkout = package.parent / "schemas"
    return checkout if (checkout / "project.schema.json").is_file() else package / "schema_files"


SCHEMA_DIR = _schema_dir()


def schema_file(kind: str) -> str:
    """The schema of an entry kind ("project" -> "project.schema.json")."""
    return f"{kind}.schema.json"


_LOCAL_DATE_TIME = re.compile(
    r"^(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[T ](?P<time>[0-9]{2}:[0-9]{2}(:[0-9]{2})?)"
    r"(?P<offset>Z|[+-][0-9]{2}:[0-9]{2})?\Z"
)

format_checker = FormatChecker()


@format_checker.checks("date", raises=ValueError)
def _is_real_date(value: object) -> bool:
    if isinstance(value, str):
        date.fromisoformat(value)
    return True


@format_checker.checks("pipeline-date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if isinstance(value, str):
        parse_date_time(value)
    return True


def parse_date_time(value: str) -> datetime:
    """Parse "YYYY-MM-DD HH:MM[:SS][offset]"; naive results are UK local time."""
    match = _LOCAL_DATE_TIME.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date and time")
    offset = match["offset"] or ""
    return datetime.fromisoformat(f"{match['date']}T{match['time']}{offset.replace('Z', '+00:00')}")


@cache
def schema_documents() -> dict[str, SchemaNode]:
    """Every schema file, by file name."""
    names = [path.name for path in SCHEMA_DIR.glob("*.schema.json")]
    return {name: json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")) for name in names}


@cache
def registry() -> Registry:
    resources = [(doc["$id"], Resource.from_contents(doc)) for doc in schema_documents().values()]
    return Registry().with_resources(resources)


def schema(kind: str) -> SchemaNode:
    return schema_documents()[schema_file(kind)]


@cache
def python_pattern(pattern: str) -> re.Pattern[str]:
    """A schema pattern as a Python regex: in JSON Schema a final $ ends the text, as \\Z does in
    Python (Python's $ also matches before a final line break)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern_keyword(
    validator: Draft202012Validator, pattern: str, instance: object, schema: SchemaNode
) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not python_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# The jsonschema stubs leave extend() untyped; it returns a validator class.
_Validator: type[Validator] = validators.extend(Draft202012Validator, {"pattern": _pattern_keyword})  # type: ignore[no-untyped-call]


@cache
def validator(kind: str) -> Validator:
    return _Validator(schema(kind), registry=registry(), format_checker=format_checker)


def resolve(node: SchemaNode, base: str) -> tuple[SchemaNode, str]:
    """Follow $ref chains; returns the target node and the file it lives in.

    Sibling keywords next to a $ref (title, description) are kept, the nearer winning.
    """
    merged: SchemaNode = {}
    while "$ref" in node:
        merged = {**{k: v for k, v in node.items() if k != "$ref"}, **merged}
        target, _, pointer = node["$ref"].partition("#")
        base = target or base
        node = schema_documents()[base]
        for part in filter(None, pointer.split("/")):
            node = node[part]
    return {**node, **merged}, base


def options(node: SchemaNode) -> list[tuple[str, str]]:
    """The allowed values of an enum-like schema node as (value, label) pairs."""
    node, _ = resolve(node, "")
    if "enum" in node:
        return [(value, value.replace("-", " ").capitalize()) for value in node["enum"]]
    if "oneOf" in node and all("const" in choice for choice in node["oneOf"]):
        return [(choice["const"], choice.get("title", choice["const"])) for choice in node["oneOf"]]
    return []


def field_schema(kind: str, path: tuple[str, ...]) -> SchemaNode:
    """The resolved schema node for a field path such as ("pledges", "*", "kind")."""
    node, base = resolve(schema(kind), schema_file(kind))
    for part in path:
        node = node["items"] if part == "*" else node["properties"][part]
        node, base = resolve(node, base)
    return node


def labels(kind: str, path: tuple[str, ...]) -> dict[str, str]:
    """Value -> human label for an enum-like field, e.g. labels("project", ("phase",))."""
    node = field_schema(kind, path)
    if node.get("type") == "array":
        node = field_schema(kind, path + ("*",))
    return dict(options(node))


def walk_fields(kind: str) -> Iterator[tuple[tuple[str, ...], SchemaNode]]:
    """Yield (path, resolved node) for every field of a kind, "*" standing for list items."""
    start, base = resolve(schema(kind), schema_file(kind))
    stack: list[tuple[tuple[str, ...], SchemaNode, str]] = [((), start, base)]
    while stack:
        path, node, base = stack.pop()
        if path:
            yield path, node
        children = [(name, child) for name, child in node.get("properties", {}).items()]
        if "items" in node:
            children.append(("*", node["items"]))
        for name, child in reversed(children):
            resolved, child_base = resolve(child, base)
            stack.append((path + (name,), resolved, child_base))


@cache
def typed_fields(kind: str) -> dict[tuple[str, ...], str]:
    """Field paths whose values are numbers or booleans rather than text."""
    return {
        path: node["type"]
        for path, node in walk_fields(kind)
        if node.get("type") in ("integer", "number", "boolean")
    }


@cache
def reference_fields(kind: str) -> dict[tuple[str, ...], str]:
    """Field paths that name another entry, with the content folder they point into."""
    return {path: node["x-refers-to"] for path, node in walk_fields(kind) if "x-refers-to" in node}
