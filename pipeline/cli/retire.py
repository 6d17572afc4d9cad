"""`pipeline retire`: retire a project nobody has answered for, as the review page suggests."""

from __future__ import annotations

import argparse
import sys

from .. import freshness
from ..catalogue import load_catalogue
from ..dates import long_date
from ..edits import EditError
from .options import EXIT_INVALID, EXIT_OK, Judging, UsageError, add_settings_options


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "retire",
        help="retire an unanswered project: set its phase to retired and add an update saying why",
        description="Retire a project that has been stale for longer than UNANSWERED_AFTER_DAYS: set its "
        'phase to retired and add an update dated today, "Archived: no response since <the day it was '
        "last confirmed>.\", changing no other line of its file. Prints the file's path. Exits 1, "
        "changing nothing, when the project is not unanswered.",
    )
    parser.add_argument("project", help="the project's id: its file name in the projects folder, without .md")
    add_settings_options(parser, "Pelican settings file, for the content folder and the review policy")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    judging = Judging(args)
    today, policy = judging.today, judging.policy
    catalogue, _ = load_catalogue(judging.content, today, policy)
    project = catalogue.projects.get(args.project)
    if project is None:
        raise UsageError(f'"{args.project}" is not a valid project in {judging.content}/projects/')
    if not freshness.is_unanswered(project, today, policy):
        since = long_date(policy.unanswered_from(project.last_reviewed))
        print(
            f"{project.source}: not retired: it was last confirmed on {long_date(project.last_reviewed)} "
            f"and counts as unanswered only from {since}",
            file=sys.stderr,
        )
        return EXIT_INVALID
    text = project.path.read_bytes().decode("utf-8")
    try:
        retired = freshness.retirement_edit(text, today, project.last_reviewed)
    except EditError as error:
        print(f"{project.source}: not retired: {error}; edit the file by hand", file=sys.stderr)
        return EXIT_INVALID
    project.path.write_bytes(retired.encode("utf-8"))
    print(project.source)
    return EXIT_OK
