"""`pipeline links`: every internal link, and every #fragment it names, in a built site resolves.

Links are read from the pages, from the sitemap's <loc> addresses and from the Atom feeds' <link href>.
Pagefind's generated pagefind/ folder is not read, though links into it are checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.parsers import expat

LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "area": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "form": "action",
}
SEARCH_INDEX_FOLDER = "pagefind"


@dataclass(frozen=True)
class Link:
    source: Path
    line: int
    url: str


class _PageParser(HTMLParser):
    """Collects a page's links and the ids its fragments can point at."""

    def __init__(self, page: Path):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[Link] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        anchors = [values.get("id"), values.get("name") if tag == "a" else None]
        self.ids.update(anchor for anchor in anchors if anchor)
        wanted = LINK_ATTRIBUTES.get(tag)
        target = values.get(wanted) if wanted else None
        if target is not None:
            self.links.append(Link(self.page, self.getpos()[0], target.strip()))


def read_page(page: Path) -> _PageParser:
    parser = _PageParser(page)
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


class _XmlLinkParser:
    """Collects the sitemap's <loc> addresses and every <link href> (Atom) in an XML file."""

    def __init__(self, path: Path):
        self.path = path
        self.links: list[Link] = []
        self.address_line: int | None = None
        self.address_text: list[str] = []
        self.expat = expat.ParserCreate(namespace_separator=" ")
        self.expat.buffer_text = True
        self.expat.StartElementHandler = self.start
        self.expat.CharacterDataHandler = self.text
        self.expat.EndElementHandler = self.end

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = name.rpartition(" ")[2]
        if tag == "link" and "href" in attributes:
            self.links.append(Link(self.path, self.expat.CurrentLineNumber, attributes["href"].strip()))
        self.address_line = self.expat.CurrentLineNumber if tag == "loc" else None
        self.address_text.clear()

    def text(self, data: str) -> None:
        if self.address_line is not None:
            self.address_text.append(data)

    def end(self, name: str) -> None:
        if self.address_line is not None:
            self.links.append(Link(self.path, self.address_line, "".join(self.address_text).strip()))
        self.address_line = None


def read_xml_links(path: Path) -> list[Link]:
    parser = _XmlLinkParser(path)
    with path.open("rb") as file:
        parser.expat.ParseFile(file)
    return parser.links


class Site:
    """A built site on disk, served at `site_url` ("" when its links are root-relative)."""

    def __init__(self, folder: Path, site_url: str = ""):
        self.folder = folder
        self.root = folder.resolve()
        self.site_url = site_url.rstrip("/") + "/"
        self.address = urlsplit(self.site_url)
        self.ids: dict[Path, set[str]] = {}
        self.target_file = cache(self._target_file)

    def generated(self, path: Path) -> bool:
        return path.relative_to(self.folder).parts[0] == SEARCH_INDEX_FOLDER

    def read_links(self) -> tuple[list[Link], list[str]]:
        """Every link in the pages, feeds and sitemap, and a sentence for each unreadable XML file."""
        links, unreadable = [], []
        for page in sorted(self.folder.rglob("*.html")):
            if not self.generated(page):
                parser = read_page(page)
                links += parser.links
                self.ids[page.resolve()] = parser.ids
        sitemap = self.folder / "sitemap.xml"
        feeds = [feed for feed in sorted(self.folder.rglob("*.atom.xml")) if not self.generated(feed)]
        for path in ([sitemap] if sitemap.is_file() else []) + feeds:
            try:
                links += read_xml_links(path)
            except expat.ExpatError as error:
                sentence = f"this file is not well-formed XML ({error}), so its links were not checked"
                unreadable.append(f"{path}:{error.lineno}: {sentence}")
        return links, unreadable

    def url_of(self, path: Path) -> str:
        return self.site_url + quote(path.relative_to(self.folder).as_posix())

    def _target_file(self, site_path: str) -> Path | None:
        """The file at a path below the site's address, as a static web server would serve it."""
        target = (self.root / unquote(site_path)).resolve()
        if not target.is_relative_to(self.root):
            return None
        if site_path.endswith("/") or site_path == "" or target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def ids_on(self, page: Path) -> set[str]:
        if page not in self.ids:
            self.ids[page] = read_page(page).ids
        return self.ids[page]

    def problem(self, link: Link) -> str | None:
        """What is wrong with an internal link, or None when it resolves or leads elsewhere."""
        address = urlsplit(urljoin(self.url_of(link.source), link.url))
        same_host = (address.scheme, address.netloc) == (self.address.scheme, self.address.netloc)
        if not (same_host and (address.path + "/").startswith(self.address.path)):
            written = urlsplit(link.url)
            if written.scheme or written.netloc:
                return None
            return f"the link {link.url} leads outside the site, which is at {self.site_url}"
        target = self.target_file(address.path[len(self.address.path) :])
        if target is None:
            return f"the link {link.url} leads to no page"
        if (
            address.fragment
            and target.suffix == ".html"
            and unquote(address.fragment) not in self.ids_on(target)
        ):
            return f"the link {link.url} names #{address.fragment}, which is not on that page"
        return None


def broken_links(site: Path, site_url: str = "") -> list[str]:
    """A sentence for each internal link, or fragment, in the pages, feeds and sitemap that leads nowhere."""
    checked = Site(site, site_url)
    links, problems = checked.read_links()
    for link in links:
        problem = checked.problem(link)
        if problem:
            problems.append(f"{link.source}:{link.line}: {problem}")
    return problems
