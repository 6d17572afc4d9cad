"""`pipeline validate`: check the catalogue, or some files in it, and report every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalogue import load_catalogue
from ..problems import format_text, has_errors, summary
from .options import EXIT_INVALID, EXIT_OK, Judging, UsageError, add_settings_options, folder_of
from .reporting import JSON, TEXT, add_format_option, format_github, format_json, in_github_actions


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "validate", help="check the catalogue (or some files in it) and report problems"
    )
    add_settings_options(parser, "Pelican settings file, for the review policy")
    parser.add_argument("files", nargs="*", type=Path, help="only report on these files")
    add_format_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    judging = Judging(args)
    for path in args.files:
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
    named = [(folder_of(path, judging.content), path) for path in args.files]
    _, problems = load_catalogue(judging.content, judging.today, judging.policy, extra_files=named)
    if named:
        wanted = {path.resolve() for _, path in named}
        problems = [problem for problem in problems if Path(problem.path).resolve() in wanted]
    sys.stdout.write(format_json(problems) if args.format == JSON else format_text(problems))
    if in_github_actions():
        # Annotations go beside the report; stderr keeps JSON output parseable.
        (sys.stdout if args.format == TEXT else sys.stderr).write(format_github(problems))
    if args.format == TEXT:
        verdict = "invalid" if has_errors(problems) else "valid"
        print(f"{verdict}: {summary(problems)}", file=sys.stderr)
    return EXIT_INVALID if has_errors(problems) else EXIT_OK
