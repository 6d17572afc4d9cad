"""projects/index.json: the compact index the catalogue's filters work on when JavaScript is on.

The catalogue page holds one page of projects; static/js/filter.js fetches this file once (the browser
caches it) and filters, sorts and pages every project with it, so no page ever carries the whole
catalogue. It is compact: each facet's values are listed once and projects name them by position,
and each project is an array whose fields `fields` names, in the catalogue's default order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Project
    from .context import Site

INDEX_PATH = "projects/index.json"
# What each project's array holds, in order; then one list of value positions per filter facet.
# A project's phase and freshness are its values of those facets.
# `english` says which of the title (1) and summary (2) a Welsh page shows in English, marked lang="en".
FIELDS = ("url", "title", "summary", "detail", "updated", "confirmed", "lead", "partners", "english")
ENGLISH_TITLE, ENGLISH_SUMMARY = 1, 2


def index_data(site: Site) -> dict[str, Any]:
    """The index as plain data: facets with their values and labels, projects in default order."""
    filters = site.filters
    positions = {facet.key: {value: n for n, value in enumerate(facet.labels)} for facet in filters}
    council_position = positions["council"]  # a project's lead council names a value of this facet

    def row(project: Project) -> list[Any]:
        values = [
            project.url,
            site.title(project),
            site.plain_summary(project),
            site.freshness_detail(project),
            site.last_updated(project).isoformat(),
            project.last_reviewed.isoformat(),
            council_position.get(project.lead_council, -1),
            len(project.partner_councils),
            ENGLISH_TITLE * site.shown_in_english(project, "title")
            + ENGLISH_SUMMARY * site.shown_in_english(project, "summary"),
        ]
        for facet in filters:
            found = positions[facet.key]
            values.append([found[value] for value in facet.values_of(project) if value in found])
        return values

    return {
        "fields": [*FIELDS, *(facet.key for facet in filters)],
        "facets": [
            {
                "key": facet.key,
                "title": facet.title,
                "values": [[v, label] for v, label in facet.labels.items()],
            }
            for facet in filters
        ],
        "projects": [row(project) for project in site.sort_projects(site.catalogue.projects.values())],
    }


def write(site: Site, output_path: Path) -> None:
    path = output_path / site.language.path(INDEX_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(index_data(site), ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
