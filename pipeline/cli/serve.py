"""`pipeline serve`: build the site, then serve it at http://localhost:8000."""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..site.errors import BuildFailed
from .options import EXIT_INVALID, EXIT_OK, UsageError
from .sitebuild import add_build_options, build


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("serve", help="build the site, then serve it at http://localhost:8000")
    add_build_options(parser)
    parser.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    parser.set_defaults(func=run)


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves the built site, with its own 404 page (the Welsh one, cy/404.html, for addresses under /cy/)."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        welsh = self.path == "/cy" or self.path.startswith("/cy/")
        not_found = Path(self.directory) / ("cy/404.html" if welsh else "404.html")
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def run(args: argparse.Namespace) -> int:
    try:
        output = build(args)
    except BuildFailed as error:
        print(f"pipeline: {error}", file=sys.stderr)
        return EXIT_INVALID
    if output is None:
        return EXIT_INVALID
    handler = functools.partial(SiteRequestHandler, directory=str(output))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        raise UsageError(
            f"port {args.port} is already in use (another `make serve`?); choose another port, "
            f"like: make serve PORT={args.port + 1} (or pipeline serve --port {args.port + 1})"
        ) from None
    with server:
        print(f"Serving the site at http://localhost:{args.port}/ (press Ctrl+C to stop)", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return EXIT_OK
