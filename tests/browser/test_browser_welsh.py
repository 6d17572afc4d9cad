"""The Welsh site in a browser: the language switch keeps the reader on the same page, the Welsh pages pass
axe on a desktop and at 320 CSS pixels, the scripts write Welsh on them (the catalogue's filters, the
councils list's, the search's results), and a Welsh search finds a project by a word of its Welsh text."""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections import Counter
from http.server import ThreadingHTTPServer

import pytest
from browsing import CONTENT, DESKTOP, NARROW, TODAY, Visit, axe_violations, describe_violations, keep_local
from conftest import QuietSiteRequestHandler

from pipeline.site.build import build_site

pytestmark = pytest.mark.browser

ROOT_SETTINGS = CONTENT.parent / "pelicanconf.py"
WELSH_WORD = "llyfrgellwyr"  # a word only the sentence added below uses
WELSH_SENTENCE = f"\nMae {WELSH_WORD} Gwynedd wedi profi’r gwasanaeth.\n"
PROJECT = "library-booking-bilingual"  # a project with a Welsh body (after its "# Cymraeg" line)


def test_the_language_switch_goes_to_the_same_project_and_back(open_page, sample_paths):
    project = sample_paths["project"]
    visit = open_page(project)
    visit.page.locator("header").get_by_role("link", name="Cymraeg").click()
    visit.page.wait_for_url(f"**/cy{project}")
    assert visit.page.locator("html").get_attribute("lang") == "cy"
    assert visit.page.locator("h1").inner_text() == open_page(project).page.locator("h1").inner_text()
    visit.page.locator("header").get_by_role("link", name="English").click()
    visit.page.wait_for_url(f"**{project}")
    assert visit.page.url.endswith(project) and "/cy/" not in visit.page.url
    assert visit.page.locator("html").get_attribute("lang") == "en-GB"
    assert not visit.errors, "\n".join(visit.errors)


@pytest.mark.parametrize("width", {"desktop": DESKTOP, "320px": NARROW})
@pytest.mark.parametrize("name", ["project", "catalogue", "search"])
def test_welsh_pages_have_no_axe_violations(open_page, sample_paths, name, width):
    path = "/cy" + sample_paths[name]
    visit = open_page(path, viewport={"desktop": DESKTOP, "320px": NARROW}[width], bypass_csp=True)
    if name == "search":
        visit.page.wait_for_load_state("networkidle")
    violations = axe_violations(visit.page)
    assert not violations, f"{path} at {width}:\n{describe_violations(violations)}"


WELSH_COUNT = r"^(\d+ [pb]rosiect|Prosiectau \d+ i \d+ o \d+)$"


def test_the_welsh_catalogue_filters_with_welsh_counts_and_cards(open_page, catalogue):
    counts = Counter(project.phase for project in catalogue.projects.values())
    phase, expected = max(
        (count, phase) for phase, count in counts.items() if count < len(catalogue.projects)
    )[::-1]
    visit = open_page(f"/cy/projects/?phase={phase}")
    page = visit.page
    count = page.locator("[data-filter-count]")
    shown = "1 prosiect" if expected == 1 else f"{expected} {'brosiect' if expected == 2 else 'prosiect'}"
    count.filter(has_text=shown).wait_for(timeout=10_000)
    assert page.locator("[data-filter-list] .card__meta").first.inner_text().startswith("Dan arweiniad")
    assert page.locator('[data-filter-list] .card__title a[lang="en"]').count() > 0, (
        "English titles are marked"
    )
    page.locator("[data-filter-form] button[type=reset]").click()
    page.locator("[data-filter-status]").filter(has_text="yn cyfateb").wait_for(
        state="attached", timeout=10_000
    )
    assert re.match(WELSH_COUNT, count.inner_text()), count.inner_text()
    assert not visit.errors, "\n".join(visit.errors)


def test_the_welsh_councils_list_says_in_welsh_that_no_council_matches(open_page):
    visit = open_page("/cy/councils/")
    page = visit.page
    page.locator("#council-name").fill("qqqqqq")
    status = page.locator("[data-council-status]")
    status.filter(has_text="Does dim cyngor yn cyfateb").wait_for(state="attached", timeout=10_000)
    assert page.locator("[data-council-empty]").is_visible()
    page.locator("#council-name").fill("")
    status.filter(has_text="cyngor").filter(has_not_text="Does dim").wait_for(
        state="attached", timeout=10_000
    )
    assert re.match(r"^\d+ g?cyngor$", page.locator("[data-council-count]").inner_text())
    assert not visit.errors, "\n".join(visit.errors)


@pytest.fixture(scope="module")
def welsh_site_url(tmp_path_factory):
    """The sample catalogue with a Welsh word added to the end of a project's Welsh body, built with its
    search index, served."""
    folder = tmp_path_factory.mktemp("welsh-search")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    project = content / "projects" / f"{PROJECT}.md"
    text = project.read_text(encoding="utf-8")
    assert WELSH_WORD not in "".join(path.read_text(encoding="utf-8") for path in content.rglob("*.md"))
    project.write_text(text.rstrip("\n") + "\n" + WELSH_SENTENCE, encoding="utf-8")
    output = build_site(ROOT_SETTINGS, content, folder / "output", TODAY, search=True)
    handler = functools.partial(QuietSiteRequestHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="welsh-site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_welsh_search_finds_a_project_by_a_welsh_word_in_its_body(browser, welsh_site_url):
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    try:
        page = context.new_page()
        visit = Visit(page, welsh_site_url)
        context.route("**/*", functools.partial(keep_local, welsh_site_url, visit.errors))
        visit.goto("/cy/search/")
        field = page.locator("main").get_by_role("searchbox").first
        field.wait_for(state="visible", timeout=10_000)
        field.press_sequentially(WELSH_WORD, delay=20)
        result = page.locator(f'main a[href$="/cy/projects/{PROJECT}/"]').first
        result.wait_for(state="visible", timeout=10_000)
        # The results are described in Welsh: one result, of the kind "Prosiect".
        status = page.locator("[data-search-status]")
        assert status.inner_text() == f"1 canlyniad ar gyfer “{WELSH_WORD}”"
        assert page.locator("main .search-result__kind").first.inner_text() == "Prosiect"
        english = Visit(page, welsh_site_url)
        english.goto("/search/")
        page.locator("main").get_by_role("searchbox").first.press_sequentially(WELSH_WORD, delay=20)
        # The English index has no Welsh text: the search ends with its status naming the whole word.
        page.locator("[data-search-status]", has_text=f"“{WELSH_WORD}”").wait_for(timeout=10_000)
        assert page.locator(f'main a[href*="/projects/{PROJECT}/"]').count() == 0
        assert not visit.errors, "\n".join(visit.errors)
    finally:
        context.close()
