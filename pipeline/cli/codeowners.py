"""`pipeline codeowners`: write .github/CODEOWNERS from the councils' maintainers, or check it is current."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalogue import load_catalogue
from ..codeowners import CODEOWNERS, codeowners_text, read_existing
from .options import EXIT_INVALID, EXIT_OK, Judging, add_settings_options


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "codeowners",
        help="write .github/CODEOWNERS from the councils' maintainers",
        description="Give each council's entry and the projects it leads the council's maintainers as "
        "code owners. Only the part of the file below its generated-part line is rewritten.",
    )
    add_settings_options(parser, "Pelican settings file, for the repository and its content folder")
    parser.add_argument(
        "--file", type=Path, default=CODEOWNERS, help=f"the CODEOWNERS file (default: {CODEOWNERS})"
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if the file is out of date"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    judging = Judging(args)
    catalogue, _ = load_catalogue(judging.content, judging.today, judging.policy)
    existing = read_existing(args.file)
    wanted = codeowners_text(existing, catalogue, judging.settings)
    if wanted == existing:
        return EXIT_OK
    if args.check:
        print(
            f"{args.file} does not match the councils' maintainers; run: pipeline codeowners", file=sys.stderr
        )
        return EXIT_INVALID
    args.file.parent.mkdir(parents=True, exist_ok=True)
    args.file.write_text(wanted, encoding="utf-8", newline="\n")
    print(f"wrote {args.file}")
    return EXIT_OK
