"""`pipeline digest` (the community manager's week in Markdown) and `pipeline retire` (retiring an unanswered
project), judged on fixed days either side of each boundary."""

from __future__ import annotations

from datetime import date, timedelta

import markdown
import pytest
from bs4 import BeautifulSoup
from catalogue_fixtures import TODAY, project_data
from freshness_catalogue import MOVING, SETTINGS, freshness_files

from pipeline.edits import changed_fields
from pipeline.freshness import Policy
from pipeline.loader import load_text

POLICY = Policy()
PUBLISH_SETTINGS = SETTINGS.parent / "publishconf.py"
UNANSWERED_FROM = TODAY - timedelta(days=POLICY.review_age_days + POLICY.unanswered_after_days)
HOSTILE_TITLE = "Bins [click](https://evil.example) <b>now</b> @everyone ![x](https://evil.example/x.png)"
SITE = "https://localgovdigital.github.io/pipeline"


def week_files(last_reviewed: date) -> dict:
    """Reading's project (unanswered from UNANSWERED_FROM, its one contact gone, past its end date) and a
    project with a hostile title confirmed this week with news."""
    files = freshness_files(last_reviewed.isoformat(), ends="2026-06-30")
    files[f"projects/{MOVING}.md"]["contacts"] = [
        {"role": "Parking team", "email": "parking@reading.example.org", "until": "2026-11-01"}
    ]
    files["projects/bin-collection-app.md"] = project_data(
        title=HOSTILE_TITLE,
        last_reviewed=(TODAY - timedelta(days=6)).isoformat(),
        updates=[
            {"date": TODAY.isoformat(), "text": "Now open to **everyone**. Ask @westberks-digital."},
            {"date": (TODAY - timedelta(days=7)).isoformat(), "text": "Older news."},
        ],
    )
    return files


def digest(run_pipeline, content, today: date = TODAY, settings=PUBLISH_SETTINGS) -> str:
    result = run_pipeline(
        "digest", "--settings", settings, "--content", content, "--today", today.isoformat()
    )
    assert (result.code, result.err) == (0, "")
    return result.out


def section(text: str, heading: str) -> str:
    """The lines of the digest from a heading ("## ...") to the next heading of the same level."""
    level = heading.split(" ")[0] + " "
    lines = text.splitlines()
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(level)), len(lines))
    return "\n".join(lines[start:end])


def test_the_digest_gives_the_week_in_numbers_changes_maker_days_and_projects_needing_a_hand(
    make_catalogue, tmp_path, run_pipeline
):
    text = digest(run_pipeline, make_catalogue(tmp_path, files=week_files(UNANSWERED_FROM)))
    assert text.startswith("# Pipeline this week: 26 November 2026\n")
    assert section(text, "## The catalogue in numbers").splitlines()[2:] == [
        "- 1 up to date",
        "- 0 review due soon",
        "- 1 not confirmed recently",
        "- 0 archived",
    ]
    changed = section(text, "## What changed from 20 November 2026 to 26 November 2026")
    assert "### Added or confirmed: 1 project" in changed
    assert "### News: 1 update" in changed and "Older news" not in changed
    assert "(26 November 2026): Now open to \\*\\*everyone\\*\\*. Ask @\u200bwestberks-digital." in changed
    makerdays = section(text, "## Maker days coming up")
    assert f"[Newbury Maker Day]({SITE}/makerdays/maker-day-newbury/): Wednesday 20 January 2027" in makerdays
    hand = section(text, "## Projects that need a hand")
    assert (
        f"- [Resident parking permits]({SITE}/projects/{MOVING}/), Reading: confirmation overdue by 3 months, "
        "last confirmed 1 March 2026; [confirm it](https://github.com/localgovdigital/pipeline/issues/new?"
        f"template=confirm-project.yml&project={MOVING}&title=Confirm%20project%3A%20Resident%20parking%20permits)"
    ) in section(hand, "### Nobody has answered: 1 project")
    assert "Reading: every contact has left; [update it](" in section(
        hand, "### Nobody left to answer: 1 project"
    )
    assert "was due to end on 30 June 2026 but is still in beta" in section(
        hand, "### Past their end date: 1 project"
    )


def test_the_day_before_each_boundary_nothing_needs_a_hand(make_catalogue, tmp_path, run_pipeline):
    files = week_files(UNANSWERED_FROM + timedelta(days=1))
    files[f"projects/{MOVING}.md"]["contacts"][0]["until"] = TODAY.isoformat()
    files[f"projects/{MOVING}.md"]["ends"] = TODAY.isoformat()
    text = digest(run_pipeline, make_catalogue(tmp_path, files=files))
    assert section(text, "## Projects that need a hand").splitlines()[2:] == [
        "Every project has someone answering for it."
    ]


def test_entry_text_cannot_format_link_embed_or_mention(make_catalogue, tmp_path, run_pipeline):
    text = digest(run_pipeline, make_catalogue(tmp_path, files=week_files(UNANSWERED_FROM)))
    html = BeautifulSoup(markdown.markdown(text), "html.parser")
    assert html.select("img") == [] and html.select("b") == []
    assert not [a for a in html.select("a") if "evil.example" in a["href"]]
    titles = [a.get_text() for a in html.select("a") if a["href"].endswith("/projects/bin-collection-app/")]
    assert titles and set(titles) == {HOSTILE_TITLE.replace("@", "@\u200b").replace("://", ":\u200b//")}


def test_a_quiet_week_says_so(make_catalogue, tmp_path, run_pipeline):
    content = make_catalogue(tmp_path, files=freshness_files("2026-10-01"))
    text = digest(run_pipeline, content, settings=SETTINGS)
    assert "Nothing was added, confirmed or updated." in text
    assert "[Newbury Maker Day](/makerdays/maker-day-newbury/)" in text  # links follow the settings' SITEURL


# pipeline retire -------------------------------------------------------------------


def retire(run_pipeline, content, today: date):
    return run_pipeline(
        "retire", MOVING, "--settings", SETTINGS, "--content", content, "--today", today.isoformat()
    )


@pytest.mark.parametrize(
    ("last_reviewed", "retired"),
    [
        pytest.param(UNANSWERED_FROM + timedelta(days=1), False, id="the-day-before-unanswered"),
        pytest.param(UNANSWERED_FROM, True, id="first-unanswered-day"),
    ],
)
def test_retire_changes_an_unanswered_project_only(
    last_reviewed, retired, make_catalogue, tmp_path, run_pipeline
):
    content = make_catalogue(tmp_path, files=freshness_files(last_reviewed.isoformat()))
    path = content / "projects" / f"{MOVING}.md"
    before = path.read_bytes()
    result = retire(run_pipeline, content, TODAY)
    if not retired:
        assert result.code == 1 and path.read_bytes() == before
        assert f"counts as unanswered only from {TODAY.day + 1} November 2026" in result.err
        return
    assert result.code == 0 and result.out.strip().endswith(f"projects/{MOVING}.md")
    after = path.read_bytes().decode("utf-8")
    assert changed_fields(before.decode("utf-8"), after) == ["phase", "updates"]
    data = load_text(after).data
    assert data["phase"] == "retired"
    assert data["updates"][0] == {
        "date": TODAY.isoformat(),
        "text": f"Archived: no response since {last_reviewed.day} {last_reviewed:%B %Y}.",
    }
    assert run_pipeline("validate", "--content", content, "--today", TODAY.isoformat()).code == 0


def test_retire_names_a_project_that_is_not_there(make_catalogue, tmp_path, run_pipeline):
    content = make_catalogue(tmp_path)
    result = run_pipeline("retire", "no-such-project", "--settings", SETTINGS, "--content", content)
    assert result.code == 2 and '"no-such-project" is not a valid project' in result.err
