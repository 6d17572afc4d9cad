"""Cross-entry rules: references, unique GSS codes, and dates that make sense."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from catalogue_fixtures import TODAY, council_data, makerday_data, project_data

from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.problems import ERROR, WARNING
from pipeline.rules import values_at


@pytest.fixture
def check(tmp_path, monkeypatch, make_catalogue):
    """check({path: content}, today=TODAY) -> the problems of the base catalogue plus those files."""
    monkeypatch.chdir(tmp_path)

    def run(files: dict, today: date = TODAY, base: bool = True) -> list:
        make_catalogue(tmp_path, files=files, base=base)
        _, problems = load_catalogue(tmp_path / "content", today, Policy())
        return problems

    return run


def messages(problems) -> list[str]:
    return [problem.message for problem in problems]


def test_the_base_catalogue_is_valid(check):
    assert check({}) == []


# References ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, field, message",
    [
        ("projects/p.md", project_data(lead_council="west-berks"), "lead_council",
         'lead_council "west-berks" is not a council in content/councils/; did you mean "west-berkshire"? '
         "use the file name of a council there, without .md"),
        ("projects/p.md", project_data(partner_councils=["gwynedd", "gwyned"]), "partner_councils[2]",
         'partner_councils[2] "gwyned" is not a council in content/councils/; did you mean "gwynedd"?'),
        ("projects/p.md", project_data(pledges=[{"council": "atlantis", "kind": "testing"}]), "pledges[1].council",
         'pledges[1].council "atlantis" is not a council in content/councils/; use the file name'),
        ("projects/p.md", project_data(born_at="maker-day-newbery"), "born_at",
         'born_at "maker-day-newbery" is not a maker day in content/makerdays/; did you mean "maker-day-newbury"?'),
        ("makerdays/m.md", makerday_data(host_council="belfast-city"), "host_council",
         'host_council "belfast-city" is not a council in content/councils/; did you mean "belfast"?'),
        ("makerdays/m.md", makerday_data(challenges=[{"project": "bins", "brief": "b"}]), "challenges[1].project",
         'challenges[1].project "bins" is not a project in content/projects/'),
        ("makerdays/m.md", makerday_data(outputs=[{"title": "t", "url": "https://x.org", "kind": "code",
                                                    "project": "bin-collection"}]), "outputs[1].project",
         'outputs[1].project "bin-collection" is not a project in content/projects/; did you mean'),
    ],
)  # fmt: skip
def test_unknown_references(check, name, data, field, message):
    [problem] = check({name: data})
    assert (problem.path, problem.field, problem.severity) == (f"content/{name}", field, ERROR)
    assert problem.message.startswith(message)


def test_a_reference_points_at_the_value(check):
    text = (
        "---\ntitle: Bins\nsummary: s\nlead_council: west-berkshire\npartner_councils:\n  - gwynedd\n"
        "  - nowhere\nphase: alpha\nlast_reviewed: 2026-10-01\ncontacts:\n  - role: r\n    github: x\n---\n"
    )
    [problem] = check({"projects/p.md": text})
    assert (problem.line, problem.column) == (7, 5)


def test_a_reference_to_a_broken_file_is_not_a_second_problem(check):
    """The broken council is reported once; projects that name it are not."""
    broken = "---\nname: Stroud\ntype: parish\n---\n"
    problems = check({"councils/stroud.md": broken, "projects/p.md": project_data(lead_council="stroud")})
    assert {problem.path for problem in problems} == {"content/councils/stroud.md"}


def test_a_broken_entry_still_has_its_references_checked(check):
    problems = check({"projects/p.md": project_data(phase="alpah", lead_council="nowhere")})
    assert sorted(problem.field for problem in problems) == ["lead_council", "phase"]


def test_a_file_that_cannot_be_read_is_still_a_known_id(check):
    problems = check(
        {"makerdays/broken.md": "no front matter", "projects/p.md": project_data(born_at="broken")}
    )
    assert [problem.path for problem in problems] == ["content/makerdays/broken.md"]


def test_references_point_into_the_right_folder(check):
    """A council id is not a project, even when a file of that name exists elsewhere."""
    [problem] = check({"makerdays/m.md": makerday_data(challenges=[{"project": "gwynedd", "brief": "b"}])})
    assert problem.field == "challenges[1].project"


# Projects ---------------------------------------------------------------------------------


def test_the_lead_council_is_not_also_a_partner(check):
    [problem] = check({"projects/p.md": project_data(partner_councils=["gwynedd", "west-berkshire"])})
    assert (problem.field, problem.severity) == ("partner_councils[2]", ERROR)
    assert problem.message == '"west-berkshire" is the lead council; remove it from partner_councils'


def test_a_partner_listed_twice_is_a_warning(check):
    [problem] = check({"projects/p.md": project_data(partner_councils=["gwynedd", "belfast", "gwynedd"])})
    assert (problem.field, problem.severity) == ("partner_councils[3]", WARNING)
    assert "listed twice" in problem.message


@pytest.mark.parametrize("days, future", [(-400, False), (0, False), (1, True)])
def test_last_reviewed_cannot_be_in_the_future(check, days, future):
    reviewed = (TODAY + timedelta(days=days)).isoformat()
    problems = check({"projects/p.md": project_data(last_reviewed=reviewed)})
    assert messages(problems) == (
        [
            f"last_reviewed {reviewed} is in the future; use the date it happened (today is 2026-11-26 or earlier)"
        ]
        if future
        else []
    )


def test_the_future_is_judged_against_the_day_given(check):
    files = {"projects/p.md": project_data(last_reviewed="2026-12-25")}
    assert check(files, today=date(2026, 12, 25)) == []
    assert len(check(files, today=date(2026, 12, 24))) == 1


def test_update_dates_cannot_be_in_the_future(check):
    updates = [
        {"date": "2026-11-26", "text": "Today."},
        {"date": "2026-11-27", "text": "Tomorrow."},
        {"date": "2025-01-01", "text": "Long ago."},
    ]
    [problem] = check({"projects/p.md": project_data(updates=updates)})
    assert problem.field == "updates[2].date"
    assert problem.message.startswith("updates[2].date 2026-11-27 is in the future")


@pytest.mark.parametrize(
    "started, ends, wrong", [("2026-01-01", "2026-01-01", False), ("2026-01-02", "2026-01-01", True)]
)
def test_a_project_ends_after_it_starts(check, started, ends, wrong):
    problems = check({"projects/p.md": project_data(started=started, ends=ends)})
    assert messages(problems) == (
        [f"ends ({ends}) is before started ({started}); check both dates"] if wrong else []
    )


def test_either_date_alone_is_fine(check):
    assert (
        check(
            {
                "projects/p.md": project_data(ends="2020-01-01"),
                "projects/q.md": project_data(started="2030-01-01"),
            }
        )
        == []
    )


# Maker days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "starts, ends, wrong",
    [
        ("2027-07-01 10:00", "2027-07-01 10:01", False),
        ("2027-07-01 10:00", "2027-07-01 10:00", True),
        ("2027-07-01 10:00", "2027-06-30 18:00", True),
        # 10:00 in summer is 09:00 UTC, so 09:30 UTC is after it although it reads earlier.
        ("2027-07-01 10:00", "2027-07-01T09:30Z", False),
        ("2027-07-01 10:00", "2027-07-01T08:30+00:00", True),
        # In winter UK time is UTC.
        ("2027-01-20 10:00", "2027-01-20T09:30Z", True),
    ],
)
def test_a_maker_day_ends_after_it_starts(check, starts, ends, wrong):
    problems = check({"makerdays/m.md": makerday_data(starts=starts, ends=ends)})
    assert messages(problems) == (
        ["ends must be after starts; check the date and time of both"] if wrong else []
    )


def test_a_challenge_project_is_listed_once(check):
    challenges = [
        {"project": "bin-collection-app", "brief": "One."},
        {"project": "bin-collection-app", "brief": "Two."},
    ]
    [problem] = check({"makerdays/m.md": makerday_data(challenges=challenges)})
    assert (problem.field, problem.severity) == ("challenges[2].project", ERROR)


# Unique GSS codes -----------------------------------------------------------------------------


def test_a_gss_code_belongs_to_one_council(check):
    problems = check(
        {
            "councils/newbury.md": council_data(name="Newbury"),
            "councils/thatcham.md": council_data(name="Thatcham"),
        }
    )
    # Files are read in name order, so newbury.md is the first with West Berkshire's code.
    assert [(problem.path, problem.field, problem.line) for problem in problems] == [
        ("content/councils/thatcham.md", "gss_code", 4),
        ("content/councils/west-berkshire.md", "gss_code", 4),
    ]
    assert all("is already used by content/councils/newbury.md" in problem.message for problem in problems)


def test_a_broken_council_does_not_claim_its_code(check):
    problems = check({"councils/aaa.md": council_data(gss_code="E06000037", nation="atlantis")})
    assert [problem.field for problem in problems] == ["nation"]


# values_at ----------------------------------------------------------------------------------


def test_values_at_follows_list_items():
    data = {"pledges": [{"council": "a"}, {"kind": "x"}, {"council": "b"}], "title": "t"}
    assert list(values_at(data, ("pledges", "*", "council"))) == [
        (("pledges", 0, "council"), "a"),
        (("pledges", 2, "council"), "b"),
    ]
    assert list(values_at(data, ("title",))) == [(("title",), "t")]
    assert list(values_at(data, ("title", "*"))) == []
    assert list(values_at({"pledges": "none"}, ("pledges", "*", "council"))) == []
