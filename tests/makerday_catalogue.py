"""A small catalogue on disk for the maker day tests: two councils, a few projects, maker days either side of
a British Summer Time change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.catalogue import Catalogue, load_catalogue
from pipeline.freshness import Policy

TODAY = date(2026, 11, 26)

COUNCILS = {
    "northtown": {
        "name": "Northtown",
        "gss_code": "E06000001",
        "type": "unitary",
        "nation": "england",
        "website": "https://northtown.example.org",
    },
    "southvale": {
        "name": "Southvale",
        "gss_code": "E06000002",
        "type": "unitary",
        "nation": "england",
        "website": "https://southvale.example.org",
    },
}


def project(title: str, lead: str, last_reviewed: str, looking_for=(), **extra) -> dict:
    data = {
        "title": title,
        "summary": f"{title}, for residents.",
        "lead_council": lead,
        "phase": "beta",
        "last_reviewed": last_reviewed,
        "contacts": [{"role": f"{title} team", "email": f"team@{lead}.example.org"}],
    }
    if looking_for:
        data["looking_for"] = list(looking_for)
    return {**data, **extra}


PROJECTS = {
    "waste-app": project(
        "Waste app", "northtown", "2026-11-01", ["maker-day-challenge"], started="2024-03-01"
    ),
    "repairs-tracker": project(
        "Repairs tracker", "southvale", "2026-11-10", ["maker-day-challenge", "partners"]
    ),
    "library-finder": project(
        "Library finder",
        "southvale",
        "2026-10-20",
        ["maker-day-challenge"],
        started="2025-01-06",
        born_at="winter-day",
    ),
    "parking-map": project("Parking map", "northtown", "2026-09-30", ["skills"], started="2023-05-01"),
    "old-portal": project("Old portal", "northtown", "2025-01-10", ["maker-day-challenge"]),
    "retired-tool": project("Retired tool", "southvale", "2026-11-01", ["partners"], phase="retired"),
    "quiet-service": project("Quiet service", "northtown", "2026-11-01"),
}

ORGANISER = {"role": "Maker day organisers", "email": "makerdays@northtown.example.org"}
VENUE = {"name": "Town Hall", "address": "1 High Street", "town": "Northtown", "postcode": "NT1 1AA"}


def makerday(title: str, starts: str, ends: str, host: str = "northtown", **extra) -> dict:
    data = {
        "title": title,
        "summary": f"{title}: a day of making.",
        "starts": starts,
        "ends": ends,
        "status": "scheduled",
        "format": "in-person",
        "venue": VENUE,
        "host_council": host,
        "organiser": ORGANISER,
    }
    return {**data, **extra}


MAKERDAYS = {
    "winter-day": makerday(
        "Winter maker day",
        "2026-01-21 09:30",
        "2026-01-21 17:00",
        registration_url="https://tickets.example.org/winter",
        challenges=[{"project": "waste-app", "brief": "Make bin day clearer."}],
        sponsors=[
            {"name": "Kettle Labs", "url": "https://kettle.example.com", "tier": "headline", "sme": "true"},
            {"name": "Big Cloud", "tier": "supporter", "sme": "false"},
        ],
        outputs=[
            {
                "title": "Bin day prototype",
                "url": "https://example.org/proto",
                "kind": "prototype",
                "project": "waste-app",
            },
            {"title": "Wall photos", "url": "https://example.org/photos", "kind": "photos"},
        ],
    ),
    "spring-day": makerday(
        "Spring maker day",
        "2027-04-14 09:30",
        "2027-04-14 17:00",
        host="southvale",
        format="hybrid",
        summary="Spring maker day </script><script>alert(1)</script> & friends",
        registration_url="https://tickets.example.org/spring",
        sponsors=[
            {"name": "Small Studio", "tier": "community", "sme": "true"},
            {"name": "Kettle Labs", "url": "https://kettle.example.com", "tier": "partner", "sme": "true"},
        ],
        challenges=[
            {"project": "repairs-tracker", "brief": "Describe a repair </script> in everyday words."}
        ],
    ),
    "online-day": makerday(
        "Online maker day",
        "2027-01-20 10:00",
        "2027-01-20 16:00",
        format="online",
        venue=None,
        registration_url="https://tickets.example.org/online",
    ),
    "cancelled-day": makerday(
        "Cancelled maker day", "2027-03-10 09:30", "2027-03-10 17:00", status="cancelled"
    ),
}


def catalogue_files(projects: dict | None = None, makerdays: dict | None = None) -> dict:
    """Files for conftest's make_catalogue(tmp_path, files=..., base=False); `projects` and `makerdays` add
    to or replace the entries above (None leaves one out)."""
    entries = {"councils": COUNCILS, "projects": {**PROJECTS, **(projects or {})}}
    entries["makerdays"] = {**MAKERDAYS, **(makerdays or {})}
    return {
        f"{folder}/{entry_id}.md": data and {key: value for key, value in data.items() if value is not None}
        for folder, found in entries.items()
        for entry_id, data in found.items()
    }


def load_sample(make_catalogue, folder: Path) -> Catalogue:
    """The catalogue above, written into `folder` with conftest's make_catalogue and loaded as of TODAY."""
    found, problems = load_catalogue(
        make_catalogue(folder, files=catalogue_files(), base=False), TODAY, Policy()
    )
    assert problems == []
    return found
