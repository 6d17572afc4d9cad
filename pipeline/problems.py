"""Problems found in content, as data; each can be written as one line of text (the commands' other
formats are in pipeline.cli.reporting)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
# Everything str.splitlines() would break a line at.
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    severity: str
    message: str
    field: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.is_error for problem in problems)


def field_name(path: Iterable[str | int]) -> str:
    """("contacts", 0, "email") -> "contacts[1].email" (list positions counted from 1)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _one_line(text: str) -> str:
    """Line breaks quoted from a file (in a value or a file name) written as \\n, so a problem stays one line."""
    return _LINE_BREAKS.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def format_text(problems: Iterable[Problem]) -> str:
    return "".join(
        f"{_one_line(p.path)}:{p.line}:{p.column}: {p.severity}: {_one_line(p.message)}\n" for p in problems
    )


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
