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
from typing import TYPE_CHECKING, Any

from feedgenerator import Atom1Feed

from ..dates import long_date
from ..exports import COUNCIL_FEED_ITEMS, council_projects
from ..markup import xml_text
from ..model import LONDON, Project
from .dependencies import council_feed, project_feed

if TYPE_CHECKING:
    from ..catalogue import Catalogue
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
    """Write an Atom feed of the updates of `projects`, newest first, to output_path/save_as."""
    feed = Atom1Feed(
        title=xml_text(title),
        link=site.url(page_path),
        feed_url=site.url(save_as),
        description="",
        language="en-GB",
    )
    items = [(update, project) for project in projects for update in site.updates(project)]
    items.sort(key=lambda item: (item[0].day, item[1].id), reverse=True)
    for update, project in items[:limit]:
        published = datetime.combine(update.day, time(12), tzinfo=LONDON)
        link = f"{site.url(project)}#{update.anchor}"
        feed.add_item(
            title=xml_text(f"{project.title}: update of {long_date(update.day)}"),
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
    target = output_path / save_as
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as file:
        feed.write(file, "utf-8")


@dataclass(frozen=True)
class PlannedFeed:
    """A feed as data: where it is written, the keys of what it shows (pipeline.site.dependencies; None
    for the site-wide feed, written by every build) and the task that writes it."""

    save_as: str
    depends: frozenset[str] | None
    write: Callable[[], None]


def planned_feeds(catalogue: Catalogue, context: dict[str, Any], output_path: Path) -> list[PlannedFeed]:
    """The site-wide feed of project updates, one feed per project, and one per council of the updates of
    the projects it leads or partners in (councils/<id>/updates.atom.xml)."""
    site = context["site"]
    sitename = context["SITENAME"]
    projects = list(catalogue.projects.values())
    site_title = f"{sitename}: project updates"
    write = partial(write_updates_feed, site, output_path)
    feeds = [
        PlannedFeed(
            SITE_FEED, None, partial(write, SITE_FEED, site_title, "projects/", projects, SITE_FEED_ITEMS)
        )
    ]
    for project in projects:
        title = f"{sitename}: updates on {project.title}"
        save_as = site.feed_path(project)
        depends = project_feed(project)
        feeds.append(PlannedFeed(save_as, depends, partial(write, save_as, title, project.url, [project])))
    for council in catalogue.councils.values():
        title = f"{sitename}: updates on projects of {council.name}"
        shown = council_projects(catalogue, council.id)
        save_as = site.feed_path(council)
        write_council = partial(write, save_as, title, council.url, shown, COUNCIL_FEED_ITEMS)
        feeds.append(PlannedFeed(save_as, council_feed(council, shown), write_council))
    return feeds


def feed_tasks(catalogue: Catalogue, context: dict[str, Any], output_path: Path) -> list[Callable[[], None]]:
    """The site-wide feed of project updates and one feed per project, each as a task that writes it."""
    return [feed.write for feed in planned_feeds(catalogue, context, output_path)]
