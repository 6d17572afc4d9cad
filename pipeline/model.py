"""The entries of the catalogue: councils, projects and maker days, as read from content files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .loader import Document
from .schemas import parse_date_time

LONDON = ZoneInfo("Europe/London")


def london_time(value: str) -> datetime:
    moment = parse_date_time(value)
    return moment.replace(tzinfo=LONDON) if moment.tzinfo is None else moment.astimezone(LONDON)


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
    body: str = ""
    document: Document | None = field(default=None, repr=False)

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def text(self, name: str) -> str:
        """A required text field: the schema makes it a string."""
        value: str = self.data[name]
        return value

    @property
    def title(self) -> str:
        return self.text("title")

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

    @property
    def last_updated(self) -> date:
        """The later of the last review and the newest update."""
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
