"""`Site`: the one per-build object every template sees as ``site``.

It holds the catalogue with the build's "today" and freshness policy, and answers the questions
templates ask (freshness, orderings, URLs, labels, rendered Markdown) so that no rule lives in a
template. The larger parts (maker days, similar projects, the review dashboard) are worked out on first
use, once per build.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from types import SimpleNamespace
from typing import Any, TypeVar

from markupsafe import Markup, escape

from .. import freshness, makerdays, markup
from .. import settings as site_settings
from ..catalogue import Catalogue
from ..contentcache import ContentCache
from ..exports import licence
from ..model import Council, Entry, MakerDay, Project
from ..schemas import labels
from ..settings import Settings
from ..welsh import translation
from ..writer import slugify
from . import catalogue_index, wording
from .i18n import ENGLISH_LANGUAGE, N_, Language
from .pagination import DEFAULT_PAGE_SIZE
from .parts import MakerDays, SimilarProjects
from .review import ReviewList, review_lists

AnyEntry = TypeVar("AnyEntry", bound=Entry)

# (attribute on site.labels, schema kind, field path)
LABELLED_FIELDS = (
    ("phase", "project", ("phase",)),
    ("looking_for", "project", ("looking_for",)),
    ("collaboration", "project", ("collaboration",)),
    ("budget_band", "project", ("budget_band",)),
    ("service_area", "project", ("service_areas",)),
    ("pledge_kind", "project", ("pledges", "*", "kind")),
    ("council_type", "council", ("type",)),
    ("nation", "council", ("nation",)),
    ("makerday_status", "makerday", ("status",)),
    ("makerday_format", "makerday", ("format",)),
    ("sponsor_tier", "makerday", ("sponsors", "*", "tier")),
    ("output_kind", "makerday", ("outputs", "*", "kind")),
)


def council_order(council: Council) -> str:
    return council.name.casefold()


def region_key(council: Council) -> str:
    """The council's region as a URL segment ("South East" -> "south-east"), or "" when it has none."""
    return slugify(council.get("region", ""))


def site_labels(language: Language = ENGLISH_LANGUAGE) -> SimpleNamespace:
    """Every choice's label, as the schemas and the core word it, in the language."""
    found = {name: labels(kind, path) for name, kind, path in LABELLED_FIELDS}
    found["freshness"] = dict(freshness.LABELS)
    found["timing"] = {
        **wording.TIMING_LABELS,
        **{status: found["makerday_status"][status] for status in ("cancelled", "postponed")},
    }
    translated = {
        name: {value: language.gettext(label) for value, label in values.items()}
        for name, values in found.items()
    }
    return SimpleNamespace(**translated)


CHECKBOXES, SELECT = "checkboxes", "select"


@dataclass(frozen=True)
class Facet:
    """One way of narrowing the catalogue, each value with its own pre-rendered, paginated pages.

    A facet with a `control` is also a filter on the catalogue page: the template draws the control
    from it, the catalogue index (pipeline.site.catalogue_index) carries each project's values, and
    static/js/filter.js reads the keys from the page. A facet that is not `browsed` is left out of the
    "Browse projects" lists (councils are browsed from the councils list and their own pages).
    """

    key: str  # URL segment (projects/<key>/<value>/), form field name and index key
    title: str  # "Phase"
    labels: dict[str, str]  # value -> label, in display order
    groups: dict[str, list[Project]]  # value -> projects, in default order
    values_of: Callable[[Project], list[str]]  # a project's values
    control: str | None = None  # CHECKBOXES, SELECT, or None for a facet that is only browsed
    browsed: bool = True

    def path(self, value: str) -> str:
        return facet_path(self.key, value)


def facet_path(key: str, value: str) -> str:
    """The address of the pre-rendered pages of one value of a facet."""
    return f"projects/{key}/{value}/"


@dataclass(frozen=True)
class SitePage:
    """A page of the site's own, from content/pages/: about, contribute, accessibility, 404.

    Its Welsh title, summary and body are empty when the page has none: the Welsh site then shows the
    English text, marked as English."""

    id: str
    title: str
    summary: str
    body: Markup
    title_cy: str = ""
    summary_cy: str = ""
    body_cy: Markup = Markup()

    @property
    def url(self) -> str:
        return "404.html" if self.id == "404" else f"{self.id}/"

    @property
    def save_as(self) -> str:
        return self.url if self.url.endswith(".html") else self.url + "index.html"


DEFAULT_COUNCIL_PAGE_PROJECTS = 6
DEFAULT_EMBED_PROJECTS = 20
DEFAULT_RECENT_DAYS = 90
COLLABORATORS_SHOWN = 8


@dataclass(frozen=True)
class Collaboration:
    """A council's "Councils it works with", in short."""

    councils: int  # how many other councils it shares a project with
    projects: int  # how many projects it shares with them
    most_shared: list[tuple[str, int]]  # (council id, projects shared), most first


@dataclass(frozen=True)
class Update:
    day: date
    html: Markup
    anchor: str  # update-2026-09-29, then update-2026-09-29-2 for a second one that day


def dated_updates(project: Project, render: Callable[[dict[str, Any]], Markup] | None = None) -> list[Update]:
    """The project's updates, newest first, with stable anchors; `render` renders one update (by default
    its English text)."""
    updates = project.updates
    seen: dict[date, int] = {}
    anchors: list[str] = []
    for update in reversed(updates):  # oldest first, so an anchor never changes when news is added
        seen[update["day"]] = seen.get(update["day"], 0) + 1
        count = seen[update["day"]]
        anchors.append(f"update-{update['day'].isoformat()}" + (f"-{count}" if count > 1 else ""))
    anchors.reverse()
    render_update = render or (lambda update: markup.render(update["text"]))
    return [Update(u["day"], render_update(u), anchor) for u, anchor in zip(updates, anchors, strict=True)]


# What search results can be, each a Pagefind filter ("kind") set by the page's template, with the
# label of its box on the search page.
SEARCH_KINDS = {
    "Project": N_("Projects"),
    "Council": N_("Councils"),
    "Maker day": N_("Maker days"),
    "Page": N_("Pages"),
}


class Site:
    """The catalogue as templates see it, for one build (see the module and package docstrings)."""

    def __init__(
        self,
        catalogue: Catalogue,
        settings: Settings,
        pages: dict[str, SitePage] | None = None,
        component: Callable[[str, str], Callable[..., Markup]] | None = None,
        content_cache: ContentCache | None = None,
        earlier: Site | None = None,
        language: Language = ENGLISH_LANGUAGE,
    ) -> None:
        """`earlier` is the site before an edit (a preview's): the reviews of projects not edited are kept."""
        self.catalogue = catalogue
        self._component = component
        self.language = language
        self.markdown = content_cache or ContentCache()
        self.settings = settings
        self.pages = pages or {}
        self.today = site_settings.settings_today(settings)
        self.policy = freshness.Policy.from_settings(settings)
        self.labels = site_labels(language)
        self.siteurl = settings.get("SITEURL", "").rstrip("/")
        self._reviews = self._reviews_keeping(earlier)
        self._states = {project_id: review.state for project_id, review in self._reviews.items()}
        self._last_updated = {
            project_id: project.last_updated for project_id, project in catalogue.projects.items()
        }
        self._sort_keys = {
            project_id: (
                freshness.SORT_ORDER[self._states[project_id]],
                -self._last_updated[project_id].toordinal(),
                project.title.casefold(),
            )
            for project_id, project in catalogue.projects.items()
        }
        self._bodies: dict[tuple[str, str], Markup] = {}
        self._summaries: dict[tuple[str, str], Markup] = {}
        self._updates: dict[str, list[Update]] = {}
        self._project_components: dict[tuple[str, str], Markup] = {}
        self._languages: dict[str, Site] = {language.code: self}

    def in_language(self, language: Language, component: Callable[[str, str], Callable[..., Markup]]) -> Site:
        """The same site in another language, sharing what does not depend on it (freshness, similar
        projects, the review dashboard); `component` renders the language's components."""
        if language.code in self._languages:
            return self._languages[language.code]
        other = copy.copy(self)
        # Worded in the language: worked out again. The shared parts not worked out yet are asked of
        # this site when they are.
        for name in ("makerdays", "facets", "filters", "similar", "review"):
            other.__dict__.pop(name, None)
        other.language, other._component = language, component
        other.labels = site_labels(language)
        other._bodies, other._summaries, other._updates, other._project_components = {}, {}, {}, {}
        self._languages[language.code] = other
        return other

    def site_in(self, code: str) -> Site:
        """This site in the language `code`, once in_language has made it."""
        return self._languages[code]

    def script_words(self, script: str) -> dict[str, str | dict[str, str]]:
        """The sentences static/js/`script`.js writes, in the page's language (wording.SCRIPT_WORDS)."""
        return wording.script_words(self.language, script)

    @property
    def search_kinds(self) -> dict[str, str]:
        """Each kind of search result (a Pagefind filter value) with its label in the language."""
        return {kind: self.language.gettext(label) for kind, label in SEARCH_KINDS.items()}

    def _reviews_keeping(self, earlier: Site | None) -> dict[str, freshness.Review]:
        """Every project's review, kept from `earlier` for each project that is the same entry."""
        kept = (
            earlier._reviews
            if earlier and (earlier.today, earlier.policy) == (self.today, self.policy)
            else {}
        )
        return {
            project_id: found
            if (found := kept.get(project_id)) and found.project is project
            else freshness.review(project, self.today, self.policy)
            for project_id, project in self.catalogue.projects.items()
        }

    @cached_property
    def makerdays(self) -> MakerDays:
        return MakerDays(self)

    @property
    def _first(self) -> Site:
        """The site in its first language, which works out the parts every language shares."""
        return next(iter(self._languages.values()))

    @cached_property
    def similar(self) -> SimilarProjects:
        return SimilarProjects(self) if self._first is self else self._first.similar

    @cached_property
    def review(self) -> freshness.Dashboard:
        """The review page's content."""
        if self._first is not self:
            return self._first.review
        return freshness.dashboard(self.catalogue, self.today, self.policy)

    @cached_property
    def review_lists(self) -> dict[str, ReviewList]:
        """The review page's long lists, by kind, each with pages of its own (pipeline.site.review)."""
        return review_lists(self.review)

    @cached_property
    def data_licence(self) -> dict[str, str]:
        return licence(self.settings)

    def compute_parts(self) -> None:
        """Work out every part now, rather than on first use: before pages are shared out between
        processes, so that no process works one out again."""
        for name in ("makerdays", "similar", "review", "review_lists", "data_licence"):
            getattr(self, name)

    # entries ---------------------------------------------------------------

    def council(self, council_id: str) -> Council | None:
        return self.catalogue.councils.get(council_id)

    def project(self, project_id: str) -> Project | None:
        return self.catalogue.projects.get(project_id)

    def makerday(self, makerday_id: str) -> MakerDay | None:
        return self.catalogue.makerdays.get(makerday_id)

    def council_name(self, council_id: str) -> str:
        """The council's name, in Welsh on the Welsh site when it has one."""
        council = self.catalogue.councils.get(council_id)
        welsh = council.welsh("name") if council and self.language.is_welsh else None
        return welsh or self.catalogue.council_name(council_id)

    # freshness -------------------------------------------------------------

    def freshness(self, project: Project) -> str:
        return self._states[project.id]

    def freshness_label(self, state: str) -> str:
        label: str = self.labels.freshness[state]
        return label

    def needs_review(self, project: Project) -> bool:
        """Due or stale: its council is asked to confirm it, and its page leads with the Confirm link."""
        return self._reviews[project.id].needs_review

    def orphaned(self, project: Project) -> bool:
        """Every contact has left: nobody answers for the project but its lead council's maintainers."""
        return project.phase != "retired" and freshness.is_orphaned(project, self.today)

    def ended_but_active(self, project: Project) -> bool:
        """Its expected end has passed while its phase says it is still going."""
        return freshness.is_ended_but_active(project, self.today)

    def overdue_text(self, project: Project) -> str:
        """ "confirmation overdue by 3 months": shown wherever a due or stale project's freshness is."""
        return wording.overdue_words(self.language, self._reviews[project.id].days_overdue)

    def freshness_detail(self, project: Project) -> str:
        """What the freshness badge adds in words: the overdue text of a due or stale project, else nothing."""
        return self.overdue_text(project) if self.needs_review(project) else ""

    def review_due(self, project: Project) -> date:
        return self.policy.review_due(project.last_reviewed)

    def sort_projects(self, projects: Iterable[Project]) -> list[Project]:
        """Default order: fresh before due before stale before archived, then most recently updated."""
        return sorted(projects, key=lambda project: self._sort_keys[project.id])

    def last_updated(self, project: Project) -> date:
        return self._last_updated[project.id]

    def card(self, project: Project) -> Markup:
        """The project as a card in a listing (`project_card` in components/project.html), rendered once
        per build.

        A project appears in many listings (the catalogue, its filter pages, council pages, similar
        projects); its card is the same in all of them.
        """
        return self._project_component("project_card", project)

    def project_link(self, project: Project) -> Markup:
        """The project's title, linked, with its freshness badge (`project_link` in components/project.html),
        rendered once per build: a council's page names the same project under each council it shares it
        with."""
        return self._project_component("project_link", project)

    def _project_component(self, macro: str, project: Project) -> Markup:
        key = (macro, project.id)
        if key not in self._project_components:
            if self._component is None:
                raise RuntimeError(f"{macro} cannot be rendered: this Site was made without templates")
            render = self._component("components/project.html", macro)
            self._project_components[key] = Markup(render(self, project))
        return self._project_components[key]

    @property
    def recent_days(self) -> int:
        """The window of "Recently updated", in days (the RECENTLY_UPDATED_DAYS setting)."""
        return int(self.settings.get("RECENTLY_UPDATED_DAYS", DEFAULT_RECENT_DAYS))

    @property
    def recent_window_text(self) -> str:
        """The window of "Recently updated" in words: "3 months"."""
        return wording.duration_words(self.language, self.recent_days)

    def recently_updated(self, count: int, leaving_out: Iterable[Project] = ()) -> list[Project]:
        """The projects updated most recently, within the last recent_days and not after today, apart
        from those in `leaving_out` (shown elsewhere)."""
        shown = {project.id for project in leaving_out}
        since = self.today.toordinal() - self.recent_days

        def newest_first(project: Project) -> tuple[int, tuple[int, int, str]]:
            return -self._last_updated[project.id].toordinal(), self._sort_keys[project.id]

        candidates = [
            project
            for project in self.catalogue.projects.values()
            if project.id not in shown
            and since <= self._last_updated[project.id].toordinal() <= self.today.toordinal()
        ]
        return sorted(candidates, key=newest_first)[:count]

    def funding(self, project: Project) -> dict[str, int] | None:
        """Pledged money against the funding target, when the project has a target."""
        target = project.get("funding_target_gbp")
        if not target:
            return None
        pledged = project.pledged_gbp
        return {"target": target, "pledged": pledged, "percent": min(100, round(pledged * 100 / target))}

    def looking_for(self, need: str, count: int) -> list[Project]:
        """Projects that can be trusted (fresh or due) and ask for `need`, in default order."""
        wanted = [
            project
            for project in self.catalogue.projects.values()
            if need in project.get("looking_for", [])
            and self._states[project.id] in (freshness.FRESH, freshness.DUE)
        ]
        return self.sort_projects(wanted)[:count]

    # maker days ------------------------------------------------------------

    @cached_property
    def makerdays_by_timing(self) -> dict[str, list[MakerDay]]:
        """upcoming (soonest first, postponed included), past (latest first) and cancelled."""
        groups: dict[str, list[MakerDay]] = {"upcoming": [], "past": [], "cancelled": []}
        for makerday in sorted(self.catalogue.makerdays.values(), key=lambda day: day.starts):
            timing = makerday.timing(self.today)
            groups["upcoming" if timing == "postponed" else timing].append(makerday)
        groups["past"].reverse()
        groups["cancelled"].reverse()
        return groups

    def timing(self, makerday: MakerDay) -> str:
        return makerday.timing(self.today)

    def timing_note(self, makerday: MakerDay) -> str:
        """ "upcoming", "cancelled" or "postponed" beside a maker day's date; nothing once it is past."""
        timing = self.timing(makerday)
        return "" if timing == "past" else self.labels.timing[timing].lower()

    def still_to_come(self, makerday: MakerDay) -> bool:
        """Upcoming or postponed: worth adding to a calendar."""
        return self.timing(makerday) in ("upcoming", "postponed")

    def registration_open(self, makerday: MakerDay) -> bool:
        return makerdays.registration_open(makerday, self.today)

    def when(self, makerday: MakerDay) -> str:
        """Wednesday 18 March 2026, 9:30am to 5pm (UK time)"""
        return wording.when_words(self.language, makerday)

    def sponsors_by_tier(self, makerday: MakerDay) -> list[tuple[str, str, list[dict[str, Any]]]]:
        """(tier id, tier label, sponsors) in the schema's order of tiers, empty tiers left out."""
        return makerdays.sponsors_by_tier(makerday)

    def outputs_by_project(self, makerday: MakerDay) -> list[tuple[Project | None, list[dict[str, Any]]]]:
        """(project or None, outputs): each challenge's outputs in challenge order, then the rest."""
        return [
            (self.project(project_id) if project_id else None, outputs)
            for project_id, outputs in makerdays.outputs_by_challenge(makerday)
        ]

    def outputs_for(self, makerday: MakerDay, project: Project) -> list[dict[str, Any]]:
        return [output for output in makerday.get("outputs", []) if output.get("project") == project.id]

    def brief_for(self, makerday: MakerDay, project: Project) -> str:
        return next((c["brief"] for c in makerday.get("challenges", []) if c["project"] == project.id), "")

    def place(self, makerday: MakerDay) -> str:
        """Online, or the venue's town (with "and online" for a hybrid day)."""
        return wording.place_words(self.language, makerday, ("town",))

    def where_lines(self, makerday: MakerDay) -> list[str]:
        """Where the day is, a line each: the venue's address (then "and online" for a hybrid day), or
        "Online"."""
        return wording.where_lines(self.language, makerday)

    # councils --------------------------------------------------------------

    @property
    def council_page_projects(self) -> int:
        """How many projects a council's page lists under "leads" and under "partner in" (the
        COUNCIL_PAGE_PROJECTS setting); a link leads to all of them."""
        return int(self.settings.get("COUNCIL_PAGE_PROJECTS", DEFAULT_COUNCIL_PAGE_PROJECTS))

    @property
    def embed_projects(self) -> int:
        """How many projects a council's embed lists (the EMBED_PROJECTS setting); a link leads to all."""
        return int(self.settings.get("EMBED_PROJECTS", DEFAULT_EMBED_PROJECTS))

    def collaboration(self, council: Council, shown: int = COLLABORATORS_SHOWN) -> Collaboration:
        """The councils this council works with, in short: how many, on how many projects, and those it
        shares the most projects with."""
        collaborators = self.catalogue.collaborators(council.id)
        by_count = sorted(collaborators.items(), key=lambda item: (-len(item[1]), self.council_name(item[0])))
        projects = {project.id for shared in collaborators.values() for project in shared}
        top = [(other, len(shared)) for other, shared in by_count[:shown]]
        return Collaboration(len(collaborators), len(projects), top)

    def pledged_gbp(self, council: Council) -> int:
        """The money a council has pledged, over all its pledges."""
        return sum(pledge.get("amount_gbp", 0) for _, pledge in self.catalogue.pledges.get(council.id, []))

    # catalogue facets ------------------------------------------------------

    @cached_property
    def facets(self) -> list[Facet]:
        """Phase, service area, looking for, freshness, council, nation and region, each value with its
        projects; then the lead and partner councils, browsed only from each council's page."""
        projects = self.sort_projects(self.catalogue.projects.values())
        if self.language.code != ENGLISH_LANGUAGE.code:
            return [self._translated_facet(facet) for facet in self.site_in(ENGLISH_LANGUAGE.code).facets]
        councils = {c.id: c.name for c in sorted(self.catalogue.councils.values(), key=council_order)}
        labels = self.labels
        facet = functools.partial(self._facet, projects)
        return [
            facet("phase", N_("Phase"), labels.phase, lambda project: [project.phase], CHECKBOXES),
            facet("service-area", N_("Service area"), labels.service_area, self._service_areas, SELECT),
            facet("looking-for", N_("Looking for"), labels.looking_for, self._needs, CHECKBOXES),
            facet(
                "freshness",
                N_("Freshness"),
                labels.freshness,
                lambda project: [self._states[project.id]],
                CHECKBOXES,
            ),
            facet(
                "council",
                N_("Lead or partner council"),
                councils,
                lambda project: project.councils,
                SELECT,
                False,
            ),
            facet("nation", N_("Nation"), labels.nation, self._nations, CHECKBOXES),
            facet("region", N_("Region"), self.regions, self._regions, SELECT),
            facet(
                "lead-council",
                N_("Lead council"),
                councils,
                lambda project: [project.lead_council],
                None,
                False,
            ),
            facet(
                "partner-council", N_("Partner council"), councils, lambda p: p.partner_councils, None, False
            ),
        ]

    def _translated_facet(self, facet: Facet) -> Facet:
        """An English facet worded in this site's language: the same values and projects."""
        if facet.key in ("council", "lead-council", "partner-council"):
            value_labels = {value: self.council_name(value) for value in facet.labels}
        elif facet.key == "region":
            value_labels = facet.labels  # the councils' own words
        else:
            value_labels = {value: self.language.gettext(label) for value, label in facet.labels.items()}
        return replace(facet, title=self.language.gettext(facet.title), labels=value_labels)

    @staticmethod
    def _facet(
        projects: list[Project],
        key: str,
        title: str,
        value_labels: dict[str, str],
        values_of: Callable[[Project], list[str]],
        control: str | None,
        browsed: bool = True,
    ) -> Facet:
        groups: dict[str, list[Project]] = {value: [] for value in value_labels}
        for project in projects:
            for value in values_of(project):
                if value in groups:
                    groups[value].append(project)
        return Facet(key, title, value_labels, groups, values_of, control, browsed)

    @staticmethod
    def _service_areas(project: Project) -> list[str]:
        return list(project.get("service_areas", []))

    @staticmethod
    def _needs(project: Project) -> list[str]:
        return list(project.get("looking_for", []))

    @cached_property
    def _council_places(self) -> dict[str, tuple[str, str]]:
        """Each council's (nation, region key), worked out once rather than for every project naming it."""
        return {c.id: (c.get("nation"), region_key(c)) for c in self.catalogue.councils.values()}

    def _nations(self, project: Project) -> list[str]:
        """The nations of the project's councils."""
        places = self._council_places
        return list(dict.fromkeys(places[c][0] for c in project.councils if c in places))

    def _regions(self, project: Project) -> list[str]:
        """The regions of the project's councils, as region_key gives them."""
        places = self._council_places
        found = (places[c][1] for c in project.councils if c in places)
        return list(dict.fromkeys(key for key in found if key))

    @cached_property
    def regions(self) -> dict[str, str]:
        """Every region a council names: its key (for addresses) -> its name, by name."""
        names = {region_key(c): c.get("region") for c in self.catalogue.councils.values() if c.get("region")}
        return dict(sorted(names.items(), key=lambda item: item[1].casefold()))

    @staticmethod
    def region_key(council: Council) -> str:
        return region_key(council)

    def facet(self, key: str) -> Facet:
        return next(facet for facet in self.facets if facet.key == key)

    @cached_property
    def filters(self) -> list[Facet]:
        """The facets the catalogue page filters by, in the order of their controls."""
        return [facet for facet in self.facets if facet.control]

    def filter_values(self, project: Project) -> list[tuple[str, str]]:
        """(facet key, the project's values joined by spaces) for each filter: a card's data attributes."""
        return [(facet.key, " ".join(facet.values_of(project))) for facet in self.filters]

    def facet_url(self, key: str, value: str) -> str:
        """The pre-rendered page of the projects with one value of a facet (from its address alone: an
        entry's page links facets without every facet's projects being sorted out)."""
        return self.url(facet_path(key, value))

    # text ------------------------------------------------------------------

    # On the Welsh site an entry's texts are in Welsh where it gives them; where it does not, its English
    # text is shown inside an element marked lang="en", so that screen readers pronounce it as English.

    def _welsh(self, entry: Entry, name: str) -> str | None:
        return entry.welsh(name) if self.language.is_welsh else None

    def shown_in_english(self, entry: Entry, name: str) -> bool:
        """Whether the Welsh site shows the entry's field `name` ("title", "summary") in English, for want
        of Welsh: the text a script draws must then be marked lang="en" too."""
        return self.language.is_welsh and self._welsh(entry, name) is None

    def english(self, text: str | Markup, element: str = "span") -> Markup:
        """Text there is only in English: on the Welsh site, inside `element` marked lang="en"."""
        if not self.language.is_welsh:
            return escape(text)
        return Markup('<{0} lang="en">{1}</{0}>').format(Markup(element), text)

    def english_only(self, entry: Entry | SitePage) -> bool:
        """On the Welsh site, an entry (or page) with no Welsh text: its page invites its council to add some."""
        if not self.language.is_welsh:
            return False
        return not (entry.title_cy or entry.body_cy) if isinstance(entry, SitePage) else not entry.has_welsh

    def title(self, entry: Entry) -> str:
        """The entry's title (a council's name) in the language where it has one, as plain text: for the
        <title> element, attributes and feeds."""
        return self._welsh(entry, "name" if isinstance(entry, Council) else "title") or entry.title

    def title_html(self, entry: Entry) -> Markup:
        """The entry's title for a page's text: its English title marked as English when the Welsh site has
        no Welsh one."""
        welsh = self._welsh(entry, "name" if isinstance(entry, Council) else "title")
        return escape(welsh) if welsh else self.english(entry.title)

    def as_shown(self, entry: AnyEntry) -> AnyEntry:
        """The entry with its title (or name) and summary as this site shows them, Welsh where it gives
        them: for the files the core writes from an entry (calendars, event data)."""
        if not self.language.is_welsh:
            return entry
        data = {**entry.data, "name" if isinstance(entry, Council) else "title": self.title(entry)}
        summary = self._welsh(entry, "summary")
        if summary:
            data["summary"] = summary
        return replace(entry, data=data)

    def official_name(self, council: Council) -> str:
        """The council's official name (its name when it gives none), in Welsh where it has one."""
        english = council.get("official_name") or council.name
        return (self._welsh(council, "official_name") or english) if council.get("official_name") else english

    def has_body(self, entry: Entry) -> bool:
        return bool(entry.body.strip() or (self.language.is_welsh and entry.body_cy.strip()))

    def body(self, entry: Entry) -> Markup:
        """The entry's Markdown description, sanitised; rendered once per build and language."""
        key = (entry.folder, entry.id)
        if key not in self._bodies:
            welsh = entry.body_cy if self.language.is_welsh else ""
            if welsh.strip():
                self._bodies[key] = self.markdown.render(welsh)
            else:
                self._bodies[key] = self.english(self.markdown.render(entry.body), "div")
        return self._bodies[key]

    def summary(self, entry: Entry) -> Markup:
        key = (entry.folder, entry.id)
        if key not in self._summaries:
            welsh = self._welsh(entry, "summary")
            if welsh:
                self._summaries[key] = self.markdown.render_inline(welsh)
            else:
                self._summaries[key] = self.english(self.markdown.render_inline(entry.get("summary", "")))
        return self._summaries[key]

    def plain_summary(self, entry: Entry) -> str:
        return markup.plain_text(self._welsh(entry, "summary") or entry.get("summary", ""))

    def updates(self, project: Project) -> list[Update]:
        """The project's updates, newest first, each rendered once with a stable anchor."""
        if project.id not in self._updates:
            self._updates[project.id] = dated_updates(project, self._render_update)
        return self._updates[project.id]

    def _render_update(self, update: dict[str, Any]) -> Markup:
        welsh = translation(update, "text") if self.language.is_welsh else None
        if welsh:
            return self.markdown.render(welsh)
        return self.english(self.markdown.render(update["text"]), "div")

    def page_title(self, page: SitePage) -> str:
        return page.title_cy if self.language.is_welsh and page.title_cy else page.title

    def page_title_html(self, page: SitePage) -> Markup:
        return escape(page.title_cy) if self.language.is_welsh and page.title_cy else self.english(page.title)

    def page_summary(self, page: SitePage) -> Markup:
        if self.language.is_welsh and page.summary_cy:
            return escape(page.summary_cy)
        return self.english(page.summary) if page.summary else Markup()

    def page_body(self, page: SitePage) -> Markup:
        if self.language.is_welsh and page.body_cy:
            return page.body_cy
        return self.english(page.body, "div")

    # URLs ------------------------------------------------------------------

    def url(self, target: str | Entry | SitePage) -> str:
        """The site URL of an entry, a page or a path like "projects/", in the site's language."""
        path = target if isinstance(target, str) else target.url
        return f"{self.siteurl}/{self.language.path(path)}"

    def file_url(self, path: str) -> str:
        """The URL of a file there is one of for every language: open data, schemas, an entry's JSON."""
        return f"{self.siteurl}/{path}"

    def alternates(self, page_path: str) -> list[tuple[Language, str]]:
        """The page at `page_path` in every language of the build, this site's language included."""
        return [(site.language, site.url(page_path)) for site in self._languages.values()]

    def switch(self, page_path: str) -> tuple[Language, str] | None:
        """The same page in the other language, for the language switch in the header."""
        return next(((lang, url) for lang, url in self.alternates(page_path) if lang != self.language), None)

    @property
    def page_size(self) -> int:
        """Projects on each page of a listing (the PROJECTS_PER_PAGE setting)."""
        return int(self.settings.get("PROJECTS_PER_PAGE", DEFAULT_PAGE_SIZE))

    @property
    def catalogue_index_url(self) -> str:
        """The compact index the catalogue's filters fetch (pipeline.site.catalogue_index)."""
        return self.url(catalogue_index.INDEX_PATH)

    def council_url(self, council_id: str) -> str:
        """The site URL of a council's page, from its id (as projects and maker days name councils)."""
        return self.url(self.catalogue.councils[council_id])

    def feed_path(self, entry: Entry) -> str:
        """The Atom feed of a project's updates, or of the updates of a council's projects."""
        return f"{entry.url}updates.atom.xml"

    def edit_url(self, entry: Entry) -> str:
        return site_settings.edit_url(self.settings, entry)

    def join_url(self, project: Project) -> str:
        return site_settings.join_url(self.settings, project)

    def confirm_url(self, project: Project) -> str:
        return site_settings.confirm_url(self.settings, project)

    def update_url(self, project: Project) -> str:
        return site_settings.update_url(self.settings, project)

    def add_project_url(self, council: Council) -> str:
        return site_settings.add_project_url(self.settings, council)
