"""A small valid catalogue on disk and a fixed "today", for tests to build on.

    from catalogue_fixtures import project_data

    def test_something(make_catalogue, tmp_path):
        content = make_catalogue(tmp_path, files={"projects/new-idea.md": project_data(phase="beta")})

`files` maps paths inside the content folder to str (written as UTF-8, line endings kept), bytes
(written as they are), a dict (written as front matter with writer.entry_text) or None (leave that
base file out). Pass base=False for an empty catalogue. The fixtures that use these (make_catalogue,
catalogue_dir, run_pipeline) are in conftest.py.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from pipeline.writer import entry_text

TODAY = date(2026, 11, 26)
TODAY_OPTION = f"--today={TODAY.isoformat()}"

COUNCIL = {
    "name": "West Berkshire",
    "official_name": "West Berkshire Council",
    "gss_code": "E06000037",
    "type": "unitary",
    "nation": "england",
    "region": "South East",
    "website": "https://www.westberks.gov.uk",
}
PROJECT = {
    "title": "Bin collection app",
    "summary": "Residents check their bin days and get a reminder the evening before.",
    "lead_council": "west-berkshire",
    "phase": "alpha",
    "last_reviewed": "2026-10-01",
    "contacts": [{"role": "Digital team", "email": "digital@example.gov.uk"}],
}
MAKERDAY = {
    "title": "Newbury Maker Day",
    "starts": "2027-01-20 09:30",
    "ends": "2027-01-20 17:00",
    "status": "scheduled",
    "format": "in-person",
    "venue": {"name": "Council offices", "town": "Newbury", "postcode": "RG14 5LD"},
    "host_council": "west-berkshire",
}

BASE_FILES = {
    "councils/west-berkshire.md": """\
---
name: West Berkshire
official_name: West Berkshire Council
gss_code: E06000037
type: unitary
nation: england
region: South East
website: https://www.westberks.gov.uk
---
The unitary council for Newbury, Thatcham and the villages around them.
""",
    "councils/gwynedd.md": """\
---
name: Gwynedd
official_name: Cyngor Gwynedd
gss_code: W06000002
type: welsh-unitary
nation: wales
website: https://www.gwynedd.llyw.cymru
---
Cyngor Gwynedd serves the north-west of Wales.
""",
    "councils/belfast.md": """\
---
name: Belfast
official_name: Belfast City Council
gss_code: N09000003
type: ni-district
nation: northern-ireland
website: https://www.belfastcity.gov.uk
---
""",
    "projects/bin-collection-app.md": """\
---
title: Bin collection app
summary: Residents check their bin days and get a reminder the evening before.
lead_council: west-berkshire
partner_councils:
  - gwynedd
phase: alpha
looking_for:
  - partners
service_areas:
  - waste-and-recycling
last_reviewed: 2026-10-01
contacts:
  - role: Digital team
    email: digital@example.gov.uk
pledges:
  - council: belfast
    kind: funding
    amount_gbp: 5000
updates:
  - date: 2026-09-15
    text: The alpha is open to residents of Newbury.
---
## The problem

Residents miss collections when bin days change.
""",
    "makerdays/maker-day-newbury.md": """\
---
title: Newbury Maker Day
starts: 2027-01-20 09:30
ends: 2027-01-20 17:00
status: scheduled
format: in-person
venue:
  name: Council offices
  town: Newbury
  postcode: RG14 5LD
host_council: west-berkshire
challenges:
  - project: bin-collection-app
    brief: Test the reminder messages with residents.
---
A day of prototyping with residents.
""",
}


def council_data(**changes) -> dict:
    """A valid council's front matter (West Berkshire's), with some fields changed."""
    return {**copy.deepcopy(COUNCIL), **changes}


def project_data(**changes) -> dict:
    """A valid project's front matter, led by west-berkshire, with some fields changed."""
    return {**copy.deepcopy(PROJECT), **changes}


def makerday_data(**changes) -> dict:
    """A valid upcoming maker day's front matter, hosted by west-berkshire, with some fields changed."""
    return {**copy.deepcopy(MAKERDAY), **changes}


def write_file(path: Path, content) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, dict):
        path.write_text(entry_text(content, "Body text."), encoding="utf-8", newline="")
    else:
        path.write_text(content, encoding="utf-8", newline="")


def write_catalogue(root: Path, files: dict | None = None, base: bool = True) -> Path:
    """Write a catalogue into root/content and return that content folder."""
    content = Path(root) / "content"
    for folder in ("councils", "projects", "makerdays"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    wanted = {**(BASE_FILES if base else {}), **(files or {})}
    for name, text in wanted.items():
        if text is not None:
            write_file(content / name, text)
    return content
