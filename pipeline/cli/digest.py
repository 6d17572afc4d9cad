"""`pipeline digest`: the community manager's week in Markdown, to paste into a newsletter."""

from __future__ import annotations

import argparse
import sys

from .. import freshness
from ..catalogue import load_catalogue
from ..digest import digest
from .options import EXIT_OK, Judging, add_settings_options


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "digest",
        help="print the week's digest in Markdown for a newsletter (always exits 0)",
        description="Print the catalogue in numbers, what changed in the last "
        f"{freshness.CHANGE_WINDOW_DAYS} days, the maker days coming up and the projects that need a hand "
        "(unanswered, with nobody left to answer, or past their end date), as Markdown.",
    )
    add_settings_options(parser, "Pelican settings file, for the review policy and links")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    judging = Judging(args)
    catalogue, _ = load_catalogue(judging.content, judging.today, judging.policy)
    board = freshness.dashboard(catalogue, judging.today, judging.policy)
    sys.stdout.write(digest(catalogue, board, judging.settings))
    return EXIT_OK
