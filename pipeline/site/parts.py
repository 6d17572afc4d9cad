"""What the templates ask of maker days and similar projects, as ``site.makerdays`` and ``site.similar``."""

from __future__ import annotations

import json
from functools import cached_property
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..makerdays import (
    CALENDAR_FILE,
    PastSponsor,
    SponsorshipTier,
    calendar_path,
    event_data,
    past_sponsors,
    sponsorship_tiers,
)
from ..model import Council, MakerDay, Project
from ..processes import call_forked
from ..similarity import Match, similar_projects_since

if TYPE_CHECKING:
    from .context import Site


def json_for_script(data: dict[str, Any]) -> str:
    """JSON that cannot end or break out of the <script> element it is written in."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class MakerDays:
    """``site.makerdays``: calendar links, event data, challenges a council supplied, sponsorship."""

    def __init__(self, site: Site):
        self.site = site
        self.catalogue = site.catalogue

    def calendar_url(self, makerday: MakerDay | None = None) -> str:
        """The calendar file of one maker day, or of them all."""
        return self.site.url(calendar_path(makerday) if makerday else CALENDAR_FILE)

    def json_ld(self, makerday: MakerDay) -> Markup:
        """schema.org Event data for the maker day's page, in the page's language."""
        pages_url = self.site.url("").rstrip("/")
        data = event_data(self.site.as_shown(makerday), self.catalogue, pages_url)
        data["inLanguage"] = self.site.language.html_lang
        return Markup(json_for_script(data))

    def challenges_supplied(self, council: Council) -> list[tuple[Project, MakerDay]]:
        """Projects the council leads that were maker day challenges, with each day, latest day first."""
        led = self.catalogue.led.get(council.id, [])
        pairs = [
            (project, day) for project in led for day in self.catalogue.challenged_at.get(project.id, [])
        ]
        return sorted(pairs, key=lambda pair: (pair[1].starts, pair[0].title), reverse=True)

    @cached_property
    def tiers(self) -> list[SponsorshipTier]:
        return sponsorship_tiers(self.site.settings.get("SPONSORSHIP_TIERS", []))

    @cached_property
    def past_sponsors(self) -> list[PastSponsor]:
        return past_sponsors(self.catalogue.makerdays.values(), self.site.today)


Matches = dict[str, list[Match]]


class SimilarProjects:
    """``site.similar``: every project's matches, worked out once per build.

    A preview passes the `matches` of the catalogue before an edit, rather than wait seconds for them
    while the edited page is asked for; a project that is gone since is left out.
    """

    def __init__(self, site: Site, matches: Matches | None = None):
        self.catalogue = site.catalogue
        if matches is not None:
            self.matches = matches
            return
        # A build that records itself (pipeline.site.record) compares again only what changed since the
        # previous build, and keeps what it found for the next.
        previous = site.settings.get("PIPELINE_PREVIOUS")
        recording = site.settings.get("PIPELINE_RECORDING")
        earlier = previous.similar if previous is not None else None
        # In a forked process: comparing 10,000 projects passes through more than a hundred megabytes
        # that would otherwise stay with the build until it ends.
        scored = call_forked(similar_projects_since, self.catalogue.projects.values(), earlier)
        self.matches = scored.matches
        if recording is not None:
            recording.similar = scored

    def projects_like(self, project: Project) -> list[Project]:
        """The projects most like `project`, best first."""
        projects = self.catalogue.projects
        return [projects[other] for other, _ in self.matches.get(project.id, []) if other in projects]
