"""Long lists split into pages: which items each page shows, and the links of the GOV.UK pagination
component between them.

Page 1 of a list lives at its own path ("projects/"), page n at "<path>page/<n>/", so the first page
keeps the address people already link to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Item = TypeVar("Item")

DEFAULT_PAGE_SIZE = 50
# Pages either side of the current one that the pagination links to, besides the first and the last.
NEIGHBOURS = 1


def page_path(base: str, number: int) -> str:
    """The path of page `number` of the list whose first page is at `base`."""
    return base if number == 1 else f"{base}page/{number}/"


@dataclass(frozen=True)
class Page(Generic[Item]):
    """One page of a list: its items, and where it stands among the list's pages."""

    base: str  # the path of the list's first page
    number: int  # from 1
    count: int  # how many pages the list has
    items: Sequence[Item]
    total: int  # items in the whole list
    first_index: int  # the position of the page's first item in the whole list, from 1

    @property
    def path(self) -> str:
        return page_path(self.base, self.number)

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.items) - 1

    @property
    def previous_path(self) -> str | None:
        return page_path(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next_path(self) -> str | None:
        return page_path(self.base, self.number + 1) if self.number < self.count else None

    def links(self) -> list[tuple[int, str] | None]:
        """The numbered links of the GOV.UK pagination component, None for each gap ("⋯"): the first
        page, the last, and the current one with its neighbours."""
        shown = sorted(
            {1, self.count}
            | set(range(max(1, self.number - NEIGHBOURS), min(self.count, self.number + NEIGHBOURS) + 1))
        )
        links: list[tuple[int, str] | None] = []
        for number in shown:
            if links and links[-1] is not None and links[-1][0] < number - 1:
                links.append(None)
            links.append((number, page_path(self.base, number)))
        return links


def paginate(items: Sequence[Item], base: str, size: int) -> list[Page[Item]]:
    """The pages of `items`, `size` to a page; an empty list still has one (empty) page."""
    if size < 1:
        raise ValueError(f"a page must hold at least one item, not {size}")
    count = max(1, -(-len(items) // size))
    return [
        Page(
            base,
            number,
            count,
            items[(number - 1) * size : number * size],
            len(items),
            (number - 1) * size + 1,
        )
        for number in range(1, count + 1)
    ]
