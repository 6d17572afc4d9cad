"""`pipeline reminders`: plan and send the GitHub issues that ask owners to confirm their entries, and
email the owners who are not on GitHub."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from ..gfm import plural
from ..mail import SmtpSettings, reminder_messages, send, smtp_settings_from_env, write_messages
from ..reminders import PlanError, apply, check_plan, gh_commands, plan
from ..settings import read_settings_file
from .options import EXIT_INVALID, EXIT_OK, UsageError, checked_settings_file


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "reminders", help="plan and send review reminders as GitHub issues, and email owners not on GitHub"
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    plan = actions.add_parser("plan", help="print the issues to create, update and close, as JSON")
    plan.add_argument(
        "--stale", type=Path, required=True, metavar="FILE", help="`pipeline stale --format json`"
    )
    plan.add_argument(
        "--open-issues",
        type=Path,
        required=True,
        metavar="FILE",
        help="open reminder issues from `gh issue list`",
    )
    plan.set_defaults(func=run_plan)
    apply = actions.add_parser("apply", help="carry out a plan with the gh command")
    apply.add_argument(
        "--plan", type=Path, required=True, metavar="FILE", help="the output of `reminders plan`"
    )
    apply.add_argument(
        "--repo", metavar="OWNER/NAME", help="the GitHub repository (default: gh's own choice)"
    )
    apply.add_argument("--dry-run", action="store_true", help="print the gh commands instead of running them")
    apply.set_defaults(func=run_apply)
    register_email(actions)


def register_email(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    email = actions.add_parser(
        "email",
        help="email each owner who is only an email address the projects they need to confirm",
        description="Send one plain-text email per owner with only an email address, through the mail "
        "server in the PIPELINE_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM and _STARTTLS environment "
        "variables. Without PIPELINE_SMTP_HOST (and without --dry-run) it sends nothing and says so.",
    )
    email.add_argument(
        "--stale", type=Path, required=True, metavar="FILE", help="`pipeline stale --format json`"
    )
    email.add_argument(
        "--settings",
        type=Path,
        help="Pelican settings file, for the community manager and the site's name "
        "(default: pelicanconf.py when there is one)",
    )
    email.add_argument(
        "--dry-run", type=Path, metavar="DIR", help="write each message to a file in DIR instead of sending"
    )
    email.set_defaults(func=run_email)


def read_json(path: Path) -> object:
    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"{path} is not JSON: {error}") from None


def read_stale(path: Path) -> dict[str, Any]:
    stale = read_json(path)
    if not isinstance(stale, dict) or not isinstance(stale.get("projects"), list) or "today" not in stale:
        raise UsageError(f"{path} is not the output of `pipeline stale --format json`")
    return stale


def run_plan(args: argparse.Namespace) -> int:
    stale, open_issues = read_stale(args.stale), read_json(args.open_issues)
    if not isinstance(open_issues, list):
        raise UsageError(f"{args.open_issues} is not a JSON list of issues")
    json.dump(plan(stale, open_issues), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK


def run_apply(args: argparse.Namespace) -> int:
    try:
        actions = check_plan(read_json(args.plan))
    except PlanError as error:
        raise UsageError(str(error)) from None
    if args.dry_run:
        for arguments, _ in gh_commands(actions, args.repo):
            print(shlex.join(arguments))
        return EXIT_OK
    return EXIT_INVALID if apply(actions, args.repo) else EXIT_OK


def run_email(args: argparse.Namespace) -> int:
    """Send the reminder emails, or write them to files; exit 1 if the server refused any."""
    stale = read_stale(args.stale)
    try:
        smtp = smtp_settings_from_env(os.environ)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if args.dry_run is not None:
        for path in write_messages(email_messages(args, stale, smtp), args.dry_run):
            print(f"wrote {path}")
        return EXIT_OK
    if smtp is None:
        print("Skipping email reminders: no mail server is set (PIPELINE_SMTP_HOST is empty).")
        return EXIT_OK
    messages = email_messages(args, stale, smtp)
    refused = send(messages, smtp)
    for sentence in refused:
        print(f"pipeline: {sentence}", file=sys.stderr)
    print(f"Sent {len(messages) - len(refused)} of {plural(len(messages), 'reminder email')}.")
    return EXIT_INVALID if refused else EXIT_OK


def email_messages(
    args: argparse.Namespace, stale: dict[str, Any], smtp: SmtpSettings | None
) -> list[EmailMessage]:
    """The messages to send, with a warning on standard error for each address that cannot be used."""
    settings = read_settings_file(checked_settings_file(args.settings))
    messages, warnings = reminder_messages(stale, settings, sender=smtp.sender if smtp else None)
    for warning in warnings:
        print(f"pipeline: {warning}", file=sys.stderr)
    return messages
