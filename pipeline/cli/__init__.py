"""The `pipeline` command: one module per command, each with `register(commands)` and `run(args)`."""

from __future__ import annotations

import argparse
import sys

from . import (
    build,
    challenges,
    codeowners,
    councils,
    digest,
    forms,
    intake,
    links,
    new,
    reminders,
    retire,
    serve,
    similar,
    stale,
    summary,
    validate,
)
from .options import EXIT_USAGE, UsageError

COMMANDS = (
    validate,
    new,
    councils,
    challenges,
    forms,
    intake,
    summary,
    links,
    build,
    serve,
    similar,
    stale,
    reminders,
    digest,
    retire,
    codeowners,
)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="pipeline", description="Pipeline: the catalogue of council digital projects."
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        status: int = args.func(args)
        return status
    except (UsageError, OSError) as error:
        print(f"pipeline: error: {error}", file=sys.stderr)
        return EXIT_USAGE
