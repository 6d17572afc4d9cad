"""With JavaScript on, pages load without console errors or CSP violations; the skip link leads to the content."""

from __future__ import annotations

import pytest
from browsing import PAGES, sample_path

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", PAGES)
def test_no_console_errors(open_page, sample_paths, name):
    path = sample_path(sample_paths, name)
    visit = open_page(path)
    if name == "search":  # Pagefind fetches its index after the page has loaded
        visit.page.wait_for_load_state("networkidle")
    assert not visit.errors, f"{path}:\n" + "\n".join(visit.errors)


@pytest.mark.parametrize("name", ["home", "project"])
def test_skip_link_is_first_and_moves_focus_to_main(open_page, sample_paths, name):
    visit = open_page(sample_paths[name])
    page = visit.page
    page.keyboard.press("Tab")
    first = page.evaluate(
        """() => {
            const element = document.activeElement;
            const box = element.getBoundingClientRect();
            return {tag: element.tagName, href: element.getAttribute('href'), text: element.textContent.trim(),
                    visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight};
        }"""
    )
    assert first["tag"] == "A" and (first["href"] or "").startswith("#"), f"the first Tab reaches {first}"
    assert first["visible"], f"the skip link is not visible when focused: {first}"
    target = first["href"][1:]

    page.keyboard.press("Enter")
    focused = page.evaluate(
        """target => {
            const element = document.activeElement;
            const main = document.querySelector('main');
            const wanted = document.getElementById(target);
            return {id: element.id, tag: element.tagName,
                    targetIsMain: Boolean(main && wanted && (wanted === main || wanted.contains(main) ||
                                                             main.contains(wanted)))};
        }""",
        target,
    )
    assert focused["targetIsMain"], f"the skip link's target #{target} is not the main content"
    assert focused["id"] == target, (
        f"after the skip link, focus is on {focused['tag']} id={focused['id']!r}, not #{target}"
    )
