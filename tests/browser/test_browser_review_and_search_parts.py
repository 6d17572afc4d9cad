"""A generated catalogue large enough for the review page to cut its lists and for the search index to
come in parts: the review page and its lists' own pages pass axe and reflow at 320 pixels, their pages
link through, and the search finds a page that only a further part of the index holds."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections import Counter

import pytest
from browsing import (
    DESKTOP,
    NARROW,
    ROOT,
    TODAY,
    axe_violations,
    describe_violations,
)
from conftest import served, visits

from benchmarks.generate import generate_catalogue
from pipeline.site.build import build_site
from pipeline.site.search import BUNDLE, PARTS_FILE, build_index

pytestmark = pytest.mark.browser

PROJECTS = 80
PAGE_SIZE = 5
PART_PAGES = 25
WIDTHS = {"desktop": DESKTOP, "320px": NARROW}
WORD = re.compile(r"[a-z]{6,}")
STEM = 6  # Pagefind stems words: compare them by their first letters


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory):
    """The generated catalogue built with its search index in parts of PART_PAGES pages."""
    work = tmp_path_factory.mktemp("review-site")
    generate_catalogue(work / "content", PROJECTS, seed=2, today=TODAY)
    output = work / "output"
    settings = ROOT / "pelicanconf.py"
    build_site(
        settings, work / "content", output, TODAY, search=False, overrides={"PROJECTS_PER_PAGE": PAGE_SIZE}
    )
    shutil.rmtree(output / BUNDLE, ignore_errors=True)
    build_index(output, limit=PART_PAGES)
    return output


@pytest.fixture(scope="module")
def generated_url(generated_site):
    with served(generated_site) as url:
        yield url


@pytest.fixture
def open_generated(browser, generated_url):
    with visits(browser, generated_url) as open_:
        yield open_


def review_list_paths(site) -> list[str]:
    """The first and second page of every list of the review page that has pages of its own."""
    paths = []
    for folder in sorted(path.parent for path in (site / "review").glob("*/index.html")):
        paths.append(f"/{folder.relative_to(site).as_posix()}/")
        if (folder / "page" / "2" / "index.html").is_file():
            paths.append(f"/{folder.relative_to(site).as_posix()}/page/2/")
    return paths


def test_the_review_page_has_lists_with_pages_of_their_own(generated_site):
    paths = review_list_paths(generated_site)
    assert "/review/to-confirm/" in paths and "/review/to-confirm/page/2/" in paths


@pytest.mark.parametrize("width", WIDTHS)
def test_review_pages_have_no_axe_violations(open_generated, generated_site, width):
    for path in ["/review/", *review_list_paths(generated_site)]:
        visit = open_generated(path, viewport=WIDTHS[width], bypass_csp=True)
        violations = axe_violations(visit.page)
        assert not violations, f"{path} at {width}:\n{describe_violations(violations)}"
        overflow = visit.page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not overflow, f"{path} scrolls sideways at {width}"
        assert not visit.errors, "\n".join(visit.errors)


def test_see_all_leads_to_every_page_of_a_list(open_generated):
    visit = open_generated("/review/")
    page = visit.page
    page.locator("main").get_by_role("link", name=re.compile(r"^See all \d+ projects to confirm$")).click()
    page.wait_for_url("**/review/to-confirm/")
    assert page.locator("h1").inner_text() == "Projects to confirm"
    first = page.locator("#review-list > li h2 a").first.inner_text()
    page.get_by_role("navigation", name=re.compile("Pages of")).get_by_role("link", name="Next page").click()
    page.wait_for_url("**/review/to-confirm/page/2/")
    assert page.locator("#review-list > li").count() >= 1
    assert first not in page.locator("#review-list").inner_text()


def fragment_texts(bundle) -> dict[str, str]:
    """The indexed text of every page a Pagefind bundle holds, by URL."""
    found = {}
    for path in (bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data["meta"]["title"] + " " + data["content"]
    return found


def a_page_only_a_further_part_holds(site) -> tuple[str, str]:
    """(url, word): a page of a further part of the index, and the rarest word of its text, found in
    fewer pages than one batch of results shows."""
    bundle = site / BUNDLE
    parts = json.loads((bundle / PARTS_FILE).read_text(encoding="utf-8"))["en-gb"]
    assert parts, "the index comes in parts"
    texts = {url: text for path in ["", *parts] for url, text in fragment_texts(bundle / path).items()}
    stems = {url: {word[:STEM] for word in WORD.findall(text.lower())} for url, text in texts.items()}
    frequency = Counter(stem for found in stems.values() for stem in found)
    further = fragment_texts(bundle / parts[-1])
    candidates = [
        (frequency[word[:STEM]], url, word)
        for url in further
        for word in WORD.findall(texts[url].lower())
        if frequency[word[:STEM]] <= 5
    ]
    assert candidates, "a page of the further part has a rare word"
    _, url, word = min(candidates)
    return url, word


def test_search_finds_a_page_in_a_further_part_of_the_index(open_generated, generated_site):
    url, word = a_page_only_a_further_part_holds(generated_site)
    visit = open_generated("/search/")
    field = visit.page.locator("main").get_by_role("searchbox")
    field.wait_for(state="visible", timeout=10_000)
    field.press_sequentially(word, delay=20)
    result = visit.page.locator(f'main .search-results a[href$="{url}"]')
    result.wait_for(state="visible", timeout=10_000)
    assert not visit.errors, "\n".join(visit.errors)
