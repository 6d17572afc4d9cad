"""Freshness states, the review dashboard's content, and the maker day rule that only trusted projects are
challenges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from catalogue_fixtures import TODAY, makerday_data
from freshness_catalogue import BOUNDARIES, MOVING, freshness_files, reviewed_days_ago
from hypothesis import given
from hypothesis import strategies as st

from pipeline import freshness
from pipeline.catalogue import load_catalogue
from pipeline.freshness import ARCHIVED, DUE, FRESH, SORT_ORDER, STALE, Policy
from pipeline.problems import has_errors


@dataclass
class Reviewed:
    """Just what freshness needs from a project."""

    last_reviewed: date
    phase: str = "beta"
    id: str = "a-project"
    title: str = "A project"
    lead_council: str = "west-berkshire"


@pytest.mark.parametrize(("last_reviewed", "phase", "expected"), BOUNDARIES)
def test_state_either_side_of_each_boundary(last_reviewed, phase, expected):
    project = Reviewed(date.fromisoformat(last_reviewed), phase)
    assert freshness.state(project, TODAY, Policy()) == expected
    assert freshness.is_trusted(project, TODAY, Policy()) == (expected in (FRESH, DUE))


def test_policy_comes_from_the_settings_and_moves_the_boundaries():
    policy = Policy.from_settings({"FRESHNESS_REVIEW_AGE_DAYS": "90", "FRESHNESS_WARNING_DAYS": 10})
    assert policy == Policy(review_age_days=90, warning_days=10)
    reviewed = Reviewed(TODAY - timedelta(days=85))
    assert freshness.state(reviewed, TODAY, policy) == DUE
    assert freshness.state(reviewed, TODAY, Policy()) == FRESH
    assert Policy.from_settings({}) == Policy(180, 30)


@given(
    reviewed=st.dates(date(2000, 1, 1), date(2040, 1, 1)),
    age=st.integers(1, 800),
    warning=st.integers(0, 800),
    later=st.lists(st.integers(0, 2000), min_size=2, max_size=6),
)
def test_a_project_only_ever_gets_staler_as_days_pass(reviewed, age, warning, later):
    policy = Policy(age, min(warning, age))
    project = Reviewed(reviewed)
    days = [reviewed + timedelta(days=offset) for offset in sorted(later)]
    states = [freshness.state(project, day, policy) for day in days]
    assert [SORT_ORDER[state] for state in states] == sorted(SORT_ORDER[state] for state in states)
    for day, state in zip(days, states, strict=True):
        assert (state == STALE) == (freshness.days_overdue(project, day, policy) >= 0)


def test_a_retired_project_is_archived_however_old():
    assert freshness.state(Reviewed(date(2001, 1, 1), "retired"), TODAY, Policy()) == ARCHIVED


def test_record_is_one_row_of_freshness_json():
    found = freshness.review(Reviewed(date(2026, 5, 30)), TODAY, Policy())
    assert freshness.record(found, "/projects/a-project/") == {
        "id": "a-project",
        "title": "A project",
        "url": "/projects/a-project/",
        "state": "stale",
        "last_reviewed": "2026-05-30",
        "review_due": "2026-11-26",
        "days_overdue": 0,
        "lead_council": "west-berkshire",
    }


def test_needing_review_lists_stale_and_due_longest_overdue_first():
    projects = [
        Reviewed(date(2026, 11, 1), id="fresh-one"),
        Reviewed(date(2026, 6, 10), id="due-one"),
        Reviewed(date(2025, 1, 1), id="very-stale"),
        Reviewed(date(2026, 3, 1), id="stale-one"),
        Reviewed(date(2024, 1, 1), "retired", id="retired-one"),
    ]
    found = freshness.needing_review(freshness.reviews(projects, TODAY, Policy()))
    assert [item.project.id for item in found] == ["very-stale", "stale-one", "due-one"]


# The review dashboard ------------------------------------------------------


def test_dashboard_groups_waiting_projects_by_lead_council_and_finds_councils_with_nothing_fresh(
    make_catalogue, tmp_path
):
    content = make_catalogue(tmp_path, files=freshness_files(reviewed_days_ago(300)))
    catalogue, problems = load_catalogue(content, TODAY, Policy())
    assert problems == []
    board = freshness.dashboard(catalogue, TODAY, Policy())
    assert [
        (group.council.id, [item.project.id for item in group.reviews]) for group in board.waiting_by_council
    ] == [("reading", [MOVING])]
    assert [council.id for council, _ in board.councils_without_fresh] == ["reading"]
    assert board.councils_without_fresh[0][1] == {STALE: 1}
    # West Berkshire leads a fresh project and partners in the stale one; Belfast only pledges.
    assert [council.id for council in board.councils_without_projects] == ["belfast"]


def test_dashboard_shows_upcoming_maker_days_and_projects_asking_to_be_a_challenge(make_catalogue, tmp_path):
    files = {
        **freshness_files(reviewed_days_ago(10), looking_for=["maker-day-challenge"]),
        "projects/old-asker.md": {
            **freshness_files(reviewed_days_ago(400))[f"projects/{MOVING}.md"],
            "looking_for": ["maker-day-challenge"],
        },
        "makerdays/past-day.md": makerday_data(
            title="Past day", starts="2026-02-01 09:30", ends="2026-02-01 17:00"
        ),
        "makerdays/called-off.md": makerday_data(
            title="Called off", starts="2027-02-01 09:30", ends="2027-02-01 17:00", status="cancelled"
        ),
    }
    catalogue, problems = load_catalogue(make_catalogue(tmp_path, files=files), TODAY, Policy())
    assert not has_errors(problems)
    board = freshness.dashboard(catalogue, TODAY, Policy())
    assert [
        (day.makerday.id, [item.project.id for item in day.challenges]) for day in board.upcoming_makerdays
    ] == [("maker-day-newbury", ["bin-collection-app"])]
    assert [(item.project.id, taken) for item, taken in board.looking_for_challenge] == [(MOVING, [])]


# The maker day rule ----------------------------------------------------------

LATER_DAY = makerday_data(title="Summer day", starts="2027-06-02 09:30", ends="2027-06-02 17:00")


def challenge_files(last_reviewed: str, phase: str = "beta", **makerday_changes) -> dict:
    day = {
        **LATER_DAY,
        **makerday_changes,
        "challenges": [{"project": MOVING, "brief": "Make permits simpler."}],
    }
    return {**freshness_files(last_reviewed, phase), "makerdays/summer-day.md": day}


def challenge_line(content) -> int:
    lines = (content / "makerdays" / "summer-day.md").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if f"project: {MOVING}" in line)


@pytest.mark.parametrize(("last_reviewed", "phase", "expected"), BOUNDARIES)
def test_an_upcoming_maker_day_takes_only_fresh_or_due_projects(
    last_reviewed, phase, expected, catalogue_dir, make_catalogue, run_pipeline
):
    content = make_catalogue(catalogue_dir.parent, files=challenge_files(last_reviewed, phase))
    result = run_pipeline("validate", "--content", content, "--today", TODAY.isoformat())
    if expected in (FRESH, DUE):
        assert result.code == 0, result.out
        return
    assert result.code == 1
    line = challenge_line(content)
    assert f"content/makerdays/summer-day.md:{line}:" in result.out
    if expected == ARCHIVED:
        assert f'project "{MOVING}" is retired' in result.out
    else:
        assert f"last confirmed on {last_reviewed}" in result.out
        assert "checking content/projects/parking-permits.md and setting last_reviewed" in result.out


def test_the_rule_judges_the_day_given_with_today(catalogue_dir, make_catalogue, run_pipeline):
    content = make_catalogue(catalogue_dir.parent, files=challenge_files(reviewed_days_ago(100)))
    assert run_pipeline("validate", "--content", content, "--today", TODAY.isoformat()).code == 0
    later = (TODAY + timedelta(days=90)).isoformat()
    result = run_pipeline("validate", "--content", content, "--today", later)
    assert result.code == 1
    assert "cannot be a challenge at an upcoming maker day" in result.out


@pytest.mark.parametrize(
    "makerday_changes",
    [
        pytest.param({"starts": "2026-03-04 09:30", "ends": "2026-03-04 17:00"}, id="past"),
        pytest.param({"status": "cancelled"}, id="cancelled"),
    ],
)
def test_past_and_cancelled_maker_days_are_not_judged(
    makerday_changes, catalogue_dir, make_catalogue, run_pipeline
):
    files = challenge_files(reviewed_days_ago(400), **makerday_changes)
    content = make_catalogue(catalogue_dir.parent, files=files)
    result = run_pipeline("validate", "--content", content, "--today", TODAY.isoformat())
    assert "cannot be a challenge" not in result.out
