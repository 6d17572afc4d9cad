"""`pipeline new`: start a valid council, project or maker day file, by prompts or by flags."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import schemas
from .catalogue import load_catalogue
from .options import EXIT_INVALID, EXIT_OK, UsageError, add_content_option, add_today_option, today_from
from .problems import format_text, has_errors
from .validation import check_file_name
from .writer import create_entry_file, slugify


@dataclass(frozen=True)
class Question:
    """One field that `pipeline new` asks for; `path` is where it goes in the front matter."""

    flag: str
    path: tuple[str, ...]
    prompt: str
    required: bool = True
    many: bool = False
    default: str = ""


QUESTIONS = {
    "project": [
        Question("title", ("title",), "Project title"),
        Question("summary", ("summary",), "One-sentence summary of the problem it solves"),
        Question("lead-council", ("lead_council",), "Lead council id (its file name in content/councils)"),
        Question("phase", ("phase",), "Phase"),
        Question("contact-role", ("contacts", "*", "role"), "Contact role", default="Digital team"),
        Question("contact-email", ("contacts", "*", "email"), "Contact email (a team mailbox is best)"),
        Question("looking-for", ("looking_for",), "What you are looking for", required=False, many=True),
        Question("service-area", ("service_areas",), "Service areas", required=False, many=True),
        Question("tag", ("tags",), "Tags", required=False, many=True),
    ],
    "makerday": [
        Question("title", ("title",), "Maker day title"),
        Question("summary", ("summary",), "One-sentence summary", required=False),
        Question("starts", ("starts",), "Starts (YYYY-MM-DD HH:MM, UK time)"),
        Question("ends", ("ends",), "Ends (YYYY-MM-DD HH:MM, UK time)"),
        Question("format", ("format",), "Format"),
        Question("host-council", ("host_council",), "Host council id"),
        Question("venue-name", ("venue", "name"), "Venue name (leave blank if online)", required=False),
        Question("venue-town", ("venue", "town"), "Venue town", required=False),
        Question("registration-url", ("registration_url",), "Registration page (https://…)", required=False),
        Question("challenge", ("challenges",), "Challenge project ids", required=False, many=True),
    ],
    "council": [
        Question("name", ("name",), "Council name, like West Berkshire"),
        Question("gss-code", ("gss_code",), "GSS code, like E06000037"),
        Question("type", ("type",), "Type of council"),
        Question("nation", ("nation",), "Nation"),
        Question("region", ("region",), "Region (England only)", required=False),
        Question("website", ("website",), "Website (https://…)"),
    ],
}
ID_SOURCE = {"project": "title", "makerday": "title", "council": "name"}
FOLDER = {"project": "projects", "makerday": "makerdays", "council": "councils"}
BODIES = {
    "project": "## The problem\n\nWhat problem are you solving, and for whom?\n\n"
    "## What we are doing\n\nWhat you have done so far and what comes next.\n\n"
    "## How others can help\n\nWhat a partner council could bring.\n",
    "makerday": "## About the day\n\nWho it is for, what will happen and how to take part.\n",
    "council": "",
}


def register(commands) -> None:
    parser = commands.add_parser("new", help="start a new project, maker day or council file")
    parser.add_argument("kind", choices=list(QUESTIONS))
    add_content_option(parser)
    add_today_option(parser)
    parser.add_argument("--id", help="the entry id and file name (default: made from the title or name)")
    flags = {question.flag: question.many for kind in QUESTIONS.values() for question in kind}
    for flag, many in flags.items():
        parser.add_argument(f"--{flag}", action="append" if many else None)
    parser.add_argument(
        "--no-input", action="store_true", help="never prompt; fail if a required value is missing"
    )
    parser.set_defaults(func=run_new)


def choices(kind: str, question: Question) -> list[str]:
    node = schemas.field_schema(kind, question.path + (("*",) if question.many else ()))
    return [value for value, _ in schemas.options(node)]


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


def answers(kind: str, args, interactive: bool) -> dict[str, object]:
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


def front_matter(kind: str, values: dict[str, object], today: date) -> dict:
    data: dict = {}
    for question in QUESTIONS[kind]:
        if question.flag in values:
            put_at(data, question.path, values[question.flag])
    if kind == "project":
        data["last_reviewed"] = today.isoformat()
    if kind == "makerday":
        data["status"] = "scheduled"
        data["challenges"] = [
            {"project": project_id, "brief": "What the teams are asked to do."}
            for project_id in data.get("challenges", [])
        ]
        if not data["challenges"]:
            del data["challenges"]
    return data


def put_at(data: dict, path: tuple, value) -> None:
    head, rest = path[0], path[1:]
    if rest and rest[0] == "*":
        items = data.setdefault(head, [{}])
        put_at(items[0], rest[1:], value)
    elif rest:
        put_at(data.setdefault(head, {}), rest, value)
    else:
        data[head] = value


def run_new(args) -> int:
    interactive = not args.no_input and sys.stdin.isatty()
    values = answers(args.kind, args, interactive)
    entry_id = args.id or slugify(str(values[ID_SOURCE[args.kind]]))
    name_problem = check_file_name(f"{entry_id}.md")
    if name_problem:
        raise UsageError(f"{name_problem}; give the id with --id")
    path = args.content / FOLDER[args.kind] / f"{entry_id}.md"
    if path.exists():
        raise UsageError(f"{path} already exists; choose another --id or edit that file")
    today = today_from(args)
    create_entry_file(path, front_matter(args.kind, values, today), BODIES[args.kind])
    print(f"created {path}")
    _, problems = load_catalogue(args.content, today)
    problems = [problem for problem in problems if Path(problem.path).resolve() == path.resolve()]
    sys.stdout.write(format_text(problems))
    if has_errors(problems):
        print("Fix the problems above in the new file, then run: pipeline validate", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK
