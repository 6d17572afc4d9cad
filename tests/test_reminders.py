"""The reminder planner and the gh calls that carry a plan out, tested without GitHub."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from catalogue_fixtures import TODAY
from freshness_catalogue import (
    CONFIRM_URL,
    CONTACTS,
    EDIT_URL,
    MOVING,
    SETTINGS,
    freshness_files,
    reviewed_days_ago,
    stale_record,
)
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pipeline import reminders
from pipeline.settings import read_settings_file

MANAGER = "@localgovdigital/pipeline-community"

STALE_PROJECT = stale_record(
    last_reviewed="2026-04-01",
    review_due="2026-09-28",
    days_overdue=59,
    url=f"https://pipeline.example.org/projects/{MOVING}/",
    contacts=[CONTACTS[0], {"role": "Developers", "github": "@parking-devs"}],
    escalated=True,
    escalates_on="2026-10-26",
    orphaned=False,
    community_manager=MANAGER,
)


def stale_report(*projects) -> dict:
    return {
        "today": TODAY.isoformat(),
        "review_age_days": 180,
        "warning_days": 30,
        "projects": list(projects),
    }


def open_issue(number: int, project_id: str, title: str = "Old title", body_after: str = "Old text.") -> dict:
    body = f"<!-- pipeline-reminder: {project_id} -->\nOld greeting.\n\n{body_after}"
    return {"number": number, "title": title, "body": body, "labels": [{"name": reminders.LABEL}]}


def test_a_new_stale_project_gets_one_new_issue():
    [action] = reminders.plan(stale_report(STALE_PROJECT), [])
    assert action["action"] == "create" and action["project"] == MOVING
    assert action["labels"] == [reminders.LABEL]
    assert (
        action["title"]
        == "Please confirm the Pipeline entry for Resident parking permits: its review is overdue"
    )
    body = action["body"]
    assert body.startswith(f"<!-- pipeline-reminder: {MOVING} -->\n")
    assert f"@parking-devs @reading-council/digital @reading-web {MANAGER}: please confirm" in body
    assert EDIT_URL in body
    assert (
        "It was last confirmed on 1 April 2026. Its review fell due on 28 September 2026, 59 days ago" in body
    )
    assert "Set `last_reviewed` to the date you checked it, like `last_reviewed: 2026-11-26`" in body
    assert "Confirming means saying that the entry is still accurate today" in body
    assert reminders.reminder_project({"body": body}) == MOVING


def test_a_due_project_is_asked_before_its_review_falls_due():
    due = {
        **STALE_PROJECT,
        "state": "due",
        "review_due": "2026-12-06",
        "days_overdue": -10,
        "escalated": False,
    }
    [action] = reminders.plan(stale_report(due), [])
    assert action["title"].endswith("its review is due soon")
    assert "Its review is due by 6 December 2026, in 10 days" in action["body"]


def test_an_open_reminder_is_updated_not_duplicated():
    actions = reminders.plan(stale_report(STALE_PROJECT), [open_issue(7, MOVING)])
    assert [(action["action"], action.get("issue")) for action in actions] == [("update", 7)]
    assert "59 days ago" in actions[0]["body"]


def test_an_open_reminder_that_says_the_same_is_left_alone():
    [created] = reminders.plan(stale_report(STALE_PROJECT), [])
    same = {
        "number": 7,
        "title": created["title"],
        "body": created["body"].replace("\n", "\r\n"),
        "labels": [],
    }
    assert reminders.plan(stale_report(STALE_PROJECT), [same]) == []


def test_a_project_confirmed_since_has_its_reminder_closed():
    [action] = reminders.plan(stale_report(), [open_issue(7, MOVING)])
    assert (action["action"], action["issue"], action["project"]) == ("close", 7, MOVING)
    assert "no longer needed a review" in action["comment"]


def test_a_second_open_reminder_for_the_same_project_is_closed_as_a_repeat():
    actions = reminders.plan(stale_report(STALE_PROJECT), [open_issue(9, MOVING), open_issue(7, MOVING)])
    assert [(action["action"], action["issue"]) for action in actions] == [("close", 9), ("update", 7)]
    assert "#7 is the reminder" in actions[0]["comment"]


def test_issues_without_the_marker_are_not_touched():
    stray = {
        "number": 3,
        "title": "Question",
        "body": f"About {MOVING}: <!-- pipeline-reminder: {MOVING} -->",
    }
    assert [action["action"] for action in reminders.plan(stale_report(STALE_PROJECT), [stray])] == ["create"]
    assert reminders.plan(stale_report(), [stray, {"number": 4, "title": "Empty", "body": None}]) == []


def test_nobody_to_notify_is_said_in_the_issue():
    alone = {
        **STALE_PROJECT,
        "escalated": False,
        "maintainers": [],
        "contacts": [{"role": "Parking team", "email": "p@example.org"}],
    }
    [action] = reminders.plan(stale_report(alone), [])
    assert action["body"].splitlines()[1].startswith("Please confirm the Pipeline entry")
    assert reminders.NOBODY_TO_NOTIFY in action["body"]


def test_a_retired_project_gets_no_reminder_and_loses_an_open_one(make_catalogue, tmp_path, run_pipeline):
    content = make_catalogue(tmp_path, files=freshness_files(reviewed_days_ago(400), "retired"))
    stale_file, issues_file = tmp_path / "stale.json", tmp_path / "open.json"
    result = run_pipeline(
        "stale", "--settings", SETTINGS, "--content", content, "--today", TODAY, "--format", "json"
    )
    stale_file.write_text(result.out, encoding="utf-8")
    for open_issues, expected in (([], []), ([open_issue(7, MOVING)], [("close", 7)])):
        issues_file.write_text(json.dumps(open_issues), encoding="utf-8")
        planned = run_pipeline("reminders", "plan", "--stale", stale_file, "--open-issues", issues_file)
        assert planned.code == 0
        assert [(action["action"], action["issue"]) for action in json.loads(planned.out)] == expected


def test_plan_from_the_stale_command_creates_one_issue_per_project(make_catalogue, tmp_path, run_pipeline):
    content = make_catalogue(tmp_path, files=freshness_files(reviewed_days_ago(200)))
    stale_file, issues_file = tmp_path / "stale.json", tmp_path / "open.json"
    result = run_pipeline(
        "stale", "--settings", SETTINGS, "--content", content, "--today", TODAY, "--format", "json"
    )
    stale_file.write_text(result.out, encoding="utf-8")
    issues_file.write_text("[]", encoding="utf-8")
    planned = run_pipeline("reminders", "plan", "--stale", stale_file, "--open-issues", issues_file)
    [action] = json.loads(planned.out)
    assert (action["action"], action["project"]) == ("create", MOVING)
    assert "20 days ago" in action["body"]


# The one-click confirm link ----------------------------------------------------


def test_the_confirm_link_comes_before_the_manual_steps():
    [action] = reminders.plan(stale_report(STALE_PROJECT), [])
    body = action["body"]
    assert f"**[Confirm this is still accurate]({CONFIRM_URL})**" in body
    assert body.index(CONFIRM_URL) < body.index("### Or edit the entry yourself") < body.index(EDIT_URL)


def test_a_title_cannot_format_the_issue_or_mention_anyone():
    odd = {**STALE_PROJECT, "title": "**Bins** @someone [x](https://evil.example)"}
    [action] = reminders.plan(stale_report(odd), [])
    greeting = action["body"].splitlines()[1]
    assert "\\*\\*Bins\\*\\* @\u200bsomeone \\[x\\](https:\u200b//evil.example)" in greeting


# Escalation ---------------------------------------------------------------------

ESCALATE_AFTER = read_settings_file(SETTINGS)["REMINDER_ESCALATE_AFTER_DAYS"]
REVIEW_AGE = read_settings_file(SETTINGS)["FRESHNESS_REVIEW_AGE_DAYS"]
OWN_CONTACTS = "@parking-devs: please confirm"
EVERYONE = f"@parking-devs @reading-council/digital @reading-web {MANAGER}: please confirm"


def stale_file_on(make_catalogue, run_pipeline, root: Path, overdue: int) -> Path:
    """`pipeline stale --format json` for Reading's project when its review fell due `overdue` days ago."""
    content = make_catalogue(root, files=freshness_files(reviewed_days_ago(REVIEW_AGE + overdue)))
    result = run_pipeline(
        "stale", "--settings", SETTINGS, "--content", content, "--today", TODAY, "--format", "json"
    )
    stale_file = root / "stale.json"
    stale_file.write_text(result.out, encoding="utf-8")
    return stale_file


def planned(run_pipeline, stale_file: Path, open_issues: list[dict]) -> list[dict]:
    issues_file = stale_file.with_name("open.json")
    issues_file.write_text(json.dumps(open_issues), encoding="utf-8")
    result = run_pipeline("reminders", "plan", "--stale", stale_file, "--open-issues", issues_file)
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.mark.parametrize(
    ("overdue", "escalated"),
    [
        pytest.param(ESCALATE_AFTER - 1, False, id="day-before-escalation"),
        pytest.param(ESCALATE_AFTER, True, id="escalation-day"),
        pytest.param(ESCALATE_AFTER + 1, True, id="day-after-escalation"),
    ],
)
def test_a_reminder_escalates_once_stale_for_the_set_time(
    make_catalogue, run_pipeline, tmp_path, overdue, escalated
):
    stale_file = stale_file_on(make_catalogue, run_pipeline, tmp_path, overdue)
    [record] = json.loads(stale_file.read_text(encoding="utf-8"))["projects"]
    assert record["escalated"] is escalated
    assert record["escalates_on"] == (TODAY + timedelta(days=ESCALATE_AFTER - overdue)).isoformat()
    [action] = planned(run_pipeline, stale_file, [])
    greeting = action["body"].splitlines()[1]
    assert greeting.startswith(EVERYONE if escalated else OWN_CONTACTS)
    if escalated:
        assert (
            f"Nobody has confirmed it in the {overdue} days since its review fell due, so this reminder now "
            "also goes to Reading's maintainers and the community manager." in action["body"]
        )
    else:
        assert (
            "If it is not confirmed by 27 November 2026, this reminder will also go to Reading's"
            in (action["body"])
        )


def test_the_open_reminder_is_updated_to_mention_more_people_on_escalation_day(
    make_catalogue, run_pipeline, tmp_path
):
    before = stale_file_on(make_catalogue, run_pipeline, tmp_path / "before", ESCALATE_AFTER - 1)
    [created] = planned(run_pipeline, before, [])
    issue = {"number": 12, "title": created["title"], "body": created["body"], "labels": []}
    assert planned(run_pipeline, before, [issue]) == []
    on_the_day = stale_file_on(make_catalogue, run_pipeline, tmp_path / "after", ESCALATE_AFTER)
    [action] = planned(run_pipeline, on_the_day, [issue])
    assert (action["action"], action["issue"]) == ("update", 12)
    assert action["body"].splitlines()[1].startswith(EVERYONE)


def test_a_project_with_no_contact_on_github_asks_the_maintainers_from_the_start():
    by_email = {**STALE_PROJECT, "escalated": False, "contacts": [CONTACTS[0]]}
    assert reminders.handles(by_email) == ["@reading-council/digital", "@reading-web"]
    [action] = reminders.plan(stale_report(by_email), [])
    assert (
        "If it is not confirmed by 26 October 2026, this reminder will also go to the community manager."
        in (action["body"])
    )


def test_escalation_names_only_the_people_it_adds():
    no_maintainers = {**STALE_PROJECT, "maintainers": []}
    [action] = reminders.plan(stale_report(no_maintainers), [])
    assert action["body"].splitlines()[1].startswith(f"@parking-devs {MANAGER}: please confirm")
    assert "so this reminder now also goes to the community manager." in action["body"]
    alone = {**no_maintainers, "contacts": [CONTACTS[0]]}
    [action] = reminders.plan(stale_report(alone), [])
    assert "so this reminder now goes to the community manager." in action["body"]
    assert reminders.NOBODY_TO_NOTIFY in action["body"]
    nobody_else = {**no_maintainers, "community_manager": None}
    [action] = reminders.plan(stale_report(nobody_else), [])
    assert "also go" not in action["body"]


# Orphaned projects --------------------------------------------------------------


def test_an_orphaned_project_is_asked_of_its_council_maintainers_not_its_contacts():
    orphaned = {**STALE_PROJECT, "escalated": False, "orphaned": True}
    [action] = reminders.plan(stale_report(orphaned), [])
    body = action["body"]
    assert body.splitlines()[1].startswith("@reading-council/digital @reading-web: please confirm")
    assert "@parking-devs" not in body
    assert "Nobody listed for this project is still in contact, so this reminder goes to Reading's" in body
    assert reminders.handles({**orphaned, "escalated": True}) == [
        "@reading-council/digital",
        "@reading-web",
        MANAGER,
    ]


handle_lists = st.lists(st.from_regex(r"[a-z]{1,5}", fullmatch=True), max_size=3)


@hypothesis_settings(deadline=None)
@given(
    contact_handles=handle_lists,
    maintainers=handle_lists,
    manager=st.sampled_from([None, MANAGER]),
    orphaned=st.booleans(),
)
def test_escalation_only_adds_people_and_orphans_never_mention_their_contacts(
    contact_handles, maintainers, manager, orphaned
):
    contacts = [{"role": "Team", "github": handle} for handle in contact_handles]
    project = {
        "lead_council_name": "Reading",
        "contacts": contacts,
        "maintainers": maintainers,
        "community_manager": manager,
        "orphaned": orphaned,
    }
    first = reminders.handles({**project, "escalated": False})
    later = reminders.handles({**project, "escalated": True})
    assert set(first) <= set(later)
    assert len(later) == len(set(later))
    assert (manager in later) is (manager is not None)
    if orphaned:
        assert not set(later) & {"@" + handle for handle in contact_handles} - {"@" + m for m in maintainers}


# Applying a plan -------------------------------------------------------------


def test_gh_commands_pass_text_as_arguments_and_bodies_on_standard_input():
    actions = [
        {
            "action": "create",
            "project": MOVING,
            "title": "T; rm -rf /",
            "body": "B",
            "labels": ["review-reminder"],
        },
        {"action": "update", "issue": 7, "project": MOVING, "title": "T2", "body": "B2"},
        {"action": "close", "issue": 9, "project": MOVING, "comment": "$(whoami)"},
    ]
    commands = reminders.gh_commands(actions, "example/catalogue")
    assert commands[0][0][:4] == ["gh", "label", "create", "review-reminder"]
    assert commands[1] == (
        ["gh", "issue", "create", "--title", "T; rm -rf /", "--body-file", "-", "--label", "review-reminder"]
        + ["--repo", "example/catalogue"],
        "B",
    )
    assert commands[2] == (
        ["gh", "issue", "edit", "7", "--title", "T2", "--body-file", "-", "--repo", "example/catalogue"],
        "B2",
    )
    assert commands[3] == (
        ["gh", "issue", "close", "9", "--comment", "$(whoami)", "--repo", "example/catalogue"],
        None,
    )


def test_no_label_is_made_when_nothing_is_created():
    close = {"action": "close", "issue": 9, "project": MOVING, "comment": "Done."}
    assert [arguments[:3] for arguments, _ in reminders.gh_commands([close])] == [["gh", "issue", "close"]]


def test_apply_runs_every_command_and_reports_a_failure():
    calls = []

    def fake_gh(arguments, input=None, text=True, check=False):
        calls.append((arguments, input))
        return subprocess.CompletedProcess(arguments, 1 if arguments[2] == "edit" else 0)

    actions = [
        {"action": "update", "issue": 7, "project": MOVING, "title": "T", "body": "B"},
        {"action": "close", "issue": 9, "project": MOVING, "comment": "Done."},
    ]
    assert reminders.apply(actions, run=fake_gh) == 1
    assert [arguments[2] for arguments, _ in calls] == ["edit", "close"]
    assert reminders.apply(actions[1:], run=fake_gh) == 0


@pytest.mark.parametrize(
    "plan",
    [
        {"action": "create"},
        [{"action": "delete", "issue": 1}],
        [{"action": "close", "issue": "1; rm", "comment": "x"}],
        [{"action": "close", "issue": True, "comment": "x"}],
        [{"action": "update", "issue": 1, "title": "T"}],
    ],
)
def test_apply_refuses_a_malformed_plan_before_running_anything(plan, tmp_path, run_pipeline):
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    result = run_pipeline("reminders", "apply", "--plan", plan_file)
    assert result.code == 2
    assert "plan" in result.err


def test_apply_dry_run_prints_the_commands(tmp_path, run_pipeline):
    plan_file = tmp_path / "plan.json"
    close = {"action": "close", "issue": 9, "project": MOVING, "comment": "Thank you, it's confirmed."}
    plan_file.write_text(json.dumps([close]), encoding="utf-8")
    result = run_pipeline(
        "reminders", "apply", "--plan", plan_file, "--dry-run", "--repo", "example/catalogue"
    )
    assert result.code == 0
    assert (
        result.out
        == "gh issue close 9 --comment 'Thank you, it'\"'\"'s confirmed.' --repo example/catalogue\n"
    )


def test_plan_refuses_input_that_is_not_the_stale_report(tmp_path, run_pipeline):
    wrong, issues = tmp_path / "wrong.json", tmp_path / "issues.json"
    wrong.write_text("[]", encoding="utf-8")
    issues.write_text("[]", encoding="utf-8")
    result = run_pipeline("reminders", "plan", "--stale", wrong, "--open-issues", issues)
    assert result.code == 2 and "pipeline stale --format json" in result.err
