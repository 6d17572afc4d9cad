"""`pipeline reminders`: plan and apply the GitHub issues that ask owners to confirm their entries.

`plan` reads the output of `pipeline stale --format json` and the open reminder issues (as
`gh issue list --label review-reminder --state open --json number,title,body,labels` prints them)
and decides, without touching GitHub, which issues to create, update or close: one open issue per
stale or due project, found again by a hidden marker at the start of its body. `apply` carries a
plan out with the `gh` command.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, cast

from . import freshness
from .catalogue import Catalogue
from .dates import long_date
from .gfm import escape, plural
from .settings import confirm_url, edit_url, page_url

Record = dict[str, Any]
LABEL = "review-reminder"
LABEL_COLOUR = "fbca04"
LABEL_DESCRIPTION = "A Pipeline entry needs its owners to confirm it"
CREATE, UPDATE, CLOSE = "create", "update", "close"
MARKER = "<!-- pipeline-reminder: {} -->"
NOBODY_TO_NOTIFY = (
    "Nobody on GitHub is listed for this project or its lead council, so nobody was notified: add a "
    "contact with a `github` handle to the entry, or `maintainers` to the council's entry."
)


class PlanError(ValueError):
    """A reminder plan that is not a list of well-formed actions."""


_MARKER = re.compile(r"\s*<!-- pipeline-reminder: ([a-z0-9]+(?:-[a-z0-9]+)*) -->")


def github_handle(name: str) -> str:
    """A GitHub user or team as an @-mention: "@reading-web", "@reading-council/digital"."""
    return "@" + name.removeprefix("@")


def review_record(found: freshness.Review, catalogue: Catalogue, settings: dict[str, Any]) -> Record:
    """A project needing review as data: its freshness, its lead council, who to ask and where to edit.

    It also says whether the reminder has been escalated (the review fell due at least the policy's
    escalate_after_days ago, so the lead council's maintainers and the community manager are asked too)
    whether the project is orphaned (its reminders go to the council's maintainers), and whether it is
    unanswered (the weekly workflow prepares a pull request that retires it), so that the reminder
    plan and the workflow need nothing but the record.
    """
    project = found.project
    council = catalogue.councils.get(project.lead_council)
    policy = freshness.Policy.from_settings(settings)
    manager = settings.get("COMMUNITY_MANAGER", {}).get("github")
    return {
        **freshness.record(found, page_url(settings, project.url)),
        "label": found.label,
        "lead_council_name": catalogue.council_name(project.lead_council),
        "maintainers": council.get("maintainers", []) if council else [],
        "contacts": project.get("contacts", []),
        "edit_url": edit_url(settings, project),
        "confirm_url": confirm_url(settings, project),
        "escalated": found.days_overdue >= policy.escalate_after_days,
        "escalates_on": (found.review_due + timedelta(days=policy.escalate_after_days)).isoformat(),
        "orphaned": freshness.is_orphaned(project, judged_on(found)),
        "unanswered": freshness.is_unanswered(project, judged_on(found), policy),
        "community_manager": github_handle(manager) if manager else None,
    }


def judged_on(found: freshness.Review) -> date:
    """The day the review was judged on, worked back from its own figures."""
    return found.review_due + timedelta(days=found.days_overdue)


# planning --------------------------------------------------------------------


def reminder_project(issue: dict[str, Any]) -> str | None:
    """The project id an open issue reminds about, from the marker at the start of its body."""
    match = _MARKER.match(issue.get("body") or "")
    return match[1] if match else None


def plan(stale: dict[str, Any], open_issues: list[dict[str, Any]]) -> list[Record]:
    """The issues to create, update and close so that each project waiting for review has one open,
    up-to-date reminder and nothing else does."""
    today = date.fromisoformat(stale["today"])
    waiting = {project["id"]: project for project in stale["projects"]}
    reminded: dict[str, dict[str, Any]] = {}
    actions = []
    for issue in sorted(open_issues, key=lambda issue: issue["number"]):
        project_id = reminder_project(issue)
        if project_id is None:
            continue
        if project_id in reminded:
            actions.append(
                _close(issue, project_id, f"Closing: #{reminded[project_id]['number']} is the reminder.")
            )
        elif project_id not in waiting:
            actions.append(_close(issue, project_id, _confirmed_comment(today)))
        else:
            reminded[project_id] = issue
    for project_id, project in waiting.items():
        title, body = reminder_title(project), reminder_body(project, today)
        found = reminded.get(project_id)
        if found is None:
            actions.append(
                {"action": CREATE, "project": project_id, "title": title, "body": body, "labels": [LABEL]}
            )
        elif (found.get("title"), _lines(found.get("body"))) != (title, _lines(body)):
            actions.append(
                {
                    "action": UPDATE,
                    "issue": found["number"],
                    "project": project_id,
                    "title": title,
                    "body": body,
                }
            )
    return actions


def _close(issue: dict[str, Any], project_id: str, comment: str) -> Record:
    return {"action": CLOSE, "issue": issue["number"], "project": project_id, "comment": comment}


def _lines(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _confirmed_comment(today: date) -> str:
    return (
        f"Thank you. On {long_date(today)} this entry no longer needed a review: it has been confirmed, "
        "retired or removed from the catalogue. Closing this reminder."
    )


def contact_handles(project: Record) -> list[str]:
    return [
        github_handle(contact["github"]) for contact in project.get("contacts", []) if contact.get("github")
    ]


def maintainer_handles(project: Record) -> list[str]:
    return [github_handle(name) for name in project.get("maintainers", [])]


def first_asked(project: Record) -> list[str]:
    """Who a reminder asks before it is escalated: the project's contacts on GitHub, or, when it is
    orphaned or none of its contacts is on GitHub, the lead council's maintainers."""
    contacts = [] if project.get("orphaned") else contact_handles(project)
    return contacts or maintainer_handles(project)


def escalation_groups(project: Record) -> list[tuple[str, list[str]]]:
    """Who an escalated reminder also asks, as (how the reminder names them, their handles)."""
    asked = first_asked(project)
    maintainers = [handle for handle in maintainer_handles(project) if handle not in asked]
    groups = [(f"{escape(project['lead_council_name'])}'s maintainers", maintainers)] if maintainers else []
    if project.get("community_manager"):
        groups.append(("the community manager", [project["community_manager"]]))
    return groups


def handles(project: Record) -> list[str]:
    """Who the reminder mentions: those first asked, and once escalated the lead council's maintainers
    and the community manager too."""
    found = first_asked(project)
    if project.get("escalated"):
        found += [handle for _, group in escalation_groups(project) for handle in group]
    return list(dict.fromkeys(found))


def reminder_title(project: Record) -> str:
    if project["state"] == "stale":
        return f"Please confirm the Pipeline entry for {project['title']}: its review is overdue"
    return f"Please confirm the Pipeline entry for {project['title']}: its review is due soon"


def reminder_body(project: Record, today: date) -> str:
    """The issue's text: who is asked, how overdue, the one-click confirm link, then the manual steps."""
    mentions = " ".join(handles(project))
    greeting = (
        (f"{mentions}: please confirm" if mentions else "Please confirm")
        + f" the Pipeline entry for **{escape(project['title'])}**, led by {escape(project['lead_council_name'])}."
    )
    nobody = [] if first_asked(project) else [NOBODY_TO_NOTIFY, ""]
    return "\n".join(
        [
            MARKER.format(project["id"]),
            greeting,
            "",
            _status(project, today),
            "",
            *confirm_section(project),
            *_paragraph(_orphaned_text(project)),
            *_paragraph(_escalation_text(project)),
            *nobody,
            *manual_steps(project, today),
        ]
    )


def confirm_section(project: Record) -> list[str]:
    return [
        "### Confirm it in one step",
        "",
        f"**[Confirm this is still accurate]({project['confirm_url']})**: it opens a short form with the "
        "project filled in. Check the project's page first; if everything in it is still right, submit the "
        "form. If something has changed, say what in the form.",
        "",
    ]


def manual_steps(project: Record, today: date) -> list[str]:
    return [
        "### Or edit the entry yourself",
        "",
        f"1. Open the entry on GitHub: {project['edit_url']}",
        "2. Check that everything in it is still right: the summary, phase, partner councils, what the "
        "project is looking for, contacts and links. Change anything that is out of date, and add a dated "
        "update if there is news.",
        f"3. Set `last_reviewed` to the date you checked it, like `last_reviewed: {today.isoformat()}`.",
        "4. Propose the change. When it is merged this issue closes itself at the next reminder run.",
        "",
        "Confirming means saying that the entry is still accurate today; the project does not need to "
        "have changed. If the project has stopped, set `phase: retired` instead: it stays in the "
        "catalogue as archived and gets no more reminders.",
        "",
        f"The project's page: {project['url']}",
        "",
    ]


def _paragraph(text: str | None) -> list[str]:
    return [text, ""] if text else []


def _orphaned_text(project: Record) -> str | None:
    if not project.get("orphaned"):
        return None
    if not project.get("maintainers"):
        return "Nobody listed for this project is still in contact."
    return (
        "Nobody listed for this project is still in contact, so this reminder goes to "
        f"{escape(project['lead_council_name'])}'s maintainers: please confirm it and add a new contact, or "
        "retire it."
    )


def _escalation_text(project: Record) -> str | None:
    """Who else the reminder now asks, and why; or who it will ask, and from when."""
    names = " and ".join(name for name, _ in escalation_groups(project))
    if not names:
        return None
    also = " also" if first_asked(project) else ""
    if project.get("escalated"):
        return (
            f"Nobody has confirmed it in the {plural(project['days_overdue'], 'day')} since its review fell "
            f"due, so this reminder now{also} goes to {names}."
        )
    escalates_on = long_date(date.fromisoformat(project["escalates_on"]))
    return f"If it is not confirmed by {escalates_on}, this reminder will{also} go to {names}."


def _status(project: Record, today: date) -> str:
    confirmed = long_date(date.fromisoformat(project["last_reviewed"]))
    due = long_date(date.fromisoformat(project["review_due"]))
    days = abs(project["days_overdue"])
    plural = "s" * (days != 1)
    if project["state"] == "stale":
        return (
            f"It was last confirmed on {confirmed}. Its review fell due on {due}, {days} day{plural} ago, so "
            "the site now shows it as *not confirmed recently* and it cannot be a challenge at a maker day."
        )
    return (
        f"It was last confirmed on {confirmed}. Its review is due by {due}, in {days} day{plural}; after "
        "that the site will show it as *not confirmed recently* and it cannot be a challenge at a maker day."
    )


# applying --------------------------------------------------------------------


GhCall = tuple[list[str], str | None]


def gh_commands(actions: list[Record], repo: str | None = None) -> list[GhCall]:
    """(arguments, standard input) for each gh call that carries out the actions."""
    where = ["--repo", repo] if repo else []
    commands: list[GhCall] = []
    if any(action["action"] == CREATE for action in actions):
        label = ["gh", "label", "create", LABEL, "--color", LABEL_COLOUR, "--description", LABEL_DESCRIPTION]
        commands.append((label + ["--force"] + where, None))
    for action in actions:
        kind = action["action"]
        if kind == CREATE:
            arguments = ["gh", "issue", "create", "--title", action["title"], "--body-file", "-"]
            arguments += [part for label in action["labels"] for part in ("--label", label)]
            commands.append((arguments + where, action["body"]))
        elif kind == UPDATE:
            arguments = [
                "gh",
                "issue",
                "edit",
                str(action["issue"]),
                "--title",
                action["title"],
                "--body-file",
                "-",
            ]
            commands.append((arguments + where, action["body"]))
        else:
            arguments = ["gh", "issue", "close", str(action["issue"]), "--comment", action["comment"]]
            commands.append((arguments + where, None))
    return commands


def check_plan(actions: object) -> list[Record]:
    """Refuse a plan that is not a list of well-formed actions, before running anything."""
    fields: dict[str, dict[str, type]] = {
        CREATE: {"title": str, "body": str, "labels": list},
        UPDATE: {"issue": int, "title": str, "body": str},
        CLOSE: {"issue": int, "comment": str},
    }
    if not isinstance(actions, list):
        raise PlanError("the plan must be a JSON list of actions")
    for position, action in enumerate(actions, start=1):
        wanted = fields.get(str(action.get("action"))) if isinstance(action, dict) else None
        if wanted is None:
            raise PlanError(f"action {position} of the plan is not a create, update or close action")
        for name, kind in wanted.items():
            if not isinstance(action.get(name), kind) or isinstance(action.get(name), bool):
                raise PlanError(f"action {position} of the plan needs {name} as {kind.__name__}")
    return cast(list[Record], actions)


def apply(
    actions: list[Record],
    repo: str | None = None,
    run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
) -> int:
    """Run the gh commands; returns how many failed."""
    failures = 0
    for arguments, stdin in gh_commands(actions, repo):
        result = run(arguments, input=stdin, text=True, check=False)
        if result.returncode != 0:
            failures += 1
            print(f"pipeline: gh failed ({result.returncode}): {' '.join(arguments[:4])}", file=sys.stderr)
    return failures
