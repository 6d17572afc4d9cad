"""`pipeline build`: build the site into output/, only if the catalogue is valid; never half a site."""

from __future__ import annotations

import argparse
import sys

from ..site.errors import BuildFailed
from .options import EXIT_INVALID, EXIT_OK
from .sitebuild import add_build_options, build


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("build", help="build the site into output/ (only if the catalogue is valid)")
    add_build_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        return EXIT_OK if build(args) else EXIT_INVALID
    except BuildFailed as error:
        print(f"pipeline: {error}", file=sys.stderr)
        return EXIT_INVALID
