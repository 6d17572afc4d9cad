"""`pipeline intake`: turn a submitted issue form into an entry file, or explain what to fix."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..intake import (
    FORM_OF_KIND,
    IntakeError,
    commit_message,
    join_comment,
    problems_comment,
    read_submission,
    write_entry,
)
from .options import EXIT_INVALID, EXIT_OK, Judging, add_settings_options


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "intake", help="turn a submitted issue form into an entry file, or explain what to fix"
    )
    parser.add_argument("--issue-body", type=Path, required=True, help="a file holding the issue's body")
    parser.add_argument("--kind", choices=list(FORM_OF_KIND), default="project")
    add_settings_options(parser, "Pelican settings file, for the content folder and the review policy")
    parser.add_argument("--author", default="", help="the GitHub login of the issue's author")
    parser.add_argument("--author-id", type=int, help="their numeric GitHub user id, for Co-authored-by")
    parser.add_argument("--issue", type=int, help="the number of the issue the pull request closes")
    parser.add_argument("--message-file", type=Path, help="where to write the commit message")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the new file's path (for join, a comment) and exit 0; or print what to fix and exit 1."""
    judging = Judging(args)
    content, today = judging.content, judging.today
    text = args.issue_body.read_bytes().decode("utf-8", errors="replace")
    try:
        submission = read_submission(text, args.kind, today)
        if args.kind == "join":
            sys.stdout.write(join_comment(submission, content, today, judging.policy))
            return EXIT_OK
        path = write_entry(submission, content, today, judging.policy)
    except IntakeError as error:
        sys.stdout.write(problems_comment(error.notes, args.author))
        return EXIT_INVALID
    if args.message_file:
        message = commit_message(submission, args.issue, args.author, args.author_id)
        args.message_file.write_text(message, encoding="utf-8")
    print(path)
    return EXIT_OK
