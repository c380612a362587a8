"""Values written into crontab and unit files are quoted, and control characters refused (issue 13,
item 3): a newline in the configuration path once wrote a second `* * * * *` line."""
from __future__ import annotations

import shutil

import pytest

from digest_helpers import icic, write_config
from reports.schedule import BEGIN


@pytest.fixture
def evil_config(tmp_path):
    """A real configuration file whose name holds a newline and a cron line of its own."""
    good = write_config(tmp_path)
    evil = tmp_path / "icic\n* * * * * touch icic-pwned #.yaml"
    shutil.copy(good, evil)
    return evil


@pytest.mark.parametrize("systemd", [False, True])
def test_newline_in_a_path_is_refused(tmp_path, evil_config, systemd):
    target = tmp_path / ("units" if systemd else "crontab.txt")
    args = ["--config", evil_config, "schedule", "--install", "--file", target] + (["--systemd"] if systemd else [])
    result = icic(*args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: the configuration file path") and "control character" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not target.exists()


def test_printing_refuses_it_too(evil_config):
    result = icic("--config", evil_config, "schedule")
    assert result.exit_code == 1 and "control character" in result.output
    assert len(result.output.strip().splitlines()) == 1 and BEGIN not in result.output


def test_spaces_quotes_percent_and_dollar_stay_one_literal_word(tmp_path):
    odd = tmp_path / 'my "icic" 100% $HOME.yaml'
    shutil.copy(write_config(tmp_path), odd)
    cron = tmp_path / "crontab.txt"
    assert icic("--config", odd, "schedule", "--install", "--file", cron).exit_code == 0
    lines = [l for l in cron.read_text().splitlines() if l and not l.startswith("#")]
    assert len(lines) == 1 and lines[0].split()[2:5] == ["*", "*", "*"]
    assert r"100\%" in lines[0]                                   # cron's % escaped
    assert icic("--config", odd, "schedule", "--systemd", "--install", "--file", tmp_path / "u").exit_code == 0
    service = (tmp_path / "u" / "icic-monitor.service").read_text()
    expected = str(odd).replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    assert f'Environment="ICIC_CONFIG={expected}"' in service
    assert service.count("\n") == 8                               # the unit as written, no line split off
