"""A shared frontier on a real redis-server: two crawler processes fetch every article once between them."""
from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest

from crawlhelpers import DEMO_SOURCES, SITE, fast_config, manifest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (scripts/install-system.sh installs it)")
    port = free_port()
    proc = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(100):                         # up to 10 s for the server to answer
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("redis-server did not start")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_two_processes_share_one_frontier(redis_url, tmp_path):
    from crawler.devserver import serve_site
    from crawler.run import run_crawl
    from crawler.sources import load_sources

    results, errors = {}, []
    with serve_site(SITE) as site:
        sources = load_sources(DEMO_SOURCES, base=site.base_url)

        def crawl(name):
            try:   # each process has its own KB: only the frontier can keep them from fetching twice
                results[name] = run_crawl(fast_config(), tmp_path / f"{name}.sqlite", sources,
                                          frontier=redis_url, timeout=180)
            except Exception as exc:  # reported below, with the thread's name
                errors.append(f"{name}: {exc!r}")

        threads = [threading.Thread(target=crawl, args=(n,)) for n in ("one", "two")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240)
        log = site.requests
    assert not errors
    articles = {a["url"] for a in manifest()}
    counts = Counter(urlsplit(r["path"]).path for r in log if urlsplit(r["path"]).path in articles)
    assert set(counts) == articles
    assert max(counts.values()) == 1                               # exactly once between them
    assert not [r for r in log if r["path"].startswith("/private/")]   # robots.txt holds in both
    stored = sum(results[n]["totals"]["new"] for n in ("one", "two"))
    assert stored == len(articles)


def test_frontier_url_is_validated():
    from icic.config import ConfigError, load_config

    with pytest.raises(ConfigError, match="frontier must be a redis:// URL"):
        load_config(_write_config({"crawl": {"frontier": "http://x"}}))


def _write_config(data):
    import tempfile

    import yaml

    handle = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    yaml.safe_dump(data, handle)
    handle.close()
    return handle.name
