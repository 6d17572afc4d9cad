"""The sentences the site's scripts write come from the page, in its language: the scripts hold none, each
page that loads one gives it its words (wording.SCRIPT_WORDS) as JSON, and a message with plural forms
gives one form per plural category, the same one gettext would choose for every count."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st
from sitebuild import CONTENT, build, page

from pipeline.site import wording
from pipeline.site.i18n import ENGLISH_LOCALE, WELSH_LOCALE, languages

ROOT = Path(__file__).resolve().parents[1]
THEME = ROOT / "theme"
SCRIPTS = sorted((THEME / "static" / "js").glob("*.js"))
STRING_LITERAL = re.compile(r"\"((?:[^\"\\\n]|\\.)*)\"")
PLAIN_WORD = re.compile(r"^[A-Za-z][a-z’']*[.,:;!?]?$")
WELSH = languages(THEME)["cy"]
ENGLISH = languages(THEME)["en"]
PLURAL_MESSAGES = [
    message
    for words in wording.SCRIPT_WORDS.values()
    for message in words.values()
    if isinstance(message, tuple)
]


def sentences_in(script: str) -> list[str]:
    """The string literals that read as English: two or more plain words (not a selector like "th a"), or
    a piece of a sentence (" page")."""
    found = []
    for literal in STRING_LITERAL.findall(script):
        words = literal.split()
        if (
            len(words) > 1
            and all(PLAIN_WORD.match(word) for word in words)
            and max(map(len, words)) > 2
            or literal != literal.strip()
            and any(character.isalpha() for character in literal)
        ):
            found.append(literal)
    return found


def test_the_sentence_finder_finds_what_the_scripts_used_to_write():
    old = 'x = "No council matches"; y = n + " of " + total; z = "tag tag--grey search__kind", "th a";'
    assert sentences_in(old) == ["No council matches", " of "]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_no_script_writes_a_sentence_of_its_own(script):
    comments_and_directive = r"/\*.*?\*/|//[^\n]*|\"use strict\";"
    text = re.sub(comments_and_directive, "", script.read_text(encoding="utf-8"), flags=re.S)
    assert sentences_in(text) == []


@pytest.mark.parametrize("message", PLURAL_MESSAGES, ids=lambda pair: pair[0])
@given(count=st.integers(min_value=0, max_value=1_000_000))
def test_each_plural_category_has_the_form_gettext_chooses_for_its_counts(message, count):
    for language, locale in ((WELSH, WELSH_LOCALE), (ENGLISH, ENGLISH_LOCALE)):
        forms = language.plural_forms(*message)
        category = Locale.parse(locale).plural_form(count)
        assert forms[category] == language.translations.ngettext(*message, count)


def test_welsh_has_six_plural_categories_and_english_two():
    forms = WELSH.plural_forms("%(shown)s council", "%(shown)s councils")
    assert forms == {
        "zero": "%(shown)s cyngor",
        "one": "%(shown)s cyngor",
        "two": "%(shown)s gyngor",
        "few": "%(shown)s cyngor",
        "many": "%(shown)s cyngor",
        "other": "%(shown)s cyngor",
    }
    assert set(ENGLISH.plural_forms("%(shown)s council", "%(shown)s councils")) == {"one", "other"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(CONTENT, tmp_path_factory.mktemp("script-words") / "output")


def words_on(output: Path, path: str, script: str) -> dict:
    soup = page(output, path)
    block = soup.find("script", attrs={"type": "application/json", "data-script-words": script})
    sources = [tag["src"].rsplit("/", 1)[-1] for tag in soup.find_all("script", src=True)]
    assert sources == ["words.js", f"{script}.js"]
    return json.loads(block.string)


@pytest.mark.parametrize(
    ("path", "script"), [("projects/", "filter"), ("councils/", "councils"), ("search/", "search")]
)
def test_each_page_gives_its_script_its_words_in_the_page_language(site, path, script):
    english = words_on(site, path, script)
    welsh = words_on(site, "cy/" + path, script)
    assert english == wording.script_words(ENGLISH, script)
    assert welsh == wording.script_words(WELSH, script)
    assert set(english) == set(welsh) == set(wording.SCRIPT_WORDS[script])
    changed = [key for key in english if english[key] != welsh[key]]
    assert changed == list(english), "every sentence is in Welsh on the Welsh page"
