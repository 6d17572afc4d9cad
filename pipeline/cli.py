"""The `pipeline` command: validate, scaffold and import catalogue entries."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import (
    build,
    challenges,
    changes,
    councils_import,
    forms,
    intake,
    links,
    reminders,
    scaffold,
    similar,
    stale,
)
from .catalogue import load_catalogue
from .options import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_content_option,
    add_today_option,
    content_dir,
    folder_of,
)
from .problems import format_github, format_json, format_text, has_errors, summary

# validate ------------------------------------------------------------------


def register_validate(commands) -> None:
    parser = commands.add_parser(
        "validate", help="check the catalogue (or some files in it) and report problems"
    )
    add_content_option(parser)
    add_today_option(parser)
    parser.add_argument("files", nargs="*", type=Path, help="only report on these files")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.set_defaults(func=run_validate)


def run_validate(args) -> int:
    content = content_dir(args)
    for path in args.files:
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
    named = [(folder_of(path, content), path) for path in args.files]
    _, problems = load_catalogue(content, args.today, extra_files=named)
    if named:
        wanted = {path.resolve() for _, path in named}
        problems = [problem for problem in problems if Path(problem.path).resolve() in wanted]
    sys.stdout.write(format_json(problems) if args.format == "json" else format_text(problems))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # Annotations go beside the report; stderr keeps JSON output parseable.
        (sys.stdout if args.format == "text" else sys.stderr).write(format_github(problems))
    if args.format == "text":
        verdict = "invalid" if has_errors(problems) else "valid"
        print(f"{verdict}: {summary(problems)}", file=sys.stderr)
    return EXIT_INVALID if has_errors(problems) else EXIT_OK


# main ----------------------------------------------------------------------

COMMANDS = [
    register_validate,
    scaffold.register,
    councils_import.register,
    challenges.register,
    forms.register,
    intake.register,
    changes.register,
    links.register,
    build.register,
    similar.register,
    stale.register,
    reminders.register,
]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="pipeline", description="Pipeline: the catalogue of council digital projects."
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in COMMANDS:
        register(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as error:
        print(f"pipeline: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"pipeline: error: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
