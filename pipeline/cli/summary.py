"""`pipeline summary`: a pull request's changes to the catalogue, in Markdown, for the check's summary."""

from __future__ import annotations

import argparse
import sys

from ..changes import GitError, changes_since, summary_markdown
from .options import EXIT_OK, Judging, UsageError, add_settings_options


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "summary", help="describe a pull request's changes to the catalogue in Markdown (always exits 0)"
    )
    parser.add_argument(
        "--base", required=True, help="the commit to compare with, like origin/main or HEAD^1"
    )
    add_settings_options(parser, "Pelican settings file, for the review policy")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    judging = Judging(args)
    try:
        changes = changes_since(args.base, judging.content)
    except GitError as error:
        raise UsageError(str(error)) from None
    sys.stdout.write(summary_markdown(changes, judging.content, judging.today, judging.policy))
    return EXIT_OK
