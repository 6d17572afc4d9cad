"""A visitor, on the keyboard, follows a project to its lead council and to the maker day where it was a
challenge, and from there back to the project."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def follow_with_keyboard(visit, path: str) -> None:
    """Focuses the first link in the main content to `path` and presses Enter."""
    link = visit.page.locator("main").locator(f'a[href$="{path}"]').first
    assert link.count(), f"{visit.path()} has no link to {path}"
    link.focus()
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_url(f"**{path}")
    assert visit.path() == path


def heading(visit) -> str:
    return visit.page.get_by_role("heading", level=1).inner_text()


def test_project_to_council_and_maker_day_and_back(open_page, catalogue):
    project = min(
        (project for project in catalogue.projects.values() if catalogue.challenged_at[project.id]),
        key=lambda project: project.id,
    )
    council = catalogue.councils[project.lead_council]
    makerday = catalogue.challenged_at[project.id][0]
    visit = open_page(f"/{project.url}")

    follow_with_keyboard(visit, f"/{council.url}")
    assert council.name in heading(visit)
    assert visit.page.locator("main").locator(f'a[href$="/{project.url}"]').count(), (
        "the council does not list it"
    )

    visit.page.go_back()
    follow_with_keyboard(visit, f"/{makerday.url}")
    assert makerday.title in heading(visit)

    follow_with_keyboard(visit, f"/{project.url}")
    assert project.title in heading(visit)
    assert not visit.errors, "\n".join(visit.errors)
