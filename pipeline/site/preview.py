"""The live preview of `pipeline serve`: the site from memory, each page rendered when it is asked for.

Nothing is built up front. The preview keeps the catalogue and the `Site` in memory and renders a page
the first time it is asked for, keeping it until something changes. An entry's page is planned alone
(`SiteGenerator.plan_entry_page`); every other page is found in the plan of every page
(`SiteGenerator.plan_pages`), made when first needed after each change. The files beside the pages
(open data, feeds, calendars, the catalogue index, the sitemap) are written into a temporary folder the
first time one of them is asked for.

`watch` follows the content folder, the theme, the schemas and the settings file. An edited entry file
is read again alone, then the rules across entries run again (those that read one entry alone, only
for the edited one: pipeline.rules.checked_alone); similar projects are kept from before the edit
rather than worked out again over every project. Anything else (a template, a schema, the settings, a page of
content/pages/) reloads everything.

A catalogue with errors never stops the preview: the problems are printed in the terminal as `pipeline
validate` prints them (file:line:column) and shown at the top of every page, which shows the entries
that can be read; fixing the file brings the page back. Search needs Pagefind's index of a built site,
so the search page says to use `pipeline serve --built` for it.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
import re
import shutil
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles
from markupsafe import Markup

from ..catalogue import (
    EntryFile,
    cycle_collection_paused,
    link_catalogue,
    read_entry_files,
    read_one_entry_file,
)
from ..freshness import Policy
from ..model import FOLDERS
from ..problems import Problem, format_text, has_errors, summary
from ..schemas import SCHEMA_DIR
from ..settings import Settings, settings_today
from . import catalogue_index, sitemap
from .build import read_settings
from .errors import InvalidCatalogue
from .feeds import planned_feeds
from .generator import SITE_PAGES_FOLDER, PlannedPage, SiteGenerator, page_placeholders, read_site_pages
from .i18n import not_found_page
from .outputs import LANGUAGE_WRITERS, WRITERS, planned_entry_json
from .parts import SimilarProjects

logger = logging.getLogger(__name__)

SEARCH_NOTE = (
    "Search is not part of the preview: it needs the search index of a built site. "
    "To try it, run pipeline serve --built, which builds the whole site first."
)
BODY_TAG = re.compile(r"<body[^>]*>")


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    location: str = ""  # where a redirect leads


def html_response(status: int, html: str) -> Response:
    return Response(status, "text/html; charset=utf-8", html.encode("utf-8"))


def failure_page(title: str, detail: str) -> str:
    """A page of its own for when the site's pages cannot be rendered at all (escaped, needs no template)."""
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{Markup.escape(title)}</title></head><body><h1>{Markup.escape(title)}</h1>"
        f"<pre>{Markup.escape(detail)}</pre></body></html>"
    )


def entry_key(path: Path) -> tuple[str, str]:
    """(folder, file name) of an entry file, the key the preview keeps it under."""
    return path.parent.name, path.name


class Preview:
    """The site of one content folder, kept in memory and rendered on request (see the module docstring).

    Thread-safe: requests and the watcher take turns through one lock.
    """

    def __init__(
        self,
        settings_file: Path,
        content: Path | None = None,
        today: date | None = None,
        report: Callable[[str], None] | None = None,
    ) -> None:
        self.settings_file = settings_file.resolve()
        self.content_option, self.today_option = content, today
        self.report = report or (lambda text: print(text, file=sys.stderr, end=""))
        self.lock = threading.RLock()
        self.data_folder = Path(tempfile.mkdtemp(prefix="pipeline-preview-"))
        self.data_written = False
        self.rendered: dict[str, Response] = {}
        self.watching = threading.Event()  # set once watch follows every change
        self.problems: list[Problem] = []
        self.failure = ""  # why nothing can be shown (a template that does not compile, say)
        self.files: dict[tuple[str, str], EntryFile] = {}
        self.pages: dict[str, PlannedPage] | None = None  # every page, planned when first needed
        self.generator: SiteGenerator | None = None
        self.settings: Settings = {}
        self.reload()

    # what is watched -------------------------------------------------------------------

    @property
    def content(self) -> Path:
        return Path(self.settings.get("PATH") or self.content_option or "content").resolve()

    @property
    def theme(self) -> Path:
        return Path(self.settings.get("THEME") or "theme").resolve()

    def watched(self) -> list[Path]:
        """The folders and the settings file a change to which changes the site."""
        return [path for path in (self.content, self.theme, SCHEMA_DIR) if path.exists()]

    # loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read everything again: settings, templates, schemas, every entry."""
        with self.lock, cycle_collection_paused():
            try:
                forget_cached_schemas()
                self.settings = read_settings(
                    self.settings_file, self.content_option, self.today_option, {"SITEURL": ""}
                )
                self.files = {entry_key(file.path): file for file in read_entry_files(self.content)}
                self.generator = new_generator(self.settings)
                self.relink(similar=None)
            except Exception as error:  # a broken template or settings file: say so, keep serving
                self.fail(error)

    def apply(self, changed: Iterable[Path]) -> None:
        """Bring the site up to date with changed files: entries alone, anything else all at once."""
        changed = [path.resolve() for path in changed]
        if self.generator is None or any(not self.is_entry_file(path) for path in changed):
            self.reload()
            return
        with self.lock, cycle_collection_paused():
            try:
                for path in changed:
                    key = entry_key(path)
                    if path.exists() or path.is_symlink():
                        self.files[key] = read_one_entry_file(path.parent.name, path)
                    else:
                        self.files.pop(key, None)
                self.relink(similar=self.generator.site.similar.matches)
            except Exception as error:
                self.fail(error)

    def is_entry_file(self, path: Path) -> bool:
        return path.parent.parent == self.content and path.parent.name in FOLDERS

    def relink(self, similar: dict[str, list[tuple[str, float]]] | None) -> None:
        """Link the catalogue from the files read, then make the site and plan its pages again."""
        generator = self.generator
        assert generator is not None
        settings = self.settings
        today = settings_today(settings)
        order = {folder: n for n, folder in enumerate(FOLDERS)}
        files = [self.files[key] for key in sorted(self.files, key=lambda key: (order[key[0]], key[1]))]
        catalogue, problems = link_catalogue(files, self.content, today, Policy.from_settings(settings))
        earlier = generator.site if similar is not None else None
        generator.catalogue = catalogue
        try:
            generator.site_pages = read_site_pages(
                self.content / SITE_PAGES_FOLDER, page_placeholders(settings)
            )
        except InvalidCatalogue as invalid:
            problems = sorted({*problems, *invalid.problems})
        generator.make_site(earlier)
        if similar is not None:
            generator.site.similar = SimilarProjects(generator.site, similar)
        generator.site.similar  # noqa: B018  # worked out now, not while a page waits
        self.pages = None
        self.forget_rendered()
        self.show_problems(problems)
        self.failure = ""

    def forget_rendered(self) -> None:
        self.rendered.clear()
        self.data_written = False

    def show_problems(self, problems: list[Problem]) -> None:
        """Print the catalogue's problems when they change, and keep them for the pages' banner."""
        if problems != self.problems:
            if problems:
                self.report(format_text(problems))
                verdict = "invalid" if has_errors(problems) else "valid"
                self.report(f"pipeline: the catalogue is {verdict} ({summary(problems)})\n")
            elif self.problems:
                self.report("pipeline: the catalogue is valid again\n")
        self.problems = problems

    def fail(self, error: Exception) -> None:
        self.failure = "".join(traceback.format_exception_only(error)).strip()
        self.forget_rendered()
        self.report(f"pipeline: the site cannot be previewed: {self.failure}\n")

    # answering -------------------------------------------------------------------------

    def respond(self, url: str) -> Response:
        """The answer to a GET of `url` (a path, with or without a query)."""
        path = posixpath.normpath(unquote(urlsplit(url).path)).lstrip("/")
        path = "" if path == "." else path
        if url.split("?")[0].endswith("/") and path:
            path += "/"
        with self.lock:
            if not self.failure:
                try:
                    return self.answer(path)
                except Exception as error:  # pages that cannot be planned (two at one address, say)
                    self.fail(error)
            return html_response(500, failure_page("The site cannot be previewed", self.failure))

    def answer(self, path: str) -> Response:
        save_as = path + "index.html" if path == "" or path.endswith("/") else path
        if save_as in self.rendered:
            return self.rendered[save_as]
        planned = self.planned(save_as)
        if planned is not None:
            self.rendered[save_as] = self.page(planned, 200)
            return self.rendered[save_as]
        if path + "/index.html" in self.every_page():
            return Response(301, "text/plain", b"", location="/" + path + "/")
        return self.file(path) or self.not_found(path)

    def planned(self, save_as: str) -> PlannedPage | None:
        """The page planned at `save_as`: an entry's page is planned alone until every page is (planning
        them all takes a second or more at 10,000 projects, after every edit)."""
        generator = self.generator
        assert generator is not None
        if self.pages is None:
            found = generator.plan_entry_page(save_as)
            if found is not None:
                return found
        return self.every_page().get(save_as)

    def every_page(self) -> dict[str, PlannedPage]:
        """Every page of the site, planned now if not yet since the last change."""
        generator = self.generator
        assert generator is not None
        if self.pages is None:
            self.pages = {page.save_as: page for page in generator.plan_pages()}
        return self.pages

    def page(self, planned: PlannedPage, status: int) -> Response:
        generator = self.generator
        assert generator is not None
        try:
            html = generator.render(planned)
        except Exception as error:  # an entry the rules refused, a template that fails: a page says so
            detail = "".join(traceback.format_exception_only(error)).strip()
            self.report(f"pipeline: {planned.page_path or '/'} cannot be rendered: {detail}\n")
            text = format_text(self.problems) or detail
            return html_response(500, failure_page("This page cannot be previewed", text))
        note = SEARCH_NOTE if planned.template == "search" else ""
        if self.problems or note:
            banner = generator.component("components/preview.html", "preview_banner")(self.problems, note)
            html = BODY_TAG.sub(lambda body: body.group(0) + str(banner), html, count=1)
        return html_response(status, html)

    def not_found(self, path: str) -> Response:
        """The 404 page in the language of `path`; while the catalogue has errors, the problems instead: the page asked for may be
        that of an entry that cannot be read."""
        if has_errors(self.problems):
            problems = format_text(self.problems)
            return html_response(500, failure_page("This page cannot be previewed", problems))
        missing = self.every_page().get(not_found_page(path))
        if missing is None:
            return html_response(404, failure_page("Page not found", ""))
        return self.page(missing, 404)

    def file(self, path: str) -> Response | None:
        """A static file of the theme, or a file written beside the pages."""
        static = self.settings.get("THEME_STATIC_DIR", "static")
        if path.startswith(static + "/"):
            return read_within(self.theme / "static", path.removeprefix(static + "/"))
        if not self.data_written:
            self.write_data_files()
        return read_within(self.data_folder, path)

    def write_data_files(self) -> None:
        """Every file written beside the pages, as a build writes them, into the preview's own folder."""
        generator = self.generator
        assert generator is not None
        shutil.rmtree(self.data_folder, ignore_errors=True)
        self.data_folder.mkdir()
        self.every_page()  # the sitemap lists them
        sitename = self.settings["SITENAME"]
        for write_more in WRITERS:
            write_more(generator.site, sitename, self.data_folder)
        for entry_json in planned_entry_json(generator.site, self.data_folder):
            entry_json.write()
        for site in generator.sites:
            for feed in planned_feeds(site, sitename, self.data_folder):
                feed.write()
            for write_in_language in LANGUAGE_WRITERS:
                write_in_language(site, sitename, self.data_folder)
            catalogue_index.write(site, self.data_folder)
        sitemap.write(self.data_folder, generator.sites, generator.sitemap_pages)
        self.data_written = True

    def close(self) -> None:
        shutil.rmtree(self.data_folder, ignore_errors=True)

    # watching --------------------------------------------------------------------------

    def watch(self, stop: threading.Event) -> None:
        """Follow the watched folders and the settings file until `stop` is set, applying each change."""
        settings_stamp = stamp(self.settings_file)
        for changes in watchfiles.watch(
            *self.watched(),
            stop_event=stop,
            debounce=400,
            step=30,
            rust_timeout=500,
            yield_on_timeout=True,
            watch_filter=lambda change, path: not Path(path).name.startswith("."),
        ):
            self.watching.set()
            if stamp(self.settings_file) != settings_stamp:
                settings_stamp = stamp(self.settings_file)
                self.reload()
            elif changes:
                self.apply(Path(path) for _, path in changes)


def stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def read_within(folder: Path, relative: str) -> Response | None:
    """A file under `folder` (never outside it), or None."""
    path = (folder / relative).resolve()
    if folder.resolve() not in path.parents or not path.is_file():
        return None
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type.endswith(("json", "xml")):
        content_type += "; charset=utf-8"
    return Response(200, content_type, path.read_bytes())


def new_generator(settings: Settings) -> SiteGenerator:
    """The site's generator, as Pelican makes it for a build, without reading or writing anything yet."""
    context = {
        **settings,
        "generated_content": {},
        "static_links": set(),
        "static_content": {},
        "localsiteurl": settings["SITEURL"],
    }
    return SiteGenerator(
        context=context,
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )


def forget_cached_schemas() -> None:
    """Drop what the core worked out from the schemas, so that an edited schema is read again."""
    for name, module in list(sys.modules.items()):
        if name == "pipeline" or name.startswith("pipeline."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


class PreviewServer(ThreadingHTTPServer):
    """An HTTP server answering every GET from its preview."""

    daemon_threads = True
    preview: Preview


class PreviewRequestHandler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        self.answer(send_body=True)

    def do_HEAD(self) -> None:
        self.answer(send_body=False)

    def answer(self, send_body: bool) -> None:
        response = self.server.preview.respond(self.path)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")  # a preview changes under the browser
        if response.location:
            self.send_header("Location", response.location)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)
