"""`pipeline stale`: the projects whose owners need to confirm them, for people and for scripts."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from .. import freshness
from ..catalogue import load_catalogue
from ..gfm import cell, plural
from ..makerdays import contact_address
from ..reminders import review_record
from .options import EXIT_OK, Judging, add_settings_options
from .reporting import JSON, MARKDOWN, TEXT, add_format_option, write_report


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "stale",
        help="list the projects that are stale or due for review, with who to ask and where to edit",
        description="List the projects whose review is overdue (stale) or falls due soon (due), the longest "
        "overdue first, with their lead council, contacts and edit link. Always exits 0.",
    )
    add_settings_options(parser, "Pelican settings file, for the review policy and links")
    add_format_option(parser, (TEXT, JSON, MARKDOWN))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    judging = Judging(args)
    today, policy = judging.today, judging.policy
    catalogue, _ = load_catalogue(judging.content, today, policy)
    waiting = freshness.needing_review(freshness.reviews(catalogue.projects.values(), today, policy))
    records = [review_record(item, catalogue, judging.settings) for item in waiting]
    writers = {TEXT: text_report, JSON: json_report, MARKDOWN: markdown_report}
    write_report(writers, args.format, records, today, policy)
    return EXIT_OK


def overdue_text(record: dict[str, Any]) -> str:
    return freshness.overdue_text(record["days_overdue"])


def contacts_text(record: dict[str, Any]) -> str:
    return "; ".join(f"{contact['role']}: {contact_address(contact)}" for contact in record["contacts"])


def heading(records: list[dict[str, Any]], today: date, policy: freshness.Policy) -> str:
    return (
        f"{plural(len(records), 'project')} stale or due for review on {today.isoformat()} "
        f"(reviews are needed every {policy.review_age_days} days, flagged {policy.warning_days} days ahead)"
    )


def text_report(records: list[dict[str, Any]], today: date, policy: freshness.Policy) -> str:
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


def json_report(records: list[dict[str, Any]], today: date, policy: freshness.Policy) -> str:
    return json.dumps(freshness.report(today, policy, records), indent=2, ensure_ascii=False) + "\n"


def markdown_report(records: list[dict[str, Any]], today: date, policy: freshness.Policy) -> str:
    lines = [f"## {heading(records, today, policy)}", ""]
    if records:
        lines += [
            "| Project | State | Last reviewed | Overdue | Lead council | Contacts | Edit |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
    for record in records:
        cells = [
            f"[{cell(record['title'])}]({record['url']})",
            record["label"],
            record["last_reviewed"],
            overdue_text(record),
            cell(record["lead_council_name"]),
            cell(contacts_text(record)),
            f"[edit]({record['edit_url']})",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
