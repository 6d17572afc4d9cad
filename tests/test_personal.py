"""Personal data kept out of the open data: names only for public-facing roles, and a warning for
contact emails that look like a person's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue_fixtures import TODAY, makerday_data, project_data
from hypothesis import given
from hypothesis import strategies as st

from pipeline import exports, personal
from pipeline.catalogue import Catalogue, load_catalogue
from pipeline.freshness import Policy
from pipeline.model import Project
from pipeline.problems import ERROR, WARNING


@pytest.fixture
def check(tmp_path, monkeypatch, make_catalogue):
    monkeypatch.chdir(tmp_path)

    def run(files: dict) -> list:
        make_catalogue(tmp_path, files=files)
        return load_catalogue(tmp_path / "content", TODAY, Policy())[1]

    return run


@pytest.mark.parametrize(
    "address",
    [
        "jane.smith@leeds.gov.uk",
        "j.smith@leeds.gov.uk",
        "Jane_Smith@leeds.gov.uk",
        "mailto:jane.smith2@x.org",
    ],
)
def test_addresses_written_like_a_name_look_personal(address):
    assert personal.personal_email(address)


@pytest.mark.parametrize(
    "address",
    ["digital@leeds.gov.uk", "housing-digital@hackney.gov.uk", "digital.team@leeds.gov.uk", "info@x.org"],
)
def test_team_mailboxes_do_not_look_personal(address):
    assert not personal.personal_email(address)


def test_validate_warns_about_a_personal_email_and_suggests_a_team_mailbox(check):
    contacts = [{"role": "Product owner", "email": "jane.smith@leeds.gov.uk"}]
    problems = check({"projects/p.md": project_data(contacts=contacts)})
    assert [(p.severity, p.field) for p in problems] == [(WARNING, "contacts[1].email")]
    assert "digital@leeds.gov.uk" in problems[0].message
    assert "team mailbox" in problems[0].message


def test_validate_warns_about_a_maker_day_organiser_personal_email(check):
    organiser = {"role": "Organiser", "email": "a.jones@example.gov.uk"}
    problems = check({"makerdays/m.md": makerday_data(organiser=organiser)})
    assert [(p.severity, p.field) for p in problems] == [(WARNING, "organiser.email")]


def test_a_name_needs_a_public_facing_role(check):
    contacts = [{"role": "Product owner", "name": "Jane Smith", "email": "digital@x.gov.uk"}]
    problems = check({"projects/p.md": project_data(contacts=contacts)})
    assert [(p.severity, p.field) for p in problems] == [(ERROR, "contacts[1].public_facing")]
    contacts[0]["public_facing"] = "false"
    problems = check({"projects/p.md": project_data(contacts=contacts)})
    assert [(p.severity, p.field) for p in problems] == [(ERROR, "contacts[1].public_facing")]
    assert "remove the name" in problems[0].message
    contacts[0]["public_facing"] = "true"
    assert check({"projects/p.md": project_data(contacts=contacts)}) == []


def test_only_public_facing_names_are_published():
    data = {
        "title": "t",
        "contacts": [
            {"role": "Product owner", "name": "Jane Smith", "email": "digital@x.gov.uk"},
            {"role": "Service lead", "name": "Sam Jones", "public_facing": True, "github": "sam"},
        ],
    }
    published = personal.public_fields("project", data)
    assert published["contacts"] == [
        {"role": "Product owner", "email": "digital@x.gov.uk"},
        {"role": "Service lead", "name": "Sam Jones", "public_facing": True, "github": "sam"},
    ]
    assert data["contacts"][0]["name"] == "Jane Smith"  # the entry itself is left as it is


def test_every_kind_s_contacts_are_found_from_the_schemas():
    assert personal.contact_fields("project") == (("contacts", "*"),)
    assert personal.contact_fields("makerday") == (("organiser",),)


contacts = st.lists(
    st.fixed_dictionaries(
        {"role": st.text(min_size=1), "email": st.emails()},
        optional={"name": st.text(min_size=1), "public_facing": st.booleans()},
    ),
    min_size=1,
    max_size=4,
)


@given(contacts)
def test_no_name_is_published_without_a_public_facing_role(found):
    published = personal.public_fields("project", {"contacts": found})["contacts"]
    assert len(published) == len(found)
    for before, after in zip(found, published, strict=True):
        assert ("name" in after) == ("name" in before and before.get("public_facing") is True)
        assert {k: v for k, v in after.items() if k != "name"} == {
            k: v for k, v in before.items() if k != "name"
        }


def test_the_exports_leave_out_a_name_without_a_public_facing_role():
    """The schema refuses such a name; the exports still never publish one, whatever they are given."""
    data = project_data(
        contacts=[{"role": "Product owner", "name": "Jane Smith", "email": "digital@x.gov.uk"}]
    )
    project = Project("p", "p.md", Path("p.md"), data)
    catalogue = Catalogue(projects={"p": project})
    settings = exports.ExportSettings(today=TODAY, policy=Policy())
    assert "name" not in exports.project_record(project, settings)["fields"]["contacts"][0]
    header, rows = exports.project_rows(catalogue, settings)
    assert "Jane Smith" not in exports.text_of(rows[0][header.index("contacts")])
