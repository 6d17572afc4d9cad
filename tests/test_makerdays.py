"""Maker day timing, places, sponsors, outputs, the shortlist ranking and the maker day rules."""

import json
import runpy
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from makerday_catalogue import MAKERDAYS, TODAY, catalogue_files, load_sample, makerday

from pipeline import freshness, makerdays
from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.model import MakerDay
from pipeline.site.parts import json_for_script


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory, make_catalogue):
    return load_sample(make_catalogue, tmp_path_factory.mktemp("catalogue"))


def entry(data: dict, entry_id: str = "a-day") -> MakerDay:
    clean = {key: value for key, value in data.items() if value is not None}
    return MakerDay(entry_id, f"content/makerdays/{entry_id}.md", Path(entry_id), clean)


def test_when_text_gives_the_weekday_and_uk_times():
    assert makerdays.when_text(entry(MAKERDAYS["winter-day"])) == "Wednesday 21 January 2026, 9:30am to 5pm"
    two_days = entry(makerday("Long", "2027-06-30 12:00", "2027-07-01T15:45+01:00"))
    assert makerdays.when_text(two_days) == "Wednesday 30 June 2027, midday to Thursday 1 July 2027, 3:45pm"


def test_an_offset_in_utc_is_shown_in_uk_summer_time():
    summer = entry(makerday("Summer", "2027-07-07T08:00Z", "2027-07-07T15:00Z"))
    assert makerdays.when_text(summer) == "Wednesday 7 July 2027, 9am to 4pm"


def test_place_text_for_each_format():
    assert (
        makerdays.place_text(entry(MAKERDAYS["winter-day"])) == "Town Hall, 1 High Street, Northtown, NT1 1AA"
    )
    assert makerdays.place_text(entry(MAKERDAYS["spring-day"])).endswith("NT1 1AA, and online")
    assert makerdays.place_text(entry(MAKERDAYS["online-day"])) == "Online"
    assert makerdays.venue_lines(entry(MAKERDAYS["online-day"])) == []


@pytest.mark.parametrize(
    ("changes", "today", "expected"),
    [
        ({}, date(2027, 4, 1), True),
        ({}, date(2027, 4, 14), True),
        ({}, date(2027, 4, 15), False),
        ({"status": "cancelled"}, date(2027, 4, 1), False),
        ({"status": "postponed"}, date(2027, 4, 1), False),
        ({"registration_url": None}, date(2027, 4, 1), False),
    ],
)
def test_registration_is_open_only_before_a_day_that_is_going_ahead(changes, today, expected):
    assert makerdays.registration_open(entry({**MAKERDAYS["spring-day"], **changes}), today) is expected


def test_sponsors_are_grouped_in_schema_tier_order(catalogue):
    groups = makerdays.sponsors_by_tier(catalogue.makerdays["spring-day"])
    assert [(tier, [s["name"] for s in sponsors]) for tier, _, sponsors in groups] == [
        ("partner", ["Kettle Labs"]),
        ("community", ["Small Studio"]),
    ]
    assert [label for _, label, _ in groups] == ["Partner", "Community"]


def test_outputs_are_grouped_by_challenge_then_the_day_as_a_whole():
    day = entry(
        {
            **MAKERDAYS["winter-day"],
            "challenges": [{"project": "b", "brief": "x"}, {"project": "a", "brief": "y"}],
            "outputs": [
                {"title": "general", "url": "https://e.org/1", "kind": "notes"},
                {"title": "for a", "url": "https://e.org/2", "kind": "code", "project": "a"},
                {"title": "open table", "url": "https://e.org/3", "kind": "code", "project": "c"},
                {"title": "for b", "url": "https://e.org/4", "kind": "code", "project": "b"},
            ],
        }
    )
    grouped = makerdays.outputs_by_challenge(day)
    assert [(project_id, [o["title"] for o in outputs]) for project_id, outputs in grouped] == [
        ("b", ["for b"]),
        ("a", ["for a"]),
        ("c", ["open table"]),
        (None, ["general"]),
    ]


def test_past_sponsors_lists_only_days_that_took_place(catalogue):
    sponsors = makerdays.past_sponsors(catalogue.makerdays.values(), TODAY)
    assert [(s.name, s.sme, [day.id for day, _ in s.supported]) for s in sponsors] == [
        ("Big Cloud", False, ["winter-day"]),
        ("Kettle Labs", True, ["winter-day"]),
    ]
    later = makerdays.past_sponsors(catalogue.makerdays.values(), date(2027, 5, 1))
    kettle = next(s for s in later if s.name == "Kettle Labs")
    assert [(day.id, tier) for day, tier in kettle.supported] == [
        ("winter-day", "headline"),
        ("spring-day", "partner"),
    ]


def tier_settings(tiers):
    return [
        {"tier": t, "price_gbp": 100, "sponsor_gives": "money", "sponsor_gets": ["thanks"]} for t in tiers
    ]


def test_sponsorship_tiers_follow_the_schema_order():
    tiers = makerdays.sponsorship_tiers(tier_settings(["community", "supporter", "partner", "headline"]))
    assert [tier.id for tier in tiers] == ["headline", "partner", "supporter", "community"]


@pytest.mark.parametrize(
    "tiers",
    [["headline", "partner", "supporter"], ["headline", "partner", "supporter", "community", "platinum"]],
)
def test_sponsorship_tiers_must_match_the_schema(tiers):
    with pytest.raises(ValueError, match="SPONSORSHIP_TIERS"):
        makerdays.sponsorship_tiers(tier_settings(tiers))


def test_the_shortlist_puts_projects_that_asked_and_waited_longest_first(catalogue):
    ranked = [
        (c.project.id, c.group, c.waited_days)
        for c in makerdays.shortlist(catalogue, TODAY, freshness.Policy())
    ]
    # repairs-tracker is booked for the spring day; old-portal is stale; retired-tool is archived;
    # quiet-service is not looking for anything.
    assert ranked == [
        ("library-finder", "asked", (TODAY - date(2025, 1, 6)).days),
        ("waste-app", "asked", (TODAY - date(2026, 1, 21)).days),
        ("parking-map", "open", (TODAY - date(2023, 5, 1)).days),
    ]


def test_a_project_that_was_a_challenge_before_ranks_below_one_that_never_was(catalogue):
    waste_app = next(
        c for c in makerdays.shortlist(catalogue, TODAY, freshness.Policy()) if c.project.id == "waste-app"
    )
    assert [day.id for day in waste_app.challenged_at] == ["winter-day"]
    assert waste_app.waiting_since == date(2026, 1, 21)


def test_the_shortlist_offers_a_booked_project_again_once_its_day_has_passed(catalogue):
    assert "repairs-tracker" not in [
        c.project.id for c in makerdays.shortlist(catalogue, TODAY, freshness.Policy())
    ]
    patient = freshness.Policy(review_age_days=1000)
    later = {c.project.id: c for c in makerdays.shortlist(catalogue, date(2027, 4, 20), patient)}
    assert [day.id for day in later["repairs-tracker"].challenged_at] == ["spring-day"]
    assert later["repairs-tracker"].waiting_since == date(2027, 4, 14)


@given(st.text())
def test_json_for_script_never_closes_the_script_element(text):
    written = json_for_script({"name": text})
    assert "<" not in written and ">" not in written
    assert json.loads(written) == {"name": text}


@pytest.fixture
def rule_problems(tmp_path, make_catalogue):
    """The problems of the catalogue with some maker days added or changed, judged on `today`."""

    def check(makerdays_changes: dict, today: date = TODAY):
        content = make_catalogue(tmp_path, files=catalogue_files(makerdays=makerdays_changes), base=False)
        return load_catalogue(content, today, Policy())[1]

    return check


def test_a_past_day_with_no_outputs_after_30_days_is_a_warning(rule_problems):
    quiet = makerday("Quiet day", "2026-10-01 09:30", "2026-10-27 17:00")
    ended = date(2026, 10, 27)
    assert rule_problems({"quiet-day": quiet}, ended + timedelta(days=29)) == []
    problems = rule_problems({"quiet-day": quiet}, ended + timedelta(days=30))
    assert [(p.path.rsplit("/", 1)[-1], p.severity, p.field) for p in problems] == [
        ("quiet-day.md", "warning", "ends")
    ]
    assert "record what was made" in problems[0].message


def test_cancelled_days_and_days_with_outputs_need_no_outputs_warning(rule_problems):
    cancelled = makerday("Off", "2026-01-01 09:30", "2026-01-01 17:00", status="cancelled")
    assert rule_problems({"cancelled-quiet": cancelled}) == []


def test_a_project_twice_on_one_day_is_an_error(rule_problems):
    twice = {
        **MAKERDAYS["spring-day"],
        "challenges": [{"project": "waste-app", "brief": "x"} for _ in range(2)],
    }
    problems = rule_problems({"spring-day": twice})
    assert [(p.severity, p.field) for p in problems] == [("error", "challenges[2].project")]


def test_an_unknown_challenge_or_output_project_is_an_error(rule_problems):
    wrong = {
        **MAKERDAYS["winter-day"],
        "challenges": [{"project": "waste-ap", "brief": "x"}],
        "outputs": [{"title": "t", "url": "https://e.org/x", "kind": "code", "project": "nowhere"}],
    }
    problems = rule_problems({"winter-day": wrong})
    assert {p.field for p in problems if p.severity == "error"} == {
        "challenges[1].project",
        "outputs[1].project",
    }
    assert 'did you mean "waste-app"' in next(p.message for p in problems if p.field.startswith("challenges"))


def test_a_sponsor_url_must_be_https(rule_problems):
    plain = {
        **MAKERDAYS["spring-day"],
        "sponsors": [{"name": "Plain", "url": "http://plain.example", "tier": "partner"}],
    }
    problems = rule_problems({"spring-day": plain})
    assert [p.field for p in problems] == ["sponsors[1].url"]


def test_the_sponsorship_settings_match_the_schema_and_the_community_tier_is_cheapest():
    settings = runpy.run_path(str(Path(__file__).resolve().parent.parent / "pelicanconf.py"))
    tiers = makerdays.sponsorship_tiers(settings["SPONSORSHIP_TIERS"])
    cheapest = min(tiers, key=lambda tier: tier.price_gbp)
    assert (cheapest.id, cheapest.for_smes) == ("community", True)
    assert "do not choose the challenges" in settings["SPONSORSHIP_RULE"]
    assert {"role", "email"} <= set(settings["COMMUNITY_MANAGER"])
