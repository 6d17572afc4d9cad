"""Similar-project detection (pipeline.similarity) and the `pipeline similar` command."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from similar_catalogue import (
    NEAR_DUPLICATES,
    PROJECTS,
    UNRELATED,
    council_files,
    project_files,
    project_front_matter,
)

from benchmarks.generate import generate_catalogue
from pipeline import similarity
from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.model import Project
from pipeline.writer import entry_text

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def content(tmp_path_factory, make_catalogue):
    return make_catalogue(
        tmp_path_factory.mktemp("similar"), {**council_files(), **project_files()}, base=False
    )


@pytest.fixture(scope="module")
def projects(content):
    catalogue, problems = load_catalogue(content, TODAY, Policy())
    assert problems == []
    return list(catalogue.projects.values())


def project(project_id: str, title: str, body: str = "", **fields) -> Project:
    return Project(project_id, f"{project_id}.md", None, {"title": title, **fields}, body)


def score_between(projects, first: str, second: str) -> float:
    candidate = next(p for p in projects if p.id == second)
    others = [p for p in projects if p.id != second]
    return dict(similarity.closest(others, candidate, top=len(others))).get(first, 0.0)


# Ranking ---------------------------------------------------------------------


def test_each_of_a_near_duplicate_pair_is_the_others_first_match(projects):
    found = similarity.similar_projects(projects)
    first, second = NEAR_DUPLICATES
    assert found[first][0][0] == second
    assert found[second][0][0] == first


def test_unrelated_projects_score_below_the_threshold(projects):
    found = similarity.similar_projects(projects)
    for first, second in UNRELATED:
        assert score_between(projects, first, second) < similarity.SIMILAR_THRESHOLD
        assert second not in dict(found[first])


def test_the_near_duplicates_are_flagged_as_possible_duplicates(projects):
    first, second = NEAR_DUPLICATES
    assert score_between(projects, first, second) >= similarity.DUPLICATE_THRESHOLD


def test_matches_are_best_first_above_the_threshold_and_never_the_project_itself(projects):
    for project_id, matches in similarity.similar_projects(projects, top=3).items():
        scores = [score for _, score in matches]
        assert len(matches) <= 3
        assert scores == sorted(scores, reverse=True)
        assert all(score >= similarity.SIMILAR_THRESHOLD for score in scores)
        assert project_id not in dict(matches)


# Determinism -----------------------------------------------------------------


def test_the_result_is_the_same_whatever_order_the_projects_come_in(projects):
    expected = similarity.similar_projects(projects)
    for seed in range(3):
        shuffled = list(projects)
        random.Random(seed).shuffle(shuffled)
        assert similarity.similar_projects(shuffled) == expected


def test_equal_scores_are_ordered_by_id():
    twins = [
        project(project_id, "Pothole reporting map", "Report potholes on a map.")
        for project_id in ("pothole-c", "pothole-a", "pothole-b")
    ]
    other = project("road-defects", "Pothole reporting", "Report potholes and other road defects.")
    found = similarity.similar_projects(twins + [other], threshold=0)
    matches = found["road-defects"]
    assert [project_id for project_id, _ in matches] == ["pothole-a", "pothole-b", "pothole-c"]
    assert len({score for _, score in matches}) == 1
    assert [project_id for project_id, _ in found["pothole-b"][:2]] == ["pothole-a", "pothole-c"]


def test_ties_at_the_cut_off_keep_the_lowest_ids():
    scores = np.array([[0.5, 0.9, 0.5, 0.5], [0.0, 0.0, 0.0, 0.0]])
    assert similarity.best_in_rows(scores, top=2, threshold=0.1) == [[(1, 0.9), (0, 0.5)], []]


def test_small_blocks_give_the_same_result_as_one_block(projects, monkeypatch):
    expected = similarity.similar_projects(projects)
    monkeypatch.setattr(similarity, "BLOCK_CELLS", 1)
    assert similarity.similar_projects(projects) == expected


# Text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("bins", "bin"),
        ("libraries", "library"),
        ("business", "business"),
        ("status", "status"),
        ("bus", "bus"),
    ],
)
def test_plural_endings_are_removed(word, stem):
    assert similarity.stem(word) == stem


def test_a_draft_with_missing_or_mistyped_fields_can_still_be_scored():
    draft = Project(
        "draft", "draft.md", None, {"title": ["not", "text"], "tags": "bins"}, "Report a missed bin."
    )
    catalogue = [project("missed-bins", "Report a missed bin", "Report a missed bin collection.")]
    assert similarity.closest(catalogue, draft)[0][0] == "missed-bins"


def test_projects_with_no_words_in_common_have_no_matches():
    found = similarity.similar_projects([project("a", "A"), project("b", "Of the"), project("c", "")])
    assert found == {"a": [], "b": [], "c": []}


words = st.sampled_from(["bin", "bins", "crew", "library", "room", "care", "the", "and", "school", "x"])
texts = st.lists(words, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(texts, texts), min_size=2, max_size=8))
def test_scores_are_symmetric_between_0_and_1_and_never_self(entries):
    projects = [project(f"p{index}", title, body) for index, (title, body) in enumerate(entries)]
    found = similarity.similar_projects(projects, top=len(projects), threshold=0)
    for project_id, matches in found.items():
        assert project_id not in dict(matches)
        for other, score in matches:
            assert 0 < score <= 1
            assert dict(found[other])[project_id] == score


# pipeline similar --------------------------------------------------------------


def write_draft(tmp_path, project_id: str, lead: str, fields: dict, body: str):
    path = tmp_path / "drafts" / "projects" / f"{project_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(entry_text(project_front_matter(lead, fields), body), encoding="utf-8")
    return path


@pytest.fixture
def draft(tmp_path):
    """The first of the near-duplicate pair, written again under a new id by another council."""
    lead, fields, body = PROJECTS[NEAR_DUPLICATES[0]]
    return write_draft(tmp_path, "missed-bin-reports-belfast", "belfast", fields, body)


def test_similar_names_the_possible_duplicate(run_pipeline, content, draft):
    result = run_pipeline("similar", draft, "--content", content)
    assert result.code == 0
    lines = result.out.splitlines()
    assert "missed-bin-reports:" in lines[1] and lines[1].endswith("possible duplicate")
    assert "Possible duplicate" in lines[-1] and "missed-bin-reports" in lines[-1]


def test_similar_json_lists_scores_best_first(run_pipeline, content, draft):
    result = run_pipeline("similar", draft, "--content", content, "--format", "json", "--top", "2")
    report = json.loads(result.out)
    assert report["duplicate_threshold"] == similarity.DUPLICATE_THRESHOLD
    matches = report["matches"]
    assert [match["id"] for match in matches][:2] == list(NEAR_DUPLICATES)
    assert len(matches) == 2
    assert matches[0]["possible_duplicate"] is True and matches[0]["score"] >= matches[1]["score"]
    assert matches[0]["lead_council_name"] == "West Berkshire"


def test_a_changed_project_is_not_its_own_duplicate(run_pipeline, content):
    result = run_pipeline("similar", content / "projects" / "missed-bin-reports.md", "--content", content)
    assert "missed-bin-reports:" not in result.out
    assert "uncollected-waste-form:" in result.out.splitlines()[1]


def test_an_unrelated_project_has_no_possible_duplicate(run_pipeline, content, tmp_path):
    fields = {
        "title": "Cemetery plot finder",
        "summary": "Families find where a relative is buried using a map of each cemetery.",
        "service_areas": ["registration-services"],
        "tags": ["bereavement", "maps"],
    }
    path = write_draft(
        tmp_path, "cemetery-plot-finder", "belfast", fields, "Plots are mapped from burial records."
    )
    result = run_pipeline("similar", path, "--content", content)
    assert result.code == 0
    assert "possible duplicate" not in result.out.lower()


def test_similar_refuses_a_council_file(run_pipeline, content):
    result = run_pipeline("similar", content / "councils" / "gwynedd.md", "--content", content)
    assert result.code == 2
    assert "not a project" in result.err


def test_similar_reports_an_unreadable_file_with_its_line(run_pipeline, content, tmp_path):
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    result = run_pipeline("similar", path, "--content", content)
    assert result.code == 1
    assert "broken.md:" in result.err and "error" in result.err


def test_top_must_be_a_positive_number(run_pipeline, content, draft):
    assert run_pipeline("similar", draft, "--content", content, "--top", "0").code == 2


def test_the_pipeline_command_loads_the_maths_libraries_only_to_compare_projects():
    code = "import sys, pipeline.cli; print([m for m in ('numpy', 'scipy', 'sklearn') if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# Comparing again only what changed -------------------------------------------------

WORDS = ["bins", "potholes", "parking", "library", "libraries", "map", "report", "care", "school", "housing"]


def edited(projects: list[Project], edits: list[tuple[int, int, str]]) -> list[Project]:
    """The projects after some edits: (which, how, word), each a change of body (a word it has said
    again or two bodies swapped, which change no other project's weights, or a new word), title, or a
    project removed or added."""
    found = {p.id: p for p in projects}
    for which, how, word in edits:
        chosen = sorted(found)[which % len(found)] if found else None
        if how in (0, 4) and chosen:
            old = found[chosen]
            own = similarity.raw_words(old.body) or [word]
            said = own[which % len(own)] if how == 4 else word
            found[chosen] = project(chosen, old.title, f"{old.body} {said} {said}.", tags=old.get("tags", []))
        elif how == 5 and chosen:  # two bodies swapped: the words' weights stay the same
            other = sorted(found)[(which * 7 + 3) % len(found)]
            first, second = found[chosen], found[other]
            found[chosen] = project(chosen, first.title, second.body, tags=first.get("tags", []))
            found[other] = project(other, second.title, first.body, tags=second.get("tags", []))
        elif how == 1 and chosen:
            old = found[chosen]
            found[chosen] = project(chosen, f"{word} {old.title}", old.body, tags=old.get("tags", []))
        elif how == 2 and chosen and len(found) > 3:
            del found[chosen]
        else:
            added = f"added-{which}-{word}"
            found[added] = project(added, f"{word.title()} service", f"Better {word} for residents.")
    return list(found.values())


@pytest.fixture(scope="module")
def generated_projects(tmp_path_factory):
    """Projects sharing vocabulary as a real catalogue's do, so that an edit leaves most vectors alone."""
    content = tmp_path_factory.mktemp("generated") / "content"
    generate_catalogue(content, 150, seed=5, today=TODAY)
    catalogue, _ = load_catalogue(content, TODAY, Policy())
    return list(catalogue.projects.values())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 5), st.sampled_from(WORDS)), min_size=0, max_size=4
    ),
    st.sampled_from([(similarity.TOP, similarity.SIMILAR_THRESHOLD), (2, 0.0), (3, 0.3)]),
)
def test_comparing_again_only_what_changed_gives_the_same_matches(generated_projects, edits, limits):
    projects, (top, threshold) = generated_projects, limits
    earlier = similarity.similar_projects_since(projects, None, top, threshold)
    assert earlier.matches == similarity.similar_projects(projects, top, threshold)
    now = edited(projects, edits)
    since = similarity.similar_projects_since(now, earlier, top, threshold)
    assert since.matches == similarity.similar_projects(now, top, threshold)


def test_an_earlier_result_of_other_limits_is_not_used(projects):
    earlier = similarity.similar_projects_since(projects, None, top=1, threshold=0.9)
    since = similarity.similar_projects_since(projects, earlier)
    assert since.matches == similarity.similar_projects(projects)
