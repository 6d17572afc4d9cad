"""`pipeline intake`: issue-form bodies, as GitHub renders them, become entries or plain-English problems."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from catalogue_fixtures import TODAY, TODAY_OPTION, council_data, write_catalogue
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import intake
from pipeline.interpret import clean_pasted
from pipeline.loader import load_file

# A body exactly as GitHub renders the "Add a project" form: CRLF line endings, `### Label` headings,
# `_No response_` for blanks, the multi-select answers joined by ", ", and the ticked box as `- [X]`.
PROJECT_BODY = (
    "### Title\r\n\r\nSchool meals payments\r\n\r\n"
    "### Summary\r\n\r\nParents pay for school meals online and see the balance,\r\ninstead of sending cash.\r\n\r\n"
    "### Lead council\r\n\r\nwest-berkshire\r\n\r\n"
    "### Partner councils\r\n\r\ngwynedd\r\nbelfast\r\n\r\n"
    "### Phase\r\n\r\nDiscovery\r\n\r\n"
    "### Collaboration\r\n\r\nCo-fund\r\n\r\n"
    "### Looking for\r\n\r\nPartner councils, User research\r\n\r\n"
    "### Service areas\r\n\r\nEducation and skills, Children's services\r\n\r\n"
    "### Tags\r\n\r\npayments, schools\r\n\r\n"
    "### Budget band\r\n\r\n£50,000 to £100,000\r\n\r\n"
    "### Started\r\n\r\n2026-03-01\r\n\r\n"
    "### Contact role\r\n\r\nDigital team\r\n\r\n"
    "### Contact email\r\n\r\ndigital@example.gov.uk\r\n\r\n"
    "### Contact page\r\n\r\n_No response_\r\n\r\n"
    "### Contact GitHub handle\r\n\r\n_No response_\r\n\r\n"
    "### About the project\r\n\r\n## The problem\r\n\r\nCash in envelopes.\r\n\r\n"
    "### Short name for the web address\r\n\r\n_No response_\r\n\r\n"
    "### Publishing\r\n\r\n- [X] This can be published under the Open Government Licence\r\n"
)


def form_body(answers: dict[str, str]) -> str:
    """An issue body for any form's answers, blanks rendered as GitHub renders them."""
    return "".join(f"### {label}\n\n{answer or intake.NO_RESPONSE}\n\n" for label, answer in answers.items())


def project_answers(**changes) -> dict[str, str]:
    answers = {
        "Title": "School meals payments",
        "Summary": "Parents pay for school meals online.",
        "Lead council": "west-berkshire",
        "Phase": "Alpha",
        "Contact role": "Digital team",
        "Contact email": "digital@example.gov.uk",
        "About the project": "What we are doing.",
        "Publishing": "- [X] This can be published",
    }
    return {**answers, **changes}


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_catalogue(tmp_path)


def submit(run_pipeline, tmp_path, body: str, *options):
    issue = tmp_path / "issue.md"
    issue.write_bytes(body.encode("utf-8"))
    return run_pipeline("intake", "--issue-body", issue, "--content", "content", TODAY_OPTION, *options)


def entry_files(content: Path) -> set[Path]:
    return {path for path in content.rglob("*") if path.is_file()}


def test_a_real_issue_form_body_becomes_a_valid_project(content, tmp_path, run_pipeline):
    message = tmp_path / "message.txt"
    result = submit(
        run_pipeline,
        tmp_path,
        PROJECT_BODY,
        "--author",
        "jo-bloggs",
        "--author-id",
        "1234",
        "--issue",
        "42",
        "--message-file",
        message,
    )
    assert result.code == 0, result.out
    path = Path(result.out.strip())
    assert path == Path("content/projects/school-meals-payments.md")
    document = load_file(path)
    assert document.data == {
        "title": "School meals payments",
        "summary": "Parents pay for school meals online and see the balance, instead of sending cash.",
        "lead_council": "west-berkshire",
        "partner_councils": ["gwynedd", "belfast"],
        "phase": "discovery",
        "looking_for": ["partners", "user-research"],
        "collaboration": "co-fund",
        "service_areas": ["education-and-skills", "childrens-services"],
        "tags": ["payments", "schools"],
        "budget_band": "50k-100k",
        "started": "2026-03-01",
        "last_reviewed": TODAY.isoformat(),
        "contacts": [{"role": "Digital team", "email": "digital@example.gov.uk"}],
    }
    assert document.body.strip() == "## The problem\n\nCash in envelopes."
    assert run_pipeline("validate", "--content", "content", TODAY_OPTION).code == 0
    text = message.read_text(encoding="utf-8")
    assert text.startswith("Add project: School meals payments\n")
    assert "Closes #42" in text
    assert text.rstrip().endswith("Co-authored-by: jo-bloggs <1234+jo-bloggs@users.noreply.github.com>")


def test_blank_optional_answers_leave_fields_out(content, tmp_path, run_pipeline):
    body = form_body(project_answers(**{"Partner councils": "", "Tags": "", "Budget band": ""}))
    result = submit(run_pipeline, tmp_path, body)
    assert result.code == 0, result.out
    data = load_file(Path(result.out.strip())).data
    assert not {"partner_councils", "tags", "budget_band", "collaboration"} & set(data)
    assert data["contacts"] == [{"role": "Digital team", "email": "digital@example.gov.uk"}]


def test_missing_answers_are_named_by_their_question(content, tmp_path, run_pipeline):
    before = entry_files(content)
    body = form_body(project_answers(Title="", Phase="", Publishing="- [ ] This can be published"))
    result = submit(run_pipeline, tmp_path, body, "--author", "jo-bloggs")
    assert result.code == 1
    assert result.out.startswith("Thank you, @jo-bloggs. This cannot be added yet.")
    assert "- **Title**: this is needed; please fill it in." in result.out
    assert "- **Phase**: this is needed; please fill it in." in result.out
    assert "- **Publishing**: tick the box" in result.out
    assert entry_files(content) == before


def test_catalogue_problems_come_back_in_plain_english(content, tmp_path, run_pipeline):
    body = form_body(project_answers(**{"Lead council": "west-berks", "Contact email": "not an email"}))
    result = submit(run_pipeline, tmp_path, body)
    assert result.code == 1
    assert "**Lead council**: we could not find 'west-berks'; did you mean West Berkshire?" in result.out
    assert '**Contact email**: the answer "not an email" is not valid' in result.out
    assert "contacts" not in result.out and "lead\\_council" not in result.out
    assert not (content / "projects/school-meals-payments.md").exists()


def test_an_existing_entry_is_not_replaced(content, tmp_path, run_pipeline):
    original = (content / "projects/bin-collection-app.md").read_bytes()
    result = submit(run_pipeline, tmp_path, form_body(project_answers(Title="Bin collection app")))
    assert result.code == 1
    assert 'there is already an entry called "bin-collection-app"' in result.out
    assert (content / "projects/bin-collection-app.md").read_bytes() == original


@pytest.mark.parametrize("short_name", ["../../outside", "..", "a/b", "UPPER", "trailing-", "x" * 81, "a\\b"])
def test_unsafe_short_names_are_refused(content, tmp_path, run_pipeline, short_name):
    before = entry_files(content)
    body = form_body(project_answers(**{"Short name for the web address": short_name}))
    result = submit(run_pipeline, tmp_path, body)
    assert result.code == 1
    assert "**Short name for the web address**: use only lower-case letters" in result.out
    assert entry_files(content) == before
    assert not list(tmp_path.glob("outside*"))


def test_shell_and_yaml_in_answers_are_only_text(content, tmp_path, run_pipeline):
    title = "Bins $(touch pwned) `id` ; rm -rf ~ && echo 'x' \"y\": z # not a comment"
    summary = "First line\n---\nlead_council: gwynedd\nphase: live\n"
    body_text = "Intro\n\n---\ntitle: not the title\n---\n\nEnd"
    answers = project_answers(Title=title, Summary=summary, **{"About the project": body_text})
    result = submit(run_pipeline, tmp_path, form_body(answers))
    assert result.code == 0, result.out
    document = load_file(Path(result.out.strip()))
    assert document.data["title"] == title
    assert document.data["summary"] == "First line --- lead_council: gwynedd phase: live"
    assert document.data["lead_council"] == "west-berkshire"
    assert document.data["phase"] == "alpha"
    assert document.body.strip() == body_text
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("<script>alert(1)</script>", "remove the HTML tags"),
        ("<img src=x onerror=alert(1)>", "remove the HTML tags"),
        ("Bins\u202edrawkcab", "remove the invisible control characters"),
        ("Bins\x00", "remove the invisible control characters"),
    ],
)
def test_html_and_control_characters_in_titles_are_refused(content, tmp_path, run_pipeline, answer, expected):
    result = submit(run_pipeline, tmp_path, form_body(project_answers(Title=answer)))
    assert result.code == 1
    assert f"**Title**: {expected}" in result.out
    assert "<script>" not in result.out and "<img" not in result.out


def test_a_question_heading_smuggled_into_an_answer_is_refused(content, tmp_path, run_pipeline):
    summary = "Looks innocent.\n\n### Lead council\n\ngwynedd"
    result = submit(run_pipeline, tmp_path, form_body(project_answers(Summary=summary)))
    assert result.code == 1
    assert "**Lead council**: this question appears twice" in result.out


def test_other_headings_stay_in_the_answer(content, tmp_path, run_pipeline):
    text = "### Background\n\nWhy we started."
    result = submit(run_pipeline, tmp_path, form_body(project_answers(**{"About the project": text})))
    assert result.code == 0, result.out
    assert load_file(Path(result.out.strip())).body.strip() == text


def test_huge_issues_are_refused(content, tmp_path, run_pipeline):
    answers = project_answers(**{"About the project": "word " * 20_000})
    result = submit(run_pipeline, tmp_path, form_body(answers))
    assert result.code == 1
    assert "longer than" in result.out


def test_a_long_title_is_explained(content, tmp_path, run_pipeline):
    result = submit(run_pipeline, tmp_path, form_body(project_answers(Title="Bins " * 30)))
    assert result.code == 1
    assert "**Title**: the answer is 149 characters long; shorten it to 100 or fewer." in result.out


def test_echoed_values_cannot_mention_or_format(content, tmp_path, run_pipeline):
    lead = "@everyone [click](https://example.com) **now**"
    result = submit(run_pipeline, tmp_path, form_body(project_answers(**{"Lead council": lead})))
    assert result.code == 1
    assert "@everyone" not in result.out
    assert "\\[click\\]" in result.out and "\\*\\*now\\*\\*" in result.out


def test_a_maker_day_form_becomes_a_maker_day(content, tmp_path, run_pipeline):
    answers = {
        "Title": "Newbury Maker Day 2027",
        "Starts": "2027-03-10 09:30",
        "Ends": "2027-03-10 17:00",
        "Format": "In person",
        "Host council": "west-berkshire",
        "Venue name": "Council offices",
        "Town or city": "Newbury",
        "Postcode": "RG14 5LD",
        "Challenges": "bin-collection-app: Test the reminder messages with residents",
        "About the day": "Come along.",
        "Publishing": "- [X] ok",
    }
    result = submit(run_pipeline, tmp_path, form_body(answers), "--kind", "makerday")
    assert result.code == 0, result.out
    data = load_file(Path(result.out.strip())).data
    assert data["status"] == "scheduled"
    assert data["venue"] == {"name": "Council offices", "town": "Newbury", "postcode": "RG14 5LD"}
    assert data["challenges"] == [
        {"project": "bin-collection-app", "brief": "Test the reminder messages with residents"}
    ]


def test_a_challenge_without_a_brief_is_explained(content, tmp_path, run_pipeline):
    answers = {"Title": "Online day", "Starts": "2027-03-10 09:30", "Ends": "2027-03-10 17:00"}
    answers |= {"Format": "Online", "Host council": "west-berkshire", "Challenges": "bin-collection-app"}
    result = submit(
        run_pipeline, tmp_path, form_body({**answers, "Publishing": "- [X] ok"}), "--kind", "makerday"
    )
    assert result.code == 1
    assert (
        '**Challenges**: "bin-collection-app" needs the project\'s title, a colon, then the brief'
        in result.out
    )


def test_a_council_form_becomes_a_council(content, tmp_path, run_pipeline):
    answers = {
        "Name": "Reading",
        "GSS code": "E06000038",
        "Type of council": "Unitary",
        "Nation": "England",
        "Website": "https://www.reading.gov.uk",
        "Maintainers": "localgovdigital/reading",
    }
    result = submit(run_pipeline, tmp_path, form_body(answers), "--kind", "council")
    assert result.code == 0, result.out
    assert result.out.strip() == "content/councils/reading.md"
    data = load_file(content / "councils/reading.md").data
    assert data["type"] == "unitary" and data["maintainers"] == ["localgovdigital/reading"]


def test_joining_mentions_the_projects_contacts_and_lead_maintainers(tmp_path, monkeypatch, run_pipeline):
    monkeypatch.chdir(tmp_path)
    lead = council_data(maintainers=["localgovdigital/west-berkshire"])
    content = write_catalogue(tmp_path, files={"councils/west-berkshire.md": lead})
    path = content / "projects/bin-collection-app.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    email: digital@example.gov.uk\n",
            "    email: digital@example.gov.uk\n    github: wb-digital\n",
        ),
        encoding="utf-8",
    )
    before = entry_files(content)
    answers = {
        "Project": "bin-collection-app",
        "Your council": "gwynedd",
        "What your council could offer": "Staff time",
        "Amount in pounds": "£2,500",
        "Anything else": "Two days a week @everyone",
    }
    result = submit(run_pipeline, tmp_path, form_body(answers), "--kind", "join")
    assert result.code == 0, result.out
    first_line = result.out.splitlines()[0]
    assert first_line.startswith(
        "@wb-digital @localgovdigital/west-berkshire: **Gwynedd** would like to join"
    )
    assert "could offer **staff time** (£2,500)" in first_line
    assert "@everyone" not in result.out.partition("```")[0], "no mention outside the code block"
    assert "  kind: staff-time\n  amount_gbp: 2500\n" in result.out
    assert entry_files(content) == before


def test_joining_an_unknown_project_is_explained(content, tmp_path, run_pipeline):
    answers = {
        "Project": "no-such-project",
        "Your council": "gwynedd",
        "What your council could offer": "Testing",
    }
    result = submit(run_pipeline, tmp_path, form_body(answers), "--kind", "join")
    assert result.code == 1
    assert "**Project**: we could not find a project called 'no-such-project'" in result.out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(max_size=120), summary=st.text(max_size=300))
def test_any_answer_gives_an_entry_that_reads_back_or_a_refusal(title, summary):
    with tempfile.TemporaryDirectory() as scratch:
        content = write_catalogue(Path(scratch))
        before = entry_files(content)
        text = form_body(project_answers(Title=title, Summary=summary))
        try:
            path = intake.take_in(text, "project", intake.Context(content, TODAY)).entry
        except intake.IntakeError as error:
            assert error.notes
            assert entry_files(content) == before
            return
        assert path.parent == content / "projects"
        # Pasted text is cleaned (invisible characters go, curly quotes straighten) and put on one line.
        assert load_file(path).data["title"] == " ".join(clean_pasted(title).split())
