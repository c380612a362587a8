"""The crawl benchmark's peer: a plain Scrapy spider with trafilatura, what a user would write.

It reads the sitemap, fetches every page, extracts the main text with trafilatura
(the options crawler/parsers.py uses, so the ratio measures everything else:
metadata, dedup, reprint clusters, storage) and writes JSON lines.  Run as a
process of its own (Twisted's reactor starts once per process):

    python -m bench._crawl_peer SITEMAP_URL OUT.jsonl CONCURRENCY
"""
from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    import trafilatura
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiders import SitemapSpider

    sitemap, out, concurrency = argv[0], argv[1], int(argv[2])

    class PlainSpider(SitemapSpider):
        name = "plain"
        sitemap_urls = [sitemap]

        def parse(self, response):
            # crawler/parsers.py's first pass (its fallback to a full extraction on short pages aside)
            text = trafilatura.extract(response.text, url=response.url, include_comments=False, include_tables=True,
                                       deduplicate=False, favor_precision=False, fast=True, output_format="txt")
            yield {"url": response.url, "title": response.css("title::text").get(), "text": text}

    process = CrawlerProcess({
        "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency, "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False,
        "FEEDS": {out: {"format": "jsonlines", "encoding": "utf8"}},
    })
    process.crawl(PlainSpider)
    process.start()


if __name__ == "__main__":
    main(sys.argv[1:])
