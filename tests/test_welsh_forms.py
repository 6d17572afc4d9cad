"""Issue 16 (Cymraeg) in the forms: the update form changes or adds a project's Welsh title, summary and
description; problems with the Welsh come back under the form's Welsh questions; the council form asks
whether the council's entries must be bilingual."""

from __future__ import annotations

import difflib
import json

import pytest
from catalogue_fixtures import TODAY, TODAY_OPTION, write_catalogue
from test_welsh import BILINGUAL_PROJECT, GWYNEDD_BILINGUAL, intake_form_body, project_answers

from pipeline import forms, intake
from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.loader import load_file
from pipeline.welsh import split_body

WELSH_TITLE = forms.WELSH_TITLE
WELSH_SUMMARY = forms.WELSH_SUMMARY
WELSH_DESCRIPTION = forms.WELSH_DESCRIPTION
# Gwynedd as a council whose entries need not be in Welsh, and its project with no Welsh at all yet.
GWYNEDD = GWYNEDD_BILINGUAL.replace("bilingual: true\n", "")
# The same project with its updates in Welsh, but no Welsh title, summary or description.
WELSH_UPDATES_ONLY = BILINGUAL_PROJECT.replace(
    "cy:\n  title: Archebu yn y llyfrgell\n"
    "  summary: Archebu llyfrau, cyfrifiaduron ac ystafelloedd yn y llyfrgell.\n",
    "",
).split("\n# Cymraeg\n")[0]
ENGLISH_ONLY = WELSH_UPDATES_ONLY.replace("    cy:\n      text: Mae'r beta ar agor.\n", "")
ENGLISH_FILES = {"councils/gwynedd.md": GWYNEDD, "projects/library-booking.md": ENGLISH_ONLY}
BILINGUAL_FILES = {"councils/gwynedd.md": GWYNEDD_BILINGUAL, "projects/library-booking.md": BILINGUAL_PROJECT}
PROJECT_FILE = "projects/library-booking.md"
WELSH_BODY = "## Am y prosiect\n\nArchebu ar-lein ym mhob llyfrgell."


def update_answers(**changes: str) -> dict[str, str]:
    """An update form as GitHub sends it: every question, most of them left blank."""
    answers = dict.fromkeys(intake.form_labels(forms.FORMS_BY_NAME["update-project"]), "")
    return {**answers, "Project": "Library booking", **changes}


def take_in(tmp_path, answers: dict[str, str], files: dict, kind: str = "update"):
    content = write_catalogue(tmp_path, files)
    return content, intake.take_in(intake_form_body(answers), kind, intake.Context(content, TODAY))


def refused(tmp_path, answers: dict[str, str], files: dict, kind: str = "update") -> list[tuple[str, str]]:
    """The notes of a refused submission, after checking that no file was written."""
    content = write_catalogue(tmp_path, files)
    before = {path: path.read_bytes() for path in content.rglob("*.md")}
    with pytest.raises(intake.IntakeError) as refusal:
        intake.take_in(intake_form_body(answers), kind, intake.Context(content, TODAY))
    assert {path: path.read_bytes() for path in content.rglob("*.md")} == before
    return refusal.value.notes


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


# Adding and changing the Welsh ---------------------------------------------------------


def test_an_update_adds_the_welsh_to_a_project_that_has_none(tmp_path):
    answers = update_answers(
        **{
            WELSH_TITLE: "Archebu yn y llyfrgell",
            WELSH_SUMMARY: "Archebu llyfrau ac ystafelloedd.",
            WELSH_DESCRIPTION: WELSH_BODY.replace("\n", "\r\n"),
        }
    )
    content, outcome = take_in(tmp_path, answers, ENGLISH_FILES)
    after = outcome.entry.read_text(encoding="utf-8")
    assert outcome.change == "update"
    assert sorted(changed_lines(ENGLISH_ONLY, after)) == sorted(
        [
            "+cy:\n",
            "+  title: Archebu yn y llyfrgell\n",
            "+  summary: Archebu llyfrau ac ystafelloedd.\n",
            "-last_reviewed: 2026-10-01\n",
            f"+last_reviewed: {TODAY.isoformat()}\n",
            "+\n",
            "+# Cymraeg\n",
            "+\n",
            "+## Am y prosiect\n",
            "+\n",
            "+Archebu ar-lein ym mhob llyfrgell.\n",
        ]
    )
    assert "Welsh title, Welsh summary, Welsh description" in outcome.comment
    assert load_catalogue(content, TODAY, Policy())[1] == []


def test_an_update_changes_the_welsh_title_in_place_and_nothing_else(tmp_path):
    answers = update_answers(**{WELSH_TITLE: "Archebu yn llyfrgelloedd Gwynedd"})
    _, outcome = take_in(tmp_path, answers, BILINGUAL_FILES)
    assert sorted(changed_lines(BILINGUAL_PROJECT, outcome.entry.read_text(encoding="utf-8"))) == sorted(
        [
            "-  title: Archebu yn y llyfrgell\n",
            "+  title: Archebu yn llyfrgelloedd Gwynedd\n",
            "-last_reviewed: 2026-10-01\n",
            f"+last_reviewed: {TODAY.isoformat()}\n",
        ]
    )
    assert "changes Welsh title." in outcome.comment


def test_an_update_replaces_the_welsh_description_and_keeps_the_english(tmp_path):
    answers = update_answers(**{WELSH_DESCRIPTION: WELSH_BODY})
    _, outcome = take_in(tmp_path, answers, BILINGUAL_FILES)
    document = load_file(outcome.entry)
    body = split_body(document.body)
    assert body.welsh == WELSH_BODY
    assert body.english == split_body(BILINGUAL_PROJECT.split("---\n")[2]).english
    assert outcome.change == "update" and "Welsh description" in outcome.comment


def test_the_same_welsh_again_is_only_a_confirm(tmp_path):
    answers = update_answers(
        **{WELSH_TITLE: "Archebu yn y llyfrgell", WELSH_DESCRIPTION: "## Am y prosiect\n\nArchebu ar-lein."}
    )
    _, outcome = take_in(tmp_path, answers, BILINGUAL_FILES)
    assert outcome.change == "confirm"


def test_a_bilingual_councils_project_is_refused_until_the_update_gives_all_its_welsh(tmp_path):
    files = {**BILINGUAL_FILES, PROJECT_FILE: WELSH_UPDATES_ONLY}
    notes = refused(tmp_path, update_answers(**{WELSH_TITLE: "Archebu yn y llyfrgell"}), files)
    assert [message.startswith("Gwynedd's entries must be in Welsh") for _, message in notes] == [True]
    assert "cy.summary, a Welsh description" in notes[0][1]

    answers = update_answers(
        **{
            WELSH_TITLE: "Archebu yn y llyfrgell",
            WELSH_SUMMARY: "Archebu llyfrau ac ystafelloedd.",
            WELSH_DESCRIPTION: WELSH_BODY,
        }
    )
    content, outcome = take_in(tmp_path, answers, files)
    assert outcome.change == "update"
    assert load_catalogue(content, TODAY, Policy())[1] == []


# Problems come back under the form's Welsh questions ----------------------------------------


def test_a_welsh_description_without_the_english_headings_is_refused_under_its_question(tmp_path):
    notes = refused(tmp_path, update_answers(**{WELSH_DESCRIPTION: "Dim penawdau yma."}), BILINGUAL_FILES)
    assert len(notes) == 1
    question, message = notes[0]
    assert question == WELSH_DESCRIPTION
    assert message.startswith('the English heading "About the project"')


def test_a_welsh_description_copied_from_the_english_is_refused_under_its_question(tmp_path):
    notes = refused(
        tmp_path,
        update_answers(**{WELSH_DESCRIPTION: "## About the project\n\nOnline booking."}),
        BILINGUAL_FILES,
    )
    assert [question for question, _ in notes] == [WELSH_DESCRIPTION]
    assert "is the same as the English one; write it in Welsh" in notes[0][1]


def test_a_welsh_summary_copied_from_the_english_is_refused_under_its_question(tmp_path):
    answers = update_answers(**{WELSH_SUMMARY: "Book books, computers and rooms in the library."})
    notes = refused(tmp_path, answers, BILINGUAL_FILES)
    assert notes == [
        (
            WELSH_SUMMARY,
            "the answer is the same as the English summary; write it in Welsh, or remove it until there "
            "is a translation.",
        )
    ]


def test_a_too_long_welsh_title_is_explained_in_the_forms_words(tmp_path):
    notes = refused(tmp_path, update_answers(**{WELSH_TITLE: "Teitl " * 30}), BILINGUAL_FILES)
    assert [question for question, _ in notes] == [WELSH_TITLE]
    assert "cy.title" not in notes[0][1]


def test_a_welsh_description_for_a_project_without_an_english_one_is_refused(tmp_path):
    front_matter_only = ENGLISH_ONLY[: ENGLISH_ONLY.index("---\n", 4) + 4]
    files = {**ENGLISH_FILES, PROJECT_FILE: front_matter_only}
    notes = refused(tmp_path, update_answers(**{WELSH_DESCRIPTION: WELSH_BODY}), files)
    assert [question for question, _ in notes] == [WELSH_DESCRIPTION]
    assert "no English description yet" in notes[0][1]


def test_problems_in_the_add_forms_welsh_description_come_back_under_its_question(tmp_path):
    answers = project_answers(
        **{"About the project": "## What we do\n\nPayments.", WELSH_DESCRIPTION: "Taliadau."}
    )
    notes = refused(tmp_path, answers, {}, kind="project")
    assert [question for question, _ in notes] == [WELSH_DESCRIPTION]
    assert 'the English heading "What we do"' in notes[0][1]


# Hostile answers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        (WELSH_TITLE, "<img src=x onerror=alert(1)>", "remove the HTML tags"),
        (WELSH_SUMMARY, "Crynodeb\u202egnirts", "remove the invisible control characters"),
        (WELSH_DESCRIPTION, "## Am y prosiect\n\nTestun\x1b[31m", "remove the invisible control characters"),
        (WELSH_DESCRIPTION, "## Am y prosiect\n\n# Cymraeg\n\nEto.", "remove the line '# Cymraeg'"),
    ],
)
def test_hostile_welsh_answers_are_refused_and_nothing_is_written(tmp_path, question, answer, expected):
    notes = refused(tmp_path, update_answers(**{question: answer}), BILINGUAL_FILES)
    assert [q for q, message in notes if expected in message] == [question]


def test_front_matter_and_html_typed_into_the_welsh_description_are_only_text(tmp_path):
    smuggled = "## Am y prosiect\n\n---\nlead_council: west-berkshire\nbilingual: false\n---\n\n<script>alert(1)</script>"
    _, outcome = take_in(tmp_path, update_answers(**{WELSH_DESCRIPTION: smuggled}), BILINGUAL_FILES)
    document = load_file(outcome.entry)
    assert document.data["lead_council"] == "gwynedd"
    assert split_body(document.body).welsh == smuggled


def test_a_question_heading_repeated_in_the_welsh_description_is_refused(tmp_path):
    body = intake_form_body(update_answers(**{WELSH_DESCRIPTION: "Testun"}))
    body += "### Welsh title (Teitl yn Gymraeg)\r\n\r\nTeitl arall\r\n"
    content = write_catalogue(tmp_path, BILINGUAL_FILES)
    with pytest.raises(intake.IntakeError) as refusal:
        intake.take_in(body, "update", intake.Context(content, TODAY))
    assert refusal.value.notes[0][0] == WELSH_TITLE


# The council form ---------------------------------------------------------------------------

ANGLESEY = {
    "Name": "Isle of Anglesey",
    "Official name": "Isle of Anglesey County Council",
    "GSS code": "W06000001",
    "Type of council": "Welsh unitary authority",
    "Nation": "Wales",
    "Website": "www.anglesey.gov.wales",
}
BILINGUAL_QUESTION = "Must this council's projects be in Welsh as well as English?"


@pytest.mark.parametrize(("answer", "line"), [("Yes", "bilingual: true\n"), ("No", "bilingual: false\n")])
def test_the_council_form_says_whether_the_councils_entries_must_be_bilingual(tmp_path, answer, line):
    content, outcome = take_in(tmp_path, {**ANGLESEY, BILINGUAL_QUESTION: answer}, {}, kind="council")
    assert line in outcome.entry.read_text(encoding="utf-8")
    council = load_catalogue(content, TODAY, Policy())[0].councils["isle-of-anglesey"]
    assert council.bilingual is (answer == "Yes")


def test_a_council_form_without_the_answer_leaves_bilingual_out(tmp_path):
    _, outcome = take_in(tmp_path, {**ANGLESEY, BILINGUAL_QUESTION: ""}, {}, kind="council")
    assert "bilingual" not in load_file(outcome.entry).data


def test_an_answer_that_is_not_yes_or_no_is_explained(tmp_path):
    notes = refused(tmp_path, {**ANGLESEY, BILINGUAL_QUESTION: "Sometimes"}, {}, kind="council")
    assert notes == [(BILINGUAL_QUESTION, '"Sometimes" is not one of the choices; choose one of: Yes, No.')]


# End to end through `pipeline intake` ---------------------------------------------------------


def test_the_welsh_update_through_the_command(tmp_path, monkeypatch, run_pipeline):
    monkeypatch.chdir(tmp_path)
    write_catalogue(tmp_path, ENGLISH_FILES)
    issue = tmp_path / "issue.md"
    answers = update_answers(**{WELSH_TITLE: "Archebu yn y llyfrgell", WELSH_DESCRIPTION: WELSH_BODY})
    issue.write_bytes(intake_form_body(answers).encode("utf-8"))
    arguments = ("intake", "--issue-body", issue, "--kind", "update", "--content", "content", TODAY_OPTION)
    result = run_pipeline(*arguments, "--format", "json")
    assert result.code == 0, result.out
    decision = json.loads(result.out)
    assert (decision["change"], decision["changed"]) == ("update", True)
    assert "Welsh title, Welsh description" in decision["comment"]
    written = load_file(tmp_path / "content" / PROJECT_FILE)
    assert written.data["cy"] == {"title": "Archebu yn y llyfrgell"}
    assert run_pipeline("validate", "--content", "content", TODAY_OPTION).code == 0

    issue.write_bytes(
        intake_form_body(update_answers(**{WELSH_DESCRIPTION: "Dim penawdau."})).encode("utf-8")
    )
    result = run_pipeline(*arguments, "--format", "json")
    assert result.code == 1
    assert f"- **{WELSH_DESCRIPTION}**: the English heading" in json.loads(result.out)["comment"]
