"""A council's embed, as an intranet shows it in an iframe: no script, no axe failures, its links leave
the frame; and the data page that documents it passes axe too."""

from __future__ import annotations

import pytest
from browsing import DESKTOP, NARROW, axe_violations, describe_violations

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": DESKTOP, "320px": NARROW}


@pytest.fixture(scope="session")
def embed_path(catalogue) -> str:
    """The embed of the council with the most projects: the fullest one."""
    council = max(
        catalogue.councils.values(),
        key=lambda council: (
            len(catalogue.led[council.id]) + len(catalogue.partnered[council.id]),
            council.id,
        ),
    )
    return f"/{council.url}embed/"


@pytest.mark.parametrize("width", WIDTHS)
def test_an_embed_has_no_axe_violations(open_page, embed_path, width):
    # axe is injected as an inline script, which the page's own policy rightly refuses.
    visit = open_page(embed_path, viewport=WIDTHS[width], bypass_csp=True)
    violations = axe_violations(visit.page)
    assert not violations, f"{embed_path} at {width}:\n{describe_violations(violations)}"


def test_an_embed_has_no_script_and_is_styled_by_its_own_stylesheet(open_page, embed_path):
    visit = open_page(embed_path)
    page = visit.page
    assert page.locator("script").count() == 0
    assert page.evaluate("() => [...document.styleSheets].map(sheet => sheet.href.split('/').pop())") == [
        "embed.css"
    ]
    assert page.locator(".embed__project a").count() >= 1
    assert visit.errors == []


def test_an_embed_in_an_iframe_opens_a_project_in_the_whole_window(open_page, site_url, embed_path):
    visit = open_page("/data/")
    page = visit.page
    # A page of another site would hold the iframe; a blank page stands in for it.
    page.set_content(
        f'<iframe src="{site_url}{embed_path}" title="Projects" width="600" height="400"></iframe>'
    )
    frame = page.frame_locator("iframe")
    link = frame.locator(".embed__project a").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"{site_url}{href}")
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_the_data_page_has_no_axe_violations(open_page, width):
    visit = open_page("/data/", viewport=WIDTHS[width], bypass_csp=True)
    violations = axe_violations(visit.page)
    assert not violations, f"/data/ at {width}:\n{describe_violations(violations)}"
