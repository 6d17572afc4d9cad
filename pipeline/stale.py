"""`pipeline stale`: the projects whose owners need to confirm them, for people and for scripts."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from urllib.parse import quote

from . import freshness
from .build import DEFAULT_SETTINGS, read_build_settings
from .catalogue import load_catalogue, london_today
from .challenges import markdown_cell
from .makerdays import absolute_url, contact_address
from .options import EXIT_OK, add_today_option

GITHUB = "https://github.com"


def register(commands) -> None:
    parser = commands.add_parser(
        "stale",
        help="list the projects that are stale or due for review, with who to ask and where to edit",
        description="List the projects whose review is overdue (stale) or falls due soon (due), the longest "
        "overdue first, with their lead council, contacts and edit link. Always exits 0.",
    )
    parser.add_argument(
        "--settings",
        type=Path,
        default=DEFAULT_SETTINGS,
        help="Pelican settings file, for the review policy and links (default: pelicanconf.py)",
    )
    parser.add_argument("--content", type=Path, help="the content folder (default: PATH in the settings)")
    add_today_option(parser)
    parser.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    parser.set_defaults(func=run_stale)


def run_stale(args) -> int:
    settings = read_build_settings(args.settings, args.content, args.today)
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
        **freshness.record(found, site_url(settings, project.url)),
        "label": found.label,
        "lead_council_name": council.name if council else project.lead_council,
        "maintainers": council.get("maintainers", []) if council else [],
        "contacts": project.get("contacts", []),
        "edit_url": edit_url(settings, project),
    }


def settings_today(settings: dict) -> date:
    """The PIPELINE_TODAY setting when given (`--today` sets it), else the date in London."""
    fixed = settings.get("PIPELINE_TODAY")
    return date.fromisoformat(str(fixed)) if fixed else london_today()


def site_url(settings: dict, path: str) -> str:
    return absolute_url(settings.get("SITEURL", ""), path)


def edit_url(settings: dict, entry) -> str:
    """The GitHub page that edits the entry's file, as the site's "Edit this page" link."""
    source = f"{settings.get('GITHUB_CONTENT_PATH', 'content').strip('/')}/{entry.folder}/{entry.id}.md"
    return f"{GITHUB}/{settings['GITHUB_REPO']}/edit/{settings.get('GITHUB_BRANCH', 'main')}/{quote(source)}"


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
