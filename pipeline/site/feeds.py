"""Atom feeds of project updates: the static site's way to follow a project.

Titles, names and updates come from entry files. Whatever characters they hold, a feed is XML 1.0:
characters XML forbids are replaced before they reach the feed, not left for a feed reader to reject.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from feedgenerator import Atom1Feed

from ..exports import COUNCIL_FEED_ITEMS, council_projects
from ..markup import xml_text
from ..model import LONDON, Project
from .dependencies import Keys, council_feed, project_feed

if TYPE_CHECKING:
    from .context import Site

SITE_FEED = "feeds/updates.atom.xml"
SITE_FEED_ITEMS = 100


def write_updates_feed(
    site: Site,
    output_path: Path,
    save_as: str,
    title: str,
    page_path: str,
    projects: list[Project],
    limit: int | None = None,
) -> None:
    """Write an Atom feed of the updates of `projects`, newest first, in the site's language: to
    output_path/save_as, under the language's prefix."""
    language = site.language
    feed = Atom1Feed(
        title=xml_text(title),
        link=site.url(page_path),
        feed_url=site.url(save_as),
        description="",
        language=language.html_lang,
    )
    items = [(update, project) for project in projects for update in site.updates(project)]
    items.sort(key=lambda item: (item[0].day, item[1].id), reverse=True)
    for update, project in items[:limit]:
        published = datetime.combine(update.day, time(12), tzinfo=LONDON)
        link = f"{site.url(project)}#{update.anchor}"
        feed.add_item(
            title=xml_text(
                language.gettext(
                    "%(title)s: update of %(date)s",
                    title=site.title(project),
                    date=language.long_date(update.day),
                )
            ),
            link=link,
            unique_id=link,
            description=xml_text(str(update.html)),
            content=xml_text(str(update.html)),
            author_name=xml_text(site.council_name(project.lead_council)),
            pubdate=published,
            updateddate=published,
        )
    if not feed.items:
        # Dated the build's day, not the moment of building: the same catalogue built on the same day
        # gives the same file.
        built = datetime.combine(site.today, time(12), tzinfo=LONDON)
        feed.latest_post_date = lambda: built
    target = output_path / language.path(save_as)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as file:
        feed.write(file, "utf-8")


@dataclass(frozen=True)
class PlannedFile:
    """A file written with the pages (a feed, an entry's own JSON) as data: where it is written (under
    its language's prefix), what works out the keys of what it shows (pipeline.site.dependencies; None
    for one written by every build, like the site-wide feed) and the task that writes it."""

    save_as: str
    depends: Callable[[], Keys] | None
    write: Callable[[], None]

    def keys(self) -> Keys | None:
        return self.depends() if self.depends is not None else None


def planned_feeds(site: Site, sitename: str, output_path: Path) -> list[PlannedFile]:
    """In the site's language: the site-wide feed of project updates, one feed per project, and one per
    council of the updates of the projects it leads or partners in (councils/<id>/updates.atom.xml)."""
    language = site.language
    projects = list(site.catalogue.projects.values())
    write = partial(write_updates_feed, site, output_path)
    site_title = language.gettext("%(site)s: project updates", site=sitename)
    feeds = [
        PlannedFile(
            language.path(SITE_FEED),
            None,
            partial(write, SITE_FEED, site_title, "projects/", projects, SITE_FEED_ITEMS),
        )
    ]
    for project in projects:
        title = language.gettext("%(site)s: updates on %(title)s", site=sitename, title=site.title(project))
        save_as = site.feed_path(project)
        feeds.append(
            PlannedFile(
                language.path(save_as),
                partial(project_feed, project),
                partial(write, save_as, title, project.url, [project]),
            )
        )
    for council in site.catalogue.councils.values():
        title = language.gettext(
            "%(site)s: updates on projects of %(council)s", site=sitename, council=site.title(council)
        )
        shown = council_projects(site.catalogue, council.id)
        save_as = site.feed_path(council)
        write_council = partial(write, save_as, title, council.url, shown, COUNCIL_FEED_ITEMS)
        keys = partial(council_feed, council, shown)
        feeds.append(PlannedFile(language.path(save_as), keys, write_council))
    return feeds
