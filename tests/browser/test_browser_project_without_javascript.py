"""A project page can be read with JavaScript switched off: title, summary, phase and contacts are all shown."""

from __future__ import annotations

import pytest

from pipeline.markup import plain_text
from pipeline.schemas import labels

pytestmark = pytest.mark.browser


def contact_locators(main, project) -> dict:
    """What each contact should show: its role, name, email and GitHub handle as text, its page as a link."""
    wanted = {}
    for contact in project.get("contacts", []):
        for key in ("role", "name", "email", "github"):
            if contact.get(key):
                text = contact[key].lstrip("@")
                wanted[f"contact {key} {text}"] = main.get_by_text(text, exact=False)
        if contact.get("url"):
            wanted[f"contact url {contact['url']}"] = main.locator(f'a[href="{contact["url"]}"]')
    return wanted


def test_every_project_page_reads_without_javascript(open_page, catalogue):
    phase_labels = labels("project", ("phase",))
    visit = open_page(javascript=False)
    page = visit.page
    missing = {}
    for project in catalogue.projects.values():
        visit.goto(f"/{project.url}")
        main = page.locator("main")
        heading = main.get_by_role("heading", level=1)
        wanted = {
            "title": heading.filter(has_text=project.title),
            "summary": main.get_by_text(plain_text(project.get("summary")), exact=False),
            "phase": main.get_by_text(phase_labels[project.phase], exact=True),
        }
        wanted.update(contact_locators(main, project))
        hidden = [what for what, locator in wanted.items() if not any_visible(locator)]
        if hidden:
            missing[project.url] = hidden
    assert not missing, f"not visible without JavaScript: {missing}"


def any_visible(locator) -> bool:
    return any(locator.nth(index).is_visible() for index in range(locator.count()))
