"""Dates written the ways people in the UK write them by hand, read so a message can show the same date
as YYYY-MM-DD.

Numbers are read day first (25/03/2026 is 25 March). A date that cannot be read for sure, such as one
with a two-digit year or a missing part, is not guessed at.
"""

from __future__ import annotations

import calendar
import re

_SEPARATOR = r"[ ]*[/.-][ ]*"
_YEAR_FIRST = re.compile(
    rf"(?P<year>[0-9]{{4}}){_SEPARATOR}(?P<month>[0-9]{{1,2}}){_SEPARATOR}(?P<day>[0-9]{{1,2}})"
)
_DAY_FIRST = re.compile(
    rf"(?P<day>[0-9]{{1,2}}){_SEPARATOR}(?P<month>[0-9]{{1,2}}){_SEPARATOR}(?P<year>[0-9]{{4}})"
)
_WEEKDAY = r"(?:[a-z]+,?[ ]+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DAY_MONTH_NAME = re.compile(
    rf"{_WEEKDAY}(?P<day>[0-9]{{1,2}}){_ORDINAL}[ ]+(?:of[ ]+)?(?P<month>[a-z]+)\.?,?[ ]+(?P<year>[0-9]{{4}})"
)
_MONTH_NAME_DAY = re.compile(
    rf"{_WEEKDAY}(?P<month>[a-z]+)\.?[ ]+(?P<day>[0-9]{{1,2}}){_ORDINAL},?[ ]+(?P<year>[0-9]{{4}})"
)
_FORMS = (_YEAR_FIRST, _DAY_FIRST, _DAY_MONTH_NAME, _MONTH_NAME_DAY)
_MONTHS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}


def date_parts(written: str) -> tuple[int, int, int] | None:
    """The (year, month, day) a written date stands for, or None when it cannot be read for sure.

    The parts are not checked: 30/02/2026 gives (2026, 2, 30), so that the caller can say it is not
    a real date rather than that it is written the wrong way.
    """
    text = " ".join(written.strip().lower().split())
    for form in _FORMS:
        found = form.fullmatch(text)
        if found:
            month = found["month"]
            number = int(month) if month.isdigit() else _MONTHS.get(month)
            return (int(found["year"]), number, int(found["day"])) if number else None
    return None
