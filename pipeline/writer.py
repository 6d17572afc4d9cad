"""Writing new entry files: front matter that the strict loader reads back exactly."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

# \r and the Unicode line breaks: written as they are, YAML would read them back as other text.
_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")


class _Dumper(yaml.SafeDumper):
    """Writes text with odd line breaks in double quotes, where they are escaped."""


def _represent_text(dumper: _Dumper, text: str) -> yaml.ScalarNode:
    style = '"' if _ODD_BREAKS.search(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def slugify(text: str) -> str:
    """An entry id from a title: "Bin app!" -> "bin-app", "Ynys Môn" -> "ynys-mon"."""
    unaccented = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = unaccented.lower().replace("&", " and ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80].strip("-")


def entry_text(data: dict[str, Any], body: str) -> str:
    front = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return f"---\n{front}---\n{body.strip()}\n"


def create_entry_file(path: Path, data: dict[str, Any], body: str) -> None:
    """Write a new entry; refuses to replace a file that is already there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(entry_text(data, body))
