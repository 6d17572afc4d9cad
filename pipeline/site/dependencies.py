"""What each page of the site shows, as keys, so that an incremental build renders only the pages whose
keys changed (pipeline.site.record keeps the keys' digests between builds).

A key is either an entry ("projects/bin-app"), whose value is a hash of its file, or a fact written out
in full ("similar:a,b,c", "page:2/7/330"): a fact's value is itself. A page's keys name every entry it
shows anything of and every fact about other entries it shows (an order, a count, a list of matches);
what every page shares (the code, the templates, the settings, "today") is the build's fingerprint, not
a key. A page planned without keys (`depends` None) is rendered by every build.

The keys of each kind of page follow what its template reads: keep them in step when a template starts
showing something new of another entry (tests/test_incremental_build.py compares incremental builds
with clean ones).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Protocol

from ..model import FOLDERS, Council, Entry, Project
from .pagination import Page

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from .context import Site

Keys = frozenset[str]
MISSING = "missing"
# The facets whose lists are of one council's projects: their pages name and link the council.
COUNCIL_FACETS = ("council", "lead-council", "partner-council")
ENTRY_PREFIXES = tuple(f"{folder}/" for folder in FOLDERS)


def entry_key(entry: Entry) -> str:
    return f"{entry.folder}/{entry.id}"


def council_key(council_id: str) -> str:
    return f"{Council.folder}/{council_id}"


def entry_hash(entry: Entry) -> str:
    """A hash of everything read from the entry's file: where it is, its front matter and its body."""
    digest = hashlib.blake2b(digest_size=16)
    document = entry.document
    parts = (
        (entry.source, document.front, document.body)
        if document is not None
        else (entry.source, repr(entry.data), entry.body, entry.body_cy)
    )
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def entry_hashes(catalogue: Catalogue) -> dict[str, str]:
    """Every entry's key -> the hash of its file."""
    return {entry_key(entry): entry_hash(entry) for entry in catalogue.entries()}


class Recorded(Protocol):
    """A page or feed as planned: where it is written, and the keys of what it shows (None: unrecorded)."""

    @property
    def save_as(self) -> str: ...

    def keys(self) -> Keys | None: ...


def page_digest(save_as: str, depends: Keys, hashes: Mapping[str, str]) -> str:
    """The digest of what a page shows: in two builds with the same fingerprint, the same digest means
    the same page."""
    parts = [save_as]
    for key in sorted(depends):
        parts.append(key)
        if key.startswith(ENTRY_PREFIXES):
            parts.append(hashes.get(key, MISSING))
    text = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def ids_fact(name: str, entries: Iterable[Entry]) -> str:
    """A list of entries in the order shown, as one fact."""
    return f"{name}:" + ",".join(entry.id for entry in entries)


def card(project: Project) -> set[str]:
    """A project's card or link shows its own fields and its lead council's name."""
    return {entry_key(project), council_key(project.lead_council)}


def named_councils(project: Project) -> set[str]:
    """The councils a project names: lead, partners and those that pledged."""
    pledgers = [pledge["council"] for pledge in project.get("pledges", [])]
    return {council_key(council_id) for council_id in [*project.councils, *pledgers]}


def project_page(site: Site, project: Project) -> Keys:
    """Its own fields, the councils it names, its similar projects' cards and the maker days it was at."""
    keys = {entry_key(project)} | named_councils(project)
    similar = site.similar.projects_like(project)
    keys.add(ids_fact("similar", similar))
    for other in similar:
        keys |= card(other)
    makerdays = site.catalogue.challenged_at.get(project.id, [])
    keys.add(ids_fact("challenged", makerdays))
    keys |= {entry_key(makerday) for makerday in makerdays}
    if project.get("born_at"):
        keys.add(f"makerdays/{project.get('born_at')}")
    return frozenset(keys)


def project_feed(project: Project) -> Keys:
    """A project's feed of updates: its own fields, with its lead council as the author."""
    return frozenset(card(project))


def council_feed(council: Council, projects: list[Project]) -> Keys:
    """A council's feed: its name, and its projects' updates, each with its lead council as the author."""
    keys = {entry_key(council), ids_fact("projects", projects)}
    for project in projects:
        keys |= card(project)
    return frozenset(keys)


def council_page(site: Site, council: Council, makerdays_fact: str) -> Keys:
    """Its own fields, every project naming it (with the councils those name, for "Councils it works
    with") and the maker days (hosted, and challenges its projects supplied)."""
    catalogue = site.catalogue
    projects = [
        *catalogue.led.get(council.id, []),
        *catalogue.partnered.get(council.id, []),
        *(project for project, _ in catalogue.pledges.get(council.id, [])),
    ]
    keys = {entry_key(council), makerdays_fact, ids_fact("projects", projects)}
    for project in dict.fromkeys(projects):
        keys |= card(project) | named_councils(project)
    return frozenset(keys)


def makerdays_fact(catalogue: Catalogue, hashes: Mapping[str, str]) -> str:
    """Every maker day at once, as one fact."""
    digest = hashlib.blake2b(digest_size=16)
    for makerday in catalogue.makerdays.values():
        key = entry_key(makerday)
        digest.update(f"{key}\0{hashes[key]}\0".encode())
    return f"makerdays:{digest.hexdigest()}"


def embed_page(council: Council, shown: list[Project], total: int) -> Keys:
    """A council's embed: its name, the projects it shows with their own fields in order, and how many
    it has in all."""
    keys = {entry_key(council), ids_fact("projects", shown), f"embed-total:{total}"}
    keys |= {entry_key(project) for project in shown}
    return frozenset(keys)


def entry_json(catalogue: Catalogue, entry: Entry, similar: Mapping[str, list[tuple[str, float]]]) -> Keys:
    """An entry's own JSON (pipeline.exports entry_record): its own fields; a project's similar projects
    with their scores; a council's projects, by id, as it leads, partners in and pledges to them."""
    keys = {entry_key(entry)}
    if isinstance(entry, Project):
        keys.add("similar-scores:" + repr(similar.get(entry.id, [])))
    elif isinstance(entry, Council):
        keys.add(ids_fact("led", catalogue.led.get(entry.id, [])))
        keys.add(ids_fact("partnered", catalogue.partnered.get(entry.id, [])))
        keys.add(ids_fact("pledged", (project for project, _ in catalogue.pledges.get(entry.id, []))))
    return frozenset(keys)


def facets_fact(site: Site) -> str:
    """The "Browse projects" lists and filters every listing page shows: each facet's values, labels
    and counts, as one fact."""
    digest = hashlib.blake2b(digest_size=16)
    for facet in site.facets:
        counts = [(value, len(projects)) for value, projects in facet.groups.items()]
        shown = (facet.key, facet.title, list(facet.labels.items()), counts, facet.control, facet.browsed)
        digest.update(repr(shown).encode("utf-8", "surrogatepass"))
    return f"facets:{digest.hexdigest()}"


def listing_page(page: Page[Project], facets: str, council_id: str | None) -> Keys:
    """A page of a list of projects: their cards in order, where the page stands, the facets, and the
    council the list is of (its name and address are shown)."""
    keys = {facets, ids_fact("items", page.items), f"page:{page.number}/{page.count}/{page.total}"}
    for project in page.items:
        keys |= card(project)
    if council_id is not None:
        keys.add(council_key(council_id))
    return frozenset(keys)


def review_list_page(page: Page[object]) -> Keys:
    """A page of one of the review page's long lists: where it stands, and its items as shown. An item is
    plain data (a project's review, a council with its counts, a project with its news): each entry in
    it is a key (its own fields, and a project's lead council, whose name and maintainers are shown), and
    what is worked out about it (a review's state and dates, a council's counts) is one fact."""
    entries: set[str] = set()

    def shown(value: object) -> object:
        if isinstance(value, Project):
            entries.update(card(value))
        if isinstance(value, Entry):
            entries.add(entry_key(value))
            return entry_key(value)
        if isinstance(value, tuple | list):
            return [shown(part) for part in value]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {field.name: shown(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return value

    items = repr([shown(item) for item in page.items]).encode("utf-8", "surrogatepass")
    facts = {f"page:{page.number}/{page.count}/{page.total}", f"items:{hashlib.blake2b(items).hexdigest()}"}
    return frozenset(facts | entries)
