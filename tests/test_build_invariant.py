"""The build's invariant: a catalogue that `pipeline validate` accepts builds, and every file it writes is
well-formed for its reader (XML 1.0, iCalendar, JSON, HTML with balanced tags).

Catalogues are tiny and drawn from the schemas: every free-text field the schemas describe gets hostile
but schema-valid text (any Unicode category, written with the escapes YAML allows in double-quoted
scalars), and dates run to the edges of what is valid.
"""

from __future__ import annotations

import csv
import json
import xml.dom.minidom
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import icalendar
from catalogue_fixtures import TODAY, write_catalogue
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sitebuild import SETTINGS

from pipeline import schemas
from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.problems import has_errors
from pipeline.site.build import build_site

# YAML's short escapes in double-quoted scalars; any other character is written as \UXXXXXXXX when it
# cannot be written as it is.
YAML_ESCAPES = {
    "\x00": "\\0", "\x07": "\\a", "\x08": "\\b", "\t": "\\t", "\n": "\\n", "\x0b": "\\v", "\x0c": "\\f",
    "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N", "\xa0": "\\_", "\u2028": "\\L",
    "\u2029": "\\P",
}  # fmt: skip
# Characters that break writers: controls, non-characters, separators, bidi overrides, zero-width ones,
# and the syntax of every format the build writes.
HOSTILE = list(YAML_ESCAPES) + [
    "\x01", "\x1f", "\x7f", "\x9b", "\x9d", "\ufffe", "\uffff", "\ufeff", "\u202e", "\u2066", "\u200b",
    "\U0010ffff", "<", ">", "&", "'", "]]>", "<script>", "</p>", "<div>", "&amp;", "&#0;", "\\n", ";", ",",
    ":", "BEGIN:VEVENT", "\nEND:VEVENT\n", "=1+1", "@here", "![x](https://e.org/x.png)", "| --- |", "`",
]  # fmt: skip
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.characters(exclude_categories=("Cs",)), st.just("word")),
    min_size=1,
    max_size=12,
).map("".join)
EMAILS = ["team@example.gov.uk", "a?cc=x@example.org", "b&bcc=y%0A@example.org", "mailto:c#d=e@example.org"]

LIMITS = {
    (kind, path): node.get("maxLength", 100)
    for kind in ("project", "council", "makerday")
    for path, node in schemas.walk_fields(kind)
    if node.get("type") == "string" and not {"pattern", "format", "oneOf", "enum", "const"} & set(node)
}


def yaml_quoted(text: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly `text`."""
    written = []
    for character in text:
        if character in YAML_ESCAPES:
            written.append(YAML_ESCAPES[character])
        elif character.isprintable() and character != "\ufeff":
            written.append(character)
        else:
            written.append(f"\\U{ord(character):08x}")
    return '"' + "".join(written) + '"'


def yaml_flow(value: Any) -> str:
    """Front matter in YAML's flow style, every text double-quoted."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {yaml_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(yaml_flow(item) for item in value) + "]"
    return yaml_quoted(str(value))


def entry_file(data: dict[str, Any], body: str) -> str:
    lines = [f"{key}: {yaml_flow(value)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def fill(kind: str, data: Any, draw: st.DrawFn, path: tuple[str, ...] = ()) -> Any:
    """`data` with every free-text field the kind's schema describes given hostile (or plain) text."""
    if isinstance(data, dict):
        return {key: fill(kind, value, draw, path + (key,)) for key, value in data.items()}
    if isinstance(data, list):
        return [fill(kind, item, draw, path + ("*",)) for item in data]
    limit = LIMITS.get((kind, path))
    if limit is None:
        return data
    text = draw(st.one_of(st.just(data), hostile_text))
    return text[:limit] if text.strip() else data


def day(moment: date) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def minute(moment: datetime) -> str:
    return f"{day(moment)} {moment.hour:02d}:{moment.minute:02d}"


past_days = st.one_of(st.dates(date(1, 1, 1), TODAY), st.sampled_from([date(1, 1, 1), date(1, 1, 2), TODAY]))
makerday_starts = st.one_of(
    st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 27)),
    st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 28, 22), datetime(2027, 3, 28, 1, 30)]),
)


@st.composite
def catalogues(draw: st.DrawFn) -> dict[str, str]:
    """Files of a tiny catalogue: one council, one project, one maker day, each with every text field."""
    council = {
        "name": "West Berkshire",
        "official_name": "West Berkshire Council",
        "region": "South East",
        "gss_code": "E06000037",
        "type": "unitary",
        "nation": "england",
        "website": "https://www.westberks.gov.uk",
    }
    reviewed = draw(past_days)
    project = {
        "title": "Bin collection app",
        "summary": "Residents check their bin days.",
        "lead_council": "west-berkshire",
        "phase": "alpha",
        "looking_for": ["maker-day-challenge"],
        "last_reviewed": day(reviewed),
        "contacts": [
            {
                "role": "Digital team",
                "name": "Sam",
                "public_facing": "true",
                "email": draw(st.sampled_from(EMAILS)),
            }
        ],
        "links": [{"title": "Blog", "url": "https://blog.example.org/a?b=c#d"}],
        "pledges": [{"council": "west-berkshire", "kind": "other", "note": "Staff time"}],
        "updates": [{"date": day(draw(st.dates(date(1, 1, 1), reviewed))), "text": "Alpha is open."}],
    }
    starts = draw(makerday_starts)
    ends = starts + draw(st.timedeltas(timedelta(minutes=1), timedelta(days=3)))
    makerday = {
        "title": "Newbury Maker Day",
        "summary": "A day of prototyping.",
        "starts": minute(starts),
        "ends": minute(ends),
        "status": draw(st.sampled_from(["scheduled", "postponed", "cancelled"])),
        "format": draw(st.sampled_from(["in-person", "online", "hybrid"])),
        "venue": {"name": "Council offices", "address": "Market Street", "town": "Newbury"},
        "host_council": "west-berkshire",
        "organiser": {
            "role": "Events team",
            "name": "Alex",
            "public_facing": "true",
            "email": draw(st.sampled_from(EMAILS)),
        },
        "sponsors": [{"name": "Acme", "tier": "partner"}],
        "challenges": [{"project": "bin-collection-app", "brief": "Test the reminders."}],
        "outputs": [{"title": "Notes", "url": "https://notes.example.org/", "kind": "notes"}],
    }
    body = draw(hostile_text.filter(lambda text: "\n---" not in text))
    return {
        "councils/west-berkshire.md": entry_file(fill("council", council, draw), body),
        "projects/bin-collection-app.md": entry_file(fill("project", project, draw), body),
        "makerdays/newbury.md": entry_file(fill("makerday", makerday, draw), body),
    }


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class BalanceChecker(HTMLParser):
    """Every element opened is closed, in order (the templates close every element they open)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def assert_well_formed(output: Path) -> None:
    files = [path for path in output.rglob("*") if path.is_file()]
    assert files
    for path in files:
        if path.suffix == ".xml":
            xml.dom.minidom.parse(str(path))
        elif path.suffix == ".ics":
            icalendar.Calendar.from_ical(path.read_bytes())
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as file:
                rows = list(csv.reader(file))
            assert len({len(row) for row in rows}) == 1, f"{path}: rows of different lengths"
        elif path.suffix == ".html":
            checker = BalanceChecker()
            checker.feed(path.read_text(encoding="utf-8"))
            checker.close()
            assert not checker.open, f"{path}: unclosed {checker.open}"


def test_the_sample_catalogue_is_well_formed(tmp_path: Path) -> None:
    assert_well_formed(build_site(SETTINGS, None, tmp_path / "output", TODAY, search=False))


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(files=catalogues())
def test_what_validate_accepts_builds_into_well_formed_files(
    tmp_path_factory: Any, files: dict[str, str]
) -> None:
    root = tmp_path_factory.mktemp("catalogue")
    content = write_catalogue(root, files, base=False)
    _, problems = load_catalogue(content, TODAY, Policy())
    assume(not has_errors(problems))
    assert_well_formed(build_site(SETTINGS, content, root / "output", TODAY, search=False))
