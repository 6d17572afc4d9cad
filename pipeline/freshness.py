"""How far a project entry can be trusted: fresh, due for review, stale, or archived."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

FRESH, DUE, STALE, ARCHIVED = "fresh", "due", "stale", "archived"
STATES = (FRESH, DUE, STALE, ARCHIVED)
LABELS = {FRESH: "Up to date", DUE: "Review due soon", STALE: "Not confirmed recently", ARCHIVED: "Archived"}
# Default orderings put trustworthy entries first and stale ones below.
SORT_ORDER = {FRESH: 0, DUE: 1, STALE: 2, ARCHIVED: 3}


@dataclass(frozen=True)
class Policy:
    """How old a review may be (review_age_days) and how early to warn (warning_days)."""

    review_age_days: int = 180
    warning_days: int = 30

    @classmethod
    def from_settings(cls, settings: dict) -> Policy:
        return cls(
            review_age_days=int(settings.get("FRESHNESS_REVIEW_AGE_DAYS", cls.review_age_days)),
            warning_days=int(settings.get("FRESHNESS_WARNING_DAYS", cls.warning_days)),
        )

    def review_due(self, last_reviewed: date) -> date:
        """The day from which an entry reviewed on last_reviewed is stale."""
        return last_reviewed + timedelta(days=self.review_age_days)


def state(project, today: date, policy: Policy = Policy()) -> str:
    if project.phase == "retired":
        return ARCHIVED
    due = policy.review_due(project.last_reviewed)
    if today >= due:
        return STALE
    if today >= due - timedelta(days=policy.warning_days):
        return DUE
    return FRESH


def days_overdue(project, today: date, policy: Policy = Policy()) -> int:
    """Days since the review fell due (negative: days left until it does)."""
    return (today - policy.review_due(project.last_reviewed)).days


def is_trusted(project, today: date, policy: Policy = Policy()) -> bool:
    """Fresh or due: good enough to be a maker day challenge."""
    return state(project, today, policy) in (FRESH, DUE)
