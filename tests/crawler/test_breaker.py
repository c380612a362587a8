"""The circuit breaker per host, against real sockets on 127.0.0.1: a closed port refuses every
connection, a `.invalid` host has no DNS entry.  Bounded: every crawl here has a timeout."""
from __future__ import annotations

import contextlib
import io
import socket

import pytest
from click.testing import CliRunner

from crawlhelpers import SITE, crawl_site

pytestmark = pytest.mark.slow
FEEDS = 12


_HELD: list[socket.socket] = []


def closed_port() -> int:
    """A port on 127.0.0.1 that refuses every connection: bound and never listened on, and kept bound
    until the tests end, so no other process on the machine can take it meanwhile (a released port
    was taken once by a server of a test running beside these)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    _HELD.append(sock)
    return sock.getsockname()[1]


def dead_sources(tmp_path, live_base: str | None = None):
    port = closed_port()
    feeds = ", ".join(f"'http://127.0.0.1:{port}/feed/{i}.xml'" for i in range(FEEDS))
    dns_feeds = ", ".join(f"'http://news.unreachable-outlet.invalid/rss/{i}'" for i in range(FEEDS))
    text = f"""
sources:
  - id: closed-port
    name: Closed Port
    homepage: 'http://127.0.0.1:{port}/'
    country: KZ
    languages: [ru]
    feeds: [{feeds}]
  - id: no-dns
    name: No DNS
    homepage: 'http://news.unreachable-outlet.invalid/'
    country: UZ
    languages: [uz]
    feeds: [{dns_feeds}]
"""
    if live_base:
        text += f"""
  - id: steppe-herald
    name: Steppe Herald
    homepage: '{live_base}/steppe-herald/'
    country: KZ
    languages: [ru]
    feeds: ['{live_base}/steppe-herald/feeds/rss.xml']
"""
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_dead_hosts_are_given_up_once_and_live_ones_crawled(tmp_path):
    from crawler.devserver import serve_site

    log = io.StringIO()
    with serve_site(SITE) as site, contextlib.redirect_stderr(log):
        stats = crawl_site(site, tmp_path / "kb.sqlite", dead_sources(tmp_path, site.base_url))
    rows, lines = stats["sources"], log.getvalue().splitlines()
    assert rows["steppe-herald"]["new"] > 0
    closed, dns = rows["closed-port"], rows["no-dns"]
    # at most the requests that were under way when the circuit opened failed; the rest were skipped
    assert closed["skipped_host"] >= FEEDS - 3 and sum(closed["errors"].values()) <= 3
    assert dns["skipped_host"] >= FEEDS - 3 and sum(dns["errors"].values()) <= 3
    closed_lines = [l for l in lines if "in a row failed" in l]
    dns_lines = [l for l in lines if "news.unreachable-outlet.invalid: DNS failed" in l]
    assert len(closed_lines) == 1 and f"{closed['skipped_host']} requests skipped" in closed_lines[0]
    assert len(dns_lines) == 1 and dns_lines[0].endswith(f"DNS failed, {dns['skipped_host']} requests skipped")
    assert len([l for l in lines if "unreachable-outlet.invalid/rss/" in l]) <= 3    # not one line per URL


def test_crawl_exits_non_zero_when_no_source_is_reached(tmp_path):
    from icic.cli import cli

    result = CliRunner().invoke(cli, ["crawl", "--db", str(tmp_path / "kb.sqlite"), "--sources",
                                      str(dead_sources(tmp_path)), "--no-delay"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "no source could be reached: closed-port: " in result.output
    assert "no-dns: dns" in result.output and "requests skipped" in result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("no-dns"))
    assert row.split(None, 8)[-1] == f"dns 1; {FEEDS} skipped (host down)"


def test_unreached_sources_reads_the_stats():
    from crawler.stats import unreached_sources

    stats = {"sources": {"a": {"fetched": 0, "routes": 0, "errors": {"dns": 1}, "skipped_host": 5},
                         "b": {"fetched": 0, "routes": 0, "errors": {"http_404": 1}},
                         "c": {"fetched": 3, "routes": 1, "errors": {}}}}
    assert unreached_sources(stats, ["a", "b", "c", "d"]) == {"a": "dns 1, 5 requests skipped",
                                                             "d": "nothing fetched"}


def test_icic_run_with_no_network_stops_after_the_crawl(tmp_path):
    """`icic run` with every host dead: the crawl gives up each host at once and the run stops there,
    non-zero, with no digest of nothing."""
    from icic.cli import cli

    config = tmp_path / "icic.yaml"
    config.write_text(f"kb: {{path: '{tmp_path / 'kb.sqlite'}'}}\nsources: '{dead_sources(tmp_path)}'\n"
                      f"crawl: {{download_delay: 0.0, autothrottle: false, retry_backoff: 0.1}}\n"
                      f"digest: {{out_dir: '{tmp_path / 'out'}'}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "run", "--dry-run"], catch_exceptions=False)
    assert result.exit_code == 1 and "no source could be reached" in result.output
    assert not (tmp_path / "out").exists()
