"""`.github/CODEOWNERS` is generated from the councils' maintainers and kept current by `--check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue_fixtures import TODAY, council_data
from freshness_catalogue import SETTINGS, freshness_files
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pipeline import codeowners
from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.settings import read_settings_file

REPO = Path(__file__).resolve().parent.parent
DEFAULT = "@localgovdigital/pipeline-maintainers"
HEAD = f"# Hand-written.\n* {DEFAULT}\n/pipeline/ {DEFAULT}\n"
READING_OWNERS = f"{DEFAULT} @reading-council/digital @reading-web"


def codeowners_command(content: Path, file: Path, *more) -> list:
    return [
        "codeowners",
        "--settings",
        SETTINGS,
        "--content",
        content,
        "--today",
        TODAY,
        "--file",
        file,
        *more,
    ]


@pytest.fixture
def repository(tmp_path, make_catalogue, run_pipeline) -> tuple[Path, Path]:
    """A catalogue with Reading (two maintainers) and its project, and a CODEOWNERS file made for it."""
    content = make_catalogue(tmp_path, files=freshness_files("2026-10-01"))
    file = tmp_path / ".github/CODEOWNERS"
    file.parent.mkdir()
    file.write_text(HEAD, encoding="utf-8")
    assert run_pipeline(*codeowners_command(content, file)).code == 0
    return content, file


def test_the_repository_file_is_current(run_pipeline):
    result = run_pipeline(*codeowners_command(REPO / "content", REPO / ".github/CODEOWNERS", "--check"))
    assert (result.code, result.err) == (0, "")


def test_a_council_and_the_projects_it_leads_are_owned_by_its_maintainers(repository):
    _, file = repository
    text = file.read_text(encoding="utf-8")
    assert text.startswith(HEAD + "\n" + codeowners.MARKER + "\n")
    owned = [line for line in text.splitlines() if line.startswith("/content/")]
    assert owned == [
        f"/content/councils/reading.md {READING_OWNERS}",
        f"/content/projects/parking-permits.md {READING_OWNERS}",
    ]


def test_changing_a_councils_maintainers_without_regenerating_fails_the_check(repository, run_pipeline):
    content, file = repository
    assert run_pipeline(*codeowners_command(content, file, "--check")).code == 0
    (content / "councils/reading.md").write_text(
        (content / "councils/reading.md")
        .read_text(encoding="utf-8")
        .replace("@reading-web", "reading-parking"),
        encoding="utf-8",
    )
    before = file.read_text(encoding="utf-8")
    checked = run_pipeline(*codeowners_command(content, file, "--check"))
    assert checked.code == 1
    assert checked.err == f"{file} does not match the councils' maintainers; run: pipeline codeowners\n"
    assert file.read_text(encoding="utf-8") == before
    written = run_pipeline(*codeowners_command(content, file))
    assert (written.code, written.out) == (0, f"wrote {file}\n")
    assert f"/content/councils/reading.md {DEFAULT} @reading-council/digital @reading-parking" in (
        file.read_text(encoding="utf-8")
    )
    assert run_pipeline(*codeowners_command(content, file, "--check")).code == 0


def test_a_council_without_maintainers_has_no_line(tmp_path, make_catalogue, run_pipeline):
    files = {**freshness_files("2026-10-01"), "councils/reading.md": council_data(name="Reading")}
    content = make_catalogue(tmp_path, files=files)
    file = tmp_path / "CODEOWNERS"
    file.write_text(HEAD, encoding="utf-8")
    run_pipeline(*codeowners_command(content, file))
    assert "/content/" not in file.read_text(encoding="utf-8")


def test_a_new_file_gets_the_repository_owners_maintainers_as_default_owners(repository, run_pipeline):
    content, file = repository
    new = file.with_name("NEW")
    assert run_pipeline(*codeowners_command(content, new)).code == 0
    lines = new.read_text(encoding="utf-8").splitlines()
    assert f"* {DEFAULT}" in lines
    assert f"/content/projects/parking-permits.md {READING_OWNERS}" in lines


def test_check_fails_when_there_is_no_file(repository, run_pipeline):
    content, file = repository
    assert run_pipeline(*codeowners_command(content, file.with_name("MISSING"), "--check")).code == 1


@pytest.fixture(scope="module")
def sample():
    settings = read_settings_file(SETTINGS, REPO / "content", TODAY)
    catalogue, _ = load_catalogue(REPO / "content", TODAY, Policy.from_settings(settings))
    return catalogue, settings


@hypothesis_settings(deadline=None)
@given(head=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_generating_again_changes_nothing_and_keeps_the_head(sample, head):
    catalogue, settings = sample
    once = codeowners.codeowners_text(head, catalogue, settings)
    assert codeowners.codeowners_text(once, catalogue, settings) == once
    if codeowners.MARKER not in head:
        assert once.startswith(head.rstrip("\n"))


@pytest.mark.parametrize(
    ("head", "owners"),
    [
        ("", []),
        ("* @a\n* @b @c # the team\n", ["@b", "@c"]),
        ("# * @commented\n/docs/ @d\n", []),
    ],
)
def test_default_owners_are_the_last_star_line(head, owners):
    assert codeowners.default_owners(head) == owners
