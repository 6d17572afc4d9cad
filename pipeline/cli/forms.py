"""`pipeline forms`: write the GitHub issue forms and the field reference from the schemas."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..forms import differing_files, generated_files
from .options import EXIT_INVALID, EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "forms", help="write the GitHub issue forms and the field reference from the schemas"
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="the repository folder (default: .)")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if the files differ from the schemas"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.check:
        stale = differing_files(args.root)
        for path in stale:
            print(f"{path} does not match the schemas; run: pipeline forms", file=sys.stderr)
        return EXIT_INVALID if stale else EXIT_OK
    for path, text in generated_files(args.root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {path}")
    return EXIT_OK
