"""`pipeline reminders`: plan and send the GitHub issues that ask owners to confirm their entries."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from ..reminders import PlanError, apply, check_plan, gh_commands, plan
from .options import EXIT_INVALID, EXIT_OK, UsageError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("reminders", help="plan and send review reminders as GitHub issues")
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


def read_json(path: Path) -> object:
    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"{path} is not JSON: {error}") from None


def run_plan(args: argparse.Namespace) -> int:
    stale, open_issues = read_json(args.stale), read_json(args.open_issues)
    if not isinstance(stale, dict) or not isinstance(stale.get("projects"), list) or "today" not in stale:
        raise UsageError(f"{args.stale} is not the output of `pipeline stale --format json`")
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
