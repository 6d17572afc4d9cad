"""Long listings in the browser: the catalogue's combined filters, sort and pages with JavaScript (the
index fetched once, never the catalogue's pages), its pre-rendered pages without, the councils list's
filter, search results that say what kind of page each is, and axe on each of these pages.

The sample catalogue is built again here with a page size small enough to give it several pages.
"""

from __future__ import annotations

import functools
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from browsing import (
    CONTENT,
    DESKTOP,
    NARROW,
    TODAY,
    Visit,
    axe_violations,
    describe_violations,
    keep_local,
    record_console_error,
)
from conftest import served

from pipeline.site.build import build_site
from pipeline.site.context import Site
from pipeline.site.pagination import paginate

pytestmark = pytest.mark.browser

PAGE_SIZE = 4
VISIBLE_COUNCILS = "[data-council-list] tr:not([hidden]) th a"
SETTINGS = CONTENT.parent / "pelicanconf.py"


@pytest.fixture(scope="module")
def paged_url(tmp_path_factory):
    """The sample catalogue with PAGE_SIZE projects to a page, served on loopback."""
    output = tmp_path_factory.mktemp("paged-site") / "output"
    build_site(SETTINGS, CONTENT, output, TODAY, search=False, overrides={"PROJECTS_PER_PAGE": PAGE_SIZE})
    with served(output) as url:
        yield url


@pytest.fixture
def open_paged(browser, paged_url):
    """Like open_page, on the paged site; each Visit also records the paths it requested."""
    contexts = []

    def open_(path: str, *, javascript=True, viewport=DESKTOP, bypass_csp=False) -> Visit:
        context = browser.new_context(
            java_script_enabled=javascript, viewport=viewport, bypass_csp=bypass_csp
        )
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page, paged_url)
        visit.requested = []
        context.route("**/*", functools.partial(keep_local, paged_url, visit.errors))
        page.on("request", lambda request: visit.requested.append(urlsplit(request.url).path))
        page.on("console", functools.partial(record_console_error, visit.errors))
        page.on("pageerror", lambda error: visit.errors.append(f"uncaught exception: {error}"))
        visit.goto(path)
        return visit

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def ordered(catalogue):
    """The sample's projects in the catalogue's default order."""
    site = Site(catalogue, {"PIPELINE_TODAY": TODAY.isoformat()})
    return site.sort_projects(catalogue.projects.values())


def shown_ids(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "main [data-filter-list] > li h3 a, main .cards > li h3 a",
        "links => links.map(link => link.pathname)",
    )
    return [href.strip("/").split("/")[-1] for href in hrefs]


def wait_for(page, predicate, seconds: float = 5.0):
    deadline = page.evaluate("() => performance.now()") + seconds * 1000
    while not (found := predicate()) and page.evaluate("() => performance.now()") < deadline:
        page.wait_for_timeout(50)
    return found


def a_combination(catalogue) -> tuple[str, str]:
    """A phase and a need that several projects share, but not every project of that phase."""
    pairs = Counter(
        (project.phase, need)
        for project in catalogue.projects.values()
        for need in project.get("looking_for", [])
    )
    (phase, need), _ = pairs.most_common(1)[0]
    return phase, need


def test_combined_filters_sort_and_pages_with_javascript(open_paged, catalogue, ordered):
    phase, need = a_combination(catalogue)
    expected = [p.id for p in ordered if p.phase == phase and need in p.get("looking_for", [])]
    visit = open_paged("/projects/")
    page = visit.page
    assert shown_ids(page) == [p.id for p in ordered[:PAGE_SIZE]]
    assert "/projects/index.json" not in visit.requested, "the index is fetched only when first needed"

    page.locator(f'[data-filter-form] input[name="phase"][value="{phase}"]').check()
    page.locator(f'[data-filter-form] input[name="looking-for"][value="{need}"]').check()
    page.get_by_role("button", name="Apply filters").click()
    assert wait_for(page, lambda: shown_ids(page) == expected[:PAGE_SIZE]), shown_ids(page)
    query = parse_qs(urlsplit(page.url).query)
    assert (query["phase"], query["looking-for"]) == ([phase], [need])
    status = page.locator("[data-filter-status]")
    assert wait_for(page, lambda: status.inner_text().strip().startswith(f"{len(expected)} project"))

    page.locator("#filter-sort").select_option("title")
    by_title = sorted(expected, key=lambda id_: catalogue.projects[id_].title.casefold())
    assert wait_for(page, lambda: shown_ids(page) == by_title[:PAGE_SIZE]), shown_ids(page)
    if len(expected) > PAGE_SIZE:
        page.locator("[data-filter-pagination] a[rel=next]").click()
        assert wait_for(page, lambda: shown_ids(page) == by_title[PAGE_SIZE : 2 * PAGE_SIZE])
        assert parse_qs(urlsplit(page.url).query)["page"] == ["2"]

    assert visit.requested.count("/projects/index.json") == 1, "the index is fetched once"
    assert not [path for path in visit.requested if path.startswith("/projects/page/")]
    assert not visit.errors, "\n".join(visit.errors)

    again = open_paged(urlsplit(page.url).path + "?" + urlsplit(page.url).query)
    assert wait_for(again.page, lambda: shown_ids(again.page) == shown_ids(page)), (
        "the address keeps the filters"
    )


def test_pages_and_filter_pages_without_javascript(open_paged, catalogue, ordered):
    visit = open_paged("/projects/", javascript=False)
    page = visit.page
    assert not page.locator("[data-filter-form]").is_visible()
    seen = []
    for number in range(1, len(paginate(ordered, "projects/", PAGE_SIZE)) + 1):
        seen += shown_ids(page)
        nav = page.get_by_role("navigation", name="Pages of projects")
        assert nav.locator("[aria-current=page]").inner_text().strip() == str(number)
        following = nav.locator("a[rel=next]")
        if not following.count():
            break
        following.click()
        page.wait_for_url(f"**/projects/page/{number + 1}/")
    assert seen == [p.id for p in ordered]

    phase, _ = a_combination(catalogue)
    visit.goto(f"/projects/phase/{phase}/")
    listed = []
    while True:
        listed += shown_ids(page)
        following = page.locator("nav.pagination a[rel=next]")
        if not following.count():
            break
        following.click()
        page.wait_for_load_state()
    assert listed == [p.id for p in ordered if p.phase == phase]
    # From a filter page, every other way of browsing is one link away.
    page.locator("main nav.browse").get_by_role("link", name="All projects").click()
    page.wait_for_url("**/projects/")


def test_the_councils_list_filters_by_name_nation_and_type(open_page, catalogue):
    visit = open_page("/councils/")
    page = visit.page
    nation = Counter(council.get("nation") for council in catalogue.councils.values()).most_common(1)[0][0]
    page.locator("#council-nation").select_option(nation)
    expected = {c.name for c in catalogue.councils.values() if c.get("nation") == nation}

    def visible() -> set[str]:
        return set(
            page.eval_on_selector_all(VISIBLE_COUNCILS, "links => links.map(link => link.textContent.trim())")
        )

    assert wait_for(page, lambda: visible() == expected), visible()
    name = sorted(expected)[0]
    page.locator("#council-name").fill(name[:5].lower())
    assert wait_for(page, lambda: visible() == {n for n in expected if name[:5].lower() in n.lower()})
    assert wait_for(page, lambda: "council" in page.locator("[data-council-status]").inner_text())
    assert parse_qs(urlsplit(page.url).query)["nation"] == [nation]
    assert not visit.errors, "\n".join(visit.errors)

    without = open_page("/councils/", javascript=False)
    assert without.page.locator("[data-council-list] tr").count() == len(catalogue.councils)


def test_search_results_say_what_kind_of_page_each_is(open_page, catalogue):
    council = max(catalogue.councils.values(), key=lambda council: len(catalogue.led[council.id]))
    visit = open_page("/search/?q=" + council.name.split()[0])
    result = visit.page.locator(f'main .search-result:has(a[href$="/{council.url}"])')
    result.wait_for(state="visible", timeout=10_000)
    assert result.locator(".search-result__kind").inner_text().strip() == "Council"
    kinds = set(visit.page.locator("main .search-result__kind").all_inner_texts())
    assert kinds <= {"Project", "Council", "Maker day", "Page"}
    visit.page.locator("main input[name=kind][value=Council]").uncheck()
    visit.page.get_by_role("button", name="Search", exact=True).click()
    wait_for(visit.page, lambda: not visit.page.locator(f'main a[href$="/{council.url}"]').count())
    assert "Council" not in visit.page.locator("main .search-result__kind").all_inner_texts()
    assert not visit.errors, "\n".join(visit.errors)


NEW_PAGES = {
    "catalogue page 2": "/projects/page/2/",
    "filtered catalogue": "/projects/?phase=live&sort=title",
    "lead council list": None,  # the lead-council page of the council that leads most
    "councils filtered": "/councils/?nation=england",
}


WIDTHS = {"desktop": DESKTOP, "320px": NARROW}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", NEW_PAGES)
def test_new_pages_pass_axe(open_paged, catalogue, name, width):
    path = NEW_PAGES[name]
    if path is None:
        council = max(catalogue.councils, key=lambda council: len(catalogue.led[council]))
        path = f"/projects/lead-council/{council}/"
    visit = open_paged(path, viewport=WIDTHS[width], bypass_csp=True)
    visit.page.wait_for_load_state("networkidle")
    violations = axe_violations(visit.page)
    assert not violations, f"{path} at {width}:\n{describe_violations(violations)}"


def test_search_results_pass_axe_at_320_pixels(open_page, catalogue):
    council = next(iter(catalogue.councils.values()))
    visit = open_page("/search/?q=" + council.name.split()[0], viewport=NARROW, bypass_csp=True)
    visit.page.locator("main .search-result").first.wait_for(state="visible", timeout=10_000)
    violations = axe_violations(visit.page)
    assert not violations, describe_violations(violations)
