"""`pipeline new`: start a valid council, project or maker day file, by prompts or by flags."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalogue import load_catalogue
from ..model import FOLDER_OF_KIND
from ..problems import format_text, has_errors
from ..scaffold import BODIES, ID_SOURCE, QUESTIONS, Question, choices, front_matter
from ..validation import check_file_name
from ..writer import create_entry_file, slugify
from .options import EXIT_INVALID, EXIT_OK, Judging, UsageError, add_settings_options


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("new", help="start a new project, maker day or council file")
    parser.add_argument("kind", choices=list(QUESTIONS))
    add_settings_options(parser, "Pelican settings file, for the content folder and the review policy")
    parser.add_argument("--id", help="the entry id and file name (default: made from the title or name)")
    flags = {question.flag: question.many for kind in QUESTIONS.values() for question in kind}
    for flag, many in flags.items():
        parser.add_argument(f"--{flag}", action="append" if many else "store")
    parser.add_argument(
        "--no-input", action="store_true", help="never prompt; fail if a required value is missing"
    )
    parser.set_defaults(func=run)


def ask(kind: str, question: Question) -> str | list[str]:
    allowed = choices(kind, question)
    hint = f" [{', '.join(allowed)}]" if allowed else ""
    hint += " (comma-separated)" if question.many else ""
    default = f" ({question.default})" if question.default else ""
    while True:
        try:
            answer = input(f"{question.prompt}{hint}{default}: ").strip() or question.default
        except EOFError:
            raise UsageError(f"no answer for {question.prompt!r}; nothing was written") from None
        if answer or not question.required:
            return [part.strip() for part in answer.split(",") if part.strip()] if question.many else answer
        print("  This one is needed.")


def answers(kind: str, args: argparse.Namespace, interactive: bool) -> dict[str, object]:
    values = {}
    missing = []
    for question in QUESTIONS[kind]:
        given = getattr(args, question.flag.replace("-", "_"))
        if given is None and interactive:
            given = ask(kind, question)
        given = given if given is not None else question.default
        if given:
            values[question.flag] = given
        elif question.required:
            missing.append(f"--{question.flag}")
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (or run without --no-input to be asked)")
    return values


def run(args: argparse.Namespace) -> int:
    interactive = not args.no_input and sys.stdin.isatty()
    values = answers(args.kind, args, interactive)
    entry_id = args.id or slugify(str(values[ID_SOURCE[args.kind]]))
    name_problem = check_file_name(f"{entry_id}.md")
    if name_problem:
        raise UsageError(f"{name_problem}; give the id with --id")
    judging = Judging(args)
    path = judging.content / FOLDER_OF_KIND[args.kind] / f"{entry_id}.md"
    if path.exists():
        raise UsageError(f"{path} already exists; choose another --id or edit that file")
    create_entry_file(path, front_matter(args.kind, values, judging.today), BODIES[args.kind])
    print(f"created {path}")
    _, problems = load_catalogue(judging.content, judging.today, judging.policy)
    problems = [problem for problem in problems if Path(problem.path).resolve() == path.resolve()]
    sys.stdout.write(format_text(problems))
    if has_errors(problems):
        print("Fix the problems above in the new file, then run: pipeline validate", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK
