"""Scrapy settings of the ICIC crawler.

The module holds the defaults Scrapy reads (`scrapy.cfg` points here);
`crawl_settings` turns the `crawl` section of the ICIC configuration into the
settings of one run.  Politeness is explicit: robots.txt, one request per
domain at a time, a minimum delay plus AutoThrottle, a User-Agent with a
contact URL, retries with backoff that honour Retry-After, a size limit.
"""
from __future__ import annotations

from typing import Optional

BOT_NAME = "icic"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
# Items per response processed in parallel.  Scrapy starts this many asyncio tasks for every
# callback's output; the KB pipeline is synchronous, so 100 (the default) only costs time.
CONCURRENT_ITEMS = 4
# Scrapy reads a generator callback's source (inspect + ast) to warn about a `return value` in it; its
# cache is keyed by the bound method, a new object per request, so it re-parsed parse_article for
# nearly every page (~5 % of a crawl's CPU).  The spiders' callbacks return no values.
WARN_ON_GENERATOR_RETURN_VALUE = False
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5            # ±50 % around the delay, as browsers do
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10_000_000
DOWNLOAD_WARNSIZE = 0
DOWNLOAD_FAIL_ON_DATALOSS = True
REDIRECT_MAX_TIMES = 10
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
# The same log format as the icic CLI (icic.cli.base.LOG_FORMAT): the child's lines are relayed to its stderr.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_DATEFORMAT = "%Y-%m-%d %H:%M:%S"
LOG_INSTALL_ROOT_HANDLER = True
USER_AGENT = "ICIC-Monitor/0.1 (+https://github.com/icic-monitor/icic-monitor)"
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,*/*;q=0.8",
    "Accept-Language": "ru,kk;q=0.9,uz;q=0.8,en;q=0.7",
}
# Only the web: no handler for file:, data:, ftp: or s3: URLs, whatever a feed links to (crawler.urlpolicy).
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
DOWNLOADER_MIDDLEWARES = {
    "crawler.urlpolicy.UrlPolicyMiddleware": 50,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.RFC9309RobotsMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.ConditionalGetMiddleware": 560,
    "crawler.breaker.HostCircuitBreaker": 570,        # its process_exception runs before the retries'
    "crawler.middlewares.RedirectLoopMiddleware": 650,
}
ITEM_PIPELINES = {"crawler.pipelines.KBPipeline": 300}

# ICIC's own settings (prefixed).
ICIC_DB = None                       # knowledge base file
ICIC_RUN_ID = 0                      # crawl_runs row to report into (0 = create one)
ICIC_RETRY_BACKOFF = 1.0             # seconds, doubled per retry when there is no Retry-After
ICIC_RETRY_MAX_DELAY = 60.0          # never wait longer than this before a retry
ICIC_PENDING_BACKOFF = 900.0         # seconds before a failed article is asked for again (doubled per attempt)
ICIC_REPRINT_THRESHOLD = 0.5         # MinHash Jaccard at which two texts are one story
ICIC_MINHASH_PERMUTATIONS = 128
ICIC_BREAKER_ENABLED = True          # give up a host for the run after a DNS failure or …
ICIC_BREAKER_FAILURES = 3            # … this many connection failures in a row


def crawl_settings(crawl: dict, *, db: str, run_id: int, frontier: Optional[str] = None) -> dict:
    """Settings for one run from the configuration's `crawl` section (a dict of CrawlConfig)."""
    delay = float(crawl["download_delay"])
    settings = {
        "ROBOTSTXT_OBEY": bool(crawl["obey_robots"]),
        "CONCURRENT_REQUESTS_PER_DOMAIN": int(crawl["concurrent_per_domain"]),
        "DOWNLOAD_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if delay > 0 else 0,
        "AUTOTHROTTLE_ENABLED": bool(crawl["autothrottle"]),
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
        "USER_AGENT": _user_agent(crawl["user_agent"], crawl["contact_url"]),
        "DOWNLOAD_TIMEOUT": float(crawl["timeout"]),
        "RETRY_TIMES": int(crawl["retry_times"]),
        "DOWNLOAD_MAXSIZE": int(crawl["max_page_bytes"]),
        "LOG_LEVEL": crawl.get("log_level", "WARNING"),
        "ICIC_DB": db,
        "ICIC_RUN_ID": run_id,
    }
    for key, name in (("retry_backoff", "ICIC_RETRY_BACKOFF"), ("retry_max_delay", "ICIC_RETRY_MAX_DELAY"),
                      ("reprint_threshold", "ICIC_REPRINT_THRESHOLD"), ("breaker_failures", "ICIC_BREAKER_FAILURES"),
                      ("pending_backoff", "ICIC_PENDING_BACKOFF")):
        if crawl.get(key) is not None:
            settings[name] = crawl[key]
    if frontier:
        settings.update(frontier_settings(frontier))
    return settings


def _user_agent(agent: str, contact: str) -> str:
    """The configured User-Agent, with the contact URL added when it does not name it already."""
    return agent if contact in agent else f"{agent} (+{contact})"


def frontier_settings(url: str) -> dict:
    """scrapy-redis scheduler and seen-set on the Redis at `url`, shared by every crawler process.

    The queue and seen-set persist when a process ends, so the others go on; discovery routes
    bypass the seen-set (they are re-read every run) and articles are fetched once."""
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": "icic:%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": "icic:%(spider)s:dupefilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "REDIS_URL": url,
    }
