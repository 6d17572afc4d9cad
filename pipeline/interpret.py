"""Understanding what people type into forms: council and project names, dates, web addresses, tags.

Council officers answer issue forms the way they write anywhere else: "25th March 2026", "Reading
Borough Council", "www.reading.gov.uk", "Roads & Pavements, waste". Each reader here turns such an
answer into the value the schema wants, or, when it cannot be sure, says why in plain English and
what to write instead. Nothing is guessed: a two-digit year or a near-miss name is put back to the
person, never filled in.

Problems start in lower case and name the answer in quotes, so a caller can put the form's question
in front: "Start date: we could not tell the year from '25/03/26'; ...".
"""

from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar
from urllib.parse import urlsplit, urlunsplit

from . import schemas
from .dates import long_date
from .writer import slugify

if TYPE_CHECKING:
    from .catalogue import Catalogue

T = TypeVar("T")

# How much of an answer a message repeats back.
SHOWN_CHARS = 60
MAX_SUGGESTIONS = 3
# How alike (0 to 1, difflib's ratio) a name must be to a known one to be offered as "did you mean".
CLOSE_ENOUGH = 0.75


@dataclass(frozen=True)
class Reading(Generic[T]):
    """What was understood from one answer: the value, or a problem to put to the person.

    `suggestions` are names to offer (never ids or file paths), best first.
    """

    value: T | None
    problem: str | None = None
    suggestions: tuple[str, ...] = ()

    @classmethod
    def understood(cls, value: T) -> Reading[T]:
        return cls(value)

    @classmethod
    def ask(cls, problem: str, suggestions: Iterable[str] = ()) -> Reading[T]:
        return cls(None, problem, tuple(suggestions))

    @property
    def ok(self) -> bool:
        return self.problem is None


def shown(text: str) -> str:
    """The answer as a message repeats it: on one line, shortened, in quotes."""
    line = " ".join(text.split())
    if len(line) > SHOWN_CHARS:
        line = line[: SHOWN_CHARS - 1].rstrip() + "…"
    return f"'{line}'"


def or_list(items: list[str]) -> str:
    """Names joined for a message: A; A or B; A, B or C."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


# ---------------------------------------------------------------------------------------------
# Pasted text

_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")
# Zero-width space, word joiner, byte order mark and soft hyphen: invisible, but they stop
# searches and name look-ups from matching.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_PLAIN_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'}
)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH = f"[{_DASHES}]"
_PLAIN_DASHES = str.maketrans(dict.fromkeys(_DASHES, "-"))
_BULLETS = f"•‣◦▪·{_DASHES}"
# A bullet a word processor put in: Markdown only sees a list after "-", "*" or "+".
_PASTED_BULLET = re.compile(rf"^([ \t]*)[{_BULLETS}][ \t]+", re.MULTILINE)
_DASH_BETWEEN_DIGITS = re.compile(rf"(?<=[0-9]){_DASH}(?=[0-9])")
_BLANK_LINES = re.compile(r"\n{3,}")
# A list bullet or number at the start of an item: "- ", "* ", "• ", "1. ", "2) ".
_BULLET = re.compile(rf"^(?:[-*+{_BULLETS}]|[0-9]{{1,3}}[.)])\s+")
_LIST_SEPARATORS = re.compile(r"[\n,;]")
_LINES = re.compile("\n")


def clean_pasted(text: str) -> str:
    """Text pasted from a word processor or email, made safe to store and search.

    Line breaks become plain newlines; invisible characters go and odd spaces become plain ones.
    Curly quotes become straight ones, so a search for O'Brien finds O’Brien. A dash or "•" used as
    a bullet at the start of a line becomes "- ", so Markdown still sees a list, and a dash between
    digits becomes a hyphen, so 2025–2026 and 25–03–2026 read as typed; dashes in prose stay.
    Trailing spaces go, runs of blank lines become one, and the whole is trimmed. For answers that
    are lists, read_list also takes off the bullets.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _ODD_SPACES.sub(" ", _INVISIBLE.sub("", text)).translate(_PLAIN_QUOTES)
    text = _DASH_BETWEEN_DIGITS.sub("-", _PASTED_BULLET.sub(r"\1- ", text))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def read_list(text: str, commas: bool = True) -> list[str]:
    """The items of a list answer: one a line (and, with `commas`, split at commas and semicolons),
    each without its bullet or number, blanks left out."""
    separator = _LIST_SEPARATORS if commas else _LINES
    parts = (_BULLET.sub("", part.strip()).strip() for part in separator.split(clean_pasted(text)))
    return [part for part in parts if part]


# ---------------------------------------------------------------------------------------------
# Tags

_TAG_NODE = schemas.field_schema("project", ("tags", "*"))
TAG_PATTERN = schemas.python_pattern(_TAG_NODE["pattern"])
MAX_TAG_LENGTH = _TAG_NODE["maxLength"]


def read_tags(text: str) -> list[str]:
    """Tags from free text: "Roads & Pavements, waste; Bins" -> ["roads-and-pavements", "waste", "bins"].

    Items are split at commas, semicolons and new lines; each becomes lower-case words joined by
    hyphens, cut to the schema's longest tag. Repeats are dropped, order is kept, and an item with
    no letters or digits that can be written in plain letters is left out.
    """
    tags = (slugify(item)[:MAX_TAG_LENGTH].strip("-") for item in read_list(text))
    return list(dict.fromkeys(tag for tag in tags if tag))


# ---------------------------------------------------------------------------------------------
# Dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "ionawr"),
            ("february", "feb", "chwefror"),
            ("march", "mar", "mawrth"),
            ("april", "apr", "ebrill"),
            ("may", "mai"),
            ("june", "jun", "mehefin"),
            ("july", "jul", "gorffennaf"),
            ("august", "aug", "awst"),
            ("september", "sep", "sept", "medi"),
            ("october", "oct", "hydref"),
            ("november", "nov", "tachwedd"),
            ("december", "dec", "rhagfyr"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_DATE_CHARACTERS = re.compile(r"[A-Za-z0-9\s/.,-]*")
_DATE_TOKEN = re.compile(r"[0-9]+(?:st|nd|rd|th)?|[a-z]+")
_ORDINAL = re.compile(r"([0-9]+)(?:st|nd|rd|th)")
_EXAMPLE_DATE = "25/03/2026"


@dataclass(frozen=True)
class _DateParts:
    """The day, month and year as written (digits, unchecked), and a weekday if one was given."""

    day: str
    month: str
    year: str
    weekday: int | None = None


def read_date(text: str) -> Reading[str]:
    """A date as people in the UK write it, as ISO 8601 ("2026-03-25").

    Accepted: 25/03/2026, 25-3-2026, 25.03.2026 (day first), 2026-03-25 (year first), and with the
    month as a word in any order: 25 March 2026, 25th of March 2026, March 25, 2026, 25-Mar-2026,
    Wednesday 25 March 2026 (the weekday must agree). Welsh month names are understood too. A date
    that cannot be read for sure (a two-digit year, a missing day, 31/02/2026) is not guessed: the
    problem says what to write instead.
    """
    answer = _date_answer(text)
    if not answer:
        return Reading.ask(f"write a date, like {_EXAMPLE_DATE}")
    parts = _date_parts(answer)
    if isinstance(parts, str):
        return Reading.ask(parts)
    return _checked_date(answer, parts)


def date_parts(text: str) -> tuple[int, int, int] | None:
    """The (year, month, day) a written date stands for, or None when it cannot be read for sure.

    The parts are not checked: 30/02/2026 gives (2026, 2, 30), so that a caller can say it is not a
    real date rather than that it is written the wrong way.
    """
    parts = _date_parts(_date_answer(text))
    return None if isinstance(parts, str) else (int(parts.year), int(parts.month), int(parts.day))


def _date_answer(text: str) -> str:
    return " ".join(clean_pasted(text).translate(_PLAIN_DASHES).split())


def _date_parts(answer: str) -> _DateParts | str:
    """Which written number is the day, the month and the year; or the problem that stops us telling."""
    cannot_read = f"we could not read {shown(answer)} as a date; write it like {_EXAMPLE_DATE}"
    if not _DATE_CHARACTERS.fullmatch(answer):
        return cannot_read
    tokens = [_ORDINAL.sub(r"\1", token) for token in _DATE_TOKEN.findall(answer.lower())]
    weekdays = [_WEEKDAYS[token] for token in tokens if token in _WEEKDAYS]
    tokens = [token for token in tokens if token not in _WEEKDAYS and token not in ("of", "the")]
    months = [token for token in tokens if token in _MONTHS]
    numbers = [token for token in tokens if token.isdigit()]
    if len(weekdays) > 1 or len(months) > 1 or len(months) + len(numbers) != len(tokens):
        return cannot_read
    weekday = weekdays[0] if weekdays else None
    if months:
        return _worded_date(answer, str(_MONTHS[months[0]]), numbers, weekday) or cannot_read
    return _numeric_date(answer, numbers, weekday) or cannot_read


def _worded_date(answer: str, month: str, numbers: list[str], weekday: int | None) -> _DateParts | str | None:
    """With the month as a word the order does not matter: the four-digit number is the year."""
    years = [number for number in numbers if len(number) == 4]
    days = [number for number in numbers if len(number) <= 2]
    if len(numbers) == 1 and len(years) == 1:
        return f"we could not tell the day from {shown(answer)}; write the whole date, like 25 March 2026"
    if len(numbers) == 1 and len(days) == 1:
        return f"we could not tell the year from {shown(answer)}; write the whole date, like 25 March 2026"
    if len(numbers) != 2:
        return None
    if len(years) == 1 and len(days) == 1:
        return _DateParts(days[0], month, years[0], weekday)
    if len(days) == 2 or len(years) == 0:
        return _year_problem(answer, "25 March 2026")
    return None


def _numeric_date(answer: str, numbers: list[str], weekday: int | None) -> _DateParts | str | None:
    """Digits only: year first when it has four digits (2026-03-25), otherwise day first (25/03/2026)."""
    if len(numbers) != 3:
        if len(numbers) == 2:
            return f"we could not tell the whole date from {shown(answer)}; write the day, month and year, like {_EXAMPLE_DATE}"
        return None
    first, month, last = numbers
    if len(first) == 4 and len(month) <= 2 and len(last) <= 2:
        return _DateParts(last, month, first, weekday)
    if len(first) <= 2 and len(month) <= 2:
        return (
            _DateParts(first, month, last, weekday)
            if len(last) == 4
            else _year_problem(answer, _EXAMPLE_DATE)
        )
    return None


def _year_problem(answer: str, example: str) -> str:
    return f"we could not tell the year from {shown(answer)}; write it with four digits, like {example}"


def _checked_date(answer: str, parts: _DateParts) -> Reading[str]:
    """The ISO date if the parts make a real day, and agree with the weekday if one was given."""
    year, month, day = int(parts.year), int(parts.month), int(parts.day)
    if not 1 <= month <= 12:
        return Reading.ask(
            f"there is no month {month} in {shown(answer)}; write the day first, then the month, like {_EXAMPLE_DATE}"
        )
    if year < 1:
        return Reading.ask(_year_problem(answer, _EXAMPLE_DATE))
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        month_name = f"{calendar.month_name[month]} {year}"
        return Reading.ask(
            f"{shown(answer)} is not a real date: {month_name} has {days_in_month} days; check the day"
        )
    found = date(year, month, day)
    if parts.weekday is not None and parts.weekday != found.weekday():
        return Reading.ask(
            f"{shown(answer)} does not add up: {long_date(found)} is a {found:%A}; check the date"
        )
    return Reading.understood(found.isoformat())


# ---------------------------------------------------------------------------------------------
# Web addresses

_URL_NODE = schemas.schema_documents()["definitions.schema.json"]["$defs"]["https_url"]
URL_PATTERN = schemas.python_pattern(_URL_NODE["pattern"])
MAX_URL_LENGTH = _URL_NODE["maxLength"]
HTTPS_ONLY = _URL_NODE["pattern"].startswith("^https://")
# "javascript:", "mailto:", "data:"; but not "example.gov.uk:8080", where a port number follows.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(?![0-9])")
_EXAMPLE_ADDRESS = "https://www.example.gov.uk"


def read_web_address(text: str) -> Reading[str]:
    """A web address as people paste or type it, as the full address the schema wants.

    "www.example.gov.uk/x" becomes "https://www.example.gov.uk/x" and "example.gov.uk" becomes
    "https://example.gov.uk". An "http://" address is upgraded to "https://" only because the
    schema's web address pattern (definitions.schema.json, https_url) accepts nothing else; if that
    pattern ever allowed http, the address would be kept as given. Refused, with the reason: other
    kinds of link (javascript:, mailto:, data:), spaces, email addresses, and a site name with no
    full stop in it.
    """
    answer = clean_pasted(text).rstrip(".,;").strip("<>\"'")
    if not answer:
        return Reading.ask(f"write a web address, like {_EXAMPLE_ADDRESS}")
    if any(character.isspace() for character in answer):
        return Reading.ask(
            f"a web address cannot have spaces in it, and {shown(answer)} does; copy the address from your browser's address bar"
        )
    scheme = _SCHEME.match(answer)
    if scheme and scheme[1].lower() not in ("http", "https"):
        return Reading.ask(
            f"{shown(answer)} is not the address of a web page; give one that starts with https://"
        )
    if not scheme and "@" in answer.split("/")[0]:
        return Reading.ask(
            f"{shown(answer)} looks like an email address; give the address of a web page here, like {_EXAMPLE_ADDRESS}"
        )
    return _checked_address(answer, _full_address(answer))


def _full_address(answer: str) -> str:
    """The address with its scheme (https:// unless http is allowed and given), a lower-case site
    name, and a "/" before a query or fragment that follows the site name directly."""
    scheme = _SCHEME.match(answer)
    given = scheme[1].lower() if scheme else "https"
    rest = answer[scheme.end() :] if scheme else answer
    wanted = "https" if HTTPS_ONLY else given
    try:
        parts = urlsplit(f"{wanted}://{rest.lstrip('/')}")
    except ValueError:
        return ""
    path = parts.path or ("/" if parts.query or parts.fragment else "")
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, parts.query, parts.fragment))


def _checked_address(answer: str, address: str) -> Reading[str]:
    site = urlsplit(address).hostname if address else None
    if not site or "." not in site.strip("."):
        return Reading.ask(
            f"{shown(answer)} is not a full web address: the site name needs a full stop in it, like {_EXAMPLE_ADDRESS}"
        )
    if len(address) > MAX_URL_LENGTH:
        return Reading.ask(
            f"{shown(answer)} is longer than {MAX_URL_LENGTH} characters; link to a shorter address for the same page"
        )
    if not URL_PATTERN.search(address):
        return Reading.ask(
            f"we could not read {shown(answer)} as a web address; copy it from your browser's address bar, starting with https://"
        )
    return Reading.understood(address)


# ---------------------------------------------------------------------------------------------
# Councils and projects by name

_APOSTROPHES = re.compile("['’‘`]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def name_words(text: str) -> list[str]:
    """The words of a name, for comparing: plain lower-case letters, "&" read as "and", apostrophes
    dropped ("King’s Lynn" -> ["kings", "lynn"]), every other mark a break between words."""
    folded = _APOSTROPHES.sub("", unicodedata.normalize("NFKD", text.casefold()))
    folded = folded.encode("ascii", "ignore").decode("ascii").replace("&", " and ")
    return _NON_WORD.sub(" ", folded).split()


@dataclass(frozen=True)
class Named:
    """One council or project as people may name it."""

    id: str
    label: str  # what it is called in messages: the council's name, the project's title
    detail: str  # a longer label that tells it apart from another with the same label
    names: tuple[str, ...]  # everything it may be called: names, titles, codes


class Names:
    """Finds one kind of entry by what people call it; built once, then asked many times.

    An answer is matched, in turn, by: the address of the entry's page or file; its names or id with
    case and punctuation ignored; its names or id with common words (the kind's `fillers`) also
    ignored. An id counts as one more name, so "newport" is not taken to be the council whose id it
    is when another council is also called Newport: an answer that matches two entries equally is
    put back to the person, naming both. Only when nothing matches are names compared for
    spelling, to suggest what was meant.
    """

    noun: ClassVar[str] = "entry"
    folder: ClassVar[str] = ""
    fillers: ClassVar[frozenset[str]] = frozenset()
    not_found_hint: ClassVar[str] = "check the spelling"
    ambiguous_hint: ClassVar[str] = "write it in full"

    def __init__(self, entries: Iterable[Named]) -> None:
        self._entries: dict[str, Named] = {}
        self._exact: dict[str, list[str]] = {}
        self._loose: dict[str, list[str]] = {}
        for entry in entries:
            self._entries[entry.id] = entry
            for name in (entry.id, *entry.names):
                words = name_words(name)
                self._remember(self._exact, " ".join(words), entry.id)
                self._remember(self._loose, self._loose_key(words), entry.id)
        self._address = re.compile(
            rf"(?:^|/){re.escape(self.folder)}/([A-Za-z0-9-]+)(?:\.md|\.html)?/?(?:[?#].*)?\Z"
        )

    @staticmethod
    def _remember(index: dict[str, list[str]], key: str, entry_id: str) -> None:
        if not key:
            return
        ids = index.setdefault(key, [])
        if entry_id not in ids:
            ids.append(entry_id)

    def _loose_key(self, words: list[str]) -> str:
        return " ".join(word for word in words if word not in self.fillers)

    def find(self, text: str) -> Reading[str]:
        """The id of the entry the answer names, or a problem: not found (with "did you mean"
        suggestions when some names are close) or more than one match."""
        answer = " ".join(clean_pasted(text).split())
        if not answer:
            return Reading.ask(f"write the {self.noun}'s name")
        address = self._address.search(answer)
        if address and address[1].lower() in self._entries:
            return Reading.understood(address[1].lower())
        words = name_words(address[1] if address else answer)
        for index, key in ((self._exact, " ".join(words)), (self._loose, self._loose_key(words))):
            found = index.get(key, []) if key else []
            if len(found) == 1:
                return Reading.understood(found[0])
            if found:
                return self._ambiguous(answer, found)
        return self._not_found(answer, self._loose_key(words))

    def _ambiguous(self, answer: str, ids: list[str]) -> Reading[str]:
        labels = self._labels(ids)
        return Reading.ask(
            f"{shown(answer)} could mean more than one {self.noun}: {or_list(labels)}; {self.ambiguous_hint}",
            labels,
        )

    def _not_found(self, answer: str, key: str) -> Reading[str]:
        labels = self._labels(self._close(key))
        if labels:
            return Reading.ask(f"we could not find {shown(answer)}; did you mean {or_list(labels)}?", labels)
        return Reading.ask(f"we could not find a {self.noun} called {shown(answer)}; {self.not_found_hint}")

    def _close(self, key: str) -> list[str]:
        """Ids of the entries whose names are spelt most like the key, or contain all its words."""
        if not key:
            return []
        words = set(key.split())
        candidates = set(
            difflib.get_close_matches(key, self._loose, n=MAX_SUGGESTIONS * 3, cutoff=CLOSE_ENOUGH)
        )
        candidates.update(name for name in self._loose if words <= set(name.split()))
        ranked = sorted(
            candidates, key=lambda name: (-difflib.SequenceMatcher(None, key, name).ratio(), name)
        )
        ids = dict.fromkeys(entry_id for name in ranked for entry_id in self._loose[name])
        return list(ids)[:MAX_SUGGESTIONS]

    def _labels(self, ids: list[str]) -> list[str]:
        """The entries' labels, using the longer detail for any label that appears twice."""
        labels = [self._entries[entry_id].label for entry_id in ids]
        return [
            self._entries[entry_id].detail if labels.count(label) > 1 else label
            for entry_id, label in zip(ids, labels, strict=True)
        ]


class CouncilNames(Names):
    """Councils by name, official name, GSS code, id or the address of their page.

    "Council", "Borough", "City", "County" and similar words may be added or left out: "Reading
    Borough Council", "reading" and "City of Bristol" / "Bristol City Council" all match.
    """

    noun = "council"
    folder = "councils"
    fillers = frozenset(
        ("the", "of", "and", "council", "borough", "city", "county", "district", "metropolitan")
        + ("combined", "authority", "cyngor")
    )
    not_found_hint = (
        "check the spelling, or give its GSS code (like E06000037); if the council is not in Pipeline "
        'yet, add it first with the "Add your council" form'
    )
    ambiguous_hint = "write its full name"

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue) -> CouncilNames:
        return cls(
            Named(
                council.id,
                council.name,
                council.get("official_name") or f"{council.name} ({council.get('gss_code')})",
                (council.name, council.get("official_name", ""), council.get("gss_code", "")),
            )
            for council in catalogue.councils.values()
        )


class ProjectNames(Names):
    """Projects by title, id, or the address of their page (or of their file on GitHub)."""

    noun = "project"
    folder = "projects"
    fillers = frozenset(("the", "a", "an", "and", "of"))
    not_found_hint = "check the spelling, or paste the address of the project's page"
    ambiguous_hint = "paste the address of the project's page instead"

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue) -> ProjectNames:
        return cls(
            Named(
                project.id,
                project.title,
                f"{project.title} (led by {catalogue.council_name(project.lead_council)})",
                (project.title,),
            )
            for project in catalogue.projects.values()
        )
