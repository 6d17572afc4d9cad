"""sitemap.xml and robots.txt for the pages the build wrote (addresses kept to what XML 1.0 allows)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from ..markup import xml_text

if TYPE_CHECKING:
    from .context import Site

NOT_LISTED = {"404.html", "search/"}


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
    (output_path / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {site.url('sitemap.xml')}\n", encoding="utf-8"
    )
