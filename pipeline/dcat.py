"""data/catalog.jsonld: the open data described in DCAT-AP, so that data.gov.uk and other portals can
harvest it.

One `dcat:Catalog` holds three datasets (projects, councils, maker days). Each distribution (a file in
data/) has its media type and format, the licence, the publisher, the day it was written and the
schema it conforms to.

Addresses are absolute when the site's address (SITEURL) is set, as it is for the published site
(publishconf.py): a harvester reads the file away from the site. A local build has no address, so its
addresses are root-relative ("/data/projects.json"), which a JSON-LD processor resolves against the
address the file was fetched from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalogue import Catalogue
from .exports import DATA_FOLDER, SCHEMAS_FOLDER, ExportSettings
from .makerdays import CALENDAR_FILE

CATALOG_FILE = f"{DATA_FOLDER}/catalog.jsonld"
DATA_PAGE = f"{DATA_FOLDER}/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:date"},
    "dct:issued": {"@type": "xsd:date"},
}
LANGUAGE_AUTHORITY = "http://publications.europa.eu/resource/authority/language/"
# The catalogue's text is in English, with Welsh beside it where an entry has it (pipeline.welsh).
LANGUAGES = [{"@id": LANGUAGE_AUTHORITY + "ENG"}, {"@id": LANGUAGE_AUTHORITY + "CYM"}]
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
ICALENDAR = "https://www.rfc-editor.org/rfc/rfc5545"


@dataclass(frozen=True)
class FileFormat:
    media_type: str  # application/json
    file_type: str  # JSON, in the EU file-type vocabulary


JSON = FileFormat("application/json", "JSON")
CSV = FileFormat("text/csv", "CSV")
CALENDAR = FileFormat("text/calendar", "ICS")


@dataclass(frozen=True)
class Distribution:
    path: str  # in the built site, like data/projects.json
    title: str
    file_format: FileFormat
    conforms_to: str  # a schema's path in the built site, or an absolute address


@dataclass(frozen=True)
class Dataset:
    key: str  # the dataset's anchor on the data page
    title: str
    description: str
    keywords: tuple[str, ...]
    distributions: tuple[Distribution, ...]


def _schema(name: str) -> str:
    return f"{SCHEMAS_FOLDER}/{name}"


DATASETS = (
    Dataset(
        "projects",
        "UK council digital projects",
        "Digital projects of UK councils: what each is for, its lead and partner councils, phase, what it "
        "is looking for, its contacts, pledges and dated updates, and how recently it was confirmed.",
        ("local government", "digital projects", "collaboration"),
        (
            Distribution(
                f"{DATA_FOLDER}/projects.json",
                "Projects (JSON)",
                JSON,
                _schema("exports/projects.schema.json"),
            ),
            Distribution(
                f"{DATA_FOLDER}/projects.csv",
                "Projects (CSV, one row per project; columns follow the project schema)",
                CSV,
                _schema("project.schema.json"),
            ),
        ),
    ),
    Dataset(
        "councils",
        "UK councils working on digital projects",
        "The councils in the catalogue, with their ONS (GSS) codes and the projects each leads, is a "
        "partner in and has pledged to.",
        ("local government", "councils"),
        (
            Distribution(
                f"{DATA_FOLDER}/councils.json",
                "Councils (JSON)",
                JSON,
                _schema("exports/councils.schema.json"),
            ),
            Distribution(
                f"{DATA_FOLDER}/councils.csv",
                "Councils (CSV, one row per council; columns follow the council schema)",
                CSV,
                _schema("council.schema.json"),
            ),
        ),
    ),
    Dataset(
        "makerdays",
        "Council maker days",
        "Days where councils, suppliers and volunteers work on challenges from the projects: when and "
        "where, the challenges, the sponsors and what was made.",
        ("local government", "maker days", "events"),
        (
            Distribution(
                f"{DATA_FOLDER}/makerdays.json",
                "Maker days (JSON)",
                JSON,
                _schema("exports/makerdays.schema.json"),
            ),
            Distribution(CALENDAR_FILE, "Maker days (iCalendar)", CALENDAR, ICALENDAR),
        ),
    ),
)


def distribution_paths() -> list[str]:
    """Every file the catalogue names, as a path in the built site."""
    return [distribution.path for dataset in DATASETS for distribution in dataset.distributions]


def catalog_document(
    catalogue: Catalogue,
    settings: ExportSettings,
    title: str,
    description: str,
    contact: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The DCAT-AP catalogue as a JSON-LD document. `contact` is a team's role and mailbox."""

    def link(path: str) -> dict[str, str]:
        return {"@id": path if "://" in path else settings.url_of(path)}

    today = settings.today.isoformat()
    publisher = {"@type": "foaf:Agent", "foaf:name": title, "foaf:homepage": link("")}
    licence = {"@id": settings.licence["url"]}
    projects = catalogue.projects.values()
    newest = max((project.last_updated for project in projects), default=settings.today).isoformat()
    modified = {"projects": newest}

    def dataset(found: Dataset) -> dict[str, Any]:
        described: dict[str, Any] = {
            "@id": link(f"{DATA_PAGE}#{found.key}")["@id"],
            "@type": "dcat:Dataset",
            "dct:identifier": found.key,
            "dct:title": found.title,
            "dct:description": found.description,
            "dcat:keyword": list(found.keywords),
            "dct:publisher": publisher,
            "dct:license": licence,
            "dct:language": LANGUAGES,
            "dct:modified": modified.get(found.key, today),
            "dcat:landingPage": link(DATA_PAGE),
            "dcat:distribution": [distribution(item) for item in found.distributions],
        }
        if contact and contact.get("email"):
            described["dcat:contactPoint"] = {
                "@type": "vcard:Organization",
                "vcard:fn": contact.get("role", title),
                "vcard:hasEmail": {"@id": "mailto:" + contact["email"].removeprefix("mailto:")},
            }
        return described

    def distribution(found: Distribution) -> dict[str, Any]:
        return {
            "@type": "dcat:Distribution",
            "dct:title": found.title,
            "dcat:accessURL": link(found.path),
            "dcat:downloadURL": link(found.path),
            "dcat:mediaType": {"@id": MEDIA_TYPES + found.file_format.media_type},
            "dct:format": {"@id": FILE_TYPES + found.file_format.file_type},
            "dct:license": licence,
            "dct:modified": today,
            "dct:conformsTo": link(found.conforms_to),
        }

    return {
        "@context": CONTEXT,
        "@id": link(CATALOG_FILE)["@id"],
        "@type": "dcat:Catalog",
        "dct:title": title,
        "dct:description": description,
        "dct:publisher": publisher,
        "dct:license": licence,
        "dct:language": LANGUAGES,
        "dct:modified": today,
        "foaf:homepage": link(""),
        "dcat:dataset": [dataset(found) for found in DATASETS],
    }
