"""Crawl benchmark: a generated local site of 2,000 article pages, crawled with extraction, dedup
and storage on; polite delays off (this server is ours).  Prints pages/s and peak memory beside a
plain Scrapy spider with trafilatura on the same site, in rounds taken in turn (medians).

    python -m bench crawl                      # or: python -m bench.crawl --pages 500 --rounds 5
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from pathlib import Path

WORDS = ("border trade centre customs terminal warehouse investor residents railway cargo corridor "
         "ministry region district akimat khokimiyat agreement contract supply textile cotton grain "
         "logistics export import tariff road bridge checkpoint visitors market factory plant energy "
         "water construction schedule opening launch phase hectares million billion dollars tenge sum "
         "officials reported announced signed approved expected planned delayed completed begun").split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 18))]
    return " ".join(words).capitalize() + "."


def article_page(n: int, rng: random.Random, base_text: str | None = None) -> str:
    """One article page with boilerplate around 5 paragraphs (or a near copy of `base_text`)."""
    paragraphs = base_text.split("\n") if base_text else [" ".join(sentence(rng) for _ in range(4)) for _ in range(5)]
    if base_text:
        paragraphs[0] = sentence(rng) + " " + paragraphs[0]          # a reprint's new lead sentence
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    day = 1 + n % 28
    nav = "".join(f"<li><a href='/section/{i}.html'>Section {i}</a></li>" for i in range(12))
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Story {n} | Bench Times</title>"
            f"<meta property='og:title' content='Story number {n}'>"
            f"<meta property='article:published_time' content='2026-10-{day:02d}T10:00:00+05:00'>"
            f"<meta name='author' content='Reporter {n % 17}'>"
            f"<link rel='canonical' href='__BASE__/news/2026/10/{day:02d}/story-{n}.html'></head>"
            f"<body><header><ul>{nav}</ul></header><main><article><h1>Story number {n}</h1>{body}"
            f"</article></main><footer><p>Bench Times, all rights reserved.</p></footer></body></html>"), \
        "\n".join(paragraphs)


def build_site(root: Path, pages: int, seed: int = 7) -> list[str]:
    """Write `pages` articles (2 % of them reprints of an earlier one), a sitemap and robots.txt."""
    rng = random.Random(seed)
    paths, texts = [], []
    for n in range(pages):
        base_text = texts[rng.randrange(len(texts))] if texts and rng.random() < 0.02 else None
        html, text = article_page(n, rng, base_text)
        day = 1 + n % 28
        path = f"news/2026/10/{day:02d}/story-{n}.html"
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(html, encoding="utf-8")
        paths.append(path)
        texts.append(text)
    urls = "".join(f"<url><loc>__BASE__/{p}</loc></url>" for p in paths)
    (root / "sitemap.xml").write_text(f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                                      f"sitemap/0.9'>{urls}</urlset>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    return paths


def sources_file(root: Path) -> Path:
    path = root.parent / "bench-sources.yaml"
    path.write_text("sources:\n  - id: bench-times\n    name: Bench Times\n    homepage: '{base}/'\n"
                    "    country: KZ\n    languages: [en]\n    sitemaps: ['{base}/sitemap.xml']\n", encoding="utf-8")
    return path


def crawl_peer(sitemap: str, out: Path, concurrency: int) -> dict:
    """Run the peer spider in a process of its own; pages, wall and CPU seconds, requests it made."""
    import subprocess
    import sys

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench._crawl_peer", sitemap, str(out), str(concurrency)], check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    pages = sum(1 for line in out.open(encoding="utf-8") if line.strip())
    return {"pages": pages, "wall": wall, "requests": pages + 2,   # + robots.txt and the sitemap
            "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime}


def crawl_ours(config, db: Path, sources) -> dict:
    """One crawl by crawler/ into a fresh KB: its totals, wall and CPU seconds of the crawler process, peak RSS."""
    from crawler.run import run_crawl

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    stats = run_crawl(config, db, sources)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"totals": stats["totals"], "pages": stats["totals"]["fetched"], "wall": wall,
            "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
            "peak_mb": after.ru_maxrss / 1024}


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crawl", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=1,
                        help="requests at a time to the server (default 1, the polite setting; only delays are off)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of peer and crawler/ in turn (default 3): the ratio is of the medians, "
                             "so a burst of load on a shared machine moves it less")
    args = parser.parse_args(argv)

    from crawler.devserver import serve_site
    from crawler.sources import load_sources
    from icic.config import load_config

    config = load_config()
    config = config.model_copy(update={"crawl": config.crawl.model_copy(update={
        "download_delay": 0.0, "autothrottle": False, "concurrent_per_domain": args.concurrency, "timeout": 30.0,
        "first_crawl_max_pages": 0})})   # all 2,000 pages, though it is the source's first crawl
    peers, ours = [], []
    with tempfile.TemporaryDirectory(prefix="icic-bench-") as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        t0 = time.perf_counter()
        build_site(root, args.pages)
        print(f"site: {args.pages} article pages generated in {time.perf_counter() - t0:.1f}s; load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        with serve_site(root) as site:
            sources = load_sources(sources_file(root), base=site.base_url)
            for n in range(args.rounds):
                # the peer first in even rounds, crawler/ first in odd ones: neither always meets the same load
                order = ("peer", "ours") if n % 2 == 0 else ("ours", "peer")
                for who in order:
                    if who == "peer":
                        peers.append(crawl_peer(site.base_url + "/sitemap.xml", Path(tmp) / f"peer-{n}.jsonl",
                                                args.concurrency))
                    else:
                        seen = len(site.requests)
                        ours.append(crawl_ours(config, Path(tmp) / f"bench-{n}.sqlite", sources))
                        ours[-1]["requests"] = len(site.requests) - seen
                print(f"  round {n + 1}: crawler/ {ours[-1]['pages'] / ours[-1]['wall']:.1f} pages/s, peer "
                      f"{peers[-1]['pages'] / peers[-1]['wall']:.1f}; load average {os.getloadavg()[0]:.1f}", flush=True)
    report(ours, peers, args.concurrency)


def report(ours: list[dict], peers: list[dict], concurrency: int) -> None:
    """The last crawl's counts, then medians of pages/s (wall and per CPU-second) of each side, and their ratios."""
    totals, last = ours[-1]["totals"], ours[-1]
    print(f"crawl: {totals['fetched']} articles fetched, {totals['new']} stored, {totals['duplicates']} exact and "
          f"{totals['near_duplicates']} near duplicates, {last['requests']} requests, errors {totals['errors'] or 'none'}")
    wall = median([r["pages"] / r["wall"] for r in ours])
    cpu = median([r["pages"] / r["cpu"] for r in ours])
    print(f"speed: {wall:.1f} pages/s (median of {len(ours)}; process start included; concurrency {concurrency}, "
          f"delays off)")
    print(f"cpu: {cpu:.1f} pages per CPU-second of the crawler process (median; the figure to compare on a busy "
          f"machine; the server runs in this process)")
    print(f"memory: peak RSS of the crawler process {max(r['peak_mb'] for r in ours):.0f} MB")
    peer_wall = median([r["pages"] / r["wall"] for r in peers])
    peer_cpu = median([r["pages"] / r["cpu"] for r in peers])
    print(f"peer: plain Scrapy spider + trafilatura (bench/_crawl_peer.py), {peers[-1]['pages']} pages, "
          f"{peer_wall:.1f} pages/s wall, {peer_cpu:.1f} per CPU-second (medians)")
    print(f"ratio: {wall / peer_wall:.2f} wall, {cpu / peer_cpu:.2f} CPU (goal >= 0.95); load average "
          f"{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
