"""What the browser tests share: the browser's settings, a page with the errors it met, and axe-core."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import axe_playwright_python
import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
TODAY = date(2026, 11, 26)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = f"Chromium not found at {CHROMIUM}; install Debian's chromium package to run browser tests"

DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 reflow: 1280 CSS pixels at 400% zoom

# Pages the checks visit (see the sample_paths fixture); the optional ones only when the build has them.
OPTIONAL_PAGES = ["sponsorship", "review"]
PAGES = ["home", "catalogue", "listing", "project", "councils", "council", "makerdays", "makerday", "search"]
PAGES += ["about", "not-found", *OPTIONAL_PAGES]


def sample_path(sample_paths: dict[str, str], name: str) -> str:
    if name not in sample_paths:
        pytest.skip(f"this build has no {name} page")
    return sample_paths[name]


AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass
class Visit:
    """A page in a browser context of its own, with what went wrong while it was open."""

    page: object
    base_url: str
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path, wait_until="load")
        status = response.status if response else "no response"
        assert response is not None and response.ok, f"{path}: HTTP {status}"
        return response

    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)


def keep_local(site_url: str, errors: list[str], route) -> None:
    """Lets a page fetch only from the local server."""
    url = route.request.url
    if url.startswith((site_url + "/", "data:", "blob:")):
        route.continue_()
    else:
        errors.append(f"request outside the site refused: {url}")
        route.abort("blockedbyclient")


def record_console_error(errors: list[str], message) -> None:
    if message.type == "error":
        location = message.location
        errors.append(f"console error at {location.get('url')}:{location.get('lineNumber')}: {message.text}")


def project_ids_in(page, catalogue, selector: str) -> set[str]:
    """Ids of the projects linked from the elements matching `selector`."""
    hrefs = page.eval_on_selector_all(
        selector,
        "elements => elements.flatMap(element => [...element.querySelectorAll('a[href]')].map(a => a.href))",
    )
    paths = {href.split("://", 1)[-1].split("/", 1)[-1].split("#")[0] for href in hrefs}
    return {project.id for project in catalogue.projects.values() if project.url in paths}


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules, run on the page as it is now."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    return page.evaluate("options => axe.run(document, options)", options)["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} - {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(
                f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}"
            )
            lines.append(f"        {node['html'][:200]}")
    return "\n".join(lines)
