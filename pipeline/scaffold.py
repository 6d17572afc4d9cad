"""New entries: the questions `pipeline new` asks, how each answer is understood, and the front matter
and body made from the answers.

Answers are read as people write them (council names, UK dates, web addresses without https://,
free-text tags) through pipeline.interpret, then checked against the field's schema, so a wrong answer
is put back to the person at once rather than written and reported afterwards. The body holds
prompts marked "[Replace this: ...]", which `pipeline validate` refuses (pipeline.rules) until
they are replaced with the team's own words.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import schemas
from .interpret import (
    Names,
    Reading,
    clean_pasted,
    name_words,
    read_date,
    read_list,
    read_tags,
    read_web_address,
    shown,
)
from .model import Project

if TYPE_CHECKING:
    from .catalogue import Catalogue
from .similarity import SIMILAR_THRESHOLD, closest, match_records
from .welsh import BODY_MARKER, WELSH


@dataclass(frozen=True)
class Question:
    """One field that `pipeline new` asks for; `path` is where it goes in the front matter."""

    flag: str
    path: tuple[str, ...]
    prompt: str
    required: bool = True
    many: bool = False
    default: str = ""
    # Where the schema for each answer is, when it is not `path` (or its list items).
    checked_at: tuple[str, ...] = ()

    @property
    def schema_path(self) -> tuple[str, ...]:
        return self.checked_at or self.path + (("*",) if self.many else ())


QUESTIONS = {
    "project": [
        Question("title", ("title",), "Project title"),
        Question("summary", ("summary",), "One-sentence summary of the problem it solves"),
        Question("lead-council", ("lead_council",), "Lead council (its name, like West Berkshire)"),
        Question("phase", ("phase",), "Phase"),
        Question("contact-role", ("contacts", "*", "role"), "Contact role", default="Digital team"),
        Question("contact-email", ("contacts", "*", "email"), "Contact email (a team mailbox is best)"),
        Question("looking-for", ("looking_for",), "What you are looking for", required=False, many=True),
        Question("service-area", ("service_areas",), "Service areas", required=False, many=True),
        Question("tag", ("tags",), "Tags", required=False, many=True),
        Question("started", ("started",), "When it started (a date, like 25/03/2026)", required=False),
    ],
    "makerday": [
        Question("title", ("title",), "Maker day title"),
        Question("summary", ("summary",), "One-sentence summary", required=False),
        Question("starts", ("starts",), "Starts (date and UK time, like 25/03/2027 09:30)"),
        Question("ends", ("ends",), "Ends (date and UK time, like 25/03/2027 16:30)"),
        Question("format", ("format",), "Format"),
        Question("host-council", ("host_council",), "Host council (its name)"),
        Question("venue-name", ("venue", "name"), "Venue name (leave blank if online)", required=False),
        Question("venue-town", ("venue", "town"), "Venue town", required=False),
        Question("registration-url", ("registration_url",), "Registration page (https://…)", required=False),
        Question(
            "challenge",
            ("challenges",),
            "Challenge projects (their titles)",
            required=False,
            many=True,
            checked_at=("challenges", "*", "project"),
        ),
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
# A prompt in a new entry, for its team to replace with their own words; `pipeline validate` refuses
# an entry that still has one.
PROMPT = "[Replace this: {}]"
PROMPT_PATTERN = re.compile(r"\[Replace this:[^\]\n]*\]?", re.IGNORECASE)
BODIES = {
    "project": "## The problem\n\n"
    + PROMPT.format("what problem are you solving, and for whom?")
    + "\n\n## What we are doing\n\n"
    + PROMPT.format("what you have done so far and what comes next.")
    + "\n\n## How others can help\n\n"
    + PROMPT.format("what a partner council could bring.")
    + "\n",
    "makerday": "## About the day\n\n"
    + PROMPT.format("who it is for, what will happen and how to take part.")
    + "\n",
    "council": "",
}
CHALLENGE_BRIEF = PROMPT.format("what the teams are asked to do.")
# The Welsh part of a new entry of a council whose entries must be bilingual (pipeline.welsh): the
# same headings as the English body, in Welsh, each with a prompt.
WELSH_BODIES = {
    "project": "## Y broblem\n\n"
    + PROMPT.format("the problem and who it is for, in Welsh.")
    + "\n\n## Beth rydyn ni'n ei wneud\n\n"
    + PROMPT.format("what you are doing, in Welsh.")
    + "\n\n## Sut gall eraill helpu\n\n"
    + PROMPT.format("how others can help, in Welsh.")
    + "\n",
    "makerday": "## Am y diwrnod\n\n" + PROMPT.format("about the day, in Welsh.") + "\n",
}
WELSH_FIELD_PROMPTS = {
    "title": PROMPT.format("the title in Welsh"),
    "summary": PROMPT.format("the summary in Welsh"),
}
# "25/03/2027 09:30", "2027-03-25 9.30", "25 March 2027, 09:30": a date, then a 24-hour time.
_DATE_AND_TIME = re.compile(r"^(?P<date>.*?)[\s,T]+(?P<hour>[0-9]{1,2})[:.](?P<minute>[0-9]{2})\Z")
# Most similar projects shown before a new one is written.
MOST_SIMILAR = 3


def choices(kind: str, question: Question) -> list[str]:
    return [value for value, _ in schemas.options(schemas.field_schema(kind, question.schema_path))]


# Understanding answers ----------------------------------------------------------------------


def read_answer(
    kind: str, question: Question, answer: str | list[str], names: Mapping[str, Names]
) -> Reading[Any]:
    """The front matter value for what was typed (or given as flags), or the problem to ask about.

    `names` finds councils and projects by name, by content folder.
    """
    if not question.many:
        return read_value(
            kind, question.schema_path, answer if isinstance(answer, str) else ", ".join(answer), names
        )
    texts = [item for text in ([answer] if isinstance(answer, str) else answer) for item in read_list(text)]
    if question.path == ("tags",):
        return _checked_items(kind, question.schema_path, read_tags(", ".join(texts)))
    values = []
    for text in texts:
        reading = read_value(kind, question.schema_path, text, names)
        if not reading.ok:
            return reading
        values.append(reading.value)
    return Reading.understood(list(dict.fromkeys(values)))


def read_value(kind: str, path: tuple[str, ...], text: str, names: Mapping[str, Names]) -> Reading[Any]:
    """One answer read as its field wants it: a name, a choice, a date, a web address or text."""
    node = schemas.field_schema(kind, path)
    folder = schemas.reference_fields(kind).get(path)
    if folder:
        reading = names[folder].find(text)
    elif schemas.options(node):
        reading = read_choice(text, schemas.options(node))
    elif node.get("format") == "date":
        reading = read_date(text)
    elif node.get("format") == "pipeline-date-time":
        reading = read_date_time(text)
    elif node.get("pattern", "").startswith("^https://"):
        reading = read_web_address(text)
    else:
        reading = Reading.understood(" ".join(clean_pasted(text).split()))
    return _checked(kind, node, text, reading.value) if reading.ok else reading


def read_choice(text: str, options: list[tuple[str, str]]) -> Reading[str]:
    """The value of a choice given as its value or its label, in any case and punctuation."""
    wanted = " ".join(name_words(text))
    for value, label in options:
        if wanted in (" ".join(name_words(value)), " ".join(name_words(label))):
            return Reading.understood(value)
    values = [value for value, _ in options]
    close = difflib.get_close_matches(text.strip().lower(), values, n=1, cutoff=0.6)
    nudge = f"did you mean {close[0]}? " if close else ""
    return Reading.ask(f"{shown(text)} is not one of the choices; {nudge}choose one of: {', '.join(values)}")


def read_date_time(text: str) -> Reading[str]:
    """A date as UK people write it followed by a 24-hour time, as "YYYY-MM-DD HH:MM"."""
    answer = " ".join(clean_pasted(text).split())
    try:
        schemas.parse_date_time(answer)
        return Reading.understood(answer)
    except ValueError:
        pass
    parts = _DATE_AND_TIME.match(answer)
    if not parts:
        return Reading.ask(
            f"give the date and then the time of day, like 25/03/2027 09:30, not {shown(answer)}"
        )
    day = read_date(parts["date"])
    hour, minute = int(parts["hour"]), int(parts["minute"])
    if not day.ok:
        return day
    if hour > 23 or minute > 59:
        return Reading.ask(f"{shown(answer)} has no such time of day; write it like 09:30 or 16:00")
    return Reading.understood(f"{day.value} {hour:02d}:{minute:02d}")


def _checked_items(kind: str, path: tuple[str, ...], values: list[str]) -> Reading[Any]:
    for value in values:
        reading = _checked(kind, schemas.field_schema(kind, path), value, value)
        if not reading.ok:
            return reading
    return Reading.understood(values)


def _checked(kind: str, node: schemas.SchemaNode, text: str, value: Any) -> Reading[Any]:
    """The value if it fits its schema; otherwise what to write instead, from the schema's hint."""
    error = next(schemas.validator(kind).evolve(schema=node).iter_errors(value), None)
    if error is None:
        return Reading.understood(value)
    if error.validator == "minLength":
        return Reading.ask("this one cannot be empty")
    if error.validator == "maxLength":
        return Reading.ask(
            f"{shown(text)} is {len(value)} characters long; shorten it to {error.validator_value} or fewer"
        )
    return Reading.ask(f"{shown(text)} is not valid; {node.get('x-hint') or 'check how it is written'}")


def similar_projects(catalogue: Catalogue, entry_id: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The existing projects most like a new one, as similarity.match_records gives them."""
    candidate = Project(entry_id, "", Path(), data)
    found = closest(catalogue.projects.values(), candidate, MOST_SIMILAR, SIMILAR_THRESHOLD)
    return match_records(catalogue, found)


def prompts_left(text: str) -> list[tuple[int, int, str]]:
    """(line, column, prompt) for each prompt still in a text, both counted from 1."""
    if not PROMPT_PATTERN.search(text):  # nearly every entry: one scan, not one per line
        return []
    return [
        (number, found.start() + 1, found.group())
        for number, line in enumerate(text.split("\n"), start=1)
        for found in PROMPT_PATTERN.finditer(line)
    ]


def front_matter(kind: str, values: dict[str, object], today: date) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for question in QUESTIONS[kind]:
        if question.flag in values:
            put_at(data, question.path, values[question.flag])
    if kind == "project":
        data["last_reviewed"] = today.isoformat()
    if kind == "makerday":
        data["status"] = "scheduled"
        data["challenges"] = [
            {"project": project_id, "brief": CHALLENGE_BRIEF} for project_id in data.get("challenges", [])
        ]
        if not data["challenges"]:
            del data["challenges"]
    return data


def must_be_bilingual(catalogue: Catalogue, data: dict[str, Any]) -> bool:
    """Whether a new entry's lead or host council says that its entries must carry Welsh text."""
    council_id = data.get("lead_council") or data.get("host_council")
    council = catalogue.councils.get(council_id) if isinstance(council_id, str) else None
    return bool(council and council.bilingual)


def with_welsh_prompts(kind: str, data: dict[str, Any], body: str) -> tuple[dict[str, Any], str]:
    """A new entry's front matter with a cy: block of prompts after its English texts, and its body
    with a "# Cymraeg" part of prompts: `pipeline validate` refuses it until they are replaced."""
    block = {name: prompt for name, prompt in WELSH_FIELD_PROMPTS.items() if name in data}
    after = max(list(data).index(name) for name in block)
    items = list(data.items())
    front = dict(items[: after + 1] + [(WELSH, block)] + items[after + 1 :])
    return front, f"{body.rstrip()}\n\n{BODY_MARKER}\n\n{WELSH_BODIES[kind]}"


def put_at(data: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    head, rest = path[0], path[1:]
    if rest and rest[0] == "*":
        items = data.setdefault(head, [{}])
        put_at(items[0], rest[1:], value)
    elif rest:
        put_at(data.setdefault(head, {}), rest, value)
    else:
        data[head] = value
