"""`pipeline intake --kind update`: the confirm and update forms become minimal edits of a project's
file, with a machine-readable decision on whether the project's owner vouches for the change."""

from __future__ import annotations

import difflib
import json
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from catalogue_fixtures import TODAY, TODAY_OPTION
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import intake
from pipeline.loader import load_file

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PROJECTS = sorted(path.stem for path in (REPO / "content/projects").glob("*.md"))
BINS = "projects/bin-collection-reminders.md"
OWNER = "WB-Maintainer"  # a maintainer of West Berkshire, the project's lead council


def form_body(answers: dict[str, str]) -> str:
    return "".join(f"### {label}\n\n{answer or '_No response_'}\n\n" for label, answer in answers.items())


def confirm_answers(project: str = "bin-collection-reminders", note: str = "") -> dict[str, str]:
    return {"Project": project, "Anything else": note}


def update_answers(**changes: str) -> dict[str, str]:
    answers = dict.fromkeys(
        ("What is new", "New phase", "Now looking for", "New partner councils", "Expected end date"), ""
    )
    return {"Project": "Bin collection reminders", **answers, **changes, "Anything else": ""}


def sample_content(root: Path) -> Path:
    """A copy of the repository's sample catalogue, with a GitHub user among West Berkshire's maintainers."""
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    council = content / "councils/west-berkshire.md"
    text = council.read_text(encoding="utf-8")
    council.write_text(
        text.replace("maintainers:\n", "maintainers:\n  - '@wb-maintainer'\n"), encoding="utf-8"
    )
    return content


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return sample_content(tmp_path)


def submit(run_pipeline, tmp_path, answers: dict[str, str], *options):
    issue = tmp_path / "issue.md"
    issue.write_bytes(form_body(answers).encode("utf-8"))
    return run_pipeline(
        "intake", "--issue-body", issue, "--kind", "update", "--content", "content", TODAY_OPTION, *options
    )


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a unified diff removes or adds."""
    diff = difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_an_owners_confirm_changes_one_line_and_is_owner_confirmed(content, tmp_path, run_pipeline):
    before = (content / BINS).read_text(encoding="utf-8")
    message = tmp_path / "message.txt"
    result = submit(
        run_pipeline,
        tmp_path,
        confirm_answers(),
        "--author",
        OWNER,
        "--format",
        "json",
        "--message-file",
        message,
    )
    assert result.code == 0, result.out
    decision = json.loads(result.out)
    assert decision["entry"] == "content/projects/bin-collection-reminders.md"
    assert decision["change"] == "confirm"
    assert decision["owner_confirmed"] is True
    assert decision["message"].startswith("Confirm project: Bin collection reminders\n")
    assert message.read_text(encoding="utf-8") == decision["message"]
    after = (content / BINS).read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-last_reviewed: 2026-10-14\n", f"+last_reviewed: {TODAY}\n"]


def test_a_non_owners_confirm_is_not_owner_confirmed(content, tmp_path, run_pipeline):
    result = submit(run_pipeline, tmp_path, confirm_answers(), "--author", "someone-else", "--format", "json")
    decision = json.loads(result.out)
    assert (decision["change"], decision["owner_confirmed"]) == ("confirm", False)


def test_a_confirm_without_an_author_is_not_owner_confirmed(content, tmp_path, run_pipeline):
    assert (
        json.loads(submit(run_pipeline, tmp_path, confirm_answers(), "--format", "json").out)[
            "owner_confirmed"
        ]
        is False
    )


def test_the_text_output_is_the_changed_entrys_path(content, tmp_path, run_pipeline):
    result = submit(run_pipeline, tmp_path, confirm_answers("Bin collection reminders"))
    assert result.code == 0, result.out
    assert result.out == "content/projects/bin-collection-reminders.md\n"


def test_an_update_changes_only_the_fields_given_and_adds_a_dated_update(content, tmp_path, run_pipeline):
    before = (content / BINS).read_text(encoding="utf-8")
    answers = update_answers(
        **{
            "What is new": "Stroud’s rounds are loaded.",
            "Now looking for": "Funding, User research",
            "New partner councils": "Stroud District Council",
        }
    )
    result = submit(run_pipeline, tmp_path, answers, "--author", OWNER, "--format", "json")
    assert result.code == 0, result.out
    decision = json.loads(result.out)
    # An owner's update touches only the project's own file, partners included, so it vouches for itself.
    assert (decision["change"], decision["owner_confirmed"]) == ("update", True)
    after = (content / BINS).read_text(encoding="utf-8")
    assert sorted(changed_lines(before, after)) == sorted(
        [
            "-  - partners\n",
            "+  - funding\n",
            "+  - user-research\n",
            "+  - stroud\n",
            "-last_reviewed: 2026-10-14\n",
            f"+last_reviewed: {TODAY}\n",
            f"+  - date: {TODAY}\n",
            "+    text: Stroud's rounds are loaded.\n",
        ]
    )
    data = load_file(content / BINS).data
    assert data["partner_councils"] == ["reading", "wokingham", "stroud"]
    assert data["updates"][0] == {"date": TODAY.isoformat(), "text": "Stroud's rounds are loaded."}
    assert "looking for" in decision["comment"] and "partner councils" in decision["comment"]


def test_an_update_with_a_new_phase_and_end_date(content, tmp_path, run_pipeline):
    before = (content / BINS).read_text(encoding="utf-8")
    answers = update_answers(**{"New phase": "Retired", "Expected end date": "31 March 2027"})
    result = submit(run_pipeline, tmp_path, answers)
    assert result.code == 0, result.out
    after = (content / BINS).read_text(encoding="utf-8")
    assert "+phase: retired\n" in changed_lines(before, after)
    assert "+ends: 2027-03-31\n" in changed_lines(before, after)
    assert len(changed_lines(before, after)) == 5


def test_an_empty_update_is_a_confirm(content, tmp_path, run_pipeline):
    result = submit(run_pipeline, tmp_path, update_answers(), "--format", "json")
    assert json.loads(result.out)["change"] == "confirm"


def test_a_second_confirm_on_the_same_day_changes_nothing(content, tmp_path, run_pipeline):
    submit(run_pipeline, tmp_path, confirm_answers())
    before = (content / BINS).read_bytes()
    decision = json.loads(submit(run_pipeline, tmp_path, confirm_answers(), "--format", "json").out)
    assert decision["changed"] is False and "already confirmed today" in decision["comment"]
    assert (content / BINS).read_bytes() == before


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            confirm_answers("Bin colection remiders"),
            "- **Project**: we could not find 'Bin colection remiders'",
        ),
        (
            update_answers(**{"New partner councils": "Wokinham"}),
            "- **New partner councils**: we could not find 'Wokinham'; did you mean Wokingham?",
        ),
        (
            update_answers(**{"Expected end date": "next spring"}),
            "- **Expected end date**: we could not read",
        ),
        (
            update_answers(**{"What is new": "News " * 500}),
            "- **What is new**: the answer is 2499 characters long; shorten it to 2000",
        ),
        (
            update_answers(**{"New phase": "Finished"}),
            '- **New phase**: "Finished" is not one of the choices',
        ),
    ],
)
def test_a_change_with_problems_writes_nothing_and_says_what_to_fix(
    content, tmp_path, run_pipeline, answers, expected
):
    before = {path: path.read_bytes() for path in content.rglob("*.md")}
    result = submit(run_pipeline, tmp_path, answers, "--format", "json")
    assert result.code == 1
    decision = json.loads(result.out)
    assert decision["valid"] is False and decision["owner_confirmed"] is False
    assert expected in decision["comment"]
    assert "updates" not in decision["comment"] and ".md" not in decision["comment"]
    assert {path: path.read_bytes() for path in content.rglob("*.md")} == before


def test_an_update_keeps_crlf_line_endings_and_comments(content, tmp_path, run_pipeline):
    path = content / BINS
    text = path.read_text(encoding="utf-8").replace("phase: live\n", "phase: live  # checked by the team\n")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    before = path.read_bytes()
    assert submit(run_pipeline, tmp_path, confirm_answers()).code == 0
    after = path.read_bytes()
    assert b"phase: live  # checked by the team\r\n" in after
    assert after.replace(f"last_reviewed: {TODAY}".encode(), b"last_reviewed: 2026-10-14") == before


# Properties ---------------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(project=st.sampled_from(SAMPLE_PROJECTS), today=DAYS)
def test_a_confirm_of_any_sample_project_is_a_one_line_diff(project, today):
    with tempfile.TemporaryDirectory() as scratch:
        content = sample_content(Path(scratch))
        path = content / "projects" / f"{project}.md"
        before = path.read_text(encoding="utf-8")
        last_reviewed = load_file(path).data["last_reviewed"]
        try:
            outcome = intake.take_in(
                form_body(confirm_answers(project)), "update", intake.Context(content, today)
            )
        except intake.IntakeError as error:
            # Only a review dated after "today" can stop a confirm (the date would go backwards).
            assert date.fromisoformat(last_reviewed) > today - timedelta(days=0), error.notes
            assert path.read_text(encoding="utf-8") == before
            return
        assert outcome.change == "confirm"
        lines = changed_lines(before, path.read_text(encoding="utf-8"))
        if last_reviewed == today.isoformat():
            assert lines == []
        else:
            assert lines == [f"-last_reviewed: {last_reviewed}\n", f"+last_reviewed: {today}\n"]


FORM_LABELS = sorted(
    {label for form in intake.forms.FORMS for label in intake.form_labels(form)}
    | {"Project", "Anything else"}
)
ANSWERS = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        ["Reading", "Wokinham", "25/03/26", "31/02/2026", "www.example.gov.uk", "- [X] ok", "Live", "£1,000"]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(intake.KINDS),
    answers=st.lists(st.tuples(st.sampled_from(FORM_LABELS), ANSWERS), max_size=12),
    noise=st.text(max_size=40),
)
def test_any_form_body_gives_an_outcome_or_problems_never_a_crash(kind, answers, noise):
    body = noise + "".join(f"\n### {label}\n\n{answer}\n" for label, answer in answers)
    with tempfile.TemporaryDirectory() as scratch:
        content = sample_content(Path(scratch))
        try:
            outcome = intake.take_in(body, kind, intake.Context(content, TODAY), author="someone")
        except intake.IntakeError as error:
            assert error.notes and all(message for _, message in error.notes)
            assert intake.problems_comment(error.notes)
            return
        assert outcome.entry.is_file()
        assert json.dumps(outcome.as_json())
