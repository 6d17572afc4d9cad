"""New entries: the questions `pipeline new` asks, and the front matter and body made from the answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from . import schemas


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
BODIES = {
    "project": "## The problem\n\nWhat problem are you solving, and for whom?\n\n"
    "## What we are doing\n\nWhat you have done so far and what comes next.\n\n"
    "## How others can help\n\nWhat a partner council could bring.\n",
    "makerday": "## About the day\n\nWho it is for, what will happen and how to take part.\n",
    "council": "",
}


def choices(kind: str, question: Question) -> list[str]:
    node = schemas.field_schema(kind, question.path + (("*",) if question.many else ()))
    return [value for value, _ in schemas.options(node)]


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
            {"project": project_id, "brief": "What the teams are asked to do."}
            for project_id in data.get("challenges", [])
        ]
        if not data["challenges"]:
            del data["challenges"]
    return data


def put_at(data: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    head, rest = path[0], path[1:]
    if rest and rest[0] == "*":
        items = data.setdefault(head, [{}])
        put_at(items[0], rest[1:], value)
    elif rest:
        put_at(data.setdefault(head, {}), rest, value)
    else:
        data[head] = value
