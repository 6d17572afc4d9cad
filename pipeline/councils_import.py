"""`pipeline councils import`: create council entries from a register of UK local authorities."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from .catalogue import load_catalogue
from .options import EXIT_OK, UsageError, add_content_option
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
NATIONS = {
    "England": "england",
    "Wales": "wales",
    "Scotland": "scotland",
    "Northern Ireland": "northern-ireland",
}
REQUIRED_COLUMNS = {
    "nice-name",
    "official-name",
    "gss-code",
    "local-authority-type-name",
    "nation",
    "current-authority",
}


def register(commands) -> None:
    parser = commands.add_parser("councils", help="work with council entries")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    importer = actions.add_parser(
        "import", help="create council entries from a CSV register of UK local authorities"
    )
    importer.add_argument("csv_file", type=Path, metavar="FILE.csv")
    add_content_option(importer)
    importer.set_defaults(func=run_import)


def cell(row: dict, column: str) -> str:
    """A cell's text; a row shorter than the header has None for its missing cells."""
    return (row.get(column) or "").strip()


def council_entry(row: dict) -> tuple[str, dict, str]:
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


def read_register(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = REQUIRED_COLUMNS - set(reader.fieldnames or ())
            if missing:
                raise UsageError(f"{path} has no column {', '.join(sorted(missing))}")
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(f"{path} cannot be read as a CSV file ({error})") from None


def run_import(args) -> int:
    rows = read_register(args.csv_file)
    catalogue, _ = load_catalogue(args.content)
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
        create_entry_file(args.content / "councils" / f"{entry_id}.md", data, body)
        known_ids.add(entry_id)
        known_codes.add(data["gss_code"])
        created += 1
    print(f"created {created} council entries; {skipped} were already there", file=sys.stderr)
    return EXIT_OK
