"""The open data a build publishes besides its pages, checked end to end from content to built output:
the DCAT catalogue (read back as JSON-LD by rdflib), each entry's own JSON, council embeds, redirects
from former ids, and contacts published without personal names."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from catalogue_fixtures import council_data, project_data, write_catalogue
from jsonschema import Draft202012Validator
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from referencing import Resource
from sitebuild import PUBLISH_SETTINGS, build, html_files, page

from pipeline import dcat, schemas
from pipeline.model import FOLDER_OF_KIND

LOCAL_BASE = "https://intranet.example.gov.uk/"
PUBLISHED = "https://localgovdigital.github.io/pipeline"
# The vocabularies as the catalogue's own context names them.
DCAT, DCTERMS, XSD = (Namespace(dcat.CONTEXT[prefix]) for prefix in ("dcat", "dct", "xsd"))
RENAMED = project_data(
    title="Bin day reminders",
    former_ids=["bin-app", "bin-reminders-pilot"],
    contacts=[
        {"role": "Product owner", "email": "digital@x.gov.uk"},
        {"role": "Head of digital", "name": "Sam Jones", "public_facing": "true", "github": "samjones"},
    ],
)
FILES = {
    "projects/bin-day-reminders.md": RENAMED,
    "councils/west-berkshire.md": council_data(former_ids=["west-berks"]),
}


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return write_catalogue(tmp_path_factory.mktemp("opendata"), FILES)


@pytest.fixture(scope="module")
def site(content, tmp_path_factory) -> Path:
    return build(content, tmp_path_factory.mktemp("local") / "output")


@pytest.fixture(scope="module")
def published_site(content, tmp_path_factory) -> Path:
    return build(content, tmp_path_factory.mktemp("published") / "output", settings=PUBLISH_SETTINGS)


def entry_paths(output: Path) -> list[tuple[str, Path]]:
    """(kind, page folder) of every entry page written."""
    found = []
    for kind, folder in FOLDER_OF_KIND.items():
        found += [(kind, path.parent) for path in sorted((output / folder).glob("*/index.html"))]
    return found


# DCAT ------------------------------------------------------------------------------------------------


def catalog_graph(output: Path, base: str) -> Graph:
    text = (output / dcat.CATALOG_FILE).read_text(encoding="utf-8")
    return Graph().parse(data=text, format="json-ld", publicID=base + dcat.CATALOG_FILE)


def distributions(graph: Graph) -> dict[str, list[dict[str, object]]]:
    query = """
        SELECT ?key ?url ?media ?format ?licence ?modified ?schema ?publisher WHERE {
            ?catalog a dcat:Catalog ; dcat:dataset ?dataset .
            ?dataset a dcat:Dataset ; dct:identifier ?key ; dct:publisher ?publisher ;
                dcat:distribution ?distribution .
            ?distribution a dcat:Distribution ; dcat:downloadURL ?url ; dcat:mediaType ?media ;
                dct:format ?format ; dct:license ?licence ; dct:modified ?modified ; dct:conformsTo ?schema .
        }"""
    found: dict[str, list[dict[str, object]]] = {}
    for row in graph.query(query, initNs={"dcat": DCAT, "dct": DCTERMS}):
        found.setdefault(str(row.key), []).append(row.asdict())
    return found


def built_file(output: Path, base: str, address: object) -> Path:
    assert str(address).startswith(base), address
    return output / str(address).removeprefix(base)


@pytest.mark.parametrize("published", [False, True], ids=["local", "published"])
def test_the_dcat_catalogue_names_three_datasets_whose_files_all_exist(site, published_site, published):
    output, base = (published_site, PUBLISHED + "/") if published else (site, LOCAL_BASE)
    found = distributions(catalog_graph(output, base))
    assert set(found) == {"projects", "councils", "makerdays"}
    licence = URIRef("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
    for rows in found.values():
        assert len(rows) == 2
        for row in rows:
            assert built_file(output, base, row["url"]).is_file()
            assert row["licence"] == licence
            assert row["modified"].datatype == XSD.date
            assert str(row["media"]).startswith(dcat.MEDIA_TYPES)
            if str(row["schema"]) != dcat.ICALENDAR:
                assert built_file(output, base, row["schema"]).is_file()
    assert {str(row["url"]).removeprefix(base) for rows in found.values() for row in rows} == set(
        dcat.distribution_paths()
    )


def test_the_projects_dataset_was_modified_on_the_day_of_its_newest_update(site):
    graph = catalog_graph(site, LOCAL_BASE)
    dataset = URIRef(LOCAL_BASE + "data/#projects")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert graph.value(dataset, DCTERMS.modified) == Literal("2026-10-01", datatype=XSD.date)


def test_every_page_and_the_data_page_link_the_dcat_catalogue(site):
    for path in html_files(site):
        soup = page(site, str(path.relative_to(site)))
        if soup.find("meta", attrs={"http-equiv": "refresh"}) or soup.find("body", class_="embed"):
            continue  # redirects and embeds are pages of their own
        link = soup.find("link", rel="alternate", type="application/ld+json")
        assert link and link["href"] == "/" + dcat.CATALOG_FILE, path
    assert page(site, "data/").find("a", href="/" + dcat.CATALOG_FILE)


# Each entry's JSON --------------------------------------------------------------------------------------


def record_validator(output: Path, kind: str) -> Draft202012Validator:
    """A validator for one record of an export, from the schemas as the site publishes them."""
    documents = [
        json.loads(path.read_text(encoding="utf-8")) for path in (output / "schemas").rglob("*.json")
    ]
    registry = schemas.registry().with_resources(
        (doc["$id"], Resource.from_contents(doc)) for doc in documents
    )
    export = next(
        doc for doc in documents if doc["$id"].endswith(f"exports/{FOLDER_OF_KIND[kind]}.schema.json")
    )
    schema = {"$ref": f"{export['$id']}#/$defs/{kind}"}
    return Draft202012Validator(schema, registry=registry, format_checker=schemas.format_checker)


def test_every_entry_has_its_own_json_valid_against_the_export_schema(site):
    pages = entry_paths(site)
    assert len(pages) >= 6
    for kind, folder in pages:
        if page(site, str(folder.relative_to(site)) + "/").find("meta", attrs={"http-equiv": "refresh"}):
            continue
        record = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        errors = [error.message for error in record_validator(site, kind).iter_errors(record)]
        assert errors == [], folder
        assert record["id"] == folder.name


def test_an_entry_record_is_the_one_in_the_whole_export(site):
    whole = json.loads((site / "data/projects.json").read_text(encoding="utf-8"))["projects"]
    for record in whole:
        alone = json.loads((site / "projects" / record["id"] / "index.json").read_text(encoding="utf-8"))
        assert alone == record


def test_an_entry_page_links_its_json_in_its_head_and_in_its_text(site):
    soup = page(site, "projects/bin-day-reminders/")
    address = "/projects/bin-day-reminders/index.json"
    assert soup.find("link", rel="alternate", type="application/json")["href"] == address
    assert soup.find("main").find("a", href=address)


# Personal data ------------------------------------------------------------------------------------------


def test_a_public_facing_name_is_published(site):
    record = json.loads((site / "projects/bin-day-reminders/index.json").read_text(encoding="utf-8"))
    contacts = record["fields"]["contacts"]
    assert [contact.get("name") for contact in contacts] == [None, "Sam Jones"]
    for name in ("projects.json", "projects.csv"):
        assert "Sam Jones" in (site / "data" / name).read_text(encoding="utf-8-sig")


def test_the_data_page_says_what_the_ogl_covers_and_how_to_attribute(site):
    text = page(site, "data/").find("main").get_text(" ", strip=True)
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in text
    assert "personal data" in text


# Embeds --------------------------------------------------------------------------------------------------


def test_a_council_embed_lists_its_projects_with_no_script_and_links_that_leave_the_frame(site):
    path = site / "councils/west-berkshire/embed/index.html"
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "style=" not in html.lower()
    soup = page(site, "councils/west-berkshire/embed/")
    titles = [link.get_text(strip=True) for link in soup.select(".embed__project a")]
    assert titles == sorted(titles, key=titles.index) and "Bin day reminders" in titles
    assert all(link["target"] == "_top" for link in soup.find_all("a"))
    stylesheet = soup.find("link", rel="stylesheet")["href"]
    assert (site / stylesheet.lstrip("/")).is_file()
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_every_council_has_an_embed_and_the_data_page_shows_the_snippet(site):
    for council in (site / "councils").glob("*/index.json"):
        assert (council.parent / "embed/index.html").is_file()
    snippet = page(site, "data/").find("code", string=lambda text: text and "<iframe" in text)
    assert snippet and "/councils/" in snippet.get_text() and "/embed/" in snippet.get_text()


# Former ids ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new",
    [
        ("projects/bin-app/", "/projects/bin-day-reminders/"),
        ("projects/bin-reminders-pilot/", "/projects/bin-day-reminders/"),
        ("councils/west-berks/", "/councils/west-berkshire/"),
        ("councils/west-berks/embed/", "/councils/west-berkshire/embed/"),
    ],
)
def test_a_former_address_redirects_without_script(site, old, new):
    html = (site / old / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    soup = page(site, old)
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={new}"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("main").find("a", href=new)


def test_former_addresses_are_left_out_of_the_sitemap(site):
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()
    locations = {url.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text for url in sitemap}
    assert not [location for location in locations if "bin-app" in location or "/embed/" in location]


def test_the_exports_list_former_ids(site):
    projects = json.loads((site / "data/projects.json").read_text(encoding="utf-8"))["projects"]
    renamed = next(record for record in projects if record["id"] == "bin-day-reminders")
    assert renamed["former_ids"] == ["bin-app", "bin-reminders-pilot"]
    assert all(record["former_ids"] == [] for record in projects if record is not renamed)
    councils = json.loads((site / "data/councils.json").read_text(encoding="utf-8"))["councils"]
    assert next(c for c in councils if c["id"] == "west-berkshire")["former_ids"] == ["west-berks"]
    assert "bin-app; bin-reminders-pilot" in (site / "data/projects.csv").read_text(encoding="utf-8-sig")
