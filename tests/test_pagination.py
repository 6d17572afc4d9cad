"""Pages of a long list (pipeline.site.pagination): every item on exactly one page, in order, and the
GOV.UK pagination links between them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.site.pagination import Page, page_path, paginate


def test_the_first_page_keeps_the_lists_own_address():
    assert page_path("projects/", 1) == "projects/"
    assert page_path("projects/", 3) == "projects/page/3/"


def test_a_long_list_links_first_last_and_neighbours_with_gaps_between():
    page = paginate(list(range(100)), "projects/", 10)[4]
    assert (page.number, page.count, page.first_index, page.last_index) == (5, 10, 41, 50)
    assert page.links() == [
        (1, "projects/"),
        None,
        (4, "projects/page/4/"),
        (5, "projects/page/5/"),
        (6, "projects/page/6/"),
        None,
        (10, "projects/page/10/"),
    ]
    assert (page.previous_path, page.next_path) == ("projects/page/4/", "projects/page/6/")


def test_an_empty_list_has_one_empty_page():
    [page] = paginate([], "projects/phase/alpha/", 50)
    assert (page.count, list(page.items), page.previous_path, page.next_path) == (1, [], None, None)


def test_a_page_holds_at_least_one_item():
    with pytest.raises(ValueError):
        paginate([1, 2], "projects/", 0)


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=1, max_value=60))
def test_pages_share_out_every_item_once_in_order(length, size):
    items = list(range(length))
    pages = paginate(items, "projects/", size)
    assert [item for page in pages for item in page.items] == items
    assert all(0 < len(page.items) <= size for page in pages if length)
    assert len({page.path for page in pages}) == len(pages)
    for page in pages:
        assert_links_are_well_formed(page)


def assert_links_are_well_formed(page: Page[int]) -> None:
    links = page.links()
    numbers = [link[0] for link in links if link]
    assert numbers == sorted(set(numbers))
    assert {1, page.count, page.number} <= set(numbers)
    for before, gap, after in zip(links, links[1:], links[2:], strict=False):
        if gap is None:
            assert before and after and after[0] > before[0] + 1
    assert links[0] is not None and links[-1] is not None
