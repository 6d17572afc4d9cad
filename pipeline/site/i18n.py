"""The site's languages: English, and Welsh under /cy/, each with its interface text, dates and addresses.

Interface text is written in English and marked for translation: `{% trans %}` and `_()` in the
templates, `_()`/`N_()` in the site's Python, and the labels of the schemas' choices (read by
`extract_schema_labels`). `make translations` extracts it into theme/translations/messages.pot and
updates the Welsh catalogue, theme/translations/cy/LC_MESSAGES/messages.po, which Welsh speakers edit.
A build compiles the catalogue in memory, so no binary file is kept in the repository.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .. import dates
from ..welsh import ENGLISH, LANGUAGES, WELSH

DOMAIN = "messages"
TRANSLATIONS_FOLDER = "translations"  # in the theme
WELSH_LOCALE = "cy_GB"
ENGLISH_LOCALE = "en_GB"
# Every plural category of English and Welsh has a whole number below this among its examples.
PLURAL_SAMPLES = range(101)


def N_(message: str) -> str:  # noqa: N802  # the usual name of gettext's "mark only" function
    """Marks `message` for extraction where it is defined; it is translated where it is shown."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802  # N_ for a message with plural forms
    """Marks a message with plural forms for extraction where it is defined (keyword NP_:1,2)."""
    return singular, plural


@dataclass(frozen=True)
class Language:
    """One language of the site: its pages live under `prefix`, with its own interface text."""

    code: str  # "en" or "cy", as pipeline.welsh names them
    html_lang: str  # <html lang> and hreflang: "en-GB", "cy"
    name: str  # the language's own name, for the link to it: "English", "Cymraeg"
    translations: NullTranslations = field(compare=False, repr=False)

    @property
    def prefix(self) -> str:
        """What the language's page paths start with: "" for English, "cy/" for Welsh."""
        return "" if self.code == ENGLISH else f"{self.code}/"

    @property
    def is_welsh(self) -> bool:
        return self.code == WELSH

    def path(self, page_path: str) -> str:
        """The path of a page (like "projects/") in this language: "cy/projects/"."""
        return self.prefix + page_path

    def gettext(self, message: str, **variables: object) -> str:
        """`message` in this language, with %(name)s placeholders filled from `variables`."""
        text = self.translations.gettext(message)
        return text % variables if variables else text

    def ngettext(self, singular: str, plural: str, count: int, **variables: object) -> str:
        """The form for `count` (Welsh has six), with %(num)d standing for the count."""
        text = self.translations.ngettext(singular, plural, count)
        return text % {"num": count, **variables}

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """The message's form for each of the language's plural categories, as Unicode names them
        ("one", "other"; in Welsh also "zero", "two", "few", "many"), placeholders unfilled: a script
        chooses the form with Intl.PluralRules, which names the same categories."""
        category = Locale.parse(WELSH_LOCALE if self.is_welsh else ENGLISH_LOCALE).plural_form
        forms: dict[str, str] = {}
        for count in PLURAL_SAMPLES:
            forms.setdefault(category(count), self.translations.ngettext(singular, plural, count))
        return forms

    def long_date(self, day: date | datetime) -> str:
        """29 November 2026; 29 Tachwedd 2026."""
        if self.is_welsh:
            return format_date(day, "d MMMM y", locale=WELSH_LOCALE)
        return dates.long_date(day)

    def weekday_date(self, day: date | datetime) -> str:
        """Sunday 29 November 2026; Dydd Sul 29 Tachwedd 2026."""
        if self.is_welsh:
            return format_date(day, "EEEE d MMMM y", locale=WELSH_LOCALE)
        return dates.weekday_date(day)


ENGLISH_LANGUAGE = Language(ENGLISH, "en-GB", "English", NullTranslations())
NOT_FOUND_PAGE = "404.html"


def not_found_page(path: str) -> str:
    """The file of the 404 page for an address asked for: the Welsh one (cy/404.html) under /cy/."""
    first = path.lstrip("/").split("/", 1)[0]
    return f"{WELSH}/{NOT_FOUND_PAGE}" if first == WELSH else NOT_FOUND_PAGE


def catalogue_path(theme: Path, code: str) -> Path:
    return theme / TRANSLATIONS_FOLDER / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalogue(po_file: Path) -> Translations:
    """The .po file as translations, compiled in memory; fuzzy (unchecked) translations are left out."""
    with po_file.open("rb") as file:
        catalogue = read_po(file, locale=WELSH_LOCALE)
    compiled = BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@cache
def languages(theme: Path) -> dict[str, Language]:
    """Every language of the site, English first, by code."""
    welsh = compile_catalogue(catalogue_path(theme, WELSH))
    found = {
        ENGLISH: ENGLISH_LANGUAGE,
        WELSH: Language(WELSH, "cy", "Cymraeg", welsh),
    }
    return {code: found[code] for code in LANGUAGES}


# extraction ------------------------------------------------------------------


def extract_schema_labels(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: dict[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extractor for the JSON Schemas: the label (`title`) of every choice (`const`) they define,
    like the phases and service areas, which pages show in the reader's language."""
    schema = json.load(fileobj)
    for label in dict.fromkeys(_choice_labels(schema)):
        yield 0, "gettext", label, ["a choice in the schemas"]


def _choice_labels(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if "const" in node and isinstance(node.get("title"), str):
            yield node["title"]
        for value in node.values():
            yield from _choice_labels(value)
    elif isinstance(node, list):
        for item in node:
            yield from _choice_labels(item)
