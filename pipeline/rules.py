"""Rules that look across entries: references, unique codes, dates that make sense."""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from . import freshness, personal, schemas, welsh
from .loader import reading
from .model import ENTRY_TYPES, LONDON, SKIPPED, Entry, MakerDay, Project, clock_change, instant, london_time
from .problems import ERROR, WARNING, Problem, field_name
from .scaffold import prompts_left

# How a problem about a prompt left from `pipeline new` begins (so `pipeline new` can tell it apart).
PROMPT_LEFT = "replace the prompt"

if TYPE_CHECKING:
    from .catalogue import Catalogue

FieldPath = tuple[str | int, ...]


def problem(entry: Entry, path: FieldPath, message: str, severity: str = ERROR) -> Problem:
    line, column = entry.position(*path)
    return Problem(entry.source, line, column, severity, message, field_name(path))


def values_at(data: Any, pattern: tuple[str, ...], prefix: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Yield (path, value) for a field pattern whose "*" stands for every list item."""
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for index, item in enumerate(data if isinstance(data, list) else ()):
            yield from values_at(item, rest, prefix + (index,))
    elif isinstance(data, dict) and head in data:
        yield from values_at(data[head], rest, prefix + (head,))


def check_references(catalogue: Catalogue, entry: Entry) -> Iterator[Problem]:
    for pattern, folder in schemas.reference_fields(entry.kind).items():
        known = catalogue.known_ids[folder]
        for path, value in values_at(entry.data, pattern):
            if isinstance(value, str) and value not in known:
                yield problem(entry, path, _unknown_reference(field_name(path), value, folder, known))


def _unknown_reference(name: str, value: str, folder: str, known: set[str]) -> str:
    noun = ENTRY_TYPES[folder].noun
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    nudge = f'did you mean "{close[0]}"? ' if close else ""
    return (
        f'{name} "{value}" is not a {noun} in content/{folder}/; {nudge}'
        f"use the file name of a {noun} there, without .md"
    )


def check_project(
    catalogue: Catalogue, project: Project, today: date, policy: freshness.Policy
) -> Iterator[Problem]:
    partners = project.get("partner_councils", [])
    seen: set[str] = set()
    for index, council_id in enumerate(partners):
        if council_id == project.lead_council:
            yield problem(
                project,
                ("partner_councils", index),
                f'"{council_id}" is the lead council; remove it from partner_councils',
            )
        elif council_id in seen:
            yield problem(
                project,
                ("partner_councils", index),
                f'"{council_id}" is listed twice in partner_councils; remove the repeat',
                WARNING,
            )
        seen.add(council_id)
    yield from _not_in_future(project, ("last_reviewed",), today)
    for index, _ in enumerate(project.get("updates", [])):
        yield from _not_in_future(project, ("updates", index, "date"), today)
    started, ends = project.get("started"), project.get("ends")
    if started and ends and ends < started:
        yield problem(project, ("ends",), f"ends ({ends}) is before started ({started}); check both dates")


def _not_in_future(entry: Entry, path: FieldPath, today: date) -> Iterator[Problem]:
    value = _at(entry.data, path)
    if value and date.fromisoformat(value) > today:
        yield problem(
            entry,
            path,
            f"{field_name(path)} {value} is in the future; use the date it happened (today is {today.isoformat()} or earlier)",
        )


def _at(data: Any, path: FieldPath) -> Any:
    for part in path:
        data = data[part]
    return data


def check_makerday(
    catalogue: Catalogue, makerday: MakerDay, today: date, policy: freshness.Policy
) -> Iterator[Problem]:
    for name in ("starts", "ends"):
        yield from _clock_change(makerday, name)
    if instant(makerday.data["ends"]) <= instant(makerday.data["starts"]):
        yield problem(makerday, ("ends",), "ends must be after starts; check the date and time of both")
    seen: set[str] = set()
    for index, project_id in enumerate(makerday.challenge_projects):
        if project_id in seen:
            yield problem(
                makerday,
                ("challenges", index, "project"),
                f'"{project_id}" is already a challenge on this day; list each project once',
            )
        seen.add(project_id)


def _clock_change(entry: Entry, name: str) -> Iterator[Problem]:
    """A UK time the clocks skip is refused; one they show twice is read as the first, and said so."""
    value: str = entry.data[name]
    change = clock_change(value)
    if change is None:
        return
    if change == SKIPPED:
        shown = instant(value).astimezone(LONDON).strftime("%Y-%m-%d %H:%M")
        yield problem(
            entry,
            (name,),
            f'{name} "{value}" is a time that never happens in the UK: the clocks go forward an hour that '
            f"night and skip it; write the time the clocks show at that moment, {shown}",
        )
        return
    first = london_time(value)
    yield problem(
        entry,
        (name,),
        f'{name} "{value}" happens twice in the UK, because the clocks go back an hour that night; Pipeline '
        f"reads it as the first time ({first.isoformat(timespec='minutes')}); if you mean the second, write "
        f"{first.replace(fold=1).isoformat(timespec='minutes')}",
        WARNING,
    )


def check_unique_gss_codes(councils: Iterable[Entry]) -> Iterator[Problem]:
    first_with_code: dict[str, Entry] = {}
    for council in councils:
        code = council.get("gss_code")
        if code in first_with_code:
            yield problem(
                council,
                ("gss_code",),
                f"gss_code {code} is already used by {first_with_code[code].source}; "
                "each council has its own code, so check which file is right",
            )
        else:
            first_with_code[code] = council


def check_former_ids(catalogue: Catalogue) -> Iterator[Problem]:
    """A former id leads to one entry only, and never to where another entry's page is."""
    claimed: dict[tuple[str, str], Entry] = {}
    for entry in catalogue.entries():
        for index, former_id in enumerate(entry.get("former_ids", [])):
            path = ("former_ids", index)
            key = (entry.folder, former_id)
            if former_id == entry.id:
                yield problem(
                    entry, path, f'"{former_id}" is this {entry.noun}\'s own id; remove it from former_ids'
                )
            elif former_id in catalogue.known_ids[entry.folder]:
                yield problem(
                    entry,
                    path,
                    f'"{former_id}" is the id of content/{entry.folder}/{former_id}.md, so its address cannot '
                    f"lead here; remove it from former_ids, or delete or rename that file if this {entry.noun} "
                    "replaced it",
                )
            elif key in claimed:
                yield problem(
                    entry,
                    path,
                    f'"{former_id}" is already a former id of {claimed[key].source}; an old address can lead '
                    "to one entry only, so keep it in one of the two files",
                )
            else:
                claimed[key] = entry


def check_contact_emails(entry: Entry) -> Iterator[Problem]:
    """A warning for a contact email that looks like one person's: a team mailbox outlasts people."""
    for pattern in personal.contact_fields(entry.kind):
        for path, contact in values_at(entry.data, pattern):
            email = contact.get("email") if isinstance(contact, dict) else None
            if isinstance(email, str) and personal.personal_email(email):
                shown = email.removeprefix("mailto:")
                yield problem(
                    entry,
                    path + ("email",),
                    f'{field_name(path + ("email",))} "{shown}" looks like a person\'s own address; use a team '
                    f"mailbox such as {personal.team_mailbox_example(shown)} instead, so that people can still "
                    "reach the team when someone moves on, and no personal data is published",
                    WARNING,
                )


def check_challenges_trusted(
    catalogue: Catalogue, makerday: MakerDay, today: date, policy: freshness.Policy
) -> Iterator[Problem]:
    """An upcoming maker day takes only challenges from projects that are fresh or due for review."""
    if not makerday.is_upcoming(today):
        return
    for index, project_id in enumerate(makerday.challenge_projects):
        project = catalogue.projects.get(project_id)
        if project and not freshness.is_trusted(project, today, policy):
            message = _untrusted_challenge(project, today, policy)
            yield problem(makerday, ("challenges", index, "project"), message)


def _untrusted_challenge(project: Project, today: date, policy: freshness.Policy) -> str:
    found = freshness.review(project, today, policy)
    if found.state == freshness.ARCHIVED:
        return (
            f'project "{project.id}" is retired, so it cannot be a challenge at an upcoming maker day; '
            "choose a project that is still running"
        )
    return (
        f'project "{project.id}" was last confirmed on {project.last_reviewed.isoformat()} and its review is '
        f"{found.days_overdue} days overdue, so it cannot be a challenge at an upcoming maker day; its owners "
        f"can make it eligible by checking {project.source} and setting last_reviewed to the date they checked it"
    )


def check_outputs_recorded(
    catalogue: Catalogue, makerday: MakerDay, today: date, policy: freshness.Policy
) -> Iterator[Problem]:
    """A maker day that took place a month ago should say what was made, so it can flow back to projects."""
    ended = makerday.ends.date()
    if makerday.timing(today) == "past" and not makerday.get("outputs") and (today - ended).days >= 30:
        yield problem(
            makerday,
            ("ends",),
            f"this maker day ended on {ended.isoformat()} and has no outputs yet; record what was made: "
            "add an outputs list with a title, url and kind for each prototype, piece of code, research, "
            "notes or photos, and the project it served",
            WARNING,
        )


MAKERDAY_RULES = (check_makerday, check_challenges_trusted, check_outputs_recorded)


def check_prompts_replaced(entry: Entry) -> Iterator[Problem]:
    """An entry still holding a "[Replace this: ...]" prompt from `pipeline new` is not published:
    one error, on the line of the first prompt left."""
    document = entry.document
    if document is None:
        return
    found = [(line + 1, column, prompt) for line, column, prompt in prompts_left(document.front)]
    found += [
        (line + document.body_line - 1, column, prompt)
        for line, column, prompt in prompts_left(document.body)
    ]
    if not found:
        return
    line, column, prompt = found[0]
    others = len(found) - 1
    more = f" and the {others} other prompt{'s' * (others != 1)} after it" if others else ""
    yield Problem(
        entry.source,
        line,
        column,
        ERROR,
        f'{PROMPT_LEFT} "{prompt}"{more} with your own words; the entry is not published until every '
        "[Replace this: ...] prompt is gone",
    )


def is_prompt_left(problem: Problem) -> bool:
    return problem.message.startswith(PROMPT_LEFT)


def check_welsh(entry: Entry) -> list[Problem]:
    """The entry's Welsh against its English (pipeline.welsh.check_document)."""
    return welsh.check_document(entry.source, entry.document) if entry.document else []


def check_bilingual(catalogue: Catalogue, entry: Entry) -> Iterator[Problem]:
    """A project led by, or a maker day hosted by, a council whose entries must be bilingual carries
    Welsh text: a title and summary in its cy: block, a Welsh body, and each update in Welsh too."""
    council_id = entry.get("lead_council") or entry.get("host_council")
    council = catalogue.councils.get(council_id) if isinstance(council_id, str) else None
    if council is None or not council.bilingual:
        return
    missing = [f"cy.{name}" for name in ("title", "summary") if entry.get(name) and not entry.welsh(name)]
    if entry.body.strip() and not entry.body_cy.strip():
        missing.append(f"a Welsh description after a '{welsh.BODY_MARKER}' line")
    if missing:
        yield problem(
            entry,
            (welsh.WELSH,) if welsh.WELSH in entry.data else (),
            f"{council.name}'s entries must be in Welsh as well as English: add a cy: block with title "
            f"and summary and a Welsh body after a '{welsh.BODY_MARKER}' line (missing: "
            f"{', '.join(missing)})",
        )
    for index, update in enumerate(entry.get("updates", [])):
        if not welsh.translation(update, "text"):
            yield problem(
                entry,
                ("updates", index, welsh.WELSH),
                f"{council.name}'s entries must be in Welsh as well as English: add the Welsh of this "
                "update under it, as cy: with text: in Welsh",
            )


def check_catalogue(
    catalogue: Catalogue, today: date, policy: freshness.Policy, invalid_entries: Iterable[Entry] = ()
) -> list[Problem]:
    """Cross-entry rules; entries that failed their schema get the reference checks only."""
    problems = list(check_unique_gss_codes(catalogue.councils.values()))
    problems += check_former_ids(catalogue)
    for entry in invalid_entries:
        with reading(entry.source):
            problems += check_references(catalogue, entry)
    for entry in catalogue.entries():
        with reading(entry.source):
            problems += _check_entry(catalogue, entry, today, policy)
    return problems


# What the rules that read an entry alone found, by entry: the live preview links the same entries again
# after every edit, and only the edited one is read again.
_CHECKED_ALONE: weakref.WeakKeyDictionary[Entry, list[Problem]] = weakref.WeakKeyDictionary()


def checked_alone(entry: Entry) -> list[Problem]:
    """The problems of the rules that read nothing but the entry, worked out once per entry read."""
    found = _CHECKED_ALONE.get(entry)
    if found is None:
        found = [*check_prompts_replaced(entry), *check_contact_emails(entry), *check_welsh(entry)]
        _CHECKED_ALONE[entry] = found
    return list(found)


def _check_entry(catalogue: Catalogue, entry: Entry, today: date, policy: freshness.Policy) -> list[Problem]:
    problems = list(check_references(catalogue, entry))
    problems += checked_alone(entry)
    problems += check_bilingual(catalogue, entry)
    if isinstance(entry, Project):
        problems += check_project(catalogue, entry, today, policy)
    elif isinstance(entry, MakerDay):
        for rule in MAKERDAY_RULES:
            problems += rule(catalogue, entry, today, policy)
    return problems
