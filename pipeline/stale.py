"""`pipeline stale`: the projects whose owners need to confirm them, for people and for scripts."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from . import freshness
from .catalogue import load_catalogue
from .challenges import markdown_cell
from .makerdays import contact_address
from .options import EXIT_OK, add_settings_options, settings_from
from .settings import confirm_url, edit_url, page_url, settings_today


def register(commands) -> None:
    parser = commands.add_parser(
        "stale",
        help="list the projects that are stale or due for review, with who to ask and where to edit",
        description="List the projects whose review is overdue (stale) or falls due soon (due), the longest "
        "overdue first, with their lead council, contacts and edit link. Always exits 0.",
    )
    add_settings_options(parser, "Pelican settings file, for the review policy and links")
    parser.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    parser.set_defaults(func=run_stale)


def run_stale(args) -> int:
    settings = settings_from(args)
    today = settings_today(settings)
    policy = freshness.Policy.from_settings(settings)
    catalogue, _ = load_catalogue(Path(settings["PATH"]), today)
    waiting = freshness.needing_review(freshness.reviews(catalogue.projects.values(), today, policy))
    records = [stale_record(item, catalogue, settings) for item in waiting]
    writers = {"text": text_report, "json": json_report, "markdown": markdown_report}
    sys.stdout.write(writers[args.format](records, today, policy))
    return EXIT_OK


def stale_record(found: freshness.Review, catalogue, settings: dict) -> dict:
    project = found.project
    council = catalogue.councils.get(project.lead_council)
    return {
        **freshness.record(found, page_url(settings, project.url)),
        "label": found.label,
        "lead_council_name": catalogue.council_name(project.lead_council),
        "maintainers": council.get("maintainers", []) if council else [],
        "contacts": project.get("contacts", []),
        "edit_url": edit_url(settings, project),
        "confirm_url": confirm_url(settings, project),
    }


def overdue_text(record: dict) -> str:
    days = record["days_overdue"]
    if days < 0:
        return f"due in {-days} day{'s' * (days != -1)}"
    return f"{days} day{'s' * (days != 1)} overdue"


def contacts_text(record: dict) -> str:
    return "; ".join(f"{contact['role']}: {contact_address(contact)}" for contact in record["contacts"])


def heading(records: list[dict], today: date, policy: freshness.Policy) -> str:
    count = len(records)
    return (
        f"{count} project{'s' * (count != 1)} stale or due for review on {today.isoformat()} "
        f"(reviews are needed every {policy.review_age_days} days, flagged {policy.warning_days} days ahead)"
    )


def text_report(records: list[dict], today: date, policy: freshness.Policy) -> str:
    lines = [heading(records, today, policy)]
    for record in records:
        lines += [
            "",
            f"{record['state']}: {record['title']} ({record['id']}), {overdue_text(record)}",
            f"  lead council: {record['lead_council_name']}; last reviewed {record['last_reviewed']}",
            f"  contacts: {contacts_text(record)}",
            f"  edit: {record['edit_url']}",
        ]
    return "\n".join(lines) + "\n"


def json_report(records: list[dict], today: date, policy: freshness.Policy) -> str:
    return json.dumps(freshness.report(today, policy, records), indent=2, ensure_ascii=False) + "\n"


def markdown_report(records: list[dict], today: date, policy: freshness.Policy) -> str:
    lines = [f"## {heading(records, today, policy)}", ""]
    if records:
        lines += [
            "| Project | State | Last reviewed | Overdue | Lead council | Contacts | Edit |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
    for record in records:
        cells = [
            f"[{markdown_cell(record['title'])}]({record['url']})",
            record["label"],
            record["last_reviewed"],
            overdue_text(record),
            markdown_cell(record["lead_council_name"]),
            markdown_cell(contacts_text(record)),
            f"[edit]({record['edit_url']})",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
