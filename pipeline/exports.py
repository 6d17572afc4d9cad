"""Open data: the catalogue as JSON and CSV files in data/, the schemas that describe them in schemas/,
and an Atom feed of each council's project updates.

The JSON files hold every field of every entry as its file has it (under "fields", so the content
schemas describe them), its Markdown description, and what the site works out: the page address, the
ids it had before (whose addresses redirect to it), freshness, similar projects, a council's projects.
Each entry's record is also published on its own beside its page (`entry_json_path`). Contacts are
published as roles, team mailboxes, contact pages and GitHub handles: a name only for a public-facing
role (pipeline.personal). The CSV files are one tidy row per entry for
spreadsheets: lists joined with "; ", UTF-8 with a byte order mark, and no cell that a spreadsheet would
run as a formula.
"""

from __future__ import annotations

import csv
import functools
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from . import freshness, personal, schemas
from .catalogue import Catalogue
from .model import Council, Entry, MakerDay, Project
from .settings import absolute_url
from .similarity import Match
from .welsh import WELSH

DATA_FOLDER = "data"
SCHEMAS_FOLDER = "schemas"
DEFAULT_LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
LIST_SEPARATOR = "; "
PART_SEPARATOR = ", "
# A spreadsheet runs a cell as a formula when it starts with one of these, even after spaces or line breaks;
# and one starting with a tab, a line break or NUL may be read as another cell or row first.
FORMULA_STARTS = ("=", "+", "-", "@")
UNSAFE_STARTS = ("\t", "\r", "\n", "\0")
CELL_LIMIT = 32_767  # the most characters a spreadsheet cell holds
# Left out of projects.csv: a running log, kept in projects.json and the feeds.
CSV_LEAVES_OUT = {"project": ("updates",)}
# The newest updates a council's feed holds (each project's own feed has all of its updates).
COUNCIL_FEED_ITEMS = 50
EntryType = TypeVar("EntryType", bound=Entry)


@dataclass(frozen=True)
class ExportSettings:
    """What the exports need besides the catalogue: the build's day, the site's address, the freshness
    policy, the licence and each project's similar projects."""

    today: date
    policy: freshness.Policy
    site_url: str = ""
    licence: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LICENCE))
    similar: dict[str, list[Match]] = field(default_factory=dict)

    def url(self, entry: Entry) -> str:
        return self.url_of(entry.url)

    def url_of(self, path: str) -> str:
        """A path of the built site as published: absolute when the site's address is set."""
        return absolute_url(self.site_url, path)


def licence(settings: dict[str, Any]) -> dict[str, str]:
    """The DATA_LICENCE setting ({"name": ..., "url": ...}); the Open Government Licence v3.0 when unset."""
    return settings.get("DATA_LICENCE") or dict(DEFAULT_LICENCE)


def council_projects(catalogue: Catalogue, council_id: str) -> list[Project]:
    """The projects a council leads or is a partner in, each once."""
    return list(dict.fromkeys(catalogue.led.get(council_id, []) + catalogue.partnered.get(council_id, [])))


def _ids(entries: Iterable[Entry]) -> list[str]:
    return list(dict.fromkeys(entry.id for entry in entries))


def former_ids(entry: Entry) -> list[str]:
    """Ids the entry had before it was renamed, or of entries merged into it."""
    return list(entry.get("former_ids", []))


def welsh_texts(entry: Entry) -> dict[str, str]:
    """The entry's Welsh: the texts of its cy: block and its Welsh body, each only when it has it."""
    texts = {name: value for name, value in entry.get(WELSH, {}).items() if entry.welsh(name)}
    return {**texts, "body": entry.body_cy} if entry.body_cy.strip() else texts


def with_welsh(record: dict[str, Any], entry: Entry) -> dict[str, Any]:
    """An export record with the entry's Welsh under "cy", when it has any."""
    texts = welsh_texts(entry)
    return {**record, WELSH: texts} if texts else record


def public_fields(entry: Entry) -> dict[str, Any]:
    """The entry's fields as they are published: no personal name outside a public-facing role."""
    return personal.public_fields(entry.kind, entry.data)


def embed_path(council: Council) -> str:
    """Where a council's projects are published for an intranet to embed in an iframe."""
    return council.url + "embed/"


def redirects(entry: Entry) -> list[tuple[str, str]]:
    """(former page path, page path) for each address the entry had before, so that no link breaks;
    a council's embed moves with it."""
    found = []
    for former_id in former_ids(entry):
        former = replace(entry, id=former_id)
        found.append((former.url, entry.url))
        if isinstance(entry, Council) and isinstance(former, Council):
            found.append((embed_path(former), embed_path(entry)))
    return found


def entry_json_path(entry: Entry) -> str:
    """Where an entry's own record is published: beside its page, like projects/<id>/index.json."""
    return entry.url + "index.json"


# JSON ------------------------------------------------------------------------


def project_record(project: Project, settings: ExportSettings) -> dict[str, Any]:
    record = {
        "id": project.id,
        "former_ids": former_ids(project),
        "url": settings.url(project),
        "freshness": freshness.state(project, settings.today, settings.policy),
        "similar": [{"id": other, "score": score} for other, score in settings.similar.get(project.id, [])],
        "fields": public_fields(project),
        "body": project.body,
    }
    return with_welsh(record, project)


def council_record(council: Council, catalogue: Catalogue, settings: ExportSettings) -> dict[str, Any]:
    record = {
        "id": council.id,
        "former_ids": former_ids(council),
        "url": settings.url(council),
        "projects": {
            "led": _ids(catalogue.led.get(council.id, [])),
            "partnered": _ids(catalogue.partnered.get(council.id, [])),
            "pledged": _ids(project for project, _ in catalogue.pledges.get(council.id, [])),
        },
        "fields": public_fields(council),
        "body": council.body,
    }
    return with_welsh(record, council)


def makerday_record(makerday: MakerDay, settings: ExportSettings) -> dict[str, Any]:
    record = {
        "id": makerday.id,
        "former_ids": former_ids(makerday),
        "url": settings.url(makerday),
        "timing": makerday.timing(settings.today),
        "fields": public_fields(makerday),
        "body": makerday.body,
    }
    return with_welsh(record, makerday)


def entry_record(entry: Entry, catalogue: Catalogue, settings: ExportSettings) -> dict[str, Any]:
    """One entry's record, as in its kind's export file."""
    if isinstance(entry, Project):
        return project_record(entry, settings)
    if isinstance(entry, Council):
        return council_record(entry, catalogue, settings)
    if isinstance(entry, MakerDay):
        return makerday_record(entry, settings)
    raise TypeError(f"no export record for {entry!r}")


def json_documents(catalogue: Catalogue, settings: ExportSettings) -> dict[str, dict[str, Any]]:
    """File name -> document, entries in id order."""
    head = {"licence": settings.licence, "generated_on": settings.today.isoformat()}

    def by_id(entries: dict[str, EntryType]) -> list[EntryType]:
        return [entries[entry_id] for entry_id in sorted(entries)]

    return {
        "projects.json": {
            **head,
            "projects": [project_record(p, settings) for p in by_id(catalogue.projects)],
        },
        "councils.json": {
            **head,
            "councils": [council_record(c, catalogue, settings) for c in by_id(catalogue.councils)],
        },
        "makerdays.json": {
            **head,
            "makerdays": [makerday_record(m, settings) for m in by_id(catalogue.makerdays)],
        },
    }


# CSV -------------------------------------------------------------------------


def text_of(value: object) -> str:
    """A field value as one line of text: list items joined with "; ", the parts of an item with ", "."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(text_of(item) for item in value)
    if isinstance(value, dict):
        return PART_SEPARATOR.join(text_of(part) for part in value.values())
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as it is: never run as a formula, never longer than a cell holds."""
    if text.startswith(UNSAFE_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        text = "'" + text
    return text[:CELL_LIMIT]


def content_columns(kind: str) -> list[tuple[str, tuple[str, ...]]]:
    """(column, field path) for the entry's fields in the schema's order, so a new field gets a column
    without a code change; each Welsh text of the cy: block has its own column, like title_cy."""
    left_out = CSV_LEAVES_OUT.get(kind, ())
    columns: list[tuple[str, tuple[str, ...]]] = []
    for name, node in schemas.schema(kind)["properties"].items():
        if name == WELSH:
            columns += [(f"{part}_{WELSH}", (WELSH, part)) for part in node["properties"]]
        elif name not in left_out:
            columns.append((name, (name,)))
    return columns


def column_value(published: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = published
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def project_rows(catalogue: Catalogue, settings: ExportSettings) -> tuple[list[str], list[list[Any]]]:
    fields = content_columns("project")
    header = [
        "id",
        *(column for column, _ in fields),
        "freshness",
        "last_updated",
        "pledged_gbp",
        "similar",
        "url",
    ]
    rows: list[list[Any]] = []
    for project_id in sorted(catalogue.projects):
        project = catalogue.projects[project_id]
        published = public_fields(project)
        rows.append(
            [
                project.id,
                *(column_value(published, path) for _, path in fields),
                freshness.state(project, settings.today, settings.policy),
                project.last_updated.isoformat(),
                project.pledged_gbp,
                [other for other, _ in settings.similar.get(project.id, [])],
                settings.url(project),
            ]
        )
    return header, rows


def council_rows(catalogue: Catalogue, settings: ExportSettings) -> tuple[list[str], list[list[Any]]]:
    fields = content_columns("council")
    header = [
        "id",
        *(column for column, _ in fields),
        "led_projects",
        "partnered_projects",
        "pledged_projects",
        "url",
    ]
    rows: list[list[Any]] = []
    for council_id in sorted(catalogue.councils):
        council = catalogue.councils[council_id]
        published = public_fields(council)
        rows.append(
            [
                council.id,
                *(column_value(published, path) for _, path in fields),
                _ids(catalogue.led.get(council_id, [])),
                _ids(catalogue.partnered.get(council_id, [])),
                _ids(project for project, _ in catalogue.pledges.get(council_id, [])),
                settings.url(council),
            ]
        )
    return header, rows


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    # utf-8-sig writes the byte order mark that spreadsheets need to read the file as UTF-8.
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows([safe_cell(text_of(value)) for value in row] for row in rows)


# Writing ---------------------------------------------------------------------


def publish_schemas(target: Path) -> None:
    """Copy every schema, content and export, keeping the folder layout their references rely on."""
    for source in sorted(schemas.SCHEMA_DIR.rglob("*.schema.json")):
        destination = target / source.relative_to(schemas.SCHEMA_DIR)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)


def write_json(path: Path, document: dict[str, Any]) -> None:
    """The document as compact JSON, its lists of entries written an entry at a time.

    The text of projects.json alone is tens of megabytes at 10,000 projects, so it is never held whole;
    and each entry is encoded by json.dumps, several times faster than json.dump's streaming encoder.
    """
    encode = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    with path.open("w", encoding="utf-8") as file:
        file.write("{")
        for index, (key, value) in enumerate(document.items()):
            file.write(("," if index else "") + encode(key) + ":")
            if isinstance(value, list):
                file.write("[")
                for number, item in enumerate(value):
                    file.write(("," if number else "") + encode(item))
                file.write("]")
            else:
                file.write(encode(value))
        file.write("}\n")


def write_entry_record(
    output_path: Path, entry: Entry, catalogue: Catalogue, settings: ExportSettings
) -> None:
    """An entry's record on its own, beside its page, for a tool that needs one entry only."""
    path = output_path / entry_json_path(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json(path, entry_record(entry, catalogue, settings))


def write_data_files(output_path: Path, catalogue: Catalogue, settings: ExportSettings) -> None:
    """data/*.json, data/*.csv and schemas/: the exports of the whole catalogue."""
    data = output_path / DATA_FOLDER
    data.mkdir(parents=True, exist_ok=True)
    for name, document in json_documents(catalogue, settings).items():
        write_json(data / name, document)
    write_csv(data / "projects.csv", *project_rows(catalogue, settings))
    write_csv(data / "councils.csv", *council_rows(catalogue, settings))
    publish_schemas(output_path / SCHEMAS_FOLDER)


def write_exports(output_path: Path, catalogue: Catalogue, settings: ExportSettings) -> None:
    """Every export: the whole catalogue's files and each entry's own record."""
    write_data_files(output_path, catalogue, settings)
    for entry in catalogue.entries():
        write_entry_record(output_path, entry, catalogue, settings)
