"""A local HTTP server for the sample site, the tests, the demo and the benchmark.

It serves a folder on 127.0.0.1 with the placeholder ``__BASE__`` in text files
replaced by its own base URL, answers conditional GETs (ETag, Last-Modified)
with 304, keeps a thread-safe log of every request, and injects faults under
``/_faults/``: a 500 then 200, a permanent 503, a 429 with Retry-After, a slow
response, a redirect loop, a 404, invalid UTF-8, a truncated body, a PDF and a
20 MB page (generated, never stored).

    with serve_site("samples/site") as site:
        print(site.base_url)          # http://127.0.0.1:PORT
        ...
        site.requests                 # [{"method", "path", "headers", "status"}, ...]

Command line: ``python -m crawler.devserver --port 0 --root samples/site``.
"""
from __future__ import annotations

import argparse
import email.utils
import errno
import hashlib
import sys
import threading
import time
from collections import Counter
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, unquote, urlsplit

HOST = "127.0.0.1"
PLACEHOLDER = b"__BASE__"
FAULTS = "/_faults/"
HUGE_BYTES = 20 * 1024 * 1024
MAX_SLOW_SECONDS = 10.0
TYPES = {
    ".html": "text/html", ".htm": "text/html",            # no charset: pages declare their own, or not
    ".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8", ".json": "application/json", ".css": "text/css",
    ".js": "text/javascript", ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
    ".gz": "application/gzip",
}
TEXT_TYPES = ("text/", "application/xml", "application/rss+xml", "application/atom+xml", "application/json")


class PortInUse(OSError):
    """The requested port is already taken on 127.0.0.1 (str() is the one-line message)."""

    def __str__(self) -> str:
        return self.args[0]


# ---------------------------------------------------------------- fault pages

FAULT_TOPICS = {
    "flaky": "the customs terminal at the border crossing reopened after a short power cut",
    "busy": "freight lorries queued at the crossing during the morning inspection shift",
    "slow": "a logistics company opened a bonded warehouse near the railway station",
    "bad-utf8": "the regional akimat published a timetable for the new bus route",
    "truncated": "cotton growers of the district signed supply contracts with a textile mill",
}


def fault_article(name: str) -> bytes:
    """A small, well-formed news page for a fault route once it answers 200 (text written here)."""
    topic = FAULT_TOPICS.get(name, f"the fault route {name}")
    paragraphs = [
        f"Local reporters confirmed that {topic}, according to officials quoted on Monday.",
        f"The report on {topic} adds that the work took place without incidents and on schedule.",
        "Officials said further details would be published by the press service later this week.",
        f"Residents interviewed about how {topic} said they expect shorter waiting times next month.",
    ]
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    title = f"Fault test page: {name}"
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<meta property=\"article:published_time\" content=\"2026-11-20T09:00:00+05:00\"></head>"
            f"<body><article><h1>{title}</h1>\n{body}</article></body></html>\n").encode("utf-8")


def fault_index(base: str) -> bytes:
    """A listing page that links to every fault route, so a crawl discovers them."""
    names = ["flaky.html", "down.html", "busy.html", "slow.html", "loop-a.html", "gone.html",
             "bad-utf8.html", "truncated.html", "annual-report-2025-11.pdf", "huge.html"]
    links = "".join(f'<li><a href="{base}{FAULTS}{n}">{n}</a></li>' for n in names)
    return f"<!doctype html><html><head><meta charset=\"utf-8\"><title>Faults</title></head>" \
           f"<body><ul>{links}</ul></body></html>".encode("utf-8")


def minimal_pdf() -> bytes:
    """A tiny but valid one-page PDF."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
            b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n"
            b"%%EOF\n")


# ---------------------------------------------------------------- handler

class Handler(BaseHTTPRequestHandler):
    """Serves files of the site root and the fault routes; every answer goes to the log."""

    protocol_version = "HTTP/1.1"
    server: "SiteHTTPServer"

    def log_request(self, code="-", size="-") -> None:
        self.server.site.record(self.command, self.path, dict(self.headers.items()), int(code))

    def log_message(self, format, *args) -> None:  # quiet: the request log is the record
        pass

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        self.head_only = head
        path = unquote(urlsplit(self.path).path)
        try:
            if path.startswith(FAULTS):
                self.fault(path[len(FAULTS):])
            else:
                self.static(path)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True   # the client gave up (a cancelled huge download)

    # -- helpers
    def send(self, status: int, body: bytes = b"", ctype: str = "text/html", headers: Optional[dict] = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not self.head_only:
            self.wfile.write(body)

    def not_found(self) -> None:
        self.send(404, b"<html><body><h1>404 Not Found</h1></body></html>")

    # -- static files
    def static(self, path: str) -> None:
        target = self.server.site.resolve(path)
        if target is None:
            self.not_found()
            return
        body = target.read_bytes()
        ctype = TYPES.get(target.suffix.lower(), "application/octet-stream")
        if ctype.startswith(TEXT_TYPES):
            body = body.replace(PLACEHOLDER, self.server.site.base_url.encode("ascii"))
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        mtime = int(target.stat().st_mtime)
        validators = {"ETag": etag, "Last-Modified": email.utils.formatdate(mtime, usegmt=True)}
        if self.not_modified(etag, mtime):
            self.send_response(304)
            for key, value in validators.items():
                self.send_header(key, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send(200, body, ctype, validators)

    def not_modified(self, etag: str, mtime: int) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [t.strip() for t in match.split(",")] or match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return mtime <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    # -- fault routes
    def fault(self, name: str) -> None:
        hits = self.server.site.hit(name)
        base = self.server.site.base_url
        route = FAULT_ROUTES.get(name)
        if route is None:
            self.not_found()
            return
        route(self, hits, base)

    def slow(self, query: dict) -> None:
        seconds = min(float(query.get("seconds", ["5"])[0]), MAX_SLOW_SECONDS)
        self.server.site.stopping.wait(seconds)   # returns at once when the server shuts down
        self.send(200, fault_article("slow"))

    def truncated(self) -> None:
        body = fault_article("truncated")
        cut = body[: len(body) // 2]
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(cut)
        self.close_connection = True

    def huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(HUGE_BYTES))
        self.send_header("Connection", "close")   # a client that gives up must not get this socket back
        self.end_headers()
        self.close_connection = True
        chunk = (b"<p>" + b"filler " * 145 + b"</p>\n") * 64   # about 64 KiB of generated markup
        sent = 0
        while sent < HUGE_BYTES and not self.head_only:
            part = chunk[: HUGE_BYTES - sent]
            self.wfile.write(part)
            sent += len(part)


def _bad_utf8(h: Handler, hits: int, base: str) -> None:
    page = fault_article("bad-utf8").replace(b"published a timetable", b"published a \xff\xfe timetable")
    h.send(200, page, "text/html; charset=utf-8")


FAULT_ROUTES = {
    "index.html": lambda h, hits, base: h.send(200, fault_index(base)),
    "flaky.html": lambda h, hits, base: h.send(500, b"<h1>500</h1>") if hits == 1 else h.send(200, fault_article("flaky")),
    "down.html": lambda h, hits, base: h.send(503, b"<h1>503 Service Unavailable</h1>"),
    "busy.html": lambda h, hits, base: (h.send(429, b"<h1>429</h1>", headers={"Retry-After": "1"}) if hits == 1
                                        else h.send(200, fault_article("busy"))),
    "slow.html": lambda h, hits, base: h.slow(parse_qs(urlsplit(h.path).query)),
    "loop-a.html": lambda h, hits, base: h.send(302, b"", headers={"Location": f"{base}{FAULTS}loop-b.html"}),
    "loop-b.html": lambda h, hits, base: h.send(302, b"", headers={"Location": f"{base}{FAULTS}loop-a.html"}),
    "gone.html": lambda h, hits, base: h.not_found(),
    "bad-utf8.html": _bad_utf8,
    "truncated.html": lambda h, hits, base: h.truncated(),
    "annual-report-2025-11.pdf": lambda h, hits, base: h.send(200, minimal_pdf(), "application/pdf"),
    "huge.html": lambda h, hits, base: h.huge(),
}


# ---------------------------------------------------------------- server

class SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128      # a crawler opening connections in bursts must not see connect timeouts
    site: "SiteServer"


class SiteServer:
    """A running server: `.base_url`, `.requests` (a copy of the log), `.close()`; a context manager."""

    def __init__(self, root: str | Path, port: int = 0, host: str = HOST):
        if host != HOST:
            raise ValueError("the development server only listens on 127.0.0.1")
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"no site folder at {root}")
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._log: list[dict] = []
        self._hits: Counter = Counter()
        try:
            self.httpd = SiteHTTPServer((host, port), Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(f"port {port} on {host} is already in use") from None
            raise
        self.httpd.site = self
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"devserver:{self.port}", daemon=True)
        self._thread.start()

    # -- the log
    def record(self, method: str, path: str, headers: dict, status: int) -> None:
        with self._lock:
            self._log.append({"method": method, "path": path, "headers": headers, "status": status,
                              "time": time.time()})

    @property
    def requests(self) -> list[dict]:
        """Every request answered so far, oldest first (a copy)."""
        with self._lock:
            return list(self._log)

    def paths(self, method: str = "GET") -> Counter:
        """How many times each path was requested."""
        return Counter(r["path"] for r in self.requests if r["method"] == method)

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    def hit(self, name: str) -> int:
        """Count a request to a fault route; returns how many it has had, this one included."""
        with self._lock:
            self._hits[name] += 1
            return self._hits[name]

    def reset_faults(self) -> None:
        with self._lock:
            self._hits.clear()

    # -- files
    def resolve(self, path: str) -> Optional[Path]:
        """The file under root for a URL path (a folder gives its index.html); None outside root."""
        target = (self.root / path.lstrip("/")).resolve()
        if target != self.root and self.root not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    # -- life cycle
    def close(self) -> None:
        """Stop serving and release the port (slow responses are cut short)."""
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "SiteServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def serve_site(root: str | Path, port: int = 0) -> SiteServer:
    """Start serving `root` on 127.0.0.1:`port` (0 = a free port) in a background thread."""
    return SiteServer(root, port)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.devserver", description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="samples/site", help="folder to serve (default: samples/site)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = any free port)")
    args = parser.parse_args(argv)
    try:
        server = serve_site(args.root, args.port)
    except (PortInUse, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"serving {server.root} at {server.base_url} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
