"""Markdown rendering and sanitising, and a corpus of XSS payloads that must never run in the built site."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from catalogue_fixtures import council_data, makerday_data, project_data, write_catalogue
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import build, html_files, page

from pipeline import markup
from pipeline.site.errors import InvalidCatalogue
from pipeline.writer import entry_text

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click]( javascript:alert(1) )",
    '<a href="&#x6A;avascript:alert(1)">click</a>',
    "![pic](javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<base href="https://evil.example.com/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "</title><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<details open ontoggle=alert(1)>x</details>",
    "<scr<script>ipt>alert(1)</script>",
    '<a href="https://example.com" onclick="alert(1)">ok</a>',
    "`<script>alert(1)</script>`",
    "{{ 7 * 7 }} {% raw %} ${alert(1)}",
    "</script><script>alert(1)</script>",
]
# Web addresses that pass the schema's https pattern but try to break out of an attribute.
URL_PAYLOADS = [
    "https://evil.example.com/'onmouseover='alert(1)'",
    "https://evil.example.com/&quot;onmouseover=alert(1)",
    "https://evil.example.com/javascript:alert(1)",
    "https://evil.example.com/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
]
LOCAL_SCRIPTS = {
    "/static/js/filter.js",
    "/static/js/search.js",
    "/static/js/councils.js",
    "/static/js/words.js",
}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "svg", "math", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")


pytestmark = pytest.mark.filterwarnings(
    f"ignore::{MarkupResemblesLocatorWarning.__module__}.{MarkupResemblesLocatorWarning.__name__}"
)


def script_problems(html: str, where: str) -> list[str]:
    """Everything in `html` a browser could run: scripts, event handlers, script URLs, styles, frames."""
    problems = []
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        if tag.name in FORBIDDEN_TAGS or (
            tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh"
        ):
            problems.append(f"{where}: <{tag.name}>")
        if tag.name == "script":
            if tag.get("type") in ("application/ld+json", "application/json"):
                json.loads(tag.string or "null")
            elif tag.get("src") not in LOCAL_SCRIPTS or (tag.string or "").strip():
                problems.append(f"{where}: script {tag.get('src')!r}")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on") or name.lower() == "style":
                problems.append(f"{where}: <{tag.name} {name}=...>")
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name.lower() in URL_ATTRIBUTES and squeezed.startswith(SCRIPT_SCHEMES):
                problems.append(f"{where}: <{tag.name} {name}={value!r}>")
    return problems


# rendering -------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rendering_never_lets_a_payload_through(payload):
    for rendered in (markup.render(payload), markup.render_page(payload), markup.render_inline(payload)):
        assert script_problems(str(rendered), payload) == []
    assert "<" not in markup.plain_text(payload).replace("&lt;", "") or "<" in payload


def test_links_get_rel_and_only_web_or_mail_addresses():
    rendered = markup.render("[site](https://example.com) [mail](mailto:a@example.com) [bad](javascript:x)")
    soup = BeautifulSoup(str(rendered), "html.parser")
    links = soup.find_all("a")
    assert [link.get("href") for link in links] == ["https://example.com", "mailto:a@example.com"]
    assert "[bad](javascript:x)" in soup.get_text()
    assert all(link["rel"] == ["nofollow", "ugc", "noopener", "noreferrer"] for link in links)
    page_link = BeautifulSoup(str(markup.render_page("[c](/contribute/)")), "html.parser").a
    assert page_link["rel"] == ["noopener"]


def test_body_headings_start_below_the_page_title():
    assert str(markup.render("# Top\n\n## Next")).strip() == "<h2>Top</h2>\n<h3>Next</h3>"
    assert str(markup.render("## Already\n\n### Below")).strip() == "<h2>Already</h2>\n<h3>Below</h3>"
    assert 'id="why-it-matters"' in markup.render_page("## Why it matters")
    assert "id=" not in markup.render("## Why it matters")


def test_summaries_stay_inline():
    assert (
        str(markup.render_inline("A **bold** plan\n\n- with a list"))
        == "A <strong>bold</strong> plan\n\nwith a list"
    )
    assert markup.plain_text("A **bold** plan & <b>more</b>") == "A bold plan & more"


@pytest.mark.parametrize(
    "url, kept",
    [
        ("https://example.com/x", True),
        ("mailto:a@example.com", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example.com", False),
        ("", False),
    ],
)
def test_web_address(url, kept):
    assert (markup.web_address(url) != "") is kept


ALLOWED_TAGS = markup.BLOCK_TAGS


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), st.sampled_from(PAYLOADS + URL_PAYLOADS)), max_size=6))
def test_any_text_renders_to_allowed_html_only(parts):
    text = "\n".join(parts)
    for rendered in (markup.render(text), markup.render_inline(text)):
        soup = BeautifulSoup(str(rendered), "html.parser")
        assert {tag.name for tag in soup.find_all(True)} <= ALLOWED_TAGS
        assert script_problems(str(rendered), text) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_plain_text_shortcut_matches_markdown(text):
    """Plain one-line text skips Markdown; the result must be what Markdown and nh3 would give."""
    if markup.is_plain(text) and text.strip():
        slow = markup._content_cleaner.clean(markup._content_markdown.render(text))
        fast = BeautifulSoup(str(markup.render(text)), "html.parser")
        assert fast.get_text() == BeautifulSoup(slow, "html.parser").get_text().strip()
        assert [tag.name for tag in fast.find_all(True)] == ["p"]


# the built site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("xss")
    files = {}
    for number, payload in enumerate(PAYLOADS):
        data = project_data(
            title=payload[:100],
            summary=payload,
            contacts=[{"role": payload[:100], "email": "team@example.gov.uk"}],
            links=[{"title": payload[:150], "url": URL_PAYLOADS[number % len(URL_PAYLOADS)]}],
            updates=[{"date": "2026-11-01", "text": payload}],
            tags=["security"],
        )
        files[f"projects/payload-{number}.md"] = entry_text(
            data, f"## {payload}\n\n{payload}\n\n- {payload}\n"
        )
    files["councils/evil.md"] = entry_text(
        council_data(name=PAYLOADS[1], official_name=PAYLOADS[0], gss_code="E06000099"), PAYLOADS[2]
    )
    files["makerdays/payload-day.md"] = entry_text(
        makerday_data(
            title=PAYLOADS[0],
            summary=PAYLOADS[1],
            venue={"name": PAYLOADS[3], "town": PAYLOADS[4], "address": PAYLOADS[25]},
            sponsors=[{"name": PAYLOADS[2], "tier": "community", "url": URL_PAYLOADS[0]}],
            challenges=[{"project": "payload-0", "brief": PAYLOADS[5]}],
            outputs=[{"title": PAYLOADS[6], "url": URL_PAYLOADS[1], "kind": "code", "project": "payload-0"}],
        ),
        PAYLOADS[7],
    )
    content = write_catalogue(root, files)
    return build(content, root / "output")


def test_no_payload_runs_anywhere_in_the_built_site(xss_site):
    problems = []
    for path in html_files(xss_site):
        problems += script_problems(path.read_text(encoding="utf-8"), str(path.relative_to(xss_site)))
    assert problems == []


def test_no_payload_runs_in_the_feeds(xss_site):
    problems = []
    for path in xss_site.rglob("*.atom.xml"):
        for element in ElementTree.parse(path).getroot().iter():
            if element.tag.endswith(("content", "summary")) and element.text:
                problems += script_problems(element.text, str(path.relative_to(xss_site)))
    assert problems == []


def test_payloads_show_as_text(xss_site):
    soup = page(xss_site, "projects/payload-0/")
    assert soup.h1.get_text() == "<script>alert(1)</script>"
    assert soup.title.get_text().startswith("<script>alert(1)</script>")
    template_text = page(xss_site, "projects/payload-28/").h1.get_text()
    assert template_text == "{{ 7 * 7 }} {% raw %} ${alert(1)}"


def test_a_javascript_url_fails_the_build(tmp_path):
    for url in ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "http://example.com"]:
        data = project_data(links=[{"title": "bad", "url": url}])
        content = write_catalogue(tmp_path / url.split(":")[0], {"projects/bad-link.md": data})
        with pytest.raises(InvalidCatalogue):
            build(content, tmp_path / "output")
        assert not (tmp_path / "output").exists()
