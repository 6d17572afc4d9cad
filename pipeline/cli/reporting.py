"""How the commands write what they found: formats chosen by name, problems as text, JSON or annotations."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict

from ..problems import Problem, format_text

TEXT, JSON, MARKDOWN = "text", "json", "markdown"


def add_format_option(parser: argparse.ArgumentParser, formats: tuple[str, ...] = (TEXT, JSON)) -> None:
    parser.add_argument("--format", choices=list(formats), default=formats[0])


def write_report(writers: dict[str, Callable[..., str]], name: str, *values: object) -> None:
    """Write the report in the format chosen by name (a --format value)."""
    sys.stdout.write(writers[name](*values))


def problem_line(problem: Problem) -> str:
    return format_text([problem]).rstrip("\n")


def format_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(problem) for problem in problems], indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: list[Problem]) -> str:
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


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"
