"""The settings file as the commands and the site read it: "today", page addresses and GitHub links."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from catalogue_fixtures import TODAY
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli.options import UsageError, checked_content, checked_settings_file
from pipeline.settings import confirm_url, edit_url, join_url, page_url, read_settings_file, settings_today

SETTINGS = Path(__file__).resolve().parent.parent / "pelicanconf.py"
ENTRY = SimpleNamespace(folder="projects", id="bin-app", title="Bin app", url="projects/bin-app/")


def test_content_and_today_given_replace_the_settings_file(tmp_path):
    settings = read_settings_file(SETTINGS, tmp_path, TODAY)
    assert settings["PATH"] == str(tmp_path.resolve())
    assert settings_today(settings) == TODAY


@pytest.mark.parametrize("fixed", ["2027-03-04", date(2027, 3, 4)])
def test_today_is_the_setting_when_there_is_one(fixed):
    assert settings_today({"PIPELINE_TODAY": fixed}) == date(2027, 3, 4)


def test_a_missing_settings_file_or_content_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="--settings"):
        checked_settings_file(tmp_path / "nowhere.py")
    with pytest.raises(UsageError, match="--content"):
        checked_content(tmp_path / "nowhere")


def test_links_follow_the_settings():
    settings = {
        "SITEURL": "https://pipeline.example.org/",
        "GITHUB_REPO": "example/catalogue",
        "GITHUB_BRANCH": "trunk",
        "GITHUB_CONTENT_PATH": "/catalogue/content/",
    }
    assert page_url(settings, ENTRY.url) == "https://pipeline.example.org/projects/bin-app/"
    assert page_url({}, ENTRY.url) == "/projects/bin-app/"
    assert edit_url(settings, ENTRY) == (
        "https://github.com/example/catalogue/edit/trunk/catalogue/content/projects/bin-app.md"
    )
    issue = urlsplit(join_url(settings, ENTRY))
    assert issue.path == "/example/catalogue/issues/new"
    query = parse_qs(issue.query)
    assert query["title"] == ["Join project: Bin app"]
    assert query["project"] == ["bin-app"]
    assert "body" not in query  # GitHub ignores body= for issue forms: fields are filled by their ids


def test_confirm_link_opens_the_confirm_form_with_the_project_filled_in():
    link = confirm_url({"GITHUB_REPO": "example/catalogue"}, ENTRY)
    assert link == (
        "https://github.com/example/catalogue/issues/new?template=confirm-project.yml"
        "&project=bin-app&title=Confirm%20project%3A%20Bin%20app"
    )


@given(title=st.text(min_size=1, max_size=200))
def test_any_title_survives_the_confirm_link_on_one_line(title):
    link = confirm_url({"GITHUB_REPO": "example/catalogue"}, SimpleNamespace(id="bin-app", title=title))
    assert not any(character.isspace() for character in link)
    query = parse_qs(urlsplit(link).query, keep_blank_values=True, strict_parsing=True)
    assert query["template"] == ["confirm-project.yml"]
    assert query["project"] == ["bin-app"]
    assert query["title"] == [f"Confirm project: {title}"]
