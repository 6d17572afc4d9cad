"""`pipeline links`: check that every internal link in a built site's pages, feeds and sitemap resolves."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..gfm import plural
from ..links import broken_links
from .options import EXIT_INVALID, EXIT_OK, UsageError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "links", help="check that every internal link in a built site's pages, feeds and sitemap resolves"
    )
    parser.add_argument(
        "site", type=Path, nargs="?", default=Path("output"), help="the built site (default: output)"
    )
    parser.add_argument(
        "--site-url",
        default="",
        help="the site's address (SITEURL, such as https://example.org/pipeline): check absolute links too",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.site.is_dir():
        raise UsageError(f"{args.site} is not a folder; build the site first with: pipeline build")
    problems = broken_links(args.site, args.site_url)
    for problem in problems:
        print(problem)
    print(plural(len(problems), "broken internal link"), file=sys.stderr)
    return EXIT_INVALID if problems else EXIT_OK
