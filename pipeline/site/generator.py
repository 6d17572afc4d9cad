"""The generator that reads the catalogue and writes every page of the site."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican.generators import Generator
from pelican.writers import FileOverwriteFailedError, Writer

from ..catalogue import Catalogue, load_catalogue
from ..contentcache import ContentCache
from ..exports import council_projects, embed_path, entry_json_path, redirects
from ..freshness import Policy
from ..loader import LoadError, load_file
from ..markup import plain_text, render_page
from ..model import Project
from ..problems import ERROR, Problem, format_text, has_errors
from ..processes import ForkedWorkFailed, run_shared, worker_count
from ..settings import Settings, settings_today
from . import catalogue_index, sitemap
from .context import Facet, Site, SitePage
from .errors import BuildFailed, InvalidCatalogue
from .feeds import feed_tasks
from .filters import FILTERS
from .outputs import WRITERS
from .pagination import paginate
from .review import review_pages

logger = logging.getLogger(__name__)

SITE_PAGES_FOLDER = "pages"
# Pages of the site's own that are made from the catalogue, not from content/pages/: (path, template).
CATALOGUE_PAGES = (("data/", "data"), ("review/", "review"), ("sponsorship/", "sponsorship"))


def page_placeholders(settings: Settings) -> dict[str, str]:
    """What stands in a page's text for a setting: "{site}" for the site's address, so links work
    wherever the site is served, and "{repo}" for the GitHub repository ("owner/name"), so links to its
    issue forms follow the repository."""
    return {"{site}": settings["SITEURL"].rstrip("/"), "{repo}": settings.get("GITHUB_REPO", "")}


def read_site_page(path: Path, placeholders: dict[str, str]) -> SitePage:
    """A page of content/pages/: front matter with a title and a summary, then Markdown."""
    document = load_file(path)
    title, summary = document.data.get("title"), document.data.get("summary", "")
    if not isinstance(title, str) or not isinstance(summary, str):
        raise LoadError("a page needs a title (and may have a summary), each a single piece of text")
    body = document.body
    for placeholder, value in placeholders.items():
        body = body.replace(placeholder, value)
    return SitePage(path.stem, title, plain_text(summary), render_page(body))


def read_site_pages(folder: Path, placeholders: dict[str, str]) -> dict[str, SitePage]:
    pages: dict[str, SitePage] = {}
    problems: list[Problem] = []
    paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    for path in (path for path in paths if not path.name.startswith(".")):
        try:
            pages[path.stem] = read_site_page(path, placeholders)
        except LoadError as error:
            problems.append(Problem(str(path), error.line, error.column, ERROR, error.message))
    if problems:
        raise InvalidCatalogue(problems)
    return pages


class SiteGenerator(Generator):  # type: ignore[misc]  # Pelican ships no types: its Generator is Any
    """Councils, projects and maker days as content types of their own, never Pelican articles."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.filters.update(FILTERS)
        self.catalogue = Catalogue()  # empty until generate_context reads the content
        self.site_pages: dict[str, SitePage] = {}
        self._site: Site | None = None
        self.content_cache = ContentCache(
            self.settings["CACHE_PATH"] if self.settings.get("PIPELINE_CACHE") else None
        )
        self.written: list[tuple[str, date | None]] = []  # (page path, last modified) for the sitemap
        self.tasks: list[Callable[[], None]] = []  # what writes each page and feed, run by generate_output
        self.planned_paths: set[str] = set()

    @property
    def site(self) -> Site:
        """The catalogue as templates see it, made by make_site once every generator has read."""
        if self._site is None:
            raise BuildFailed("the site's pages were planned before every generator had read its content")
        return self._site

    # reading ---------------------------------------------------------------

    def generate_context(self) -> None:
        content = Path(self.path)
        today, policy = settings_today(self.settings), Policy.from_settings(self.settings)
        catalogue, problems = load_catalogue(content, today, policy)
        if has_errors(problems):
            raise InvalidCatalogue(problems)
        for problem in problems:
            logger.warning(format_text([problem]).strip())
        self.catalogue = catalogue
        self.site_pages = read_site_pages(content / SITE_PAGES_FOLDER, page_placeholders(self.settings))

    def make_site(self) -> None:
        """Called once every generator has finished reading: "today" is applied only now."""
        self._site = Site(self.catalogue, self.settings, self.site_pages, self.component, self.content_cache)
        self.context["site"] = self._site

    def component(self, template: str, macro: str) -> Callable[..., Markup]:
        """A macro of a component template (like components/project.html), to call from Python.

        Components take everything they show as parameters, so they need nothing of the page's context;
        with autoescape on they return Markup, as safe as the page they go into.
        """
        render: Callable[..., Markup] = getattr(self.env.get_template(template).module, macro)
        return render

    # writing ---------------------------------------------------------------

    def add_page(
        self,
        writer: Writer,
        save_as: str,
        template: str,
        page_path: str,
        lastmod: date | None = None,
        listed: bool = True,
        **kwargs: object,
    ) -> None:
        """Plan a page: generate_output writes every page planned, shared between processes.

        A page that is not `listed` (an embed, a redirect) is left out of the sitemap.
        """
        path = os.path.normpath(save_as)
        if path in self.planned_paths:
            raise FileOverwriteFailedError(f'two pages would be written to "{save_as}"')
        self.planned_paths.add(path)
        page_template = self.get_template(template)

        def write_page() -> None:
            writer.write_file(
                save_as,
                page_template,
                self.context,
                page_path=page_path,
                canonical_url=self.site.url(page_path),
                **kwargs,
            )

        self.tasks.append(write_page)
        if listed:
            self.written.append((page_path, lastmod))

    def generate_output(self, writer: Writer) -> None:
        output_path = Path(self.output_path)
        self.add_catalogue_pages(writer)
        self.add_entry_pages(writer)
        self.add_embed_pages(writer)
        self.add_redirect_pages(writer)
        self.add_site_pages(writer)
        self.tasks += feed_tasks(self.catalogue, self.context, output_path)
        self.site.compute_parts()
        workers = worker_count(self.settings.get("PIPELINE_WORKERS"), len(self.tasks))
        # What is built so far lives until the pages are written: the cycle collector need not walk it
        # again and again, and a forked worker shares it with this process instead of copying it.
        gc.freeze()
        try:
            run_shared(
                self.tasks, workers, collect=lambda: self.content_cache.used, adopt=self.content_cache.adopt
            )
        except ForkedWorkFailed as error:
            raise BuildFailed(f"writing the site failed: {error}") from None
        finally:
            gc.unfreeze()
        for write_more in WRITERS:
            write_more(self.site, self.settings["SITENAME"], output_path)
        catalogue_index.write(self.site, output_path)
        sitemap.write(output_path, self.site, self.written)
        self.content_cache.save()

    def add_catalogue_pages(self, writer: Writer) -> None:
        site = self.site
        self.add_page(writer, "index.html", "home", "")
        projects = site.sort_projects(site.catalogue.projects.values())
        self.add_project_list(writer, "projects/", projects)
        for facet in site.facets:
            for value, matching in facet.groups.items():
                self.add_project_list(writer, facet.path(value), matching, facet=facet, value=value)
        self.add_page(writer, "councils/index.html", "councils", "councils/")
        self.add_page(writer, "makerdays/index.html", "makerdays", "makerdays/")
        self.add_page(writer, "search/index.html", "search", "search/")

    def add_project_list(
        self,
        writer: Writer,
        path: str,
        projects: list[Project],
        facet: Facet | None = None,
        value: str | None = None,
    ) -> None:
        """A list of projects as the catalogue's pages: the first at `path`, the rest at path/page/<n>/;
        with a facet, the list of one of its values."""
        for page in paginate(projects, path, self.site.page_size):
            path_of_page = page.path + "index.html"
            self.add_page(
                writer, path_of_page, "catalogue", page.path, projects=page, facet=facet, value=value
            )

    def add_entry_pages(self, writer: Writer) -> None:
        """Each entry's page, linking its own JSON (written beside it by pipeline.exports)."""
        site = self.site
        for project in site.catalogue.projects.values():
            path = project.url
            lastmod = site.last_updated(project)
            json = site.url(entry_json_path(project))
            self.add_page(
                writer, path + "index.html", "project", path, lastmod, project=project, entry_json=json
            )
        for council in site.catalogue.councils.values():
            json = site.url(entry_json_path(council))
            self.add_page(
                writer, council.url + "index.html", "council", council.url, council=council, entry_json=json
            )
        for makerday in site.catalogue.makerdays.values():
            json = site.url(entry_json_path(makerday))
            self.add_page(
                writer,
                makerday.url + "index.html",
                "makerday",
                makerday.url,
                makerday=makerday,
                entry_json=json,
            )

    def add_embed_pages(self, writer: Writer) -> None:
        """councils/<id>/embed/: a council's projects on a page of their own, for an intranet's iframe."""
        for council in self.site.catalogue.councils.values():
            projects = self.site.sort_projects(council_projects(self.site.catalogue, council.id))
            path = embed_path(council)
            self.add_page(
                writer, path + "index.html", "embed", path, listed=False, council=council, projects=projects
            )

    def add_redirect_pages(self, writer: Writer) -> None:
        """A page at each former address of a renamed or merged entry, leading to the entry's page."""
        for entry in self.site.catalogue.entries():
            for path, target in redirects(entry):
                self.add_page(writer, path + "index.html", "redirect", path, listed=False, target=target)

    def add_site_pages(self, writer: Writer) -> None:
        for page in self.site.pages.values():
            self.add_page(writer, page.save_as, "page", page.url, page=page)
        for path, template in CATALOGUE_PAGES:
            self.add_page(writer, path + "index.html", template, path)
        for review_list, listing in review_pages(self.site.review_lists, self.site.page_size):
            path = listing.path
            self.add_page(
                writer,
                path + "index.html",
                "review-list",
                path,
                listed=False,
                review_list=review_list,
                listing=listing,
            )
