"""Welsh beside English in one entry.

An entry (a project, council, maker day or page) stays one file in both languages. Its Welsh texts
are in a `cy:` block of the front matter, beside the English fields they translate (an update's Welsh
text is in a `cy:` block of that update), and its Welsh body follows the English one, after a line
that is only the heading "# Cymraeg".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .loader import Document, FieldPath
from .problems import ERROR, WARNING, Problem, field_name

WELSH = "cy"
ENGLISH = "en"
LANGUAGES = (ENGLISH, WELSH)
# The line that starts the Welsh part of a body: a heading anyone editing the file can read.
BODY_MARKER = "# Cymraeg"
_MARKER_LINE = re.compile(r"^#[ \t]+Cymraeg[ \t]*$", re.MULTILINE | re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^[ ]{0,3}(```|~~~)")
# Fields whose Welsh may rightly be the same as the English (a name like "FixMyStreet"): a warning only.
MAY_MATCH = ("title", "name", "official_name")


@dataclass(frozen=True)
class SplitBody:
    english: str
    welsh: str
    welsh_line: int  # the body's line (1 for its first) where the Welsh part starts; 0 without one


def split_body(body: str) -> SplitBody:
    """The English and the Welsh parts of a body, split at its first "# Cymraeg" line."""
    marker = _MARKER_LINE.search(body)
    if marker is None:
        return SplitBody(body, "", 0)
    welsh_line = body.count("\n", 0, marker.end()) + 2
    return SplitBody(body[: marker.start()].rstrip() + "\n", body[marker.end() :].strip("\n"), welsh_line)


def translation(data: dict[str, object], name: str) -> str | None:
    """The Welsh text of field `name` from the `cy:` block of `data` (front matter or an update), or None."""
    block = data.get(WELSH)
    value = block.get(name) if isinstance(block, dict) else None
    return value if isinstance(value, str) and value.strip() else None


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int  # the body's line (1 for its first)


def headings(markdown: str, first_line: int = 1) -> list[Heading]:
    """The "#" headings of Markdown text, outside fenced code, with the line each is on."""
    found, fenced = [], False
    for number, line in enumerate(markdown.split("\n"), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (heading := _HEADING.match(line)):
            found.append(Heading(len(heading[1]), heading[2], number))
    return found


def same_text(english: str, welsh: str) -> bool:
    """Whether the Welsh is the English left as it was (ignoring case and spacing)."""
    return " ".join(english.split()).casefold() == " ".join(welsh.split()).casefold()


def check_document(source: str, document: Document) -> list[Problem]:
    """The Welsh of one file against its English: each Welsh field has its English one, Welsh text is
    not the English copied, the Welsh body is not empty and has the English body's headings."""
    return [
        *_check_fields(source, document),
        *_check_updates(source, document),
        *_check_body(source, document),
    ]


def _problem(
    source: str, document: Document, path: FieldPath, message: str, severity: str = ERROR
) -> Problem:
    line, column = document.position(path, key=True)
    return Problem(source, line, column, severity, message, field_name(path))


def _check_fields(source: str, document: Document) -> Iterator[Problem]:
    block = document.data.get(WELSH)
    for name, welsh in block.items() if isinstance(block, dict) else ():
        english = document.data.get(name)
        path = (WELSH, name)
        if not isinstance(welsh, str):
            continue
        if english is None:
            yield _problem(
                source,
                document,
                path,
                f"cy.{name} is the Welsh for {name}, but {name} is missing; add the English {name} "
                "too, so that the English pages have it",
            )
        elif isinstance(english, str) and same_text(english, welsh):
            yield _identical(source, document, path, name, name in MAY_MATCH)


def _identical(source: str, document: Document, path: FieldPath, english: str, may_match: bool) -> Problem:
    shown = field_name(path)
    if may_match:
        return _problem(
            source,
            document,
            path,
            f"{shown} is the same as the English {english}; if it has a Welsh form, write it here; if it is a name "
            "that stays the same in Welsh, this is fine",
            WARNING,
        )
    return _problem(
        source,
        document,
        path,
        f"{shown} is the same as the English {english}; write it in Welsh, or remove it until there is a translation",
    )


def _check_updates(source: str, document: Document) -> Iterator[Problem]:
    updates = document.data.get("updates")
    for index, update in enumerate(updates if isinstance(updates, list) else ()):
        welsh = translation(update, "text") if isinstance(update, dict) else None
        english = update.get("text") if isinstance(update, dict) else None
        if welsh and isinstance(english, str) and same_text(english, welsh):
            path = ("updates", index, WELSH, "text")
            yield _identical(source, document, path, f"updates[{index + 1}].text", False)


def _check_body(source: str, document: Document) -> Iterator[Problem]:
    body = split_body(document.body)
    if not body.welsh_line:
        return
    marker_line = document.body_line + body.welsh_line - 2
    if not body.welsh.strip():
        yield Problem(
            source,
            marker_line,
            1,
            ERROR,
            f"the Welsh part after '{BODY_MARKER}' is empty; write the Welsh description below that line, "
            f"or remove the '{BODY_MARKER}' line until there is one",
        )
        return
    if not body.english.strip():
        yield Problem(
            source,
            document.body_line,
            1,
            ERROR,
            f"there is a Welsh description after '{BODY_MARKER}' but no English one before it; write the "
            "English description above that line",
        )
        return
    if same_text(body.english, body.welsh):
        yield Problem(
            source,
            marker_line + 1,
            1,
            ERROR,
            f"the Welsh description after '{BODY_MARKER}' is the same as the English one; write it in Welsh",
        )
        return
    found = _heading_mismatch(document.body, body.welsh_line, document.body_line)
    if found:
        yield Problem(source, found[0], 1, ERROR, found[1])


def _heading_mismatch(body: str, welsh_line: int, body_line: int) -> tuple[int, str] | None:
    """(line, message) for the first English heading the Welsh body does not match, or None."""
    welsh_start = body_line + welsh_line - 1
    found = headings(body, body_line)
    english = [heading for heading in found if heading.line < welsh_start - 1]
    welsh = [heading for heading in found if heading.line >= welsh_start]
    advice = "give the Welsh description the same headings as the English one, in the same order and at the same levels"
    for index, heading in enumerate(english):
        if index >= len(welsh):
            return welsh_start - 1, (
                f'the English heading "{heading.text}" (line {heading.line}) has no Welsh heading to '
                f"match: the Welsh description has {len(welsh)} heading{'s' * (len(welsh) != 1)} and "
                f"the English {len(english)}; {advice}"
            )
        if welsh[index].level != heading.level:
            return welsh[index].line, (
                f'the Welsh heading "{welsh[index].text}" is at level {welsh[index].level} '
                f'({"#" * welsh[index].level}) where the English heading "{heading.text}" is at '
                f"level {heading.level} ({'#' * heading.level}); {advice}"
            )
    if len(welsh) > len(english):
        extra = welsh[len(english)]
        return extra.line, (
            f'the Welsh heading "{extra.text}" has no English heading to match: the Welsh description '
            f"has {len(welsh)} headings and the English {len(english)}; {advice}"
        )
    return None
