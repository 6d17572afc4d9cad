"""`pipeline links` over built sites: every internal link, script, stylesheet and #fragment resolves."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import CONTENT, PUBLISH_SETTINGS, build

from pipeline.links import Site, broken_links

PUBLISHED_SITEURL = "https://localgovdigital.github.io/pipeline"
PROJECT_PAGE = '<h1>Real</h1> <h2 id="updates">Updates</h2>'


@pytest.fixture(scope="module")
def local_site(tmp_path_factory) -> Path:
    return build(CONTENT, tmp_path_factory.mktemp("links") / "output", search=True)


@pytest.fixture(scope="module")
def published_site(tmp_path_factory) -> Path:
    return build(
        CONTENT, tmp_path_factory.mktemp("published") / "output", search=True, settings=PUBLISH_SETTINGS
    )


@pytest.fixture
def site(tmp_path, monkeypatch):
    """write(files) -> "site": a site of {path: text} in tmp_path/site, so messages start "site/"."""
    monkeypatch.chdir(tmp_path)

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = Path("site", name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return Path("site")

    return write


def checked_sources(output: Path, site_url: str = "") -> set[str]:
    links, unreadable = Site(output, site_url).read_links()
    assert unreadable == []
    return {link.source.relative_to(output).as_posix() for link in links}


def test_the_sample_site_pages_feeds_and_sitemap_have_no_broken_links(local_site):
    sources = checked_sources(local_site)
    assert {"index.html", "sitemap.xml", "feeds/updates.atom.xml"} <= sources
    assert any(source.startswith("projects/") and source.endswith(".atom.xml") for source in sources)
    assert broken_links(local_site) == []


def test_the_published_site_links_resolve_under_its_address(published_site):
    assert {"index.html", "sitemap.xml", "feeds/updates.atom.xml"} <= checked_sources(published_site)
    assert broken_links(published_site, PUBLISHED_SITEURL) == []


def test_the_checker_finds_broken_links_in_pages(site):
    output = site(
        {
            "projects/real/index.html": PROJECT_PAGE,
            "index.html": '<a href="/projects/real/">fine</a> <a href="/projects/real/#updates">fine</a>'
            ' <a href="https://example.com/">elsewhere</a> <a href="mailto:team@example.org">mail</a>'
            ' <a href="#top">missing fragment</a>\n'
            '<a href="/projects/gone/">missing page</a>\n'
            '<a href="projects/real/#nowhere">missing fragment</a>\n'
            '<script src="/static/none.js"></script>\n'
            '<form action="/search/"></form>',
        }
    )
    assert broken_links(output) == [
        "site/index.html:1: the link #top names #top, which is not on that page",
        "site/index.html:2: the link /projects/gone/ leads to no page",
        "site/index.html:3: the link projects/real/#nowhere names #nowhere, which is not on that page",
        "site/index.html:4: the link /static/none.js leads to no page",
        "site/index.html:5: the link /search/ leads to no page",
    ]


def test_relative_links_resolve_from_the_page_they_are_on(site):
    output = site(
        {
            "projects/real/index.html": '<h2 id="updates">Updates</h2> <a href="#updates">here</a>'
            ' <a href="../other/">sibling</a> <a href="../../#main">home</a> <img src="logo.svg" alt="">',
            "projects/other/index.html": '<a href="../real/#updates">back</a> <a href="../real/#gone">gone</a>',
            "index.html": '<main id="main"></main>',
        }
    )
    assert broken_links(output) == [
        "site/projects/other/index.html:1: the link ../real/#gone names #gone, which is not on that page",
        "site/projects/real/index.html:1: the link logo.svg leads to no page",
    ]


def test_the_checker_finds_broken_links_in_feeds_and_the_sitemap(site):
    output = site(
        {
            "projects/real/index.html": PROJECT_PAGE,
            "sitemap.xml": '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            "<url><loc>/projects/real/</loc></url>\n"
            "<url><loc> /projects/gone/ </loc></url>\n"
            "</urlset>\n",
            "projects/real/updates.atom.xml": '<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Real</title>'
            '<link href="/projects/real/" rel="alternate"/>\n'
            '<entry><link href="/projects/real/#update-2026-11-01" rel="alternate"/></entry>\n'
            '<entry><link href="/projects/real/#updates" rel="alternate"/></entry></feed>\n',
        }
    )
    assert broken_links(output) == [
        "site/sitemap.xml:4: the link /projects/gone/ leads to no page",
        "site/projects/real/updates.atom.xml:3: the link /projects/real/#update-2026-11-01"
        " names #update-2026-11-01, which is not on that page",
    ]


def test_a_site_url_with_a_path_is_the_root_of_the_links(site):
    output = site(
        {
            "projects/real/index.html": PROJECT_PAGE,
            "index.html": f'<a href="{PUBLISHED_SITEURL}/projects/real/#updates">fine</a>'
            f' <a href="{PUBLISHED_SITEURL}">home</a> <a href="https://localgovdigital.github.io/">elsewhere</a>\n'
            f'<a href="{PUBLISHED_SITEURL}/projects/gone/">missing page</a>\n'
            '<a href="/projects/real/">forgets the path</a> <a href="projects/real/">fine</a>',
            "sitemap.xml": '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"<url><loc>{PUBLISHED_SITEURL}/projects/real/</loc></url>\n"
            f"<url><loc>{PUBLISHED_SITEURL}/makerdays/</loc></url>\n"
            "</urlset>",
        }
    )
    assert broken_links(output, PUBLISHED_SITEURL + "/") == [
        f"site/index.html:2: the link {PUBLISHED_SITEURL}/projects/gone/ leads to no page",
        f"site/index.html:3: the link /projects/real/ leads outside the site, which is at {PUBLISHED_SITEURL}/",
        f"site/sitemap.xml:3: the link {PUBLISHED_SITEURL}/makerdays/ leads to no page",
    ]


def test_the_search_index_folder_is_not_read_but_links_into_it_are_checked(site):
    output = site(
        {
            "pagefind/ui.html": '<a href="/nowhere/">written by Pagefind</a>',
            "pagefind/pagefind-ui.js": "",
            "search/index.html": '<script src="/pagefind/pagefind-ui.js"></script>\n'
            '<script src="/pagefind/pagefind.js"></script>',
        }
    )
    assert broken_links(output) == [
        "site/search/index.html:2: the link /pagefind/pagefind.js leads to no page"
    ]


def test_a_feed_that_is_not_xml_is_reported(site):
    output = site({"feeds/updates.atom.xml": "<feed>\n<link href='/'>\n</feed>"})
    [problem] = broken_links(output)
    assert problem.startswith("site/feeds/updates.atom.xml:3: this file is not well-formed XML")


def test_the_command_exits_1_with_broken_links_0_without_and_2_without_a_site(site, run_pipeline):
    output = site({"projects/real/index.html": PROJECT_PAGE, "index.html": '<a href="/projects/real/">x</a>'})
    clean = run_pipeline("links", output)
    assert (clean.code, clean.out, clean.err) == (0, "", "0 broken internal links\n")

    site({"about/index.html": '<a href="/projects/gone/">gone</a>'})
    broken = run_pipeline("links", output)
    assert broken.code == 1
    assert broken.out == "site/about/index.html:1: the link /projects/gone/ leads to no page\n"
    assert broken.err == "1 broken internal link\n"

    missing = run_pipeline("links", "no-such-site")
    assert missing.code == 2
    assert "no-such-site is not a folder" in missing.err


def test_the_command_checks_absolute_links_under_the_site_url(site, run_pipeline):
    output = site({"index.html": f'<a href="{PUBLISHED_SITEURL}/projects/gone/">gone</a>'})
    assert run_pipeline("links", output).code == 0
    with_address = run_pipeline("links", output, "--site-url", PUBLISHED_SITEURL)
    assert with_address.code == 1
    assert (
        with_address.out
        == f"site/index.html:1: the link {PUBLISHED_SITEURL}/projects/gone/ leads to no page\n"
    )
