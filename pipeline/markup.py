"""Markdown to safe HTML. Text from the content is rendered here and sanitised with nh3 against an
explicit allow-list; this is the only HTML the site's templates mark safe."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

INLINE_TAGS = {"a", "abbr", "br", "code", "del", "em", "kbd", "s", "strong", "sub", "sup"}
BLOCK_TAGS = INLINE_TAGS | {
    "blockquote",
    "dd",
    "dl",
    "dt",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
HEADING_ATTRIBUTES = {f"h{level}": {"id"} for level in range(2, 7)}
URL_SCHEMES = {"https", "http", "mailto"}
# Removed with everything inside them, not just the tags.
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "svg", "math"}
# Links written by contributors: not endorsed, and never given the opener.
CONTENT_LINK_REL = "nofollow ugc noopener noreferrer"
SITE_LINK_REL = "noopener"
MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "def_list", "abbr"]
_HEADING = re.compile(r"^h([1-6])$")
# Anything Markdown might turn into markup: inline syntax, HTML, entities, line breaks, and
# (at the start) lists, quotes, headings, code blocks and tables.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&|~!{}:\n\r\t]|  ")
_BLOCK_START = re.compile(r"\s|[0-9]+[.)]|[-+=#>]")


class _ShiftHeadings(Treeprocessor):
    """The page title is the only h1: the body's top heading level becomes h2."""

    def run(self, root):
        headings = [
            (element, int(match[1])) for element in root.iter() if (match := _HEADING.match(element.tag))
        ]
        if not headings:
            return
        shift = max(0, 2 - min(level for _, level in headings))
        for element, level in headings:
            element.tag = f"h{min(level + shift, 6)}"


class _ShiftHeadingsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's hook name
        # After inline processing (priority 20), before the table of contents adds ids (priority 5).
        md.treeprocessors.register(_ShiftHeadings(md), "shift_headings", 10)


_content_markdown = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, _ShiftHeadingsExtension()])
_page_markdown = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, _ShiftHeadingsExtension(), "toc"])
_content_cleaner = nh3.Cleaner(
    tags=BLOCK_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=CONTENT_LINK_REL,
)
_page_cleaner = nh3.Cleaner(
    tags=BLOCK_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ATTRIBUTES | HEADING_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=SITE_LINK_REL,
)
_inline_cleaner = nh3.Cleaner(
    tags=INLINE_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=CONTENT_LINK_REL,
)
_text_cleaner = nh3.Cleaner(tags=set(), clean_content_tags=DROPPED_WITH_CONTENT, attributes={})


def _convert(converter: markdown.Markdown, text: str) -> str:
    try:
        return converter.convert(text)
    finally:
        converter.reset()


def is_plain(text: str) -> bool:
    """True for one line of text that Markdown would leave as it is (most summaries and updates)."""
    return not _MARKDOWN_SYNTAX.search(text) and not _BLOCK_START.match(text)


def render(text: str) -> Markup:
    """A body or update written by a contributor, as sanitised HTML."""
    text = text or ""
    if is_plain(text):
        return Markup(f"<p>{html.escape(text.strip(), quote=False)}</p>") if text.strip() else Markup("")
    return Markup(_content_cleaner.clean(_convert(_content_markdown, text)))


def render_page(text: str) -> Markup:
    """A page of the site's own (about, contribute...): headings get ids, links are followed."""
    return Markup(_page_cleaner.clean(_convert(_page_markdown, text or "")))


def render_inline(text: str) -> Markup:
    """A one-paragraph text such as a summary: emphasis, code and links only, no blocks."""
    text = text or ""
    if is_plain(text):
        return Markup(html.escape(text.strip(), quote=False))
    return Markup(_inline_cleaner.clean(_convert(_content_markdown, text)).strip())


def plain_text(text: str) -> str:
    """Markdown as plain text, for meta descriptions and feed titles (escape it where it is used)."""
    if is_plain(text or ""):
        return " ".join((text or "").split())
    cleaned = _text_cleaner.clean(_convert(_content_markdown, text or ""))
    return " ".join(html.unescape(cleaned).split())


def safe_href(url: str) -> str:
    """A URL from the content, kept only if it is a web or mail address (never javascript: and the like)."""
    url = (url or "").strip()
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    return url if scheme in URL_SCHEMES else ""
