"""The search page finds a project by a word that only its description uses, with the index the build made."""

from __future__ import annotations

import re

import pytest
from browsing import CONTENT, axe_violations, describe_violations

pytestmark = pytest.mark.browser

WORD = re.compile(r"[a-z]{8,}")
STEM_LENGTH = 6  # words sharing a stem this long could match each other in Pagefind's stemmed index


def stems(text: str) -> set[str]:
    return {word[:STEM_LENGTH] for word in WORD.findall(text.lower())}


def distinctive_word(catalogue) -> tuple[object, str]:
    """The longest word of a project's description whose stem appears nowhere else: not in its front
    matter (listings repeat that), nor in any other file of the catalogue."""
    texts = {path: path.read_text(encoding="utf-8").lower() for path in sorted(CONTENT.rglob("*.md"))}
    candidates = []
    for project in catalogue.projects.values():
        body = project.body.lower()
        own_file = CONTENT / "projects" / f"{project.id}.md"
        taken = stems(texts[own_file].replace(body, ""))
        taken |= set().union(*(stems(text) for path, text in texts.items() if path != own_file))
        candidates += [
            (len(word), word, project) for word in WORD.findall(body) if word[:STEM_LENGTH] not in taken
        ]
    assert candidates, "no project's description has a word of its own to search for"
    _, word, project = max(candidates, key=lambda candidate: candidate[:2])
    return project, word


def search(visit, word: str):
    page = visit.page
    field = page.locator("main").get_by_role("searchbox").or_(page.locator("main input[type=text]")).first
    field.wait_for(state="visible", timeout=10_000)
    field.press_sequentially(word, delay=20)


def test_search_finds_a_project_by_a_word_in_its_description(open_page, catalogue):
    project, word = distinctive_word(catalogue)
    visit = open_page("/search/")
    search(visit, word)
    result = visit.page.locator(f'main a[href$="/{project.url}"], main a[href="/{project.url}"]').first
    result.wait_for(state="visible", timeout=10_000)
    assert project.title in result.inner_text() or project.title in visit.page.locator("main").inner_text()
    assert not visit.errors, "\n".join(visit.errors)


def test_search_from_the_home_page_with_the_keyboard(open_page, catalogue):
    project, word = distinctive_word(catalogue)
    visit = open_page("/")
    visit.page.locator("main").get_by_role("searchbox").first.press_sequentially(word)
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_url("**/search/?*")
    visit.page.locator(f'main a[href$="/{project.url}"]').first.wait_for(state="visible", timeout=10_000)
    assert not visit.errors, "\n".join(visit.errors)


def test_search_results_pass_axe(open_page, catalogue):
    project, word = distinctive_word(catalogue)
    visit = open_page("/search/", bypass_csp=True)
    search(visit, word)
    visit.page.locator(f'main a[href$="/{project.url}"]').first.wait_for(state="visible", timeout=10_000)
    violations = axe_violations(visit.page)
    assert not violations, f"/search/ with results for {word!r}:\n{describe_violations(violations)}"
