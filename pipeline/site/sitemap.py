"""sitemap.xml and robots.txt for the pages the build wrote (addresses kept to what XML 1.0 allows).

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


def write(output_path: Path, site: Site, written: Iterable[tuple[str, date | None]]) -> None:
    """sitemap.xml listing every page written (but the 404 and search pages), and robots.txt naming it."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path, lastmod in written:
        if path in NOT_LISTED:
            continue
        modified = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(xml_text(site.url(path)))}</loc>{modified}</url>")
    lines.append("</urlset>\n")
    (output_path / "sitemap.xml").write_text("\n".join(lines), encoding="utf-8")
    if urlsplit(site.siteurl).path.strip("/"):
        return
    (output_path / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {site.url('sitemap.xml')}\n", encoding="utf-8"
    )
