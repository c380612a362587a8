"""A small HTTP server on 127.0.0.1 whose answers a test writes: hostile feeds, redirects out,
robots.txt that fails, articles that fail once.  Every request is logged."""
from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Union
from urllib.parse import urlsplit

Answer = Union[tuple, Callable[["Handler", int], tuple]]   # (status, headers, body) or f(handler, hit) -> that


def page(title: str, *paragraphs: str, published: str = "2026-11-20T09:00:00+05:00") -> bytes:
    """A small, well-formed article page (text written for the tests)."""
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<meta property=\"article:published_time\" content=\"{published}\"></head><body><article>"
            f"<h1>{title}</h1>\n{body}</article></body></html>\n").encode("utf-8")


def rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>Item {i}</title><link>{url}</link></item>" for i, url in enumerate(links))
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Test feed</title>"
            f"{items}</channel></rss>").encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        owner = self.server.owner
        hit = owner.hit(path, dict(self.headers.items()))
        answer = owner.routes.get(path, (404, {}, b"not here"))
        status, headers, body = answer(self, hit) if callable(answer) else answer
        if status == 200 and owner.validators:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            headers = {"ETag": etag, "Last-Modified": email.utils.formatdate(owner.started, usegmt=True), **headers}
        try:
            self.send_response(status)
            headers = {"Content-Type": "text/html; charset=utf-8", **headers}
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: "HostileServer"


class HostileServer:
    """`routes[path] = (status, headers, body)` or a callable(handler, hit number); `.log` of (path, headers)."""

    def __init__(self, routes: dict[str, Answer] | None = None, validators: bool = True):
        self.routes: dict[str, Answer] = dict(routes or {})
        self.validators = validators            # answer conditional GETs with 304 (by ETag)
        self.started = time.time() - 3600
        self._lock = threading.Lock()
        self.log: list[tuple[str, dict]] = []
        self._hits: dict[str, int] = {}
        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def hit(self, path: str, headers: dict) -> int:
        with self._lock:
            self.log.append((path, headers))
            self._hits[path] = self._hits.get(path, 0) + 1
            return self._hits[path]

    def paths(self) -> list[str]:
        with self._lock:
            return [p for p, _ in self.log]

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "HostileServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def sources_file(tmp_path, entries: list[str]) -> str:
    """A sources file of the given YAML entries (each one source, indented as a list item)."""
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n" + "".join(entries), encoding="utf-8")
    return str(path)


def source(sid: str, homepage: str, feeds: list[str], extra: str = "") -> str:
    feeds_yaml = ", ".join(f"'{f}'" for f in feeds)
    return (f"  - id: {sid}\n    name: {sid}\n    homepage: '{homepage}'\n    country: KZ\n    languages: [en]\n"
            f"    feeds: [{feeds_yaml}]\n{extra}")
