"""`pipeline serve`: preview the site at http://localhost:8000, each saved change shown at once.

By default the site is previewed from memory (pipeline.site.preview): nothing is built, and an edited
file shows on its page when the page is reloaded. With --built the whole site is built first, with its
search index, and what was built is served, as it will be published.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from ..site.errors import BuildFailed
from ..site.i18n import not_found_page
from ..site.preview import Preview, PreviewRequestHandler, PreviewServer
from .options import EXIT_INVALID, EXIT_OK, UsageError, checked_content, checked_settings_file
from .sitebuild import add_build_options, build


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "serve", help="preview the site at http://localhost:8000, showing each change as it is saved"
    )
    add_build_options(parser)
    parser.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    parser.add_argument(
        "--built",
        action="store_true",
        help="build the whole site (with its search index) first, then serve what was built",
    )
    parser.set_defaults(func=run)


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves the built site, with its own 404 page (the Welsh one, cy/404.html, for addresses under /cy/)."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / not_found_page(urlsplit(self.path).path)
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def listen(
    port: int,
    handler: Callable[..., BaseHTTPRequestHandler],
    server_class: type[ThreadingHTTPServer] = ThreadingHTTPServer,
) -> ThreadingHTTPServer:
    """A server bound to the port on this machine only; a busy port says how to choose another."""
    try:
        return server_class(("127.0.0.1", port), handler)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        raise UsageError(
            f"port {port} is already in use (another `make serve`?); choose another port, "
            f"like: make serve PORT={port + 1} (or pipeline serve --port {port + 1})"
        ) from None


def serve(server: ThreadingHTTPServer, port: int) -> None:
    with server:
        print(f"Serving the site at http://localhost:{port}/ (press Ctrl+C to stop)", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def run(args: argparse.Namespace) -> int:
    return serve_built(args) if args.built else serve_preview(args)


def serve_built(args: argparse.Namespace) -> int:
    try:
        output = build(args)
    except BuildFailed as error:
        print(f"pipeline: {error}", file=sys.stderr)
        return EXIT_INVALID
    if output is None:
        return EXIT_INVALID
    serve(listen(args.port, functools.partial(SiteRequestHandler, directory=str(output))), args.port)
    return EXIT_OK


def serve_preview(args: argparse.Namespace) -> int:
    settings_file = checked_settings_file(args.settings)
    if settings_file is None:
        raise UsageError("there is no pelicanconf.py here; give the settings file with --settings")
    if args.content is not None:
        checked_content(args.content)
    server = listen(args.port, PreviewRequestHandler, PreviewServer)
    assert isinstance(server, PreviewServer)
    server.preview = preview = Preview(settings_file, args.content, args.today)
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    while not preview.watching.wait(1) and watcher.is_alive():
        pass  # changes saved from now on show: only then is the address announced
    try:
        serve(server, args.port)
    finally:
        stop.set()
        watcher.join()
        preview.close()
    return EXIT_OK
