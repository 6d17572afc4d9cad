"""Welsh beside English in one entry.

An entry (a project, council, maker day or page) stays one file in both languages. Its Welsh texts
are in a `cy:` block of the front matter, beside the English fields they translate (an update's Welsh
text is in a `cy:` block of that update), and its Welsh body follows the English one, after a line
that is only the heading "# Cymraeg".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WELSH = "cy"
ENGLISH = "en"
LANGUAGES = (ENGLISH, WELSH)
# The line that starts the Welsh part of a body: a heading anyone editing the file can read.
BODY_MARKER = "# Cymraeg"
_MARKER_LINE = re.compile(r"^#[ \t]+Cymraeg[ \t]*$", re.MULTILINE | re.IGNORECASE)


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
