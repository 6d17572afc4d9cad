"""Property-based tests: no input crashes the loader or the validator, and every problem points into the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue_fixtures import TODAY, write_catalogue
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import model, schemas, validation
from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.loader import LoadError, load_text, read_text
from pipeline.model import FOLDERS, KINDS
from pipeline.writer import entry_text

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

YAML_TOKENS = [
    "title", "summary", "phase", "contacts", "role", "email", "lead_council", "starts", "gss_code", "x", "cy",
    ": ", ":", "- ", "-", "\n", "  ", "    ", "\t", "[", "]", "{", "}", ", ", "'", '"', "#", "|", ">", "? ",
    "&a ", "*a", "&b ", "*b", "!!int ", "!!str ", "!tag ", "<<: ", "~", "null", "NO", "yes", "1.10", "012",
    "12:30", "2026-02-30", "2026-11-27", "2027-01-20 09:30", "http://x.org", "https://x.org", "alpah",
    "west-berkshire", "---", "...", "%YAML 1.1\n", "\\", "\r\n", "\u2028", "\x85", "\x00", "\x07", "ŵ", "\ufeff",
]  # fmt: skip
yaml_ish = st.lists(st.sampled_from(YAML_TOKENS), max_size=40).map("".join)
front_matter_ish = yaml_ish.map(lambda front: f"---\n{front}\n---\nBody.\n")

FIELD_NAMES = sorted({path[0] for kind in KINDS for path, _ in schemas.walk_fields(kind)})
TRICKY_VALUES = [
    "", "NO", "yes", "true", "false", "1.10", "012", "-5", "25000", "9" * 5000, "2026-02-30", "2026-11-26",
    "2026-11-27", "2027-01-20 09:30", "2027-01-20T08:00Z", "http://x.org", "https://www.example.gov.uk",
    "javascript:alert(1)", "west-berkshire", "gwynedd", "bin-collection-app", "maker-day-newbury", "alpah",
    "alpha", "online", "in-person", "E06000037", "a@example.org", "E06000037\n",
]  # fmt: skip
scalars = st.one_of(st.sampled_from(TRICKY_VALUES), st.text(max_size=20))
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)), children, max_size=4),
    ),
    max_leaves=12,
)
entries = st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=10)), values, max_size=12)


def assert_points_into(text: str, line: int, column: int) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert 1 <= line <= len(lines), (line, len(lines))
    assert 1 <= column <= len(lines[line - 1]) + 1, (line, column, lines[line - 1])


def load_or_error(text: str):
    try:
        return load_text(text)
    except LoadError as error:
        assert error.message and "\n" not in error.message
        assert_points_into(text, error.line, error.column)
        return None


@SETTINGS
@given(st.text())
def test_loader_never_crashes_on_text(text):
    load_or_error(text)


@SETTINGS
@given(front_matter_ish)
def test_loader_and_schema_checks_never_crash_on_yaml_ish_text(text):
    document = load_or_error(text)
    if document is None:
        return
    for kind in KINDS:
        reloaded = load_text(text)
        for problem in validation.check_schema(kind, "x.md", reloaded):
            assert_points_into(text, problem.line, problem.column)


@SETTINGS
@given(st.binary(max_size=300))
def test_loader_never_crashes_on_bytes(raw):
    try:
        text = read_text(raw)
    except LoadError as error:
        assert error.line >= 1 and error.column == 1
        return
    load_or_error(text)


@pytest.fixture(scope="module")
def base_catalogue(tmp_path_factory) -> Path:
    return write_catalogue(tmp_path_factory.mktemp("catalogue"))


# Bodies with and without a Welsh part (pipeline.welsh), whose headings match or do not.
BODIES = [
    "Body.",
    "Body.\n\n# Cymraeg\n",
    "# Cymraeg\n\nTestun.",
    "## A\n\nB.\n\n# Cymraeg\n\n### C\n\nD.",
    "## A\n\nB.\n\n# cymraeg\n\n## C\n\nB.",
]


@SETTINGS
@given(
    folder=st.sampled_from(sorted(FOLDERS)),
    entry=st.one_of(entries, front_matter_ish),
    body=st.sampled_from(BODIES),
)
def test_a_catalogue_with_any_entry_is_checked_without_crashing(base_catalogue, folder, entry, body):
    """The whole path, rules and references included, with every problem inside its file."""
    text = entry_text(entry, body) if isinstance(entry, dict) else entry + body
    for old in base_catalogue.glob("*/any-entry.md"):
        old.unlink()
    (base_catalogue / folder / "any-entry.md").write_text(text, encoding="utf-8", newline="")
    _, problems = load_catalogue(base_catalogue, TODAY, Policy())
    assert {Path(problem.path).name for problem in problems} <= {"any-entry.md"}
    for problem in problems:
        assert problem.message and problem.severity in ("error", "warning")
        assert_points_into(text, problem.line, problem.column)


text_values = st.recursive(
    st.text(),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(), children, max_size=3)
    ),
    max_leaves=8,
)


# The text below the front matter may hold any character XML 1.0 allows (see the loader).
body_texts = st.text(
    st.characters(
        exclude_characters=[
            *map(chr, range(0x09)),
            "\x0b",
            "\x0c",
            *map(chr, range(0x0E, 0x20)),
            "\ufffe",
            "\uffff",
        ]
    )
)


@SETTINGS
@given(st.dictionaries(st.text(), text_values, min_size=1, max_size=6), body_texts)
def test_entry_text_is_read_back_exactly(data, body):
    document = load_text(entry_text(data, body))
    assert document.data == data
    assert document.body.strip() == body.replace("\r\n", "\n").replace("\r", "\n").strip()


# What validate accepts is safe to write: text that XML, calendars and terminals can take --------

# Characters XML 1.0 forbids, and the invisible ones that would disguise text or break a line.
_NEVER_IN_TEXT = {
    *map(chr, range(0x20)),
    *map(chr, range(0x7F, 0xA0)),
    "\u2028",
    "\u2029",
    "\ufffe",
    "\uffff",
}
_NEVER_IN_TEXT |= {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\ufeff"}


@SETTINGS
@given(st.text(st.characters(codec="utf-8"), min_size=1, max_size=40), st.booleans())
def test_accepted_text_holds_no_character_that_breaks_output(text, multi_line):
    name = "multi_line_text" if multi_line else "single_line_text"
    accepted = schemas.python_pattern(schemas.definition(name)["pattern"]).search(text) is not None
    forbidden = _NEVER_IN_TEXT - ({"\n"} if multi_line else set())
    assert accepted == (not forbidden.intersection(text) and not _zero_width_at_an_end(text))


def _zero_width_at_an_end(text: str) -> bool:
    return text[0] in "\u200b\u200c\u200d\u2060" or text[-1] in "\u200b\u200c\u200d\u2060"


@SETTINGS
@given(st.from_regex(schemas.python_pattern(schemas.definition("date_time")["pattern"]), fullmatch=True))
def test_every_accepted_date_time_is_a_moment(value):
    """A date and time the schemas accept can be placed in time and compared, whatever its year or offset."""
    if schemas.validator("makerday").evolve(schema=schemas.definition("date_time")).is_valid(value):
        assert model.instant(value).tzinfo is not None
        assert model.clock_change(value) in (None, model.SKIPPED, model.REPEATED)
        assert 1990 <= model.london_time(value).year <= 2101  # 2100-12-31T23:59-12:00 is 2101 in London


@SETTINGS
@given(
    st.text(max_size=10),
    st.sampled_from([*map(chr, range(0x09)), "\x0b", "\x1b", "\x1f", "\ufffe", "\uffff"]),
)
def test_a_character_xml_forbids_in_the_text_is_refused_where_it_is(before, character):
    text = f"---\ntitle: x\n---\n{before.replace(chr(13), '')}{character}"
    error = load_or_error(text)
    assert error is None
