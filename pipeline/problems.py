"""Problems found in content, as data; each can be written as one line of text (the commands' other
formats are in pipeline.cli.reporting)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
# Shown escaped when quoted from a file: everything str.splitlines() would break a line at, the control
# characters a terminal acts on (ESC starting a sequence, CSI and OSC among C1), and the bidirectional
# controls that make text show in another order than it is written.
_NOT_SHOWN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


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


def shown(text: str) -> str:
    """Text quoted from a file (a value or a file name) made safe to print: line breaks, terminal controls
    and bidirectional controls written as escapes like \\n and \\x1b, so a problem stays one plain line."""
    return _NOT_SHOWN.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def format_text(problems: Iterable[Problem]) -> str:
    return "".join(
        f"{shown(p.path)}:{p.line}:{p.column}: {p.severity}: {shown(p.message)}\n" for p in problems
    )


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
