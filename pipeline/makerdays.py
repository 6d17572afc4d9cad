"""Maker days: when and where they are, who pays, which projects they take as challenges and what comes back.

Also the organiser's shortlist of projects waiting to be a challenge, the iCalendar feed and the
schema.org Event data that maker day pages carry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import icalendar

from . import freshness, schemas
from .dates import weekday_date
from .markup import mailto_url
from .model import MakerDay, Project
from .settings import absolute_url

if TYPE_CHECKING:
    from .catalogue import Catalogue

# Other needs a maker day team can help with, shortlisted after the projects that asked.
OPEN_TO_HELP = ("skills", "partners")
ASKED, OPEN = "asked", "open"

EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "postponed": "https://schema.org/EventPostponed",
    "cancelled": "https://schema.org/EventCancelled",
}
ATTENDANCE_MODE = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}
VENUE_PARTS = ("name", "address", "town", "postcode")
CALENDAR_FILE = "makerdays.ics"
CALENDAR_STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
# SEQUENCE rises as a day is postponed, then cancelled, so calendars that imported it earlier update it.
CALENDAR_SEQUENCE = {"scheduled": 0, "postponed": 1, "cancelled": 2}
# Calendar apps often ignore STATUS on subscribed feeds, so the title says it too.
CALENDAR_TITLE_PREFIX = {"scheduled": "", "postponed": "Postponed: ", "cancelled": "Cancelled: "}
# The clock changes are written out for a year either side of the maker days, within the years icalendar
# can describe (it overflows when asked for rules that run into year 9999).
TIMEZONE_MARGIN = timedelta(days=366)
TIMEZONE_YEARS = (date.min, date(9998, 12, 31))
# Calendar text holds no control characters (RFC 5545); line breaks of any kind become line feeds,
# which icalendar escapes, or spaces in one-line values.
_CALENDAR_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CALENDAR_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


# Timing and place ---------------------------------------------------------------


def clock_text(moment: datetime) -> str:
    """09:30 -> "9:30am", 17:00 -> "5pm", 12:00 -> "midday" (the GOV.UK style)."""
    if moment.time() == time(12):
        return "midday"
    if moment.time() == time(0):
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def when_text(makerday: MakerDay) -> str:
    """UK date and time with the day of the week, like "Wednesday 20 January 2027, 9:30am to 5pm"."""
    starts, ends = makerday.starts, makerday.ends
    if starts.date() == ends.date():
        return f"{weekday_date(starts)}, {clock_text(starts)} to {clock_text(ends)}"
    return f"{weekday_date(starts)}, {clock_text(starts)} to {weekday_date(ends)}, {clock_text(ends)}"


def is_online_only(makerday: MakerDay) -> bool:
    return bool(makerday.get("format") == "online")


def venue_lines(makerday: MakerDay, parts: tuple[str, ...] = VENUE_PARTS) -> list[str]:
    """The venue's name and address (or the given parts of it), one part a line; empty for an online day."""
    venue = makerday.get("venue") or {}
    if is_online_only(makerday):
        return []
    return [venue[part] for part in parts if venue.get(part)]


def place_text(makerday: MakerDay, parts: tuple[str, ...] = VENUE_PARTS) -> str:
    """Where the day is, on one line: the venue, "Online", or the venue "and online"."""
    lines = venue_lines(makerday, parts)
    if not lines:
        return "Online"
    place = ", ".join(lines)
    if makerday.get("format") != "hybrid":
        return place
    return f"{place}, and online" if len(lines) > 1 else f"{place} and online"


def registration_open(makerday: MakerDay, today: date) -> bool:
    """Sign-up is open from when the link is given until the day starts, if the day is going ahead."""
    has_link = bool(makerday.get("registration_url"))
    return has_link and makerday.status == "scheduled" and today <= makerday.starts.date()


# Sponsors and outputs -----------------------------------------------------------


def tier_labels() -> dict[str, str]:
    """Sponsorship tier id -> label, in the schema's order (most support first)."""
    return schemas.labels("makerday", ("sponsors", "*", "tier"))


def sponsors_by_tier(makerday: MakerDay) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(tier id, tier label, sponsors) for each tier that has sponsors, in tier order."""
    sponsors = makerday.get("sponsors", [])
    grouped = [
        (tier, label, [sponsor for sponsor in sponsors if sponsor["tier"] == tier])
        for tier, label in tier_labels().items()
    ]
    return [group for group in grouped if group[2]]


def outputs_by_challenge(makerday: MakerDay) -> list[tuple[str | None, list[dict[str, Any]]]]:
    """(project id, outputs): challenges in order, then other projects, then the day as a whole (None)."""
    outputs = makerday.get("outputs", [])
    served = [output.get("project") for output in outputs]
    order = list(dict.fromkeys(makerday.challenge_projects + [p for p in served if p] + [None]))
    grouped = [(project_id, [o for o in outputs if o.get("project") == project_id]) for project_id in order]
    return [group for group in grouped if group[1]]


def took_place(makerday: MakerDay, today: date) -> bool:
    return makerday.timing(today) == "past"


@dataclass
class PastSponsor:
    name: str
    url: str | None
    sme: bool
    supported: list[tuple[MakerDay, str]]  # (maker day, tier id), oldest first


def past_sponsors(makerdays: Iterable[MakerDay], today: date) -> list[PastSponsor]:
    """Sponsors of maker days that have taken place, with the days they supported, by name."""
    found: dict[str, PastSponsor] = {}
    held = sorted((day for day in makerdays if took_place(day, today)), key=lambda day: day.starts)
    for makerday in held:
        for sponsor in makerday.get("sponsors", []):
            key = " ".join(sponsor["name"].casefold().split())
            entry = found.setdefault(key, PastSponsor(sponsor["name"], None, False, []))
            entry.url = sponsor.get("url") or entry.url
            entry.sme = sponsor.get("sme", entry.sme)
            entry.supported.append((makerday, sponsor["tier"]))
    return sorted(found.values(), key=lambda sponsor: sponsor.name.casefold())


# Sponsorship settings -----------------------------------------------------------


@dataclass(frozen=True)
class SponsorshipTier:
    id: str
    label: str
    price_gbp: int
    sponsor_gives: str
    sponsor_gets: tuple[str, ...]
    for_smes: bool = False


def sponsorship_tiers(settings: list[dict[str, Any]]) -> list[SponsorshipTier]:
    """The tiers in SPONSORSHIP_TIERS, checked against the tiers the maker day schema allows.

    Raises ValueError naming the setting to fix, so a wrong settings file stops the build.
    """
    labels = tier_labels()
    by_id = {tier.get("tier"): tier for tier in settings}
    unknown = sorted(set(by_id) - set(labels), key=str)
    missing = [tier for tier in labels if tier not in by_id]
    if unknown or missing or len(by_id) != len(settings):
        raise ValueError(
            "SPONSORSHIP_TIERS must describe each tier once, using the tier ids of "
            f"schemas/makerday.schema.json ({', '.join(labels)}); "
            f"unknown: {', '.join(map(str, unknown)) or 'none'}, missing: {', '.join(missing) or 'none'}"
        )
    return [
        SponsorshipTier(
            id=tier,
            label=labels[tier],
            price_gbp=int(by_id[tier]["price_gbp"]),
            sponsor_gives=by_id[tier]["sponsor_gives"],
            sponsor_gets=tuple(by_id[tier]["sponsor_gets"]),
            for_smes=bool(by_id[tier].get("for_smes", False)),
        )
        for tier in labels
    ]


# The organiser's shortlist ------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A project that could be a challenge, and how long it has waited for one."""

    project: Project
    group: str  # ASKED: it asked to be a challenge; OPEN: it is looking for skills or partners
    freshness: str
    review_due: date
    waiting_since: date
    waited_days: int
    challenged_at: tuple[MakerDay, ...]  # maker days that took it before, oldest first

    @property
    def rank_key(self) -> tuple[bool, bool, int, str]:
        return (
            self.group != ASKED,
            bool(self.challenged_at),
            -self.waited_days,
            self.project.title.casefold(),
        )


def candidate_group(project: Project) -> str | None:
    needs = project.get("looking_for", [])
    if freshness.MAKER_DAY_NEED in needs:
        return ASKED
    return OPEN if any(need in needs for need in OPEN_TO_HELP) else None


def waiting_since(project: Project, held: list[MakerDay]) -> date:
    """Since its last maker day; failing that since it started, or the earliest date on the entry."""
    if held:
        return held[-1].ends.date()
    if project.get("started"):
        return date.fromisoformat(project.get("started"))
    days: list[date] = [project.last_reviewed] + [update["day"] for update in project.updates]
    return min(days)


def booked(catalogue: Catalogue, today: date) -> set[str]:
    """Projects already a challenge on a maker day still to come (including postponed ones)."""
    coming = [day for day in catalogue.makerdays.values() if day.timing(today) in ("upcoming", "postponed")]
    return {project_id for day in coming for project_id in day.challenge_projects}


def shortlist(catalogue: Catalogue, today: date, policy: freshness.Policy) -> list[Candidate]:
    """Fresh projects that asked to be a challenge, then fresh ones looking for skills or partners.

    Projects already booked on a coming maker day are left out. Within each group, projects never
    taken before come first, then those that have waited longest.
    """
    taken = booked(catalogue, today)
    candidates = []
    for project in catalogue.projects.values():
        group = candidate_group(project)
        state = freshness.state(project, today, policy)
        if group is None or state != freshness.FRESH or project.id in taken:
            continue
        held = [day for day in catalogue.challenged_at.get(project.id, []) if took_place(day, today)]
        since = waiting_since(project, held)
        due = policy.review_due(project.last_reviewed)
        waited = max(0, (today - since).days)
        candidates.append(Candidate(project, group, state, due, since, waited, tuple(held)))
    return sorted(candidates, key=lambda candidate: candidate.rank_key)


def contact_address(contact: dict[str, str]) -> str:
    """The best way to reach a contact: an email address, a web page or a GitHub handle."""
    if contact.get("email"):
        return contact["email"].removeprefix("mailto:")
    if contact.get("url"):
        return contact["url"]
    return f"@{contact['github'].lstrip('@')} on GitHub" if contact.get("github") else ""


# Calendar and schema.org -----------------------------------------------------


def site_host(site_url: str) -> str:
    """The host part of the site's address, for calendar UIDs; "localhost" while there is none."""
    return urlsplit(site_url).hostname or "localhost"


def calendar_uid(makerday: MakerDay, site_url: str) -> str:
    """Stable across builds and status changes, so calendar apps update the event rather than add one."""
    return f"{makerday.id}@{site_host(site_url)}"


def calendar_text(text: str, lines: bool = False) -> str:
    """Text from an entry as a calendar value: no control characters, and one line unless `lines`."""
    return _CALENDAR_FORBIDDEN.sub("\ufffd", _CALENDAR_BREAKS.sub("\n" if lines else " ", text))


def calendar_description(makerday: MakerDay, site_url: str) -> str:
    format_label = schemas.labels("makerday", ("format",))[makerday.get("format")]
    parts = [makerday.get("summary", ""), format_label, "Details: " + absolute_url(site_url, makerday.url)]
    return calendar_text("\n\n".join(part for part in parts if part), lines=True)


def calendar_event(makerday: MakerDay, site_url: str, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", calendar_uid(makerday, site_url))
    event.add("dtstamp", stamp)
    event.add("dtstart", makerday.starts)
    event.add("dtend", makerday.ends)
    event.add("summary", calendar_text(CALENDAR_TITLE_PREFIX[makerday.status] + makerday.title))
    event.add("status", CALENDAR_STATUS[makerday.status])
    event.add("sequence", CALENDAR_SEQUENCE[makerday.status])
    event.add("location", calendar_text(place_text(makerday)))
    event.add("url", absolute_url(site_url, makerday.url))
    event.add("description", calendar_description(makerday, site_url))
    organiser = makerday.get("organiser") or {}
    if organiser.get("email"):
        cn = calendar_text(organiser["role"])
        event.add("organizer", mailto_url(organiser["email"]), parameters={"CN": cn})
    return event


def calendar(makerdays: Iterable[MakerDay], site_url: str, name: str, stamp: datetime) -> bytes:
    """An iCalendar file with one event per maker day (cancelled ones marked so), in UK time.

    `stamp` is when the feed was made (DTSTAMP); pass the build's time so that feeds are reproducible.
    """
    feed = icalendar.Calendar()
    feed.add("prodid", f"-//{site_host(site_url)}//Pipeline maker days//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", calendar_text(name))
    feed.add("x-wr-timezone", "Europe/London")
    days = sorted(makerdays, key=lambda day: (day.starts, day.id))
    for makerday in days:
        feed.add_component(calendar_event(makerday, site_url, stamp))
    if days:
        first, last = timezone_window(days[0].starts.date(), max(day.ends for day in days).date())
        feed.add_missing_timezones(first_date=first, last_date=last)
    ical: bytes = feed.to_ical()
    return ical


def timezone_window(first: date, last: date) -> tuple[date, date]:
    """The days to describe London's clock changes for: a year either side, within TIMEZONE_YEARS."""
    earliest, latest = TIMEZONE_YEARS
    start = earliest if first - earliest < TIMEZONE_MARGIN else first - TIMEZONE_MARGIN
    end = latest if latest - last < TIMEZONE_MARGIN else last + TIMEZONE_MARGIN
    return min(start, latest), max(end, start)


def calendar_path(makerday: MakerDay) -> str:
    """Where a single maker day's calendar file is published, next to its page."""
    return f"{makerday.url}{makerday.id}.ics"


def _place(makerday: MakerDay) -> dict[str, Any]:
    venue = makerday.get("venue") or {}
    address = {
        "@type": "PostalAddress",
        "streetAddress": venue.get("address"),
        "addressLocality": venue.get("town"),
        "postalCode": venue.get("postcode"),
        "addressCountry": "GB",
    }
    return {
        "@type": "Place",
        "name": venue.get("name"),
        "address": {key: value for key, value in address.items() if value},
    }


def _locations(makerday: MakerDay, page_url: str) -> list[dict[str, Any]]:
    online = {"@type": "VirtualLocation", "url": makerday.get("registration_url") or page_url}
    in_person: list[dict[str, Any]] = [] if is_online_only(makerday) else [_place(makerday)]
    return in_person + ([online] if makerday.get("format") != "in-person" else [])


def _organisation(name: str, url: str | None = None) -> dict[str, Any]:
    return {key: value for key, value in {"@type": "Organization", "name": name, "url": url}.items() if value}


def event_data(makerday: MakerDay, catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    """schema.org Event data for a maker day page (to be written with json_for_script)."""
    page_url = absolute_url(site_url, makerday.url)
    host = catalogue.councils.get(makerday.host_council)
    organizer = _organisation(
        catalogue.council_name(makerday.host_council), absolute_url(site_url, host.url) if host else None
    )
    organiser = makerday.get("organiser") or {}
    if organiser:
        point = {"@type": "ContactPoint", "contactType": organiser["role"]}
        point.update({"email": organiser.get("email"), "url": organiser.get("url")})
        organizer["contactPoint"] = {key: value for key, value in point.items() if value}
    locations = _locations(makerday, page_url)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": makerday.title,
        "description": makerday.get("summary"),
        "url": page_url,
        "startDate": makerday.starts.isoformat(),
        "endDate": makerday.ends.isoformat(),
        "eventStatus": EVENT_STATUS[makerday.status],
        "eventAttendanceMode": ATTENDANCE_MODE[makerday.get("format")],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": organizer,
        "sponsor": [_organisation(s["name"], s.get("url")) for s in makerday.get("sponsors", [])],
    }
    return {key: value for key, value in data.items() if value}
