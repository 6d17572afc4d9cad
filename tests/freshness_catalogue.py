"""A small catalogue for the freshness tests: the base catalogue of catalogue_fixtures.py plus Reading,
whose one project ("parking-permits") the tests move across each freshness boundary."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from catalogue_fixtures import TODAY, council_data, project_data

from pipeline.freshness import Policy

REPO = Path(__file__).resolve().parent.parent
SETTINGS = REPO / "pelicanconf.py"
POLICY = Policy()
MOVING = "parking-permits"
EDIT_URL = "https://github.com/localgovdigital/pipeline/edit/main/content/projects/parking-permits.md"
CONFIRM_URL = (
    "https://github.com/localgovdigital/pipeline/issues/new?template=confirm-project.yml"
    "&project=parking-permits&title=Confirm%20project%3A%20Resident%20parking%20permits"
)

READING = council_data(
    name="Reading",
    official_name="Reading Borough Council",
    gss_code="E06000038",
    maintainers=["reading-council/digital", "@reading-web"],
)


def reviewed_days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


# (last_reviewed, phase, state) on either side of each boundary of the default policy.
LAST_FRESH_DAY = reviewed_days_ago(POLICY.review_age_days - POLICY.warning_days - 1)
FIRST_DUE_DAY = reviewed_days_ago(POLICY.review_age_days - POLICY.warning_days)
LAST_DUE_DAY = reviewed_days_ago(POLICY.review_age_days - 1)
FIRST_STALE_DAY = reviewed_days_ago(POLICY.review_age_days)
BOUNDARIES = [
    pytest.param(LAST_FRESH_DAY, "beta", "fresh", id="last-fresh-day"),
    pytest.param(FIRST_DUE_DAY, "beta", "due", id="first-due-day"),
    pytest.param(LAST_DUE_DAY, "beta", "due", id="last-due-day"),
    pytest.param(FIRST_STALE_DAY, "beta", "stale", id="first-stale-day"),
    pytest.param(FIRST_STALE_DAY, "retired", "archived", id="retired"),
]


CONTACTS = [
    {"role": "Parking team", "email": "parking@reading.example.org"},
    {"role": "Developers", "github": "parking-devs"},
]


def moving_project(last_reviewed: str, phase: str = "beta", **changes) -> dict:
    return project_data(
        title="Resident parking permits",
        lead_council="reading",
        partner_councils=["west-berkshire"],
        phase=phase,
        last_reviewed=last_reviewed,
        contacts=CONTACTS,
        **changes,
    )


def stale_record(last_reviewed: str, review_due: str, days_overdue: int, **changes) -> dict:
    """Reading's project as `pipeline stale --format json` lists it when stale (what a reminder reads)."""
    return {
        "id": MOVING,
        "title": "Resident parking permits",
        "url": f"/projects/{MOVING}/",
        "state": "stale",
        "last_reviewed": last_reviewed,
        "review_due": review_due,
        "days_overdue": days_overdue,
        "lead_council": "reading",
        "label": "Not confirmed recently",
        "lead_council_name": "Reading",
        "maintainers": ["reading-council/digital", "@reading-web"],
        "contacts": CONTACTS,
        "edit_url": EDIT_URL,
        "confirm_url": CONFIRM_URL,
        **changes,
    }


def freshness_files(last_reviewed: str, phase: str = "beta", **changes) -> dict:
    """Files to add to the base catalogue: Reading and its project, reviewed on last_reviewed."""
    return {
        "councils/reading.md": READING,
        f"projects/{MOVING}.md": moving_project(last_reviewed, phase, **changes),
    }
