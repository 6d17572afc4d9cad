"""Freshness on the built site: every page that shows the moving project, freshness.json, the review page
and the pre-rendered freshness filters; and a rebuild on a later day, with Pelican's cache on."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from catalogue_fixtures import TODAY, project_data
from freshness_catalogue import BOUNDARIES, EDIT_URL, MOVING, SETTINGS, freshness_files, reviewed_days_ago

from pipeline.freshness import LABELS, STATES
from pipeline.site.build import build_site

PROJECT_PAGE = f"projects/{MOVING}/index.html"


def page(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


def holder(soup: BeautifulSoup):
    """The element that holds the moving project in a listing: the nearest with data-freshness."""
    link = soup.select_one(f'main a[href="/projects/{MOVING}/"]')
    return link.find_parent(attrs={"data-freshness": True}) if link else None


def freshness_of(output: Path) -> dict:
    report = json.loads((output / "data/freshness.json").read_text(encoding="utf-8"))
    return {project["id"]: project for project in report["projects"]}


def build(content: Path, output: Path, today=TODAY, settings: Path = SETTINGS) -> Path:
    return build_site(settings, content, output, today, search=False)


@pytest.mark.parametrize(("last_reviewed", "phase", "expected"), BOUNDARIES)
def test_every_page_that_shows_the_project_shows_its_state(
    make_catalogue, tmp_path, last_reviewed, phase, expected
):
    content = make_catalogue(tmp_path, files=freshness_files(last_reviewed, phase))
    output = build(content, tmp_path / "output")
    label = LABELS[expected]

    project_page = page(output, PROJECT_PAGE)
    assert project_page.select_one("main")["data-freshness"] == expected
    assert project_page.select_one(f"main .badge--{expected}").get_text(strip=True) == label
    notice = project_page.select_one("main .notice--review")
    if expected in ("stale", "due"):
        assert "last confirmed on" in notice.get_text(" ", strip=True)
        assert notice.select_one(f'a[href="{EDIT_URL}"]')
    else:
        assert notice is None

    for path in ("projects/index.html", "councils/reading/index.html", "councils/west-berkshire/index.html"):
        card = holder(page(output, path))
        assert card is not None, path
        assert (card["data-freshness"], card.select_one(".badge").get_text(strip=True)) == (
            expected,
            label,
        ), path

    for state in STATES:
        listed = holder(page(output, f"projects/freshness/{state}/index.html")) is not None
        assert listed == (state == expected), state

    record = freshness_of(output)[MOVING]
    assert (record["state"], record["last_reviewed"], record["lead_council"]) == (
        expected,
        last_reviewed,
        "reading",
    )

    review_card = holder(page(output, "review/index.html"))
    if expected in ("stale", "due"):
        assert review_card["data-freshness"] == expected
        confirm = "https://github.com/localgovdigital/pipeline/issues/new?template=confirm-project.yml"
        assert review_card.select_one(f'a[href^="{confirm}&project={MOVING}&"]')
        assert "parking@reading.example.org" in review_card.get_text()
    else:
        assert review_card is None


def test_the_review_page_names_councils_with_nothing_fresh_and_challenge_candidates(make_catalogue, tmp_path):
    files = freshness_files(reviewed_days_ago(200))
    files["projects/bin-collection-app.md"] = project_data(
        partner_councils=["gwynedd"], last_reviewed=reviewed_days_ago(5), looking_for=["maker-day-challenge"]
    )
    output = build(make_catalogue(tmp_path, files=files), tmp_path / "output")
    review = page(output, "review/index.html")
    councils = review.select("#councils-without-fresh li")
    assert [council.get_text(strip=True) for council in councils] == ["Reading: 1 not confirmed recently"]
    challenge = review.select_one("#maker-days").find_next("ul")
    assert "Newbury Maker Day" in challenge.get_text()
    assert challenge.select_one('[data-freshness="fresh"] a[href="/projects/bin-collection-app/"]')
    candidates = review.select_one("#looking-for-challenge").find_next("ul")
    assert "Already a challenge at Newbury Maker Day" in candidates.get_text(" ", strip=True)


def cached_settings(tmp_path: Path) -> Path:
    """The site's settings with Pelican's content cache on, kept in tmp_path/cache."""
    settings = tmp_path / "cachedconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(SETTINGS.parent)!r})\nfrom pelicanconf import *\n"
        f"THEME = {str(SETTINGS.parent / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(SETTINGS.parent / 'plugins')!r}]\n"
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n"
        "CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n",
        encoding="utf-8",
    )
    return settings


def test_a_cached_rebuild_on_a_later_day_shows_the_new_state(make_catalogue, tmp_path):
    content = make_catalogue(tmp_path, files=freshness_files(reviewed_days_ago(100)))
    settings, output = cached_settings(tmp_path), tmp_path / "output"
    build(content, output, TODAY, settings)
    assert page(output, PROJECT_PAGE).select_one("main")["data-freshness"] == "fresh"
    assert (tmp_path / "cache").is_dir()

    later = TODAY + timedelta(days=100)
    build(content, output, later, settings)
    assert page(output, PROJECT_PAGE).select_one("main")["data-freshness"] == "stale"
    assert holder(page(output, "projects/index.html"))["data-freshness"] == "stale"
    assert freshness_of(output)[MOVING]["days_overdue"] == 20
    assert holder(page(output, "review/index.html"))["data-freshness"] == "stale"


UNANSWERED_FROM = TODAY - timedelta(days=180 + 90)  # the default review age and unanswered period


@pytest.mark.parametrize(
    ("today", "flagged"),
    [
        pytest.param(TODAY - timedelta(days=1), False, id="the-day-before-each-boundary"),
        pytest.param(TODAY, True, id="unanswered-orphaned-and-ended"),
    ],
)
def test_the_review_page_lists_unanswered_orphaned_and_ended_projects(
    make_catalogue, tmp_path, today, flagged
):
    files = freshness_files(UNANSWERED_FROM.isoformat(), ends=(TODAY - timedelta(days=1)).isoformat())
    files[f"projects/{MOVING}.md"]["contacts"] = [
        {
            "role": "Parking team",
            "email": "parking@reading.example.org",
            "until": (today - timedelta(days=1)).isoformat(),
        }
        if flagged
        else {"role": "Parking team", "email": "parking@reading.example.org", "until": today.isoformat()}
    ]
    output = build(make_catalogue(tmp_path, files=files), tmp_path / "output", today)
    review = page(output, "review/index.html")

    waiting = holder(review)
    overdue = waiting.select_one(".overdue").get_text(" ", strip=True)
    assert overdue.startswith(
        "Confirmation overdue by 3 months" if flagged else "Confirmation overdue by 2 months"
    )
    assert ("Nobody left to answer" in waiting.get_text()) == flagged

    sections = {
        "unanswered-projects": "unanswered",
        "orphaned-projects": "orphaned",
        "ended-projects": "ended",
    }
    for list_id, heading in sections.items():
        listed = review.select(f"#{list_id} > li")
        assert [li.select_one("a").get_text() for li in listed] == (
            ["Resident parking permits"] if flagged else []
        ), heading
        stat = review.select_one(f'.stats a[href="#{heading}"] strong').get_text()
        assert stat == ("1" if flagged else "0"), heading
    if flagged:
        unanswered = review.select_one("#unanswered-projects > li").get_text(" ", strip=True)
        assert f"pipeline retire {MOVING}" in unanswered
        assert "Confirmation overdue by 3 months" in unanswered
        assert "Was due to end on 25 November 2026 but is still in beta" in review.select_one(
            "#ended-projects"
        ).get_text(" ", strip=True)
        assert "@reading-web" in review.select_one("#orphaned-projects").get_text()
    else:
        assert "No project has gone unanswered that long." in review.get_text()

    counts = [li.get_text(" ", strip=True) for li in review.select("#state-counts li")]
    assert counts == [
        "Up to date : 1 project",
        "Review due soon : 0 projects",
        "Not confirmed recently : 1 project",
        "Archived : 0 projects",
    ]


def test_the_review_page_shows_the_weeks_changes_and_maker_days_at_risk(make_catalogue, tmp_path):
    review_due = date(2027, 1, 20)  # the day of the Newbury Maker Day, which takes bin-collection-app
    files = {
        "projects/bin-collection-app.md": project_data(
            last_reviewed=(review_due - timedelta(days=180)).isoformat(),
            updates=[{"date": (TODAY - timedelta(days=6)).isoformat(), "text": "Beta opened."}],
        )
    }
    output = build(make_catalogue(tmp_path, files=files), tmp_path / "output")
    review = page(output, "review/index.html")
    heading = review.select_one("#changed").get_text(" ", strip=True)
    assert heading == "What changed from 20 November 2026 to 26 November 2026"
    assert (
        review.select_one("#changed-news").get_text(" ", strip=True)
        == "Bin collection app , 20 November 2026"
    )
    assert review.select_one("#changed-confirmed") is None
    challenge = review.select_one('#maker-days + p + ul [data-freshness="fresh"]').get_text(" ", strip=True)
    assert "Will need confirming before the day: its review falls due on 20 January 2027 ." in challenge
