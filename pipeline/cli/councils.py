"""`pipeline councils import`: create council entries from a register of UK local authorities."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalogue import load_catalogue, london_today
from ..councils_import import RegisterError, add_councils, read_register
from ..freshness import Policy
from .options import EXIT_OK, UsageError, add_content_option


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("councils", help="work with council entries")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    importer = actions.add_parser(
        "import", help="create council entries from a CSV register of UK local authorities"
    )
    importer.add_argument("csv_file", type=Path, metavar="FILE.csv")
    add_content_option(importer)
    importer.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        rows = read_register(args.csv_file)
    except RegisterError as error:
        raise UsageError(str(error)) from None
    # Only the councils already there matter here, not how fresh any project is.
    catalogue, _ = load_catalogue(args.content, london_today(), Policy())
    created, skipped = add_councils(rows, args.content, catalogue)
    print(f"created {created} council entries; {skipped} were already there", file=sys.stderr)
    return EXIT_OK
