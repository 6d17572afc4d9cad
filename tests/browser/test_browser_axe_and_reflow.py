"""axe-core finds no WCAG 2.2 A or AA failure on the main pages, on a desktop and at 320 CSS pixels wide."""

from __future__ import annotations

import pytest
from browsing import DESKTOP, NARROW, PAGES, axe_violations, describe_violations, sample_path

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": DESKTOP, "320px": NARROW}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations(open_page, sample_paths, name, width):
    path = sample_path(sample_paths, name)
    # axe is injected as an inline script, which the site's own policy rightly refuses.
    visit = open_page(path, viewport=WIDTHS[width], bypass_csp=True)
    if name == "search":
        visit.page.wait_for_load_state("networkidle")
    violations = axe_violations(visit.page)
    assert not violations, f"{path} at {width}:\n{describe_violations(violations)}"


@pytest.mark.parametrize("name", PAGES)
def test_page_reflows_at_320_pixels(open_page, sample_paths, name):
    path = sample_path(sample_paths, name)
    visit = open_page(path, viewport=NARROW)
    overflowing = visit.page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            return [...document.querySelectorAll('body *')]
                .filter(element => element.getBoundingClientRect().right > width + 1)
                .filter(element => element.parentElement.getBoundingClientRect().right <= width + 1)
                .slice(0, 5)
                .map(element => element.outerHTML.slice(0, 160));
        }"""
    )
    assert not overflowing, f"{path} scrolls sideways at 320 CSS pixels; too wide: {overflowing}"
