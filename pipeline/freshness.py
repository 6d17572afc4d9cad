"""How far a project entry can be trusted: fresh, due for review, stale, or archived; and what the
community manager chases: unanswered, orphaned and ended-but-active projects, and the week's changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from . import edits
from .dates import long_date
from .model import Council, MakerDay, Project

if TYPE_CHECKING:
    from .catalogue import Catalogue

FRESH, DUE, STALE, ARCHIVED = "fresh", "due", "stale", "archived"
STATES = (FRESH, DUE, STALE, ARCHIVED)
LABELS = {FRESH: "Up to date", DUE: "Review due soon", STALE: "Not confirmed recently", ARCHIVED: "Archived"}
# Default orderings put trustworthy entries first and stale ones below.
SORT_ORDER = {FRESH: 0, DUE: 1, STALE: 2, ARCHIVED: 3}
MAKER_DAY_NEED = "maker-day-challenge"
# (unit, its length in days, the number of days below which it is used) for durations in words.
DURATION_UNITS = (("day", 1, 14), ("week", 7, 61), ("month", 30, 730))
LONGEST_UNIT = ("year", 365)
# Phases in which a passed end date is expected: the project runs on as a service, or has stopped.
SETTLED_PHASES = ("live", "retired")
# "What changed since last week" looks back this many days, today included.
CHANGE_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Policy:
    """How old a review may be (review_age_days) and how early to warn (warning_days); how long a stale
    entry's reminder goes to its own contacts before it is escalated to the lead council's maintainers
    and the community manager (escalate_after_days), and how long stale before it counts as unanswered
    and may be retired (unanswered_after_days), both counted from the day the review fell due."""

    review_age_days: int = 180
    warning_days: int = 30
    escalate_after_days: int = 28
    unanswered_after_days: int = 90

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Policy:
        return cls(
            review_age_days=int(settings.get("FRESHNESS_REVIEW_AGE_DAYS", cls.review_age_days)),
            warning_days=int(settings.get("FRESHNESS_WARNING_DAYS", cls.warning_days)),
            escalate_after_days=int(settings.get("REMINDER_ESCALATE_AFTER_DAYS", cls.escalate_after_days)),
            unanswered_after_days=int(settings.get("UNANSWERED_AFTER_DAYS", cls.unanswered_after_days)),
        )

    def review_due(self, last_reviewed: date) -> date:
        """The day from which an entry reviewed on last_reviewed is stale."""
        return last_reviewed + timedelta(days=self.review_age_days)

    def days_overdue(self, last_reviewed: date, today: date) -> int:
        """Days since the review fell due (negative: days left until it does)."""
        return (today - self.review_due(last_reviewed)).days

    def unanswered_from(self, last_reviewed: date) -> date:
        """The day from which an entry reviewed on last_reviewed, and not confirmed since, is unanswered."""
        return self.review_due(last_reviewed) + timedelta(days=self.unanswered_after_days)


def state(project: Project, today: date, policy: Policy) -> str:
    if project.phase == "retired":
        return ARCHIVED
    due = policy.review_due(project.last_reviewed)
    if today >= due:
        return STALE
    if today >= due - timedelta(days=policy.warning_days):
        return DUE
    return FRESH


def days_overdue(project: Project, today: date, policy: Policy) -> int:
    """Days since the review fell due (negative: days left until it does)."""
    return policy.days_overdue(project.last_reviewed, today)


def is_trusted(project: Project, today: date, policy: Policy) -> bool:
    """Fresh or due: good enough to be a maker day challenge."""
    return state(project, today, policy) in (FRESH, DUE)


def is_unanswered(project: Project, today: date, policy: Policy) -> bool:
    """Stale, and nobody has confirmed it for policy.unanswered_after_days since its review fell due:
    the community manager may retire it."""
    return project.phase != "retired" and today >= policy.unanswered_from(project.last_reviewed)


def reachable_contacts(project: Project, today: date) -> list[dict[str, Any]]:
    """The project's contacts that can still be reached: those without an `until` day, or not past it."""
    return [
        contact
        for contact in project.get("contacts", [])
        if not contact.get("until") or date.fromisoformat(contact["until"]) >= today
    ]


def is_orphaned(project: Project, today: date) -> bool:
    """Every contact has left (each one's `until` is before today): nobody answers for the project, so
    its lead council's maintainers must."""
    return not reachable_contacts(project, today)


def is_ended_but_active(project: Project, today: date) -> bool:
    """Its `ends` day has passed while its phase says it is still going (neither live nor retired)."""
    ends = project.get("ends")
    return bool(ends) and date.fromisoformat(ends) < today and project.phase not in SETTLED_PHASES


def retirement_update(last_reviewed: date) -> str:
    """The update that says why a project was retired: "Archived: no response since 3 March 2026."."""
    return f"Archived: no response since {long_date(last_reviewed)}."


def retirement_edit(text: str, today: date, last_reviewed: date) -> str:
    """The project file's text with the project retired (phase: retired) and an update dated today saying
    it was archived for want of an answer; every other line as it was. Raises edits.EditError when the
    file cannot be changed safely."""
    retired = edits.set_field(text, "phase", "retired")
    return edits.add_update(retired, today, retirement_update(last_reviewed))


@dataclass(frozen=True)
class Review:
    """One project's freshness on one day, and what the community manager should know about it."""

    project: Project
    state: str
    review_due: date
    days_overdue: int
    unanswered: bool = False
    orphaned: bool = False
    ended_but_active: bool = False

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def needs_review(self) -> bool:
        return self.state in (DUE, STALE)

    @property
    def overdue_text(self) -> str:
        """How far from its review the entry is, in words: "confirmation overdue by 3 months"."""
        return overdue_text(self.days_overdue)

    @property
    def is_trusted(self) -> bool:
        return self.state in (FRESH, DUE)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """Trustworthy first; within a state, the most recently confirmed first."""
        return (SORT_ORDER[self.state], self.days_overdue, self.project.title.casefold())


class Duration(NamedTuple):
    """Roughly how long a number of days is, as data to word in any language: 5 "month"s."""

    amount: int
    unit: str  # "day", "week", "month" or "year"


def duration(days: int) -> Duration:
    """Roughly how long a positive number of days is, never more than it, in the largest unit that fits
    the length (DURATION_UNITS): 3 days, 2 weeks, 5 months."""
    unit, length = next(
        ((unit, length) for unit, length, below in DURATION_UNITS if days < below), LONGEST_UNIT
    )
    return Duration(days // length, unit)


def duration_text(days: int) -> str:
    """The duration in English: "3 days", "2 weeks", "1 month"."""
    count, unit = duration(days)
    return f"{count} {unit}{'s' * (count != 1)}"


def overdue_text(days_overdue: int) -> str:
    """ "confirmation overdue by 3 months", "confirmation due today", "confirmation due in 12 days"."""
    if days_overdue > 0:
        return f"confirmation overdue by {duration_text(days_overdue)}"
    if days_overdue == 0:
        return "confirmation due today"
    return f"confirmation due in {duration_text(-days_overdue)}"


def review(project: Project, today: date, policy: Policy) -> Review:
    return Review(
        project,
        state(project, today, policy),
        policy.review_due(project.last_reviewed),
        days_overdue(project, today, policy),
        unanswered=is_unanswered(project, today, policy),
        orphaned=project.phase != "retired" and is_orphaned(project, today),
        ended_but_active=is_ended_but_active(project, today),
    )


def reviews(projects: Iterable[Project], today: date, policy: Policy) -> dict[str, Review]:
    """Every project's review by project id."""
    return {project.id: review(project, today, policy) for project in projects}


def record(found: Review, url: str) -> dict[str, Any]:
    """The machine-readable freshness of one project (a row of freshness.json)."""
    project = found.project
    return {
        "id": project.id,
        "title": project.title,
        "url": url,
        "state": found.state,
        "last_reviewed": project.last_reviewed.isoformat(),
        "review_due": found.review_due.isoformat(),
        "days_overdue": found.days_overdue,
        "lead_council": project.lead_council,
    }


def needing_review(found: Mapping[str, Review]) -> list[Review]:
    """Stale and due projects, the longest overdue first."""
    return longest_overdue_first(item for item in found.values() if item.needs_review)


def longest_overdue_first(found: Iterable[Review]) -> list[Review]:
    return sorted(found, key=lambda item: (-item.days_overdue, item.project.title.casefold()))


@dataclass
class ChallengeDay:
    makerday: MakerDay
    challenges: list[Review]

    @property
    def at_risk(self) -> list[Review]:
        """Challenges that will be stale (or already are) by the day, so cannot be taken on unless confirmed."""
        day = self.makerday.starts.date()
        return [item for item in self.challenges if item.state == ARCHIVED or item.review_due <= day]


@dataclass
class WeekChanges:
    """What changed in the CHANGE_WINDOW_DAYS days up to today (since .. today), as the entries' own
    dates tell it: projects reviewed in the window (added or confirmed: an entry does not record when it
    was added, and a new entry is reviewed the day it is written), and updates dated in it."""

    since: date
    confirmed: list[Project] = field(default_factory=list)
    news: list[tuple[Project, dict[str, Any]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.confirmed) + len(self.news)


def week_changes(projects: Iterable[Project], today: date) -> WeekChanges:
    """Projects added or confirmed, and updates posted, in the last CHANGE_WINDOW_DAYS days, newest first."""
    since = today - timedelta(days=CHANGE_WINDOW_DAYS - 1)
    listed = sorted(
        projects, key=lambda project: (-project.last_reviewed.toordinal(), project.title.casefold())
    )
    news = [
        (project, update)
        for project in listed
        for update in project.updates
        if since <= update["day"] <= today
    ]
    return WeekChanges(
        since,
        confirmed=[project for project in listed if since <= project.last_reviewed <= today],
        news=sorted(news, key=lambda item: -item[1]["day"].toordinal()),
    )


@dataclass
class Dashboard:
    """What the community manager chases: the review page's content."""

    today: date
    policy: Policy
    counts: dict[str, int] = field(default_factory=dict)  # projects by state, every state listed
    changes: WeekChanges | None = None
    waiting: list[Review] = field(default_factory=list)  # stale and due projects, the longest overdue first
    unanswered: list[Review] = field(default_factory=list)
    orphaned: list[Review] = field(default_factory=list)
    ended_but_active: list[Review] = field(default_factory=list)
    councils_without_fresh: list[tuple[Council, Counter[str]]] = field(default_factory=list)
    councils_without_projects: list[Council] = field(default_factory=list)
    upcoming_makerdays: list[ChallengeDay] = field(default_factory=list)
    # (review, upcoming maker days that already take the project as a challenge)
    looking_for_challenge: list[tuple[Review, list[MakerDay]]] = field(default_factory=list)

    @property
    def waiting_count(self) -> int:
        return len(self.waiting)

    @property
    def makerdays_at_risk(self) -> list[ChallengeDay]:
        """Upcoming maker days with a challenge that will be stale before the day."""
        return [day for day in self.upcoming_makerdays if day.at_risk]


def dashboard(catalogue: Catalogue, today: date, policy: Policy) -> Dashboard:
    found = reviews(catalogue.projects.values(), today, policy)
    board = Dashboard(today, policy)
    states = Counter(item.state for item in found.values())
    board.counts = {name: states[name] for name in STATES}
    board.changes = week_changes(catalogue.projects.values(), today)
    board.unanswered = longest_overdue_first(item for item in found.values() if item.unanswered)
    board.orphaned = longest_overdue_first(item for item in found.values() if item.orphaned)
    board.ended_but_active = longest_overdue_first(item for item in found.values() if item.ended_but_active)
    board.waiting = needing_review(found)
    for council in sorted(catalogue.councils.values(), key=lambda council: council.name.casefold()):
        involved = dict.fromkeys(catalogue.led[council.id] + catalogue.partnered[council.id])
        council_states = Counter(found[project.id].state for project in involved)
        if not involved:
            board.councils_without_projects.append(council)
        elif not council_states[FRESH]:
            board.councils_without_fresh.append((council, council_states))
    board.upcoming_makerdays = upcoming_challenges(catalogue, found, today)
    board.looking_for_challenge = looking_for_challenge(catalogue, found, today)
    return board


def upcoming_challenges(catalogue: Catalogue, found: Mapping[str, Review], today: date) -> list[ChallengeDay]:
    """Upcoming maker days, soonest first, each with its challenges' freshness."""
    days = sorted(
        (day for day in catalogue.makerdays.values() if day.is_upcoming(today)), key=lambda d: d.starts
    )
    return [
        ChallengeDay(day, [found[pid] for pid in dict.fromkeys(day.challenge_projects) if pid in found])
        for day in days
    ]


def looking_for_challenge(
    catalogue: Catalogue, found: Mapping[str, Review], today: date
) -> list[tuple[Review, list[MakerDay]]]:
    """Projects that may be a challenge and ask to be one, with the upcoming days that already took them."""
    asking = [item for item in found.values() if MAKER_DAY_NEED in item.project.get("looking_for", [])]
    return [
        (item, [day for day in catalogue.challenged_at[item.project.id] if day.is_upcoming(today)])
        for item in sorted((item for item in asking if item.is_trusted), key=lambda item: item.sort_key)
    ]


def report(today: date, policy: Policy, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Freshness records with the day and the policy they were judged by."""
    return {
        "today": today.isoformat(),
        "review_age_days": policy.review_age_days,
        "warning_days": policy.warning_days,
        "projects": records,
    }
