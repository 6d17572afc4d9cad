"""The files a build writes besides its pages and feeds: calendars, open data, freshness data.

Each writer is called after every page is written, as ``writer(site, sitename, output_path)``: those in
WRITERS once (the open data is the same in every language), those in LANGUAGE_WRITERS once per language,
with the site in that language, writing under the language's prefix.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .. import freshness
from ..dcat import CATALOG_FILE, catalog_document
from ..exports import ExportSettings, entry_json_path, write_data_files, write_entry_record
from ..makerdays import CALENDAR_FILE, calendar, calendar_path
from . import dependencies
from .feeds import PlannedFile

if TYPE_CHECKING:
    from .context import Site

FRESHNESS_FILE = "data/freshness.json"


def write_calendars(site: Site, sitename: str, output_path: Path) -> None:
    """makerdays.ics with every maker day, and one file per maker day beside its page.

    The Welsh calendars (under cy/) name each day by its Welsh title where it has one and link its Welsh
    page: a calendar app shows one name, so each language has its own files."""
    language = site.language
    stamp = datetime.combine(site.today, time(), UTC)
    makerdays = [site.as_shown(makerday) for makerday in site.catalogue.makerdays.values()]
    pages_url = site.url("").rstrip("/")
    name = language.gettext("%(site)s maker days", site=sitename)
    target = output_path / language.path(CALENDAR_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(calendar(makerdays, pages_url, name, stamp))
    for makerday in makerdays:
        path = output_path / language.path(calendar_path(makerday))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(calendar([makerday], pages_url, makerday.title, stamp))


def export_settings(site: Site) -> ExportSettings:
    return ExportSettings(
        today=site.today,
        policy=site.policy,
        site_url=site.siteurl,
        licence=site.data_licence,
        similar=site.similar.matches,
    )


def write_data(site: Site, sitename: str, output_path: Path) -> None:
    """data/*.json, data/*.csv and schemas/ (each entry's own JSON is written with the pages, by
    pipeline.site.generator, so that an incremental build keeps those that did not change)."""
    write_data_files(output_path, site.catalogue, export_settings(site))


def planned_entry_json(site: Site, output_path: Path) -> list[PlannedFile]:
    """Each entry's own JSON beside its English page, written with the pages: keyed on what it shows,
    so that an incremental build writes only those that changed."""
    catalogue, settings = site.catalogue, export_settings(site)
    return [
        PlannedFile(
            entry_json_path(entry),
            partial(dependencies.entry_json, catalogue, entry, settings.similar),
            partial(write_entry_record, output_path, entry, catalogue, settings),
        )
        for entry in catalogue.entries()
    ]


def write_data_catalog(site: Site, sitename: str, output_path: Path) -> None:
    """data/catalog.jsonld: the open data described in DCAT-AP for portals to harvest."""
    document = catalog_document(
        site.catalogue,
        export_settings(site),
        sitename,
        site.settings.get("SITE_DESCRIPTION", ""),
        site.settings.get("COMMUNITY_MANAGER"),
    )
    path = output_path / CATALOG_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_freshness(site: Site, sitename: str, output_path: Path) -> None:
    """data/freshness.json: every project's freshness on the build's day, and the policy it was judged by."""
    projects = site.catalogue.projects
    found = freshness.reviews(projects.values(), site.today, site.policy)
    records = [freshness.record(found[key], site.url(projects[key])) for key in sorted(found)]
    path = output_path / FRESHNESS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(freshness.report(site.today, site.policy, records), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


WRITERS: tuple[Callable[[Site, str, Path], None], ...] = (write_data, write_data_catalog, write_freshness)
LANGUAGE_WRITERS: tuple[Callable[[Site, str, Path], None], ...] = (write_calendars,)
