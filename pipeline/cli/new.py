"""`pipeline new`: start a council, project or maker day file, by prompts or by flags.

Each answer is checked as it is given, and asked again if it cannot be used; councils and projects
may be named as people name them. Before a project is written, the projects most like it are shown,
since joining one may be better than starting another.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..catalogue import Catalogue, load_catalogue
from ..interpret import CouncilNames, Names, ProjectNames
from ..model import FOLDER_OF_KIND
from ..problems import format_text, has_errors
from ..rules import is_prompt_left
from ..scaffold import (
    BODIES,
    ID_SOURCE,
    QUESTIONS,
    Question,
    choices,
    front_matter,
    must_be_bilingual,
    read_answer,
    similar_projects,
    with_welsh_prompts,
)
from ..validation import check_file_name
from ..writer import create_entry_file, slugify
from .options import EXIT_INVALID, EXIT_OK, Judging, UsageError, add_settings_options

YES = ("y", "yes")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("new", help="start a new project, maker day or council file")
    parser.add_argument("kind", choices=list(QUESTIONS))
    add_settings_options(parser, "Pelican settings file, for the content folder and the review policy")
    parser.add_argument("--id", help="the entry id and file name (default: made from the title or name)")
    flags = {question.flag: question.many for kind in QUESTIONS.values() for question in kind}
    for flag, many in flags.items():
        parser.add_argument(f"--{flag}", action="append" if many else "store")
    parser.add_argument(
        "--no-input",
        action="store_true",
        help="never prompt: fail if a value is missing or cannot be used, and list similar projects without asking",
    )
    parser.set_defaults(func=run)


def typed(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:
        raise UsageError(f"no answer for {prompt.rstrip(': ')!r}; nothing was written") from None


def ask(kind: str, question: Question, names: dict[str, Names]) -> Any:
    """Ask until the answer can be used; a blank answer takes the default or skips an optional one."""
    allowed = choices(kind, question)
    hint = f" [{', '.join(allowed)}]" if allowed else ""
    hint += " (comma-separated)" if question.many else ""
    default = f" ({question.default})" if question.default else ""
    while True:
        answer = typed(f"{question.prompt}{hint}{default}: ") or question.default
        if not answer:
            if not question.required:
                return None
            print("  This one is needed.")
            continue
        reading = read_answer(kind, question, answer, names)
        if reading.ok:
            return reading.value
        print(f"  {capitalised(reading.problem or '')}")


def answers(
    kind: str, args: argparse.Namespace, interactive: bool, names: dict[str, Names]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    missing, refused = [], []
    for question in QUESTIONS[kind]:
        given = getattr(args, question.flag.replace("-", "_"))
        if given is None and not interactive:
            given = question.default
        if given:
            reading = read_answer(kind, question, given, names)
            if reading.ok:
                values[question.flag] = reading.value
                continue
            if not interactive:
                refused.append(f"--{question.flag}: {reading.problem}")
                continue
            print(f"{question.prompt}: {capitalised(reading.problem or '')}")
        if interactive:
            value = ask(kind, question, names)
            if value:
                values[question.flag] = value
        elif question.required:
            missing.append(f"--{question.flag}")
    if missing:
        refused.insert(0, f"missing {', '.join(missing)} (or run without --no-input to be asked)")
    if refused:
        raise UsageError("; ".join(refused))
    return values


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def names_in(catalogue: Catalogue) -> dict[str, Names]:
    return {
        "councils": CouncilNames.from_catalogue(catalogue),
        "projects": ProjectNames.from_catalogue(catalogue),
    }


def go_on_despite_similar(found: list[dict[str, Any]], interactive: bool) -> bool:
    """Show the projects most like the new one; ask whether to write it anyway (yes without input)."""
    if not found:
        return True
    print("Projects like this one are already in Pipeline; your council could join one instead:")
    for match in found:
        flag = " (possible duplicate)" if match["possible_duplicate"] else ""
        print(f"  - {match['title']}, led by {match['lead_council_name']}: {match['path']}{flag}")
    if not interactive:
        return True
    return typed("Write the new project anyway? [y/N]: ").lower() in YES


def run(args: argparse.Namespace) -> int:
    interactive = not args.no_input and sys.stdin.isatty()
    judging = Judging(args)
    catalogue, _ = load_catalogue(judging.content, judging.today, judging.policy)
    values = answers(args.kind, args, interactive, names_in(catalogue))
    entry_id = args.id or slugify(str(values[ID_SOURCE[args.kind]]))
    name_problem = check_file_name(f"{entry_id}.md")
    if name_problem:
        raise UsageError(f"{name_problem}; give the id with --id")
    path = judging.content / FOLDER_OF_KIND[args.kind] / f"{entry_id}.md"
    if path.exists():
        raise UsageError(f"{path} already exists; choose another --id or edit that file")
    data = front_matter(args.kind, values, judging.today)
    if args.kind == "project" and not go_on_despite_similar(
        similar_projects(catalogue, entry_id, data), interactive
    ):
        print("Nothing was written. To join a project, use Join this project on its page.")
        return EXIT_OK
    body = BODIES[args.kind]
    if must_be_bilingual(catalogue, data):
        data, body = with_welsh_prompts(args.kind, data, body)
    create_entry_file(path, data, body)
    print(f"created {path}")
    return report(judging, path)


def report(judging: Judging, path: Path) -> int:
    """List the new file's problems, and say which prompts to replace before it can be published."""
    _, problems = load_catalogue(judging.content, judging.today, judging.policy)
    problems = [problem for problem in problems if Path(problem.path).resolve() == path.resolve()]
    prompts = [problem for problem in problems if is_prompt_left(problem)]
    others = [problem for problem in problems if not is_prompt_left(problem)]
    sys.stdout.write(format_text(others))
    if prompts:
        print(
            f"Next: open {path} and replace each [Replace this: ...] line with your own words "
            "(pipeline validate will not publish it until you do), then run: pipeline validate"
        )
    if has_errors(others):
        print("Fix the problems above in the new file, then run: pipeline validate", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK
