"""`pipeline build` and `pipeline serve`: the site, built by Pelican, swapped into place only when whole.

The site is built into a temporary folder beside the output folder, indexed by Pagefind, and only
then swapped in: an invalid catalogue or a failed step leaves the previous site untouched, and pages
of deleted entries never linger.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .options import EXIT_INVALID, EXIT_OK, UsageError, add_settings_options, checked_settings
from .problems import format_text, summary
from .settings import DEFAULT_SETTINGS


class InvalidCatalogue(Exception):
    """The catalogue has errors: the build stops before anything is written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(format_text(problems))


class BuildFailed(Exception):
    """A step after reading the catalogue failed (writing the site, or its search index)."""


def register(commands) -> None:
    build = commands.add_parser("build", help="build the site into output/ (only if the catalogue is valid)")
    add_build_options(build)
    build.set_defaults(func=run_build)
    serve = commands.add_parser("serve", help="build the site, then serve it at http://localhost:8000")
    add_build_options(serve)
    serve.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    serve.set_defaults(func=run_serve)


def add_build_options(parser) -> None:
    add_settings_options(parser)
    parser.add_argument("--output", type=Path, help="where to write the site (default: OUTPUT_PATH, output/)")
    parser.add_argument("--no-search", action="store_true", help="skip building the Pagefind search index")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="render everything afresh, without reading or writing the content cache",
    )
    parser.add_argument(
        "--cache-path",
        type=Path,
        help="the content cache folder (default: CACHE_PATH in the settings, cache/)",
    )


def check_output_folder(output: Path, settings: dict, settings_file: Path) -> None:
    """The output folder is replaced whole: refuse one that holds the content or the settings."""
    precious = [Path(settings["PATH"]).resolve(), settings_file.resolve()]
    if output == Path(output.anchor) or any(path == output or output in path.parents for path in precious):
        raise UsageError(f"{output} holds the content or the settings; choose another --output folder")


def run_pelican(settings: dict) -> None:
    from pelican import Pelican
    from pelican.log import console

    console.quiet = True  # Pelican's own summary counts blog articles, which this site has none of.
    Pelican(settings).run()


def run_pagefind(site: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BuildFailed(f"the search index could not be built:\n{completed.stdout}{completed.stderr}")


def swap_in(staging: Path, output: Path) -> None:
    """Replace the output folder with the freshly built one."""
    if output.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
        output.rename(retired / output.name)
        staging.rename(output)
        shutil.rmtree(retired)
    else:
        staging.rename(output)


def build_site(
    settings_file: Path = DEFAULT_SETTINGS,
    content: Path | None = None,
    output: Path | None = None,
    today: date | None = None,
    search: bool = True,
    overrides: dict | None = None,
    cache: bool = False,
) -> Path:
    """Build the whole site into `output` (default: the settings' OUTPUT_PATH); returns that folder.

    `overrides` replaces settings after the settings file is read (paths in it must be absolute).
    With `cache`, Markdown rendered by earlier builds is read from, and this build's written to, the
    content cache in the CACHE_PATH folder (see pipeline.contentcache).

    Raises InvalidCatalogue when the catalogue has errors, BuildFailed when a later step
    fails; in both cases the output folder is left as it was.
    """
    settings = checked_settings(settings_file, content, today, {"PIPELINE_CACHE": cache, **(overrides or {})})
    output = Path(output or settings["OUTPUT_PATH"]).resolve()
    check_output_folder(output, settings, settings_file)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-", dir=output.parent))
    try:
        run_pelican({**settings, "OUTPUT_PATH": str(staging)})
        if search:
            run_pagefind(staging)
        staging.chmod(0o755)
        swap_in(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return output


def build_command(args) -> Path | None:
    """Run a build for `pipeline build` or `pipeline serve`; None when the catalogue is invalid."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    started = time.perf_counter()
    try:
        output = build_site(
            args.settings,
            args.content,
            args.output,
            args.today,
            search=not args.no_search,
            overrides={"CACHE_PATH": str(args.cache_path.resolve())} if args.cache_path else None,
            cache=not args.no_cache,
        )
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


def run_build(args) -> int:
    try:
        return EXIT_OK if build_command(args) else EXIT_INVALID
    except BuildFailed as error:
        print(f"pipeline: {error}", file=sys.stderr)
        return EXIT_INVALID


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves the built site, with its own 404 page."""

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def run_serve(args) -> int:
    output = build_command(args)
    if output is None:
        return EXIT_INVALID
    handler = functools.partial(SiteRequestHandler, directory=str(output))
    with ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"Serving the site at http://localhost:{args.port}/ (press Ctrl+C to stop)", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return EXIT_OK
