"""Schema checks: typing the text of numbers and booleans, and plain-English problems at the right place."""

from __future__ import annotations

import pytest
from catalogue_fixtures import council_data, makerday_data, project_data

from pipeline import schemas
from pipeline.loader import load_text
from pipeline.model import KINDS
from pipeline.validation import check_file_name, check_schema, coerce
from pipeline.writer import entry_text


def problems_of(kind: str, data: dict) -> list:
    return check_schema(kind, "entry.md", load_text(entry_text(data, "Body.")))


def problem_of(kind: str, data: dict):
    [problem] = problems_of(kind, data)
    return problem


def check_text(kind: str, text: str) -> list:
    return check_schema(kind, "entry.md", load_text(text))


# Typing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, typed",
    [
        ("25000", 25000),
        ("0", 0),
        ("-5", -5),
        ("1.10", "1.10"),
        ("25,000", "25,000"),
        ("£5", "£5"),
        ("NO", "NO"),
    ],
)
def test_whole_numbers_are_typed(written, typed):
    assert coerce("project", {"funding_target_gbp": written}) == {"funding_target_gbp": typed}


def test_a_very_long_number_stays_text_instead_of_crashing():
    digits = "9" * 5000
    assert coerce("project", {"funding_target_gbp": digits}) == {"funding_target_gbp": digits}


@pytest.mark.parametrize(
    "written, typed",
    [
        ("true", True),
        ("false", False),
        ("yes", "yes"),
        ("NO", "NO"),
        ("True", "True"),
        ("on", "on"),
        ("1", "1"),
    ],
)
def test_only_true_and_false_are_booleans(written, typed):
    data = {"sponsors": [{"name": "A", "tier": "partner", "sme": written}]}
    assert coerce("makerday", data)["sponsors"][0]["sme"] == typed


def test_typing_reaches_into_lists_and_leaves_other_fields_as_text():
    data = {
        "title": "25000",
        "pledges": [{"council": "a", "kind": "funding", "amount_gbp": "500"}, {"amount_gbp": "x"}, "odd"],
    }
    assert coerce("project", data) == {
        "title": "25000",
        "pledges": [{"council": "a", "kind": "funding", "amount_gbp": 500}, {"amount_gbp": "x"}, "odd"],
    }


def test_typing_copes_with_the_wrong_shapes():
    data = {"pledges": "none", "sponsors": {"sme": "true"}, "funding_target_gbp": ["1"]}
    assert coerce("project", dict(data)) == data
    assert coerce("makerday", {"sponsors": [["true"]]}) == {"sponsors": [["true"]]}


# File names -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bins.md", "bin-collection-app.md", "maker-day-2026.md", "a1.md"])
def test_good_file_names(name):
    assert check_file_name(name) is None


@pytest.mark.parametrize(
    "name, suggestion",
    [
        ("Bin_App.md", "bin-app.md"),
        ("bin app.md", "bin-app.md"),
        ("bin--app.md", "bin-app.md"),
        ("-bins.md", "bins.md"),
        ("bins.MD", "bins-md.md"),
        ("bins.txt", "bins-txt.md"),
        ("bins.md\n", "bins-md.md"),
        (".md", "my-entry.md"),
        ("Môn.md", "m-n.md"),
    ],
)
def test_bad_file_names_get_a_suggestion(name, suggestion):
    message = check_file_name(name)
    assert message.startswith(f'the file name "{name}" is not allowed')
    assert message.endswith(f"like {suggestion}")


# Valid entries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, data",
    [
        ("council", council_data()),
        ("council", council_data(github="westberks", maintainers=["@someone", "west-berks/digital"])),
        ("project", project_data()),
        ("makerday", makerday_data()),
        ("makerday", makerday_data(format="online", venue=None)),
        ("makerday", makerday_data(starts="2027-01-20T09:30+00:00", ends="2027-01-20T17:00Z")),
    ],
)
def test_valid_entries_have_no_problems(kind, data):
    assert problems_of(kind, {key: value for key, value in data.items() if value is not None}) == []


def test_every_field_of_a_full_project_is_accepted():
    data = project_data(
        partner_councils=["gwynedd"],
        looking_for=["partners", "funding", "maker-day-challenge"],
        collaboration="co-fund",
        service_areas=["waste-and-recycling"],
        tags=["open-source"],
        budget_band="100k-250k",
        started="2025-04-01",
        ends="2027-03-31",
        contacts=[
            {"role": "Team", "name": "Sam", "public_facing": "true", "email": "mailto:team@example.org"},
            {"role": "Code", "github": "example/bins"},
        ],
        links=[{"title": "Code", "url": "https://code.example.org:8443/bins?x=1#top"}],
        pledges=[{"council": "gwynedd", "kind": "funding", "amount_gbp": "25000", "note": "Year one."}],
        funding_target_gbp="100000",
        updates=[{"date": "2026-09-01", "text": "Alpha done."}],
        born_at="maker-day-newbury",
        former_ids=["bins"],
    )
    assert problems_of("project", data) == []


# Problems and their wording -------------------------------------------------------------

PROJECT_TEXT = """\
---
title: Bin collection app
summary: Residents check their bin days.
lead_council: west-berkshire
phase: alpha
last_reviewed: 2026-10-01
contacts:
  - role: Digital team
    email: digital@example.gov.uk
---
"""


def project_text(old: str, new: str) -> str:
    assert old in PROJECT_TEXT
    return PROJECT_TEXT.replace(old, new)


@pytest.mark.parametrize(
    "old, new, line, column, message",
    [
        ("phase: alpha", "phase: Alpha", 5, 8, 'phase "Alpha" is not a phase; did you mean "alpha"? use one of concept'),
        ("phase: alpha", "phase: [alpha]", 5, 8, "phase should be a single piece of text"),
        ("phase: alpha", "phase:\n  stage: alpha", 6, 3, "phase should be a single piece of text"),
        ("title: Bin collection app", 'title: ""', 2, 8, "title is empty; fill it in or remove the line"),
        ("title: Bin collection app", "title: " + "x" * 101, 2, 8, "title is 101 characters long; shorten it to 100"),
        ("summary: Residents check their bin days.", "summary: [a]", 3, 10, "summary should be a single piece"),
        ("contacts:\n  - role: Digital team\n    email: digital@example.gov.uk", "contacts: Digital team", 7, 11,
         "contacts should be a list, with each item on its own line starting with '- '"),
        ("    email: digital@example.gov.uk", "    email: digital@example.gov.uk\n    phone: 1", 10, 5,
         'unknown field "phone"; remove it or use one of the fields allowed here: role, name, email, url, github'),
        ("phase: alpha", "phase: alpha\nlooking-for: [partners]", 6, 1,
         'unknown field "looking-for"; did you mean "looking_for"?'),
        ("  - role: Digital team\n    email:", "  - email:", 8, 5,
         'contacts[1].role is missing; add a "role:" line to contacts[1] (What this contact does'),
        ("last_reviewed: 2026-10-01", "last_reviewed: 2026-10-1", 6, 16,
         'last_reviewed "2026-10-1" is in the wrong format; write dates as YYYY-MM-DD: 2026-10-01'),
        ("last_reviewed: 2026-10-01", "last_reviewed: 2026-W40-1", 6, 16, "is not valid; write the date as YYYY-MM-DD"),
        ("last_reviewed: 2026-10-01", "last_reviewed: 20261001", 6, 16, "is not valid; write the date as YYYY-MM-DD"),
        ("last_reviewed: 2026-10-01", "last_reviewed: '2026-10-01 '", 6, 16, "is in the wrong format"),
        ("phase: alpha", "phase: alpha\nlooking_for: [partners, partners]", 6, 14,
         "looking_for lists the same value more than once; remove the repeat"),
        ("phase: alpha", "phase: alpha\ntags: [" + ", ".join(f"t{n}" for n in range(21)) + "]", 6, 7,
         "tags has 21 items; the most allowed is 20"),
        ("phase: alpha", "phase: alpha\nfunding_target_gbp: -1", 6, 21, "funding_target_gbp is -1, outside what"),
        ("phase: alpha", "phase: alpha\nfunding_target_gbp: 1000000001", 6, 21, "is 1000000001, outside what"),
        ("phase: alpha", "phase: alpha\nborn_at: Maker Day", 6, 10, 'born_at "Maker Day" is not valid; use the entry'),
        ("lead_council: west-berkshire", "lead_council: West Berkshire", 4, 15,
         'lead_council "West Berkshire" is not valid; use the entry\'s file name without .md'),
    ],
)  # fmt: skip
def test_problem_wording_and_position(old, new, line, column, message):
    [problem] = check_text("project", project_text(old, new))
    assert message in problem.message
    assert (problem.line, problem.column, problem.severity, problem.path) == (
        line,
        column,
        "error",
        "entry.md",
    )


def test_one_problem_per_field_the_most_basic_first():
    problems = check_text("project", project_text("phase: alpha", "phase: [1, 2]"))
    assert [problem.message for problem in problems] == ["phase should be a single piece of text"]


def test_several_fields_each_get_their_problem():
    text = project_text("phase: alpha", "phase: alpah\nbudget_band: lots\ncolour: red").replace(
        "title:", "titel:"
    )
    fields = sorted(problem.field for problem in check_text("project", text))
    assert fields == ["budget_band", "colour", "phase", "titel", "title"]


def test_the_field_name_is_kept_on_each_problem():
    [problem] = check_text("project", project_text("    email: digital@example.gov.uk", "    email: nope"))
    assert problem.field == "contacts[1].email"


@pytest.mark.parametrize(
    "url", ["http://example.org", "javascript:alert(1)", "ftp://example.org", "https://", "//x.org"]
)
def test_only_https_web_addresses(url):
    [problem] = problems_of("council", council_data(website=url))
    assert (
        problem.message == f'website "{url}" is not valid; use a full web address that starts with https://'
    )


@pytest.mark.parametrize("email", ["digital@example.gov.uk", "mailto:digital@example.gov.uk"])
def test_email_may_have_mailto(email):
    assert problems_of("project", project_data(contacts=[{"role": "Team", "email": email}])) == []


@pytest.mark.parametrize(
    "field, value",
    [("starts", "2027-01-20"), ("starts", "2027-01-20 9:30"), ("ends", "2027-01-20 17:00 BST")],
)
def test_date_times_need_a_time(field, value):
    [problem] = problems_of("makerday", makerday_data(**{field: value}))
    assert problem.message.startswith(
        f'{field} "{value}" is not valid; write the date and time as YYYY-MM-DD HH:MM'
    )


def test_a_venue_is_needed_unless_online():
    data = makerday_data(format="hybrid")
    del data["venue"]
    problem = problem_of("makerday", data)
    assert (problem.field, problem.line) == ("venue", 2)


def test_choices_and_their_labels_come_from_the_schemas():
    assert schemas.labels("project", ("phase",))["retired"] == "Retired"
    assert schemas.labels("project", ("looking_for",))["maker-day-challenge"] == "A maker day challenge"
    assert "scottish-council" in schemas.labels("council", ("type",))
    for kind in KINDS:
        schemas.validator(kind).check_schema(schemas.schema(kind))


def test_a_pattern_does_not_accept_a_trailing_line_break():
    assert problems_of("council", council_data(gss_code="E06000037\n")) != []
