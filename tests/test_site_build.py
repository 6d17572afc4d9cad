"""Golden-path builds of the site: the sample catalogue, and small catalogues that probe one behaviour each."""

from __future__ import annotations

import functools
import json
import re
import socket
import threading
import xml.etree.ElementTree as ElementTree
from datetime import timedelta
from http.server import ThreadingHTTPServer
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup
from catalogue_fixtures import project_data
from sitebuild import CONTENT, PUBLISH_SETTINGS, ROOT, TODAY, build, html_files, page

from pipeline import freshness
from pipeline.catalogue import load_catalogue
from pipeline.cli.serve import SiteRequestHandler
from pipeline.freshness import Policy
from pipeline.schemas import labels
from pipeline.site.errors import InvalidCatalogue

ATOM = "{http://www.w3.org/2005/Atom}"
REPO = "localgovdigital/pipeline"
ISSUE_FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self';"
LISTING_PAGES = [
    "",
    "projects/",
    "councils/",
    "makerdays/",
    "search/",
    "about/",
    "contribute/",
    "accessibility/",
]


@pytest.fixture(scope="module")
def catalogue():
    found, _ = load_catalogue(CONTENT, TODAY, Policy())
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample catalogue, built with its search index."""
    return build(CONTENT, tmp_path_factory.mktemp("sample") / "output", search=True)


def state_of(project) -> str:
    return freshness.state(project, TODAY, freshness.Policy())


# the sample catalogue ------------------------------------------------------------


def test_every_entry_and_listing_has_a_page(site, catalogue):
    for entry in catalogue.entries():
        soup = page(site, entry.url)
        assert soup.h1.get_text(strip=True) == entry.title
    for path in LISTING_PAGES:
        assert (site / path / "index.html").is_file(), path
    assert (site / "404.html").is_file()


def test_pelican_reads_nothing_of_its_own(site):
    """No blog: no article, tag, category, author or archive pages, and no Pelican feeds."""
    for name in (
        "tag",
        "tags.html",
        "category",
        "categories.html",
        "author",
        "authors.html",
        "archives.html",
    ):
        assert not (site / name).exists(), name
    assert sorted(path.name for path in (site / "feeds").iterdir()) == ["updates.atom.xml"]
    assert not list(site.rglob("*.md"))


def test_project_pages_show_what_a_partner_needs(site, catalogue):
    for project in catalogue.projects.values():
        soup = page(site, project.url)
        main = soup.find("main")
        text = main.get_text(" ", strip=True)
        assert main["data-freshness"] == state_of(project)
        assert main.has_attr("data-pagefind-body")
        assert labels("project", ("phase",))[project.phase] in text
        assert catalogue.councils[project.lead_council].name in text
        for need in project.get("looking_for", []):
            assert labels("project", ("looking_for",))[need] in text
        for update in project.updates:
            assert main.find(id=f"update-{update['day'].isoformat()}") is not None
        for makerday in catalogue.challenged_at.get(project.id, []):
            assert main.find("a", href=f"/{makerday.url}") is not None
        if project.get("born_at"):
            assert main.find("a", href=f"/makerdays/{project.get('born_at')}/") is not None


def test_funding_progress_has_a_text_equivalent(site, catalogue):
    with_target = [p for p in catalogue.projects.values() if p.get("funding_target_gbp")]
    if not with_target:
        pytest.skip("no sample project has a funding target")
    for project in with_target:
        progress = page(site, project.url).find("progress")
        label = page(site, project.url).find(id=progress["aria-labelledby"])
        assert int(progress["max"]) == project.get("funding_target_gbp")
        assert f"£{project.get('funding_target_gbp'):,}" in label.get_text()


def test_every_project_element_carries_its_freshness(site, catalogue):
    """Wherever a project appears as a card, the card says how fresh it is, in an attribute and in words."""
    project_urls = {f"/{project.url}": project for project in catalogue.projects.values()}
    cards = 0
    for path in html_files(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for card in soup.select(".card"):
            link = card.find("a", href=True)
            project = project_urls.get(link["href"]) if link else None
            if project:
                cards += 1
                assert card.get("data-freshness") == state_of(project), f"{path}: {project.id}"
                assert card.select_one(".badge").get_text(strip=True) == freshness.LABELS[state_of(project)]
    assert cards >= len(catalogue.projects) * 2


def test_catalogue_lists_every_project_with_stale_ones_below(site, catalogue):
    cards = page(site, "projects/").select("[data-filter-list] > li")
    assert len(cards) == len(catalogue.projects)
    orders = [freshness.SORT_ORDER[card["data-freshness"]] for card in cards]
    assert orders == sorted(orders)


def test_filter_pages_list_exactly_the_matching_projects(site, catalogue):
    for phase in labels("project", ("phase",)):
        soup = page(site, f"projects/phase/{phase}/")
        listed = {card.find("a")["href"] for card in soup.select(".cards > li")}
        expected = {f"/{p.url}" for p in catalogue.projects.values() if p.phase == phase}
        assert listed == expected, phase
    for council_id in catalogue.councils:
        soup = page(site, f"projects/council/{council_id}/")
        listed = {card.find("a")["href"] for card in soup.select(".cards > li")}
        assert listed == {f"/{p.url}" for p in catalogue.projects.values() if council_id in p.councils}


def test_catalogue_links_to_the_filter_pages_that_have_projects(site, catalogue):
    links = {a["href"] for a in page(site, "projects/").select("nav.browse a")}
    assert "/councils/" in links, "councils are browsed from the list of councils"
    for project in catalogue.projects.values():
        assert f"/projects/phase/{project.phase}/" in links
        for area in project.get("service_areas", []):
            assert f"/projects/service-area/{area}/" in links
        for need in project.get("looking_for", []):
            assert f"/projects/looking-for/{need}/" in links


def test_council_pages_show_what_the_council_does(site, catalogue):
    for council in catalogue.councils.values():
        main = page(site, council.url).find("main")
        hrefs = {a["href"] for a in main.find_all("a", href=True)}
        for project in catalogue.led[council.id] + catalogue.partnered[council.id]:
            assert f"/{project.url}" in hrefs
        for project, _ in catalogue.pledges[council.id]:
            assert f"/{project.url}" in hrefs
        for makerday in catalogue.hosted[council.id]:
            assert f"/{makerday.url}" in hrefs
        collaborators = catalogue.collaborators(council.id)
        named = {other for other in collaborators if f"/councils/{other}/" in hrefs}
        assert len(named) == min(len(collaborators), 8), council.id


def test_maker_days_index_puts_upcoming_first_and_marks_cancelled(site, catalogue):
    soup = page(site, "makerdays/")
    headings = [h2.get_text(strip=True) for h2 in soup.find("main").find_all("h2")]
    assert headings[:2] == ["Upcoming", "Past"]
    for makerday in catalogue.makerdays.values():
        link = soup.find("a", href=f"/{makerday.url}")
        card_text = link.find_parent("li").get_text(" ", strip=True)
        if makerday.status == "cancelled":
            assert "Cancelled" in card_text


def test_maker_day_pages_link_challenges_and_outputs(site, catalogue):
    for makerday in catalogue.makerdays.values():
        main = page(site, makerday.url).find("main")
        hrefs = {a["href"] for a in main.find_all("a", href=True)}
        assert f"/councils/{makerday.host_council}/" in hrefs
        for project_id in makerday.challenge_projects:
            assert f"/projects/{project_id}/" in hrefs
        for output in makerday.get("outputs", []):
            assert output["url"] in hrefs
        for sponsor in makerday.get("sponsors", []):
            assert sponsor["name"] in main.get_text()


def issue_form(link) -> tuple[str, dict[str, list[str]]]:
    """The issue form a link opens (its file name) and the fields it fills in."""
    url = urlsplit(link["href"])
    assert (url.scheme, url.netloc, url.path) == ("https", "github.com", f"/{REPO}/issues/new"), link
    query = parse_qs(url.query)
    return query.pop("template")[0], query


def test_entry_pages_link_to_their_file_on_github(site, catalogue):
    for entry in catalogue.entries():
        main = page(site, entry.url).find("main")
        edit_url = f"https://github.com/{REPO}/edit/main/content/{entry.folder}/{entry.id}.md"
        assert main.select(f'.edit-link a[href="{edit_url}"]'), entry.id


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Confirm this is still accurate", "confirm-project.yml"),
        ("Update this project", "update-project.yml"),
        ("Join this project", "join-project.yml"),
    ],
)
def test_every_project_page_offers_each_form_with_the_project_filled_in(site, catalogue, text, form):
    for project in catalogue.projects.values():
        block = page(site, project.url).select_one("main .contribute")
        link = block.find("a", string=text)
        assert link is not None, f"{project.id}: no {text!r} link"
        opened, fields = issue_form(link)
        assert (opened, fields["project"]) == (form, [project.id])
        assert project.title in fields["title"][0]


def test_a_project_due_for_review_leads_with_confirm_and_says_how_overdue(site, catalogue):
    needing_review = [p for p in catalogue.projects.values() if state_of(p) in ("due", "stale")]
    assert needing_review, "the sample catalogue has no project due for review"
    for project in catalogue.projects.values():
        soup = page(site, project.url)
        notice = soup.select_one("main .notice--review")
        overdue = freshness.overdue_text(Policy().days_overdue(project.last_reviewed, TODAY))
        confirm = soup.select_one("main .contribute").find("a", string="Confirm this is still accurate")
        if project in needing_review:
            first = notice.find("a")
            assert first.get_text(strip=True) == "Confirm this is still accurate", project.id
            assert issue_form(first)[0] == "confirm-project.yml"
            assert overdue in notice.get_text(" ", strip=True)
            assert soup.select_one("main .tags .badge-detail").get_text(strip=True) == f"({overdue})"
            assert "button--secondary" not in confirm["class"]
        else:
            assert notice is None and soup.select_one("main .tags .badge-detail") is None
            assert "button--secondary" in confirm["class"]


def test_cards_of_projects_due_for_review_say_how_overdue(site, catalogue):
    for card in page(site, "projects/").select("[data-filter-list] > li"):
        project = catalogue.projects[card.find("a")["href"].strip("/").split("/")[-1]]
        detail = card.select_one(".badge-detail")
        if state_of(project) in ("due", "stale"):
            overdue = freshness.overdue_text(Policy().days_overdue(project.last_reviewed, TODAY))
            assert detail.get_text(strip=True) == f"({overdue})"
        else:
            assert detail is None


def test_every_council_page_offers_to_add_a_project_for_it(site, catalogue):
    for council in catalogue.councils.values():
        link = page(site, council.url).find("a", string="Add a project for this council")
        opened, fields = issue_form(link)
        assert (opened, fields["lead-council"]) == ("add-project.yml", [council.name])


def test_the_contribute_page_links_every_issue_form(site):
    forms = {path.name for path in ISSUE_FORMS.glob("*.yml")} - {"config.yml"}
    assert forms, f"no issue forms in {ISSUE_FORMS}"
    main = page(site, "contribute/").find("main")
    linked = {issue_form(a)[0] for a in main.find_all("a", href=True) if "/issues/new" in a["href"]}
    assert forms <= linked, f"not linked from the contribute page: {sorted(forms - linked)}"
    headings = [heading.get_text(strip=True) for heading in main.find_all("h2")]
    assert headings.index("Forms") < headings.index("Editing the file on GitHub instead")
    assert headings.index("Editing the file on GitHub instead") < headings.index("On your own computer")


def test_every_page_has_the_content_security_policy_and_no_inline_code(site):
    for path in html_files(site.joinpath()):
        if "pagefind" in path.parts:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        if path.parent.name == "search":
            policy = policy.replace(" 'wasm-unsafe-eval'", "")
        assert policy == CSP, path
        assert not soup.find_all("style") and not soup.find_all(style=True), path
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", path


def test_feeds_carry_the_updates(site, catalogue):
    every = ElementTree.parse(site / "feeds/updates.atom.xml").getroot()
    newest = max(update["day"] for project in catalogue.projects.values() for update in project.updates)
    assert every.find(f"{ATOM}entry/{ATOM}published").text.startswith(newest.isoformat())
    for project in catalogue.projects.values():
        feed = ElementTree.parse(site / project.url / "updates.atom.xml").getroot()
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == len(project.updates)
        for entry in entries:
            assert entry.find(f"{ATOM}link").get("href").startswith(f"/{project.url}#update-")


def test_sitemap_lists_every_entry(site, catalogue):
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()
    locations = {url.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text for url in sitemap}
    assert {f"/{entry.url}" for entry in catalogue.entries()} <= locations
    assert "/404.html" not in locations
    assert "/review/" not in locations, "the review page is noindex"
    assert "Sitemap: /sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")


def test_search_index_is_built_with_filters(site):
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    search = page(site, "search/")
    sources = [script["src"] for script in search.find_all("script", src=True)]
    assert sources == ["/static/js/search.js"]
    assert search.find("noscript") is not None
    kinds = [box["value"] for box in search.select("[data-search] input[name=kind]")]
    assert kinds == ["Project", "Council", "Maker day", "Page"]


def test_only_entry_pages_and_site_pages_are_searchable_each_with_its_kind(site, catalogue):
    """Listings are not indexed; each entry page and page of the site's own is, with its kind as a
    filter and as the result's metadata; badges and details are left out of the indexed text."""
    searchable = {
        path.parent.relative_to(site).as_posix() + "/": page(
            site, path.parent.relative_to(site).as_posix() + "/"
        )
        for path in html_files(site)
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
    }
    kinds = {"projects": "Project", "councils": "Council", "makerdays": "Maker day"}
    expected = {entry.url: kinds[entry.folder] for entry in catalogue.entries()}
    expected |= {f"{name}/": "Page" for name in ("about", "contribute", "accessibility")}
    expected |= {f"cy/{path}": kind for path, kind in expected.items()}  # each page in Welsh too
    assert set(searchable) == set(expected)
    for path, soup in searchable.items():
        main = soup.find("main")
        assert main["data-pagefind-filter"] == f"kind:{expected[path]}", path
        assert main["data-pagefind-meta"] == f"kind:{expected[path]}", path
        for badge in main.select(".tags, .card__tags, .badge"):
            ignored = badge.has_attr("data-pagefind-ignore") or badge.find_parent(
                attrs={"data-pagefind-ignore": True}
            )
            assert ignored, (path, badge)


def test_a_project_page_is_small(site, catalogue):
    stylesheet = (site / "static" / "css" / "main.css").stat().st_size
    for project in catalogue.projects.values():
        size = (site / project.url / "index.html").stat().st_size + stylesheet
        assert size <= 30 * 1024, f"{project.id}: {size} bytes of HTML and CSS"


def test_serving_answers_with_pages_and_the_404_page(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            with urlopen(f"{base}/projects/") as response:
                assert response.status == 200
            with pytest.raises(HTTPError) as missing:
                urlopen(f"{base}/projects/no-such-project/")
            assert missing.value.code == 404
            assert "Page not found" in missing.value.read().decode("utf-8")
        finally:
            server.shutdown()
            thread.join()


class QuietHandler(SiteRequestHandler):
    def log_message(self, format, *args):
        pass


# small catalogues ------------------------------------------------------------------


def test_invalid_catalogue_fails_with_the_validators_messages_and_writes_nothing(
    make_catalogue, tmp_path, run_pipeline
):
    content = make_catalogue(tmp_path, files={"projects/broken.md": project_data(phase="alpah")})
    output = tmp_path / "output"
    output.mkdir()
    (output / "previous.html").write_text("the site before", encoding="utf-8")
    result = run_pipeline("build", "--content", content, "--output", output, "--today", TODAY, "--no-search")
    assert result.code == 1
    assert re.search(r"broken\.md:\d+:\d+: error: .*phase", result.err)
    assert sorted(path.name for path in tmp_path.iterdir()) == [".output.lock", "content", "output"]
    assert [path.name for path in output.iterdir()] == ["previous.html"]


def test_build_and_rebuild_leave_no_orphan_pages(make_catalogue, tmp_path):
    content = make_catalogue(tmp_path, files={"projects/short-lived.md": project_data(title="Short lived")})
    output = tmp_path / "output"
    build(content, output)
    assert (output / "projects/short-lived/index.html").is_file()
    (content / "projects/short-lived.md").unlink()
    build(content, output)
    assert not (output / "projects/short-lived").exists()
    assert (output / "projects/bin-collection-app/index.html").is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".output-pages.json",
        ".output-similar.npz",
        ".output.lock",
        "content",
        "output",
    ]


def test_hidden_files_are_never_published(make_catalogue, tmp_path):
    content = make_catalogue(
        tmp_path,
        files={
            "projects/.draft.md": project_data(title="Secret draft"),
            ".hidden/notes.md": "secret notes",
            "pages/.unfinished.md": "---\ntitle: Unfinished\n---\nSecret page.\n",
        },
    )
    output = build(content, tmp_path / "output")
    published = [path for path in output.rglob("*") if path.is_file()]
    assert not [
        path for path in published if any(part.startswith(".") for part in path.relative_to(output).parts)
    ]
    assert not [path for path in published if path.suffix == ".html" and "Secret" in path.read_text("utf-8")]


def test_today_decides_freshness_at_build_time(make_catalogue, tmp_path):
    content = make_catalogue(tmp_path)
    reviewed = TODAY - timedelta(days=10)
    (content / "projects/bin-collection-app.md").write_text(
        (content / "projects/bin-collection-app.md")
        .read_text(encoding="utf-8")
        .replace("last_reviewed: 2026-10-01", f"last_reviewed: {reviewed}"),
        encoding="utf-8",
    )
    output = tmp_path / "output"
    for today, state in [
        (TODAY, "fresh"),
        (reviewed + timedelta(days=160), "due"),
        (reviewed + timedelta(days=181), "stale"),
    ]:
        build(content, output, today=today)
        assert page(output, "projects/bin-collection-app/").find("main")["data-freshness"] == state
        card = page(output, "councils/west-berkshire/").select_one(".card[data-freshness]")
        assert card["data-freshness"] == state
    banner = page(output, "projects/bin-collection-app/").select_one("main .notice--review")
    assert banner.find("a").get_text(strip=True) == "Confirm this is still accurate"


def test_publish_settings_give_absolute_canonical_urls(make_catalogue, tmp_path):
    content = make_catalogue(tmp_path)
    output = build(content, tmp_path / "output", settings=PUBLISH_SETTINGS)
    siteurl = "https://localgovdigital.github.io/pipeline"
    soup = page(output, "projects/bin-collection-app/")
    assert soup.find("link", rel="canonical")["href"] == f"{siteurl}/projects/bin-collection-app/"
    assert soup.find("link", rel="stylesheet")["href"] == f"{siteurl}/static/css/main.css"
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{siteurl}/projects/bin-collection-app/</loc>" in sitemap
    assert not (output / "robots.txt").exists(), "robots.txt counts only at a host's root"


def test_invalid_catalogue_raises_before_writing(make_catalogue, tmp_path):
    content = make_catalogue(tmp_path, files={"projects/orphan.md": project_data(lead_council="atlantis")})
    with pytest.raises(InvalidCatalogue) as raised:
        build(content, tmp_path / "output")
    assert any("atlantis" in problem.message for problem in raised.value.problems)
    assert not (tmp_path / "output").exists()


def test_output_folder_holding_the_content_is_refused(make_catalogue, tmp_path, run_pipeline):
    content = make_catalogue(tmp_path)
    result = run_pipeline("build", "--content", content, "--output", tmp_path, "--no-search")
    assert result.code == 2
    assert (content / "projects/bin-collection-app.md").is_file()


def test_the_filters_are_the_facets_and_the_index_carries_each_projects_values(site, catalogue):
    """Site.facets is the one list: the form draws a control for each filter facet, the catalogue index
    carries each project's values of each, and filter.js reads the keys from the page."""
    soup = page(site, "projects/")
    controls = [
        element["data-filter-facet"] for element in soup.select("[data-filter-form] [data-filter-facet]")
    ]
    assert controls == ["phase", "service-area", "looking-for", "freshness", "council", "nation", "region"]
    for key in controls:
        assert soup.select(f'[data-filter-form] [name="{key}"]'), key
    assert soup.select_one("[data-filter-form] button[type=submit]"), "the filter form needs a submit button"
    index = json.loads((site / "projects/index.json").read_text(encoding="utf-8"))
    assert [facet["key"] for facet in index["facets"]] == controls
    assert len(index["projects"]) == len(catalogue.projects)
    values = {facet["key"]: [value for value, _ in facet["values"]] for facet in index["facets"]}
    for row in index["projects"]:
        record = dict(zip(index["fields"], row, strict=True))
        project = catalogue.projects[record["url"].strip("/").split("/")[-1]]
        assert [values["phase"][n] for n in record["phase"]] == [project.phase]
        assert [values["looking-for"][n] for n in record["looking-for"]] == project.get("looking_for", [])
        assert [values["service-area"][n] for n in record["service-area"]] == project.get("service_areas", [])
        assert [values["council"][n] for n in record["council"]] == project.councils
        assert [values["freshness"][n] for n in record["freshness"]] == [state_of(project)]
    script = (site / "static/js/filter.js").read_text(encoding="utf-8")
    assert "data-filter-facet" in script


def test_page_placeholders_follow_the_settings(make_catalogue, tmp_path):
    page_text = "---\ntitle: Forms\n---\n[Add a project](https://github.com/{repo}/issues/new?template=add-project.yml) and [home]({site}/).\n"
    content = make_catalogue(tmp_path, files={"pages/forms.md": page_text})
    output = build(
        content, tmp_path / "output", GITHUB_REPO="a-council/catalogue", SITEURL="https://example.org"
    )
    hrefs = [a["href"] for a in page(output, "forms/").select(".prose a")]
    assert hrefs == [
        "https://github.com/a-council/catalogue/issues/new?template=add-project.yml",
        "https://example.org/",
    ]


def test_a_busy_port_says_how_to_choose_another(make_catalogue, tmp_path, run_pipeline):
    content = make_catalogue(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_pipeline(
            "serve",
            "--content",
            str(content),
            "--output",
            str(tmp_path / "site"),
            "--no-search",
            "--port",
            str(port),
            f"--today={TODAY.isoformat()}",
        )
    assert result.code == 2
    assert f"port {port} is already in use" in result.err
    assert f"make serve PORT={port + 1}" in result.err
