"""The JSON Schemas in schemas/: the only place fields and their allowed values are written down."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource


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
def _is_real_date(value) -> bool:
    if isinstance(value, str):
        date.fromisoformat(value)
    return True


@format_checker.checks("pipeline-date-time", raises=ValueError)
def _is_date_time(value) -> bool:
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
def schema_documents() -> dict[str, dict]:
    """Every schema file, by file name."""
    names = [path.name for path in SCHEMA_DIR.glob("*.schema.json")]
    return {name: json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")) for name in names}


@cache
def registry() -> Registry:
    resources = [(doc["$id"], Resource.from_contents(doc)) for doc in schema_documents().values()]
    return Registry().with_resources(resources)


def schema(kind: str) -> dict:
    return schema_documents()[schema_file(kind)]


@cache
def python_pattern(pattern: str) -> re.Pattern:
    """A schema pattern as a Python regex: in JSON Schema a final $ ends the text, as \\Z does in
    Python (Python's $ also matches before a final line break)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern_keyword(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not python_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern_keyword})


@cache
def validator(kind: str) -> Draft202012Validator:
    return _Validator(schema(kind), registry=registry(), format_checker=format_checker)


def resolve(node: dict, base: str) -> tuple[dict, str]:
    """Follow $ref chains; returns the target node and the file it lives in.

    Sibling keywords next to a $ref (title, description) are kept, the nearer winning.
    """
    merged: dict = {}
    while "$ref" in node:
        merged = {**{k: v for k, v in node.items() if k != "$ref"}, **merged}
        target, _, pointer = node["$ref"].partition("#")
        base = target or base
        node = schema_documents()[base]
        for part in filter(None, pointer.split("/")):
            node = node[part]
    return {**node, **merged}, base


def options(node: dict) -> list[tuple[str, str]]:
    """The allowed values of an enum-like schema node as (value, label) pairs."""
    node, _ = resolve(node, "")
    if "enum" in node:
        return [(value, value.replace("-", " ").capitalize()) for value in node["enum"]]
    if "oneOf" in node and all("const" in choice for choice in node["oneOf"]):
        return [(choice["const"], choice.get("title", choice["const"])) for choice in node["oneOf"]]
    return []


def field_schema(kind: str, path: tuple[str, ...]) -> dict:
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


def walk_fields(kind: str):
    """Yield (path, resolved node) for every field of a kind, "*" standing for list items."""
    start, base = resolve(schema(kind), schema_file(kind))
    stack = [((), start, base)]
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
def typed_fields(kind: str) -> dict[tuple, str]:
    """Field paths whose values are numbers or booleans rather than text."""
    return {
        path: node["type"]
        for path, node in walk_fields(kind)
        if node.get("type") in ("integer", "number", "boolean")
    }


@cache
def reference_fields(kind: str) -> dict[tuple, str]:
    """Field paths that name another entry, with the content folder they point into."""
    return {path: node["x-refers-to"] for path, node in walk_fields(kind) if "x-refers-to" in node}
