"""The `pipeline` command: one module per command, each with `register(commands)` and `run(args)`."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Iterator

from ..loader import ReadingFailed
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

DEBUG_VARIABLE = "PIPELINE_DEBUG"

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
    except Exception as error:  # any other is a bug: say so, never with a bare traceback
        report_bug(error)
        return EXIT_USAGE


def report_bug(error: Exception) -> None:
    """Say that an unexpected error is a bug, and which file was being read; the traceback is shown
    only when PIPELINE_DEBUG is set, for whoever looks into it."""
    failed = next((each for each in _causes(error) if isinstance(each, ReadingFailed)), None)
    where = f", saying it happened while reading {failed.source}" if failed else ""
    cause = failed.__cause__ if failed and failed.__cause__ else error
    print(
        f"pipeline: this is a bug in Pipeline; please report it{where} ({type(cause).__name__})",
        file=sys.stderr,
    )
    if os.environ.get(DEBUG_VARIABLE):
        traceback.print_exception(error, file=sys.stderr)
    else:
        print(f"pipeline: run again with {DEBUG_VARIABLE}=1 to see the details to report", file=sys.stderr)


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
