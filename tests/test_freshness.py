"""Freshness states, the review dashboard's content, and the maker day rule that only trusted projects are
challenges."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from catalogue_fixtures import TODAY, makerday_data, project_data
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
    data: dict = field(default_factory=dict)
    updates: tuple = ()

    def get(self, name: str, default=None):
        return self.data.get(name, default)


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


def test_dashboard_lists_waiting_projects_and_finds_councils_with_nothing_fresh(make_catalogue, tmp_path):
    content = make_catalogue(tmp_path, files=freshness_files(reviewed_days_ago(300)))
    catalogue, problems = load_catalogue(content, TODAY, Policy())
    assert problems == []
    board = freshness.dashboard(catalogue, TODAY, Policy())
    assert [item.project.id for item in board.waiting] == [MOVING]
    assert board.waiting_count == 1
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


# Unanswered, orphaned and ended-but-active projects ----------------------------

UNANSWERED_FROM = TODAY - timedelta(days=Policy().review_age_days + Policy().unanswered_after_days)


@pytest.mark.parametrize(
    ("last_reviewed", "phase", "expected"),
    [
        pytest.param(UNANSWERED_FROM + timedelta(days=1), "beta", False, id="last-day-stale-but-answered"),
        pytest.param(UNANSWERED_FROM, "beta", True, id="first-unanswered-day"),
        pytest.param(UNANSWERED_FROM - timedelta(days=400), "live", True, id="long-unanswered"),
        pytest.param(UNANSWERED_FROM - timedelta(days=400), "retired", False, id="retired"),
    ],
)
def test_unanswered_either_side_of_its_boundary(last_reviewed, phase, expected):
    project = Reviewed(last_reviewed, phase)
    assert freshness.is_unanswered(project, TODAY, Policy()) == expected
    assert freshness.review(project, TODAY, Policy()).unanswered == expected
    if phase != "retired":
        assert freshness.state(project, TODAY, Policy()) == STALE


def test_the_unanswered_period_comes_from_the_settings():
    policy = Policy.from_settings({"UNANSWERED_AFTER_DAYS": "10", "REMINDER_ESCALATE_AFTER_DAYS": "5"})
    assert (policy.unanswered_after_days, policy.escalate_after_days) == (10, 5)
    project = Reviewed(TODAY - timedelta(days=policy.review_age_days + 10))
    assert freshness.is_unanswered(project, TODAY, policy)
    assert not freshness.is_unanswered(project, TODAY - timedelta(days=1), policy)
    assert not freshness.is_unanswered(project, TODAY, Policy())


@given(
    reviewed=st.dates(date(2000, 1, 1), date(2040, 1, 1)),
    age=st.integers(1, 800),
    waiting=st.integers(0, 800),
    offsets=st.lists(st.integers(0, 3000), min_size=2, max_size=6),
)
def test_an_unanswered_project_is_stale_and_stays_unanswered(reviewed, age, waiting, offsets):
    policy = Policy(review_age_days=age, warning_days=0, unanswered_after_days=waiting)
    project = Reviewed(reviewed)
    days = [reviewed + timedelta(days=offset) for offset in sorted(offsets)]
    flags = [freshness.is_unanswered(project, day, policy) for day in days]
    assert flags == sorted(flags), "once unanswered, a project stays so until confirmed"
    for day, unanswered in zip(days, flags, strict=True):
        if unanswered:
            assert freshness.state(project, day, policy) == STALE


def with_contacts(*untils: str | None, phase: str = "beta", **data) -> Reviewed:
    contacts = [
        {
            "role": f"Team {number}",
            "email": f"team{number}@example.gov.uk",
            **({"until": until} if until else {}),
        }
        for number, until in enumerate(untils)
    ]
    return Reviewed(TODAY, phase, data={"contacts": contacts, **data})


YESTERDAY = (TODAY - timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("untils", "expected"),
    [
        pytest.param((TODAY.isoformat(),), False, id="last-day-reachable-is-today"),
        pytest.param((YESTERDAY,), True, id="left-yesterday"),
        pytest.param((YESTERDAY, "2020-01-01"), True, id="all-left"),
        pytest.param((YESTERDAY, None), False, id="one-without-an-end"),
        pytest.param((YESTERDAY, "2027-01-01"), False, id="one-still-there"),
    ],
)
def test_orphaned_when_every_contact_has_left(untils, expected):
    project = with_contacts(*untils)
    assert freshness.is_orphaned(project, TODAY) == expected
    assert freshness.review(project, TODAY, Policy()).orphaned == expected
    reachable = freshness.reachable_contacts(project, TODAY)
    assert [contact.get("until") for contact in reachable] == [
        until for until in untils if until is None or until >= TODAY.isoformat()
    ]


def test_a_retired_project_is_not_listed_as_orphaned():
    project = with_contacts(YESTERDAY, phase="retired")
    assert freshness.is_orphaned(project, TODAY)
    assert not freshness.review(project, TODAY, Policy()).orphaned


@pytest.mark.parametrize(
    ("ends", "phase", "expected"),
    [
        pytest.param(TODAY.isoformat(), "beta", False, id="ends-today"),
        pytest.param(YESTERDAY, "beta", True, id="ended-yesterday"),
        pytest.param(YESTERDAY, "discovery", True, id="ended-in-discovery"),
        pytest.param(YESTERDAY, "live", False, id="live"),
        pytest.param(YESTERDAY, "retired", False, id="retired"),
        pytest.param(None, "beta", False, id="no-end-date"),
    ],
)
def test_ended_but_active_either_side_of_the_end_date(ends, phase, expected):
    project = with_contacts(None, phase=phase, **({"ends": ends} if ends else {}))
    assert freshness.is_ended_but_active(project, TODAY) == expected
    assert freshness.review(project, TODAY, Policy()).ended_but_active == expected


# Retiring an unanswered project ---------------------------------------------------

PROJECT_FILE = """\
---
title: Bin app   # the reminders app
lead_council: west-berkshire
phase: beta
last_reviewed: 2026-03-03
contacts:
  - role: Digital team
    email: digital@example.gov.uk
updates:
  - date: 2026-03-03
    text: Beta opened.
---
Body.
"""


def test_retirement_changes_only_the_phase_and_adds_a_dated_update():
    from pipeline.edits import changed_fields
    from pipeline.loader import load_text

    retired = freshness.retirement_edit(PROJECT_FILE, TODAY, date(2026, 3, 3))
    assert changed_fields(PROJECT_FILE, retired) == ["phase", "updates"]
    data = load_text(retired).data
    assert data["phase"] == "retired"
    assert data["updates"][0] == {"date": "2026-11-26", "text": "Archived: no response since 3 March 2026."}
    assert data["updates"][1:] == [{"date": "2026-03-03", "text": "Beta opened."}]
    assert "title: Bin app   # the reminders app\n" in retired and retired.endswith("---\nBody.\n")
    crlf = PROJECT_FILE.replace("\n", "\r\n")
    assert freshness.retirement_edit(crlf, TODAY, date(2026, 3, 3)) == retired.replace("\n", "\r\n")


# The community manager's week -------------------------------------------------------


def dated(day: date, *update_days: date, title: str = "A project") -> Reviewed:
    updates = tuple({"day": day, "text": f"News of {day}"} for day in update_days)
    return Reviewed(day, id=title.lower().replace(" ", "-"), title=title, updates=updates)


def test_the_weeks_changes_are_the_seven_days_up_to_today():
    first_day, before = TODAY - timedelta(days=6), TODAY - timedelta(days=7)
    projects = [
        dated(first_day, title="Confirmed on the first day"),
        dated(before, first_day, TODAY, title="News twice"),
        dated(before, before, title="Quiet"),
        dated(TODAY, title="Confirmed today"),
    ]
    changes = freshness.week_changes(projects, TODAY)
    assert changes.since == first_day
    assert [p.title for p in changes.confirmed] == ["Confirmed today", "Confirmed on the first day"]
    assert [(p.title, update["day"]) for p, update in changes.news] == [
        ("News twice", TODAY),
        ("News twice", first_day),
    ]
    assert changes.count == 4


def test_dashboard_counts_states_and_lists_unanswered_orphaned_and_ended_projects(make_catalogue, tmp_path):
    last_reviewed = UNANSWERED_FROM.isoformat()
    gone = [{"role": "Parking team", "email": "parking@reading.example.org", "until": YESTERDAY}]
    files = freshness_files(last_reviewed, ends="2026-06-30")
    files[f"projects/{MOVING}.md"]["contacts"] = gone
    catalogue, problems = load_catalogue(make_catalogue(tmp_path, files=files), TODAY, Policy())
    assert not has_errors(problems)
    board = freshness.dashboard(catalogue, TODAY, Policy())
    assert board.counts == {FRESH: 1, DUE: 0, STALE: 1, ARCHIVED: 0}
    assert [item.project.id for item in board.unanswered] == [MOVING]
    assert [item.project.id for item in board.orphaned] == [MOVING]
    assert [item.project.id for item in board.ended_but_active] == [MOVING]
    assert board.unanswered[0].overdue_text == "confirmation overdue by 3 months"

    earlier = freshness.dashboard(catalogue, TODAY - timedelta(days=1), Policy())
    assert earlier.unanswered == [] and [item.project.id for item in earlier.orphaned] == []


@pytest.mark.parametrize(
    ("days_before_the_day", "at_risk"),
    [
        pytest.param(0, True, id="stale-on-the-day"),
        pytest.param(-1, False, id="stale-the-day-after"),
        pytest.param(30, True, id="stale-a-month-before"),
    ],
)
def test_a_maker_day_challenge_that_will_be_stale_by_the_day_is_at_risk(
    days_before_the_day, at_risk, make_catalogue, tmp_path
):
    day = date(2027, 1, 20)  # the base catalogue's Newbury Maker Day takes bin-collection-app
    review_due = day - timedelta(days=days_before_the_day)
    last_reviewed = review_due - timedelta(days=Policy().review_age_days)
    files = {"projects/bin-collection-app.md": project_data(last_reviewed=last_reviewed.isoformat())}
    catalogue, _ = load_catalogue(make_catalogue(tmp_path, files=files), TODAY, Policy())
    board = freshness.dashboard(catalogue, TODAY, Policy())
    [newbury] = board.upcoming_makerdays
    assert [item.project.id for item in newbury.at_risk] == (["bin-collection-app"] if at_risk else [])
    assert board.makerdays_at_risk == ([newbury] if at_risk else [])
