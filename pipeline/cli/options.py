"""Command-line options, exit statuses and usage errors shared by the `pipeline` commands."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from ..freshness import Policy
from ..model import FOLDERS
from ..settings import DEFAULT_SETTINGS, Settings, read_settings_file, settings_today

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments or unreadable input: exit status 2."""


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="the content folder (default: ./content)"
    )


def add_today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=iso_date, help="judge dates as if today were YYYY-MM-DD")


def add_settings_options(
    parser: argparse.ArgumentParser, settings_help: str = "Pelican settings file"
) -> None:
    """--settings, --content (PATH in the settings when not given) and --today."""
    parser.add_argument(
        "--settings",
        type=Path,
        help=f"{settings_help} (default: pelicanconf.py when there is one, else the built-in defaults)",
    )
    parser.add_argument("--content", type=Path, help="the content folder (default: PATH in the settings)")
    add_today_option(parser)


def checked_content(content: Path) -> Path:
    if not content.is_dir():
        raise UsageError(f"{content} is not a folder; give the content folder with --content")
    return content


def checked_settings_file(settings_file: Path | None) -> Path | None:
    """The settings file named, else pelicanconf.py when there is one, else None (the defaults)."""
    if settings_file is None:
        return DEFAULT_SETTINGS if DEFAULT_SETTINGS.is_file() else None
    if not settings_file.is_file():
        raise UsageError(f"{settings_file} is not a settings file; give one with --settings")
    return settings_file


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings named by the options of add_settings_options, with --content and --today applied."""
    if args.content is not None:
        checked_content(args.content)
    return read_settings_file(checked_settings_file(args.settings), args.content, args.today)


class Judging:
    """What a command that judges freshness needs, all read from one settings file: the content folder,
    "today" and the review policy."""

    def __init__(self, args: argparse.Namespace):
        self.settings = settings_from(args)
        self.content = checked_content(args.content or Path(os.path.relpath(self.settings["PATH"])))
        self.today = settings_today(self.settings)
        self.policy = Policy.from_settings(self.settings)


def folder_of(path: Path, content: Path) -> str:
    """Which kind of entry a file is, from the folder it is in."""
    folder = path.resolve().parent.name
    if folder not in FOLDERS:
        raise UsageError(
            f"{path} is not in a councils, projects or makerdays folder; put it in {content}/projects/ or similar"
        )
    return folder
