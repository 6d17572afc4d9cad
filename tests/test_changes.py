"""`pipeline summary`: a pull request's changes, freshness, problems and possible duplicates, in Markdown."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from catalogue_fixtures import TODAY_OPTION, project_data, write_catalogue, write_file

UNRELATED = project_data(
    title="Library room booking",
    summary="Community groups book library meeting rooms online and pay the hire fee.",
    service_areas=["libraries"],
    tags=["bookings"],
)
NEAR_DUPLICATE = project_data(
    title="Bin day reminder app",
    summary="Residents get a reminder of their bin collection day the evening before.",
    lead_council="gwynedd",
    service_areas=["waste-and-recycling"],
    last_reviewed="2026-06-15",
)


REPO = Path(__file__).resolve().parent.parent


def summarise(run_pipeline, base: str = "HEAD^1"):
    settings = REPO / "pelicanconf.py"
    return run_pipeline(
        "summary", "--base", base, "--settings", settings, "--content", "content", TODAY_OPTION
    )


def git(root: Path, *arguments: str) -> None:
    identity = ["-c", "user.name=Pipeline tests", "-c", "user.email=tests@example.org"]
    subprocess.run(["git", *identity, *arguments], cwd=root, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    """The base catalogue and an unrelated project, committed, with tmp_path as the working folder."""
    monkeypatch.chdir(tmp_path)
    content = write_catalogue(tmp_path, files={"projects/library-room-booking.md": UNRELATED})
    git(tmp_path, "init", "--quiet")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "--quiet", "-m", "Base")
    return content


def commit_changes(root: Path) -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Changes")


def test_added_changed_and_removed_entries_are_summarised(repository, tmp_path, run_pipeline):
    write_file(repository / "projects/bin-day-reminder-app.md", NEAR_DUPLICATE)
    broken = (repository / "projects/library-room-booking.md").read_text(encoding="utf-8")
    write_file(
        repository / "projects/library-room-booking.md", broken.replace("phase: alpha", "phase: alpah")
    )
    (repository / "makerdays/maker-day-newbury.md").unlink()
    commit_changes(tmp_path)
    result = summarise(run_pipeline)
    assert result.code == 0
    summary = result.out
    assert summary.startswith("## Pipeline check\n\nEntries: 1 added, 1 changed, 1 removed.")
    assert "**1 error, 0 warnings to fix** in the changed entries" in summary
    assert "| Bin day reminder app | Project | Review due soon (last reviewed 2026-06-15) | none |" in summary
    assert "| `content/projects/library-room-booking.md` | Project |  | 1 error, 0 warnings |" in summary
    assert "- Maker day `maker-day-newbury` (Newbury Maker Day)" in summary
    assert '`content/projects/library-room-booking.md` line 5: phase "alpah" is not a phase' in summary
    duplicates = summary.partition("### Possible duplicates: consider joining instead")[2]
    assert (
        "**Bin day reminder app** looks like: Bin collection app (`bin-collection-app`, led by West Berkshire"
        in duplicates
    )
    assert "library-room-booking" not in duplicates


def test_an_unrelated_addition_has_no_duplicates(repository, tmp_path, run_pipeline):
    write_file(
        repository / "projects/pothole-reporting.md",
        project_data(
            title="Pothole reporting",
            summary="Report potholes on roads with a photo and a map pin.",
            service_areas=["highways-and-transport"],
        ),
    )
    commit_changes(tmp_path)
    result = summarise(run_pipeline)
    assert "Entries: 1 added, 0 changed, 0 removed. The changed entries are valid." in result.out
    assert "Possible duplicates" not in result.out


def test_no_catalogue_changes(repository, tmp_path, run_pipeline):
    (tmp_path / "README.md").write_text("Notes\n", encoding="utf-8")
    commit_changes(tmp_path)
    result = summarise(run_pipeline)
    assert "Entries: no catalogue entries changed." in result.out


def test_titles_cannot_format_or_mention(repository, tmp_path, run_pipeline):
    title = "<b>Bins</b> | @everyone [x](https://example.com)"
    write_file(repository / "projects/odd-title.md", project_data(title=title))
    commit_changes(tmp_path)
    result = summarise(run_pipeline)
    row = next(line for line in result.out.splitlines() if "Bins" in line)
    assert "<b>" not in row and "@everyone" not in row and "[x]" not in row
    assert row.count(" | ") == 3, "the title's | does not add a column"


def test_an_unknown_base_is_a_usage_error(repository, run_pipeline):
    result = summarise(run_pipeline, "no-such-commit")
    assert result.code == 2
    assert "git diff" in result.err


def test_freshness_follows_the_sites_review_policy(repository, tmp_path, run_pipeline):
    write_file(repository / "projects/bin-day-reminder-app.md", project_data(last_reviewed="2026-11-01"))
    commit_changes(tmp_path)
    settings = tmp_path / "strict.py"
    settings.write_text("FRESHNESS_REVIEW_AGE_DAYS = 20\nFRESHNESS_WARNING_DAYS = 5\n", encoding="utf-8")
    result = run_pipeline(
        "summary", "--base", "HEAD^1", "--settings", settings, "--content", "content", TODAY_OPTION
    )
    assert (
        "| Bin collection app | Project | Not confirmed recently (last reviewed 2026-11-01) |" in result.out
    )
    assert (
        "| Bin collection app | Project | Up to date (last reviewed 2026-11-01) |"
        in summarise(run_pipeline).out
    )
