"""A link checker over the built site: every internal link, script, stylesheet and #fragment resolves."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from sitebuild import CONTENT, PUBLISH_SETTINGS, build, html_files

LINKING_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "form": "action",
}
PUBLISHED_SITEURL = "https://localgovdigital.github.io/pipeline"


class Site:
    """A built site on disk, served at `siteurl` ("" for root-relative links)."""

    def __init__(self, output: Path, siteurl: str = ""):
        self.output = output
        self.siteurl = siteurl.rstrip("/")
        self.ids = cache(self._ids)

    def page_url(self, path: Path) -> str:
        relative = path.relative_to(self.output).as_posix()
        return f"{self.siteurl}/{relative.removesuffix('index.html')}"

    def file_for(self, url: str) -> Path | None:
        """The file an internal URL points at, or None when the URL leaves the site."""
        parts = urlsplit(url)
        prefix = urlsplit(self.siteurl + "/")
        if parts.scheme and (parts.scheme, parts.netloc) != (prefix.scheme, prefix.netloc):
            return None
        if not parts.path.startswith(prefix.path):
            return self.output / "outside-the-site"
        path = self.output / unquote(parts.path[len(prefix.path) :])
        return path / "index.html" if parts.path.endswith("/") else path

    def _ids(self, path: Path) -> frozenset[str]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return frozenset(tag["id"] for tag in soup.find_all(id=True)) | {
            tag["name"] for tag in soup.find_all("a", attrs={"name": True})
        }

    def problem(self, url: str, base: str) -> str | None:
        """What is wrong with a link found on the page at `base`, or None."""
        absolute = urljoin(base, url)
        target = self.file_for(absolute)
        if target is None:
            return None
        if not target.is_file():
            return f"{url} -> missing {target.relative_to(self.output)}"
        fragment = urlsplit(absolute).fragment
        if fragment and target.suffix == ".html" and unquote(fragment) not in self.ids(target):
            return f"{url} -> no #{fragment} in {target.relative_to(self.output)}"
        return None

    def broken_links(self) -> list[str]:
        problems = []
        for path in html_files(self.output):
            if "pagefind" in path.relative_to(self.output).parts:
                continue
            base = self.page_url(path)
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for tag_name, attribute in LINKING_ATTRIBUTES.items():
                for tag in soup.find_all(tag_name, attrs={attribute: True}):
                    if tag.get("rel") == ["canonical"] and not self.siteurl:
                        continue
                    problem = self.problem(tag[attribute], base)
                    if problem:
                        problems.append(f"{path.relative_to(self.output)}: {problem}")
        return problems

    def broken_feed_and_sitemap_links(self) -> list[str]:
        problems = []
        for path in [self.output / "sitemap.xml", *self.output.rglob("*.atom.xml")]:
            for element in ElementTree.parse(path).getroot().iter():
                url = element.get("href") if element.tag.endswith("link") else None
                url = element.text if element.tag.endswith("loc") else url
                problem = self.problem(url, self.siteurl + "/") if url else None
                if problem:
                    problems.append(f"{path.relative_to(self.output)}: {problem}")
        return problems


@pytest.fixture(scope="module")
def local_site(tmp_path_factory) -> Site:
    return Site(build(CONTENT, tmp_path_factory.mktemp("links") / "output", search=True))


@pytest.fixture(scope="module")
def published_site(tmp_path_factory) -> Site:
    output = build(
        CONTENT, tmp_path_factory.mktemp("published") / "output", search=True, settings=PUBLISH_SETTINGS
    )
    return Site(output, PUBLISHED_SITEURL)


def test_every_internal_link_and_fragment_resolves(local_site):
    assert local_site.broken_links() == []


def test_every_feed_and_sitemap_link_resolves(local_site):
    assert local_site.broken_feed_and_sitemap_links() == []


def test_published_site_links_resolve_under_its_address(published_site):
    assert published_site.broken_links() == []
    assert published_site.broken_feed_and_sitemap_links() == []


def test_the_checker_finds_broken_links(tmp_path):
    (tmp_path / "projects/real").mkdir(parents=True)
    (tmp_path / "projects/real/index.html").write_text('<h2 id="updates">Updates</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="/projects/real/">fine</a> <a href="/projects/real/#updates">fine</a>'
        ' <a href="https://example.com/">elsewhere</a> <a href="#top">missing fragment</a>'
        ' <a href="/projects/gone/">missing page</a> <a href="projects/real/#nowhere">missing fragment</a>'
        ' <script src="/static/none.js"></script>',
        encoding="utf-8",
    )
    problems = Site(tmp_path).broken_links()
    assert [problem.split(" -> ")[0] for problem in problems] == [
        "index.html: #top",
        "index.html: /projects/gone/",
        "index.html: projects/real/#nowhere",
        "index.html: /static/none.js",
    ]
