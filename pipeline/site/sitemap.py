"""sitemap.xml and robots.txt for the pages the build wrote (addresses kept to what XML 1.0 allows).

Every page is listed in each language, with its addresses in every language as `xhtml:link` alternates
(and the English one as x-default), as search engines read hreflang from sitemaps.

robots.txt only counts at the root of a host: a site served from a folder (a GitHub project site,
…github.io/pipeline/) has none, since crawlers would never read it there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from ..markup import xml_text

if TYPE_CHECKING:
    from .context import Site

# The search page has nothing of its own to index; the review page is noindex.
NOT_LISTED = {"404.html", "search/", "review/"}


def address(url: str) -> str:
    return escape(xml_text(url), {'"': "&quot;"})


def write(output_path: Path, sites: list[Site], written: Iterable[tuple[str, date | None]]) -> None:
    """sitemap.xml listing every page written (but the 404 and search pages) in every language of
    `sites` (English first), and robots.txt naming it."""
    site = sites[0]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path, lastmod in written:
        if path in NOT_LISTED:
            continue
        modified = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        alternates = [(each.language.html_lang, each.url(path)) for each in sites] + [
            ("x-default", site.url(path))
        ]
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="{address(url)}"/>'
            for lang, url in alternates
        )
        for each in sites:
            lines.append(f"<url><loc>{address(each.url(path))}</loc>{modified}{links}</url>")
    lines.append("</urlset>\n")
    (output_path / "sitemap.xml").write_text("\n".join(lines), encoding="utf-8")
    if urlsplit(site.siteurl).path.strip("/"):
        return
    (output_path / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {site.url('sitemap.xml')}\n", encoding="utf-8"
    )
