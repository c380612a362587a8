"""Children die with their parent, and the run lock lasts as long as they do (issue 13, item 6).

Real `icic` processes are killed with SIGKILL (nothing of theirs runs after it); their crawler,
Datasette or pool workers must be gone a moment later and store nothing more."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ICIC = str(Path(sys.executable).with_name("icic"))
pytestmark = pytest.mark.slow


def children_of(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        kids += [int(c) for c in (task / "children").read_text().split()]
    return kids


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")            # a zombie has ended; only its parent's wait is missing


def wait_for(condition, seconds: float = 60, step: float = 0.05) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def documents(db_path) -> int:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def config_file(tmp_path, delay: float) -> Path:
    path = tmp_path / "icic.yaml"
    path.write_text(f"crawl:\n  download_delay: {delay}\n  autothrottle: false\n", encoding="utf-8")
    return path


def kill_parent_and_check(proc: subprocess.Popen, kids: list[int]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert kids and wait_for(lambda: not any(alive(k) for k in kids), 30), [k for k in kids if alive(k)]


def test_killed_crawl_takes_its_crawler_along(tmp_path):
    from crawler.devserver import serve_site

    db_path = tmp_path / "kb.sqlite"
    with serve_site(ROOT / "samples" / "site") as site:
        proc = subprocess.Popen([ICIC, "--config", str(config_file(tmp_path, 0.3)), "crawl", "--db", str(db_path),
                                 "--sources", str(ROOT / "crawler" / "demo_sources.yaml"), "--base", site.base_url],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert wait_for(lambda: documents(db_path) >= 3, 120), "the crawl did not start"
            kill_parent_and_check(proc, children_of(proc.pid))
        finally:
            if proc.poll() is None:
                proc.kill()
        stored = documents(db_path)
        time.sleep(2)
        assert documents(db_path) == stored < 51                 # nothing stored after the kill


def test_killed_serve_takes_datasette_along(tmp_path):
    from icic.cli import cli  # noqa: F401  (the KB must exist before serving)
    from kb import open_db

    db_path = tmp_path / "kb.sqlite"
    open_db(db_path).close()
    port = _free_port()
    proc = subprocess.Popen([ICIC, "serve", "--db", str(db_path), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: _listening(port), 120), "Datasette did not start"
        kill_parent_and_check(proc, children_of(proc.pid))
        assert wait_for(lambda: not _listening(port), 30)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_killed_process_takes_its_workers_along(tmp_path):
    sys.path.insert(0, str(ROOT / "tests"))
    from test_same_kb import build_kb

    db_path = tmp_path / "kb.sqlite"
    build_kb(db_path).close()
    proc = subprocess.Popen([ICIC, "process", "--db", str(db_path), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: len(children_of(proc.pid)) >= 2, 120), "no workers started"
        kill_parent_and_check(proc, children_of(proc.pid))
    finally:
        if proc.poll() is None:
            proc.kill()


def test_the_run_lock_is_held_by_the_crawler_too(tmp_path):
    """The lock's descriptor goes to the crawler: while it runs, the lock is taken even for a process
    that is not the parent (flock is per open file, so the crawler alone would keep it)."""
    from crawler.devserver import serve_site

    db_path = tmp_path / "kb.sqlite"
    lock = Path(str(db_path) + ".lock")
    with serve_site(ROOT / "samples" / "site") as site:
        sources = tmp_path / "sources.yaml"
        sources.write_text((ROOT / "crawler" / "demo_sources.yaml").read_text().replace("{base}", site.base_url))
        config = config_file(tmp_path, 0.3)
        config.write_text(config.read_text() + f"sources: {sources}\ndigest:\n  out_dir: {tmp_path / 'out'}\n")
        proc = subprocess.Popen([ICIC, "--config", str(config), "run", "--db", str(db_path), "--dry-run"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert wait_for(lambda: documents(db_path) >= 2, 120), "the crawl did not start"
            crawler = children_of(proc.pid)
            holders = [pid for pid in crawler if _holds(pid, lock)]
            assert holders, "the crawler does not hold the run lock"
            kill_parent_and_check(proc, crawler)
        finally:
            if proc.poll() is None:
                proc.kill()
    second = subprocess.run([ICIC, "--config", str(config), "run", "--db", str(db_path), "--dry-run"],
                            capture_output=True, timeout=300)
    assert b"another `icic run`" not in second.stderr          # everything of the first run is gone, lock free


def _holds(pid: int, path: Path) -> bool:
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(fd) == str(path.resolve()):
                return True
        except OSError:
            continue
    return False


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0
