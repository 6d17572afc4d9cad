"""Welsh beside English (issue 16): the body's "# Cymraeg" part, and what `validate` checks of the Welsh."""

from __future__ import annotations

import csv
import json
import re

import pytest
from catalogue_fixtures import TODAY, council_data, project_data, write_catalogue
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Resource

from pipeline import dcat, exports, intake, schemas
from pipeline.catalogue import check_pages, load_catalogue
from pipeline.freshness import Policy
from pipeline.loader import load_file, load_text
from pipeline.problems import ERROR, WARNING
from pipeline.welsh import BODY_MARKER, check_document, split_body

GWYNEDD_BILINGUAL = """\
---
name: Gwynedd
official_name: Gwynedd Council
cy:
  official_name: Cyngor Gwynedd
bilingual: true
gss_code: W06000002
type: welsh-unitary
nation: wales
website: https://www.gwynedd.llyw.cymru
---
"""
BILINGUAL_PROJECT = """\
---
title: Library booking
summary: Book books, computers and rooms in the library.
cy:
  title: Archebu yn y llyfrgell
  summary: Archebu llyfrau, cyfrifiaduron ac ystafelloedd yn y llyfrgell.
lead_council: gwynedd
phase: beta
last_reviewed: 2026-10-01
contacts:
  - role: Digital team
    email: digital@example.gov.uk
updates:
  - date: 2026-09-15
    text: The beta is open.
    cy:
      text: Mae'r beta ar agor.
---
## About the project

Online booking.

# Cymraeg

## Am y prosiect

Archebu ar-lein.
"""


def problems_of(text: str, source: str = "entry.md"):
    return check_document(source, load_text(text))


def catalogue_problems(tmp_path, files: dict):
    content = write_catalogue(tmp_path, files)
    return load_catalogue(content, TODAY, Policy())[1]


def words(text: str) -> list[str]:
    return text.split()


# Splitting the body ---------------------------------------------------------------


@given(
    english=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200),
    welsh=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200),
)
def test_splitting_a_body_never_loses_text(english, welsh):
    body = f"{english}\n{BODY_MARKER}\n{welsh}"
    split = split_body(body)
    marker = re.search(r"^#[ \t]+Cymraeg[ \t]*$", body, re.MULTILINE | re.IGNORECASE)
    assert marker is not None
    without_marker = body[: marker.start()] + body[marker.end() :]
    assert words(split.english) + words(split.welsh) == words(without_marker)


@given(st.text(max_size=300))
def test_a_body_without_the_marker_is_all_english(body):
    split = split_body(body)
    if split.welsh_line == 0:
        assert (split.english, split.welsh) == (body, "")


def test_the_welsh_part_starts_on_the_line_after_the_marker():
    split = split_body("English.\n\n# Cymraeg\nCymraeg.\n")
    assert (split.english, split.welsh, split.welsh_line) == ("English.\n", "Cymraeg.", 4)


# Checking a file's Welsh against its English ----------------------------------------


def test_a_welsh_field_without_its_english_one_is_an_error_where_it_is_written():
    text = "---\nname: Ynys Môn\ncy:\n  name: Ynys Môn\n  official_name: Cyngor Sir Ynys Môn\n---\n"
    found = [p for p in problems_of(text) if p.is_error]
    assert [(p.line, p.field) for p in found] == [(5, "cy.official_name")]
    assert "official_name is missing" in found[0].message
    assert "add the English official_name" in found[0].message


def test_a_welsh_name_like_the_english_is_only_a_warning():
    found = problems_of("---\nname: Gwynedd\ncy:\n  name: Gwynedd\n---\n")
    assert [(p.severity, p.line, p.field) for p in found] == [(WARNING, 4, "cy.name")]


def test_a_welsh_summary_left_in_english_is_an_error():
    text = "---\ntitle: Bins\nsummary: Bin days.\ncy:\n  title: Biniau\n  summary: 'bin  DAYS.'\n---\n"
    found = problems_of(text)
    assert [(p.severity, p.line, p.field) for p in found] == [(ERROR, 6, "cy.summary")]
    assert "write it in Welsh" in found[0].message


def test_a_welsh_update_left_in_english_is_an_error():
    text = (
        "---\nupdates:\n  - date: 2026-01-01\n    text: Open.\n"
        "  - date: 2025-01-01\n    text: Started.\n    cy:\n      text: Started.\n---\n"
    )
    found = problems_of(text)
    assert [(p.severity, p.line, p.field) for p in found] == [(ERROR, 8, "updates[2].cy.text")]


def test_a_welsh_body_left_in_english_is_an_error():
    found = problems_of("---\ntitle: x\n---\nSame text.\n\n# Cymraeg\n\nSame text.\n")
    assert [(p.severity, p.line) for p in found] == [(ERROR, 7)]


def test_an_empty_welsh_part_is_an_error_on_its_marker_line():
    found = problems_of("---\ntitle: x\n---\nEnglish text.\n\n# Cymraeg\n\n\n")
    assert [(p.severity, p.line) for p in found] == [(ERROR, 6)]
    assert "is empty" in found[0].message


def test_a_welsh_body_without_an_english_one_is_an_error():
    found = problems_of("---\ntitle: x\n---\n# Cymraeg\n\nTestun.\n")
    assert [(p.severity, p.line) for p in found] == [(ERROR, 4)]
    assert "no English one" in found[0].message


def test_a_missing_welsh_heading_is_named():
    text = "---\ntitle: x\n---\n## One\n\nA.\n\n## Two\n\nB.\n\n# Cymraeg\n\n## Un\n\nA yn Gymraeg.\n"
    found = problems_of(text)
    assert [(p.severity, p.line) for p in found] == [(ERROR, 12)]
    assert 'the English heading "Two" (line 8) has no Welsh heading to match' in found[0].message


def test_a_welsh_heading_at_another_level_is_pointed_at():
    text = "---\ntitle: x\n---\n## One\n\nA.\n\n# Cymraeg\n\n### Un\n\nA yn Gymraeg.\n"
    found = problems_of(text)
    assert [(p.severity, p.line) for p in found] == [(ERROR, 10)]
    assert "level 3" in found[0].message and '"One" is at level 2' in found[0].message


def test_an_extra_welsh_heading_is_pointed_at():
    text = "---\ntitle: x\n---\nA.\n\n# Cymraeg\n\nA yn Gymraeg.\n\n## Mwy\n\nB.\n"
    found = problems_of(text)
    assert [(p.line, "Mwy" in p.message) for p in found] == [(10, True)]


def test_headings_in_fenced_code_do_not_count():
    text = "---\ntitle: x\n---\n## One\n\n```\n# not a heading\n```\n\n# Cymraeg\n\n## Un\n\nTestun.\n"
    assert problems_of(text) == []


def test_matching_welsh_has_no_problems():
    assert problems_of(BILINGUAL_PROJECT) == []


# Councils whose entries must be in Welsh -----------------------------------------------


def test_a_bilingual_councils_project_with_all_its_welsh_is_valid(tmp_path):
    files = {"councils/gwynedd.md": GWYNEDD_BILINGUAL, "projects/library-booking.md": BILINGUAL_PROJECT}
    assert catalogue_problems(tmp_path, files) == []


def test_a_bilingual_councils_project_without_welsh_is_refused(tmp_path):
    files = {
        "councils/gwynedd.md": GWYNEDD_BILINGUAL,
        "projects/library-booking.md": project_data(lead_council="gwynedd"),
    }
    found = [p for p in catalogue_problems(tmp_path, files) if p.path.endswith("library-booking.md")]
    assert len(found) == 1 and found[0].is_error
    assert found[0].message.startswith(
        "Gwynedd's entries must be in Welsh as well as English: add a cy: block with title and summary "
        "and a Welsh body after a '# Cymraeg' line"
    )
    assert "cy.title, cy.summary, a Welsh description" in found[0].message


def test_a_bilingual_councils_update_without_welsh_is_refused(tmp_path):
    project = BILINGUAL_PROJECT.replace("    cy:\n      text: Mae'r beta ar agor.\n", "")
    files = {"councils/gwynedd.md": GWYNEDD_BILINGUAL, "projects/library-booking.md": project}
    found = catalogue_problems(tmp_path, files)
    assert [(p.line, p.field) for p in found] == [(14, "updates[1].cy")]


def test_a_maker_day_hosted_by_a_bilingual_council_needs_welsh(tmp_path):
    makerday = (
        "---\ntitle: Caernarfon Maker Day\nstarts: 2027-03-03 09:30\nends: 2027-03-03 17:00\n"
        "status: scheduled\nformat: online\nhost_council: gwynedd\n---\nA day online.\n"
    )
    files = {"councils/gwynedd.md": GWYNEDD_BILINGUAL, "makerdays/caernarfon.md": makerday}
    found = catalogue_problems(tmp_path, files)
    assert [p.path.endswith("caernarfon.md") for p in found] == [True]
    assert "(missing: cy.title, a Welsh description" in found[0].message


def test_a_council_that_is_not_bilingual_needs_no_welsh(tmp_path):
    files = {"projects/library-booking.md": project_data(lead_council="gwynedd")}
    assert catalogue_problems(tmp_path, files) == []


def test_bilingual_must_be_true_or_false(tmp_path):
    files = {"councils/gwynedd.md": GWYNEDD_BILINGUAL.replace("bilingual: true", "bilingual: yes")}
    found = catalogue_problems(tmp_path, files)
    assert [p.field for p in found] == ["bilingual"]


def test_a_welsh_block_that_is_not_allowed_is_explained(tmp_path):
    files = {"councils/reading.md": council_data(cy={"title": "Darllen"})}
    found = catalogue_problems(tmp_path, files)
    assert [p.field for p in found] == ["cy.title"]
    assert 'unknown field "title"' in found[0].message


def test_pages_are_checked_for_their_welsh(tmp_path):
    content = write_catalogue(tmp_path)
    (content / "pages").mkdir()
    (content / "pages/about.md").write_text(
        "---\ntitle: About\ncy:\n  title: Am\n---\n## What\n\nText.\n\n# Cymraeg\n\nTestun.\n",
        encoding="utf-8",
    )
    found = check_pages(content)
    assert [(p.line, "What" in p.message) for p in found] == [(10, True)]


# Issue forms and intake ------------------------------------------------------------

WELSH_PROJECT_ANSWERS = {
    "Welsh title (Teitl yn Gymraeg)": "Taliadau prydau ysgol",
    "Welsh summary (Crynodeb yn Gymraeg)": "Rhieni’n talu am brydau ysgol ar-lein.",
    "Welsh description (Disgrifiad yn Gymraeg)": "Beth rydyn ni’n ei wneud.",
}


def intake_form_body(answers: dict[str, str]) -> str:
    return "".join(
        f"### {label}\r\n\r\n{answer or '_No response_'}\r\n\r\n" for label, answer in answers.items()
    )


def project_answers(**changes: str) -> dict[str, str]:
    answers = {
        "Title": "School meals payments",
        "Summary": "Parents pay for school meals online.",
        "Lead council": "West Berkshire",
        "Phase": "Alpha",
        "Contact role": "Digital team",
        "Contact email": "digital@example.gov.uk",
        "About the project": "What we are doing.",
        **WELSH_PROJECT_ANSWERS,
        "Publishing": "- [X] This can be published",
    }
    return {**answers, **changes}


def take_in(tmp_path, answers: dict[str, str], kind: str = "project", files: dict | None = None):
    content = write_catalogue(tmp_path, files)
    context = intake.Context(content, TODAY)
    return content, intake.take_in(intake_form_body(answers), kind, context)


def test_a_project_form_with_welsh_writes_the_cy_block_and_the_welsh_body(tmp_path):
    _, outcome = take_in(tmp_path, project_answers())
    document = load_file(outcome.entry)
    assert document.data["cy"] == {
        "title": "Taliadau prydau ysgol",
        "summary": "Rhieni'n talu am brydau ysgol ar-lein.",
    }
    assert list(document.data).index("cy") == list(document.data).index("summary") + 1
    assert document.body == "What we are doing.\n\n# Cymraeg\n\nBeth rydyn ni'n ei wneud.\n"


def test_a_project_form_without_welsh_has_no_cy_block_and_no_welsh_part(tmp_path):
    blank = dict.fromkeys(WELSH_PROJECT_ANSWERS, "")
    _, outcome = take_in(tmp_path, project_answers(**blank))
    document = load_file(outcome.entry)
    assert "cy" not in document.data and BODY_MARKER not in document.body


def test_a_welsh_description_without_an_english_one_is_refused(tmp_path):
    with pytest.raises(intake.IntakeError) as refused:
        take_in(tmp_path, project_answers(**{"About the project": ""}))
    assert refused.value.notes == [
        (
            "Welsh description (Disgrifiad yn Gymraeg)",
            "write the English description in About the project too, so the English page has one.",
        )
    ]


@pytest.mark.parametrize("question", ["About the project", "Welsh description (Disgrifiad yn Gymraeg)"])
def test_a_cymraeg_line_typed_into_a_description_is_refused(tmp_path, question):
    answers = project_answers(**{question: "Text.\r\n\r\n# Cymraeg\r\n\r\n---\r\nlead_council: other\r\n"})
    with pytest.raises(intake.IntakeError) as refused:
        take_in(tmp_path, answers)
    assert (question, "remove the line '# Cymraeg': the form adds it for you.") in refused.value.notes


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("<script>alert(1)</script>", "remove the HTML tags"),
        ("Teitl\u202egnirts", "remove the invisible control characters"),
    ],
)
def test_hostile_welsh_titles_are_refused(tmp_path, answer, expected):
    with pytest.raises(intake.IntakeError) as refused:
        take_in(tmp_path, project_answers(**{"Welsh title (Teitl yn Gymraeg)": answer}))
    assert [q for q, message in refused.value.notes if expected in message] == [
        "Welsh title (Teitl yn Gymraeg)"
    ]


def test_a_welsh_summary_copied_from_the_english_is_refused_in_the_forms_words(tmp_path):
    answers = project_answers(
        **{"Welsh summary (Crynodeb yn Gymraeg)": "Parents pay for school meals online."}
    )
    with pytest.raises(intake.IntakeError) as refused:
        take_in(tmp_path, answers)
    assert refused.value.notes == [
        (
            "Welsh summary (Crynodeb yn Gymraeg)",
            "the answer is the same as the English summary; write it in Welsh, or remove it until there is a translation.",
        )
    ]


def test_a_bilingual_councils_project_without_welsh_is_refused_by_the_form(tmp_path):
    blank = dict.fromkeys(WELSH_PROJECT_ANSWERS, "")
    answers = project_answers(**{"Lead council": "Gwynedd", **blank})
    with pytest.raises(intake.IntakeError) as refused:
        take_in(tmp_path, answers, files={"councils/gwynedd.md": GWYNEDD_BILINGUAL})
    assert any(message.startswith("Gwynedd's entries must be in Welsh") for _, message in refused.value.notes)


def test_a_council_form_with_welsh_names(tmp_path):
    answers = {
        "Name": "Isle of Anglesey",
        "Official name": "Isle of Anglesey County Council",
        "Welsh name (Enw yn Gymraeg)": "Ynys Môn",
        "Welsh official name (Enw swyddogol yn Gymraeg)": "Cyngor Sir Ynys Môn",
        "GSS code": "W06000001",
        "Type of council": "Welsh unitary authority",
        "Nation": "Wales",
        "Website": "www.anglesey.gov.wales",
    }
    _, outcome = take_in(tmp_path, answers, kind="council")
    data = load_file(outcome.entry).data
    assert data["cy"] == {"name": "Ynys Môn", "official_name": "Cyngor Sir Ynys Môn"}


def update_answers(**changes: str) -> dict[str, str]:
    answers = {
        "Project": "Library booking",
        "What is new": "The beta is open in Pwllheli.",
        "What is new, in Welsh (Beth sy'n newydd)": "Mae'r beta ar agor ym Mhwllheli.",
        "Anything else": "",
    }
    return {**answers, **changes}


BILINGUAL_FILES = {"councils/gwynedd.md": GWYNEDD_BILINGUAL, "projects/library-booking.md": BILINGUAL_PROJECT}


def test_an_update_with_welsh_news_adds_it_to_the_update(tmp_path):
    content, outcome = take_in(tmp_path, update_answers(), kind="update", files=BILINGUAL_FILES)
    assert outcome.change == "update"
    text = outcome.entry.read_text(encoding="utf-8")
    assert (
        f"  - date: {TODAY.isoformat()}\n    text: The beta is open in Pwllheli.\n"
        "    cy:\n      text: Mae'r beta ar agor ym Mhwllheli.\n  - date: 2026-09-15\n"
    ) in text
    assert load_catalogue(content, TODAY, Policy())[1] == []


def test_welsh_news_without_english_news_is_refused(tmp_path):
    with pytest.raises(intake.IntakeError) as refused:
        take_in(tmp_path, update_answers(**{"What is new": ""}), kind="update", files=BILINGUAL_FILES)
    assert refused.value.notes == [
        ("What is new, in Welsh (Beth sy'n newydd)", "write the news in English in What is new too.")
    ]


def test_news_without_welsh_for_a_bilingual_council_is_refused_at_the_welsh_question(tmp_path):
    answers = update_answers(**{"What is new, in Welsh (Beth sy'n newydd)": ""})
    with pytest.raises(intake.IntakeError) as refused:
        take_in(tmp_path, answers, kind="update", files=BILINGUAL_FILES)
    assert [question for question, _ in refused.value.notes] == ["What is new, in Welsh (Beth sy'n newydd)"]
    assert (tmp_path / "content/projects/library-booking.md").read_text(encoding="utf-8") == BILINGUAL_PROJECT


# Open data --------------------------------------------------------------------------


@pytest.fixture
def welsh_output(tmp_path):
    files = {**BILINGUAL_FILES, "councils/gwynedd.md": GWYNEDD_BILINGUAL + "Cyngor yn y gogledd.\n"}
    content = write_catalogue(tmp_path, files)
    catalogue, problems = load_catalogue(content, TODAY, Policy())
    assert problems == []
    settings = exports.ExportSettings(today=TODAY, policy=Policy(), site_url="https://pipeline.example.org")
    exports.write_exports(tmp_path / "output", catalogue, settings)
    return tmp_path / "output", catalogue, settings


def export_validator(output, name: str) -> Draft202012Validator:
    published = [
        json.loads(path.read_text(encoding="utf-8")) for path in (output / "schemas").rglob("*.json")
    ]
    registry = schemas.registry().with_resources(
        (document["$id"], Resource.from_contents(document)) for document in published
    )
    schema = json.loads((output / "schemas/exports" / f"{name}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry, format_checker=schemas.format_checker)


def test_json_exports_carry_the_welsh_only_where_there_is_some(welsh_output):
    output, _, _ = welsh_output
    projects = json.loads((output / "data/projects.json").read_text(encoding="utf-8"))["projects"]
    by_id = {record["id"]: record for record in projects}
    assert by_id["library-booking"]["cy"] == {
        "title": "Archebu yn y llyfrgell",
        "summary": "Archebu llyfrau, cyfrifiaduron ac ystafelloedd yn y llyfrgell.",
        "body": "## Am y prosiect\n\nArchebu ar-lein.",
    }
    assert "Cymraeg" not in by_id["library-booking"]["body"]
    assert "cy" not in by_id["bin-collection-app"]
    councils = json.loads((output / "data/councils.json").read_text(encoding="utf-8"))["councils"]
    gwynedd = next(record for record in councils if record["id"] == "gwynedd")
    assert gwynedd["cy"] == {"official_name": "Cyngor Gwynedd"}
    for name in ("projects", "councils", "makerdays"):
        document = json.loads((output / f"data/{name}.json").read_text(encoding="utf-8"))
        assert list(export_validator(output, name).iter_errors(document)) == []
    entry = json.loads((output / "projects/library-booking/index.json").read_text(encoding="utf-8"))
    assert (
        list(export_validator(output, "projects").iter_errors({**document_head(output), "projects": [entry]}))
        == []
    )


def document_head(output) -> dict:
    document = json.loads((output / "data/projects.json").read_text(encoding="utf-8"))
    return {key: document[key] for key in ("licence", "generated_on")}


def test_the_export_schema_refuses_welsh_it_does_not_know(welsh_output):
    output, _, _ = welsh_output
    document = json.loads((output / "data/projects.json").read_text(encoding="utf-8"))
    document["projects"][0]["cy"] = {"teitl": "x"}
    assert len(list(export_validator(output, "projects").iter_errors(document))) == 1


def test_csv_exports_have_a_column_for_each_welsh_text(welsh_output):
    output, _, _ = welsh_output
    with (output / "data/projects.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = {row["id"]: row for row in csv.DictReader(file)}
    assert rows["library-booking"]["title_cy"] == "Archebu yn y llyfrgell"
    assert rows["library-booking"]["summary_cy"].startswith("Archebu llyfrau")
    assert rows["bin-collection-app"]["title_cy"] == ""
    assert "cy" not in rows["library-booking"]
    with (output / "data/councils.csv").open(encoding="utf-8-sig", newline="") as file:
        councils = {row["id"]: row for row in csv.DictReader(file)}
    assert (councils["gwynedd"]["name_cy"], councils["gwynedd"]["official_name_cy"]) == ("", "Cyngor Gwynedd")
    assert (councils["gwynedd"]["bilingual"], councils["west-berkshire"]["bilingual"]) == ("true", "")


def test_the_dcat_datasets_are_in_english_and_welsh(welsh_output):
    _, catalogue, settings = welsh_output
    document = dcat.catalog_document(catalogue, settings, "Pipeline", "Council projects")
    languages = [{"@id": dcat.LANGUAGE_AUTHORITY + code} for code in ("ENG", "CYM")]
    assert document["dct:language"] == languages
    assert all(dataset["dct:language"] == languages for dataset in document["dcat:dataset"])


# pipeline new ------------------------------------------------------------------------


def test_a_new_project_of_a_bilingual_council_has_welsh_prompts_validate_refuses(
    tmp_path, monkeypatch, run_pipeline
):
    monkeypatch.chdir(tmp_path)
    content = write_catalogue(tmp_path, {"councils/gwynedd.md": GWYNEDD_BILINGUAL})
    result = run_pipeline(
        "new", "project", "--content", "content", "--today", TODAY.isoformat(), "--no-input",
        "--title", "Gritter tracker", "--summary", "Residents see where the gritters have been.",
        "--lead-council", "gwynedd", "--phase", "beta", "--contact-email", "roads@example.gov.uk",
    )  # fmt: skip
    path = content / "projects/gritter-tracker.md"
    document = load_file(path)
    assert document.data["cy"] == {
        "title": "[Replace this: the title in Welsh]",
        "summary": "[Replace this: the summary in Welsh]",
    }
    assert list(document.data)[:3] == ["title", "summary", "cy"]
    welsh = split_body(document.body).welsh
    assert welsh.startswith("## Y broblem\n\n[Replace this:")
    assert result.code == 0 and "Next: open content/projects/gritter-tracker.md" in result.out
    problems = load_catalogue(content, TODAY, Policy())[1]
    assert [p.message.startswith("replace the prompt") for p in problems] == [True]
    path.write_text(
        re.sub(r"\[Replace this: ([^\]]*)\]", r"Geiriau ni am \1", path.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    assert load_catalogue(content, TODAY, Policy())[1] == []


def test_a_new_project_of_a_council_that_is_not_bilingual_has_no_welsh(catalogue_dir, run_pipeline):
    run_pipeline(
        "new", "project", "--content", "content", "--today", TODAY.isoformat(), "--no-input",
        "--title", "Gritter tracker", "--summary", "Residents see where the gritters have been.",
        "--lead-council", "gwynedd", "--phase", "beta", "--contact-email", "roads@example.gov.uk",
    )  # fmt: skip
    document = load_file(catalogue_dir / "projects/gritter-tracker.md")
    assert "cy" not in document.data and not split_body(document.body).welsh_line
