"""Problems found in content, and the ways of reporting them (text, JSON, GitHub annotations)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

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


def has_errors(problems) -> bool:
    return any(problem.is_error for problem in problems)


def field_name(path) -> str:
    """("contacts", 0, "email") -> "contacts[1].email" (list positions counted from 1)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _one_line(text: str) -> str:
    """Line breaks quoted from a file (in a value or a file name) written as \\n, so a problem stays one line."""
    return _LINE_BREAKS.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def format_text(problems) -> str:
    return "".join(
        f"{_one_line(p.path)}:{p.line}:{p.column}: {p.severity}: {_one_line(p.message)}\n" for p in problems
    )


def format_json(problems) -> str:
    return json.dumps([asdict(problem) for problem in problems], indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems) -> str:
    """GitHub Actions workflow commands that annotate the lines of a pull request."""
    lines = []
    for p in problems:
        title = f"{p.field} is not right" if p.field else "Pipeline check"
        properties = ",".join(
            [
                f"file={_escape_property(p.path)}",
                f"line={p.line}",
                f"col={p.column}",
                f"title={_escape_property(title)}",
            ]
        )
        lines.append(f"::{p.severity} {properties}::{_escape_data(p.message)}\n")
    return "".join(lines)


def summary(problems) -> str:
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
