"""The crawler's child process ends by `crawler.run.exit_now`: exit handlers and flushed streams, no teardown.
What must survive the shortcut: the exit code, what was written to stderr and stdout, and atexit's work."""
from __future__ import annotations

import subprocess
import sys
import textwrap


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)


def test_a_child_without_its_job_exits_2_with_its_usage_on_stderr():
    done = subprocess.run([sys.executable, "-m", "crawler.run"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "usage: python -m crawler.run JOB.json" in done.stderr


def test_exit_now_keeps_the_code_the_buffered_output_and_the_exit_handlers(tmp_path):
    marker = tmp_path / "handler-ran"
    done = run(f"""
        import atexit, logging, sys
        from pathlib import Path
        from crawler.run import exit_now
        atexit.register(lambda: Path({str(marker)!r}).write_text("yes"))
        handler = logging.StreamHandler(sys.stderr)
        logging.getLogger("t").addHandler(handler)
        logging.getLogger("t").warning("last log line")
        sys.stdout = open(sys.stdout.fileno(), "w", buffering=1 << 16, closefd=False)
        sys.stdout.write("buffered, not yet written")
        exit_now(7)
        print("never")
    """)
    assert done.returncode == 7
    assert done.stdout == "buffered, not yet written"
    assert "last log line" in done.stderr
    assert marker.read_text() == "yes"


def test_the_crawling_child_does_not_import_the_sources_models():
    # what crawl_in_this_process imports; the sources were validated by the parent and come as JSON
    done = run("""
        import sys
        import crawler.run, crawler.settings, crawler.pipelines, crawler.middlewares, crawler.spiders.news
        from scrapy.crawler import CrawlerProcess
        print(sorted(m for m in ("pydantic", "crawler.sources") if m in sys.modules))
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
