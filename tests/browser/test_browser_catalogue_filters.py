"""The catalogue filters by phase with the keyboard alone (JavaScript on), and through its pre-rendered
phase pages (JavaScript off)."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from pipeline.schemas import labels

pytestmark = pytest.mark.browser

MAX_TABS = 100

FOCUSED_CONTROL = """() => {
    const element = document.activeElement;
    const legend = element.closest('fieldset')?.querySelector('legend');
    return {tag: element.tagName, type: element.type || '', name: element.name || '', value: element.value || '',
            checked: Boolean(element.checked), group: legend ? legend.textContent.trim() : ''};
}"""

VISIBLE_PROJECT_LINKS = """() => [...document.querySelectorAll('main [data-freshness]')]
    .filter(element => element.checkVisibility())
    .flatMap(element => [...element.querySelectorAll('a[href]')].map(link => new URL(link.href).pathname))"""


def a_phase_to_filter_by(catalogue) -> tuple[str, set[str]]:
    """The most common phase that leaves some projects out, with its projects' ids."""
    counts = Counter(project.phase for project in catalogue.projects.values())
    _, phase = max((count, phase) for phase, count in counts.items() if count < len(catalogue.projects))
    return phase, {project.id for project in catalogue.projects.values() if project.phase == phase}


def visible_project_ids(page, catalogue) -> set[str]:
    paths = set(page.evaluate(VISIBLE_PROJECT_LINKS))
    return {project.id for project in catalogue.projects.values() if f"/{project.url}" in paths}


def wait_for_visible_projects(page, catalogue, expected: set[str], seconds: float = 3) -> set[str]:
    deadline = time.monotonic() + seconds
    while (shown := visible_project_ids(page, catalogue)) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return shown


def is_phase_control(control: dict) -> bool:
    return control["tag"] in {"INPUT", "SELECT"} and (
        control["name"] == "phase" or control["group"] == "Phase"
    )


def tab_to_phase_control(page) -> dict:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        control = page.evaluate(FOCUSED_CONTROL)
        if is_phase_control(control):
            return control
    raise AssertionError(f"no phase filter control reached in {MAX_TABS} presses of Tab")


def choose_with_keyboard(page, control: dict, phase: str) -> None:
    """Choose `phase` from the focused phase control, the way a keyboard user would."""
    if control["type"] == "checkbox":
        for _ in range(MAX_TABS):
            if control["value"] == phase:
                page.keyboard.press("Space")
                return
            page.keyboard.press("Tab")
            control = page.evaluate(FOCUSED_CONTROL)
            assert is_phase_control(control), f"Tab left the phase filters before reaching {phase!r}"
    else:  # a select or a group of radio buttons: arrow keys move through the choices
        for _ in range(MAX_TABS):
            if control["value"] == phase and (control["type"] != "radio" or control["checked"]):
                return
            page.keyboard.press("ArrowDown")
            control = page.evaluate(FOCUSED_CONTROL)
    raise AssertionError(f"could not choose the phase {phase!r} with the keyboard")


def test_filter_by_phase_with_the_keyboard(open_page, catalogue):
    phase, expected = a_phase_to_filter_by(catalogue)
    visit = open_page("/projects/")
    page = visit.page
    assert visible_project_ids(page, catalogue) == set(catalogue.projects), (
        "the catalogue does not list every project"
    )

    choose_with_keyboard(page, tab_to_phase_control(page), phase)

    shown = wait_for_visible_projects(page, catalogue, expected)
    assert shown == expected, (
        f"after choosing {phase!r}: shown but not {phase}: {shown - expected}; missing: {expected - shown}"
    )
    assert visit.path().startswith("/projects/"), f"filtering left the catalogue for {visit.path()}"
    assert not visit.errors, "\n".join(visit.errors)


def test_filter_by_phase_without_javascript(open_page, catalogue):
    phase, expected = a_phase_to_filter_by(catalogue)
    label = labels("project", ("phase",))[phase]
    visit = open_page("/projects/", javascript=False)
    page = visit.page
    link_to_phase = page.locator(f'a[href$="/projects/phase/{phase}/"]')
    link = page.locator("main").locator(link_to_phase).first
    if not link.is_visible():
        page.locator("main details", has=link_to_phase).locator("summary").click()
    link.click()
    page.wait_for_url(f"**/projects/phase/{phase}/")

    assert page.get_by_role("heading", level=1).inner_text().strip() == label
    shown = visible_project_ids(page, catalogue)
    assert shown == expected, (
        f"/projects/phase/{phase}/: not {phase}: {shown - expected}; missing: {expected - shown}"
    )
