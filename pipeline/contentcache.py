"""The content cache: Markdown rendered by earlier builds, so that a rebuild renders only what changed.

Each rendering is kept under a hash of its text, in one file of the cache folder (CACHE_PATH, cache/ by
default, never committed) that also names the renderer's version: a change to pipeline/markup.py or to
the Markdown or sanitiser package throws the whole file away. Only what depends on nothing but the
text is kept; freshness and anything else that depends on "today" or on other entries is worked out
afresh by every build.

The cache is input, not output: it lives in the checkout, where a pull request could commit one. So
nothing read from it is trusted. Each rendering is sanitised again, with the same allow-list as
pipeline.markup uses, before it is marked safe (re-sanitising is cheaper than rendering, and needs no
secret, which an integrity check would: a pull request can write any file a build reads). A cache that
is corrupt, truncated, too deeply nested or of the wrong shape is ignored with a warning, and so is one
that cannot be written: a cache only ever saves time, it never fails a build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path

from markupsafe import Markup

from . import markup

CACHE_FILE = "markdown.json"
FORMAT = 1
RESANITISE = {"block": markup.sanitise, "inline": markup.sanitise_inline}
logger = logging.getLogger(__name__)


@cache
def renderer_version() -> str:
    """Changes whenever a rendering could: the code of pipeline/markup.py, or the Markdown or sanitiser package."""
    digest = hashlib.sha256(Path(markup.__file__).read_bytes())
    for package in ("markdown-it-py", "nh3"):
        digest.update(f"\0{package} {metadata.version(package)}".encode())
    return digest.hexdigest()


def _key(kind: str, text: str) -> str:
    return hashlib.blake2b(f"{kind}\0{text}".encode(), digest_size=16).hexdigest()


def _renderings(stored: object) -> dict[str, str] | None:
    """The renderings of a cache file's document, or None when it is not one this version wrote."""
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        return None
    html = stored.get("html")
    if not isinstance(html, dict) or not all(isinstance(value, str) for value in html.values()):
        return None
    return html if stored.get("renderer") == renderer_version() else {}


class ContentCache:
    """Renders Markdown as pipeline.markup does, from the cache when the same text was rendered before.

    With no folder it only renders. `save()` keeps what this build used, so the file never grows with
    texts that are gone; renderings made in worker processes are brought in with `adopt()`.
    """

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder else None
        self.stored = self._read(self.folder) if self.folder else {}
        self.used: dict[str, Markup] = {}

    def render(self, text: str) -> Markup:
        """A body or update, as markup.render gives it."""
        return self._rendered("block", text, markup.render)

    def render_inline(self, text: str) -> Markup:
        """A summary, as markup.render_inline gives it."""
        return self._rendered("inline", text, markup.render_inline)

    def _rendered(self, kind: str, text: str, render: Callable[[str], Markup]) -> Markup:
        text = text or ""
        if markup.is_plain(text):
            return render(text)  # cheaper than working out its key
        key = _key(kind, text)
        html = self.used.get(key)
        if html is None:
            stored = self.stored.get(key)
            html = render(text) if stored is None else Markup(RESANITISE[kind](stored))
            self.used[key] = html
        return html

    def adopt(self, renderings: dict[str, Markup]) -> None:
        """Count renderings used by another process of the same build as used by this one."""
        self.used.update(renderings)

    @staticmethod
    def _read(folder: Path) -> dict[str, str]:
        """The renderings kept in the folder's cache file; none, with a warning, if it cannot be used."""
        path = folder / CACHE_FILE
        if not path.exists():
            return {}
        try:
            html = _renderings(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, RecursionError) as error:
            logger.warning(
                "The content cache %s cannot be read (%s): everything is rendered afresh.", path, error
            )
            return {}
        if html is None:
            logger.warning(
                "The content cache %s is not one Pipeline wrote: everything is rendered afresh.", path
            )
            return {}
        return html

    def save(self) -> None:
        """Write what this build used to the cache folder, replacing the file whole; a warning if it cannot."""
        if self.folder is None or self.used == self.stored:
            return
        try:
            self._write(self.folder)
        except OSError as error:
            logger.warning("The content cache could not be saved in %s (%s).", self.folder, error)

    def _write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        document = {"format": FORMAT, "renderer": renderer_version(), "html": self.used}
        handle, temporary = tempfile.mkstemp(prefix=".markdown-", suffix=".json", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(document, file, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, folder / CACHE_FILE)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
