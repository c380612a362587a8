"""Crawl benchmark: a generated local site of 2,000 article pages, crawled with extraction, dedup
and storage on; polite delays off (this server is ours).  Prints pages/s and peak memory.

    python -m bench crawl                      # or: python -m bench.crawl --pages 500
"""
from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crawl", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=1,
                        help="requests at a time to the server (default 1, the polite setting; only delays are off)")
    args = parser.parse_args(argv)

    from crawler.devserver import serve_site
    from crawler.run import run_crawl
    from crawler.sources import load_sources
    from icic.config import load_config

    config = load_config()
    config = config.model_copy(update={"crawl": config.crawl.model_copy(update={
        "download_delay": 0.0, "autothrottle": False, "concurrent_per_domain": args.concurrency, "timeout": 30.0,
        "first_crawl_max_pages": 0})})   # all 2,000 pages, though it is the source's first crawl
    with tempfile.TemporaryDirectory(prefix="icic-bench-") as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        t0 = time.perf_counter()
        build_site(root, args.pages)
        print(f"site: {args.pages} article pages generated in {time.perf_counter() - t0:.1f}s", flush=True)
        with serve_site(root) as site:
            sources = load_sources(sources_file(root), base=site.base_url)
            t0 = time.perf_counter()
            stats = run_crawl(config, Path(tmp) / "bench.sqlite", sources)
            elapsed = time.perf_counter() - t0
            requests = len(site.requests)
    totals = stats["totals"]
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = child.ru_maxrss / 1024
    cpu = child.ru_utime + child.ru_stime
    print(f"crawl: {totals['fetched']} articles fetched, {totals['new']} stored, {totals['duplicates']} exact and "
          f"{totals['near_duplicates']} near duplicates, {requests} requests, errors {totals['errors'] or 'none'}")
    print(f"speed: {totals['fetched'] / elapsed:.1f} pages/s ({elapsed:.1f}s wall, process start included; "
          f"concurrency {args.concurrency}, delays off)")
    print(f"cpu: {cpu:.1f}s in the crawler process = {totals['fetched'] / cpu:.1f} pages per CPU-second "
          f"(the figure to compare on a busy machine; the server runs in this process)")
    print(f"memory: peak RSS of the crawler process {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
