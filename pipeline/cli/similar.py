"""`pipeline similar FILE`: the existing projects closest to a new or changed project, with a score.

A match scoring DUPLICATE_THRESHOLD or more is reported as a possible duplicate: a reason to talk to
that project's council before starting another. It is advice, so the command still exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..catalogue import display_path, load_catalogue
from ..loader import LoadError, load_file
from ..model import FOLDERS, Project
from ..problems import ERROR, Problem, format_text
from ..similarity import DUPLICATE_THRESHOLD, TOP, closest, match_records
from .options import EXIT_INVALID, EXIT_OK, Judging, UsageError, add_settings_options
from .reporting import JSON, add_format_option


def positive_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "similar",
        help="list the existing projects closest to a project file, flagging possible duplicates",
        description=f"A match scoring {DUPLICATE_THRESHOLD} or more (out of 1) is a possible duplicate.",
    )
    parser.add_argument("file", type=Path, help="the project file, new or changed")
    add_settings_options(parser, "Pelican settings file, for the content folder")
    parser.add_argument("--top", type=positive_number, default=TOP, help=f"how many to list (default: {TOP})")
    add_format_option(parser)
    parser.set_defaults(func=run)


def read_project(path: Path) -> Project:
    if not path.is_file():
        raise UsageError(f"{path} is not a file")
    if path.resolve().parent.name in set(FOLDERS) - {Project.folder}:
        raise UsageError(f"{path} is not a project; only projects can be compared")
    document = load_file(path)
    return Project(path.stem, display_path(path), path, document.data, document.body, document)


def format_matches(source: str, found: list[dict[str, Any]]) -> str:
    if not found:
        return f"No existing project shares any words with {source}.\n"
    lines = [f"Projects closest to {source} (score out of 1):"]
    for match in found:
        flag = "  possible duplicate" if match["possible_duplicate"] else ""
        lines.append(
            f"  {match['score']:.2f}  {match['id']}: {match['title']} ({match['lead_council_name']}){flag}"
        )
    duplicates = [match for match in found if match["possible_duplicate"]]
    if duplicates:
        names = ", ".join(match["id"] for match in duplicates)
        lines.append(
            f"Possible duplicate{'s' * (len(duplicates) > 1)}: {names}. "
            "Consider joining instead: talk to the lead council before starting a new project."
        )
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    judging = Judging(args)
    try:
        candidate = read_project(args.file)
    except LoadError as error:
        problem = Problem(display_path(args.file), error.line, error.column, ERROR, error.message)
        sys.stderr.write(format_text([problem]))
        return EXIT_INVALID
    catalogue, _ = load_catalogue(judging.content, judging.today, judging.policy)
    found = match_records(catalogue, closest(catalogue.projects.values(), candidate, top=args.top))
    if args.format == JSON:
        report = {"file": candidate.source, "duplicate_threshold": DUPLICATE_THRESHOLD, "matches": found}
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_matches(candidate.source, found))
    return EXIT_OK
