"""Every writer escapes untrusted text for its reader, on its own: XML, iCalendar, CSV, mailto: links,
the terminal and GitHub Markdown."""

from __future__ import annotations

import re
import xml.dom.minidom
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape as xml_escape

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import gfm, makerdays
from pipeline.markup import mailto_url, xml_text
from pipeline.model import MakerDay
from pipeline.problems import ERROR, Problem, format_text

SITE = "https://pipeline.example.org"
STAMP = datetime(2026, 11, 26, tzinfo=UTC)
INJECTION = "Day\r\nEND:VEVENT\rBEGIN:VEVENT\nUID:evil\x85X\u2028Y\u2029Z\x0bW\x00\x1b[31m"


# XML ------------------------------------------------------------------------------


@given(st.text())
def test_any_text_made_xml_safe_parses_as_xml_and_keeps_what_xml_allows(text):
    safe = xml_text(text)
    document = xml.dom.minidom.parseString(f"<t>{xml_escape(safe)}</t>".encode("utf-8", "surrogatepass"))
    assert len(safe) == len(text)
    allowed = [c for c in text if c in "\t\n\r" or "\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd"]
    assert all(c in safe for c in allowed) and document


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\ufffe", "\uffff", "\ud800"])
def test_characters_xml_forbids_are_replaced(character):
    assert xml_text(f"a{character}b") == "a\ufffdb"


# iCalendar ------------------------------------------------------------------------


def makerday(**changes: object) -> MakerDay:
    data = {
        "title": "Newbury Maker Day",
        "summary": "A day of prototyping.",
        "starts": "2027-01-20 09:30",
        "ends": "2027-01-20 17:00",
        "status": "scheduled",
        "format": "in-person",
        "venue": {"name": "Council offices", "town": "Newbury"},
        "host_council": "west-berkshire",
        "organiser": {"role": "Events team", "email": "events@example.org"},
        **changes,
    }
    return MakerDay(id="newbury", source="newbury.md", path=Path("newbury.md"), data=data)


def only_event(feed: bytes) -> icalendar.Event:
    events = icalendar.Calendar.from_ical(feed).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_line_breaks_in_titles_and_places_cannot_add_calendar_properties():
    day = makerday(
        title=INJECTION,
        summary=INJECTION,
        venue={"name": INJECTION, "town": "Newbury"},
        organiser={"role": INJECTION, "email": "events@example.org"},
    )
    feed = makerdays.calendar([day], SITE, INJECTION, STAMP)
    event = only_event(feed)
    assert str(event["uid"]) == "newbury@pipeline.example.org"
    assert "\n" not in str(event["summary"]) and "\n" not in str(event["location"])
    assert "\n" not in event["organizer"].params["CN"]
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", feed)
    assert b"\xc2\x85" not in feed and "\u2028".encode() not in feed
    assert "UID:evil" in str(event["description"])  # text of the event, not a property of it


def test_an_organisers_address_cannot_carry_headers():
    day = makerday(organiser={"role": "Events", "email": "a?cc=b&bcc=c@example.org"})
    organizer = str(only_event(makerdays.calendar([day], SITE, "x", STAMP))["organizer"])
    assert urlsplit(organizer).query == "" and unquote(organizer) == "mailto:a?cc=b&bcc=c@example.org"


@pytest.mark.parametrize(
    ("starts", "ends"),
    [("0001-01-01 00:00", "0001-01-01 09:00"), ("9999-12-30 09:00", "9999-12-31 17:00")],
)
def test_maker_days_at_the_edges_of_the_calendar_are_written(starts, ends):
    event = only_event(makerdays.calendar([makerday(starts=starts, ends=ends)], SITE, "x", STAMP))
    assert event.decoded("dtstart").year == int(starts[:4])


@given(st.dates(), st.integers(0, 400))
def test_the_timezone_window_stays_in_the_years_icalendar_can_describe(first, length):
    last = (
        min(first + timedelta(days=length), date.max)
        if first <= date.max - timedelta(days=length)
        else date.max
    )
    start, end = makerdays.timezone_window(first, last)
    earliest, latest = makerdays.TIMEZONE_YEARS
    assert earliest <= start <= end <= latest


# mailto: links -------------------------------------------------------------------


@given(st.text(min_size=1))
def test_a_mailto_link_never_carries_headers_and_names_the_address(address):
    link = mailto_url(address)
    assert link.startswith("mailto:")
    assert not {"?", "&", "#"} & set(link)
    assert unquote(link.removeprefix("mailto:")) == address.removeprefix("mailto:")


def test_a_plain_address_is_left_as_it_is():
    assert mailto_url("digital@example.gov.uk") == "mailto:digital@example.gov.uk"
    assert mailto_url("mailto:team+bins@example.org") == "mailto:team+bins@example.org"


# The terminal --------------------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    [
        "\x1b[2J\x1b[31m",
        "\x9b31m",
        "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
        "\x9d0;title\x9c",
        "\u202e",
    ],
)
def test_validate_output_never_echoes_terminal_escapes(hostile):
    problem = Problem(f"projects/{hostile}.md", 1, 1, ERROR, f"title {hostile!s} is wrong")
    text = format_text([problem])
    assert text.endswith("\n") and text.count("\n") == 1
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


@given(st.text(), st.text())
def test_a_problem_is_one_printable_line(path, message):
    text = format_text([Problem(path, 3, 4, ERROR, message)])
    assert text.count("\n") == 1 and not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text[:-1])


# GitHub Markdown -----------------------------------------------------------------


@pytest.mark.parametrize("address", ["https://evil.example/x", "www.evil.example", "HTTP://EVIL.EXAMPLE"])
def test_bare_web_addresses_are_not_linked(address):
    escaped = gfm.escape(f"see {address} now")
    assert "://" not in escaped and "www." not in escaped.lower()


@given(st.text())
def test_a_code_span_holds_any_file_name_on_one_line(name):
    span = gfm.code(name)
    fence = re.match("`+", span)
    assert fence and span.endswith(fence.group()) and "\n" not in span
    inner = span[len(fence.group()) : -len(fence.group())]
    assert fence.group() not in inner


@given(st.text())
def test_escaped_text_is_one_line_with_no_markup_or_mentions(text):
    escaped = gfm.escape(text)
    assert not set(escaped) & {"\n", "\r", "<", ">", "\x85", "\u2028", "\u2029"}
    assert not re.search(r"(?<!\\)[\[\]`*_|!#~]", escaped.replace("\\\\", ""))
    assert not re.search("@(?!\u200b)", escaped)


def test_a_note_with_paragraphs_stays_in_the_quote_it_is_put_in():
    assert gfm.escape("Staff time.\n\n# Approved\n\n---") == "Staff time. \\# Approved ---"
