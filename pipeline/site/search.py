"""The search index: Pagefind, run over the searchable pages in parts small enough to bound its memory,
and only over the parts whose pages changed since the last build.

Pagefind keeps every page it indexes in memory, about 150 KB for a 300-word page, so one run over
10,000 projects took 2 GB. Here it reads only the pages marked `data-pagefind-body` (the entries and the
site's own pages), one language at a time, at most PART_PAGES pages a run:

- the first part of each language is written to `pagefind/`, whose `pagefind-entry.json` lists every
  language, so `pagefind/pagefind.js` loads the index of the page's `<html lang>` as before;
- any further part of a language is a bundle of its own under `pagefind/parts/`, listed by language in
  `pagefind/parts.json`; the search page merges those of its language into the search
  (Pagefind's `mergeIndex`), so every page is still found, with the same excerpts and filters.

A site of up to PART_PAGES pages a language gets one part each: the same index as one Pagefind run.

A page's part follows from its path alone (a hash of it), so a page keeps its part from build to build
and editing one entry changes the pages of few parts. Each part's bundle is kept in a cache folder
beside the output (`.output-search/`), named by a hash of its pages' paths and bytes (less the elements
Pagefind leaves out whole, `data-pagefind-ignore="all"`, like a project's similar projects): a build
whose part has the same pages as a kept bundle links that bundle instead of running Pagefind again.
The cache is input anyone could have written: a bundle is used only when every one of its files is as
the manifest written with it says (size and hash), and is otherwise indexed afresh.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .errors import BuildFailed

logger = logging.getLogger(__name__)

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
CACHE_FORMAT = 1
MANIFEST = "manifest.json"
BUNDLE_FOLDER = "bundle"


IGNORED_WHOLE = b'data-pagefind-ignore="all"'
TAG_NAME = re.compile(rb"[A-Za-z][A-Za-z0-9]*")


@dataclass(frozen=True)
class SearchablePage:
    path: Path  # relative to the site
    digest: bytes  # of what Pagefind reads of the page (indexed_part)


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


def indexed_part(html: bytes) -> bytes:
    """The page less every element marked `data-pagefind-ignore="all"`, which Pagefind leaves out whole
    (its text, filters and metadata alike): two pages with the same indexed part are indexed alike."""
    found = html.find(IGNORED_WHOLE)
    if found == -1:
        return html
    kept, position = [], 0
    while found != -1:
        start = html.rfind(b"<", position, found)
        name = TAG_NAME.match(html, start + 1) if start != -1 else None
        tag_end = html.find(b">", found)
        if name and tag_end != -1 and html.find(b">", start, found) == -1:  # the marker is in this tag
            kept.append(html[position:start])
            position = element_end(html, name.group(0), tag_end + 1)
        found = html.find(IGNORED_WHOLE, max(position, found + 1))
    kept.append(html[position:])
    return b"".join(kept)


@functools.cache
def start_or_end_tag(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<(/?)" + re.escape(name) + rb"\b[^>]*>", re.IGNORECASE)


def element_end(html: bytes, name: bytes, after: int) -> int:
    """Where the element whose start tag ends at `after` ends: after its end tag, elements of the same
    name inside it counted (the site's pages are well formed), or at the end of the page."""
    depth = 1
    for found in start_or_end_tag(name).finditer(html, after):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.end()
    return len(html)


def searchable_pages(site: Path) -> dict[str, list[SearchablePage]]:
    """The pages Pagefind indexes (relative to the site, in path order), by language."""
    pages: defaultdict[str, list[SearchablePage]] = defaultdict(list)
    for path in sorted(site.rglob("*.html")):
        html = path.read_bytes()
        if is_searchable(html):
            digest = hashlib.blake2b(indexed_part(html), digest_size=16).digest()
            pages[page_language(html)].append(SearchablePage(path.relative_to(site), digest))
    return dict(pages)


def part_of(path: Path, count: int) -> int:
    """The part a page's path falls in, of `count`: the same in every build with as many parts."""
    digest = hashlib.blake2b(path.as_posix().encode("utf-8", "surrogateescape"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def split(pages: list[SearchablePage], limit: int) -> list[list[SearchablePage]]:
    """The pages in few parts of at most `limit`, each page in the part its path falls in (so a like
    share of each kind of page in every part, and Pagefind's word statistics alike in each). Where the
    paths fall too unevenly (a handful of pages), they are dealt out in turn instead."""
    fewest = max(1, -(-len(pages) // limit))
    for count in range(fewest, 2 * fewest + 1):
        parts: list[list[SearchablePage]] = [[] for _ in range(count)]
        for page in pages:
            parts[part_of(page.path, count)].append(page)
        if all(len(part) <= limit for part in parts):
            return [part for part in parts if part] or [[]]
    return [pages[start::fewest] for start in range(fewest)]


def part_key(language: str, pages: Iterable[SearchablePage]) -> str:
    """What a part's bundle is made from: Pagefind's version, the language, and the pages' paths and
    what Pagefind reads of them."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{CACHE_FORMAT}\0{metadata.version('pagefind')}\0{language}\0".encode())
    for page in pages:
        digest.update(page.path.as_posix().encode("utf-8", "surrogateescape") + b"\0" + page.digest)
    return digest.hexdigest()


def run_pagefind(part_site: Path, bundle: Path) -> None:
    """Pagefind over every page of `part_site`, writing its bundle to `bundle`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(part_site), "--output-path", str(bundle)]
    completed = subprocess.run([*command, "--silent"], capture_output=True, text=True)
    if completed.returncode != 0:
        raise BuildFailed(f"the search index could not be built:\n{completed.stdout}{completed.stderr}")


def link_files(source: Path, files: Iterable[str | Path], target: Path) -> None:
    """The files (relative to `source`) hard-linked at the same paths under `target`, replacing any there
    (plain string paths, and each folder made once: tens of thousands of files a build)."""
    made: set[str] = set()
    for relative in files:
        destination = os.path.join(target, relative)
        folder = os.path.dirname(destination)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(destination)
        try:
            os.link(os.path.join(source, relative), destination)
        except OSError:  # a file system without hard links
            shutil.copyfile(os.path.join(source, relative), destination)


def files_under(folder: Path) -> list[str]:
    """Every file under `folder` (links to folders left out), relative to it with "/", sorted."""
    found: list[str] = []
    for parent, _, files in os.walk(folder):
        relative = os.path.relpath(parent, folder)
        found += [name if relative == "." else f"{relative}/{name}" for name in files]
    return sorted(found)


def index_part(site: Path, pages: list[SearchablePage], bundle: Path, work: Path) -> None:
    """Index one part's pages into `bundle`, from a site of their own, hard-linked at their paths (so at
    their URLs)."""
    part_site = Path(tempfile.mkdtemp(dir=work))
    try:
        link_files(site, (page.path for page in pages), part_site)
        run_pagefind(part_site, bundle)
    finally:
        shutil.rmtree(part_site, ignore_errors=True)


def file_digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


class BundleCache:
    """Bundles of parts indexed by earlier builds, each in a folder named by its part's key with the
    manifest of its files (see the module docstring); `reuse` False: only written, never read."""

    def __init__(self, folder: Path, reuse: bool) -> None:
        self.folder, self.reuse = folder, reuse
        self.used: set[str] = set()
        self.indexed = 0  # parts Pagefind indexed in this build
        folder.mkdir(parents=True, exist_ok=True)

    def bundle(self, site: Path, key: str, pages: list[SearchablePage], work: Path) -> Path:
        """The bundle of the part: kept from an earlier build when whole, else indexed now and kept."""
        self.used.add(key)
        kept = self.folder / key
        if self.reuse and self.is_whole(kept):
            return kept / BUNDLE_FOLDER
        shutil.rmtree(kept, ignore_errors=True)
        fresh = Path(tempfile.mkdtemp(prefix=".new-", dir=self.folder))
        index_part(site, pages, fresh / BUNDLE_FOLDER, work)
        self.indexed += 1
        manifest = {
            "format": CACHE_FORMAT,
            "key": key,
            "files": {
                path: [
                    (fresh / BUNDLE_FOLDER / path).stat().st_size,
                    file_digest(fresh / BUNDLE_FOLDER / path),
                ]
                for path in files_under(fresh / BUNDLE_FOLDER)
            },
        }
        (fresh / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        fresh.rename(kept)
        return kept / BUNDLE_FOLDER

    def is_whole(self, kept: Path) -> bool:
        """Whether a kept bundle has exactly the files its manifest lists, each of its size and hash."""
        if kept.is_symlink():
            return False
        try:
            manifest = json.loads((kept / MANIFEST).read_text(encoding="utf-8"))
            listed = manifest["files"]
            if (
                manifest["format"] != CACHE_FORMAT
                or manifest["key"] != kept.name
                or not isinstance(listed, dict)
            ):
                return False
            bundle = kept / BUNDLE_FOLDER
            if set(files_under(bundle)) != set(listed):
                return False
            for name, (size, digest) in listed.items():
                status = (bundle / name).lstat()
                if (
                    not stat.S_ISREG(status.st_mode)
                    or status.st_size != size
                    or file_digest(bundle / name) != digest
                ):
                    return False
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return False
        return True

    def forget_unused(self) -> None:
        """Remove the bundles this build did not use, and any an interrupted build left half written."""
        for kept in self.folder.iterdir():
            if kept.is_symlink() or not kept.is_dir():
                kept.unlink(missing_ok=True)
            elif kept.name not in self.used:
                shutil.rmtree(kept, ignore_errors=True)


def add_to_main_bundle(part: Path, bundle: Path) -> None:
    """Link a language's first part into the main bundle; its entry file lists every language so far.

    A language's files are named after it, so parts of different languages never clash; the script
    and style files are the same in every part.
    """
    entry = json.loads((part / ENTRY_FILE).read_text(encoding="utf-8"))
    main_entry = bundle / ENTRY_FILE
    if main_entry.exists():
        languages = json.loads(main_entry.read_text(encoding="utf-8"))["languages"]
        entry["languages"] = {**languages, **entry["languages"]}
    link_files(part, files_under(part), bundle)
    main_entry.unlink()  # a link to the part's own entry file, which stays as it is
    main_entry.write_text(json.dumps(entry), encoding="utf-8")


def build_index(
    site: Path, limit: int = PART_PAGES, cache: Path | None = None, reuse: bool = False
) -> dict[str, list[str]]:
    """Write the search index of the built site into site/pagefind/; returns the further parts by
    language, as parts.json lists them (paths from the main bundle, ending in "/").

    With `cache`, each part's bundle is kept in that folder for later builds; with `reuse` too, a part
    whose pages are those of a kept bundle is linked from it rather than indexed again."""
    bundle = site / BUNDLE
    parts: dict[str, list[str]] = {}
    work = Path(tempfile.mkdtemp(prefix=".search-", dir=site))  # removed before the site is swapped in
    bundles = BundleCache(cache, reuse) if cache is not None else BundleCache(work / "bundles", reuse=False)
    try:
        for language, pages in searchable_pages(site).items():
            parts[language] = []
            for number, part in enumerate(split(pages, limit)):
                indexed = bundles.bundle(site, part_key(language, part), part, work)
                if number == 0:
                    add_to_main_bundle(indexed, bundle)
                    continue
                path = f"{PARTS_FOLDER}/{language}-{number}/"
                link_files(indexed, files_under(indexed), bundle / path)
                parts[language].append(path)
        if cache is not None:
            bundles.forget_unused()
        logger.info(
            "The search index: %d parts indexed, %d kept",
            bundles.indexed,
            len(bundles.used) - bundles.indexed,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if bundle.is_dir():
        (bundle / PARTS_FILE).write_text(json.dumps(parts, indent=1) + "\n", encoding="utf-8")
    return parts
