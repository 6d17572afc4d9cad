"""Untrusted text made inert in GitHub-flavoured Markdown: issue comments, pull request summaries, reports.

Titles, names and messages come from strangers' files and issue forms. Written into Markdown that GitHub
renders, they must not format, link, embed images, mention people or break a table.
"""

from __future__ import annotations

import re

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~!])")


def one_line(text: str) -> str:
    """The text with every run of whitespace, line breaks included, as one space."""
    return " ".join(text.split())


def escape(text: str) -> str:
    """No formatting, HTML, links, images or @mentions: the text shows as written."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("@", "@\u200b")


def cell(text: str) -> str:
    """The text escaped to sit in one cell of a Markdown table (or one line of a list)."""
    return escape(one_line(text))


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 project", "2 projects" ("1 entry", "2 entries" with nouns given)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
