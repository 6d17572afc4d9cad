"""The entries of the catalogue: councils, projects and maker days, as read from content files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .loader import Document
from .schemas import parse_date_time
from .welsh import translation

LONDON = ZoneInfo("Europe/London")


def london_time(value: str) -> datetime:
    """A date and time as UK time; a time the clocks show twice (when they go back) is the first."""
    moment = parse_date_time(value)
    return moment.replace(tzinfo=LONDON) if moment.tzinfo is None else moment.astimezone(LONDON)


def instant(value: str) -> datetime:
    """A date and time as a moment in UTC, to compare: UK times of the same day compare by their
    clock faces, which is wrong in the hour the clocks go back."""
    return london_time(value).astimezone(UTC)


SKIPPED, REPEATED = "skipped", "repeated"


def clock_change(value: str) -> str | None:
    """SKIPPED when a UK time written without an offset never happens (the clocks go forward past it),
    REPEATED when it happens twice (the clocks go back), else None."""
    moment = parse_date_time(value)
    if moment.tzinfo is not None:
        return None
    first, second = moment.replace(tzinfo=LONDON, fold=0), moment.replace(tzinfo=LONDON, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    shown = first.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None)
    return REPEATED if shown == moment else SKIPPED


@dataclass(eq=False)
class Entry:
    """One content file. `data` holds the front matter, typed by the schema."""

    kind = ""
    folder = ""
    noun = ""  # as a sentence names it: "maker day"

    id: str
    source: str
    path: Path
    data: dict[str, Any]
    body: str = ""  # the English body, in Markdown
    document: Document | None = field(default=None, repr=False)
    body_cy: str = ""  # the Welsh body, in Markdown: "" when the entry has none

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def text(self, name: str) -> str:
        """A required text field: the schema makes it a string."""
        value: str = self.data[name]
        return value

    @property
    def title(self) -> str:
        return self.text("title")

    def welsh(self, name: str) -> str | None:
        """The Welsh text of a field (like "title" or "summary") from the `cy:` block, or None."""
        return translation(self.data, name)

    @property
    def has_welsh(self) -> bool:
        return bool(self.body_cy.strip()) or bool(self.data.get("cy"))

    def position(self, *path: str | int) -> tuple[int, int]:
        return self.document.position(path) if self.document else (1, 1)

    @property
    def url(self) -> str:
        return f"{self.folder}/{self.id}/"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


class Council(Entry):
    kind = "council"
    folder = "councils"
    noun = "council"

    @property
    def name(self) -> str:
        return self.text("name")

    @property
    def title(self) -> str:
        return self.name

    @property
    def bilingual(self) -> bool:
        """Whether the council's projects and the maker days it hosts must carry Welsh text."""
        return bool(self.data.get("bilingual", False))


class Project(Entry):
    kind = "project"
    folder = "projects"
    noun = "project"

    @property
    def phase(self) -> str:
        return self.text("phase")

    @property
    def lead_council(self) -> str:
        return self.text("lead_council")

    @property
    def partner_councils(self) -> list[str]:
        return list(dict.fromkeys(self.data.get("partner_councils", [])))

    @property
    def councils(self) -> list[str]:
        """The lead council then the partners."""
        return [self.lead_council] + [c for c in self.partner_councils if c != self.lead_council]

    @property
    def last_reviewed(self) -> date:
        return date.fromisoformat(self.text("last_reviewed"))

    @property
    def updates(self) -> list[dict[str, Any]]:
        """Dated updates, newest first, each with a parsed `day`."""
        items = [
            {**update, "day": date.fromisoformat(update["date"])} for update in self.data.get("updates", [])
        ]
        return sorted(items, key=lambda update: update["day"], reverse=True)

    @cached_property
    def last_updated(self) -> date:
        """The later of the last review and the newest update (worked out once: an entry is not changed
        once read)."""
        days: list[date] = [self.last_reviewed] + [update["day"] for update in self.updates[:1]]
        return max(days)

    @property
    def pledged_gbp(self) -> int:
        return sum(pledge.get("amount_gbp", 0) for pledge in self.data.get("pledges", []))


class MakerDay(Entry):
    kind = "makerday"
    folder = "makerdays"
    noun = "maker day"

    @property
    def status(self) -> str:
        return self.text("status")

    @property
    def starts(self) -> datetime:
        return london_time(self.data["starts"])

    @property
    def ends(self) -> datetime:
        return london_time(self.data["ends"])

    @property
    def host_council(self) -> str:
        return self.text("host_council")

    @property
    def challenge_projects(self) -> list[str]:
        return [challenge["project"] for challenge in self.data.get("challenges", [])]

    def is_past(self, today: date) -> bool:
        return self.ends.date() < today

    def is_upcoming(self, today: date) -> bool:
        return not self.is_past(today) and self.status != "cancelled"

    def timing(self, today: date) -> str:
        """upcoming, past, cancelled or postponed: the status a reader sees."""
        if self.status in ("cancelled", "postponed"):
            return self.status
        return "past" if self.is_past(today) else "upcoming"


# The one list of entry kinds: everything else (folders, schemas, nouns, forms) follows from it.
ENTRY_CLASSES: tuple[type[Entry], ...] = (Council, Project, MakerDay)
ENTRY_TYPES = {cls.folder: cls for cls in ENTRY_CLASSES}
FOLDERS = tuple(ENTRY_TYPES)
KINDS = tuple(cls.kind for cls in ENTRY_CLASSES)
FOLDER_OF_KIND = {cls.kind: cls.folder for cls in ENTRY_CLASSES}
KIND_OF_FOLDER = {cls.folder: cls.kind for cls in ENTRY_CLASSES}
NOUN_OF_KIND = {cls.kind: cls.noun for cls in ENTRY_CLASSES}
# Pages of the site's own, like about.md, are read from this folder of the content.
PAGES_FOLDER = "pages"
# Parts of the site a page of its own cannot take the name of (its address would be theirs).
SITE_SECTIONS = (
    *FOLDERS,
    "search",
    "data",
    "review",
    "sponsorship",
    "feeds",
    "static",
    "schemas",
    "pagefind",
)
