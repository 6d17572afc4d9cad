"""`pipeline intake`: turn a submitted issue form into an entry or a change to one, or explain what to fix."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..intake import KINDS, Context, IntakeError, commit_message, problems_comment, take_in
from .options import EXIT_INVALID, EXIT_OK, Judging, add_settings_options


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "intake", help="turn a submitted issue form into an entry or a change to one, or explain what to fix"
    )
    parser.add_argument("--issue-body", type=Path, required=True, help="a file holding the issue's body")
    parser.add_argument(
        "--kind",
        choices=KINDS,
        default="project",
        help="the form: project, council or makerday (add), join, or update (the update and confirm forms)",
    )
    add_settings_options(parser, "Pelican settings file, for the content folder and the review policy")
    parser.add_argument("--author", default="", help="the GitHub login of the issue's author")
    parser.add_argument("--author-id", type=int, help="their numeric GitHub user id, for Co-authored-by")
    parser.add_argument("--issue", type=int, help="the number of the issue the pull request closes")
    parser.add_argument("--message-file", type=Path, help="where to write the commit message")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): the entry's path, or for join the comment; "
        "json: the entry, the change, whether its owner confirmed it, the message and the comment",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the entry (or change it) and exit 0; or say what to fix and exit 1, writing nothing."""
    judging = Judging(args)
    context = Context(judging.content, judging.today, judging.policy, judging.settings)
    text = args.issue_body.read_bytes().decode("utf-8", errors="replace")
    try:
        outcome = take_in(text, args.kind, context, args.author)
    except IntakeError as error:
        comment = problems_comment(error.notes, args.author, args.kind)
        if args.format == "json":
            print(
                json.dumps(
                    {
                        "valid": False,
                        "change": None,
                        "entry": None,
                        "owner_confirmed": False,
                        "message": "",
                        "comment": comment,
                    },
                    indent=2,
                )
            )
        else:
            sys.stdout.write(comment)
        return EXIT_INVALID
    if outcome.change != "join":
        outcome.message = commit_message(outcome, args.kind, args.issue, args.author, args.author_id, context)
    if args.message_file and outcome.message:
        args.message_file.write_text(outcome.message, encoding="utf-8")
    if args.format == "json":
        print(json.dumps({"valid": True, **outcome.as_json()}, indent=2, ensure_ascii=False))
    elif outcome.change == "join":
        sys.stdout.write(outcome.comment)
    else:
        print(outcome.entry)
        if outcome.possible_duplicates:
            sys.stdout.write("\n" + outcome.comment)
    return EXIT_OK
