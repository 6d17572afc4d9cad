"""Entry ids are permanent: former ids of renamed or merged entries keep their addresses, and never
collide with an entry's id or with each other."""

from __future__ import annotations

import pytest
from catalogue_fixtures import TODAY, council_data, project_data

from pipeline.catalogue import load_catalogue
from pipeline.exports import redirects
from pipeline.freshness import Policy
from pipeline.problems import ERROR


@pytest.fixture
def check(tmp_path, monkeypatch, make_catalogue):
    monkeypatch.chdir(tmp_path)

    def run(files: dict):
        make_catalogue(tmp_path, files=files)
        return load_catalogue(tmp_path / "content", TODAY, Policy())

    return run


def test_a_renamed_project_keeps_its_old_address(check):
    catalogue, problems = check({"projects/bin-reminders.md": project_data(former_ids=["bin-app"])})
    assert problems == []
    assert redirects(catalogue.projects["bin-reminders"]) == [
        ("projects/bin-app/", "projects/bin-reminders/")
    ]


def test_a_renamed_council_keeps_its_old_address_and_its_embed(check):
    catalogue, problems = check({"councils/west-berkshire.md": council_data(former_ids=["west-berks"])})
    assert problems == []
    assert redirects(catalogue.councils["west-berkshire"]) == [
        ("councils/west-berks/", "councils/west-berkshire/"),
        ("councils/west-berks/embed/", "councils/west-berkshire/embed/"),
    ]


def test_a_former_id_cannot_be_an_existing_entry_s_id(check):
    _, problems = check({"projects/bin-reminders.md": project_data(former_ids=["bin-collection-app"])})
    assert [(p.severity, p.field) for p in problems] == [(ERROR, "former_ids[1]")]
    assert "content/projects/bin-collection-app.md" in problems[0].message


def test_a_former_id_cannot_be_the_id_of_a_file_that_fails_its_schema(check):
    files = {
        "projects/bin-reminders.md": project_data(former_ids=["broken"]),
        "projects/broken.md": {"title": "x"},
    }
    _, problems = check(files)
    assert any(p.field == "former_ids[1]" and "broken.md" in p.message for p in problems)


def test_two_entries_cannot_share_a_former_id(check):
    files = {
        "projects/bin-reminders.md": project_data(former_ids=["bin-app"]),
        "projects/bin-alerts.md": project_data(former_ids=["bin-app"]),
    }
    _, problems = check(files)
    assert [(p.severity, p.field) for p in problems] == [(ERROR, "former_ids[1]")]
    assert "already a former id of" in problems[0].message


def test_an_entry_s_own_id_is_not_a_former_id(check):
    _, problems = check({"projects/bin-reminders.md": project_data(former_ids=["bin-reminders"])})
    assert [p.field for p in problems] == ["former_ids[1]"]


def test_a_project_and_a_council_may_have_had_the_same_id(check):
    files = {
        "projects/bin-reminders.md": project_data(former_ids=["old-name"]),
        "councils/west-berkshire.md": council_data(former_ids=["old-name"]),
    }
    assert check(files)[1] == []


def test_a_former_id_is_written_like_an_id(check):
    _, problems = check({"projects/bin-reminders.md": project_data(former_ids=["Bin App"])})
    assert [(p.severity, p.field) for p in problems] == [(ERROR, "former_ids[1]")]
