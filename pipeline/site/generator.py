"""The generator that reads the catalogue and writes every page of the site."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template
from markupsafe import Markup
from pelican.generators import Generator
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from ..catalogue import Catalogue, load_catalogue
from ..contentcache import ContentCache
from ..exports import council_projects, embed_path, entry_json_path, redirects
from ..freshness import Policy
from ..loader import LoadError, load_file
from ..markup import plain_text, render_page
from ..model import Council, Entry, Project
from ..problems import ERROR, Problem, format_text, has_errors
from ..processes import ForkedWorkFailed, run_shared, worker_count
from ..settings import Settings, settings_today
from ..welsh import ENGLISH, split_body, translation
from . import catalogue_index, dependencies, sitemap
from .context import Facet, Site, SitePage
from .dependencies import Keys
from .errors import BuildFailed, InvalidCatalogue
from .feeds import planned_feeds
from .filters import FILTERS, as_date
from .i18n import Language, languages
from .outputs import LANGUAGE_WRITERS, WRITERS, planned_entry_json
from .pagination import paginate
from .record import Previous, Recording
from .review import review_pages

Task = Callable[[], None]

logger = logging.getLogger(__name__)

SITE_PAGES_FOLDER = "pages"
# Pages of the site's own that are made from the catalogue, not from content/pages/: (path, template).
CATALOGUE_PAGES = (("data/", "data"), ("review/", "review"), ("sponsorship/", "sponsorship"))


@dataclass(frozen=True)
class PlannedPage:
    """A page of the site as data: where it is written, its language, its template and what the template
    is given. The same pages are planned for every language, the Welsh ones under "cy/".

    The build writes every planned page; the preview renders one when it is asked for. `depends` works
    out the keys of what the page shows (pipeline.site.dependencies) when the build asks for them: worked
    out then and dropped once hashed, tens of thousands of key sets never live at once. It is None when
    that is not recorded, so that an incremental build always renders the page again.
    """

    save_as: str  # the file, relative to the output folder: "projects/bin-app/index.html", "cy/projects/…"
    template: str  # the template's name, without ".html"
    page_path: str  # the page's address, relative to the site: "projects/bin-app/"
    lastmod: date | None = None  # for the sitemap
    listed: bool = True  # in the sitemap (not an embed or a redirect)
    kwargs: Mapping[str, object] = field(default_factory=dict)  # what the template is given besides site
    depends: Callable[[], Keys] | None = None
    language: str = ENGLISH  # as pipeline.welsh names it: "en", "cy"

    def keys(self) -> Keys | None:
        """The keys of what the page shows, its template among them; None when not recorded."""
        if self.depends is None:
            return None
        return self.depends() | {f"template:{self.template}:{self.page_path}"}


def page_placeholders(settings: Settings) -> dict[str, str]:
    """What stands in a page's text for a setting: "{site}" for the site's address, so links work
    wherever the site is served, and "{repo}" for the GitHub repository ("owner/name"), so links to its
    issue forms follow the repository."""
    return {"{site}": settings["SITEURL"].rstrip("/"), "{repo}": settings.get("GITHUB_REPO", "")}


def read_site_page(path: Path, placeholders: dict[str, str]) -> SitePage:
    """A page of content/pages/: front matter with a title and a summary (and their Welsh in a `cy:`
    block), then Markdown, its Welsh part after a "# Cymraeg" line."""
    document = load_file(path)
    title, summary = document.data.get("title"), document.data.get("summary", "")
    if not isinstance(title, str) or not isinstance(summary, str):
        raise LoadError("a page needs a title (and may have a summary), each a single piece of text")
    body = document.body
    for placeholder, value in placeholders.items():
        body = body.replace(placeholder, value)
    parts = split_body(body)
    welsh_body = render_page(parts.welsh) if parts.welsh.strip() else Markup()
    title_cy = translation(document.data, "title") or ""
    summary_cy = plain_text(translation(document.data, "summary") or "")
    english = render_page(parts.english)
    return SitePage(path.stem, title, plain_text(summary), english, title_cy, summary_cy, welsh_body)


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
        self.env.add_extension("jinja2.ext.i18n")
        self.env.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them: whitespace joined
        self.env.filters.update(FILTERS)
        self.languages = languages(Path(self.theme))
        # One template environment per language: the same templates, with that language's interface text
        # and dates (English is Pelican's own environment).
        self.envs = {code: self.language_env(language) for code, language in self.languages.items()}
        self._language_templates: dict[tuple[str, str], Template] = {}
        self.catalogue = Catalogue()  # empty until generate_context reads the content
        self.site_pages: dict[str, SitePage] = {}
        self._site: Site | None = None
        self.content_cache = ContentCache(
            self.settings["CACHE_PATH"] if self.settings.get("PIPELINE_CACHE") else None
        )
        self.plan: list[PlannedPage] = []  # every page, planned by plan_pages
        self.planned_paths: set[str] = set()
        # Set by generate_output: what pages depend on is worked out only for a build that records it.
        self.entry_hashes: dict[str, str] | None = None

    @property
    def site(self) -> Site:
        """The catalogue as templates see it, made by make_site once every generator has read."""
        if self._site is None:
            raise BuildFailed("the site's pages were planned before every generator had read its content")
        return self._site

    @property
    def sites(self) -> list[Site]:
        """The site in each of its languages, English first."""
        return [self.site.site_in(code) for code in self.languages]

    def language_env(self, language: Language) -> Environment:
        """Pelican's environment for English; for another language a new one like it (an overlay would
        share the i18n extension, which installs translations into the environment it was made for)."""
        env: Environment = self.env
        if language.code != ENGLISH:
            env = Environment(loader=self.env.loader, **self.settings["JINJA_ENVIRONMENT"])
            env.add_extension("jinja2.ext.i18n")
            env.policies.update(self.env.policies)
            env.globals.update(self.env.globals)
            env.filters.update(self.env.filters)
            env.tests.update(self.env.tests)
        env.install_gettext_translations(language.translations, newstyle=True)  # type: ignore[attr-defined]
        env.filters["long_date"] = lambda day: language.long_date(as_date(day))
        return env

    def template_in(self, code: str, name: str) -> Template:
        """The page template `name` of the language `code`."""
        key = (code, name)
        if key not in self._language_templates:
            self._language_templates[key] = self.envs[code].get_template(name + ".html")
        return self._language_templates[key]

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

    def make_site(self, earlier: Site | None = None) -> None:
        """Called once every generator has finished reading: "today" is applied only now.

        A preview passes the site before an edit as `earlier`, to keep what the edit did not change."""
        english = self.languages[ENGLISH]
        self._site = Site(
            self.catalogue,
            self.settings,
            self.site_pages,
            self.component_in(ENGLISH),
            self.content_cache,
            earlier,
            english,
        )
        for code, language in self.languages.items():
            self._site.in_language(language, self.component_in(code))
        self.context["site"] = self._site

    def component(self, template: str, macro: str) -> Callable[..., Markup]:
        """A macro of a component template (like components/project.html), in English, to call from
        Python."""
        return self.component_in(ENGLISH)(template, macro)

    def component_in(self, code: str) -> Callable[[str, str], Callable[..., Markup]]:
        """What renders a macro of a component template in the language `code`, to call from Python.

        Components take everything they show as parameters, so they need nothing of the page's context;
        with autoescape on they return Markup, as safe as the page they go into.
        """

        def component(template: str, macro: str) -> Callable[..., Markup]:
            render: Callable[..., Markup] = getattr(self.envs[code].get_template(template).module, macro)
            return render

        return component

    # planning and rendering ------------------------------------------------

    def plan_pages(self) -> list[PlannedPage]:
        """Plan every page of the site in every language (once every generator has read), in the order
        they are written."""
        self.plan, self.planned_paths = [], set()
        for site in self.sites:
            self.add_catalogue_pages(site)
            self.add_entry_pages(site)
            self.add_embed_pages(site)
            self.add_redirect_pages(site)
            self.add_site_pages(site)
        return self.plan

    def recorded(self, keys: Callable[[], Keys]) -> Callable[[], Keys] | None:
        """What works out a page's keys, when this build records them (see generate_output)."""
        return keys if self.entry_hashes is not None else None

    def council_page_keys(self, site: Site, council: Council) -> frozenset[str]:
        return dependencies.council_page(site, council, self.makerdays_fact)

    @cached_property
    def facets_fact(self) -> str:
        return dependencies.facets_fact(self.site)

    @cached_property
    def makerdays_fact(self) -> str:
        return dependencies.makerdays_fact(self.catalogue, self.entry_hashes or {})

    def render(self, page: PlannedPage) -> str:
        """A planned page's HTML in its language, as Pelican's writer renders a template with the site's
        context."""
        site = self.site.site_in(page.language)
        context = {
            **self.context,
            "site": site,
            "output_file": page.save_as,
            "page_path": page.page_path,
            "canonical_url": site.url(page.page_path),
            **page.kwargs,
        }
        html: str = self.template_in(page.language, page.template).render(context)
        return html

    def write_page(self, page: PlannedPage, output_path: Path) -> None:
        path = Path(sanitised_join(str(output_path), page.save_as))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.render(page), encoding="utf-8")

    @property
    def sitemap_pages(self) -> list[tuple[str, date | None]]:
        """(page path, last modified) of every page the sitemap lists, once for all its languages."""
        return [
            (page.page_path, page.lastmod) for page in self.plan if page.listed and page.language == ENGLISH
        ]

    def add_page(
        self,
        site: Site,
        save_as: str,
        template: str,
        page_path: str,
        lastmod: date | None = None,
        listed: bool = True,
        depends: Callable[[], Keys] | None = None,
        **kwargs: object,
    ) -> None:
        """Plan a page of `site`, in its language, under the language's prefix. A page that is not
        `listed` (an embed, a redirect) is left out of the sitemap."""
        language = site.language
        page = PlannedPage(
            language.path(save_as), template, page_path, lastmod, listed, kwargs, depends, language.code
        )
        self.add_planned(page)

    def add_planned(self, page: PlannedPage) -> None:
        path = os.path.normpath(page.save_as)
        if path in self.planned_paths:
            raise FileOverwriteFailedError(f'two pages would be written to "{page.save_as}"')
        self.planned_paths.add(path)
        self.plan.append(page)

    # writing ---------------------------------------------------------------

    def generate_output(self, writer: Writer) -> None:
        output_path = Path(self.output_path)
        sitename = self.settings["SITENAME"]
        for site in self.sites:
            site.compute_parts()
        self.entry_hashes = dependencies.entry_hashes(self.catalogue)
        self.plan_pages()
        writes: list[tuple[dependencies.Recorded, Task]] = [
            (page, partial(self.write_page, page, output_path)) for page in self.plan
        ]
        for site in self.sites:
            writes += [(feed, feed.write) for feed in planned_feeds(site, sitename, output_path)]
        writes += [(file, file.write) for file in planned_entry_json(self.site, output_path)]
        tasks = self.tasks_to_run(writes, output_path)
        workers = worker_count(self.settings.get("PIPELINE_WORKERS"), len(tasks))
        # What is built so far lives until the pages are written: the cycle collector need not walk it
        # again and again, and a forked worker shares it with this process instead of copying it.
        gc.freeze()
        try:
            run_shared(
                tasks, workers, collect=lambda: self.content_cache.used, adopt=self.content_cache.adopt
            )
        except ForkedWorkFailed as error:
            raise BuildFailed(f"writing the site failed: {error}") from None
        finally:
            gc.unfreeze()
        for write_once in WRITERS:
            write_once(self.site, sitename, output_path)
        for site in self.sites:
            for write_in_language in LANGUAGE_WRITERS:
                write_in_language(site, sitename, output_path)
            catalogue_index.write(site, output_path)
        sitemap.write(output_path, self.sites, self.sitemap_pages)
        self.content_cache.save()

    def tasks_to_run(self, writes: list[tuple[dependencies.Recorded, Task]], output_path: Path) -> list[Task]:
        """The writes of the pages and feeds the previous build did not leave as they should be now.

        Each page or feed with recorded keys has its digest recorded (PIPELINE_RECORDING); one the
        previous build (PIPELINE_PREVIOUS) wrote with the same digest is linked from there instead.
        """
        previous: Previous | None = self.settings.get("PIPELINE_PREVIOUS")
        recording: Recording | None = self.settings.get("PIPELINE_RECORDING")
        hashes = self.entry_hashes or {}
        tasks: list[Task] = []
        for planned, write in writes:
            keys = planned.keys() if recording is not None else None
            if recording is None or keys is None:
                tasks.append(write)
                continue
            digest = dependencies.page_digest(planned.save_as, keys, hashes)
            recording.digests[planned.save_as] = digest
            if previous is None or not previous.reuse(planned.save_as, digest, output_path):
                tasks.append(write)
        if previous is not None:
            logger.info("%d pages and feeds unchanged, %d to write", previous.reused, len(tasks))
        return tasks

    def add_catalogue_pages(self, site: Site) -> None:
        self.add_page(site, "index.html", "home", "")
        projects = site.sort_projects(site.catalogue.projects.values())
        self.add_project_list(site, "projects/", projects)
        for facet in site.facets:
            for value, matching in facet.groups.items():
                self.add_project_list(site, facet.path(value), matching, facet=facet, value=value)
        self.add_page(site, "councils/index.html", "councils", "councils/")
        self.add_page(site, "makerdays/index.html", "makerdays", "makerdays/")
        self.add_page(site, "search/index.html", "search", "search/")

    def add_project_list(
        self,
        site: Site,
        path: str,
        projects: list[Project],
        facet: Facet | None = None,
        value: str | None = None,
    ) -> None:
        """A list of projects as the catalogue's pages: the first at `path`, the rest at path/page/<n>/;
        with a facet, the list of one of its values."""
        council = value if facet and facet.key in dependencies.COUNCIL_FACETS else None
        for page in paginate(projects, path, site.page_size):
            path_of_page = page.path + "index.html"
            depends = self.recorded(partial(dependencies.listing_page, page, self.facets_fact, council))
            self.add_page(
                site,
                path_of_page,
                "catalogue",
                page.path,
                depends=depends,
                projects=page,
                facet=facet,
                value=value,
            )

    def add_entry_pages(self, site: Site) -> None:
        """Each entry's page, linking its own JSON (written beside its English page by pipeline.exports)."""
        catalogue = site.catalogue
        for entry in [
            *catalogue.projects.values(),
            *catalogue.councils.values(),
            *catalogue.makerdays.values(),
        ]:
            self.add_planned(self.entry_page(site, entry))

    def entry_page(self, site: Site, entry: Entry) -> PlannedPage:
        """The page of one entry in the site's language."""
        lastmod, depends = None, None
        kwargs: dict[str, object] = {"entry_json": site.file_url(entry_json_path(entry))}
        if isinstance(entry, Project):
            lastmod = site.last_updated(entry)
            depends = self.recorded(partial(dependencies.project_page, site, entry))
            kwargs["project"] = entry
        elif isinstance(entry, Council):
            depends = self.recorded(partial(self.council_page_keys, site, entry))
            kwargs["council"] = entry
        else:
            kwargs["makerday"] = entry
        save_as = site.language.path(entry.url + "index.html")
        return PlannedPage(save_as, entry.kind, entry.url, lastmod, True, kwargs, depends, site.language.code)

    def plan_entry_page(self, save_as: str) -> PlannedPage | None:
        """The page at `save_as` when it is an entry's, planned alone (else None): the live preview's way
        to an edited entry's page without planning every page of the site again."""
        for site in self.sites:
            if not save_as.startswith(site.language.prefix):
                continue
            folder, _, rest = save_as.removeprefix(site.language.prefix).partition("/")
            entry = site.catalogue.in_folder(folder).get(rest.removesuffix("/index.html"))
            if entry is not None and save_as == site.language.path(entry.url + "index.html"):
                return self.entry_page(site, entry)
        return None

    def add_embed_pages(self, site: Site) -> None:
        """councils/<id>/embed/: a council's projects on a page of their own, for an intranet's iframe: the
        first few in the default order (the EMBED_PROJECTS setting), so that it stays light however many
        a council has, with a link to all of them."""
        for council in site.catalogue.councils.values():
            projects = site.sort_projects(council_projects(site.catalogue, council.id))
            shown = projects[: site.embed_projects]
            path = embed_path(council)
            depends = self.recorded(partial(dependencies.embed_page, council, shown, len(projects)))
            self.add_page(
                site,
                path + "index.html",
                "embed",
                path,
                listed=False,
                depends=depends,
                council=council,
                projects=shown,
                total=len(projects),
            )

    def add_redirect_pages(self, site: Site) -> None:
        """A page at each former address of a renamed or merged entry, leading to the entry's page."""
        for entry in site.catalogue.entries():
            for path, target in redirects(entry):
                self.add_page(site, path + "index.html", "redirect", path, listed=False, target=target)

    def add_site_pages(self, site: Site) -> None:
        for page in site.pages.values():
            self.add_page(site, page.save_as, "page", page.url, page=page)
        for path, template in CATALOGUE_PAGES:
            self.add_page(site, path + "index.html", template, path)
        for review_list, listing in review_pages(site.review_lists, site.page_size):
            path = listing.path
            self.add_page(
                site,
                path + "index.html",
                "review-list",
                path,
                listed=False,
                depends=self.recorded(partial(dependencies.review_list_page, listing)),
                review_list=review_list,
                listing=listing,
            )
