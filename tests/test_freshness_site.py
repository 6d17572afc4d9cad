"""Freshness on the built site: every page that shows the moving project, freshness.json, the review page
and the pre-rendered freshness filters; and a rebuild on a later day, with Pelican's cache on."""

from __future__ import annotations

import json
from datetime import timedelta
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
    notice = project_page.select_one("main .notice")
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

    link = page(output, "councils/west-berkshire/index.html").select_one(
        f'#collaborators + ul a[href*="{MOVING}"]'
    )
    shared = link.find_parent(attrs={"data-freshness": True})
    assert (shared["data-freshness"], shared.select_one(".badge").get_text(strip=True)) == (expected, label)

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
        assert review_card.select_one(f'a[href="{EDIT_URL}"]')
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
