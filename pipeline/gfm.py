"""Untrusted text made inert in GitHub-flavoured Markdown: issue comments, pull request summaries, reports.

Titles, names and messages come from strangers' files and issue forms. Written into Markdown that GitHub
renders, they must not format, link, embed images, mention people or break a table.
"""

from __future__ import annotations

import re

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~!])")
# GitHub links bare web addresses ("https://...", "www."): a zero-width space keeps them text.
AUTOLINK_STARTS = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)", re.IGNORECASE)
ZERO_WIDTH_SPACE = "\u200b"


def one_line(text: str) -> str:
    """The text with every run of whitespace, line breaks included, as one space."""
    return " ".join(text.split())


def escape(text: str) -> str:
    """No formatting, HTML, links, images or @mentions, and one line: the text shows as written.

    Line breaks become spaces, so that no text can end the paragraph, list item, quote or table row it
    was put in and start a block of its own.
    """
    text = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = AUTOLINK_STARTS.sub(ZERO_WIDTH_SPACE, text)
    return MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("@", "@" + ZERO_WIDTH_SPACE)


def code(text: str) -> str:
    """The text as an inline code span on one line, however many backticks it holds (in a table cell,
    use `code_cell`)."""
    text = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def code_cell(text: str) -> str:
    """The text as an inline code span in a table cell: a pipe inside it would end the cell."""
    return code(text).replace("|", "\\|")


# One cell of a Markdown table needs nothing more than escape gives: one line, and pipes escaped.
cell = escape


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 project", "2 projects" ("1 entry", "2 entries" with nouns given)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
