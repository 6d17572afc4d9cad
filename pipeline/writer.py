"""Writing new entry files: front matter that the strict loader reads back exactly."""

from __future__ import annotations

import re
from pathlib import Path

import yaml


def slugify(text: str) -> str:
    """"Bin collection app!" -> "bin-collection-app", a valid entry id."""
    ascii_text = text.lower().replace("&", " and ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80].strip("-")


def entry_text(data: dict, body: str) -> str:
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return f"---\n{front}---\n{body.strip()}\n"


def create_entry_file(path: Path, data: dict, body: str) -> None:
    """Write a new entry; refuses to replace a file that is already there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(entry_text(data, body))
