"""`pipeline new`: a valid new entry from flags or prompts, never over an existing file."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest
from catalogue_fixtures import TODAY

from pipeline import catalogue
from pipeline.freshness import Policy
from pipeline.loader import load_file

PROJECT_FLAGS = [
    "--title", "Gritter tracker",
    "--summary", "Residents see where the gritters have been.",
    "--lead-council", "west-berkshire",
    "--phase", "beta",
    "--contact-email", "roads@example.gov.uk",
]  # fmt: skip


@pytest.fixture
def new(catalogue_dir, run_pipeline):
    def run(kind: str, *arguments):
        return run_pipeline("new", kind, "--content", "content", "--today", TODAY.isoformat(), *arguments)

    return run


class Terminal(io.StringIO):
    """Typed answers, one a line, on what looks like a terminal."""

    def isatty(self) -> bool:
        return True


def answer(monkeypatch, *lines: str) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal("".join(f"{line}\n" for line in lines)))


def test_a_project_from_flags(catalogue_dir, new):
    result = new(
        "project", "--no-input", *PROJECT_FLAGS, "--looking-for", "partners", "--looking-for", "funding"
    )
    assert result.code == 0, result.out + result.err
    assert result.out.startswith("created content/projects/gritter-tracker.md\n")
    document = load_file(catalogue_dir / "projects/gritter-tracker.md")
    assert document.data == {
        "title": "Gritter tracker",
        "summary": "Residents see where the gritters have been.",
        "lead_council": "west-berkshire",
        "phase": "beta",
        "contacts": [{"role": "Digital team", "email": "roads@example.gov.uk"}],
        "looking_for": ["partners", "funding"],
        "last_reviewed": TODAY.isoformat(),
    }
    assert "## How others can help" in document.body


def test_last_reviewed_is_the_day_given_with_today(catalogue_dir, run_pipeline):
    result = run_pipeline(
        "new", "project", "--content", "content", "--today", "2027-02-03", "--no-input", *PROJECT_FLAGS
    )
    assert result.code == 0, result.out + result.err
    assert load_file(catalogue_dir / "projects/gritter-tracker.md").data["last_reviewed"] == "2027-02-03"


def test_the_new_file_is_valid_in_the_catalogue_once_its_prompts_are_replaced(catalogue_dir, new):
    new("project", "--no-input", *PROJECT_FLAGS)
    new("makerday", "--no-input", "--title", "Reading Maker Day", "--starts", "2027-03-04 09:30",
        "--ends", "2027-03-04 16:30", "--format", "in-person", "--host-council", "west-berkshire",
        "--venue-name", "Town hall", "--venue-town", "Reading", "--challenge", "gritter-tracker",
        "--registration-url", "https://tickets.example.org/reading")  # fmt: skip
    new("council", "--no-input", "--name", "Ynys Môn", "--gss-code", "W06000001", "--type", "welsh-unitary",
        "--nation", "wales", "--website", "https://www.ynysmon.llyw.cymru")  # fmt: skip
    built, problems = catalogue.load_catalogue(catalogue_dir, TODAY, Policy())
    assert {
        (problem.path, problem.message.split(" ")[:3] == ["replace", "the", "prompt"]) for problem in problems
    } == {
        ("content/projects/gritter-tracker.md", True),
        ("content/makerdays/reading-maker-day.md", True),
    }
    for path in (
        catalogue_dir / "projects/gritter-tracker.md",
        catalogue_dir / "makerdays/reading-maker-day.md",
    ):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            re.sub(r"\[Replace this: ([^\]]*)\]", r"Our own words about \1", text), encoding="utf-8"
        )
    built, problems = catalogue.load_catalogue(catalogue_dir, TODAY, Policy())
    assert problems == []


def test_an_online_maker_day_needs_no_venue(catalogue_dir, new):
    result = new("makerday", "--no-input", "--title", "Online day", "--starts", "2027-03-04 09:30",
                 "--ends", "2027-03-04 12:00", "--format", "online", "--host-council", "gwynedd")  # fmt: skip
    assert result.code == 0
    assert "venue" not in load_file(catalogue_dir / "makerdays/online-day.md").data


def test_refuses_to_overwrite(catalogue_dir, new):
    path = catalogue_dir / "projects/bin-collection-app.md"
    before = path.read_bytes()
    result = new("project", "--no-input", *PROJECT_FLAGS, "--id", "bin-collection-app")
    assert result.code == 2
    assert "already exists" in result.err
    assert path.read_bytes() == before


def test_refuses_to_overwrite_a_file_made_a_moment_ago(catalogue_dir, new):
    assert new("project", "--no-input", *PROJECT_FLAGS).code == 0
    assert new("project", "--no-input", *PROJECT_FLAGS).code == 2


def test_missing_values_without_prompts(catalogue_dir, new):
    result = new("project", "--no-input", "--title", "Gritter tracker")
    assert result.code == 2
    assert "missing --summary, --lead-council, --phase, --contact-email" in result.err
    assert not (catalogue_dir / "projects/gritter-tracker.md").exists()


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--title", "!!!"], 'the file name ".md" is not allowed'),
        (
            ["--title", "Gritter tracker", "--id", "Gritter Tracker"],
            'the file name "Gritter Tracker.md" is not',
        ),
        (["--title", "Gritter tracker", "--id", "../councils/x"], "is not allowed"),
    ],
)
def test_a_usable_id_is_needed(catalogue_dir, new, arguments, message):
    flags = [flag for flag in PROJECT_FLAGS if flag not in ("--title", "Gritter tracker")]
    result = new("project", "--no-input", *flags, *arguments)
    assert result.code == 2
    assert message in result.err and "--id" in result.err
    assert sorted(path.name for path in catalogue_dir.rglob("*") if path.is_file()) == sorted(
        ["west-berkshire.md", "gwynedd.md", "belfast.md", "bin-collection-app.md", "maker-day-newbury.md"]
    )


@pytest.mark.parametrize(
    "title, entry_id",
    [("Llyfrgelloedd Môn", "llyfrgelloedd-mon"), ("Bins & Recycling: 2027!", "bins-and-recycling-2027")],
)
def test_the_id_comes_from_the_title(catalogue_dir, new, title, entry_id):
    flags = [flag for flag in PROJECT_FLAGS if flag not in ("--title", "Gritter tracker")]
    assert new("project", "--no-input", "--title", title, *flags).code == 0
    assert load_file(catalogue_dir / f"projects/{entry_id}.md").data["title"] == title


def test_a_wrong_value_is_refused_before_anything_is_written(catalogue_dir, new):
    flags = [flag if flag != "beta" else "betta" for flag in PROJECT_FLAGS]
    result = new("project", "--no-input", *flags)
    assert result.code == 2
    assert "--phase: 'betta' is not one of the choices; did you mean beta?" in result.err
    assert not (catalogue_dir / "projects/gritter-tracker.md").exists()


# Prompts ---------------------------------------------------------------------------------------


def test_prompts_ask_for_each_value(catalogue_dir, new, monkeypatch):
    answer(
        monkeypatch,
        "",  # title is needed: asked again
        "Gritter tracker",
        "Residents see where the gritters have been.",
        "west-berkshire",
        "beta",
        "",  # contact role: the default
        "roads@example.gov.uk",
        "partners, funding",
        "highways-and-transport",
        "",  # no tags
        "",  # no start date
    )
    result = new("project")
    assert result.code == 0, result.out + result.err
    assert "This one is needed." in result.out
    assert "Phase [concept, discovery, alpha, beta, live, retired]: " in result.out
    assert "Contact role (Digital team): " in result.out
    assert "(comma-separated)" in result.out
    data = load_file(catalogue_dir / "projects/gritter-tracker.md").data
    assert data["contacts"] == [{"role": "Digital team", "email": "roads@example.gov.uk"}]
    assert (data["looking_for"], data["service_areas"]) == (
        ["partners", "funding"],
        ["highways-and-transport"],
    )
    assert "tags" not in data


def test_flags_given_are_not_asked_for(catalogue_dir, new, monkeypatch):
    answer(monkeypatch, "Digital team", "", "", "", "")
    result = new("project", *PROJECT_FLAGS)
    assert result.code == 0
    assert "Project title" not in result.out and "Contact role" in result.out


def test_running_out_of_answers_writes_nothing(catalogue_dir, new, monkeypatch):
    answer(monkeypatch, "Gritter tracker")
    result = new("project")
    assert result.code == 2
    assert "nothing was written" in result.err
    assert not (catalogue_dir / "projects/gritter-tracker.md").exists()


def test_no_input_wins_over_a_terminal(catalogue_dir, new, monkeypatch):
    answer(monkeypatch, "Gritter tracker")
    assert new("project", "--no-input").code == 2


def test_piped_input_is_not_prompted_for(catalogue_dir):
    """Without a terminal, `pipeline new` never waits for answers."""
    command = [sys.executable, "-m", "pipeline.cli", "new", "council", "--content", "content"]
    result = subprocess.run(command, input="Stroud\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "missing --name, --gss-code, --type, --nation, --website" in result.stderr
    assert not (catalogue_dir / "councils/stroud.md").exists()
