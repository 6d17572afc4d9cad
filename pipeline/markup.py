"""Markdown to safe HTML. Text from the content is rendered here and sanitised with nh3 against an
explicit allow-list; this is the only HTML the site's templates mark safe."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
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
# Anything Markdown might change: inline syntax, HTML, entities, control characters (line breaks and
# tabs), and at the start of the text lists, quotes, headings and code blocks.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&|~!{}:\x00-\x1f\x7f]|  ")
_BLOCK_START = re.compile(r"\s|[0-9]+[.)]|[-+=#>]")
_NOT_IN_ID = re.compile(r"[^a-z0-9]+")
# What XML 1.0 forbids: C0 controls but tab, line feed and carriage return; lone surrogates; U+FFFE, U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Kept as they are in the address of a mailto: link; anything else (? & # % = among them) is encoded,
# so that an address can never add headers such as cc or body to the message.
_MAILTO_SAFE = "@!$'*+"


def _shift_headings(state: StateCore) -> None:
    """The page title is the only h1: the text's top heading level becomes h2."""
    headings = [token for token in state.tokens if token.type in ("heading_open", "heading_close")]
    if not headings:
        return
    shift = max(0, 2 - min(int(token.tag[1]) for token in headings))
    for token in headings:
        token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"


def _heading_ids(state: StateCore) -> None:
    """Headings of the site's own pages get ids ("Maker days" -> "maker-days") to link to."""
    used: set[str] = set()
    for index, token in enumerate(state.tokens):
        if token.type == "heading_open":
            base = _NOT_IN_ID.sub("-", state.tokens[index + 1].content.lower()).strip("-") or "section"
            anchor, count = base, 1
            while anchor in used:
                count += 1
                anchor = f"{base}-{count}"
            used.add(anchor)
            token.attrSet("id", anchor)


def _markdown(heading_ids: bool) -> MarkdownIt:
    """CommonMark, as GitHub previews it, with tables and strikethrough."""
    converter = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    converter.core.ruler.push("shift_headings", _shift_headings)
    if heading_ids:
        converter.core.ruler.push("heading_ids", _heading_ids)
    return converter


_content_markdown = _markdown(heading_ids=False)
_page_markdown = _markdown(heading_ids=True)


def _cleaner(
    tags: set[str], attributes: dict[str, set[str]] = ATTRIBUTES, link_rel: str = CONTENT_LINK_REL
) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel=link_rel,
    )


_content_cleaner = _cleaner(BLOCK_TAGS)
_page_cleaner = _cleaner(BLOCK_TAGS, ATTRIBUTES | HEADING_ATTRIBUTES, SITE_LINK_REL)
_inline_cleaner = _cleaner(INLINE_TAGS)
_text_cleaner = nh3.Cleaner(tags=set(), clean_content_tags=DROPPED_WITH_CONTENT, attributes={})


def is_plain(text: str) -> bool:
    """True for one line of text that Markdown would leave as it is (most summaries and updates)."""
    return not _MARKDOWN_SYNTAX.search(text) and not _BLOCK_START.match(text)


def render(text: str) -> Markup:
    """A body or update written by a contributor, as sanitised HTML."""
    text = text or ""
    if is_plain(text):
        return Markup(f"<p>{html.escape(text.strip(), quote=False)}</p>") if text.strip() else Markup("")
    return Markup(_content_cleaner.clean(_content_markdown.render(text)))


def sanitise(html_text: str) -> str:
    """HTML of a body or update (from the content cache, say) cleaned as `render` cleans what it renders."""
    return _content_cleaner.clean(html_text)


def sanitise_inline(html_text: str) -> str:
    """HTML of a summary cleaned as `render_inline` cleans what it renders."""
    return _inline_cleaner.clean(html_text).strip()


def render_page(text: str) -> Markup:
    """A page of the site's own (about, contribute...): headings get ids, links are followed."""
    return Markup(_page_cleaner.clean(_page_markdown.render(text or "")))


def render_inline(text: str) -> Markup:
    """A one-paragraph text such as a summary: emphasis, code and links only, no blocks."""
    text = text or ""
    if is_plain(text):
        return Markup(html.escape(text.strip(), quote=False))
    return Markup(sanitise_inline(_content_markdown.render(text)))


def plain_text(text: str) -> str:
    """Markdown as plain text, for meta descriptions and feed titles (escape it where it is used)."""
    if is_plain(text or ""):
        return " ".join((text or "").split())
    cleaned = _text_cleaner.clean(_content_markdown.render(text or ""))
    return " ".join(html.unescape(cleaned).split())


def web_address(url: str) -> str:
    """A URL from the content, kept only if it is a web or mail address (never javascript: and the like)."""
    url = (url or "").strip()
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    return url if scheme in URL_SCHEMES else ""


def xml_text(text: str) -> str:
    """The text with every character XML 1.0 forbids replaced by U+FFFD, so a feed or sitemap parses."""
    return _NOT_XML.sub("\ufffd", text)


def mailto_url(address: str) -> str:
    """A mailto: link to one address (written with or without "mailto:"), never carrying headers."""
    return "mailto:" + quote(address.removeprefix("mailto:"), safe=_MAILTO_SAFE)
