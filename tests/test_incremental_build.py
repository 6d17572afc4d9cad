"""Incremental builds (pipeline.site.record, pipeline.site.dependencies): after any edit, a build that
reuses the previous site's unchanged pages writes exactly the site a clean build writes."""

from __future__ import annotations

import filecmp
import json
import logging
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import CONTENT, ROOT, SETTINGS, TODAY

from pipeline.edits import set_field
from pipeline.loader import load_file
from pipeline.site import record
from pipeline.site.build import build_site

PHASES = ("discovery", "alpha", "beta", "live")


def build(content: Path, output: Path, theme: Path, today=TODAY, incremental=True) -> Path:
    overrides = {"THEME": str(theme)}
    return build_site(
        SETTINGS, content, output, today, search=False, overrides=overrides, incremental=incremental
    )


def differences(left: Path, right: Path) -> list[str]:
    """Paths that are in one folder and not the other, or differ in a byte."""
    found: list[str] = []

    def walk(compared: filecmp.dircmp, prefix: str) -> None:
        found.extend(
            prefix + name for name in compared.left_only + compared.right_only + compared.funny_files
        )
        _, mismatch, errors = filecmp.cmpfiles(
            compared.left, compared.right, compared.common_files, shallow=False
        )
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def unreferenced_projects(content: Path) -> list[Path]:
    """Projects no maker day and no other project names, which can be removed or renamed."""
    named = " ".join(path.read_text(encoding="utf-8") for path in (content / "makerdays").glob("*.md"))
    return sorted(path for path in (content / "projects").glob("*.md") if path.stem not in named)


# Edits: each takes the content folder, the theme folder, a number to choose with; returns a day shift.
def change_title(content: Path, theme: Path, n: int) -> int:
    paths = sorted((content / "projects").glob("*.md"))
    path = paths[n % len(paths)]
    path.write_text(set_field(path.read_text(encoding="utf-8"), "title", f"Renamed project {n}"), "utf-8")
    return 0


def change_phase(content: Path, theme: Path, n: int) -> int:
    paths = sorted((content / "projects").glob("*.md"))
    path = paths[n % len(paths)]
    path.write_text(set_field(path.read_text(encoding="utf-8"), "phase", PHASES[n % 4]), "utf-8")
    return 0


def change_body(content: Path, theme: Path, n: int) -> int:
    paths = sorted((content / "projects").glob("*.md"))
    path = paths[n % len(paths)]
    path.write_text(path.read_text(encoding="utf-8") + f"\nMore about bins and potholes {n}.\n", "utf-8")
    return 0


def change_council_name(content: Path, theme: Path, n: int) -> int:
    paths = sorted((content / "councils").glob("*.md"))
    path = paths[n % len(paths)]
    text = set_field(path.read_text(encoding="utf-8"), "name", f"Renamed council {n}", kind="council")
    path.write_text(text, "utf-8")
    return 0


def change_makerday_title(content: Path, theme: Path, n: int) -> int:
    paths = sorted((content / "makerdays").glob("*.md"))
    path = paths[n % len(paths)]
    text = set_field(path.read_text(encoding="utf-8"), "title", f"Maker day {n}", kind="makerday")
    path.write_text(text, "utf-8")
    return 0


def add_project(content: Path, theme: Path, n: int) -> int:
    paths = sorted((content / "projects").glob("*.md"))
    source = paths[n % len(paths)]
    text = set_field(source.read_text(encoding="utf-8"), "title", f"Another project {n}")
    (content / "projects" / f"added-project-{n}.md").write_text(text, "utf-8")
    return 0


def delete_project(content: Path, theme: Path, n: int) -> int:
    paths = unreferenced_projects(content)
    paths[n % len(paths)].unlink()
    return 0


def rename_project(content: Path, theme: Path, n: int) -> int:
    paths = unreferenced_projects(content)
    path = paths[n % len(paths)]
    path.rename(path.with_name(f"renamed-{n}.md"))
    return 0


def change_template(content: Path, theme: Path, n: int) -> int:
    path = theme / "templates" / "components" / "project.html"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{{# edit {n} #}}\n", "utf-8")
    return 0


def change_today(content: Path, theme: Path, n: int) -> int:
    return n % 400 + 1


EDITS = [
    change_title,
    change_phase,
    change_body,
    change_council_name,
    change_makerday_title,
    add_project,
    delete_project,
    rename_project,
    change_template,
    change_today,
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A copy of the content and the theme, and a site built from them, shared by the examples in turn."""
    folder = tmp_path_factory.mktemp("incremental")
    shutil.copytree(CONTENT, folder / "content")
    shutil.copytree(ROOT / "theme", folder / "theme")
    build(folder / "content", folder / "output", folder / "theme")
    return folder, {"days": 0}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(EDITS), st.integers(min_value=0, max_value=10_000)), min_size=1, max_size=3
    )
)
def test_an_incremental_build_writes_what_a_clean_build_writes(workspace, edits):
    folder, state = workspace
    content, theme, output = folder / "content", folder / "theme", folder / "output"
    for edit, n in edits:
        state["days"] += edit(content, theme, n)
    today = TODAY + timedelta(days=state["days"])
    build(content, output, theme, today)
    clean = folder / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(content, clean, theme, today, incremental=False)
    assert differences(output, clean) == []


def built_twice(make_catalogue, tmp_path, caplog, edit=None):
    """Build the base catalogue, apply `edit` to (content, output), build again: the second build's log."""
    content = make_catalogue(tmp_path)
    output = tmp_path / "output"
    build(content, output, ROOT / "theme")
    if edit:
        edit(content, output)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="pipeline.site"):
        build(content, output, ROOT / "theme")
    return output, caplog.text


def test_a_build_after_one_edit_renders_only_the_pages_that_show_it(make_catalogue, tmp_path, caplog):
    def edit(content: Path, output: Path) -> None:
        path = next((content / "projects").glob("*.md"))
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")

    _, log = built_twice(make_catalogue, tmp_path, caplog, edit)
    assert "pages and feeds unchanged" in log
    unchanged = int(log.split(" pages and feeds unchanged")[0].split()[-1])
    assert unchanged > 0


@pytest.mark.parametrize(
    "document",
    ["not json {", "[]", '{"format": 1, "pages": {"index.html": "x"}}', "[" * 100_000, '{"format": 99}'],
)
def test_a_record_that_is_corrupt_means_a_full_build(make_catalogue, tmp_path, caplog, document):
    def corrupt(content: Path, output: Path) -> None:
        record.record_path(output).write_text(document, encoding="utf-8")

    output, log = built_twice(make_catalogue, tmp_path, caplog, corrupt)
    assert "pages and feeds unchanged" not in log
    assert "build record" in log
    assert json.loads(record.record_path(output).read_text())["format"] == record.FORMAT


def test_a_record_of_another_folder_is_not_used(make_catalogue, tmp_path, caplog):
    def replace_site(content: Path, output: Path) -> None:
        shutil.copytree(output, tmp_path / "copy")
        shutil.rmtree(output)
        (tmp_path / "copy").rename(output)

    _, log = built_twice(make_catalogue, tmp_path, caplog, replace_site)
    assert "pages and feeds unchanged" not in log


def test_a_page_changed_since_the_last_build_is_rendered_again(make_catalogue, tmp_path, caplog):
    tampered: list[Path] = []

    def tamper(content: Path, output: Path) -> None:
        path = next((output / "projects").glob("*/index.html"))
        path.write_text("<p>tampered</p>", encoding="utf-8")
        tampered.append(path)

    _, log = built_twice(make_catalogue, tmp_path, caplog, tamper)
    assert "tampered" not in tampered[0].read_text(encoding="utf-8")
    assert "pages and feeds unchanged" in log


def test_a_record_naming_paths_outside_the_site_is_harmless(make_catalogue, tmp_path, caplog):
    def point_outside(content: Path, output: Path) -> None:
        path = record.record_path(output)
        stored = json.loads(path.read_text())
        stored["pages"]["../../etc/passwd"] = ["x", 1, 1]
        path.write_text(json.dumps(stored))

    output, _ = built_twice(make_catalogue, tmp_path, caplog, point_outside)
    assert "../../etc/passwd" not in json.loads(record.record_path(output).read_text())["pages"]


def test_the_similar_projects_found_are_kept_for_the_next_build(make_catalogue, tmp_path, caplog):
    output, _ = built_twice(make_catalogue, tmp_path, caplog)
    fingerprint = json.loads(record.record_path(output).read_text())["fingerprint"]
    kept = record.read_similar(record.similar_path(output), fingerprint)
    assert kept is not None and kept.ids and set(kept.matches) == set(kept.ids)
    assert record.read_similar(record.similar_path(output), "another fingerprint") is None


@pytest.mark.parametrize("damage", [b"not numpy", b""])
def test_a_damaged_similar_projects_file_means_comparing_every_project(
    make_catalogue, tmp_path, caplog, damage
):
    def spoil(content: Path, output: Path) -> None:
        record.similar_path(output).write_bytes(damage)

    output, _ = built_twice(make_catalogue, tmp_path, caplog, spoil)
    clean = tmp_path / "clean"
    build(make_catalogue(tmp_path / "again"), clean, ROOT / "theme", incremental=False)
    assert differences(output, clean) == []


def test_a_build_with_search_indexes_again_only_what_changed(make_catalogue, tmp_path, monkeypatch):
    """`pipeline build` keeps the search index's parts beside the output: a build that changes no page
    runs Pagefind not at all, one after an edit runs it again, and `--clean` (not incremental) always;
    each time every page is in the index as a clean build indexes it."""
    from pipeline.site import search

    runs: list[Path] = []
    run_pagefind = search.run_pagefind
    monkeypatch.setattr(
        search, "run_pagefind", lambda site, bundle: runs.append(site) or run_pagefind(site, bundle)
    )
    content, output = make_catalogue(tmp_path), tmp_path / "output"

    def build_with_search(incremental: bool = True) -> dict[str, bytes]:
        """Every page of the index as Pagefind stored it (a fragment's name is a hash of its content)."""
        runs.clear()
        build_site(SETTINGS, content, output, TODAY, search=True, incremental=incremental)
        return {path.name: path.read_bytes() for path in (output / search.BUNDLE).glob("fragment/*")}

    first = build_with_search()
    assert len(runs) == 2, "one part for each language"
    assert build_with_search() == first and runs == [], "no page changed: every part kept"
    path = next((content / "projects").glob("*.md"))
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: Renamed", 1), "utf-8")
    edited = build_with_search()
    assert len(runs) == 2 and edited != first
    assert build_with_search(incremental=False) == edited and len(runs) == 2, "as a clean build indexes it"


def test_the_review_lists_pages_after_edits_are_those_of_a_clean_build(tmp_path):
    """The review page's long lists have pages of their own (more than ten items) only in a larger
    catalogue. Retitling a project on a list, renaming the council that leads it, then confirming it (which
    moves it off the list): after each, the pages are as a clean build writes them."""
    from benchmarks.generate import generate_catalogue

    content = tmp_path / "content"
    generate_catalogue(content, 150, seed=5, today=TODAY)
    output = build(content, tmp_path / "output", ROOT / "theme")
    assert (output / "review/to-confirm/page/2/index.html").is_file(), "the list has pages of its own"
    waiting = (output / "review/to-confirm/index.html").read_text(encoding="utf-8")
    project_id = waiting.split('class="card__title"><a href="/projects/')[1].split("/")[0]
    project = content / "projects" / f"{project_id}.md"
    council_id = load_file(project).data["lead_council"]
    council = content / "councils" / f"{council_id}.md"
    edits = [
        (project, "title", "Retitled project"),
        (council, "name", "Renamed Borough Council"),
        (project, "last_reviewed", TODAY.isoformat()),
    ]
    for number, (path, key, value) in enumerate(edits):
        kind = "council" if path.parent.name == "councils" else "project"
        path.write_text(set_field(path.read_text(encoding="utf-8"), key, value, kind), "utf-8")
        incremental = build(content, tmp_path / "output", ROOT / "theme")
        clean = build(content, tmp_path / f"clean-{number}", ROOT / "theme", incremental=False)
        assert value in (clean / "review/to-confirm/index.html").read_text(encoding="utf-8") or number == 2
        assert differences(incremental / "review", clean / "review") == [], key
        assert differences(incremental / "cy/review", clean / "cy/review") == [], key
    assert project_id not in (incremental / "review/to-confirm/index.html").read_text(encoding="utf-8")
