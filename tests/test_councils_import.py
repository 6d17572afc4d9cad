"""`pipeline councils import`: council entries from mySociety's register of UK local authorities."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from catalogue_fixtures import TODAY

from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.loader import load_file

REGISTER = Path(__file__).resolve().parent.parent.parent / "shared/data/uk_local_authorities_current.csv"
HEADER = (
    "local-authority-code,official-name,nice-name,gss-code,start-date,end-date,replaced-by,nation,region,"
    "local-authority-type,local-authority-type-name,county-la,combined-authority,alt-names,former-gss-codes,"
    "notes,current-authority,gov-uk-slug,pop-2020"
)
ROWS = [
    # Already in the catalogue, by id and by code.
    "WBK,West Berkshire Council,West Berkshire,E06000037,1998-04-01,,,England,South East,UA,Unitary authority,,,,,,True,west-berkshire,158450",
    "GWN,Gwynedd Council,Gwynedd,W06000002,1996-04-01,,,Wales,Wales,WPA,Welsh unitary authority,,,,,,True,gwynedd,124178",
    "WBX,West Berkshire District Council,West Berks,E06000037,1998-04-01,,,England,South East,UA,Unitary authority,,,,,,True,,",
    # New ones, one of each kind.
    "RDG,Reading Borough Council,Reading,E06000038,1998-04-01,,,England,South East,UA,Unitary authority,,,,,,True,reading,161780",
    "CRF,Cardiff Council,Cardiff,W06000015,1996-04-01,,,Wales,Wales,WPA,Welsh unitary authority,,,,,,True,cardiff,369202",
    "EDH,City of Edinburgh Council,Edinburgh,S12000036,1996-04-01,,,Scotland,Scotland,SCO,Scottish unitary authority,,,,,,True,edinburgh,527620",
    '"ABC","Armagh City, Banbridge and Craigavon Borough Council","Armagh City, Banbridge and Craigavon",N09000002,2015-04-01,,,Northern Ireland,Northern Ireland,NID,NI district,,,,,,True,armagh-banbridge-craigavon,217232',
    "MAN,Greater Manchester Combined Authority,Greater Manchester,E47000001,2011-04-01,,,England,North West,COMB,Combined authority,,,,,,True,,",
    "LND,City of London Corporation,City of London,E09000001,1965-04-01,,,England,London,CC,City corporation,,,,,,True,city-of-london,",
    "KEN,Kent County Council,Kent,E10000016,1974-04-01,,,England,South East,CTY,County,,,,,,True,kent,1589057",
    "STO,Stroud District Council,Stroud,E07000082,1974-04-01,,,England,South West,NMD,Non-metropolitan district,GLS,,,,,True,stroud,120064",
    "SKP,Stockport Metropolitan Borough Council,Stockport,E08000007,1974-04-01,,,England,North West,MD,Metropolitan district,,MAN,,,,True,stockport,294197",
    "HCK,Hackney London Borough Council,Hackney,E09000012,1965-04-01,,,England,London,LBO,London borough,,,,,,True,hackney,281120",
    # An authority that no longer exists comes before the one that replaced it.
    "SOM,Somerset County Council,Somerset,E10000027,1974-04-01,2023-03-31,SOM,England,South West,CTY,County,,,,,,False,,",
    "SOM,Somerset Council,Somerset,E06000066,2023-04-01,,,England,South West,UA,Unitary authority,,,,,,True,somerset,",
    "DRY,Derry City Council,Derry,,1973-10-01,2015-03-31,DRS,Northern Ireland,Northern Ireland,NID,NI district,,,,,,False,,",
    # Rows that cannot be used: no nation, and a row cut short.
    "XXX,Nowhere Council,Nowhere,E06000099,,,,,,UA,Unitary authority,,,,,,True,,",
    "YYY,Short Council",
]  # fmt: skip
CREATED = {
    "reading": ("unitary", "england", "South East"),
    "cardiff": ("welsh-unitary", "wales", None),
    "edinburgh": ("scottish-council", "scotland", None),
    "armagh-city-banbridge-and-craigavon": ("ni-district", "northern-ireland", None),
    "greater-manchester": ("combined-authority", "england", "North West"),
    "city-of-london": ("other", "england", "London"),
    "kent": ("county", "england", "South East"),
    "stroud": ("district", "england", "South West"),
    "stockport": ("metropolitan-district", "england", "North West"),
    "hackney": ("london-borough", "england", "London"),
    "somerset": ("unitary", "england", "South West"),
}


@pytest.fixture
def register(tmp_path) -> Path:
    path = tmp_path / "register.csv"
    path.write_text("\ufeff" + "\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_import_creates_current_councils_not_already_there(catalogue_dir, register, run_pipeline):
    result = run_pipeline("councils", "import", register, "--content", "content")
    assert result.code == 0
    assert result.err == f"created {len(CREATED)} council entries; 3 were already there\n"
    made = {path.stem for path in (catalogue_dir / "councils").iterdir()} - {
        "west-berkshire",
        "gwynedd",
        "belfast",
    }
    assert made == set(CREATED)
    for entry_id, (council_type, nation, region) in CREATED.items():
        data = load_file(catalogue_dir / f"councils/{entry_id}.md").data
        assert (data["type"], data["nation"], data.get("region")) == (council_type, nation, region), entry_id
    assert load_catalogue(catalogue_dir, TODAY, Policy())[1] == []


def test_an_imported_entry(catalogue_dir, register, run_pipeline):
    run_pipeline("councils", "import", register, "--content", "content")
    document = load_file(catalogue_dir / "councils/armagh-city-banbridge-and-craigavon.md")
    assert document.data == {
        "name": "Armagh City, Banbridge and Craigavon",
        "official_name": "Armagh City, Banbridge and Craigavon Borough Council",
        "gss_code": "N09000002",
        "type": "ni-district",
        "nation": "northern-ireland",
        "website": "https://www.gov.uk/find-local-council/armagh-banbridge-craigavon",
    }
    assert "replace it with the council's own website" in document.body
    website = load_file(catalogue_dir / "councils/greater-manchester.md").data["website"]
    assert website == "https://www.gov.uk/find-local-council/greater-manchester"


def test_a_second_import_changes_nothing(catalogue_dir, register, run_pipeline):
    run_pipeline("councils", "import", register, "--content", "content")
    before = {path: path.read_bytes() for path in catalogue_dir.rglob("*.md")}
    result = run_pipeline("councils", "import", register, "--content", "content")
    assert result.err == f"created 0 council entries; {len(CREATED) + 3} were already there\n"
    assert {path: path.read_bytes() for path in catalogue_dir.rglob("*.md")} == before


def test_import_into_an_empty_folder(tmp_path, register, run_pipeline):
    result = run_pipeline("councils", "import", register, "--content", tmp_path / "new")
    assert result.code == 0
    assert len(list((tmp_path / "new/councils").iterdir())) == len(CREATED) + 2


@pytest.mark.parametrize(
    "contents, message",
    [
        (
            "nice-name,gss-code\nReading,E06000038\n",
            "has no column current-authority, local-authority-type-name",
        ),
        ("", "has no column"),
        (HEADER.encode("utf-16"), "cannot be read as a CSV file"),
        (None, "cannot be read as a CSV file"),
    ],
)
def test_a_register_that_cannot_be_used(catalogue_dir, run_pipeline, contents, message):
    path = catalogue_dir.parent / "register.csv"
    if isinstance(contents, bytes):
        path.write_bytes(contents)
    elif contents is not None:
        path.write_text(contents, encoding="utf-8")
    result = run_pipeline("councils", "import", path, "--content", "content")
    assert result.code == 2
    assert message in result.err
    assert len(list((catalogue_dir / "councils").iterdir())) == 3


@pytest.mark.skipif(not REGISTER.exists(), reason=f"mySociety's register is not at {REGISTER}")
def test_the_real_register_imports_every_current_council_validly(tmp_path, run_pipeline):
    with REGISTER.open(encoding="utf-8-sig", newline="") as handle:
        current = [row for row in csv.DictReader(handle) if row["current-authority"] == "True"]
    content = tmp_path / "content"
    result = run_pipeline("councils", "import", REGISTER, "--content", content)
    assert result.code == 0
    assert result.err == f"created {len(current)} council entries; 0 were already there\n"
    built, problems = load_catalogue(content, TODAY, Policy())
    assert problems == []
    assert sorted(council.get("gss_code") for council in built.councils.values()) == sorted(
        row["gss-code"] for row in current
    )
    types = {council.get("type") for council in built.councils.values()}
    assert types == {council_type for council_type, _, _ in CREATED.values()}
    # The Greater London Authority and the City of London Corporation are not one of the usual kinds.
    others = sorted(council.id for council in built.councils.values() if council.get("type") == "other")
    assert others == ["city-of-london", "greater-london"]
