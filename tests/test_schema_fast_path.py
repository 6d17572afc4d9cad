"""The fast check (jsonschema-rs) must agree with jsonschema on every entry, valid or not."""

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schemas, validation
from pipeline.loader import load_file
from pipeline.model import FOLDER_OF_KIND
from pipeline.validation import coerce, quick_check

CONTENT = Path(__file__).resolve().parent.parent / "content"


def sample_entries(kind: str) -> list[dict]:
    folder = FOLDER_OF_KIND[kind]
    return [coerce(kind, load_file(path).data) for path in sorted((CONTENT / folder).glob("*.md"))]


def agree(kind: str, data) -> None:
    assert quick_check(kind)(data) == schemas.validator(kind).is_valid(data), data


def limits() -> set[int]:
    """Every length limit in the schemas, and one past it."""
    found = set()

    def visit(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
                    found.update({value, value + 1, max(value - 1, 0)})
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(list(schemas.schema_documents().values()))
    return found


LIMITS = sorted(limits())
scalars = st.one_of(
    st.text(max_size=12),
    st.sampled_from(LIMITS).map(lambda n: "a" * min(n, 3000)),
    st.sampled_from(LIMITS),
    st.sampled_from(
        ["", "alpha", "2026-02-30", "2026-01-01", "https://a.example.org", "x@y.org", "E06000037"]
    ),
    st.integers(min_value=-5, max_value=10**10),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.sampled_from([n for n in LIMITS if n <= 202]).map(lambda n: ["x"] * n)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, prefix + (index,))


def mutate(data, path, action, value):
    data = copy.deepcopy(data)
    if not path:
        return value if action == "replace" else data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if action == "delete":
        del parent[path[-1]]
    elif action == "replace":
        parent[path[-1]] = value
    elif isinstance(parent, dict):
        parent[f"{path[-1]}_extra"] = value
    return data


@pytest.mark.parametrize("kind", ["council", "project", "makerday"])
def test_agrees_on_the_sample_catalogue(kind):
    entries = sample_entries(kind)
    assert entries
    for data in entries:
        agree(kind, data)


@pytest.mark.parametrize("kind", ["council", "project", "makerday"])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_agrees_on_mutated_entries(kind, data):
    entry = data.draw(st.sampled_from(sample_entries(kind)))
    path = data.draw(st.sampled_from(list(paths(entry))))
    action = data.draw(st.sampled_from(["delete", "replace", "add"]))
    value = data.draw(values)
    agree(kind, mutate(entry, path, action, value))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("gss_code",), "E06000037\n"),
        (("website",), "https://www.westberks.gov.uk\n"),
    ],
)
def test_a_pattern_ends_at_the_end_of_the_text(path, value):
    """A JSON Schema pattern's final $ is the end of the text, not a line break before it."""
    entry = largest_entry("council")
    assert path[0] in entry
    agree("council", mutate(entry, path, "replace", value))
    assert not quick_check("council")(mutate(entry, path, "replace", value))


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "20260101", "2026-01-01\n", "2026-01-01"])
def test_dates_are_checked_as_jsonschema_checks_them(value):
    entry = largest_entry("project")
    agree("project", mutate(entry, ("last_reviewed",), "replace", value))


def test_each_format_is_checked_as_jsonschema_checks_it():
    """The same function for every format jsonschema knows; a format it does not know passes in both."""
    assert validation._format_check("date")("2026-02-30") is False
    assert validation._format_check("date")("2026-02-28") is True
    assert validation._format_check("no-such-format")("anything") is True
    assert validation._format_names(
        {"properties": {"format": {"format": "date"}}, "x": [{"format": "y"}]}
    ) == {
        "date",
        "y",
    }


LIMIT_KEYWORDS = ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum")
WRONG_VALUES = ["", "NO", "true", True, False, None, 1.5, -1, {}, [], "2026-02-30", "http://a.example.org"]


def field_node(kind: str, path: tuple) -> dict:
    pattern = tuple("*" if isinstance(part, int) else part for part in path)
    try:
        return schemas.field_schema(kind, pattern)
    except (KeyError, TypeError):
        return {}


def candidates(node: dict):
    """Values on and just past each limit of a field, then values of the wrong kind."""
    for keyword in LIMIT_KEYWORDS:
        if keyword in node:
            for n in (node[keyword] - 1, node[keyword], node[keyword] + 1):
                yield {"minLength": "a", "maxLength": "a", "minItems": ["x"], "maxItems": ["x"]}.get(
                    keyword, 1
                ) * max(n, 0)
    yield from WRONG_VALUES


def largest_entry(kind: str) -> dict:
    return max(sample_entries(kind), key=lambda data: len(list(paths(data))))


@pytest.mark.parametrize("kind", ["council", "project", "makerday"])
def test_agrees_at_every_boundary_of_every_field(kind):
    entry = largest_entry(kind)
    for path in paths(entry):
        for value in candidates(field_node(kind, path)):
            agree(kind, mutate(entry, path, "replace", value))
