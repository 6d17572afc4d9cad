"""The maker day calendar feed and schema.org Event data, alone and in a built site."""

import json
import runpy
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup
from makerday_catalogue import MAKERDAYS, TODAY, catalogue_files, load_sample

from pipeline import freshness, makerdays
from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.site.build import build_site

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://pipeline.example.org"
STAMP = datetime(2026, 11, 26, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory, make_catalogue):
    return load_sample(make_catalogue, tmp_path_factory.mktemp("catalogue"))


def events(feed: bytes) -> dict[str, icalendar.Event]:
    return {str(event["uid"]): event for event in icalendar.Calendar.from_ical(feed).walk("VEVENT")}


def test_times_are_uk_times_either_side_of_british_summer_time(catalogue):
    found = events(makerdays.calendar(catalogue.makerdays.values(), SITE, "Maker days", STAMP))
    winter, spring = found["winter-day@pipeline.example.org"], found["spring-day@pipeline.example.org"]
    assert winter.decoded("dtstart").utcoffset() == timedelta(0)
    assert winter.decoded("dtstart").astimezone(UTC) == datetime(2026, 1, 21, 9, 30, tzinfo=UTC)
    assert spring.decoded("dtstart").utcoffset() == timedelta(hours=1)
    assert spring.decoded("dtstart").astimezone(UTC) == datetime(2027, 4, 14, 8, 30, tzinfo=UTC)
    assert spring.decoded("dtend").astimezone(UTC) == datetime(2027, 4, 14, 16, 0, tzinfo=UTC)
    assert spring["dtstart"].params["TZID"] == "Europe/London"


def test_the_feed_carries_a_europe_london_timezone(catalogue):
    feed = icalendar.Calendar.from_ical(makerdays.calendar(catalogue.makerdays.values(), SITE, "x", STAMP))
    assert [str(zone["tzid"]) for zone in feed.walk("VTIMEZONE")] == ["Europe/London"]
    assert feed.get_missing_tzids() == set()


def test_every_maker_day_is_an_event_and_cancelled_ones_say_so(catalogue):
    found = events(makerdays.calendar(catalogue.makerdays.values(), SITE, "x", STAMP))
    assert {uid: str(event["status"]) for uid, event in found.items()} == {
        "winter-day@pipeline.example.org": "CONFIRMED",
        "spring-day@pipeline.example.org": "CONFIRMED",
        "online-day@pipeline.example.org": "CONFIRMED",
        "cancelled-day@pipeline.example.org": "CANCELLED",
    }
    assert str(found["cancelled-day@pipeline.example.org"]["summary"]) == "Cancelled: Cancelled maker day"
    # A cancellation is a new version of the event: calendars that imported it earlier replace it.
    assert int(found["cancelled-day@pipeline.example.org"]["sequence"]) > int(
        found["winter-day@pipeline.example.org"]["sequence"]
    )


def test_events_have_location_url_and_description(catalogue):
    found = events(makerdays.calendar(catalogue.makerdays.values(), SITE, "x", STAMP))
    spring, online = found["spring-day@pipeline.example.org"], found["online-day@pipeline.example.org"]
    assert str(spring["location"]) == "Town Hall, 1 High Street, Northtown, NT1 1AA, and online"
    assert str(online["location"]) == "Online"
    assert str(spring["url"]) == f"{SITE}/makerdays/spring-day/"
    assert f"{SITE}/makerdays/spring-day/" in str(spring["description"])
    assert str(spring["organizer"]) == "mailto:makerdays@northtown.example.org"


def test_uids_stay_the_same_when_a_day_is_postponed_or_rebuilt(tmp_path, make_catalogue, catalogue):
    first = events(makerdays.calendar(catalogue.makerdays.values(), SITE, "x", STAMP))
    postponed = {**MAKERDAYS["spring-day"], "status": "postponed"}
    files = catalogue_files(makerdays={"spring-day": postponed})
    changed, _ = load_catalogue(make_catalogue(tmp_path, files=files, base=False), TODAY, Policy())
    later = events(makerdays.calendar(changed.makerdays.values(), SITE, "x", STAMP + timedelta(days=3)))
    assert set(first) == set(later)
    assert str(later["spring-day@pipeline.example.org"]["status"]) == "TENTATIVE"


def test_one_day_calendar(catalogue):
    found = events(makerdays.calendar([catalogue.makerdays["online-day"]], SITE, "x", STAMP))
    assert list(found) == ["online-day@pipeline.example.org"]
    assert makerdays.calendar_path(catalogue.makerdays["online-day"]) == "makerdays/online-day/online-day.ics"


@pytest.mark.parametrize(
    ("day_id", "status", "mode", "location_types"),
    [
        ("winter-day", "EventScheduled", "OfflineEventAttendanceMode", "Place"),
        ("spring-day", "EventScheduled", "MixedEventAttendanceMode", ["Place", "VirtualLocation"]),
        ("online-day", "EventScheduled", "OnlineEventAttendanceMode", "VirtualLocation"),
        ("cancelled-day", "EventCancelled", "OfflineEventAttendanceMode", "Place"),
    ],
)
def test_event_data(catalogue, day_id, status, mode, location_types):
    data = makerdays.event_data(catalogue.makerdays[day_id], catalogue, SITE)
    assert data["@type"] == "Event"
    assert data["eventStatus"] == f"https://schema.org/{status}"
    assert data["eventAttendanceMode"] == f"https://schema.org/{mode}"
    location = data["location"]
    types = [item["@type"] for item in location] if isinstance(location, list) else location["@type"]
    assert types == location_types
    assert datetime.fromisoformat(data["startDate"]).utcoffset() is not None


def test_event_data_names_the_host_place_and_organiser(catalogue):
    data = makerdays.event_data(catalogue.makerdays["winter-day"], catalogue, SITE)
    assert data["startDate"] == "2026-01-21T09:30:00+00:00"
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 High Street",
        "addressLocality": "Northtown",
        "postalCode": "NT1 1AA",
        "addressCountry": "GB",
    }
    assert data["organizer"]["name"] == "Northtown"
    assert data["organizer"]["url"] == f"{SITE}/councils/northtown/"
    assert data["organizer"]["contactPoint"]["email"] == "makerdays@northtown.example.org"
    assert [sponsor["name"] for sponsor in data["sponsor"]] == ["Kettle Labs", "Big Cloud"]
    postponed = makerdays.event_data(makerdays_with_status(catalogue, "postponed"), catalogue, SITE)
    assert postponed["eventStatus"] == "https://schema.org/EventPostponed"


def makerdays_with_status(catalogue, status):
    day = catalogue.makerdays["winter-day"]
    return type(day)(day.id, day.source, day.path, {**day.data, "status": status})


# The built site ----------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory, make_catalogue) -> Path:
    root = tmp_path_factory.mktemp("site")
    about = "---\ntitle: About Pipeline\n---\nWhat Pipeline is.\n"
    content = make_catalogue(root, files={**catalogue_files(), "pages/about.md": about}, base=False)
    return build_site(ROOT / "pelicanconf.py", content, root / "output", TODAY, search=False)


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url.lstrip("/")
    return BeautifulSoup(
        (path / "index.html" if url.endswith("/") else path).read_text(encoding="utf-8"), "html.parser"
    )


def section_links(soup: BeautifulSoup, heading_id: str, prefix: str) -> list[str]:
    """Links to `prefix`… between the heading with this id and the next heading of its level."""
    heading = soup.find(id=heading_id)
    links = []
    for element in heading.find_all_next():
        if element.name == heading.name:
            break
        if element.name == "a" and element["href"].startswith(prefix):
            links.append(element["href"])
    return links


def test_the_built_feed_has_uk_times_across_the_summer_time_change(site):
    found = events((site / "makerdays.ics").read_bytes())
    assert set(found) == {f"{day_id}@localhost" for day_id in MAKERDAYS}
    assert found["winter-day@localhost"].decoded("dtstart").utcoffset() == timedelta(0)
    assert found["spring-day@localhost"].decoded("dtstart").utcoffset() == timedelta(hours=1)
    assert str(found["cancelled-day@localhost"]["status"]) == "CANCELLED"


def test_a_maker_day_page_links_to_its_own_calendar_file_and_the_maker_days_page_to_the_feed(site):
    links = section_links(page(site, "/makerdays/spring-day/"), "calendar", "/")
    assert links == ["/makerdays/spring-day/spring-day.ics"]
    feed = section_links(page(site, "/makerdays/"), "calendar", "/")
    assert feed == ["/makerdays.ics"]
    for link in links + feed:
        assert (site / link.lstrip("/")).is_file()
    assert list(events((site / links[0].lstrip("/")).read_bytes())) == ["spring-day@localhost"]
    assert page(site, "/makerdays/cancelled-day/").find(id="calendar") is None


def test_what_was_made_names_each_project_with_its_freshness(site, catalogue):
    heading = page(site, "/makerdays/winter-day/").find(id="outputs").find_next("h3")
    state = freshness.state(catalogue.projects["waste-app"], TODAY, freshness.Policy())
    assert heading.find("a")["href"] == "/projects/waste-app/"
    assert heading["data-freshness"] == state
    assert heading.select_one(".badge").get_text(strip=True) == freshness.LABELS[state]


def test_the_json_ld_of_a_built_page_is_the_event_and_cannot_break_out(site):
    soup = page(site, "/makerdays/spring-day/")
    scripts = soup.find_all("script")
    assert all(script.get("src") or script.get("type") == "application/ld+json" for script in scripts)
    data_blocks = [script for script in scripts if script.get("type") == "application/ld+json"]
    assert len(data_blocks) == 1 and "</" not in data_blocks[0].string
    data = json.loads(data_blocks[0].string)
    assert data["description"] == MAKERDAYS["spring-day"]["summary"]
    assert data["startDate"] == "2027-04-14T09:30:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [location["@type"] for location in data["location"]] == ["Place", "VirtualLocation"]
    assert data["organizer"]["name"] == "Southvale"
    assert data["inLanguage"] == "en-GB"
    welsh = json.loads(
        page(site, "/cy/makerdays/spring-day/").find("script", type="application/ld+json").string
    )
    assert welsh["inLanguage"] == "cy" and welsh["url"].endswith("/cy/makerdays/spring-day/")
    assert not page(site, "/projects/waste-app/").find("script", type="application/ld+json")


def test_every_challenge_link_leads_to_its_project_and_back(site):
    followed = 0
    for day_id, data in MAKERDAYS.items():
        day_url = f"/makerdays/{day_id}/"
        links = section_links(page(site, day_url), "challenges", "/projects/")
        assert links == [f"/projects/{challenge['project']}/" for challenge in data.get("challenges", [])]
        for link in links:
            assert day_url in section_links(page(site, link), "maker-days", "/makerdays/"), link
            followed += 1
    assert followed == 2


def test_the_registration_link_shows_only_while_registration_is_open(site):
    assert page(site, "/makerdays/spring-day/").find("a", href="https://tickets.example.org/spring")
    assert not page(site, "/makerdays/winter-day/").find("a", href="https://tickets.example.org/winter")


def test_the_sponsorship_page_has_tiers_the_rule_and_past_sponsors(site):
    soup = page(site, "/sponsorship/")
    tiers = [heading.get_text(strip=True) for heading in soup.select("h3[id^=tier-]")]
    settings = makerdays.sponsorship_tiers(runpy.run_path(str(ROOT / "pelicanconf.py"))["SPONSORSHIP_TIERS"])
    assert tiers == [f"{tier.label}: £{tier.price_gbp:,} per maker day" for tier in settings]
    assert [tier.split(":")[0] for tier in tiers] == ["Headline", "Partner", "Supporter", "Community"]
    assert "do not choose the challenges" in soup.find(id="impartiality").find_next("p").get_text()
    past = soup.find(id="past-sponsors").find_next("ul").get_text(" ", strip=True)
    assert "Kettle Labs" in past and "Winter maker day (headline)" in past
    assert "Small Studio" not in past  # sponsors only the spring day, still to come
    assert soup.find(id="contact-community-manager")


def test_the_community_manager_is_on_the_about_and_review_pages(site):
    for url in ("/about/", "/review/"):
        contact = page(site, url).find(id="contact-community-manager")
        assert contact and contact.find_next("a", href="mailto:community@pipeline.example.org"), url


def test_a_council_page_lists_the_challenges_it_supplied(site):
    links = section_links(page(site, "/councils/northtown/"), "challenges-supplied", "/")
    assert links == ["/projects/waste-app/", "/makerdays/winter-day/"]
