"""`Site`, the object every template sees as `site`, on a small catalogue: no Pelican, no build."""

from __future__ import annotations

from datetime import date

import pytest
from catalogue_fixtures import TODAY, project_data, write_catalogue

from pipeline.catalogue import load_catalogue
from pipeline.freshness import Policy
from pipeline.site.context import Site, dated_updates

SETTINGS = {
    "SITEURL": "https://pipeline.example.org/",
    "GITHUB_REPO": "example/catalogue",
    "PIPELINE_TODAY": TODAY.isoformat(),
    "FRESHNESS_REVIEW_AGE_DAYS": 90,
    "FRESHNESS_WARNING_DAYS": 30,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    files = {
        "projects/fresh-one.md": project_data(title="Fresh one", last_reviewed="2026-11-01"),
        "projects/due-one.md": project_data(title="Due one", last_reviewed="2026-09-01"),
        "projects/stale-one.md": project_data(title="Stale one", last_reviewed="2026-05-01"),
        "projects/retired-one.md": project_data(
            title="Retired one", phase="retired", last_reviewed="2026-11-20"
        ),
        "projects/funded.md": project_data(
            title="Funded",
            last_reviewed="2026-11-02",
            funding_target_gbp="20000",
            looking_for=["funding"],
            pledges=[{"council": "belfast", "kind": "funding", "amount_gbp": "5000"}],
        ),
    }
    content = write_catalogue(tmp_path_factory.mktemp("site"), files)
    catalogue, problems = load_catalogue(content, TODAY, Policy.from_settings(SETTINGS))
    assert [problem for problem in problems if problem.is_error] == []
    return Site(catalogue, SETTINGS)


def test_freshness_follows_the_settings_policy_and_today(site):
    states = {project_id: site.freshness(project) for project_id, project in site.catalogue.projects.items()}
    assert states["fresh-one"] == "fresh"
    assert states["due-one"] == "due"
    assert states["stale-one"] == "stale"
    assert states["retired-one"] == "archived"
    assert site.policy.review_age_days == 90 and site.today == TODAY


def test_the_default_order_puts_trustworthy_projects_first(site):
    ordered = [project.id for project in site.sort_projects(site.catalogue.projects.values())]
    assert ordered.index("fresh-one") < ordered.index("due-one") < ordered.index("stale-one")
    assert ordered[-1] == "retired-one"


def test_overdue_is_said_in_words(site):
    stale = site.project("stale-one")
    assert site.overdue_text(stale) == "confirmation overdue by 3 months"  # 119 days
    assert site.review_due(stale) == date(2026, 7, 30)
    assert site.overdue_text(site.project("due-one")) == "confirmation due in 4 days"


def test_urls_are_absolute_to_the_site(site):
    assert site.url(site.project("funded")) == "https://pipeline.example.org/projects/funded/"
    assert site.url("projects/") == "https://pipeline.example.org/projects/"


def test_funding_counts_pledged_money_against_the_target(site):
    assert site.funding(site.project("funded")) == {"target": 20000, "pledged": 5000, "percent": 25}
    assert site.funding(site.project("fresh-one")) is None


def test_only_trusted_projects_are_shown_as_looking_for_help(site):
    assert [project.id for project in site.looking_for("funding", 5)] == ["funded"]
    assert "stale-one" not in [project.id for project in site.looking_for("partners", 10)]


def test_update_anchors_are_stable_and_distinct_on_one_day():
    updates = [{"day": date(2026, 3, 2), "text": "Second."}, {"day": date(2026, 3, 2), "text": "First."}]
    anchors = [update.anchor for update in dated_updates(type("P", (), {"updates": updates})())]
    assert anchors == ["update-2026-03-02-2", "update-2026-03-02"]
