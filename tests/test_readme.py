"""The README's examples, run as a user would type them: every line of the block under the command
table, in a folder whose ./icic.yaml points at a copy of the sample KB and at the sample site served
on 127.0.0.1 (so `icic crawl --max-pages 500` crawls for real, offline)."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sample_data import ROOT

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def readme_examples() -> list[str]:
    """The lines of the README's example block (the one that starts with `icic crawl`)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```\n(.*?)```", text, re.S) if b.startswith("icic crawl"))
    return [line for line in block.splitlines() if line.strip()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def workdir(sample_kb_master, tmp_path_factory):
    import shutil

    from crawler.devserver import serve_site

    folder = tmp_path_factory.mktemp("readme")
    shutil.copy(sample_kb_master, folder / "kb.sqlite")
    with serve_site(ROOT / "samples" / "site") as site:
        sources = (ROOT / "crawler" / "demo_sources.yaml").read_text(encoding="utf-8")
        (folder / "sources.yaml").write_text(sources.replace("{base}", site.base_url), encoding="utf-8")
        (folder / "icic.yaml").write_text("kb: {path: kb.sqlite}\nsources: sources.yaml\n"
                                          "crawl: {download_delay: 0.0, autothrottle: false}\n", encoding="utf-8")
        yield folder


def env(folder: Path) -> dict:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
            "XDG_CONFIG_HOME": str(folder / "xdg"), "ICIC_CONFIG": ""}


def test_the_block_has_the_examples():
    lines = readme_examples()
    assert len(lines) >= 10 and all(line.startswith(("icic ", "echo ")) for line in lines)


@pytest.mark.parametrize("line", readme_examples())
def test_readme_example_runs(workdir, line):
    if line.startswith("icic serve"):
        _serve(workdir, line)
        return
    result = subprocess.run(["bash", "-c", line], cwd=workdir, env=env(workdir), capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, f"{line}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr
    redirected = re.search(r"> (\S+)$", line)
    output = (workdir / redirected.group(1)).read_text(encoding="utf-8") if redirected else result.stdout
    assert output.strip(), line


def _serve(folder: Path, line: str) -> None:
    """`icic serve --port 8001`, on a free port instead (8001 may be taken on a shared machine)."""
    port = free_port()
    proc = subprocess.Popen(["bash", "-c", "exec " + line.replace("8001", str(port))], cwd=folder, env=env(folder),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(150):
            assert proc.poll() is None, "icic serve exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/kb/documents.json?_col=title", timeout=5) as r:
                    assert r.status == 200
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail("icic serve did not answer within 30 s")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def test_run_is_dry_unless_told_to_send(workdir):
    """`icic run` crawls, processes and writes the digest, and mails nothing without --send: the SMTP
    port here has no server, so any attempt to send would fail the run."""
    config = workdir / "dry.yaml"
    config.write_text((workdir / "icic.yaml").read_text(encoding="utf-8")
                      + f"digest: {{recipients: [ops@example.org], out_dir: dry-out}}\nsmtp: {{port: {free_port()}}}\n",
                      encoding="utf-8")
    result = subprocess.run(["icic", "--config", str(config), "run"], cwd=workdir, env=env(workdir),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "would send to ops@example.org (dry run: nothing sent)" in result.stdout
    assert any(p.suffix == ".eml" for p in (workdir / "dry-out").iterdir())
    sending = subprocess.run(["icic", "--config", str(config), "run", "--send"], cwd=workdir, env=env(workdir),
                             capture_output=True, text=True, timeout=600)
    assert sending.returncode == 1 and "cannot reach the SMTP server" in sending.stderr
