"""Jinja filters: dates, times and money written the GOV.UK way, and URLs from the content made safe."""

from __future__ import annotations

from datetime import date, datetime

from .. import dates
from ..markup import mailto_url, web_address


def as_date(value: date | str) -> date:
    """Dates in the content are ISO text ("2026-09-29"); the model's are dates."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def long_date(day: date | str) -> str:
    """29 September 2026"""
    return dates.long_date(as_date(day))


def iso(value: date | datetime | str) -> str:
    return as_date(value).isoformat()


def pounds(amount: int) -> str:
    """£25,000"""
    return f"£{amount:,}"


def number(count: int) -> str:
    """10,000"""
    return f"{count:,}"


def without_mailto(address: str) -> str:
    return address.removeprefix("mailto:")


def github_url(handle: str) -> str:
    """A GitHub user, organisation or team (org/team) as a link."""
    handle = handle.lstrip("@")
    organisation, _, team = handle.partition("/")
    return f"https://github.com/orgs/{organisation}/teams/{team}" if team else f"https://github.com/{handle}"


FILTERS = {
    "long_date": long_date,
    "iso": iso,
    "pounds": pounds,
    "number": number,
    "mailto": mailto_url,
    "without_mailto": without_mailto,
    "github_url": github_url,
    "web_address": web_address,
}
