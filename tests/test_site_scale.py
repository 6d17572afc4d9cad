"""A generated catalogue of a few hundred projects, built with small pages: every listing is paginated,
every page stays within its weight budget, and council pages and the councils list stay short."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sitebuild import TODAY, build, html_files, page

from benchmarks.generate import generate_catalogue
from pipeline.catalogue import load_catalogue
from pipeline.exports import council_projects
from pipeline.freshness import Policy
from pipeline.site.context import Site
from pipeline.site.review import SHOWN_ON_REVIEW_PAGE, review_lists

PROJECTS = 300
PAGE_SIZE = 10
COUNCIL_PAGE_PROJECTS = 2
EMBED_PROJECTS = 3
RECENT_DAYS = 60
# The budgets of the issue, met here by construction as at 10,000 projects (benchmarks/run.py measures
# those): no page over 150 KB, the catalogue's first page under 100 KB.
LARGEST_PAGE = 150 * 1024
CATALOGUE_FIRST_PAGE = 100 * 1024


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    content = tmp_path_factory.mktemp("generated") / "content"
    generate_catalogue(content, PROJECTS, seed=3, today=TODAY)
    catalogue, _ = load_catalogue(content, TODAY, Policy())
    output = build(
        content,
        tmp_path_factory.mktemp("generated-site") / "output",
        PROJECTS_PER_PAGE=PAGE_SIZE,
        COUNCIL_PAGE_PROJECTS=COUNCIL_PAGE_PROJECTS,
        EMBED_PROJECTS=EMBED_PROJECTS,
        RECENTLY_UPDATED_DAYS=RECENT_DAYS,
    )
    return catalogue, output


def card_links(soup) -> list[str]:
    return [card.find("a")["href"] for card in soup.select("main .cards > li")]


def every_page_of(output, base: str) -> list[str]:
    """The card links of every page of a paginated list, following its Next links from the first."""
    links, path, seen = [], base, set()
    while path:
        assert path not in seen, f"the pages of {base} link round in a circle at {path}"
        seen.add(path)
        soup = page(output, path.lstrip("/"))
        links += card_links(soup)
        following = soup.select_one("nav.pagination a[rel=next]")
        path = following["href"] if following else None
    return links


def test_no_page_is_over_budget_and_the_catalogue_starts_light(generated):
    _, output = generated
    sizes = {path.relative_to(output).as_posix(): path.stat().st_size for path in html_files(output)}
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] <= LARGEST_PAGE, f"{largest} is {sizes[largest]:,} bytes"
    assert sizes["projects/index.html"] <= CATALOGUE_FIRST_PAGE


def test_the_catalogue_is_paginated_in_default_order(generated):
    catalogue, output = generated
    first = page(output, "projects/")
    assert len(card_links(first)) == PAGE_SIZE
    assert first.select_one("[data-filter-count]").get_text(strip=True) == f"Projects 1 to 10 of {PROJECTS}"
    current = first.select("nav.pagination [aria-current=page]")
    assert [link.get_text(strip=True) for link in current] == ["1"]
    assert first.select_one("nav.pagination a[rel=prev]") is None

    links = every_page_of(output, "/projects/")
    site = Site(catalogue, {"PIPELINE_TODAY": TODAY.isoformat()})
    assert links == [f"/{project.url}" for project in site.sort_projects(catalogue.projects.values())]

    last = page(output, f"projects/page/{PROJECTS // PAGE_SIZE}/")
    assert last.select_one("nav.pagination a[rel=next]") is None
    assert (
        last.select_one("nav.pagination a[rel=prev]")["href"]
        == f"/projects/page/{PROJECTS // PAGE_SIZE - 1}/"
    )
    assert "(page 30 of 30)" in last.title.get_text()


@pytest.mark.parametrize(
    "path", ["projects/phase/live/", "projects/nation/wales/", "projects/looking-for/partners/"]
)
def test_filter_pages_are_paginated_and_list_exactly_their_projects(generated, path):
    catalogue, output = generated
    key, value = path.split("/")[1:3]
    councils = catalogue.councils
    values_of = {
        "phase": lambda project: [project.phase],
        "nation": lambda project: [councils[c].get("nation") for c in project.councils],
        "looking-for": lambda project: project.get("looking_for", []),
    }[key]
    expected = {f"/{p.url}" for p in catalogue.projects.values() if value in values_of(p)}
    links = every_page_of(output, "/" + path)
    assert len(links) == len(set(links))
    assert set(links) == expected
    assert len(expected) > PAGE_SIZE, "the sample should need more than one page"


def test_council_pages_show_a_few_projects_and_link_to_all(generated):
    catalogue, output = generated
    council_id = max(catalogue.led, key=lambda council: len(catalogue.led[council]))
    council = catalogue.councils[council_id]
    main = page(output, council.url).find("main")
    led = main.select("#led + .cards > li")
    assert len(led) == COUNCIL_PAGE_PROJECTS
    see_all = main.find("a", string=f"See all {len(catalogue.led[council_id])} projects {council.name} leads")
    assert see_all["href"] == f"/projects/lead-council/{council_id}/"
    assert set(every_page_of(output, see_all["href"])) == {f"/{p.url}" for p in catalogue.led[council_id]}
    summary = main.select_one("#collaborators + p").get_text(" ", strip=True)
    assert f"with {len(catalogue.collaborators(council_id))} other councils" in summary


@pytest.mark.parametrize("language", ["", "cy/"])
def test_council_embeds_show_a_few_projects_and_link_to_all_in_both_languages(generated, language):
    catalogue, output = generated
    embeds = sorted(output.glob(f"{language}councils/*/embed/index.html"))
    assert len(embeds) == len(catalogue.councils)
    assert max(embed.stat().st_size for embed in embeds) <= LARGEST_PAGE
    busiest = max(
        catalogue.councils.values(), key=lambda council: len(council_projects(catalogue, council.id))
    )
    projects = council_projects(catalogue, busiest.id)
    assert len(projects) > EMBED_PROJECTS, "the sample should need a link to the rest"
    soup = page(output, f"{language}councils/{busiest.id}/embed/")
    site = Site(catalogue, {"PIPELINE_TODAY": TODAY.isoformat()})
    expected = [f"/{language}{project.url}" for project in site.sort_projects(projects)[:EMBED_PROJECTS]]
    assert [link["href"] for link in soup.select(".embed__project a")] == expected
    more = soup.select_one(".embed__more")
    assert str(len(projects)) in more.get_text() and str(EMBED_PROJECTS) in more.get_text()
    see_all = more.find("a")
    assert see_all["href"] == f"/{language}projects/council/{busiest.id}/"
    assert see_all["target"] == "_top"
    assert set(every_page_of(output, see_all["href"])) == {f"/{language}{p.url}" for p in projects}


def test_the_councils_list_says_what_each_leads_and_joins(generated):
    catalogue, output = generated
    rows = page(output, "councils/").select("[data-council-list] > tr")
    assert len(rows) == len(catalogue.councils)
    for row in rows:
        council = catalogue.councils[row.find("a")["href"].strip("/").split("/")[-1]]
        assert row["data-nation"] == council.get("nation")
        assert row["data-type"] == council.get("type")
        led, joined = len(catalogue.led[council.id]), len(catalogue.partnered[council.id])
        text = row.find("td").get_text(strip=True)
        assert text == (f"Leads {led}, joins {joined}" if led or joined else "None yet")
    form = page(output, "councils/").select_one("[data-council-filter]")
    assert {control["name"] for control in form.select("input, select")} == {
        "name",
        "nation",
        "region",
        "type",
    }
    assert form.select_one("button[type=submit]")


def test_the_catalogue_index_holds_every_project_compactly(generated):
    catalogue, output = generated
    index = json.loads((output / "projects/index.json").read_text(encoding="utf-8"))
    assert len(index["projects"]) == PROJECTS
    assert (
        "projects/index.json"
        not in (output / "projects/index.html").read_text(encoding="utf-8").split('data-filter-index="')[0]
    ), "the index is fetched, never inlined"


def test_the_home_page_shows_only_recent_updates(generated):
    catalogue, output = generated
    since = TODAY - timedelta(days=RECENT_DAYS)
    updated = {f"/{p.url}": p.last_updated for p in catalogue.projects.values()}
    home = page(output, "")
    recent = home.find("h2", string="Recently updated").find_next("ul", class_="cards")
    for href in card_links_of(recent):
        assert since <= updated[href] <= TODAY, href


def card_links_of(cards) -> list[str]:
    return [card.find("a")["href"] for card in cards.select(":scope > li")] if cards else []


def test_the_review_page_shows_the_most_urgent_of_each_list_and_links_to_all_of_it(generated):
    """Each long list of the review page shows its first items and links to pages of its own, which
    together list all of it once, in the same order."""
    catalogue, output = generated
    lists = review_lists(Site(catalogue, {"PIPELINE_TODAY": TODAY.isoformat()}).review)
    review = page(output, "review/")
    cut = [found for found in lists.values() if found.is_cut]
    assert {found.kind for found in cut} >= {"waiting", "unanswered"}, (
        "the generated catalogue has long lists"
    )
    for found in lists.values():
        link = review.select_one(f'main a[href="/{found.path}"]')
        assert (link is not None) == found.is_cut, found.slug
        if not found.is_cut:
            continue
        assert f"See all {len(found.items):,}" in link.get_text(), found.slug
        shown = link.find_parent("p").find_previous_sibling("ul")
        assert len(shown.find_all("li", recursive=False)) == SHOWN_ON_REVIEW_PAGE
        links, path = [], "/" + found.path
        while path:
            soup = page(output, path.lstrip("/"))
            assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
            items = soup.select("#review-list > li")
            assert len(items) <= PAGE_SIZE
            links += [item.find("a")["href"] for item in items]
            following = soup.select_one("nav.pagination a[rel=next]")
            path = following["href"] if following else None
        assert links == [f"/{project_of(item).url}" for item in found.items], found.slug


def test_the_review_pages_are_english_marked_as_english_on_the_welsh_site(generated):
    _, output = generated
    pages = sorted(
        path.parent.relative_to(output).as_posix() + "/"
        for path in (output / "cy/review").rglob("index.html")
    )
    assert "cy/review/" in pages and len(pages) > 1, "the review page and its lists' pages"
    for path in pages:
        soup = page(output, path)
        assert soup.find("main").get("lang") == "en", path
        for link in soup.select(".breadcrumbs li + li a"):  # "Entries to review", in English
            assert link.find(lang="en") is not None, path
        for navigation in soup.select("main nav.pagination"):
            assert navigation.find_parent(lang="cy") is not None, (
                f"{path}: its Welsh page links are marked Welsh"
            )


def project_of(item):
    """The project or council an item of a review list is about (the first of a pair)."""
    first = item[0] if isinstance(item, tuple) else item
    return getattr(first, "project", first)
