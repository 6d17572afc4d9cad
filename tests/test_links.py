"""`pipeline links`: broken internal links and fragments in a built site are found; others are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.links import broken_links

PAGES = {
    "index.html": '<a href="/projects/">Projects</a> <a href="projects/bins/#updates">Updates</a>'
    '<link rel="stylesheet" href="/static/site.css"><a href="https://example.org/nowhere">Away</a>'
    '<a href="mailto:team@example.org">Mail</a><a href="#main">Skip</a><main id="main"></main>',
    "projects/index.html": '<a href="bins/">Bins</a> <a href="../">Home</a> <a name="top"></a><a href="#top">Up</a>',
    "projects/bins/index.html": '<h2 id="updates">Updates</h2><script src="/static/site.js"></script>',
    "static/site.css": "",
    "static/site.js": "",
}


def write_site(root: Path, extra: dict[str, str] | None = None) -> Path:
    for name, text in {**PAGES, **(extra or {})}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_sound_site_has_no_broken_links(tmp_path):
    assert broken_links(write_site(tmp_path)) == []


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ('<a href="/councils/nowhere/">x</a>', "the link /councils/nowhere/ leads to no page"),
        ('<a href="/projects/bins/#history">x</a>', "names #history, which is not on that page"),
        ('<a href="#missing">x</a>', "names #missing"),
        ('<img src="/static/missing.png" alt="">', "the link /static/missing.png leads to no page"),
        ('<a href="../../../etc/passwd">x</a>', "leads to no page"),
    ],
)
def test_broken_links_are_named_with_their_page_and_line(tmp_path, link, expected):
    site = write_site(tmp_path, {"about/index.html": f"<p>About</p>\n{link}"})
    problems = broken_links(site)
    assert len(problems) == 1
    assert problems[0].startswith(f"{site / 'about/index.html'}:2: ")
    assert expected in problems[0]


def test_absolute_links_to_the_site_itself_are_checked(tmp_path):
    site = write_site(
        tmp_path, {"about/index.html": '<a href="https://example.github.io/pipeline/gone/">x</a>'}
    )
    assert broken_links(site) == []
    problems = broken_links(site, site_url="https://example.github.io/pipeline")
    assert problems and "leads to no page" in problems[0]


def test_the_command_exits_1_on_a_broken_link(tmp_path, run_pipeline):
    site = write_site(tmp_path, {"about/index.html": '<a href="/gone/">x</a>'})
    result = run_pipeline("links", site)
    assert result.code == 1
    assert "1 broken internal link" in result.err
    assert run_pipeline("links", write_site(tmp_path / "good")).code == 0
