"""`pipeline stale`: the projects to confirm, as text, JSON and Markdown, always with exit status 0."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from catalogue_fixtures import TODAY
from freshness_catalogue import (
    BOUNDARIES,
    EDIT_URL,
    MOVING,
    SETTINGS,
    freshness_files,
    reviewed_days_ago,
    stale_record,
)


@pytest.fixture
def stale(make_catalogue, tmp_path, run_pipeline):
    """Run `pipeline stale` on the base catalogue with Reading's project reviewed on the given day."""

    def run(last_reviewed: str, phase: str = "beta", *options, today=TODAY):
        content = make_catalogue(tmp_path, files=freshness_files(last_reviewed, phase))
        return run_pipeline(
            "stale", "--settings", SETTINGS, "--content", content, "--today", today.isoformat(), *options
        )

    return run


@pytest.mark.parametrize(("last_reviewed", "phase", "expected"), BOUNDARIES)
def test_json_lists_a_project_only_when_stale_or_due(stale, last_reviewed, phase, expected):
    result = stale(last_reviewed, phase, "--format", "json")
    assert result.code == 0
    report = json.loads(result.out)
    listed = {project["id"]: project["state"] for project in report["projects"]}
    if expected in ("stale", "due"):
        assert listed == {MOVING: expected}
    else:
        assert listed == {}


def test_json_has_what_a_reminder_needs(stale):
    result = stale(reviewed_days_ago(200), "beta", "--format", "json")
    report = json.loads(result.out)
    assert (report["today"], report["review_age_days"], report["warning_days"]) == (
        TODAY.isoformat(),
        180,
        30,
    )
    [project] = report["projects"]
    assert project == stale_record(
        last_reviewed=reviewed_days_ago(200),
        review_due=(TODAY - timedelta(days=20)).isoformat(),
        days_overdue=20,
        escalated=False,
        escalates_on=(TODAY + timedelta(days=8)).isoformat(),
        orphaned=False,
        unanswered=False,
        community_manager="@localgovdigital/pipeline-community",
    )


def test_text_says_how_overdue_who_to_ask_and_where_to_edit(stale):
    result = stale(reviewed_days_ago(181))
    assert result.code == 0
    assert result.out.startswith("1 project stale or due for review on 2026-11-26")
    assert f"stale: Resident parking permits ({MOVING}), confirmation overdue by 1 day" in result.out
    assert f"lead council: Reading; last reviewed {reviewed_days_ago(181)}" in result.out
    contacts = next(line for line in result.out.splitlines() if line.startswith("  contacts: "))
    assert contacts.startswith("  contacts: Parking team: parking@reading.example.org; Developers: ")
    assert "parking-devs" in contacts
    assert f"edit: {EDIT_URL}" in result.out


def test_text_counts_down_to_a_due_review(stale):
    assert "due in 10 days" in stale(reviewed_days_ago(170)).out


def test_markdown_is_a_table_row_per_project(stale):
    result = stale(reviewed_days_ago(175), "beta", "--format", "markdown")
    rows = [line for line in result.out.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| Project | State |")
    assert rows[-1].startswith(f"| [Resident parking permits](/projects/{MOVING}/) | Review due soon |")
    assert rows[-1].endswith(f"[edit]({EDIT_URL}) |")


def test_nothing_to_review_still_exits_0(stale):
    result = stale(reviewed_days_ago(1))
    assert (result.code, result.out.splitlines()) == (
        0,
        [
            "0 projects stale or due for review on 2026-11-26 "
            "(reviews are needed every 180 days, flagged 30 days ahead)"
        ],
    )


def test_a_later_today_makes_the_same_entry_stale(stale):
    assert MOVING not in stale(reviewed_days_ago(10)).out
    later = TODAY + timedelta(days=200)
    assert f"stale: Resident parking permits ({MOVING})" in stale(reviewed_days_ago(10), today=later).out


def test_links_follow_the_settings(stale, tmp_path):
    settings = tmp_path / "elsewhere.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(SETTINGS.parent)!r})\nfrom pelicanconf import *\n"
        f"THEME = {str(SETTINGS.parent / 'theme')!r}\n"
        'SITEURL = "https://pipeline.example.org"\nGITHUB_REPO = "example/catalogue"\nGITHUB_BRANCH = "trunk"\n'
        "FRESHNESS_REVIEW_AGE_DAYS = 400\n",
        encoding="utf-8",
    )
    result = stale(reviewed_days_ago(390), "beta", "--format", "json", "--settings", settings)
    [project] = json.loads(result.out)["projects"]
    assert project["state"] == "due"
    assert project["url"] == f"https://pipeline.example.org/projects/{MOVING}/"
    assert (
        project["edit_url"] == f"https://github.com/example/catalogue/edit/trunk/content/projects/{MOVING}.md"
    )
