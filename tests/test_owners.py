"""A project's owners: GitHub handles among its contacts plus its lead council's maintainers."""

from __future__ import annotations

from catalogue_fixtures import TODAY, council_data, project_data, write_catalogue
from hypothesis import given
from hypothesis import strategies as st

from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.owners import handle_key, is_owner, owner_handles


def catalogue_with(tmp_path, contacts: list[dict], maintainers: list[str]):
    files = {
        "councils/west-berkshire.md": council_data(maintainers=maintainers),
        "projects/bin-collection-app.md": project_data(contacts=contacts),
    }
    catalogue, problems = load_catalogue(write_catalogue(tmp_path, files=files), TODAY, Policy())
    assert not [problem for problem in problems if problem.is_error], problems
    return catalogue, catalogue.projects["bin-collection-app"]


def test_contacts_then_maintainers_each_once_without_at(tmp_path):
    contacts = [
        {"role": "Digital team", "github": "@Jo-Bloggs"},
        {"role": "Service owner", "email": "waste@example.gov.uk"},
    ]
    catalogue, project = catalogue_with(tmp_path, contacts, ["jo-bloggs", "wb-lead", "my-council/digital"])
    assert owner_handles(catalogue, project) == ["Jo-Bloggs", "wb-lead", "my-council/digital"]


def test_owners_are_matched_without_case_or_at(tmp_path):
    catalogue, project = catalogue_with(tmp_path, [{"role": "Team", "github": "@Jo-Bloggs"}], ["WB-Lead"])
    for login in ("jo-bloggs", "JO-BLOGGS", "@jo-bloggs", "wb-lead"):
        assert is_owner(catalogue, project, login), login
    for login in ("", "someone-else", "jo-blogg", "my-council"):
        assert not is_owner(catalogue, project, login), login


def test_a_team_handle_never_matches_a_login(tmp_path):
    catalogue, project = catalogue_with(tmp_path, [{"role": "Team", "github": "my-council/digital"}], [])
    assert not is_owner(catalogue, project, "my-council")
    assert not is_owner(catalogue, project, "digital")


@given(st.from_regex(r"[A-Za-z0-9](-?[A-Za-z0-9]){0,20}", fullmatch=True))
def test_a_handle_and_its_login_compare_equal_however_written(login):
    assert handle_key(f"@{login.upper()}") == handle_key(login.lower()) == handle_key(f" {login} ")
