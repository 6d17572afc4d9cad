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
from .i18n import N_, NP_, Language

# The core's freshness labels (pipeline.freshness.LABELS), marked here for extraction.
FRESHNESS_LABELS = (N_("Up to date"), N_("Review due soon"), N_("Not confirmed recently"), N_("Archived"))
TIMING_LABELS = {"upcoming": N_("Upcoming"), "past": N_("Past")}

# Every sentence the site's scripts (theme/static/js) write, by script: a page gives its script these
# words in its language (script_words), and static/js/words.js fills in their %(name)s placeholders.
# A pair has plural forms, chosen by the count. Most are the templates' own words for the same thing.
SCRIPT_WORDS: dict[str, dict[str, str | tuple[str, str]]] = {
    "filter": {
        "range": N_("Projects %(first)s to %(last)s of %(total)s"),
        "count": NP_("%(shown)s project", "%(shown)s projects"),
        "matches": NP_("%(shown)s project matches", "%(shown)s projects match"),
        "none": N_("No projects match these filters. Try removing one."),
        "broken": N_("The filters are not working at the moment. Browse projects instead."),
        "led": N_("Led by %(lead)s."),
        "led_with": NP_(
            "Led by %(lead)s with %(count)s partner council.",
            "Led by %(lead)s with %(count)s partner councils.",
        ),
        "updated": N_('Updated <time datetime="%(day)s">%(date)s</time>.'),
        "looking_for": N_("Looking for:"),
        "pages": N_("Pages of %(noun)s"),
        "noun": N_("projects"),
        "previous": N_('Previous<span class="visually-hidden"> page</span>'),
        "next": N_('Next<span class="visually-hidden"> page</span>'),
        "page": N_("Page %(number)s"),
    },
    "councils": {
        "count": NP_("%(shown)s council", "%(shown)s councils"),
        "some": NP_("%(shown)s of %(total)s council", "%(shown)s of %(total)s councils"),
        "none": N_("No council matches. Try another name, or clear the filters."),
    },
    "search": {
        "found": NP_("%(shown)s result for “%(query)s”", "%(shown)s results for “%(query)s”"),
        "none": N_("No results for “%(query)s”. Try fewer or different words."),
        # The kinds of result, by the value of their data-pagefind-meta "kind".
        "Project": N_("Project"),
        "Council": N_("Council"),
        "Maker day": N_("Maker day"),
        "Page": N_("Page"),
    },
}


def script_words(language: Language, script: str) -> dict[str, str | dict[str, str]]:
    """The words of SCRIPT_WORDS[script] in the language; a message with plural forms as its form for
    each plural category (Language.plural_forms), which the script chooses by the count."""
    return {
        key: language.plural_forms(*message) if isinstance(message, tuple) else language.gettext(message)
        for key, message in SCRIPT_WORDS[script].items()
    }


def duration_words(language: Language, days: int) -> str:
    """ "3 months", "3 mis": the count and unit pipeline.freshness.duration chooses."""
    count, unit = freshness.duration(days)
    match unit:
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
