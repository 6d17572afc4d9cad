"""The issue forms and CONTRIBUTING.md's field reference are generated from the schemas, and stay so."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from pipeline import forms, schemas, settings
from pipeline.model import KINDS

REPO = Path(__file__).resolve().parent.parent
FORM_FILES = sorted((REPO / forms.FORMS_FOLDER).glob("*.yml"))


def committed(name: str) -> dict:
    return yaml.safe_load((REPO / forms.FORMS_FOLDER / f"{name}.yml").read_text(encoding="utf-8"))


def questions(form: forms.Form):
    """(question, committed form element) pairs, in the form's order."""
    elements = [element for element in committed(form.name)["body"] if element["type"] != "markdown"]
    assert len(elements) == len(form.questions)
    return zip(form.questions, elements, strict=True)


def test_committed_forms_and_reference_are_what_the_schemas_generate():
    assert forms.differing_files(REPO) == [], "run: pipeline forms"


@pytest.mark.parametrize("form", forms.FORMS, ids=lambda form: form.name)
def test_dropdown_options_are_the_schema_values_labels(form):
    for question, element in questions(form):
        if isinstance(question, forms.Field) and element["type"] == "dropdown":
            node = schemas.field_schema(form.kind, question.path)
            expected = schemas.labels(form.kind, question.path).values()
            if node.get("type") == "boolean":
                expected = [text for _, text in forms.YES_OR_NO]
            assert element["attributes"]["options"] == list(expected)
            assert element["attributes"]["multiple"] is (node.get("type") == "array")


def test_every_enum_field_on_a_form_is_a_dropdown():
    for form in forms.FORMS:
        for question, element in questions(form):
            if isinstance(question, forms.Field) and schemas.labels(form.kind, question.path):
                assert element["type"] == "dropdown", (form.name, question.path)


@pytest.mark.parametrize("name", ["add-project", "add-makerday", "add-council"])
def test_required_marks_follow_the_schema(name):
    form = forms.FORMS_BY_NAME[name]
    top_level_required = set(schemas.field_schema(form.kind, ()).get("required", []))
    for question, element in questions(form):
        if isinstance(question, forms.Field) and len(question.path) == 1:
            assert element["validations"]["required"] is (question.path[0] in top_level_required), (
                question.path
            )
    by_id = {element["id"]: element for _, element in questions(form)}
    if name == "add-project":
        assert by_id["contacts-role"]["validations"]["required"] is True, (
            "contacts has minItems 1 and needs role"
        )
        assert by_id["contacts-email"]["validations"]["required"] is False
    if name == "add-makerday":
        assert by_id["venue-name"]["validations"]["required"] is False, "venue is only needed in person"


def test_descriptions_come_from_the_schema():
    by_id = {element["id"]: element for _, element in questions(forms.FORMS_BY_NAME["add-project"])}
    assert (
        by_id["summary"]["attributes"]["description"]
        == schemas.field_schema("project", ("summary",))["description"]
    )
    assert by_id["partner-councils"]["attributes"]["description"].endswith(
        "Put each on its own line, or separate them with commas."
    )
    assert by_id["lead-council"]["attributes"]["description"] == "The council's name, like West Berkshire."
    assert "25/03/2026" in by_id["started"]["attributes"]["description"]
    assert "YYYY" not in str(committed("add-project")) + str(committed("add-makerday"))


def test_forms_are_valid_github_issue_forms():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-issue-forms"]
        + [str(path) for path in FORM_FILES if path.name != "config.yml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_schema_value_changes_the_form_and_check_notices(tmp_path, monkeypatch, run_pipeline):
    shutil.copytree(REPO / forms.FORMS_FOLDER, tmp_path / forms.FORMS_FOLDER)
    shutil.copy(REPO / forms.CONTRIBUTING, tmp_path / forms.CONTRIBUTING)
    assert run_pipeline("forms", "--check", "--root", tmp_path).code == 0
    documents = copy.deepcopy(schemas.schema_documents())
    documents["project.schema.json"]["properties"]["phase"]["oneOf"].append(
        {"const": "paused", "title": "Paused"}
    )
    monkeypatch.setattr(schemas, "schema_documents", lambda: documents)
    result = run_pipeline("forms", "--check", "--root", tmp_path)
    assert result.code == 1
    assert "add-project.yml does not match the schemas" in result.err
    assert "CONTRIBUTING.md does not match" in result.err
    assert run_pipeline("forms", "--root", tmp_path).code == 0
    assert "- Paused" in (tmp_path / forms.FORMS_FOLDER / "add-project.yml").read_text(encoding="utf-8")
    assert "`paused`" in (tmp_path / forms.CONTRIBUTING).read_text(encoding="utf-8")
    assert run_pipeline("forms", "--check", "--root", tmp_path).code == 0


def test_a_hand_edited_form_fails_the_check(tmp_path, run_pipeline):
    shutil.copytree(REPO / forms.FORMS_FOLDER, tmp_path / forms.FORMS_FOLDER)
    shutil.copy(REPO / forms.CONTRIBUTING, tmp_path / forms.CONTRIBUTING)
    form = tmp_path / forms.FORMS_FOLDER / "add-makerday.yml"
    form.write_text(form.read_text(encoding="utf-8").replace("- Online\n", ""), encoding="utf-8")
    assert run_pipeline("forms", "--check", "--root", tmp_path).code == 1


def test_a_form_that_intake_could_not_read_back_is_refused():
    twice = forms.Form(
        "twice",
        "project",
        "Twice",
        "",
        "",
        "",
        (forms.Field(("title",)), forms.Field(("summary",), label="Title")),
    )
    with pytest.raises(ValueError, match="two questions labelled Title"):
        forms.form_document(twice)


def test_reference_lists_every_field_with_its_values():
    reference = forms.reference_markdown()
    for kind in KINDS:
        for path, _ in schemas.walk_fields(kind):
            if path[-1] != "*":
                assert f"| `{forms.display_path(path)}` |" in reference
    assert "`maker-day-challenge`" in reference


LINK_BUILDERS = (settings.join_url, settings.confirm_url, settings.update_url, settings.add_project_url)


@pytest.mark.parametrize("build", LINK_BUILDERS, ids=lambda build: build.__name__)
def test_every_prefilled_link_names_a_text_field_of_its_form(build):
    """GitHub fills in only `input` and `textarea` fields from a link, and only by their ids."""
    # Stands in for a project or a council: the builders read only these.
    entry = SimpleNamespace(id="bin-collection-reminders", title="Bin collection reminders", name="Reading")
    link = urlsplit(build({"GITHUB_REPO": "example/pipeline"}, entry))
    query = parse_qs(link.query)
    form_file = REPO / forms.FORMS_FOLDER / query.pop("template")[0]
    assert form_file.is_file(), form_file
    query.pop("title")
    elements = {
        element.get("id"): element["type"] for element in yaml.safe_load(form_file.read_text())["body"]
    }
    assert query, "the link fills in at least one field"
    for field_id in query:
        assert elements.get(field_id) in ("input", "textarea"), (form_file.name, field_id)


def test_confirming_asks_only_for_the_project_and_an_optional_note():
    elements = [element for element in committed("confirm-project")["body"] if element["type"] != "markdown"]
    assert [(element["type"], element["id"]) for element in elements] == [
        ("input", "project"),
        ("textarea", "note"),
    ]
    assert [element["validations"]["required"] for element in elements] == [True, False]


def test_the_update_form_asks_only_optional_questions_after_the_project():
    elements = [element for element in committed("update-project")["body"] if element["type"] != "markdown"]
    assert elements[0]["id"] == "project" and elements[0]["type"] == "input"
    assert all(element["validations"]["required"] is False for element in elements[1:])
    assert {"phase", "news", "looking-for", "partner-councils", "ends"} <= {
        element["id"] for element in elements
    }
