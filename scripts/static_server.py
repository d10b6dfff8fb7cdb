#!/usr/bin/env python3
"""A small static file server that behaves like a static host (GitHub Pages-like).

Python 3 standard library only. Used by scripts/serve.sh, the Playwright suite and the benchmark.

* Existing files are served with explicit MIME types (application/wasm, text/javascript, ...).
* A directory request serves its index.html; a directory without a trailing slash redirects (301).
* An unknown path returns the served directory's 404.html with status 404 (how static hosts
  serve single-page-app deep links), or a plain 404 when there is no 404.html.
* --base /lakelab/ serves the directory under that sub-path; anything outside it is a plain 404
  (and /lakelab without the slash redirects to /lakelab/).
* Cache-Control: no-cache for sw.js and HTML, so a new build is always picked up;
  other files get max-age=600 like GitHub Pages.
* Threaded, so the browser's parallel requests (and several test pages) are served concurrently.

With --port 0 the OS picks a free port. The first line on stdout is always
"listening on http://HOST:PORT/BASE" so a caller can read the real address.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".wasm": "application/wasm",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".map": "application/json",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
NO_CACHE_NAMES = {"sw.js", "index.html", "404.html"}


def normalize_base(base: str) -> str:
    """'/lakelab' or 'lakelab/' -> '/lakelab/'; '' or '/' -> '/'."""
    base = "/" + base.strip("/")
    return base if base == "/" else base + "/"


class StaticHandler(BaseHTTPRequestHandler):
    # Set on the subclass created in main().
    root: str = "."
    base: str = "/"
    quiet: bool = False

    server_version = "LakelabStatic/1.0"
    protocol_version = "HTTP/1.1"  # keep-alive: fewer connections for the browser

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self.handle_request(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self.handle_request(send_body=False)

    def handle_request(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path + "/" == self.base:
            # "/lakelab" -> "/lakelab/" as static hosts do.
            self.redirect(self.base)
            return
        if not path.startswith(self.base):
            self.plain(HTTPStatus.NOT_FOUND, "404 Not Found (outside the base path)\n", send_body)
            return
        rel = path[len(self.base):]
        # Reject anything that could escape the served directory.
        parts = [p for p in rel.split("/") if p not in ("", ".")]
        if any(p == ".." or "\\" in p or "\0" in p for p in parts):
            self.plain(HTTPStatus.NOT_FOUND, "404 Not Found\n", send_body)
            return
        fs_path = os.path.join(self.root, *parts)
        if os.path.isdir(fs_path):
            if not path.endswith("/"):
                self.redirect(path + "/")
                return
            fs_path = os.path.join(fs_path, "index.html")
        if os.path.isfile(fs_path):
            self.send_file(fs_path, HTTPStatus.OK, send_body)
            return
        not_found = os.path.join(self.root, "404.html")
        if os.path.isfile(not_found):
            self.send_file(not_found, HTTPStatus.NOT_FOUND, send_body)
        else:
            self.plain(HTTPStatus.NOT_FOUND, "404 Not Found\n", send_body)

    def send_file(self, fs_path: str, status: HTTPStatus, send_body: bool) -> None:
        with open(fs_path, "rb") as f:
            body = f.read()
        name = os.path.basename(fs_path)
        ext = posixpath.splitext(name)[1].lower()
        self.send_response(status)
        self.send_header("Content-Type", MIME_TYPES.get(ext, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        if name in NO_CACHE_NAMES or ext in (".html", ".htm"):
            self.send_header("Cache-Control", "no-cache")
        else:
            self.send_header("Cache-Control", "max-age=600")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def plain(self, status: HTTPStatus, text: str, send_body: bool) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (signature of the base class)
        if not self.quiet:
            sys.stderr.write("%s %s\n" % (self.address_string(), format % args))

    def handle_one_request(self) -> None:
        # A browser closing a connection mid-response is not an error worth a traceback.
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="dist", help="directory to serve (default: dist)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")),
                        help="port (default: $PORT or 8080; 0 = pick a free one)")
    parser.add_argument("--bind", default="127.0.0.1", help="address (default: 127.0.0.1)")
    parser.add_argument("--base", default="/", help="URL sub-path to serve under, e.g. /lakelab/")
    parser.add_argument("--quiet", "-q", action="store_true", help="do not log requests")
    args = parser.parse_args()

    root = os.path.abspath(args.dir)
    if not os.path.isdir(root):
        print(f"static_server: no such directory: {root}", file=sys.stderr)
        return 2

    handler = type("Handler", (StaticHandler,),
                   {"root": root, "base": normalize_base(args.base), "quiet": args.quiet})
    # ThreadingHTTPServer: one daemon thread per connection, SO_REUSEADDR set.
    httpd = ThreadingHTTPServer((args.bind, args.port), handler)
    host, port = httpd.server_address[:2]
    print(f"listening on http://{host}:{port}{handler.base}", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
