"""`pipeline links`: every internal link, and every #fragment it names, in a built site resolves."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .options import EXIT_INVALID, EXIT_OK, UsageError

LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "area": "href",
    "script": "src",
    "img": "src",
    "source": "src",
}


@dataclass(frozen=True)
class Link:
    page: Path
    line: int
    url: str


class _PageParser(HTMLParser):
    """Collects a page's links and the ids its fragments can point at."""

    def __init__(self, page: Path):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[Link] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        anchors = [values.get("id"), values.get("name") if tag == "a" else None]
        self.ids.update(anchor for anchor in anchors if anchor)
        wanted = LINK_ATTRIBUTES.get(tag)
        if wanted and values.get(wanted) is not None:
            self.links.append(Link(self.page, self.getpos()[0], values[wanted].strip()))


def read_pages(site: Path) -> tuple[list[Link], dict[Path, set[str]]]:
    links, ids = [], {}
    for page in sorted(site.rglob("*.html")):
        parser = _PageParser(page)
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        links += parser.links
        ids[page.resolve()] = parser.ids
    return links, ids


def target_file(site: Path, link: Link, path: str) -> Path | None:
    """The file a link's path leads to, as a static web server would serve it."""
    base = site if path.startswith("/") else link.page.parent
    target = (base / unquote(path).lstrip("/")).resolve()
    if not target.is_relative_to(site.resolve()):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def internal_path(url: str, site_url: str) -> str | None:
    """The site path of an internal link; None for links to elsewhere."""
    if site_url and (url == site_url or url.startswith(site_url.rstrip("/") + "/")):
        url = url[len(site_url.rstrip("/")) :] or "/"
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    return url


def broken_links(site: Path, site_url: str = "") -> list[str]:
    """A sentence for each internal link, or fragment, that leads nowhere."""
    links, ids = read_pages(site)
    problems = []
    for link in links:
        url = internal_path(link.url, site_url)
        if not url:
            continue
        parts = urlsplit(url)
        target = target_file(site, link, parts.path) if parts.path else link.page.resolve()
        where = f"{link.page}:{link.line}"
        if target is None:
            problems.append(f"{where}: the link {link.url} leads to no page")
        elif (
            parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids.get(target, ())
        ):
            problems.append(
                f"{where}: the link {link.url} names #{parts.fragment}, which is not on that page"
            )
    return problems


def register(commands) -> None:
    parser = commands.add_parser("links", help="check that every internal link in a built site resolves")
    parser.add_argument(
        "site", type=Path, nargs="?", default=Path("output"), help="the built site (default: output)"
    )
    parser.add_argument(
        "--site-url", default="", help="the site's address, so absolute links to it are checked too"
    )
    parser.set_defaults(func=run_links)


def run_links(args) -> int:
    if not args.site.is_dir():
        raise UsageError(f"{args.site} is not a folder; build the site first with: pipeline build")
    problems = broken_links(args.site, args.site_url)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} broken internal link{'s' * (len(problems) != 1)}", file=sys.stderr)
    return EXIT_INVALID if problems else EXIT_OK
