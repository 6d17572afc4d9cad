"""`pipeline challenges`, and the organiser's way from a shortlist to a valid maker day."""

import json
import re
from datetime import date

import pytest
from makerday_catalogue import MAKERDAYS, TODAY, catalogue_files, makerday, project

ON_TODAY = ["--today", TODAY.isoformat()]


@pytest.fixture
def run(run_pipeline):
    """`pipeline ARGS` in this process -> (exit code, stdout, stderr)."""

    def run_command(*arguments) -> tuple[int, str, str]:
        done = run_pipeline(*arguments)
        return done.code, done.out, done.err

    return run_command


@pytest.fixture
def content(tmp_path, make_catalogue):
    """Write the maker day catalogue, with some entries changed: content(projects=..., makerdays=...)."""
    return lambda **changes: make_catalogue(tmp_path, files=catalogue_files(**changes), base=False)


def test_text_shortlist_lists_projects_that_asked_first(run, content):
    folder = content()
    code, out, _ = run("challenges", "--content", folder, *ON_TODAY)
    assert code == 0
    order = [
        out.index(text)
        for text in ("Asked to be", "(library-finder)", "(waste-app)", "Looking for", "(parking-map)")
    ]
    assert order == sorted(order)
    for left_out in ("repairs-tracker", "old-portal", "retired-tool", "quiet-service"):
        assert left_out not in out
    assert "lead council: Northtown; contact: Waste app team <team@northtown.example.org>" in out
    assert "a challenge once, at Winter maker day" in out


def test_markdown_shortlist_is_a_table_that_survives_a_pipe_in_a_title(run, content):
    piped = project("Forms | letters", "northtown", "2026-11-20", ["skills"])
    folder = content(projects={"forms-letters": piped})
    code, out, _ = run("challenges", "--content", folder, *ON_TODAY, "--format", "markdown")
    assert code == 0
    row = next(line for line in out.splitlines() if "forms-letters" in line)
    assert row.startswith("| Forms \\| letters | `forms-letters` | Northtown |")
    assert row.count(" | ") == 5


def test_json_shortlist_has_what_an_organiser_needs(run, content):
    folder = content()
    code, out, _ = run("challenges", "--content", folder, *ON_TODAY, "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["makerday"] is None
    first = report["candidates"][0]
    assert (first["id"], first["group"], first["freshness"]) == ("library-finder", "asked", "fresh")
    assert first["lead_council"] == {"id": "southvale", "name": "Southvale"}
    assert first["contact"] == {"role": "Library finder team", "address": "team@southvale.example.org"}
    assert first["waited_days"] == (TODAY - date.fromisoformat(first["waiting_since"])).days
    waste_app = next(c for c in report["candidates"] if c["id"] == "waste-app")
    assert waste_app["challenge_before"] == ["winter-day"]


def test_an_unknown_maker_day_is_a_usage_error_with_a_suggestion(run, content):
    folder = content()
    code, _, err = run("challenges", "--content", folder, "--for", "spring-dya")
    assert code == 2
    assert 'did you mean "spring-day"?' in err


def test_for_a_maker_day_that_cannot_be_read_reports_its_problems(run, content):
    broken = {**MAKERDAYS["spring-day"], "status": "maybe"}
    folder = content(makerdays={"spring-day": broken})
    code, out, _ = run("challenges", "--content", folder, *ON_TODAY, "--for", "spring-day")
    assert code == 1
    assert "cannot be read until these problems are fixed" in out and "status" in out


def test_organiser_picks_three_and_validate_accepts_the_new_day(run, content):
    folder = content()
    _, out, _ = run("challenges", "--content", folder, *ON_TODAY, "--format", "json")
    picked = [candidate["id"] for candidate in json.loads(out)["candidates"][:3]]
    assert len(picked) == 3
    flags = [part for project_id in picked for part in ("--challenge", project_id)]
    code, out, err = run(
        *["new", "makerday", "--no-input", "--content", folder, *ON_TODAY, "--title", "Summer maker day"],
        *["--starts", "2027-06-16 09:30", "--ends", "2027-06-16 17:00", "--format", "in-person"],
        *["--host-council", "southvale", "--venue-name", "Library", "--venue-town", "Southvale"],
        *flags,
    )
    assert code == 0, out + err
    written = (folder / "makerdays" / "summer-maker-day.md").read_text(encoding="utf-8")
    assert all(f"project: {project_id}" in written for project_id in picked)
    # The organiser writes each brief and the description in place of the prompts.
    written = re.sub(r"\[Replace this: ([^\]]*)\]", r"Our words on \1", written)
    (folder / "makerdays" / "summer-maker-day.md").write_text(written, encoding="utf-8")
    code, out, err = run("validate", "--content", folder, *ON_TODAY)
    assert code == 0, out + err
    code, out, _ = run("challenges", "--content", folder, *ON_TODAY, "--for", "summer-maker-day")
    assert code == 0 and "Result: the challenges pass." in out
    _, out, _ = run("challenges", "--content", folder, *ON_TODAY, "--format", "json")
    assert not set(picked) & {candidate["id"] for candidate in json.loads(out)["candidates"]}, "booked now"


def test_a_stale_challenge_is_refused_and_confirming_the_project_makes_it_eligible(run, content):
    stale_choice = {**MAKERDAYS["spring-day"], "challenges": [{"project": "old-portal", "brief": "Tidy it."}]}
    folder = content(makerdays={"spring-day": stale_choice})
    code, out, _ = run("validate", "--content", folder, *ON_TODAY)
    assert code == 1
    refusal = next(line for line in out.splitlines() if "old-portal" in line)
    assert "spring-day.md" in refusal and ": error: " in refusal
    assert "last_reviewed" in refusal and "old-portal.md" in refusal
    code, out, _ = run("challenges", "--content", folder, *ON_TODAY, "--for", "spring-day")
    assert code == 1 and "1. old-portal: not confirmed recently: needs fixing" in out

    confirmed = project("Old portal", "northtown", TODAY.isoformat(), ["maker-day-challenge"])
    folder = content(projects={"old-portal": confirmed}, makerdays={"spring-day": stale_choice})
    code, out, _ = run("validate", "--content", folder, *ON_TODAY)
    assert code == 0, out


def test_the_check_warns_when_a_candidate_review_falls_due_before_the_day(run, content):
    later = makerday("Autumn day", "2027-09-01 09:30", "2027-09-01 17:00")
    folder = content(makerdays={"autumn-day": later})
    _, out, _ = run("challenges", "--content", folder, *ON_TODAY, "--for", "autumn-day")
    waste_app = out[out.index("(waste-app)") :].splitlines()[1]
    assert "review due 2027-04-30 (before the day" in waste_app


def test_the_check_puts_each_problem_on_its_own_challenge(run, content):
    fresh = {f"extra-{n}": project(f"Extra {n}", "northtown", "2026-11-01") for n in range(1, 10)}
    challenges = [{"project": project_id, "brief": "Try it."} for project_id in [*fresh, "old-portal"]]
    day = {**MAKERDAYS["spring-day"], "challenges": challenges}
    folder = content(projects=fresh, makerdays={"spring-day": day})
    code, out, _ = run(
        "challenges", "--content", folder, *ON_TODAY, "--for", "spring-day", "--format", "json"
    )
    checked = json.loads(out)["makerday"]["challenges"]
    assert code == 1
    assert [bool(challenge["problems"]) for challenge in checked] == [False] * 9 + [True]
