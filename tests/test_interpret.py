"""Reading what people type into forms: names, dates, web addresses, tags and pasted text."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pipeline import interpret
from pipeline.catalogue import Catalogue, load_catalogue
from pipeline.dates import long_date, weekday_date
from pipeline.freshness import Policy
from pipeline.interpret import (
    HTTPS_ONLY,
    MAX_TAG_LENGTH,
    TAG_PATTERN,
    URL_PATTERN,
    CouncilNames,
    ProjectNames,
    Reading,
    clean_pasted,
    read_date,
    read_list,
    read_tags,
    read_web_address,
)
from pipeline.model import Council, Project
from pipeline.writer import slugify

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample() -> Catalogue:
    catalogue, _ = load_catalogue(ROOT / "content", date(2026, 11, 29), Policy())
    return catalogue


@pytest.fixture(scope="module")
def councils(sample) -> CouncilNames:
    return CouncilNames.from_catalogue(sample)


@pytest.fixture(scope="module")
def projects(sample) -> ProjectNames:
    return ProjectNames.from_catalogue(sample)


def council(entry_id: str, name: str, gss_code: str, official_name: str | None = None) -> Council:
    data = {"name": name, "gss_code": gss_code, "type": "unitary", "nation": "england"}
    if official_name:
        data["official_name"] = official_name
    return Council(entry_id, f"councils/{entry_id}.md", Path(f"councils/{entry_id}.md"), data)


def project(entry_id: str, title: str, lead_council: str) -> Project:
    data = {"title": title, "lead_council": lead_council, "phase": "alpha"}
    return Project(entry_id, f"projects/{entry_id}.md", Path(f"projects/{entry_id}.md"), data)


def catalogue_of(*entries) -> Catalogue:
    catalogue = Catalogue()
    for entry in entries:
        catalogue.add(entry)
    catalogue.link()
    return catalogue


BERKSHIRE = catalogue_of(
    council("reading", "Reading", "E06000038", "Reading Borough Council"),
    council(
        "windsor-and-maidenhead",
        "Windsor and Maidenhead",
        "E06000040",
        "Royal Borough of Windsor and Maidenhead",
    ),
    council("wokingham", "Wokingham", "E06000041", "Wokingham Borough Council"),
    council("woking", "Woking", "E07000217", "Woking Borough Council"),
    council("county-durham", "County Durham", "E06000047", "Durham County Council"),
    council("durham-city", "Durham City", "E07000999"),
    council("newport", "Newport", "W06000022", "Newport City Council"),
    council("newport-shropshire", "Newport", "E07000998", "Newport Town Council"),
)


# --- councils ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("Reading", "reading"),
        ("reading borough council", "reading"),
        ("READING BOROUGH COUNCIL.", "reading"),
        ("E06000038", "reading"),
        (" e06000038 ", "reading"),
        ("west-berkshire", "west-berkshire"),
        ("West Berkshire Council", "west-berkshire"),
        ("City of Bristol", "city-of-bristol"),
        ("Bristol City Council", "city-of-bristol"),
        ("Bristol", "city-of-bristol"),
        ("https://example.org/councils/wokingham/", "wokingham"),
        ("councils/gwynedd", "gwynedd"),
    ],
)
def test_a_council_is_found_by_name_official_name_code_id_or_address(councils, answer, expected):
    assert councils.find(answer) == Reading(expected)


@pytest.mark.parametrize(
    "answer",
    [
        "Windsor and Maidenhead",
        "Windsor & Maidenhead",
        "windsor-and-maidenhead",
        "Royal Borough of Windsor and Maidenhead",
        "Royal Borough of Windsor & Maidenhead",
        "Windsor and Maidenhead Council",
        "The Royal Borough of Windsor and Maidenhead",
    ],
)
def test_common_words_and_ampersands_do_not_matter(answer):
    assert CouncilNames.from_catalogue(BERKSHIRE).find(answer).value == "windsor-and-maidenhead"


def test_part_of_a_name_is_only_suggested_never_taken():
    found = CouncilNames.from_catalogue(BERKSHIRE).find("Windsor")
    assert found.value is None
    assert found.suggestions == ("Windsor and Maidenhead",)


def test_a_near_miss_suggests_the_council_by_name(councils):
    found = councils.find("Wokinham")
    assert found == Reading(None, "we could not find 'Wokinham'; did you mean Wokingham?", ("Wokingham",))


def test_suggestions_are_at_most_three_best_first():
    found = CouncilNames.from_catalogue(BERKSHIRE).find("Wokinham Borough Council")
    assert found.suggestions[0] == "Wokingham"
    assert len(found.suggestions) <= 3
    assert "wokingham" not in found.problem


def test_an_answer_matching_two_councils_equally_asks_which_one():
    found = CouncilNames.from_catalogue(BERKSHIRE).find("Durham")
    assert found.value is None
    assert found.suggestions == ("County Durham", "Durham City")
    assert found.problem == (
        "'Durham' could mean more than one council: County Durham or Durham City; write its full name"
    )


def test_a_full_name_settles_what_a_short_one_leaves_open():
    names = CouncilNames.from_catalogue(BERKSHIRE)
    assert names.find("Durham County Council").value == "county-durham"
    assert names.find("Durham City").value == "durham-city"


def test_councils_with_the_same_name_are_told_apart_by_official_name():
    found = CouncilNames.from_catalogue(BERKSHIRE).find("Newport")
    assert found.suggestions == ("Newport City Council", "Newport Town Council")
    assert CouncilNames.from_catalogue(BERKSHIRE).find("Newport City Council").value == "newport"


def test_an_unknown_council_with_nothing_close_says_what_to_do(councils):
    found = councils.find("Xyzzy")
    assert found.value is None and found.suggestions == ()
    assert found.problem.startswith("we could not find a council called 'Xyzzy'; check the spelling")


def test_an_empty_answer_asks_for_a_name(councils):
    assert councils.find("  \n").problem == "write the council's name"


# --- projects ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "Bin collection reminders",
        "bin collection reminders!",
        "bin-collection-reminders",
        "https://example.org/projects/bin-collection-reminders/",
        "https://example.org/pipeline/projects/bin-collection-reminders.html",
        "projects/bin-collection-reminders",
        "https://github.com/localgovdigital/pipeline/edit/main/content/projects/bin-collection-reminders.md",
        "https://github.com/localgovdigital/pipeline/blob/main/content/projects/bin-collection-reminders.md",
    ],
)
def test_a_project_is_found_by_title_id_or_address(projects, answer):
    assert projects.find(answer).value == "bin-collection-reminders"


def test_a_misspelt_project_title_suggests_the_title(projects):
    found = projects.find("Gritter traker")
    assert found.value is None
    assert found.problem == "we could not find 'Gritter traker'; did you mean Winter gritter tracker?"


def test_an_address_of_an_unknown_project_suggests_close_titles(projects):
    found = projects.find("https://example.org/projects/bin-collection-reminder/")
    assert found.suggestions[0] == "Bin collection reminders"


def test_a_council_address_is_not_a_project(projects):
    assert projects.find("https://example.org/councils/reading/").value is None


def test_projects_with_the_same_title_are_told_apart_by_their_lead_council():
    catalogue = catalogue_of(
        council("reading", "Reading", "E06000038"),
        council("wokingham", "Wokingham", "E06000041"),
        project("bin-app", "Bin app", "reading"),
        project("bin-app-wokingham", "Bin app", "wokingham"),
    )
    found = ProjectNames.from_catalogue(catalogue).find("bin app")
    assert found.suggestions == ("Bin app (led by Reading)", "Bin app (led by Wokingham)")
    assert found.problem.endswith("paste the address of the project's page instead")
    assert ProjectNames.from_catalogue(catalogue).find("bin-app-wokingham").value == "bin-app-wokingham"


def test_a_large_catalogue_finds_exact_names_without_comparing_spellings(monkeypatch):
    leads = [council("reading", "Reading", "E06000038")]
    many = [project(f"project-{n}", f"Project number {n}", "reading") for n in range(10_000)]
    names = ProjectNames.from_catalogue(catalogue_of(*leads, *many))

    def no_spelling(*args, **kwargs):
        raise AssertionError("compared spellings for an answer that matches exactly")

    monkeypatch.setattr(interpret.difflib, "get_close_matches", no_spelling)
    assert names.find("Project Number 9999").value == "project-9999"
    assert names.find("projects/project-42").value == "project-42"


def test_a_large_catalogue_still_suggests_on_a_miss():
    leads = [council("reading", "Reading", "E06000038")]
    many = [project(f"project-{n}", f"Project number {n}", "reading") for n in range(10_000)]
    names = ProjectNames.from_catalogue(catalogue_of(*leads, *many))
    assert names.find("Projct number 1234").suggestions[0] == "Project number 1234"


_NAME = st.text(alphabet=string.ascii_letters + " &'-.", min_size=1, max_size=30).filter(slugify)


@given(st.lists(_NAME, min_size=1, max_size=8, unique_by=slugify), st.data())
def test_a_council_is_always_found_by_its_own_name_id_or_code(names, data):
    officials = [f"{name} Borough Council" for name in names]
    assume(len({slugify(text) for text in names + officials}) == 2 * len(names))
    entries = [
        council(slugify(name), name, f"E{number:08d}", official)
        for number, (name, official) in enumerate(zip(names, officials, strict=True))
    ]
    index = CouncilNames.from_catalogue(catalogue_of(*entries))
    entry = data.draw(st.sampled_from(entries))
    for answer in (entry.name, entry.data["official_name"], entry.id, entry.data["gss_code"]):
        assert index.find(answer).value == entry.id


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "25/03/2026",
        "25-3-2026",
        "25.03.2026",
        "25 / 03 / 2026",
        "25–03–2026",
        "25 March 2026",
        "25th March 2026",
        "25th of March, 2026",
        "March 25 2026",
        "March 25th, 2026",
        "25 Mar 2026",
        "25-Mar-2026",
        "Wednesday 25 March 2026",
        "Wed, 25 March 2026",
        "25 Mawrth 2026",
        "2026-03-25",
        "2026/3/25",
        "  25 MARCH 2026\n",
    ],
)
def test_uk_dates_read_as_iso(answer):
    assert read_date(answer) == Reading("2026-03-25")


@pytest.mark.parametrize(
    "answer, problem",
    [
        (
            "25/03/26",
            "we could not tell the year from '25/03/26'; write it with four digits, like 25/03/2026",
        ),
        (
            "25 March 26",
            "we could not tell the year from '25 March 26'; write it with four digits, like 25 March 2026",
        ),
        (
            "25/03/202",
            "we could not tell the year from '25/03/202'; write it with four digits, like 25/03/2026",
        ),
        (
            "March 2026",
            "we could not tell the day from 'March 2026'; write the whole date, like 25 March 2026",
        ),
        ("25 March", "we could not tell the year from '25 March'; write the whole date, like 25 March 2026"),
        (
            "25/03",
            "we could not tell the whole date from '25/03'; write the day, month and year, like 25/03/2026",
        ),
        ("31/02/2026", "'31/02/2026' is not a real date: February 2026 has 28 days; check the day"),
        ("29/02/2027", "'29/02/2027' is not a real date: February 2027 has 28 days; check the day"),
        ("0/03/2026", "'0/03/2026' is not a real date: March 2026 has 31 days; check the day"),
        (
            "03/25/2026",
            "there is no month 25 in '03/25/2026'; write the day first, then the month, like 25/03/2026",
        ),
        (
            "Tuesday 25 March 2026",
            "'Tuesday 25 March 2026' does not add up: 25 March 2026 is a Wednesday; check the date",
        ),
        ("next Tuesday", "we could not read 'next Tuesday' as a date; write it like 25/03/2026"),
        (
            "25/03/2026 at 10:00",
            "we could not read '25/03/2026 at 10:00' as a date; write it like 25/03/2026",
        ),
        ("20260325", "we could not read '20260325' as a date; write it like 25/03/2026"),
        ("", "write a date, like 25/03/2026"),
    ],
)
def test_dates_that_cannot_be_read_for_sure_are_asked_about_not_guessed(answer, problem):
    assert read_date(answer) == Reading(None, problem)


def test_a_leap_day_is_a_real_date():
    assert read_date("29/02/2028").value == "2028-02-29"


def test_a_long_answer_is_shortened_in_the_message():
    problem = read_date("not a date " * 50).problem
    assert len(problem) < 200 and "…'" in problem


def _uk_forms(day: date) -> list[str]:
    return [
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day}-{day.month}-{day.year}",
        f"{day:%d.%m.%Y}",
        long_date(day),
        weekday_date(day),
        f"{day.day}th of {day:%B} {day.year}",
        f"{day:%B} {day.day}, {day.year}",
        f"{day.day} {day:%b} {day.year}",
        day.isoformat(),
    ]


@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_date_in_every_uk_form_reads_back_to_itself(day):
    for written in _uk_forms(day):
        assert read_date(written) == Reading(day.isoformat()), written


@given(st.text())
def test_read_date_never_raises(text):
    found = read_date(text)
    assert (found.value is None) != (found.problem is None)


@given(st.from_regex(r"[0-9]{1,6}[/. -][0-9]{1,6}[/. -][0-9]{1,6}", fullmatch=True))
def test_any_number_triple_is_read_or_asked_about(text):
    found = read_date(text)
    if found.value:
        assert date.fromisoformat(found.value)


# --- web addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("https://www.example.gov.uk/x", "https://www.example.gov.uk/x"),
        ("www.example.gov.uk/x", "https://www.example.gov.uk/x"),
        ("example.gov.uk", "https://example.gov.uk"),
        ("HTTPS://WWW.Example.gov.uk/Path", "https://www.example.gov.uk/Path"),
        ("example.gov.uk?page=2", "https://example.gov.uk/?page=2"),
        ("example.gov.uk:8443/x", "https://example.gov.uk:8443/x"),
        ("//example.gov.uk/x", "https://example.gov.uk/x"),
        ("<https://example.gov.uk/x>", "https://example.gov.uk/x"),
        ("https://example.gov.uk/x.", "https://example.gov.uk/x"),
    ],
)
def test_web_addresses_are_completed(answer, expected):
    assert read_web_address(answer) == Reading(expected)


def test_http_is_upgraded_because_the_schema_only_takes_https():
    assert HTTPS_ONLY
    assert read_web_address("http://example.gov.uk/a?b=1").value == "https://example.gov.uk/a?b=1"


@pytest.mark.parametrize(
    "answer, reason",
    [
        ("javascript:alert(1)", "is not the address of a web page"),
        ("JavaScript:alert(1)", "is not the address of a web page"),
        ("mailto:digital@example.gov.uk", "is not the address of a web page"),
        ("data:text/html,hello", "is not the address of a web page"),
        ("www.example.gov.uk/my page", "cannot have spaces"),
        ("intranet/bins", "needs a full stop"),
        ("localhost:8080", "needs a full stop"),
        ("digital@example.gov.uk", "looks like an email address"),
        ("https://example.gov.uk/" + "a" * 500, "longer than 500 characters"),
        ("https://exämple.gov.uk", "could not read"),
        ("", "write a web address"),
    ],
)
def test_things_that_are_not_web_addresses_are_refused_with_the_reason(answer, reason):
    found = read_web_address(answer)
    assert found.value is None and reason in found.problem


@given(st.text())
def test_read_web_address_never_raises_and_gives_only_valid_addresses(text):
    found = read_web_address(text)
    assert found.value is None or URL_PATTERN.search(found.value)


# --- tags and lists ------------------------------------------------------------------------------


def test_free_text_becomes_tags():
    assert read_tags("Roads & Pavements, waste; Bins") == ["roads-and-pavements", "waste", "bins"]


def test_tags_are_deduplicated_in_order_and_bullets_dropped():
    assert read_tags("- Bins\n• waste\n1. bins\nWaste, “Open Source”") == ["bins", "waste", "open-source"]


def test_a_long_tag_is_cut_at_a_word_break_the_schema_allows():
    (tag,) = read_tags("a" * 39 + " b c")
    assert len(tag) <= MAX_TAG_LENGTH and TAG_PATTERN.search(tag)


@given(st.text())
def test_tags_always_match_the_schema(text):
    tags = read_tags(text)
    assert len(tags) == len(set(tags))
    for tag in tags:
        assert TAG_PATTERN.search(tag) and len(tag) <= MAX_TAG_LENGTH


def test_list_answers_lose_their_bullets():
    answer = "- Reading\n* Wokingham\n• Surrey\n1. Kent\n2) Hampshire\n– Cornwall\n\n"
    assert read_list(answer) == ["Reading", "Wokingham", "Surrey", "Kent", "Hampshire", "Cornwall"]


def test_list_answers_can_keep_commas():
    assert read_list("- Bins, recycling and waste\n- Roads", commas=False) == [
        "Bins, recycling and waste",
        "Roads",
    ]


# --- pasted text ---------------------------------------------------------------------------------


def test_pasted_text_is_made_plain_where_it_would_break_things():
    pasted = "\ufeffWe’re “testing”\u00a0it\u200b.\r\n\r\n\r\n\r\n• first\r\n– second\r\nRuns 2025–2026 — so far   \n\n"
    assert clean_pasted(pasted) == 'We\'re "testing" it.\n\n- first\n- second\nRuns 2025-2026 — so far'


def test_markdown_lists_and_single_blank_lines_are_kept():
    text = "Intro\n\n- one\n- two\n\n1. first"
    assert clean_pasted(text) == text


@given(st.text())
def test_cleaning_pasted_text_twice_changes_nothing_more(text):
    once = clean_pasted(text)
    assert clean_pasted(once) == once
    assert "\r" not in once and "\n\n\n" not in once and once == once.strip()
    assert not set("‘’“”\u200b\ufeff\u00a0") & set(once)
