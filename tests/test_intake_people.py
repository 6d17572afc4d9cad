"""Intake reads forms the way council officers fill them in: names, UK dates, www. addresses, free tags.

These tests run against a copy of the repository's own sample catalogue, whose councils and projects
have real names to look up.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from catalogue_fixtures import TODAY, TODAY_OPTION

from pipeline.loader import load_file

REPO = Path(__file__).resolve().parent.parent
SETTINGS = REPO / "pelicanconf.py"


def form_body(answers: dict[str, str]) -> str:
    return "".join(
        f"### {label}\r\n\r\n{answer or '_No response_'}\r\n\r\n" for label, answer in answers.items()
    )


# The "Add a project" form as an officer fills it in: names, a UK date, a www. address, free-text tags,
# bullets and curly quotes pasted from a document.
OFFICER_ANSWERS = {
    "Title": "Pothole reporting",
    "Summary": "Residents report a pothole with a photo, and it goes straight to the highways team’s system.",
    "Lead council": "Reading Borough Council",
    "Partner councils": "• West Berkshire Council\n• wokingham",
    "Phase": "Discovery",
    "Collaboration": "",
    "Looking for": "Partner councils, Funding",
    "Service areas": "",
    "Tags": "Roads & Pavements, Bins",
    "Budget band": "",
    "Started": "25/03/2026",
    "Contact role": "Highways digital team",
    "Contact email": "highways@reading.example.org",
    "Contact page": "www.reading.gov.uk/highways",
    "Contact GitHub handle": "",
    "About the project": "We are finding out how residents report potholes today.",
    "Short name for the web address": "",
    "Publishing": "- [X] This can be published under the Open Government Licence",
}


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path / "content"


def submit(run_pipeline, tmp_path, answers: dict[str, str], *options):
    issue = tmp_path / "issue.md"
    issue.write_bytes(form_body(answers).encode("utf-8"))
    return run_pipeline(
        "intake",
        "--issue-body",
        issue,
        "--settings",
        SETTINGS,
        "--content",
        "content",
        TODAY_OPTION,
        *options,
    )


def test_an_officers_add_project_form_becomes_a_valid_entry_in_one_go(content, tmp_path, run_pipeline):
    result = submit(run_pipeline, tmp_path, OFFICER_ANSWERS)
    assert result.code == 0, result.out
    path = Path(result.out.splitlines()[0])
    assert path == Path("content/projects/pothole-reporting.md")
    data = load_file(path).data
    assert data["lead_council"] == "reading"
    assert data["partner_councils"] == ["west-berkshire", "wokingham"]
    assert data["tags"] == ["roads-and-pavements", "bins"]
    assert data["started"] == "2026-03-25"
    assert data["looking_for"] == ["partners", "funding"]
    assert data["contacts"][0]["url"] == "https://www.reading.gov.uk/highways"
    assert data["summary"].endswith("highways team's system.")
    assert data["last_reviewed"] == TODAY.isoformat()
    validated = run_pipeline("validate", "--content", "content", TODAY_OPTION)
    assert validated.code == 0, validated.out + validated.err


def test_each_problem_is_named_once_in_the_words_of_the_form(content, tmp_path, run_pipeline):
    answers = {
        **OFFICER_ANSWERS,
        "Lead council": "Reeding",
        "Partner councils": "Wokinham\nWokinham\nWest Berkshire",
        "Started": "25/03/26",
        "Contact page": "javascript:alert(1)",
    }
    result = submit(run_pipeline, tmp_path, answers)
    assert result.code == 1
    notes = [line for line in result.out.splitlines() if line.startswith("- ")]
    assert "- **Partner councils**: we could not find 'Wokinham'; did you mean Wokingham?" in notes
    assert "- **Lead council**: we could not find 'Reeding'; did you mean Reading?" in notes
    assert any(line.startswith("- **Started**: we could not tell the year from '25/03/26'") for line in notes)
    assert any(
        line.startswith("- **Contact page**: 'javascript:alert(1)' is not the address") for line in notes
    )
    assert len(notes) == 4, notes
    for jargon in ("partner_councils", "partner\\_councils", "content/", ".md", "[2]"):
        assert jargon not in result.out
    assert not (content / "projects/pothole-reporting.md").exists()


def test_a_council_missing_from_the_catalogue_is_asked_to_add_itself(content, tmp_path, run_pipeline):
    result = submit(run_pipeline, tmp_path, {**OFFICER_ANSWERS, "Lead council": "Narnia District Council"})
    assert result.code == 1
    assert "we could not find a council called 'Narnia District Council'" in result.out
    assert 'add it first with the "Add your council" form' in result.out


def test_a_maker_day_form_reads_uk_dates_times_and_names(content, tmp_path, run_pipeline):
    answers = {
        "Title": "Leeds Maker Day 2028",
        "Summary": "",
        "Starts": "14/04/2028 09:30",
        "Ends": "14 April 2028 17:00",
        "Format": "Online",
        "Host council": "Leeds City Council",
        "Registration": "www.leeds.gov.uk/maker-day",
        "Organiser role": "",
        "Organiser email": "",
        "Challenges": "- Bin collection reminders: Design the reminder for a changed collection day",
        "About the day": "Come along.",
        "Short name for the web address": "",
        "Publishing": "- [X] ok",
    }
    result = submit(run_pipeline, tmp_path, answers, "--kind", "makerday")
    assert result.code == 0, result.out
    data = load_file(Path(result.out.strip())).data
    assert (data["starts"], data["ends"]) == ("2028-04-14 09:30", "2028-04-14 17:00")
    assert data["host_council"] == "leeds"
    assert data["registration_url"] == "https://www.leeds.gov.uk/maker-day"
    assert data["challenges"] == [
        {"project": "bin-collection-reminders", "brief": "Design the reminder for a changed collection day"}
    ]


def join_answers(**changes: str) -> dict[str, str]:
    answers = {
        "Project": "Bin collection reminders",
        "Your council": "Cyngor Gwynedd",
        "What your council could offer": "Testing",
        "Amount in pounds": "",
        "Anything else": "",
    }
    return {**answers, **changes}


@pytest.mark.parametrize(
    "project", ["Bin collection reminders", "https://pipeline.example/projects/bin-collection-reminders/"]
)
def test_joining_accepts_a_title_or_address_and_a_councils_name(content, tmp_path, run_pipeline, project):
    before = (content / "projects/bin-collection-reminders.md").read_bytes()
    result = submit(run_pipeline, tmp_path, join_answers(Project=project), "--kind", "join")
    assert result.code == 0, result.out
    assert "**Gwynedd** would like to join **Bin collection reminders**" in result.out
    assert "  - council: gwynedd\n" in result.out or "- council: gwynedd\n" in result.out
    assert (content / "projects/bin-collection-reminders.md").read_bytes() == before


def test_joining_with_a_misspelt_council_suggests_it_rather_than_adding_it(content, tmp_path, run_pipeline):
    result = submit(run_pipeline, tmp_path, join_answers(**{"Your council": "Gwyned"}), "--kind", "join")
    assert result.code == 1
    assert "- **Your council**: we could not find 'Gwyned'; did you mean Gwynedd?" in result.out
    assert "Add your council" not in result.out


def test_joining_as_a_council_not_in_pipeline_asks_it_to_add_itself(content, tmp_path, run_pipeline):
    result = submit(run_pipeline, tmp_path, join_answers(**{"Your council": "Ynys Ddu"}), "--kind", "join")
    assert result.code == 1
    assert "**Your council**: we could not find a council called 'Ynys Ddu'" in result.out
    assert 'add it first with the "Add your council" form' in result.out


def test_a_possible_duplicate_still_becomes_an_entry_and_suggests_joining(content, tmp_path, run_pipeline):
    answers = {
        **OFFICER_ANSWERS,
        "Title": "Bin collection reminder emails",
        "Summary": "Residents sign up to get an email or text the evening before each bin collection, "
        "including bank holiday changes.",
        "Tags": "notifications, bin collections, GOV.UK Notify",
        "About the project": "Reminders the evening before each bin collection, sent with GOV.UK Notify.",
    }
    message = tmp_path / "message.txt"
    result = submit(run_pipeline, tmp_path, answers, "--format", "json", "--message-file", message)
    assert result.code == 0, result.out
    decision = json.loads(result.out)
    assert decision["change"] == "add" and decision["owner_confirmed"] is False
    assert Path(decision["entry"]).is_file()
    duplicates = decision["possible_duplicates"]
    assert duplicates[0]["id"] == "bin-collection-reminders"
    assert duplicates[0]["lead_council_name"] == "West Berkshire" and duplicates[0]["phase"] == "live"
    for text in (decision["comment"], message.read_text(encoding="utf-8")):
        assert "**Bin collection reminders**" in text
        assert "led by West Berkshire, live" in text
        assert "joining it instead" in text
        assert "issues/new?template=join-project.yml&project=bin-collection-reminders" in text
    text_run = submit(run_pipeline, tmp_path, {**answers, "Short name for the web address": "bins-again"})
    assert text_run.out.splitlines()[0] == "content/projects/bins-again.md"
    assert "led by West Berkshire, live" in text_run.out


def test_a_project_unlike_any_other_has_no_possible_duplicates(content, tmp_path, run_pipeline):
    result = submit(run_pipeline, tmp_path, OFFICER_ANSWERS, "--format", "json")
    assert json.loads(result.out)["possible_duplicates"] == []
