"""The review page's long lists, kept short: the page shows the first few of each list, most urgent
first, with how many there are, and each list has pages of its own at review/<list>/ (then
review/<list>/page/<n>/) showing all of it.

At 10,000 projects the lists ran to thousands of entries and the page to 12 MB; every page of the site
must stay under 150 KB.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..freshness import Dashboard
from .pagination import Page, paginate

REVIEW_PATH = "review/"
# Items of a list the review page itself shows.
SHOWN_ON_REVIEW_PAGE = 10


@dataclass(frozen=True)
class ReviewList:
    """One of the review page's lists: `kind` names the template macro that shows an item
    (components/review.html), `slug` the folder of its own pages, `order` how it is sorted."""

    slug: str
    title: str
    kind: str
    order: str
    items: Sequence[object]

    @property
    def path(self) -> str:
        return f"{REVIEW_PATH}{self.slug}/"

    @property
    def shown(self) -> Sequence[object]:
        """What the review page shows of the list."""
        return self.items[:SHOWN_ON_REVIEW_PAGE]

    @property
    def is_cut(self) -> bool:
        return len(self.items) > SHOWN_ON_REVIEW_PAGE


OVERDUE_FIRST = "the longest overdue first"


def review_lists(board: Dashboard) -> dict[str, ReviewList]:
    """The review page's long lists by kind, each in the order the community manager works through it."""
    changes = board.changes
    if changes is None:
        return {}
    lists = [
        ReviewList(
            "confirmed",
            "Projects added or confirmed this week",
            "confirmed",
            "newest first",
            changes.confirmed,
        ),
        ReviewList("news", "News posted this week", "news", "newest first", changes.news),
        ReviewList("to-confirm", "Projects to confirm", "waiting", OVERDUE_FIRST, board.waiting),
        ReviewList("unanswered", "Unanswered projects", "unanswered", OVERDUE_FIRST, board.unanswered),
        ReviewList(
            "nobody-to-answer",
            "Projects with nobody left to answer",
            "orphaned",
            OVERDUE_FIRST,
            board.orphaned,
        ),
        ReviewList(
            "past-end-date", "Projects past their end date", "ended", OVERDUE_FIRST, board.ended_but_active
        ),
        ReviewList(
            "councils-not-up-to-date",
            "Councils with no project up to date",
            "council",
            "by name",
            board.councils_without_fresh,
        ),
        ReviewList(
            "asking-for-a-challenge",
            "Projects asking to be a maker day challenge",
            "challenge",
            "up to date first",
            board.looking_for_challenge,
        ),
    ]
    return {found.kind: found for found in lists}


def review_pages(
    lists: Mapping[str, ReviewList], page_size: int
) -> Iterator[tuple[ReviewList, Page[object]]]:
    """Every page of every list that does not fit on the review page."""
    for found in lists.values():
        if found.is_cut:
            for page in paginate(list(found.items), found.path, page_size):
                yield found, page
