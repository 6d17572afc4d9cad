"""The live preview (`pipeline serve`): a real HTTP server on a free port, with files edited on disk.

Nothing here times anything: each check polls the page until it shows what it should, with a generous
limit, so a slow machine only makes the test slower.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from catalogue_fixtures import project_data
from sitebuild import ROOT, SETTINGS, TODAY

from pipeline.site.preview import Preview, PreviewRequestHandler, PreviewServer
from pipeline.writer import entry_text

PATIENCE = 60  # seconds to wait for a change to show before failing


@dataclass
class Running:
    base: str
    content: Path
    theme: Path
    terminal: list[str]

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urlopen(self.base + path) as response:
                return response.status, response.read().decode("utf-8")
        except HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def wait_for(self, path: str, shows: Callable[[int, str], bool]) -> tuple[int, str]:
        deadline = time.monotonic() + PATIENCE
        while True:
            status, text = self.get(path)
            if shows(status, text) or time.monotonic() > deadline:
                return status, text
            time.sleep(0.1)


@pytest.fixture
def preview(make_catalogue, tmp_path) -> Iterator[Running]:
    """A preview of a small catalogue, with a theme of its own to edit, served on a free port."""
    data = project_data(title="Bin collection app")
    content = make_catalogue(tmp_path, files={"projects/bin-collection-app.md": entry_text(data, "Bins.")})
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = tmp_path / "settings.py"
    settings.write_text(
        SETTINGS.read_text(encoding="utf-8") + f"\nTHEME = {str(theme)!r}\n", encoding="utf-8"
    )
    terminal: list[str] = []
    site = Preview(settings, content, TODAY, report=terminal.append)
    server = PreviewServer(("127.0.0.1", 0), PreviewRequestHandler)
    server.preview = site
    server.RequestHandlerClass.log_message = lambda *args: None
    stop = threading.Event()
    threads = [
        threading.Thread(target=server.serve_forever, daemon=True),
        threading.Thread(target=site.watch, args=(stop,), daemon=True),
    ]
    for thread in threads:
        thread.start()
    site.watching.wait()
    try:
        yield Running(f"http://127.0.0.1:{server.server_address[1]}/", content, theme, terminal)
    finally:
        stop.set()
        server.shutdown()
        for thread in threads:
            thread.join()
        server.server_close()
        site.close()


def write_project(content: Path, name: str, text: str) -> None:
    (content / "projects" / f"{name}.md").write_text(text, encoding="utf-8")


def test_an_edited_project_shows_on_its_page(preview):
    status, text = preview.get("projects/bin-collection-app/")
    assert status == 200 and "<h1>Bin collection app</h1>" in text
    write_project(
        preview.content, "bin-collection-app", entry_text(project_data(title="Bin day app"), "Bins.")
    )
    status, text = preview.wait_for("projects/bin-collection-app/", lambda _, text: "Bin day app" in text)
    assert status == 200 and "<h1>Bin day app</h1>" in text
    status, listing = preview.get("projects/")
    assert "Bin day app" in listing and "Bin collection app" not in listing


def test_a_broken_file_shows_its_problem_and_fixing_it_recovers(preview):
    good = entry_text(project_data(title="Bin collection app"), "Bins.")
    write_project(preview.content, "bin-collection-app", good.replace("phase: alpha", "phase: alpah"))
    status, text = preview.wait_for("projects/bin-collection-app/", lambda status, _: status == 500)
    assert status == 500
    assert "bin-collection-app.md:" in text and "did you mean &#34;alpha&#34;" in text
    status, home = preview.get("")
    assert status == 200 and 'role="alert"' in home and "1 problem to fix" in home
    assert any("bin-collection-app.md:" in line and ": error: phase" in line for line in preview.terminal)

    write_project(preview.content, "bin-collection-app", good)
    status, text = preview.wait_for("projects/bin-collection-app/", lambda status, _: status == 200)
    assert status == 200 and 'role="alert"' not in text
    assert "pipeline: the catalogue is valid again\n" in preview.terminal


def test_markup_in_a_problem_is_shown_as_text(preview):
    text = entry_text(project_data(phase="<script>alert(1)</script>"), "Bins.")
    write_project(preview.content, "broken", text)
    status, home = preview.wait_for("", lambda _, text: 'role="alert"' in text)
    assert 'role="alert"' in home
    assert "&lt;script&gt;alert(1)" in home and "<script>alert(1)" not in home


def test_a_new_and_a_deleted_project(preview):
    write_project(
        preview.content, "recycling-finder", entry_text(project_data(title="Recycling finder"), "Glass.")
    )
    status, text = preview.wait_for("projects/recycling-finder/", lambda status, _: status == 200)
    assert status == 200 and "<h1>Recycling finder</h1>" in text
    (preview.content / "projects" / "recycling-finder.md").unlink()
    status, text = preview.wait_for("projects/recycling-finder/", lambda status, _: status == 404)
    assert status == 404 and "Page not found" in text


def test_a_template_edit_shows_on_every_page(preview):
    template = preview.theme / "templates" / "project.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            '<span class="caption">{{ _("Project") }}</span>', "<p>Edited</p>"
        ),
        encoding="utf-8",
    )
    status, text = preview.wait_for("projects/bin-collection-app/", lambda _, text: "<p>Edited</p>" in text)
    assert status == 200 and "<p>Edited</p>" in text


def test_a_template_that_does_not_compile_is_reported_and_the_server_carries_on(preview):
    template = preview.theme / "templates" / "base.html"
    original = template.read_text(encoding="utf-8")
    template.write_text(original + "{% if %}", encoding="utf-8")
    status, text = preview.wait_for("", lambda status, _: status == 500)
    assert status == 500 and "cannot be previewed" in text
    template.write_text(original, encoding="utf-8")
    status, _ = preview.wait_for("", lambda status, _: status == 200)
    assert status == 200


def test_static_files_data_files_and_the_search_note(preview):
    status, css = preview.get("static/css/main.css")
    assert status == 200 and ".notice" in css
    status, data = preview.get("data/projects.json")
    assert status == 200 and "bin-collection-app" in data
    status, _ = preview.get("static/../../settings.py")
    assert status == 404
    status, search = preview.get("search/")
    assert status == 200 and "pipeline serve --built" in search


def test_serve_accepts_the_options_of_a_build(make_catalogue, tmp_path, run_pipeline, monkeypatch):
    """What the benchmark and `make serve` pass is accepted (the busy-port test covers the message)."""
    from pipeline.cli import serve

    served = []
    monkeypatch.setattr(serve, "serve", lambda server, port: served.append(server.preview.every_page()))
    content = make_catalogue(tmp_path)
    result = run_pipeline("serve", "--port", "0", "--content", content, "--no-search", f"--today={TODAY}")
    assert result.code == 0
    assert "projects/index.html" in served[0]


def test_an_address_under_cy_that_is_not_a_page_gets_the_welsh_404_page(preview):
    pages = preview.content / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "404.md").write_text(
        "---\ntitle: Page not found\ncy:\n  title: Heb ddod o hyd i'r dudalen\n---\n\n"
        "Check the address.\n\n# Cymraeg\n\nGwiriwch y cyfeiriad.\n",
        encoding="utf-8",
    )
    status, text = preview.wait_for("cy/no-such-page/", lambda _, text: "Gwiriwch y cyfeiriad" in text)
    assert status == 404 and '<html lang="cy">' in text
    status, text = preview.get("no-such-page/")
    assert status == 404 and '<html lang="en-GB">' in text and "Check the address" in text


def test_an_edited_entrys_page_is_planned_alone_and_the_same_as_in_the_whole_plan(make_catalogue, tmp_path):
    """After an edit the entry's own page (in either language) needs no plan of every page; a page that
    is not an entry's plans them all, and the entry's page is then the one in that plan."""
    content = make_catalogue(tmp_path)
    preview = Preview(SETTINGS, content, TODAY, report=lambda text: None)
    try:
        path = next((content / "projects").glob("*.md"))
        path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), "utf-8")
        preview.apply([path])
        alone = {}
        for prefix in ("", "cy/"):
            save_as = f"{prefix}projects/{path.stem}/"
            assert b"Edited" in preview.respond("/" + save_as).body
            alone[save_as + "index.html"] = preview.planned(save_as + "index.html")
        assert preview.pages is None, "no page but the entry's was planned"
        assert preview.generator.plan_entry_page("projects/no-such-project/index.html") is None
        assert preview.generator.plan_entry_page(f"projects/{path.stem}/feed.xml") is None
        assert b"Edited" in preview.respond("/projects/").body
        assert preview.pages is not None
        for save_as, planned in alone.items():
            assert planned == preview.pages[save_as]
    finally:
        preview.close()


def test_what_the_rules_on_one_entry_found_is_kept_for_an_edit_of_another(make_catalogue, tmp_path):
    """The rules that read an entry alone run again only for the edited entry; what they found for the
    others is still reported."""
    personal = project_data(contacts=[{"role": "Product owner", "email": "sam.jones@newbury.gov.uk"}])
    content = make_catalogue(tmp_path, files={"projects/personal-contact.md": entry_text(personal, "Bins.")})
    terminal: list[str] = []
    preview = Preview(SETTINGS, content, TODAY, report=terminal.append)
    try:
        warned = [problem for problem in preview.problems if "sam.jones" in problem.message]
        assert warned, "a personal email is a warning"
        other = next(path for path in (content / "projects").glob("*.md") if path.stem != "personal-contact")
        other.write_text(other.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), "utf-8")
        preview.apply([other])
        assert [problem for problem in preview.problems if "sam.jones" in problem.message] == warned
    finally:
        preview.close()
