"""How far a project entry can be trusted: fresh, due for review, stale, or archived."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

FRESH, DUE, STALE, ARCHIVED = "fresh", "due", "stale", "archived"
STATES = (FRESH, DUE, STALE, ARCHIVED)
LABELS = {FRESH: "Up to date", DUE: "Review due soon", STALE: "Not confirmed recently", ARCHIVED: "Archived"}
# Default orderings put trustworthy entries first and stale ones below.
SORT_ORDER = {FRESH: 0, DUE: 1, STALE: 2, ARCHIVED: 3}
MAKER_DAY_NEED = "maker-day-challenge"
# (unit, its length in days, the number of days below which it is used) for durations in words.
DURATION_UNITS = (("day", 1, 14), ("week", 7, 61), ("month", 30, 730))
LONGEST_UNIT = ("year", 365)


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
    def from_settings(cls, settings: dict) -> Policy:
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


def state(project, today: date, policy: Policy) -> str:
    if project.phase == "retired":
        return ARCHIVED
    due = policy.review_due(project.last_reviewed)
    if today >= due:
        return STALE
    if today >= due - timedelta(days=policy.warning_days):
        return DUE
    return FRESH


def days_overdue(project, today: date, policy: Policy) -> int:
    """Days since the review fell due (negative: days left until it does)."""
    return policy.days_overdue(project.last_reviewed, today)


def is_trusted(project, today: date, policy: Policy) -> bool:
    """Fresh or due: good enough to be a maker day challenge."""
    return state(project, today, policy) in (FRESH, DUE)


@dataclass(frozen=True)
class Review:
    """One project's freshness on one day."""

    project: object
    state: str
    review_due: date
    days_overdue: int

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
    def sort_key(self) -> tuple:
        """Trustworthy first; within a state, the most recently confirmed first."""
        return (SORT_ORDER[self.state], self.days_overdue, self.project.title.casefold())


def duration_text(days: int) -> str:
    """Roughly how long a positive number of days is, never more than it: "3 days", "2 weeks", "5 months"."""
    unit, length = next(
        ((unit, length) for unit, length, below in DURATION_UNITS if days < below), LONGEST_UNIT
    )
    count = days // length
    return f"{count} {unit}{'s' * (count != 1)}"


def overdue_text(days_overdue: int) -> str:
    """ "confirmation overdue by 3 months", "confirmation due today", "confirmation due in 12 days"."""
    if days_overdue > 0:
        return f"confirmation overdue by {duration_text(days_overdue)}"
    if days_overdue == 0:
        return "confirmation due today"
    return f"confirmation due in {duration_text(-days_overdue)}"


def review(project, today: date, policy: Policy) -> Review:
    return Review(
        project,
        state(project, today, policy),
        policy.review_due(project.last_reviewed),
        days_overdue(project, today, policy),
    )


def reviews(projects, today: date, policy: Policy) -> dict[str, Review]:
    """Every project's review by project id."""
    return {project.id: review(project, today, policy) for project in projects}


def record(found: Review, url: str) -> dict:
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


def needing_review(found: dict[str, Review]) -> list[Review]:
    """Stale and due projects, the longest overdue first."""
    waiting = [item for item in found.values() if item.needs_review]
    return sorted(waiting, key=lambda item: (-item.days_overdue, item.project.title.casefold()))


@dataclass
class CouncilReviews:
    council: object
    reviews: list[Review]


@dataclass
class ChallengeDay:
    makerday: object
    challenges: list[Review]


@dataclass
class Dashboard:
    """What the community manager chases: the review page's content."""

    today: date
    policy: Policy
    waiting_by_council: list[CouncilReviews] = field(default_factory=list)
    councils_without_fresh: list[tuple[object, Counter]] = field(default_factory=list)
    councils_without_projects: list[object] = field(default_factory=list)
    upcoming_makerdays: list[ChallengeDay] = field(default_factory=list)
    # (review, upcoming maker days that already take the project as a challenge)
    looking_for_challenge: list[tuple[Review, list]] = field(default_factory=list)

    @property
    def waiting_count(self) -> int:
        return sum(len(group.reviews) for group in self.waiting_by_council)


def dashboard(catalogue, today: date, policy: Policy) -> Dashboard:
    found = reviews(catalogue.projects.values(), today, policy)
    board = Dashboard(today, policy)
    waiting_by_lead = defaultdict(list)
    for item in needing_review(found):
        waiting_by_lead[item.project.lead_council].append(item)
    for council in sorted(catalogue.councils.values(), key=lambda council: council.name.casefold()):
        if waiting_by_lead[council.id]:
            board.waiting_by_council.append(CouncilReviews(council, waiting_by_lead[council.id]))
        involved = dict.fromkeys(catalogue.led[council.id] + catalogue.partnered[council.id])
        states = Counter(found[project.id].state for project in involved)
        if not involved:
            board.councils_without_projects.append(council)
        elif not states[FRESH]:
            board.councils_without_fresh.append((council, states))
    board.upcoming_makerdays = upcoming_challenges(catalogue, found, today)
    board.looking_for_challenge = looking_for_challenge(catalogue, found, today)
    return board


def upcoming_challenges(catalogue, found: dict[str, Review], today: date) -> list[ChallengeDay]:
    """Upcoming maker days, soonest first, each with its challenges' freshness."""
    days = sorted(
        (day for day in catalogue.makerdays.values() if day.is_upcoming(today)), key=lambda d: d.starts
    )
    return [
        ChallengeDay(day, [found[pid] for pid in dict.fromkeys(day.challenge_projects) if pid in found])
        for day in days
    ]


def looking_for_challenge(catalogue, found: dict[str, Review], today: date) -> list[tuple[Review, list]]:
    """Projects that may be a challenge and ask to be one, with the upcoming days that already took them."""
    asking = [item for item in found.values() if MAKER_DAY_NEED in item.project.get("looking_for", [])]
    return [
        (item, [day for day in catalogue.challenged_at[item.project.id] if day.is_upcoming(today)])
        for item in sorted((item for item in asking if item.is_trusted), key=lambda item: item.sort_key)
    ]


def report(today: date, policy: Policy, records: list[dict]) -> dict:
    """Freshness records with the day and the policy they were judged by."""
    return {
        "today": today.isoformat(),
        "review_age_days": policy.review_age_days,
        "warning_days": policy.warning_days,
        "projects": records,
    }
