"""Open data exports (pipeline.exports): JSON valid against the published schemas, tidy CSV, feeds per council."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Resource
from similar_catalogue import NEAR_DUPLICATES, project_files

from pipeline import exports, freshness, schemas
from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.similarity import similar_projects

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 26)
SITE = "https://pipeline.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
DATA_FILES = ("projects.json", "councils.json", "makerdays.json", "projects.csv", "councils.csv")
FORMULA_TITLE = '=HYPERLINK("https://attacker.example","Click")'
EXTRA_FILES = {
    "councils/ynys-mon.md": {
        "name": "Ynys Môn",
        "official_name": "Cyngor Sir Ynys Môn",
        "gss_code": "W06000001",
        "type": "welsh-unitary",
        "nation": "wales",
        "website": "https://www.anglesey.gov.uk",
    },
    "projects/formula-title.md": {
        "title": FORMULA_TITLE,
        "summary": "-1 is how a cell that starts with a minus sign looks.",
        "lead_council": "ynys-mon",
        "phase": "concept",
        "tags": ["spreadsheets", "security"],
        "last_reviewed": "2024-01-10",
        "contacts": [{"role": "Tîm digidol", "email": "digidol@example.gov.uk"}],
    },
}
FILES = {**project_files(), **EXTRA_FILES}


@pytest.fixture(scope="module")
def content(tmp_path_factory, make_catalogue):
    return make_catalogue(tmp_path_factory.mktemp("exports"), FILES)


@pytest.fixture(scope="module")
def catalogue(content):
    found, problems = load_catalogue(content, TODAY, Policy())
    assert [problem for problem in problems if problem.is_error] == []
    return found


@pytest.fixture(scope="module")
def export_settings(catalogue):
    return exports.ExportSettings(
        today=TODAY,
        policy=freshness.Policy(),
        site_url=SITE,
        similar=similar_projects(catalogue.projects.values()),
    )


@pytest.fixture(scope="module")
def output(tmp_path_factory, catalogue, export_settings):
    folder = tmp_path_factory.mktemp("output")
    exports.write_exports(folder, catalogue, export_settings)
    return folder


def published_validator(output: Path, name: str) -> Draft202012Validator:
    """A validator for one export schema, resolving references among the schemas as published."""
    documents = [
        json.loads(path.read_text(encoding="utf-8")) for path in (output / "schemas").rglob("*.json")
    ]
    registry = schemas.registry().with_resources(
        (doc["$id"], Resource.from_contents(doc)) for doc in documents
    )
    schema = json.loads((output / "schemas" / "exports" / f"{name}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry, format_checker=schemas.format_checker)


def read_json(output: Path, name: str) -> dict:
    return json.loads((output / "data" / f"{name}.json").read_text(encoding="utf-8"))


def read_csv(output: Path, name: str) -> list[dict]:
    with (output / "data" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def file_ids(content: Path, folder: str) -> list[str]:
    return sorted(path.stem for path in (content / folder).glob("*.md"))


# JSON ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["projects", "councils", "makerdays"])
def test_json_exports_validate_against_the_published_schemas(output, name):
    errors = list(published_validator(output, name).iter_errors(read_json(output, name)))
    assert errors == []


def test_the_published_schemas_reject_a_wrong_export(output):
    document = read_json(output, "projects")
    document["projects"][0]["freshness"] = "mouldy"
    del document["projects"][1]["fields"]["title"]
    assert len(list(published_validator(output, "projects").iter_errors(document))) == 2


@pytest.mark.parametrize(
    ("name", "folder"), [("projects", "projects"), ("councils", "councils"), ("makerdays", "makerdays")]
)
def test_every_entry_appears_exactly_once(output, content, name, folder):
    ids = [record["id"] for record in read_json(output, name)[name]]
    assert ids == file_ids(content, folder)


def test_projects_carry_their_fields_and_what_the_site_works_out(output, catalogue, export_settings):
    records = {record["id"]: record for record in read_json(output, "projects")["projects"]}
    for project_id, project in catalogue.projects.items():
        record = records[project_id]
        assert record["fields"] == project.data
        assert record["body"] == project.body
        assert record["url"] == f"{SITE}/projects/{project_id}/"
        assert record["freshness"] == freshness.state(project, TODAY, freshness.Policy())
        expected = [{"id": other, "score": score} for other, score in export_settings.similar[project_id]]
        assert record["similar"] == expected
    assert records[NEAR_DUPLICATES[0]]["similar"]
    assert records["formula-title"]["freshness"] == freshness.STALE
    assert records["bin-collection-app"]["fields"]["pledges"][0]["amount_gbp"] == 5000


def test_councils_list_the_projects_they_lead_partner_in_and_pledge_to(output):
    records = {record["id"]: record for record in read_json(output, "councils")["councils"]}
    assert "bin-collection-app" in records["west-berkshire"]["projects"]["led"]
    assert records["gwynedd"]["projects"]["partnered"] == ["bin-collection-app"]
    assert records["belfast"]["projects"]["pledged"] == ["bin-collection-app"]
    assert records["ynys-mon"]["fields"]["name"] == "Ynys Môn"


def test_maker_days_say_whether_they_are_still_to_come(output):
    records = read_json(output, "makerdays")["makerdays"]
    assert [(record["id"], record["timing"]) for record in records] == [("maker-day-newbury", "upcoming")]


def test_the_licence_defaults_to_the_open_government_licence(output):
    document = read_json(output, "projects")
    assert document["licence"]["name"] == "Open Government Licence v3.0"
    assert document["licence"]["url"].startswith("https://www.nationalarchives.gov.uk/")
    assert document["generated_on"] == TODAY.isoformat()


def test_the_licence_setting_is_used_when_given():
    chosen = {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"}
    assert exports.licence({"DATA_LICENCE": chosen}) == chosen
    assert exports.licence({}) == exports.DEFAULT_LICENCE


def test_every_schema_is_published_as_it_is(output):
    published = sorted(path.relative_to(output / "schemas") for path in (output / "schemas").rglob("*.json"))
    sources = sorted(
        path.relative_to(schemas.SCHEMA_DIR) for path in schemas.SCHEMA_DIR.rglob("*.schema.json")
    )
    assert published == sources and Path("exports/projects.schema.json") in published
    for path in published:
        assert (output / "schemas" / path).read_bytes() == (schemas.SCHEMA_DIR / path).read_bytes()


def test_the_freshness_states_in_the_export_schema_are_the_ones_the_site_uses():
    schema = json.loads((schemas.SCHEMA_DIR / "exports" / "projects.schema.json").read_text(encoding="utf-8"))
    states = schema["$defs"]["project"]["properties"]["freshness"]["enum"]
    assert states == list(freshness.STATES)


# CSV -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["projects", "councils"])
def test_csv_files_start_with_a_byte_order_mark(output, name):
    assert (output / "data" / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_projects_csv_round_trips_with_the_same_ids_and_titles(output, catalogue):
    rows = read_csv(output, "projects")
    titles = {project_id: project.title for project_id, project in catalogue.projects.items()}
    titles["formula-title"] = "'" + FORMULA_TITLE
    assert [row["id"] for row in rows] == sorted(catalogue.projects)
    assert {row["id"]: row["title"] for row in rows} == titles


def test_councils_csv_round_trips_with_the_same_ids_and_names(output, catalogue):
    rows = read_csv(output, "councils")
    assert [(row["id"], row["name"]) for row in rows] == [
        (council_id, catalogue.councils[council_id].name) for council_id in sorted(catalogue.councils)
    ]


def test_csv_rows_are_flat_with_lists_joined(output):
    rows = {row["id"]: row for row in read_csv(output, "projects")}
    app = rows["bin-collection-app"]
    assert app["partner_councils"] == "gwynedd"
    assert app["pledges"] == "belfast, funding, 5000"
    assert app["contacts"] == "Digital team, digital@example.gov.uk"
    assert rows["formula-title"]["tags"] == "spreadsheets; security"
    assert rows["formula-title"]["summary"] == "'-1 is how a cell that starts with a minus sign looks."
    assert "updates" not in app and app["last_updated"] == "2026-10-01"
    councils = {row["id"]: row for row in read_csv(output, "councils")}
    assert councils["gwynedd"]["partnered_projects"] == "bin-collection-app"


def test_every_csv_row_has_every_column(output):
    for name in ("projects", "councils"):
        with (output / "data" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.reader(file))
        assert len({len(row) for row in rows}) == 1


@given(st.text(alphabet=st.sampled_from(" \t\r\n\0\x0b=+-@a'"), max_size=8) | st.text(max_size=50))
def test_no_cell_can_start_a_formula(text):
    cell = exports.safe_cell(text)
    assert not cell.lstrip().startswith(exports.FORMULA_STARTS)
    assert not cell.startswith(exports.UNSAFE_STARTS)
    assert cell.removeprefix("'") == text or cell == text


@pytest.mark.parametrize("text", ["\n=HYPERLINK(1)", " =1+1", "\r\n@SUM(A1)", "\0=1", "\t-2", "  +3"])
def test_formulas_behind_spaces_and_line_breaks_are_neutralised(text):
    assert exports.safe_cell(text) == "'" + text


def test_long_cells_are_cut_to_what_a_spreadsheet_holds():
    assert len(exports.safe_cell("a" * 40_000)) == exports.CELL_LIMIT


# The built site ----------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory, content) -> Path:
    output = tmp_path_factory.mktemp("site") / "output"
    command = [
        sys.executable,
        "-m",
        "pipeline.cli",
        "build",
        "--content",
        str(content),
        "--output",
        str(output),
    ]
    command += ["--today", TODAY.isoformat(), "--no-search", "--no-cache"]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return output


def feed_entries(path: Path) -> list[str]:
    root = ElementTree.parse(path).getroot()
    return [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]


def test_the_build_writes_the_data_files(site):
    for name in DATA_FILES:
        assert (site / "data" / name).is_file()
    errors = list(published_validator(site, "projects").iter_errors(read_json(site, "projects")))
    assert errors == []


def test_each_council_has_a_feed_of_its_projects_updates(site):
    partner_feed = feed_entries(site / "councils" / "gwynedd" / "updates.atom.xml")
    assert partner_feed == ["/projects/bin-collection-app/#update-2026-09-15"]
    assert feed_entries(site / "councils" / "west-berkshire" / "updates.atom.xml") == partner_feed
    assert feed_entries(site / "councils" / "belfast" / "updates.atom.xml") == []  # pledges only


def test_council_pages_link_to_their_feed(site):
    page = BeautifulSoup(
        (site / "councils" / "gwynedd" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    feeds = [link["href"] for link in page.find_all("link", rel="alternate")]
    assert "/councils/gwynedd/updates.atom.xml" in feeds
    assert page.find("main").find("a", href="/councils/gwynedd/updates.atom.xml")


def test_project_pages_name_councils_working_on_something_similar(site, export_settings):
    first, second = NEAR_DUPLICATES
    page = BeautifulSoup(
        (site / "projects" / first / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    section = page.find("section", attrs={"aria-labelledby": "similar"})
    assert section.find("h2").get_text() == "Councils working on something similar"
    shown = [link["href"] for link in section.select(".card__title a")]
    assert shown == [f"/projects/{other}/" for other, _ in export_settings.similar[first]]
    assert f"/projects/{second}/" in shown


def test_a_project_with_nothing_similar_has_no_similar_section(site):
    html = (site / "projects" / "formula-title" / "index.html").read_text(encoding="utf-8")
    assert "Councils working on something similar" not in html


def test_the_data_page_explains_the_files_and_their_licence(site):
    page = BeautifulSoup((site / "data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    main = page.find("main")
    licence = main.find("a", rel="license")
    assert licence.get_text() == "Open Government Licence v3.0"
    links = {link["href"] for link in main.find_all("a")}
    for name in (*DATA_FILES, "freshness.json"):
        assert f"/data/{name}" in links
        assert (site / "data" / name).is_file()
    assert "/schemas/exports/projects.schema.json" in links
