""".ci/run: the README's `make test`, failing when pytest itself says no tests ran (its status 5, which make
turns into 2), and `icic demo` printing its crawl as a table."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sample_data import ROOT

pytestmark = pytest.mark.slow
# install-test and system are up to date while this suite runs: skip them to keep the nested run short
SKIP_SETUP = ["-o", "install-test", "-o", "system", "-o", ".venv/.installed-test", "-o", ".venv/.installed"]


def ci(*make_args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "MAKE"))}
    return subprocess.run([str(ROOT / ".ci" / "run"), *SKIP_SETUP, *make_args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def test_ci_fails_when_pytest_collects_no_tests():
    result = ci("PYTEST_ARGS=-q -k no_test_is_called_this tests/test_cli_basics.py")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "CI: pytest collected no tests (pytest exit status 5)" in result.stderr


def test_ci_passes_a_passing_run_and_calls_make_test():
    result = ci("PYTEST_ARGS=-q -k help tests/test_cli_basics.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "-m pytest -q -k help tests/test_cli_basics.py" in result.stdout  # make test's recipe ran it
    assert "CI:" not in result.stderr


def test_ci_reports_a_failing_run():
    result = ci("PYTEST_ARGS=-q tests/no_such_test_file.py")
    assert result.returncode != 0
    assert "CI: make test failed" in result.stderr and "pytest exit 4" in result.stderr


def test_demo_prints_the_crawl_table(tmp_path):
    icic = Path(sys.executable).with_name("icic")
    result = subprocess.run([str(icic), "demo", "--db", str(tmp_path / "demo.sqlite"), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    at = lines.index("crawl run 1: finished")
    assert lines[at + 1].split() == ["source", "fetched", "new", "updated", "duplicates", "reprints",
                                     "not_modified", "robots", "errors"]
    assert "crawled: {" not in result.stdout and "processed 51, failed 0, skipped 0" in result.stdout
    assert (tmp_path / "out").is_dir() and any(p.suffix == ".html" for p in (tmp_path / "out").iterdir())
