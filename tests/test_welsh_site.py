"""The site in Welsh under /cy/: every page in both languages, linked to each other, Welsh text where an
entry gives it, and English text marked lang="en" (with an invitation to add Welsh) where it does not."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from sitebuild import CONTENT, build, html_files, page

from pipeline import freshness, makerdays
from pipeline.catalogue import Catalogue, load_catalogue
from pipeline.links import broken_links
from pipeline.model import MakerDay, Project
from pipeline.site import wording
from pipeline.site.context import Site
from pipeline.site.i18n import ENGLISH_LANGUAGE, languages

ROOT = Path(__file__).resolve().parents[1]
WELSH = languages(ROOT / "theme")["cy"]
SETTINGS = {"SITEURL": "", "GITHUB_REPO": "example/catalogue", "PIPELINE_TODAY": "2026-11-26"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(CONTENT, tmp_path_factory.mktemp("welsh") / "output")


def english_pages(output: Path) -> list[Path]:
    return [path for path in html_files(output) if path.relative_to(output).parts[0] != "cy"]


def test_every_english_page_has_its_welsh_page_and_each_says_its_language(site):
    english = english_pages(site)
    assert len(english) > 50
    for path in english:
        relative = path.relative_to(site).as_posix()
        welsh = site / "cy" / relative
        assert welsh.is_file(), relative
        assert page(site, relative).html["lang"] == "en-GB"
        assert page(site, "cy/" + relative).html["lang"] == "cy"
    assert len(html_files(site)) == 2 * len(english)


def local(address: str) -> str:
    return urlsplit(address).path.lstrip("/")


def test_each_page_links_to_itself_in_the_other_language_in_its_header_and_head(site):
    for path in english_pages(site):
        relative = path.relative_to(site).as_posix()
        if relative.endswith(("embed/index.html",)) or page(site, relative).find(
            "meta", attrs={"http-equiv": "refresh"}
        ):
            continue  # embeds and redirects have no header
        for here, there, there_lang in (
            (relative, "cy/" + relative, "cy"),
            ("cy/" + relative, relative, "en-GB"),
        ):
            soup = page(site, here)
            switch = soup.select_one(".header__language a")
            assert switch["lang"] == there_lang
            target = local(switch["href"])
            assert (site / target).is_file() or (site / target / "index.html").is_file(), here
            assert target == there.removesuffix("index.html"), here
            alternates = {
                link["hreflang"]: local(link["href"]) for link in soup.find_all("link", hreflang=True)
            }
            assert set(alternates) == {"en-GB", "cy", "x-default"}
            assert alternates["x-default"] == alternates["en-GB"]
            assert alternates["cy"] == "cy/" + alternates["en-GB"]


def test_no_internal_link_is_broken_in_either_language(site):
    assert broken_links(site) == []


def test_the_welsh_interface_is_in_welsh_with_welsh_dates(site):
    home = page(site, "cy/")
    navigation = [link.get_text() for link in home.select(".header__nav a")]
    assert navigation == ["Prosiectau", "Cynghorau", "Diwrnodau creu", "Chwilio", "Amdanom"]
    project = page(site, "cy/projects/bin-collection-reminders/")
    confirmed = project.find("dt", string="Cadarnhawyd ddiwethaf").find_next("dd").get_text()
    day = date.fromisoformat(project.find("dt", string="Cadarnhawyd ddiwethaf").find_next("time")["datetime"])
    assert confirmed == WELSH.long_date(day) and any(
        month in confirmed for month in ("Tachwedd", "Hydref", "Medi", "Awst")
    )
    assert page(site, "cy/404.html").html["lang"] == "cy"
    assert "Enghreifftiau" in page(site, "cy/").select_one(".notice-banner").get_text()
    assert page(site, "cy/projects/").find("h1").get_text() == "Prosiectau"


def test_an_entry_without_welsh_is_shown_in_english_marked_as_english_with_an_invitation(site):
    soup = page(site, "cy/projects/bin-collection-reminders/")
    title = soup.find("h1")
    assert title.find("span", lang="en") is not None
    assert soup.select_one(".prose--body > div[lang=en]") is not None
    invitation = soup.find(string=lambda text: text and "Does dim testun Cymraeg" in text).find_parent("div")
    assert "update-project.yml" in invitation.find("a")["href"]
    english = page(site, "projects/bin-collection-reminders/")
    assert english.find(attrs={"lang": "en"}) is None  # nothing needs marking on the English page


def test_a_welsh_entry_is_in_welsh_on_the_welsh_site_with_nothing_marked_english_but_what_has_no_welsh(site):
    soup = page(site, "cy/projects/library-booking-bilingual/")
    assert soup.find("h1").get_text() == "Archebu yn y llyfrgell" and soup.find("h1").find(lang="en") is None
    assert "Archebu llyfrau" in soup.select_one(".lead").get_text()
    body = soup.select_one(".prose--body")
    assert body.find(lang="en") is None and "Am y prosiect" in body.get_text()
    assert soup.find(string=lambda text: text and "Does dim testun Cymraeg" in text) is None
    updates = soup.select_one(".timeline").get_text()
    assert "Mae'r fersiwn beta ar agor" in updates and "Beta open in" not in updates
    partner = soup.find("dt", string="Cynghorau partner").find_next("dd").get_text(strip=True)
    assert partner == "Sir Fynwy"
    english = page(site, "projects/library-booking-bilingual/")
    assert (
        english.find("h1").get_text() == "Library booking"
        and "Archebu" not in english.select_one("main").get_text()
    )


def test_the_catalogue_index_says_which_texts_a_welsh_page_shows_in_english(site):
    def english_of(prefix: str) -> dict[str, int]:
        index = json.loads((site / prefix / "projects/index.json").read_text(encoding="utf-8"))
        records = (dict(zip(index["fields"], row, strict=True)) for row in index["projects"])
        return {record["url"].strip("/").split("/")[-1]: record["english"] for record in records}

    welsh, english = english_of("cy"), english_of("")
    assert welsh["library-booking-bilingual"] == 0 and welsh["bin-collection-reminders"] == 3
    assert set(english.values()) == {0}


def english_only_texts() -> set[str]:
    """The projects' titles and summaries that have no Welsh: on the Welsh site only ever in English."""
    catalogue, _ = load_catalogue(CONTENT, date.fromisoformat(SETTINGS["PIPELINE_TODAY"]), freshness.Policy())
    return {
        text
        for project in catalogue.projects.values()
        for name in ("title", "summary")
        if project.welsh(name) is None and (text := project.get(name))
    }


def test_every_english_entry_text_on_a_welsh_page_is_marked_english(site):
    texts = english_only_texts()
    unmarked = set()
    for path in html_files(site / "cy"):
        body = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").body
        for string in body.find_all(string=lambda string: any(text in string for text in texts)):
            if string.parent.name != "script" and string.find_parent(lang="en") is None:
                unmarked.add(f"{path.relative_to(site)}: <{string.parent.name}> {string.strip()[:60]}")
    assert sorted(unmarked) == []


def test_the_sitemap_lists_both_languages_with_alternates(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/cy/projects/bin-collection-reminders/</loc>" in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="cy" href="/cy/projects/bin-collection-reminders/"/>' in sitemap
    )
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" href="/projects/bin-collection-reminders/"/>'
        in sitemap
    )


def test_feeds_calendars_and_the_catalogue_index_exist_in_welsh(site):
    feed = (site / "cy/feeds/updates.atom.xml").read_text(encoding="utf-8")
    assert 'xml:lang="cy"' in feed and "diweddariadau prosiectau" in feed
    assert (site / "cy/makerdays.ics").is_file()
    assert (site / "cy/projects/index.json").is_file()
    assert not (site / "cy/data/projects.json").exists()  # the open data is written once


def test_a_maker_days_event_data_says_its_language(site):
    import json

    for relative, language in (("makerdays/", "en-GB"), ("cy/makerdays/", "cy")):
        first = page(site, relative).select_one(".card__title a")["href"]
        block = page(site, local(first)).find("script", type="application/ld+json")
        assert json.loads(block.string)["inLanguage"] == language


# Sites made directly from entries, with Welsh text ---------------------------------------------------


def project(**welsh: str) -> Project:
    data = {
        "title": "Bin reminders",
        "summary": "Reminders for bin day.",
        "phase": "beta",
        "lead_council": "cardiff",
        "last_reviewed": "2026-11-01",
        "updates": [{"date": "2026-11-02", "text": "Went live.", "cy": {"text": "Aeth yn fyw."}}],
        "cy": welsh,
    }
    body_cy = "Nodiadau atgoffa am **ddiwrnod biniau**." if welsh else ""
    return Project(
        "bin-reminders",
        "projects/bin-reminders.md",
        Path("bin-reminders.md"),
        data,
        "Reminders.\n",
        None,
        body_cy,
    )


def sites(*projects: Project) -> tuple[Site, Site]:
    catalogue = Catalogue()
    for each in projects:
        catalogue.projects[each.id] = each
    english = Site(catalogue, SETTINGS)
    return english, english.in_language(WELSH, lambda template, macro: lambda *args: "")


def test_a_welsh_entry_is_shown_in_welsh_on_the_welsh_site_only():
    english, welsh = sites(
        project(title="Nodiadau atgoffa biniau", summary="Nodiadau ar gyfer diwrnod biniau.")
    )
    entry = english.catalogue.projects["bin-reminders"]
    assert (
        welsh.title_html(entry) == "Nodiadau atgoffa biniau" and english.title_html(entry) == "Bin reminders"
    )
    assert "<strong>ddiwrnod biniau</strong>" in welsh.body(entry) and 'lang="en"' not in welsh.body(entry)
    assert welsh.updates(entry)[0].html.strip() == "<p>Aeth yn fyw.</p>"
    assert english.updates(entry)[0].html.strip() == "<p>Went live.</p>"
    assert not welsh.english_only(entry)
    assert (
        welsh.url(entry) == "/cy/projects/bin-reminders/" and english.url(entry) == "/projects/bin-reminders/"
    )
    assert welsh.file_url("data/projects.json") == "/data/projects.json"


def test_an_entry_without_welsh_is_marked_english_on_the_welsh_site():
    english, welsh = sites(project())
    entry = english.catalogue.projects["bin-reminders"]
    assert welsh.title_html(entry) == '<span lang="en">Bin reminders</span>'
    assert welsh.body(entry).startswith('<div lang="en">')
    assert welsh.summary(entry).startswith('<span lang="en">')
    assert welsh.english_only(entry) and not english.english_only(entry)
    assert (
        welsh.title_html(Project("x", "x", Path("x"), {"title": "<b>"}, ""))
        == '<span lang="en">&lt;b&gt;</span>'
    )


def test_the_welsh_site_words_freshness_and_timing_in_welsh():
    english, welsh = sites(project())
    assert welsh.freshness_label("fresh") == "Cyfredol" and english.freshness_label("fresh") == "Up to date"
    assert welsh.labels.phase["beta"] == "Beta" and welsh.labels.nation["wales"] == "Cymru"
    assert wording.overdue_words(WELSH, 240) == "angen cadarnhau ers 8 mis"
    assert WELSH.long_date(date(2026, 11, 29)) == "29 Tachwedd 2026"


@given(st.integers(min_value=-2000, max_value=5000))
def test_in_english_the_site_words_overdue_text_as_the_core_does(days):
    assert wording.overdue_words(ENGLISH_LANGUAGE, days) == freshness.overdue_text(days)


@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 1, 1)),
    st.integers(min_value=0, max_value=72),
    st.sampled_from(["in_person", "online", "hybrid"]),
)
def test_in_english_the_site_words_when_and_where_as_the_core_does(start, hours, kind):
    from datetime import timedelta

    data = {
        "title": "Day",
        "starts": start.replace(second=0, microsecond=0, minute=start.minute // 15 * 15).isoformat(),
        "ends": (start.replace(second=0, microsecond=0, minute=0) + timedelta(hours=hours + 1)).isoformat(),
        "format": kind,
        "venue": {"name": "Hall", "town": "Bangor"},
    }
    day = MakerDay("day", "makerdays/day.md", Path("day.md"), data, "")
    assert wording.when_words(ENGLISH_LANGUAGE, day) == makerdays.when_text(day)
    assert wording.place_words(ENGLISH_LANGUAGE, day, ("town",)) == makerdays.place_text(day, parts=("town",))
