"""The interface words the site's Python puts on pages, in the page's language.

The core words things in English ("confirmation overdue by 3 months", "Online"); the site says the
same in the reader's language, with the core deciding what is said (which unit of time, which part of
a venue) and this module only how it is worded. In English every function here gives exactly what the
core gives (tests/test_welsh_site.py checks it).
"""

from __future__ import annotations

from datetime import datetime, time

from .. import freshness, makerdays
from ..model import MakerDay
from .i18n import N_, Language

# The core's freshness labels (pipeline.freshness.LABELS), marked here for extraction.
FRESHNESS_LABELS = (N_("Up to date"), N_("Review due soon"), N_("Not confirmed recently"), N_("Archived"))
TIMING_LABELS = {"upcoming": N_("Upcoming"), "past": N_("Past")}


def duration_words(language: Language, days: int) -> str:
    """ "3 months", "3 mis": the unit and count pipeline.freshness.duration_text chooses."""
    count_text, unit = freshness.duration_text(days).split(" ")
    count = int(count_text)
    match unit.removesuffix("s"):
        case "day":
            return language.ngettext("%(num)d day", "%(num)d days", count)
        case "week":
            return language.ngettext("%(num)d week", "%(num)d weeks", count)
        case "month":
            return language.ngettext("%(num)d month", "%(num)d months", count)
        case _:
            return language.ngettext("%(num)d year", "%(num)d years", count)


def overdue_words(language: Language, days_overdue: int) -> str:
    """ "confirmation overdue by 3 months", as pipeline.freshness.overdue_text, in the language."""
    if days_overdue > 0:
        return language.gettext(
            "confirmation overdue by %(duration)s", duration=duration_words(language, days_overdue)
        )
    if days_overdue == 0:
        return language.gettext("confirmation due today")
    return language.gettext(
        "confirmation due in %(duration)s", duration=duration_words(language, -days_overdue)
    )


def clock_words(language: Language, moment: datetime) -> str:
    """ "9:30am", "5pm", "midday" (pipeline.makerdays.clock_text); in Welsh "9:30yb", "5yh", "canol dydd"."""
    if moment.time() == time(12):
        return language.gettext("midday")
    if moment.time() == time(0):
        return language.gettext("midnight")
    text = makerdays.clock_text(moment)
    suffix = language.gettext("am") if moment.hour < 12 else language.gettext("pm")
    return text[:-2] + suffix


def when_words(language: Language, makerday: MakerDay) -> str:
    """ "Wednesday 20 January 2027, 9:30am to 5pm", as pipeline.makerdays.when_text, in the language."""
    starts, ends = makerday.starts, makerday.ends
    start = f"{language.weekday_date(starts)}, {clock_words(language, starts)}"
    end = clock_words(language, ends)
    if starts.date() != ends.date():
        end = f"{language.weekday_date(ends)}, {end}"
    return language.gettext("%(start)s to %(end)s", start=start, end=end)


def place_words(language: Language, makerday: MakerDay, parts: tuple[str, ...]) -> str:
    """Where the day is, on one line (pipeline.makerdays.place_text): the venue, "Online", or the venue
    "and online"."""
    lines = makerdays.venue_lines(makerday, parts)
    if not lines:
        return language.gettext("Online")
    place = ", ".join(lines)
    if makerday.get("format") != "hybrid":
        return place
    joined = f"{place}," if len(lines) > 1 else place
    return language.gettext("%(place)s and online", place=joined)


def where_lines(language: Language, makerday: MakerDay) -> list[str]:
    """The venue's address a line each (then "and online" for a hybrid day), or "Online"."""
    lines = makerdays.venue_lines(makerday)
    if not lines:
        return [language.gettext("Online")]
    return lines + [language.gettext("and online")] if makerday.get("format") == "hybrid" else lines
