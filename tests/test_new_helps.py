"""`pipeline new` understands answers as people give them, warns of similar projects, and leaves
prompts that `pipeline validate` will not publish until they are replaced."""

from __future__ import annotations

import io
import sys

import pytest
from catalogue_fixtures import TODAY
from hypothesis import given
from hypothesis import strategies as st

from pipeline import catalogue
from pipeline.freshness import Policy
from pipeline.interpret import CouncilNames, ProjectNames
from pipeline.loader import load_file
from pipeline.rules import PROMPT_LEFT
from pipeline.scaffold import PROMPT, QUESTIONS, prompts_left, read_answer

GRITTER = ["--title", "Gritter tracker", "--summary", "Residents see where the gritters have been.",
           "--phase", "beta", "--contact-email", "roads@example.gov.uk"]  # fmt: skip


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def new(catalogue_dir, run_pipeline, monkeypatch):
    """Run `pipeline new KIND ARGS`, typing the given answers at a terminal."""

    def run(kind: str, *arguments, typed: tuple[str, ...] | None = None):
        if typed is not None:
            monkeypatch.setattr(sys, "stdin", Terminal("".join(f"{line}\n" for line in typed)))
        return run_pipeline("new", kind, "--content", "content", "--today", TODAY.isoformat(), *arguments)

    return run


@pytest.fixture
def names(catalogue_dir):
    built, _ = catalogue.load_catalogue(catalogue_dir, TODAY, Policy())
    return {"councils": CouncilNames.from_catalogue(built), "projects": ProjectNames.from_catalogue(built)}


def question(kind: str, flag: str):
    return next(question for question in QUESTIONS[kind] if question.flag == flag)


# Reading answers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, flag, typed, value",
    [
        ("project", "lead-council", "West Berkshire Council", "west-berkshire"),
        ("project", "lead-council", "E06000037", "west-berkshire"),
        ("project", "phase", "Beta", "beta"),
        ("project", "looking-for", "Partners, user research", ["partners", "user-research"]),
        ("project", "tag", "Roads & Pavements; Winter", ["roads-and-pavements", "winter"]),
        ("project", "started", "25th March 2026", "2026-03-25"),
        ("project", "started", "25/03/2026", "2026-03-25"),
        ("makerday", "starts", "4 March 2027 9:30", "2027-03-04 09:30"),
        ("makerday", "starts", "2027-03-04 09:30", "2027-03-04 09:30"),
        ("makerday", "challenge", "Bin collection app", ["bin-collection-app"]),
        ("makerday", "registration-url", "www.example.org/tickets", "https://www.example.org/tickets"),
        ("council", "website", "www.reading.gov.uk", "https://www.reading.gov.uk"),
    ],
)
def test_answers_are_read_as_people_write_them(names, kind, flag, typed, value):
    reading = read_answer(kind, question(kind, flag), typed, names)
    assert (reading.value, reading.problem) == (value, None)


@pytest.mark.parametrize(
    "kind, flag, typed, problem",
    [
        ("project", "lead-council", "West Berkshre", "did you mean West Berkshire?"),
        ("project", "phase", "betta", "did you mean beta?"),
        ("project", "started", "25/03/26", "'25/03/26'"),
        ("project", "contact-email", "roads at example", "use an email address like"),
        ("project", "summary", "x" * 300, "shorten it to 280 or fewer"),
        ("makerday", "starts", "4 March 2027", "give the date and then the time of day"),
        ("makerday", "starts", "4 March 2027 25:00", "no such time of day"),
        ("council", "gss-code", "E6000037", "not valid; use the ONS/GSS code"),
        ("council", "website", "javascript:alert(1)", "is not the address of a web page"),
    ],
)
def test_an_answer_that_cannot_be_used_says_why(names, kind, flag, typed, problem):
    reading = read_answer(kind, question(kind, flag), typed, names)
    assert reading.value is None and problem in reading.problem


def test_a_wrong_answer_is_asked_again_until_it_can_be_used(catalogue_dir, new):
    result = new("project", *GRITTER, typed=("Gwyned", "Gwynedd", "", "", "", "", "12/3/26", "12 March 2026"))
    assert result.code == 0, result.out + result.err
    assert "We could not find 'Gwyned'; did you mean Gwynedd?" in result.out
    assert "'12/3/26'" in result.out
    data = load_file(catalogue_dir / "projects/gritter-tracker.md").data
    assert (data["lead_council"], data["started"]) == ("gwynedd", "2026-03-12")


def test_a_flag_in_peoples_words_is_understood(catalogue_dir, new):
    result = new("project", "--no-input", *GRITTER, "--lead-council", "West Berkshire Council",
                 "--tag", "Roads & Pavements", "--started", "1 April 2026")  # fmt: skip
    assert result.code == 0, result.out + result.err
    data = load_file(catalogue_dir / "projects/gritter-tracker.md").data
    assert (data["lead_council"], data["tags"], data["started"]) == (
        "west-berkshire",
        ["roads-and-pavements"],
        "2026-04-01",
    )


# Similar projects -------------------------------------------------------------------------------

BINS = ["--title", "Bin collection reminders", "--summary", "Residents get a reminder of their bin collection day.",
        "--lead-council", "gwynedd", "--phase", "alpha", "--contact-email", "bins@example.gov.uk"]  # fmt: skip


def test_similar_projects_are_shown_and_going_on_is_asked(catalogue_dir, new):
    result = new("project", *BINS, typed=("", "", "", "", "", "n"))
    assert result.code == 0, result.out + result.err
    assert "Bin collection app, led by West Berkshire: content/projects/bin-collection-app.md" in result.out
    assert "Write the new project anyway? [y/N]" in result.out
    assert "Nothing was written" in result.out
    assert not (catalogue_dir / "projects/bin-collection-reminders.md").exists()


def test_saying_yes_writes_the_project(catalogue_dir, new):
    result = new("project", *BINS, typed=("", "", "", "", "", "y"))
    assert result.code == 0, result.out + result.err
    assert (catalogue_dir / "projects/bin-collection-reminders.md").exists()


def test_without_input_similar_projects_are_listed_and_the_file_written(catalogue_dir, new):
    result = new("project", "--no-input", *BINS)
    assert result.code == 0, result.out + result.err
    assert "Bin collection app, led by West Berkshire" in result.out
    assert (catalogue_dir / "projects/bin-collection-reminders.md").exists()


def test_nothing_similar_asks_nothing(catalogue_dir, new):
    result = new("project", "--no-input", *GRITTER, "--lead-council", "gwynedd")
    assert "already in Pipeline" not in result.out


# Prompts left in the file -----------------------------------------------------------------------


def test_a_new_project_says_which_prompts_to_replace(catalogue_dir, new):
    result = new("project", "--no-input", *GRITTER, "--lead-council", "gwynedd")
    assert result.code == 0, result.out + result.err
    assert "replace each [Replace this: ...] line with your own words" in result.out
    assert PROMPT.format("what problem are you solving, and for whom?") in (
        catalogue_dir / "projects/gritter-tracker.md"
    ).read_text(encoding="utf-8")


def test_validate_refuses_a_prompt_on_its_line(catalogue_dir, new, run_pipeline):
    new("project", "--no-input", *GRITTER, "--lead-council", "gwynedd")
    path = catalogue_dir / "projects/gritter-tracker.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(number for number, line in enumerate(lines, start=1) if "[Replace this:" in line)
    result = run_pipeline("validate", "--content", "content", "--today", TODAY.isoformat())
    assert result.code == 1
    assert (
        f'content/projects/gritter-tracker.md:{first}:1: error: {PROMPT_LEFT} "[Replace this: what problem are you '
        'solving, and for whom?]" and the 2 other prompts after it with your own words'
    ) in result.out
    assert result.out.count(": error: ") == 1


def test_a_prompt_in_the_front_matter_is_refused_too(catalogue_dir, new, run_pipeline):
    new("makerday", "--no-input", "--title", "Online day", "--starts", "2027-03-04 09:30", "--ends",
        "2027-03-04 12:00", "--format", "online", "--host-council", "gwynedd", "--challenge", "bin-collection-app")  # fmt: skip
    path = catalogue_dir / "makerdays/online-day.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    brief = next(number for number, line in enumerate(lines, start=1) if "brief:" in line)
    result = run_pipeline("validate", "--content", "content", "--today", TODAY.isoformat())
    assert f"content/makerdays/online-day.md:{brief}:" in result.out


LINE = st.text(st.characters(blacklist_characters="[]\n\r", blacklist_categories=("Cs",)), max_size=30)


@given(st.lists(LINE, max_size=8), st.integers(min_value=0, max_value=8), LINE, LINE)
def test_the_first_prompt_is_found_on_its_own_line_and_column(lines, where, before, words):
    assert prompts_left("\n".join(lines)) == []
    where = min(where, len(lines))
    prompt = PROMPT.format(words)
    text = "\n".join([*lines[:where], before + prompt, *lines[where:]])
    assert prompts_left(text)[0] == (where + 1, len(before) + 1, prompt)
