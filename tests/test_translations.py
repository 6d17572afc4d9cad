"""The Welsh catalogue: every piece of interface text has a checked Welsh translation.

The interface text is extracted afresh (as `make translations` does) and compared with
theme/translations/cy/LC_MESSAGES/messages.po: a string with no Welsh, or only a fuzzy (unchecked)
guess, fails here with where it is used; so does a catalogue out of date with the templates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from pipeline import freshness
from pipeline.site import wording
from pipeline.site.i18n import catalogue_path, compile_catalogue, extract_schema_labels, languages

ROOT = Path(__file__).resolve().parents[1]
THEME = ROOT / "theme"
WELSH_PO = catalogue_path(THEME, "cy")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
WELSH_PLURAL_FORMS = (
    "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n == 3 ? 3 : n == 6 ? 4 : 5);"
)


def extracted() -> Catalog:
    """The interface text as `make translations` extracts it, with where each string is used."""
    with (THEME / "translations" / "babel.cfg").open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    catalogue = Catalog()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "NP_": (1, 2)}
    for filename, line, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords
    ):
        catalogue.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return catalogue


def welsh() -> Catalog:
    with WELSH_PO.open("rb") as file:
        return read_po(file, locale="cy")


def where(message: Message) -> str:
    return ", ".join(f"{path}:{line}" if line else path for path, line in message.locations[:3])


def forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.fixture(scope="module")
def fresh() -> Catalog:
    return extracted()


@pytest.fixture(scope="module")
def catalogue() -> Catalog:
    return welsh()


def test_every_interface_string_has_a_checked_welsh_translation(fresh, catalogue):
    problems = []
    for message in fresh:
        if not message.id:
            continue
        translated = catalogue.get(message.id)
        if translated is None:
            problems.append(f"{message.id!r} (used in {where(message)}) is not in the Welsh catalogue yet")
        elif translated.fuzzy:
            problems.append(f"{message.id!r} (used in {where(message)}) has a fuzzy Welsh guess to check")
        elif not all(form.strip() for form in forms(translated)) or len(forms(translated)) not in (1, 6):
            problems.append(f"{message.id!r} (used in {where(message)}) has no Welsh translation")
    assert problems == [], "run `make translations`, then translate:\n" + "\n".join(problems)


def test_the_welsh_catalogue_has_nothing_the_interface_no_longer_says(fresh, catalogue):
    gone = [message.id for message in catalogue if message.id and fresh.get(message.id) is None]
    assert gone == [], "run `make translations` to drop them"


def test_welsh_translations_keep_every_placeholder_of_the_english(catalogue):
    changed = []
    for message in catalogue:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(" ".join(english)))
        for form in forms(message):
            if set(PLACEHOLDER.findall(form)) - wanted or (
                not message.pluralizable and wanted - set(PLACEHOLDER.findall(form))
            ):
                changed.append(f"{message.id!r}: {form!r}")
    assert changed == []


def test_the_welsh_catalogue_has_the_six_welsh_plural_forms(catalogue):
    assert catalogue.plural_forms == WELSH_PLURAL_FORMS
    assert all(len(forms(m)) == 6 for m in catalogue if m.id and m.pluralizable)


def test_the_core_freshness_labels_are_all_marked_for_translation():
    """The labels come from pipeline.freshness; the site marks them for extraction in wording.py."""
    assert set(freshness.LABELS.values()) == set(wording.FRESHNESS_LABELS)


def test_the_schema_extractor_finds_the_choices_labels(tmp_path):
    schema = tmp_path / "x.schema.json"
    schema.write_text(
        '{"properties": {"phase": {"oneOf": [{"const": "alpha", "title": "Alpha"}, {"const": "beta", '
        '"title": "Beta"}]}, "title": {"type": "string", "title": "Title of the field"}}}',
        encoding="utf-8",
    )
    with schema.open("rb") as file:
        found = [message for _, _, message, _ in extract_schema_labels(file, None, None, {})]
    assert found == ["Alpha", "Beta"]


def test_the_compiled_catalogue_leaves_fuzzy_guesses_out(tmp_path):
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Projects"\nmsgstr "Prosiectau"\n\n#, fuzzy\nmsgid "Councils"\nmsgstr "Cyngor"\n',
        encoding="utf-8",
    )
    compiled = compile_catalogue(po)
    assert compiled.gettext("Projects") == "Prosiectau"
    assert compiled.gettext("Councils") == "Councils"


def test_welsh_plurals_follow_the_welsh_rule():
    language = languages(THEME)["cy"]
    said = {n: language.ngettext("%(num)d month", "%(num)d months", n) for n in (1, 2, 3, 6, 8)}
    assert said == {1: "1 mis", 2: "2 fis", 3: "3 mis", 6: "6 mis", 8: "8 mis"}
