"""Command-line options and errors shared by the `pipeline` commands."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from .catalogue import FOLDERS, london_today
from .settings import DEFAULT_SETTINGS, read_settings_file

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


def add_settings_options(parser, settings_help: str = "Pelican settings file") -> None:
    """--settings, --content (PATH in the settings when not given) and --today."""
    parser.add_argument(
        "--settings", type=Path, default=DEFAULT_SETTINGS, help=f"{settings_help} (default: pelicanconf.py)"
    )
    parser.add_argument("--content", type=Path, help="the content folder (default: PATH in the settings)")
    add_today_option(parser)


def content_dir(args) -> Path:
    return checked_content(args.content)


def checked_content(content: Path) -> Path:
    if not content.is_dir():
        raise UsageError(f"{content} is not a folder; give the content folder with --content")
    return content


def today_from(args) -> date:
    """--today when given, else the date in London."""
    return args.today or london_today()


def checked_settings(
    settings_file: Path, content: Path | None, today: date | None, overrides: dict | None = None
) -> dict:
    """The settings file read with the content folder and "today" given; UsageError if either is missing."""
    if not settings_file.is_file():
        raise UsageError(f"{settings_file} is not a settings file; give one with --settings")
    if content is not None:
        checked_content(content)
    return read_settings_file(settings_file, content, today, overrides)


def settings_from(args) -> dict:
    """The settings named by the options of add_settings_options."""
    return checked_settings(args.settings, args.content, args.today)


def folder_of(path: Path, content: Path) -> str:
    """Which kind of entry a file is, from the folder it is in."""
    folder = path.resolve().parent.name
    if folder not in FOLDERS:
        raise UsageError(
            f"{path} is not in a councils, projects or makerdays folder; put it in {content}/projects/ or similar"
        )
    return folder
