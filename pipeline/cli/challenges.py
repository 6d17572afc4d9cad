"""`pipeline challenges`: shortlist projects for maker day challenges, and check a day's challenges."""

from __future__ import annotations

import argparse
import difflib
import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .. import freshness, makerdays
from ..catalogue import Catalogue, load_catalogue
from ..dates import weekday_date
from ..gfm import cell
from ..model import MakerDay, Project
from ..problems import Problem, has_errors
from .options import EXIT_INVALID, EXIT_OK, Judging, UsageError, add_settings_options
from .reporting import JSON, MARKDOWN, TEXT, add_format_option, problem_line, write_report

GROUP_HEADINGS = {
    makerdays.ASKED: "Asked to be a maker day challenge",
    makerdays.OPEN: "Looking for skills or partners",
}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "challenges",
        help="shortlist fresh projects for a maker day's challenges, longest waiting first",
        description="Shortlist fresh projects for a maker day's challenges: those that asked to be a "
        "challenge, then those looking for skills or partners, never-chosen and longest waiting first.",
    )
    add_settings_options(parser, "Pelican settings file, for the review policy")
    parser.add_argument(
        "--for",
        dest="makerday",
        metavar="MAKERDAY",
        help="also check this maker day's challenges against the rules (its id, the file name without .md)",
    )
    add_format_option(parser, (TEXT, JSON, MARKDOWN))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    judging = Judging(args)
    today, policy = judging.today, judging.policy
    catalogue, problems = load_catalogue(judging.content, today, policy)
    check = day_check(catalogue, problems, judging.content, args.makerday) if args.makerday else None
    candidates = makerdays.shortlist(catalogue, today, policy)
    writers = {TEXT: text_report, JSON: json_report, MARKDOWN: markdown_report}
    write_report(writers, args.format, candidates, check, catalogue, today, policy)
    return EXIT_INVALID if check and has_errors(check.problems) else EXIT_OK


@dataclass(frozen=True)
class DayCheck:
    """The maker day named by --for (None when its file cannot be read) and every problem in its file."""

    id: str
    makerday: MakerDay | None
    problems: list[Problem]

    def challenge_problems(self, index: int) -> list[Problem]:
        field = f"challenges[{index + 1}]"
        return [p for p in self.problems if p.field == field or p.field.startswith(field + ".")]

    def other_problems(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.field.startswith("challenges[")]


def day_check(catalogue: Catalogue, problems: list[Problem], content: Path, makerday_id: str) -> DayCheck:
    """The maker day named by --for and every problem found in its file."""
    known = catalogue.known_ids["makerdays"]
    if makerday_id not in known:
        close = difflib.get_close_matches(makerday_id, sorted(known), n=1, cutoff=0.6)
        nudge = f'; did you mean "{close[0]}"?' if close else ""
        raise UsageError(f'there is no maker day "{makerday_id}" in {content}/makerdays/{nudge}')
    path = (content / "makerdays" / f"{makerday_id}.md").resolve()
    mine = [problem for problem in problems if Path(problem.path).resolve() == path]
    return DayCheck(makerday_id, catalogue.makerdays.get(makerday_id), mine)


def contact_text(project: Project) -> str:
    contact = project.get("contacts", [{}])[0]
    address = makerdays.contact_address(contact)
    return f"{contact.get('role', '')} <{address}>" if address else contact.get("role", "")


def history_text(candidate: makerdays.Candidate) -> str:
    times = len(candidate.challenged_at)
    if not times:
        return "never a challenge"
    last = candidate.challenged_at[-1].title
    return f"a challenge once, at {last}" if times == 1 else f"a challenge {times} times, last at {last}"


# text -----------------------------------------------------------------------


def text_report(
    candidates: list[makerdays.Candidate],
    check: DayCheck | None,
    catalogue: Catalogue,
    today: date,
    policy: freshness.Policy,
) -> str:
    lines = check_text(check, catalogue, today, policy) if check else []
    lines.append(f"Challenge shortlist on {weekday_date(today)}: {len(candidates)} fresh projects")
    booked = len(makerdays.booked(catalogue, today))
    lines.append(f"Left out: {booked} projects already a challenge at a maker day still to come.")
    number = 0
    for group, heading in GROUP_HEADINGS.items():
        members = [candidate for candidate in candidates if candidate.group == group]
        lines += ["", f"{heading} ({len(members)}):"]
        for candidate in members:
            number += 1
            lines += candidate_text(number, candidate, catalogue, day_date(check))
        if not members:
            lines.append("  none")
    lines += [
        "",
        "To start a maker day with the ones you pick:",
        "  pipeline new makerday --challenge ID --challenge ID --challenge ID",
    ]
    return "\n".join(lines) + "\n"


def day_date(check: DayCheck | None) -> date | None:
    return check.makerday.starts.date() if check and check.makerday else None


def candidate_text(
    number: int, candidate: makerdays.Candidate, catalogue: Catalogue, day: date | None
) -> list[str]:
    project = candidate.project
    due = candidate.review_due
    before_day = " (before the day: ask the owners to confirm the entry)" if day and due <= day else ""
    return [
        f"{number:>3}. {project.title} ({project.id}), {project.phase}",
        f"     waited {candidate.waited_days} days since {candidate.waiting_since.isoformat()}; "
        f"{history_text(candidate)}; review due {due.isoformat()}{before_day}",
        f"     lead council: {catalogue.council_name(project.lead_council)}; contact: {contact_text(project)}",
    ]


def check_text(check: DayCheck, catalogue: Catalogue, today: date, policy: freshness.Policy) -> list[str]:
    makerday = check.makerday
    if makerday is None:
        lines = [f"Maker day {check.id} cannot be read until these problems are fixed:"]
        return lines + [f"  {problem_line(problem)}" for problem in check.problems] + [""]
    lines = [f"{makerday.title} ({makerday.id}): {makerdays.when_text(makerday)}, {makerday.timing(today)}"]
    lines.append(f"Challenges ({len(makerday.challenge_projects)}):")
    for index, project_id in enumerate(makerday.challenge_projects):
        project = catalogue.projects.get(project_id)
        state = (
            freshness.LABELS[freshness.state(project, today, policy)].lower() if project else "not a project"
        )
        found = check.challenge_problems(index)
        lines.append(f"  {index + 1}. {project_id}: {state}: {'OK' if not found else 'needs fixing'}")
        lines += [f"     {problem.severity}: {problem.message}" for problem in found]
    others = check.other_problems()
    if others:
        lines.append("Other problems in the file:")
        lines += [f"  {problem_line(problem)}" for problem in others]
    verdict = "some challenges break the rules" if has_errors(check.problems) else "the challenges pass"
    return lines + [f"Result: {verdict}.", ""]


# markdown -------------------------------------------------------------------


def markdown_report(
    candidates: list[makerdays.Candidate],
    check: DayCheck | None,
    catalogue: Catalogue,
    today: date,
    policy: freshness.Policy,
) -> str:
    lines = check_markdown(check) if check else []
    lines += [f"## Challenge shortlist, {weekday_date(today)}", ""]
    for group, heading in GROUP_HEADINGS.items():
        members = [candidate for candidate in candidates if candidate.group == group]
        lines += [f"### {heading}", ""]
        if not members:
            lines += ["None.", ""]
            continue
        lines += [
            "| Project | Id | Lead council | Contact | Waited | Before |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for candidate in members:
            project = candidate.project
            texts = [
                project.title,
                catalogue.council_name(project.lead_council),
                contact_text(project),
                f"{candidate.waited_days} days",
                history_text(candidate),
            ]
            cells = [cell(text) for text in texts]
            cells.insert(1, f"`{project.id}`")
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def check_markdown(check: DayCheck) -> list[str]:
    title = check.makerday.title if check.makerday else check.id
    lines = [f"## Checking {cell(title)}", ""]
    if not check.problems:
        return lines + ["The challenges pass the rules.", ""]
    lines += [
        f"- **{problem.severity}** {cell(problem.field or 'file')}: {cell(problem.message)}"
        for problem in check.problems
    ]
    return lines + [""]


# json -----------------------------------------------------------------------


def candidate_record(candidate: makerdays.Candidate, catalogue: Catalogue) -> dict[str, Any]:
    project = candidate.project
    contact = project.get("contacts", [{}])[0]
    return {
        "id": project.id,
        "title": project.title,
        "group": candidate.group,
        "phase": project.phase,
        "freshness": candidate.freshness,
        "review_due": candidate.review_due.isoformat(),
        "looking_for": project.get("looking_for", []),
        "lead_council": {"id": project.lead_council, "name": catalogue.council_name(project.lead_council)},
        "contact": {"role": contact.get("role"), "address": makerdays.contact_address(contact)},
        "waiting_since": candidate.waiting_since.isoformat(),
        "waited_days": candidate.waited_days,
        "challenge_before": [makerday.id for makerday in candidate.challenged_at],
        "source": project.source,
    }


def check_record(
    check: DayCheck, catalogue: Catalogue, today: date, policy: freshness.Policy
) -> dict[str, Any]:
    makerday = check.makerday
    challenges = []
    for index, project_id in enumerate(makerday.challenge_projects if makerday else []):
        project = catalogue.projects.get(project_id)
        challenges.append(
            {
                "project": project_id,
                "freshness": freshness.state(project, today, policy) if project else None,
                "problems": [problem.message for problem in check.challenge_problems(index)],
            }
        )
    return {
        "id": check.id,
        "title": makerday.title if makerday else None,
        "starts": makerday.starts.isoformat() if makerday else None,
        "timing": makerday.timing(today) if makerday else None,
        "valid": not has_errors(check.problems),
        "challenges": challenges,
        "problems": [asdict(problem) for problem in check.problems],
    }


def json_report(
    candidates: list[makerdays.Candidate],
    check: DayCheck | None,
    catalogue: Catalogue,
    today: date,
    policy: freshness.Policy,
) -> str:
    report = {
        "today": today.isoformat(),
        "makerday": check_record(check, catalogue, today, policy) if check else None,
        "candidates": [candidate_record(candidate, catalogue) for candidate in candidates],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
