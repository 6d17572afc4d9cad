"""A council officer reaches the right issue form in one click: Confirm first on a stale project's page,
Add a project on a council's page, each form filled in; and these pages stay accessible."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from browsing import DESKTOP, NARROW, TODAY, axe_violations, describe_violations

from pipeline import freshness

pytestmark = pytest.mark.browser

FORM_PAGE = "<!DOCTYPE html><html lang='en'><title>Form</title><h1>Form</h1></html>"


@pytest.fixture(scope="module")
def stale_project(catalogue):
    stale = [
        project
        for project in catalogue.projects.values()
        if freshness.state(project, TODAY, freshness.Policy()) == freshness.STALE
    ]
    if not stale:
        pytest.skip("the sample catalogue has no stale project")
    return min(stale, key=lambda project: project.id)


def follow_to_github(visit, link) -> tuple[str, dict[str, list[str]]]:
    """Clicks a link to GitHub, answering GitHub's part locally (the machine is offline): the path and
    the query the browser asked GitHub for."""
    requested = []

    def answer(route):
        requested.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=FORM_PAGE)

    visit.page.route("https://github.com/**", answer)
    link.click()
    visit.page.wait_for_url("https://github.com/**")
    assert requested, "the link did not lead to GitHub"
    url = urlsplit(requested[0])
    return url.path, parse_qs(url.query)


def test_confirm_comes_first_on_a_stale_project_and_opens_its_form(open_page, stale_project):
    visit = open_page(f"/{stale_project.url}")
    banner = visit.page.locator("main .notice--review")
    first_link = banner.locator("a").first
    assert first_link.inner_text().strip() == "Confirm this is still accurate"
    assert "overdue by" in banner.inner_text()

    path, query = follow_to_github(visit, first_link)
    assert path == "/localgovdigital/pipeline/issues/new"
    assert query["template"] == ["confirm-project.yml"]
    assert query["project"] == [stale_project.id]
    assert not visit.errors, "\n".join(visit.errors)


def test_add_a_project_on_a_council_page_names_the_council(open_page, catalogue, sample_paths):
    visit = open_page(sample_paths["council"])
    council = next(c for c in catalogue.councils.values() if f"/{c.url}" == sample_paths["council"])
    link = visit.page.get_by_role("link", name="Add a project for this council")

    path, query = follow_to_github(visit, link)
    assert path == "/localgovdigital/pipeline/issues/new"
    assert query["template"] == ["add-project.yml"]
    assert query["lead-council"] == [council.name]


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "320px"])
@pytest.mark.parametrize("name", ["stale-project", "council", "contribute"])
def test_contribution_pages_have_no_axe_violations(open_page, sample_paths, stale_project, name, viewport):
    path = {"stale-project": f"/{stale_project.url}", "contribute": "/contribute/"}.get(name)
    path = path or sample_paths[name]
    visit = open_page(path, viewport=viewport, bypass_csp=True)
    violations = axe_violations(visit.page)
    assert not violations, f"{path}:\n{describe_violations(violations)}"
