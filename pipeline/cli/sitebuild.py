"""Building the site for `pipeline build` and `pipeline serve`: their shared options and the build itself."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from ..problems import format_text, summary
from ..site.build import UnsafeOutput, build_site
from ..site.errors import InvalidCatalogue
from .options import UsageError, add_settings_options, checked_content, checked_settings_file


def add_build_options(parser: argparse.ArgumentParser) -> None:
    add_settings_options(parser)
    parser.add_argument("--output", type=Path, help="where to write the site (default: OUTPUT_PATH, output/)")
    parser.add_argument("--no-search", action="store_true", help="skip building the Pagefind search index")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="render everything afresh, without reading or writing the content cache",
    )
    parser.add_argument(
        "--clean",
        action="store_true",
        help="render every page, and index every part of the search, afresh rather than only what changed since the last build",
    )
    parser.add_argument(
        "--cache-path",
        type=Path,
        help="the content cache folder (default: CACHE_PATH in the settings, cache/)",
    )


def build(args: argparse.Namespace) -> Path | None:
    """Run a build for `pipeline build` or `pipeline serve`; None when the catalogue is invalid."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    settings_file = checked_settings_file(args.settings)
    if settings_file is None:
        raise UsageError("there is no pelicanconf.py here; give the settings file with --settings")
    if args.content is not None:
        checked_content(args.content)
    started = time.perf_counter()
    try:
        output = build_site(
            settings_file,
            args.content,
            args.output,
            args.today,
            search=not args.no_search,
            overrides={"CACHE_PATH": str(args.cache_path.resolve())} if args.cache_path else None,
            cache=not args.no_cache,
            incremental=not (args.clean or args.no_cache),
        )
    except UnsafeOutput as error:
        raise UsageError(str(error)) from None
    except InvalidCatalogue as error:
        sys.stderr.write(format_text(error.problems))
        print(
            f"pipeline: the catalogue is invalid ({summary(error.problems)}); nothing was built",
            file=sys.stderr,
        )
        return None
    print(
        f"Built the site into {os.path.relpath(output)} in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return output
