"""The search index: Pagefind, run over the searchable pages in parts small enough to bound its memory.

Pagefind keeps every page it indexes in memory, about 150 KB for a 300-word page, so one run over
10,000 projects took 2 GB. Here it reads only the pages marked `data-pagefind-body` (the entries and the
site's own pages), one language at a time, at most PART_PAGES pages a run:

- the first part of each language is written to `pagefind/`, whose `pagefind-entry.json` lists every
  language, so `pagefind/pagefind.js` loads the index of the page's `<html lang>` as before;
- any further part of a language is a bundle of its own under `pagefind/parts/`, listed by language in
  `pagefind/parts.json`; the search page merges those of its language into the search
  (Pagefind's `mergeIndex`), so every page is still found, with the same excerpts and filters.

A site of up to PART_PAGES pages a language gets one part each: the same index as one Pagefind run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .errors import BuildFailed

BUNDLE = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
PARTS_FOLDER = "parts"
PARTS_FILE = "parts.json"
# Pages a Pagefind run reads at most: about 350 MB of Pagefind's memory with 300-word pages.
PART_PAGES = 2500
BODY_MARKER = b"data-pagefind-body"
HTML_LANG = re.compile(rb"<html\b[^>]*?\slang=[\"']?([A-Za-z0-9-]+)", re.IGNORECASE)
# Pages without a language: Pagefind's own name for them.
UNKNOWN_LANGUAGE = "unknown"


def is_searchable(html: bytes) -> bool:
    """Whether an element of the page carries `data-pagefind-body` (in a tag, not in the page's text)."""
    found = html.find(BODY_MARKER)
    while found != -1:
        if html.rfind(b"<", 0, found) > html.rfind(b">", 0, found):
            return True
        found = html.find(BODY_MARKER, found + len(BODY_MARKER))
    return False


def page_language(html: bytes) -> str:
    """The page's `<html lang>`, lower case as Pagefind names its indexes ("en-gb", "cy")."""
    match = HTML_LANG.search(html, 0, 4096)
    return match.group(1).decode("ascii").lower() if match else UNKNOWN_LANGUAGE


def searchable_pages(site: Path) -> dict[str, list[Path]]:
    """The pages Pagefind indexes (relative to the site, in path order), by language."""
    pages: defaultdict[str, list[Path]] = defaultdict(list)
    for path in sorted(site.rglob("*.html")):
        html = path.read_bytes()
        if is_searchable(html):
            pages[page_language(html)].append(path.relative_to(site))
    return dict(pages)


def split(pages: list[Path], limit: int) -> list[list[Path]]:
    """The pages in as few parts of at most `limit` as will do, dealt out in turn so that every part has
    a like share of each kind of page (and Pagefind's word statistics are alike in each)."""
    count = max(1, -(-len(pages) // limit))
    return [pages[start::count] for start in range(count)]


def run_pagefind(part_site: Path, bundle: Path) -> None:
    """Pagefind over every page of `part_site`, writing its bundle to `bundle`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(part_site), "--output-path", str(bundle)]
    completed = subprocess.run([*command, "--silent"], capture_output=True, text=True)
    if completed.returncode != 0:
        raise BuildFailed(f"the search index could not be built:\n{completed.stdout}{completed.stderr}")


def link_pages(site: Path, pages: Iterable[Path], folder: Path) -> None:
    """A site of its own for one part: the part's pages, hard-linked at their paths (so at their URLs)."""
    for page in pages:
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, target)
        except OSError:  # a file system without hard links
            shutil.copyfile(site / page, target)


def index_part(site: Path, pages: list[Path], bundle: Path, work: Path) -> None:
    """Index one part's pages into `bundle`."""
    part_site = Path(tempfile.mkdtemp(dir=work))
    try:
        link_pages(site, pages, part_site)
        run_pagefind(part_site, bundle)
    finally:
        shutil.rmtree(part_site, ignore_errors=True)


def add_to_main_bundle(part: Path, bundle: Path) -> None:
    """Move a language's first part into the main bundle; its entry file lists every language so far.

    A language's files are named after it, so parts of different languages never clash; the script
    and style files are the same in every part.
    """
    entry = json.loads((part / ENTRY_FILE).read_text(encoding="utf-8"))
    main_entry = bundle / ENTRY_FILE
    if main_entry.exists():
        languages = json.loads(main_entry.read_text(encoding="utf-8"))["languages"]
        entry["languages"] = {**languages, **entry["languages"]}
    shutil.copytree(part, bundle, dirs_exist_ok=True)
    main_entry.write_text(json.dumps(entry), encoding="utf-8")


def build_index(site: Path, limit: int = PART_PAGES) -> dict[str, list[str]]:
    """Write the search index of the built site into site/pagefind/; returns the further parts by
    language, as parts.json lists them (paths from the main bundle, ending in "/")."""
    bundle = site / BUNDLE
    parts: dict[str, list[str]] = {}
    searchable = searchable_pages(site)
    work = Path(tempfile.mkdtemp(prefix=".search-", dir=site))  # removed before the site is swapped in
    try:
        for language, pages in searchable.items():
            first, *others = split(pages, limit)
            index_part(site, first, work / "first", work)
            add_to_main_bundle(work / "first", bundle)
            shutil.rmtree(work / "first")
            parts[language] = []
            for number, part in enumerate(others, start=1):
                path = f"{PARTS_FOLDER}/{language}-{number}/"
                index_part(site, part, bundle / path, work)
                parts[language].append(path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if bundle.is_dir():
        (bundle / PARTS_FILE).write_text(json.dumps(parts, indent=1) + "\n", encoding="utf-8")
    return parts
