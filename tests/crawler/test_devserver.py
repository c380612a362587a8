"""The development server: placeholder, content types, conditional GET, the request log, faults."""
from __future__ import annotations

import http.client
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from crawler.devserver import HUGE_BYTES, PortInUse, serve_site


@pytest.fixture
def tiny(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(b"<a href='__BASE__/a/b.html'>b</a>")
    (tmp_path / "feed.xml").write_bytes(b"<rss><channel><link>__BASE__/</link></channel></rss>")
    (tmp_path / "cp.html").write_bytes("<p>Привет</p>".encode("cp1251"))
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4 __BASE__")
    with serve_site(tmp_path) as site:
        yield site


def get(url, headers=None, timeout=10):
    """(status, headers, body) of one GET; HTTP errors are answers too."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_placeholder_replaced_in_text_files_only(tiny):
    assert get(tiny.base_url + "/a/")[2] == f"<a href='{tiny.base_url}/a/b.html'>b</a>".encode()
    assert tiny.base_url.encode() in get(tiny.base_url + "/feed.xml")[2]
    assert get(tiny.base_url + "/doc.pdf")[2] == b"%PDF-1.4 __BASE__"


@pytest.mark.parametrize("path, ctype", [("/cp.html", "text/html"), ("/feed.xml", "application/xml"),
                                         ("/doc.pdf", "application/pdf")])
def test_content_type_by_extension_without_charset_for_html(tiny, path, ctype):
    assert get(tiny.base_url + path)[1]["Content-Type"] == ctype


def test_conditional_get_answers_304(tiny):
    status, headers, _ = get(tiny.base_url + "/feed.xml")
    assert status == 200 and headers["ETag"] and headers["Last-Modified"]
    assert get(tiny.base_url + "/feed.xml", {"If-None-Match": headers["ETag"]})[0] == 304
    assert get(tiny.base_url + "/feed.xml", {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert get(tiny.base_url + "/feed.xml", {"If-None-Match": '"other"'})[0] == 200


def test_request_log_records_method_path_headers_status(tiny):
    get(tiny.base_url + "/a/index.html?x=1", {"User-Agent": "probe/1"})
    get(tiny.base_url + "/missing.html")
    log = tiny.requests
    assert [(r["method"], r["path"], r["status"]) for r in log] == [
        ("GET", "/a/index.html?x=1", 200), ("GET", "/missing.html", 404)]
    assert log[0]["headers"]["User-Agent"] == "probe/1"
    tiny.clear_log()
    assert tiny.requests == []


def test_no_file_outside_root(tiny):
    conn = http.client.HTTPConnection("127.0.0.1", tiny.port, timeout=5)
    conn.request("GET", "/../../etc/passwd")
    assert conn.getresponse().status == 404


def test_port_in_use_is_a_clear_error(tiny):
    with pytest.raises(PortInUse, match=f"port {tiny.port} on 127.0.0.1 is already in use"):
        serve_site(tiny.root, tiny.port)


@pytest.mark.parametrize("route, statuses", [
    ("flaky.html", [500, 200]), ("down.html", [503, 503]), ("gone.html", [404, 404]), ("busy.html", [429, 200]),
])
def test_fault_routes_answer_in_sequence(tiny, route, statuses):
    assert [get(f"{tiny.base_url}/_faults/{route}")[0] for _ in statuses] == statuses


def test_busy_route_sends_retry_after(tiny):
    assert get(tiny.base_url + "/_faults/busy.html")[1]["Retry-After"] == "1"


def test_redirect_loop(tiny):
    conn = http.client.HTTPConnection("127.0.0.1", tiny.port, timeout=5)
    conn.request("GET", "/_faults/loop-a.html")
    first = conn.getresponse()
    first.read()
    assert first.status == 302 and first.headers["Location"].endswith("/_faults/loop-b.html")
    conn.request("GET", "/_faults/loop-b.html")
    assert conn.getresponse().headers["Location"].endswith("/_faults/loop-a.html")


def test_invalid_utf8_and_pdf(tiny):
    status, headers, body = get(tiny.base_url + "/_faults/bad-utf8.html")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert get(tiny.base_url + "/_faults/annual-report-2025-11.pdf")[2].startswith(b"%PDF")


def test_truncated_body_is_shorter_than_announced(tiny):
    conn = http.client.HTTPConnection("127.0.0.1", tiny.port, timeout=5)
    conn.request("GET", "/_faults/truncated.html")
    response = conn.getresponse()
    with pytest.raises(http.client.IncompleteRead):
        response.read()


def test_huge_page_is_generated(tiny):
    conn = http.client.HTTPConnection("127.0.0.1", tiny.port, timeout=10)
    conn.request("HEAD", "/_faults/huge.html")
    assert int(conn.getresponse().headers["Content-Length"]) == HUGE_BYTES == 20 * 1024 * 1024


def test_slow_route_times_out_a_short_client(tiny):
    with pytest.raises(OSError):
        urllib.request.urlopen(tiny.base_url + "/_faults/slow.html?seconds=3", timeout=0.5)


def test_command_line_serves_and_reports_busy_port(tiny, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "crawler.devserver", "--port", str(tiny.port), "--root",
                           str(tiny.root)], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and "already in use" in proc.stderr
    child = subprocess.Popen([sys.executable, "-m", "crawler.devserver", "--port", "0", "--root", str(tiny.root)],
                             stdout=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        base = line.split(" at ")[1].split()[0]
        assert get(base + "/feed.xml")[0] == 200
    finally:
        child.terminate()
        child.wait(timeout=10)
