"""Command-line options and errors shared by the `pipeline` commands."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from .catalogue import FOLDERS

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments or unreadable input: exit status 2."""


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def add_content_option(parser) -> None:
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="the content folder (default: ./content)"
    )


def add_today_option(parser) -> None:
    parser.add_argument("--today", type=iso_date, help="judge dates as if today were YYYY-MM-DD")


def content_dir(args) -> Path:
    if not args.content.is_dir():
        raise UsageError(f"{args.content} is not a folder; give the content folder with --content")
    return args.content


def folder_of(path: Path, content: Path) -> str:
    """Which kind of entry a file is, from the folder it is in."""
    folder = path.resolve().parent.name
    if folder not in FOLDERS:
        raise UsageError(
            f"{path} is not in a councils, projects or makerdays folder; put it in {content}/projects/ or similar"
        )
    return folder
