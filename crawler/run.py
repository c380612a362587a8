"""Running a crawl: `run_crawl` starts Scrapy in a child process and follows it through the KB.

Twisted's reactor starts once per process, so every crawl gets a fresh
process (`python -m crawler.run JOB.json`); the parent watches the run's
stats in `crawl_runs` for progress and reads the final figures from there.
"""
from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, NoReturn, Optional, Sequence

from crawler import children
from kb import open_db
from kb.store import crawl_run, relevant_by_source, start_crawl_run, update_crawl_run

if TYPE_CHECKING:   # the child, which crawls, never needs the sources' models (pydantic, ~60 ms of its start)
    from crawler.sources import Source

POLL_SECONDS = 0.5


class CrawlError(Exception):
    """The crawler process failed; the message carries the end of its log."""


def _config_parts(config) -> tuple[dict, Optional[Path], Path]:
    """(crawl section as a dict, topic file, sources file) from an icic Config."""
    return config.crawl.model_dump(), config.topic_path(), config.sources_path()


def write_job(path: Path, *, crawl: dict, db: str, run_id: int, sources: Sequence[Source], terms: list[str],
              frontier: Optional[str], max_pages: int) -> None:
    """The child's instructions as a JSON file."""
    job = {"crawl": crawl, "db": str(db), "run_id": run_id, "sources": [s.model_dump() for s in sources],
           "terms": terms, "frontier": frontier, "max_pages": max_pages}
    path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")


def run_crawl(config, db_path: str | os.PathLike, sources: Optional[Sequence[Source] | str | os.PathLike] = None,
              *, frontier: Optional[str] = None, progress: Optional[Callable[[dict], None]] = None,
              max_pages: Optional[int] = None, timeout: Optional[float] = None) -> dict:
    """Crawl `sources` (default: the configured sources file) into the KB at `db_path`.

    Returns the run's stats: {"run_id", "status", "sources": {id: {fetched, new, updated,
    duplicates, relevant, errors: {kind: n}, …}}, "totals": {…}}.  `progress(stats)` is called
    while the crawl runs; `timeout` (seconds) stops it (the run is then marked "timeout")."""
    from crawler.sources import load_sources, topic_terms

    crawl, topic, default_sources = _config_parts(config)
    if sources is None or isinstance(sources, (str, os.PathLike)):
        sources = load_sources(sources or default_sources)
    db = open_db(db_path)
    run_id = start_crawl_run(db)
    with tempfile.TemporaryDirectory(prefix="icic-crawl-") as tmp:
        job = Path(tmp) / "job.json"
        write_job(job, crawl=crawl, db=str(db_path), run_id=run_id, sources=sources,
                  terms=topic_terms(topic) if any(s.search for s in sources) else [],
                  frontier=frontier or crawl.get("frontier"),
                  max_pages=crawl.get("max_pages", 0) if max_pages is None else max_pages)
        code, tail = _follow(job, db, run_id, progress, timeout)
    row = crawl_run(db, run_id)
    if row["status"] == "running":  # the child ended without closing its run: it failed to start or died
        update_crawl_run(db, run_id, row["stats"], "timeout" if code == "timeout" else "failed")
        if code != "timeout":
            raise CrawlError(f"the crawler process ended (exit {code}) without finishing its run: "
                             + " | ".join(tail[-5:]))
    elif code not in (0, "timeout"):
        raise CrawlError(f"the crawler process exited with {code}: " + " | ".join(tail[-5:]))
    return summary(db, run_id)


def _follow(job: Path, db, run_id: int, progress, timeout: Optional[float]):
    """Run the child, relay its log to stderr (keeping the tail), report progress; (exit code, tail)."""
    # preexec: the crawler dies with this process; close_fds=False: it keeps our inheritable descriptors,
    # which are only the run lock's (icic.lock), so the lock lasts as long as the crawler
    proc = subprocess.Popen([sys.executable, "-m", "crawler.run", str(job)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                            preexec_fn=children.preexec(signal.SIGTERM), close_fds=False)
    tail: collections.deque = collections.deque(maxlen=50)

    def relay():
        for line in proc.stderr:
            tail.append(line.rstrip())
            sys.stderr.write(line)

    reader = threading.Thread(target=relay, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout if timeout else None
    code = None
    while code is None:
        try:
            code = proc.wait(timeout=POLL_SECONDS)
        except subprocess.TimeoutExpired:
            if deadline and time.monotonic() > deadline:
                proc.terminate()
                proc.wait(timeout=30)
                code = "timeout"
        if progress:
            progress(crawl_run(db, run_id)["stats"])
    reader.join(timeout=5)
    return code, list(tail)


def summary(db, run_id: int) -> dict:
    """A run's stats with its status and the relevant count per source (known after processing)."""
    row = crawl_run(db, run_id)
    stats = row["stats"] or {}
    stats.setdefault("sources", {})
    stats.setdefault("totals", {})
    relevant = relevant_by_source(db, run_id)
    for sid, counts in stats["sources"].items():
        counts["relevant"] = relevant.get(sid, 0)
    stats["totals"]["relevant"] = sum(relevant.values())
    stats.update(run_id=run_id, status=row["status"], started=row["started"], finished=row["finished"])
    return stats


def crawl_in_this_process(job: dict) -> None:
    """Run the job's crawl with Scrapy here (the child process's body)."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler import settings as defaults
    from crawler.settings import crawl_settings
    from crawler.spiders.news import NewsSpider

    settings = Settings()
    settings.setmodule(defaults, priority="project")
    settings.update(crawl_settings(job["crawl"], db=job["db"], run_id=job["run_id"], frontier=job.get("frontier")),
                    priority="cmdline")
    process = CrawlerProcess(settings)
    process.crawl(NewsSpider, job=job)
    process.start()


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m crawler.run JOB.json", file=sys.stderr)
        return 2
    crawl_in_this_process(json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    return 0


def exit_now(code: int) -> NoReturn:
    """End the child once its crawl has returned: every page stored and committed, the run's stats written.
    The exit handlers run (logging's flush among them) and the standard streams are flushed; the
    interpreter's teardown does not run.  Why: freeing the modules and objects of Scrapy, Twisted, lxml and
    numpy took ~0.3 s between the child's exit handlers and its exit, the parent waiting (bench crawl,
    2,000 pages in ~8.4 s: 3-4 % of the run, where the peer, a plain spider, takes ~0.15 s from its last
    request to its end and the crawler took ~0.36).  The KB's connection is left open to the exit, as a
    killed child's is: the pipeline's close commits its last batch and the run's stats are committed, and
    in WAL mode the parent, which holds the KB open, reads them as they are.  A crawl that raised exits as
    any Python program does."""
    import atexit

    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
