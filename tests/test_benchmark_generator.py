"""The synthetic catalogue generator behind the benchmarks (benchmarks/generate.py)."""

import re

import pytest

from benchmarks.bare_pelican import read_front_matter
from benchmarks.generate import TODAY, generate_catalogue

PROJECTS = 200
GSS_CODE = re.compile(r"^[EWSN][0-9]{8}$")
ENTRY_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KINDS = ("councils", "projects", "makerdays")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    out = tmp_path_factory.mktemp("catalogue")
    generate_catalogue(out, PROJECTS, seed=1)
    return out


def file_bytes(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*.md")}


def front_matters(catalogue, kind):
    return {path.stem: read_front_matter(path)[0] for path in sorted((catalogue / kind).glob("*.md"))}


def loaded_catalogue(catalogue):
    module = pytest.importorskip("pipeline.catalogue", reason="the pipeline package is not importable yet")
    policy = pytest.importorskip("pipeline.freshness").Policy()
    return module.load_catalogue(catalogue, TODAY, policy)


def test_the_same_seed_writes_the_same_bytes(catalogue, tmp_path):
    generate_catalogue(tmp_path, PROJECTS, seed=1)
    assert file_bytes(tmp_path) == file_bytes(catalogue)


def test_another_seed_writes_another_catalogue(catalogue, tmp_path):
    generate_catalogue(tmp_path, PROJECTS, seed=2)
    assert file_bytes(tmp_path) != file_bytes(catalogue)


def test_counts_match_what_was_asked_for(tmp_path):
    counts = generate_catalogue(tmp_path, 1000)
    written = {kind: len(list((tmp_path / kind).glob("*.md"))) for kind in KINDS}
    assert counts == written == {"councils": 397, "projects": 1000, "makerdays": 10}


def test_refuses_to_write_over_a_catalogue(catalogue):
    with pytest.raises(FileExistsError):
        generate_catalogue(catalogue, PROJECTS)


@pytest.mark.parametrize("kind", KINDS)
def test_ids_are_valid_and_unique(catalogue, kind):
    ids = [path.stem for path in (catalogue / kind).glob("*.md")]
    assert all(ENTRY_ID.match(entry_id) for entry_id in ids)
    assert len(ids) == len(set(ids)) == {"councils": 397, "projects": PROJECTS, "makerdays": 3}[kind]


def test_council_codes_and_names_are_unique_and_well_formed(catalogue):
    councils = front_matters(catalogue, "councils").values()
    codes = [council["gss_code"] for council in councils]
    names = [council["name"] for council in councils]
    assert all(GSS_CODE.match(code) for code in codes)
    assert len(set(codes)) == len(set(names)) == 397
    assert {council["nation"] for council in councils} == {"england", "wales", "scotland", "northern-ireland"}


def test_project_bodies_are_200_to_400_words(catalogue):
    for path in (catalogue / "projects").glob("*.md"):
        _, body = read_front_matter(path)
        prose = [line for line in body.splitlines() if not line.startswith(("#", "| Measure", "| ---"))]
        words = re.findall(r"[A-Za-z][A-Za-z-]*", re.sub(r"\]\(\S+?\)", "]", "\n".join(prose)))
        assert 200 <= len(words) <= 400, path.name


def test_generated_catalogue_validates_with_no_problems(catalogue):
    loaded, problems = loaded_catalogue(catalogue)
    assert problems == []
    assert len(loaded.projects) == PROJECTS


def test_maker_days_are_past_upcoming_and_cancelled(catalogue):
    loaded, _ = loaded_catalogue(catalogue)
    timings = {day.id: day.timing(TODAY) for day in loaded.makerdays.values()}
    assert list(timings.values()).count("cancelled") == 1
    assert any(timings[day.id] == "past" and day.get("outputs") for day in loaded.makerdays.values())
    assert any(timings[day.id] == "upcoming" and day.challenge_projects for day in loaded.makerdays.values())


def test_challenges_point_at_fresh_projects(catalogue):
    freshness = pytest.importorskip("pipeline.freshness", reason="the pipeline package is not importable yet")
    loaded, _ = loaded_catalogue(catalogue)
    challenged = [loaded.projects[p] for day in loaded.makerdays.values() for p in day.challenge_projects]
    assert challenged
    assert all(freshness.is_trusted(project, TODAY, freshness.Policy()) for project in challenged)
