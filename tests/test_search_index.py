"""The search index built in parts: which pages Pagefind reads, each language on its own, and parts
that together hold every searchable page once (pipeline.site.search)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.site.search import (
    BUNDLE,
    ENTRY_FILE,
    PARTS_FILE,
    build_index,
    is_searchable,
    page_language,
    searchable_pages,
    split,
)

FRAGMENT_PREFIX = b"pagefind_dcd"


def html_page(lang: str, title: str, text: str, searchable: bool = True) -> str:
    body = ' data-pagefind-body data-pagefind-meta="kind:Project"' if searchable else ""
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><title>{title}</title></head>'
        f"<body><main{body}><h1>{title}</h1><p>{text}</p></main></body></html>\n"
    )


ENGLISH = {
    f"projects/bins-{number}/index.html": ("Bin collection " + str(number), f"wheelie{number} recycling")
    for number in range(5)
}
WELSH = {
    "cy/projects/bins-0/index.html": ("Casglu biniau", "ailgylchu olwynion"),
    "cy/projects/bins-1/index.html": ("Casglu sbwriel", "gwastraff cartref"),
}
NOT_SEARCHABLE = {"projects/index.html": ("All projects", "listing of wheelie0 and more")}


@pytest.fixture
def site(tmp_path) -> Path:
    """A small built site: five English project pages, two Welsh ones under cy/, and a listing that is
    not searchable."""
    site = tmp_path / "site"
    pages = [(ENGLISH, "en-GB", True), (WELSH, "cy", True), (NOT_SEARCHABLE, "en-GB", False)]
    for group, lang, searchable in pages:
        for path, (title, text) in group.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(html_page(lang, title, text, searchable), encoding="utf-8")
    return site


def fragments(bundle: Path) -> dict[str, dict]:
    """Every page a Pagefind bundle holds, by URL, as Pagefind stored it (with the file's name)."""
    found = {}
    for path in (bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(FRAGMENT_PREFIX))
        found[data["url"]] = {**data, "file": path.name}
    return found


def every_bundle(site: Path) -> list[Path]:
    bundle = site / BUNDLE
    parts = json.loads((bundle / PARTS_FILE).read_text(encoding="utf-8"))
    return [bundle] + [bundle / path for paths in parts.values() for path in paths]


def test_the_marker_counts_only_in_a_tag():
    assert is_searchable(b'<main class="x" data-pagefind-body>text</main>')
    assert not is_searchable(b"<p>Write data-pagefind-body on the main element</p>")
    assert is_searchable(b"<p>data-pagefind-body</p><main data-pagefind-body>")
    assert not is_searchable(b"<main>nothing</main>")


def test_the_language_is_the_html_elements():
    assert page_language(b'<!doctype html>\n<html lang="en-GB">') == "en-gb"
    assert page_language(b'<html class="x" lang="cy">') == "cy"
    assert page_language(b"<html>") == "unknown"


@given(st.integers(min_value=0, max_value=300), st.integers(min_value=1, max_value=60))
def test_parts_hold_every_page_once_and_none_is_too_big(count, limit):
    pages = [Path(f"p{number}") for number in range(count)]
    parts = split(pages, limit)
    assert sorted(page for part in parts for page in part) == sorted(pages)
    assert all(len(part) <= limit for part in parts)
    assert max(map(len, parts)) - min(map(len, parts)) <= 1
    assert len(parts) == max(1, -(-count // limit))


def test_searchable_pages_are_grouped_by_language(site):
    found = searchable_pages(site)
    assert {language: {page.as_posix() for page in pages} for language, pages in found.items()} == {
        "en-gb": set(ENGLISH),
        "cy": set(WELSH),
    }


def test_one_part_a_language_is_the_index_of_one_pagefind_run(site):
    parts = build_index(site)
    assert parts == {"en-gb": [], "cy": []}
    entry = json.loads((site / BUNDLE / ENTRY_FILE).read_text(encoding="utf-8"))
    assert entry["languages"]["en-gb"]["page_count"] == len(ENGLISH)
    assert entry["languages"]["cy"]["page_count"] == len(WELSH)
    stored = fragments(site / BUNDLE)
    assert set(stored) == {"/" + path.removesuffix("index.html") for path in {**ENGLISH, **WELSH}}
    assert "/projects/" not in stored, "a page without data-pagefind-body is not indexed"
    assert not list(site.glob(".search-*")), "the work folder is removed"


def test_welsh_pages_are_indexed_as_welsh(site):
    build_index(site, limit=2)
    welsh = {
        url: data for bundle in every_bundle(site) for url, data in fragments(bundle).items() if "/cy/" in url
    }
    assert set(welsh) == {"/cy/projects/bins-0/", "/cy/projects/bins-1/"}
    for data in welsh.values():
        assert data["file"].startswith("cy_"), "a Welsh page is in the Welsh index"
    assert "ailgylchu olwynion" in welsh["/cy/projects/bins-0/"]["content"]


def test_parts_together_hold_every_searchable_page_once(site):
    parts = build_index(site, limit=2)
    assert parts == {"en-gb": ["parts/en-gb-1/", "parts/en-gb-2/"], "cy": []}
    assert json.loads((site / BUNDLE / PARTS_FILE).read_text(encoding="utf-8")) == parts
    urls = [url for bundle in every_bundle(site) for url in fragments(bundle)]
    assert sorted(urls) == sorted("/" + path.removesuffix("index.html") for path in {**ENGLISH, **WELSH})
    main = json.loads((site / BUNDLE / ENTRY_FILE).read_text(encoding="utf-8"))["languages"]
    assert set(main) == {"en-gb", "cy"}, "the main bundle loads the index of either language"
    for path in parts["en-gb"]:
        entry = json.loads((site / BUNDLE / path / ENTRY_FILE).read_text(encoding="utf-8"))
        assert set(entry["languages"]) == {"en-gb"}
        assert all(page["meta"]["kind"] == "Project" for page in fragments(site / BUNDLE / path).values())


def test_a_site_without_searchable_pages_gets_no_index(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(html_page("en-GB", "Home", "hello", searchable=False), encoding="utf-8")
    assert build_index(site) == {}
    assert not (site / BUNDLE).exists()
