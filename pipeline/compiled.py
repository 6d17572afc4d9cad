"""The schemas compiled to plain Python predicates, to say quickly whether an entry is valid.

jsonschema explains what is wrong but is slow to say that nothing is; most entries are valid, so
validation asks this compiled form first and only asks jsonschema for the errors of entries that
fail it. Only the keywords our schemas use are supported; any other keyword is refused when
compiling, so a schema change can never be silently ignored. A property-based test keeps this in
step with jsonschema.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from . import schemas

Check = Callable[[Any], bool]
# A check that applies only to values of one JSON type, named by that type.
Scoped = tuple[str, Check]
Rule = Check | Scoped

ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
_TYPES: dict[str, Check] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
}
_is_number = _TYPES["number"]


# Keywords such as pattern or items only constrain values of one JSON type; they are grouped by
# the Python types of that JSON type so that each value is dispatched on its type once.
_SCOPES = {"object": (dict,), "array": (list,), "string": (str,), "number": (int, float)}


def _when(scope: str, check: Check) -> Scoped:
    return scope, check


def _all_of(tests: list[Check]) -> Check:
    if not tests:
        return _anything
    if len(tests) == 1:
        return tests[0]
    frozen = tuple(tests)

    def check(value: Any) -> bool:
        for test in frozen:
            if not test(value):
                return False
        return True

    return check


def _node_check(general: list[Check], scoped: dict[type, list[Check]]) -> Check:
    general_check = _all_of(general)
    if not scoped:
        return general_check
    by_type = {python_type: _all_of(tests) for python_type, tests in scoped.items()}

    def check(value: Any) -> bool:
        if not general_check(value):
            return False
        scoped_check = by_type.get(type(value))
        return scoped_check is None or scoped_check(value)

    return check


def _anything(value: Any) -> bool:
    return True


def _nothing(value: Any) -> bool:
    return False


def _same(a: object, b: object) -> bool:
    """JSON Schema equality: true is not 1, and objects compare by content."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[key], b[key]) for key in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if _is_number(a) and _is_number(b):
        return a == b
    return type(a) is type(b) and a == b


class _Compiler:
    def __init__(self) -> None:
        self.refs: dict[str, Check] = {}

    def compile(self, node: Any, base: str) -> Check:
        if node is True:
            return _anything
        if node is False:
            return _nothing
        general: list[Check] = []
        scoped: dict[type, list[Check]] = {}
        for keyword, argument in node.items():
            if keyword in ANNOTATIONS or keyword.startswith("x-") or keyword in ("then", "else"):
                continue
            method = getattr(self, "k_" + ("if_" if keyword == "if" else keyword.lstrip("$")), None)
            if method is None:
                raise ValueError(f"the compiled validator does not support the keyword {keyword!r}")
            check = method(argument, node, base)
            if isinstance(check, tuple):
                scope, check = check
                for python_type in _SCOPES[scope]:
                    scoped.setdefault(python_type, []).append(check)
            else:
                general.append(check)
        return _node_check(general, scoped)

    def k_ref(self, reference: str, node: dict[str, Any], base: str) -> Rule:
        target, _, pointer = reference.partition("#")
        target = target or base
        key = f"{target}#{pointer}"
        if key not in self.refs:
            self.refs[key] = _nothing  # placeholder while compiling, for recursive schemas
            resolved = schemas.schema_documents()[target]
            for part in filter(None, pointer.split("/")):
                resolved = resolved[part]
            self.refs[key] = self.compile(resolved, target)
        return lambda value: self.refs[key](value)

    def k_type(self, name: Any, node: dict[str, Any], base: str) -> Rule:
        names = [name] if isinstance(name, str) else name
        tests = [_TYPES[each] for each in names]
        if len(tests) == 1:
            return tests[0]
        return lambda value: any(test(value) for test in tests)

    def k_properties(self, properties: dict[str, Any], node: dict[str, Any], base: str) -> Rule:
        compiled = {name: self.compile(child, base) for name, child in properties.items()}

        def check(value: Any) -> bool:
            for name, item in value.items():
                if name in compiled and not compiled[name](item):
                    return False
            return True

        return _when("object", check)

    def k_additionalProperties(self, allowed: Any, node: dict[str, Any], base: str) -> Rule:
        known = set(node.get("properties", {}))
        if allowed is False:
            return _when("object", lambda value: known.issuperset(value))
        extra = self.compile(allowed, base)
        return _when(
            "object", lambda value: all(extra(item) for name, item in value.items() if name not in known)
        )

    def k_required(self, names: list[str], node: dict[str, Any], base: str) -> Rule:
        return _when("object", lambda value: all(map(value.__contains__, names)))

    def k_items(self, child: Any, node: dict[str, Any], base: str) -> Rule:
        compiled = self.compile(child, base)

        def check(value: Any) -> bool:
            for item in value:
                if not compiled(item):
                    return False
            return True

        return _when("array", check)

    def k_minItems(self, limit: int, node: dict[str, Any], base: str) -> Rule:
        return _when("array", lambda value: len(value) >= limit)

    def k_maxItems(self, limit: int, node: dict[str, Any], base: str) -> Rule:
        return _when("array", lambda value: len(value) <= limit)

    def k_uniqueItems(self, unique: bool, node: dict[str, Any], base: str) -> Rule:
        def check(value: Any) -> bool:
            return not any(_same(a, b) for index, a in enumerate(value) for b in value[index + 1 :])

        return _when("array", check) if unique else _anything

    def k_minLength(self, limit: int, node: dict[str, Any], base: str) -> Rule:
        return _when("string", lambda value: len(value) >= limit)

    def k_maxLength(self, limit: int, node: dict[str, Any], base: str) -> Rule:
        return _when("string", lambda value: len(value) <= limit)

    def k_pattern(self, pattern: str, node: dict[str, Any], base: str) -> Rule:
        search = schemas.python_pattern(pattern).search
        return _when("string", lambda value: search(value) is not None)

    def k_format(self, name: str, node: dict[str, Any], base: str) -> Rule:
        conforms = schemas.format_checker.conforms
        return lambda value: conforms(value, name)

    def k_minimum(self, limit: Any, node: dict[str, Any], base: str) -> Rule:
        return _when("number", lambda value: value >= limit)

    def k_maximum(self, limit: Any, node: dict[str, Any], base: str) -> Rule:
        return _when("number", lambda value: value <= limit)

    def k_enum(self, values: list[Any], node: dict[str, Any], base: str) -> Rule:
        if all(isinstance(allowed, str) for allowed in values):
            texts = frozenset(values)
            return lambda value: isinstance(value, str) and value in texts
        return lambda value: any(_same(value, allowed) for allowed in values)

    def k_const(self, constant: Any, node: dict[str, Any], base: str) -> Rule:
        return lambda value: _same(value, constant)

    def k_oneOf(self, choices: list[Any], node: dict[str, Any], base: str) -> Rule:
        if all(isinstance(choice, dict) and "const" in choice for choice in choices):
            constants = [choice["const"] for choice in choices]
            return self.k_enum(constants, node, base)
        compiled = [self.compile(choice, base) for choice in choices]
        return lambda value: sum(1 for check in compiled if check(value)) == 1

    def k_anyOf(self, choices: list[Any], node: dict[str, Any], base: str) -> Rule:
        compiled = [self.compile(choice, base) for choice in choices]
        return lambda value: any(check(value) for check in compiled)

    def k_allOf(self, choices: list[Any], node: dict[str, Any], base: str) -> Rule:
        compiled = [self.compile(choice, base) for choice in choices]
        return lambda value: all(check(value) for check in compiled)

    def k_if_(self, condition: Any, node: dict[str, Any], base: str) -> Rule:
        test = self.compile(condition, base)
        then = self.compile(node.get("then", True), base)
        otherwise = self.compile(node.get("else", True), base)
        return lambda value: then(value) if test(value) else otherwise(value)


@cache
def is_valid(kind: str) -> Check:
    """A predicate that is true exactly when jsonschema finds no error in an entry of this kind."""
    name = schemas.schema_file(kind)
    return _Compiler().compile(schemas.schema_documents()[name], name)
