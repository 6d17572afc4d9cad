"""What the site tests share: building a catalogue into a folder, and reading the pages it wrote."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from pipeline.site.build import build_site

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
TODAY = date(2026, 11, 26)


def build(
    content: Path, output: Path, today: date = TODAY, search: bool = False, settings=SETTINGS, **overrides
):
    """Build `content` into `output` as `pipeline build` does; settings can be overridden by name."""
    return build_site(settings, content, output, today, search=search, overrides=overrides)


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def page(output: Path, url_path: str) -> BeautifulSoup:
    """The page at a URL path such as "projects/bin-app/" (its index.html)."""
    path = output / url_path
    if url_path == "" or url_path.endswith("/"):
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
