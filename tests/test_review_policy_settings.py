"""Every command that judges freshness reads the same review policy from --settings.

An upcoming maker day may only take challenges from projects that are fresh or due for review. With a
90-day policy, a project confirmed 90 days ago is stale: `validate` refuses it as a challenge, and
`challenges --for` says so, exactly as the site's review page does; one day later confirmed, it passes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from catalogue_fixtures import TODAY, makerday_data, project_data

POLICY_DAYS = 90


@pytest.fixture
def settings_file(tmp_path):
    path = tmp_path / "policy.py"
    path.write_text(
        f"FRESHNESS_REVIEW_AGE_DAYS = {POLICY_DAYS}\nFRESHNESS_WARNING_DAYS = 30\n", encoding="utf-8"
    )
    return path


def catalogue_with_challenge(make_catalogue, tmp_path, confirmed_days_ago: int):
    reviewed = (TODAY - timedelta(days=confirmed_days_ago)).isoformat()
    return make_catalogue(
        tmp_path,
        files={
            "projects/bin-collection-app.md": project_data(last_reviewed=reviewed),
            "makerdays/newbury-maker-day.md": makerday_data(
                challenges=[{"project": "bin-collection-app", "brief": "Make the reminders work offline."}]
            ),
        },
    )


@pytest.mark.parametrize(("days_ago", "refused"), [(POLICY_DAYS - 1, False), (POLICY_DAYS, True)])
def test_validate_judges_challenges_by_the_settings_policy(
    run_pipeline, make_catalogue, tmp_path, settings_file, days_ago, refused
):
    content = catalogue_with_challenge(make_catalogue, tmp_path, days_ago)
    options = ["--settings", str(settings_file), "--content", str(content), f"--today={TODAY.isoformat()}"]
    result = run_pipeline("validate", *options)
    assert (result.code == 1) == refused, result.out + result.err
    assert ("cannot be a challenge" in result.out) == refused
    # The default policy (180 days) would have accepted both.
    assert run_pipeline("validate", "--content", str(content), f"--today={TODAY.isoformat()}").code == 0


@pytest.mark.parametrize(("days_ago", "refused"), [(POLICY_DAYS - 1, False), (POLICY_DAYS, True)])
def test_challenges_judges_by_the_settings_policy(
    run_pipeline, make_catalogue, tmp_path, settings_file, days_ago, refused
):
    content = catalogue_with_challenge(make_catalogue, tmp_path, days_ago)
    options = ["--settings", str(settings_file), "--content", str(content), f"--today={TODAY.isoformat()}"]
    result = run_pipeline("challenges", "--for", "newbury-maker-day", *options)
    assert (result.code == 1) == refused, result.out + result.err
    assert ("not confirmed recently" in result.out) == refused
