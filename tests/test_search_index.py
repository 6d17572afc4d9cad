"""The search index built in parts: which pages Pagefind reads, each language on its own, and parts
that together hold every searchable page once (pipeline.site.search)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.site import search
from pipeline.site.search import (
    BUNDLE,
    ENTRY_FILE,
    MANIFEST,
    PARTS_FILE,
    SearchablePage,
    build_index,
    indexed_part,
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


def as_pages(names: list[str]) -> list[SearchablePage]:
    return [SearchablePage(Path(name), b"") for name in names]


@given(st.integers(min_value=0, max_value=300), st.integers(min_value=1, max_value=60))
def test_parts_hold_every_page_once_and_none_is_too_big(count, limit):
    pages = as_pages([f"p{number}" for number in range(count)])
    parts = split(pages, limit)
    assert sorted(page.path for part in parts for page in part) == sorted(page.path for page in pages)
    assert all(len(part) <= limit for part in parts)
    assert max(1, -(-count // limit)) <= len(parts) <= 2 * max(1, -(-count // limit))


@given(st.sets(st.text("abcdefgh/", min_size=1, max_size=12), min_size=2, max_size=200), st.data())
def test_a_page_added_or_removed_changes_only_its_own_part(names, data):
    """Pages keep their part from build to build while the number of parts stays the same, so an edit
    leaves the other parts' bundles usable."""
    names = sorted(names)
    limit = 1000  # one part count for both builds
    gone = data.draw(st.sampled_from(names))
    before = split(as_pages(names), limit)
    after = split(as_pages([name for name in names if name != gone]), limit)
    assert len(before) == len(after)
    changed = [n for n, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert len(changed) == 1 and SearchablePage(Path(gone), b"") in before[changed[0]]


def test_parts_of_thousands_of_pages_are_near_even():
    pages = as_pages([f"projects/project-{number}/index.html" for number in range(10_500)])
    parts = split(pages, 2500)
    assert len(parts) == 5
    assert all(1900 < len(part) <= 2500 for part in parts)


def test_searchable_pages_are_grouped_by_language(site):
    found = searchable_pages(site)
    assert {language: {page.path.as_posix() for page in pages} for language, pages in found.items()} == {
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
    assert parts == {"en-gb": [f"parts/en-gb-{n}/" for n in range(1, len(parts["en-gb"]) + 1)], "cy": []}
    assert len(parts["en-gb"]) >= 2, "five English pages in parts of two"
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


@pytest.fixture
def pagefind_runs(monkeypatch) -> list[set[str]]:
    """Every Pagefind run of the test, as the set of pages it read."""
    runs: list[set[str]] = []
    run_pagefind = search.run_pagefind

    def recording(part_site: Path, bundle: Path) -> None:
        runs.append({path.relative_to(part_site).as_posix() for path in part_site.rglob("*.html")})
        run_pagefind(part_site, bundle)

    monkeypatch.setattr(search, "run_pagefind", recording)
    return runs


def every_fragment(site: Path) -> dict[str, dict]:
    return {
        url: {key: value for key, value in data.items() if key != "file"}
        for bundle in every_bundle(site)
        for url, data in fragments(bundle).items()
    }


def test_a_build_indexes_again_only_the_parts_whose_pages_changed(site, tmp_path, pagefind_runs):
    cache = tmp_path / "kept"
    build_index(site, limit=2, cache=cache, reuse=True)
    first_runs = len(pagefind_runs)
    assert first_runs >= 4, "at least three English parts and one Welsh"
    shutil.rmtree(site / BUNDLE)
    edited = "projects/bins-3/index.html"
    (site / edited).write_text(html_page("en-GB", "Bin collection 3", "compost caddies"), encoding="utf-8")
    pagefind_runs.clear()
    parts = build_index(site, limit=2, cache=cache, reuse=True)
    [run] = pagefind_runs
    assert edited in run and all(page.startswith("projects/") for page in run)
    reused = every_fragment(site)
    assert "compost caddies" in reused["/projects/bins-3/"]["content"]

    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns(BUNDLE))
    assert build_index(fresh, limit=2) == parts
    assert every_fragment(fresh) == reused, "the same index as a build from nothing"
    assert sorted(path.name for path in cache.iterdir()) == sorted(
        path.name for path in cache.iterdir() if (path / MANIFEST).is_file()
    ), "only whole bundles are kept"
    assert len(list(cache.iterdir())) == first_runs, "the bundle of the part before the edit is gone"


def test_without_reuse_every_part_is_indexed_again(site, tmp_path, pagefind_runs):
    cache = tmp_path / "kept"
    build_index(site, limit=2, cache=cache)
    shutil.rmtree(site / BUNDLE)
    pagefind_runs.clear()
    build_index(site, limit=2, cache=cache, reuse=False)
    assert len(pagefind_runs) == len(list(cache.iterdir())) >= 4


@pytest.mark.parametrize(
    "damage",
    [
        "edit a file",
        "add a file",
        "remove a file",
        "truncate the manifest",
        "list another key",
        "replace a file with a link",
    ],
)
def test_a_damaged_kept_bundle_is_indexed_afresh(site, tmp_path, pagefind_runs, damage):
    cache = tmp_path / "kept"
    build_index(site, limit=100, cache=cache, reuse=True)
    target = sorted(cache.iterdir())[0]
    fragment = next((target / "bundle" / "fragment").iterdir())
    manifest = target / MANIFEST
    if damage == "edit a file":
        fragment.write_bytes(fragment.read_bytes()[:-1] + b"x")
    elif damage == "add a file":
        (target / "bundle" / "fragment" / "extra.pf_fragment").write_bytes(b"")
    elif damage == "remove a file":
        fragment.unlink()
    elif damage == "truncate the manifest":
        manifest.write_text(manifest.read_text()[:20])
    elif damage == "list another key":
        manifest.write_text(manifest.read_text().replace(target.name, "0" * 32))
    else:
        elsewhere = tmp_path / "elsewhere"
        elsewhere.write_bytes(fragment.read_bytes())
        fragment.unlink()
        fragment.symlink_to(elsewhere)
    shutil.rmtree(site / BUNDLE)
    pagefind_runs.clear()
    build_index(site, limit=100, cache=cache, reuse=True)
    assert len(pagefind_runs) == 1, "the damaged part only"
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns(BUNDLE))
    build_index(fresh, limit=100)
    assert every_fragment(site) == every_fragment(fresh)


SIMILAR = (
    '<section aria-labelledby="similar" data-pagefind-ignore="all"><h2 id="similar">Similar</h2>'
    '<section><p data-pagefind-filter="council">{council}</p></section><p>{text}</p></section>'
)


def test_the_indexed_part_leaves_out_whole_ignored_elements_only():
    page = (
        "<main data-pagefind-body><h1>Bins</h1><section data-pagefind-ignore><p>kept</p></section>"
        + SIMILAR.format(council="Gwynedd", text="gone")
        + "<p>after</p></main>"
    ).encode()
    assert indexed_part(page) == (
        b"<main data-pagefind-body><h1>Bins</h1><section data-pagefind-ignore><p>kept</p></section>"
        b"<p>after</p></main>"
    )
    plain = b"<main data-pagefind-body><p>nothing left out</p></main>"
    assert indexed_part(plain) is plain
    unclosed = b'<main><div data-pagefind-ignore="all"><p>to the end'
    assert indexed_part(unclosed) == b"<main>"
    in_text = b'<main><p>write data-pagefind-ignore="all" on it</p></main>'
    assert indexed_part(in_text) == in_text, "only in a tag does the marker leave an element out"


def test_pagefind_leaves_out_an_element_ignored_all_with_its_filters(tmp_path):
    """What indexed_part leaves out is what Pagefind leaves out: two pages that differ only inside such an
    element, filters included, are indexed alike."""
    indexed = []
    for council, text in (("Gwynedd", "wheelie bins"), ("Powys", "food caddies")):
        site = tmp_path / council
        body = "<p>Bin collection</p>" + SIMILAR.format(council=council, text=text)
        html = html_page("en-GB", "Bins", "x").replace("<p>x</p>", body)
        (site / "projects/bins").mkdir(parents=True)
        (site / "projects/bins/index.html").write_text(html, encoding="utf-8")
        build_index(site)
        indexed.append({url: {**data, "file": ""} for url, data in fragments(site / BUNDLE).items()})
    assert indexed[0] == indexed[1]
    assert "wheelie" not in json.dumps(indexed[0]) and "Gwynedd" not in json.dumps(indexed[0])


def test_a_change_inside_an_element_ignored_all_keeps_the_part(site, tmp_path, pagefind_runs):
    cache = tmp_path / "kept"
    page = site / "projects/bins-1/index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</main>", SIMILAR.format(council="A", text="one") + "</main>"), "utf-8")
    build_index(site, limit=100, cache=cache, reuse=True)
    shutil.rmtree(site / BUNDLE)
    page.write_text(html.replace("</main>", SIMILAR.format(council="B", text="two") + "</main>"), "utf-8")
    pagefind_runs.clear()
    build_index(site, limit=100, cache=cache, reuse=True)
    assert pagefind_runs == []
