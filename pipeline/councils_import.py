"""`pipeline councils import`: create council entries from a register of UK local authorities."""

from __future__ import annotations

import csv
from pathlib import Path

from . import schemas
from .catalogue import Catalogue
from .writer import create_entry_file, slugify

COUNCIL_TYPES = {
    "County": "county",
    "Non-metropolitan district": "district",
    "Unitary authority": "unitary",
    "Metropolitan district": "metropolitan-district",
    "London borough": "london-borough",
    "Welsh unitary authority": "welsh-unitary",
    "Scottish unitary authority": "scottish-council",
    "NI district": "ni-district",
    "Combined authority": "combined-authority",
}
# The register names nations as the schema labels them ("Northern Ireland" -> "northern-ireland").
NATIONS = {label: value for value, label in schemas.labels("council", ("nation",)).items()}
REQUIRED_COLUMNS = {
    "nice-name",
    "official-name",
    "gss-code",
    "local-authority-type-name",
    "nation",
    "current-authority",
}


class RegisterError(Exception):
    """The register cannot be read, or lacks a column the entries need."""


def cell(row: dict[str, str | None], column: str) -> str:
    """A cell's text; a row shorter than the header has None for its missing cells."""
    return (row.get(column) or "").strip()


def council_entry(row: dict[str, str | None]) -> tuple[str, dict[str, str], str]:
    """(id, front matter, body) for one row of the register."""
    data = {
        "name": cell(row, "nice-name"),
        "official_name": cell(row, "official-name"),
        "gss_code": cell(row, "gss-code"),
        "type": COUNCIL_TYPES.get(cell(row, "local-authority-type-name"), "other"),
        "nation": NATIONS[cell(row, "nation")],
    }
    region = cell(row, "region")
    if data["nation"] == "england" and region:
        data["region"] = region
    slug = cell(row, "gov-uk-slug") or slugify(data["name"])
    data["website"] = f"https://www.gov.uk/find-local-council/{slug}"
    body = (
        f"{data['official_name']}. The website link goes to the council's page on GOV.UK; "
        "replace it with the council's own website."
    )
    return slugify(data["name"]), data, body


def read_register(path: Path) -> list[dict[str, str | None]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = REQUIRED_COLUMNS - set(reader.fieldnames or ())
            if missing:
                raise RegisterError(f"{path} has no column {', '.join(sorted(missing))}")
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise RegisterError(f"{path} cannot be read as a CSV file ({error})") from None


def add_councils(rows: list[dict[str, str | None]], content: Path, catalogue: Catalogue) -> tuple[int, int]:
    """Write an entry for each current council of the register not yet in the catalogue.

    Returns (created, skipped): councils already there, by id or GSS code, are skipped.
    """
    known_codes = {council.get("gss_code") for council in catalogue.councils.values()}
    known_ids = catalogue.known_ids["councils"]
    created = skipped = 0
    for row in rows:
        if cell(row, "current-authority") != "True" or cell(row, "nation") not in NATIONS:
            continue
        entry_id, data, body = council_entry(row)
        if entry_id in known_ids or data["gss_code"] in known_codes:
            skipped += 1
            continue
        create_entry_file(content / "councils" / f"{entry_id}.md", data, body)
        known_ids.add(entry_id)
        known_codes.add(data["gss_code"])
        created += 1
    return created, skipped
