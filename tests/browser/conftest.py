"""Browser tests: the sample catalogue built with its search index, served on loopback, read by headless Chromium.

The browser is Debian's Chromium (/usr/bin/chromium), never a downloaded one. Without it the tests that
need it are skipped, except under CI (CI=true), where a missing browser fails them. Pages may only
fetch from the local server: any other request is refused and reported as an error of the page.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CONTENT,
    DESKTOP,
    MISSING_CHROMIUM,
    OPTIONAL_PAGES,
    ROOT,
    TODAY,
    Visit,
    keep_local,
    record_console_error,
)
from playwright.sync_api import sync_playwright

from pipeline.catalogue import load_catalogue
from pipeline.cli.serve import SiteRequestHandler
from pipeline.freshness import Policy
from pipeline.problems import format_text, has_errors

# the site --------------------------------------------------------------------


@pytest.fixture(scope="session")
def catalogue():
    catalogue, problems = load_catalogue(CONTENT, TODAY, Policy())
    assert not has_errors(problems), format_text(problems)
    return catalogue


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample catalogue built with its Pagefind index, as `pipeline build` does."""
    output = tmp_path_factory.mktemp("browser-site") / "output"
    command = [sys.executable, "-m", "pipeline.cli", "build", "--content", str(CONTENT)]
    command += ["--output", str(output), "--today", TODAY.isoformat()]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, f"pipeline build failed:\n{completed.stdout}{completed.stderr}"
    return output


class QuietSiteRequestHandler(SiteRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 at a free port while the block runs; its address."""
    handler = functools.partial(QuietSiteRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(built_site) -> Iterator[str]:
    """The built site served on 127.0.0.1 at a free port, for the whole session."""
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def sample_paths(catalogue, built_site) -> dict[str, str]:
    """The pages every check visits, by name; the entries chosen are those that fill most of their page."""
    project = max(
        catalogue.projects.values(), key=lambda project: (project_richness(catalogue, project), project.id)
    )
    council = max(
        catalogue.councils.values(), key=lambda council: (council_richness(catalogue, council), council.id)
    )
    makerday = max(
        catalogue.makerdays.values(), key=lambda makerday: (makerday_richness(makerday), makerday.id)
    )
    paths = {
        "home": "/",
        "catalogue": "/projects/",
        "listing": f"/projects/phase/{project.phase}/",
        "project": f"/{project.url}",
        "councils": "/councils/",
        "council": f"/{council.url}",
        "makerdays": "/makerdays/",
        "makerday": f"/{makerday.url}",
        "search": "/search/",
        "about": "/about/",
        "not-found": "/404.html",
    }
    for name in OPTIONAL_PAGES:
        if (built_site / name / "index.html").is_file():
            paths[name] = f"/{name}/"
    return paths


def project_richness(catalogue, project) -> int:
    filled = sum(
        bool(project.get(part)) for part in ("pledges", "updates", "looking_for", "links", "born_at")
    )
    return filled + bool(project.partner_councils) + bool(catalogue.challenged_at[project.id])


def council_richness(catalogue, council) -> tuple[int, int]:
    indexes = (catalogue.led, catalogue.partnered, catalogue.pledges, catalogue.hosted)
    return sum(bool(index[council.id]) for index in indexes), len(catalogue.led[council.id])


def makerday_richness(makerday) -> int:
    return sum(len(makerday.get(part, [])) for part in ("challenges", "outputs", "sponsors"))


# the browser -----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(MISSING_CHROMIUM)
        pytest.skip(MISSING_CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def visits(browser, site_url: str) -> Iterator[Callable[..., Visit]]:
    """open_(path, javascript=True, viewport=DESKTOP, bypass_csp=False) -> Visit, already at `path`,
    on the site at site_url; every browser context opened is closed after the block.

    Each page has a browser context of its own. Console errors (CSP violations among them), uncaught
    exceptions and refused requests outside the site are collected in Visit.errors.
    """
    contexts = []

    def open_(path: str | None = None, *, javascript=True, viewport=DESKTOP, bypass_csp=False) -> Visit:
        context = browser.new_context(
            java_script_enabled=javascript, viewport=viewport, bypass_csp=bypass_csp, service_workers="block"
        )
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page, site_url)
        context.route("**/*", functools.partial(keep_local, site_url, visit.errors))
        page.on("console", functools.partial(record_console_error, visit.errors))
        page.on("pageerror", lambda error: visit.errors.append(f"uncaught exception: {error}"))
        if path is not None:
            visit.goto(path)
        return visit

    try:
        yield open_
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def open_page(browser, site_url):
    """open_page(path, javascript=True, viewport=DESKTOP, bypass_csp=False) -> Visit on the sample site
    (see visits)."""
    with visits(browser, site_url) as open_:
        yield open_
