"""`icic schedule` (crontab line, systemd timer) and the lock that keeps two `icic run`s apart."""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest_helpers import icic, write_config
from reports.schedule import BEGIN, END, Job, cron_block, host_time, merge_block

JOB = Job(Path("/srv/icic"), Path("/srv/icic/.venv/bin/icic"), Path("/etc/icic 1.yaml"), Path("/srv/icic/data/run.log"))


@pytest.mark.parametrize("time, zone, host, expected", [
    ("08:00", "Asia/Almaty", "UTC", "0 3 * * *"),
    ("08:00", "Asia/Almaty", "Asia/Almaty", "0 8 * * *"),
    ("07:30", "Asia/Tashkent", "Europe/Berlin", "30 3 * * *"),   # winter: UTC+5 → UTC+1
    ("00:15", "Asia/Almaty", "UTC", "15 19 * * *"),              # the evening before, in UTC
])
def test_cron_line_in_the_hosts_zone(time, zone, host, expected):
    block = cron_block(JOB, time, zone, ZoneInfo(host))
    line = block.splitlines()[2]
    assert line.startswith(expected + " ")
    assert f"{time} {zone}" in block.splitlines()[1]


def test_cron_command_is_quoted():
    line = cron_block(JOB, "08:00", "Asia/Almaty", ZoneInfo("UTC")).splitlines()[2]
    assert "cd /srv/icic && ICIC_CONFIG='/etc/icic 1.yaml' /srv/icic/.venv/bin/icic run --send >> /srv/icic/data/run.log 2>&1" in line


def test_host_time_converts_the_zone():
    at = host_time("08:00", "Asia/Almaty", ZoneInfo("UTC"), on=dt.date(2026, 11, 21))
    assert at == dt.datetime(2026, 11, 21, 3, 0, tzinfo=ZoneInfo("UTC"))


def test_merge_replaces_an_earlier_block():
    first = merge_block("MAILTO=me\n5 * * * * backup\n", cron_block(JOB, "08:00", "Asia/Almaty", ZoneInfo("UTC")))
    second = merge_block(first, cron_block(JOB, "09:00", "Asia/Almaty", ZoneInfo("UTC")))
    assert second.count(BEGIN) == 1 and second.count(END) == 1
    assert second.startswith("MAILTO=me\n5 * * * * backup\n")
    assert "\n0 4 * * * " in second and "\n0 3 * * * " not in second


def test_schedule_prints_and_installs_to_a_file(tmp_path):
    config = write_config(tmp_path, digest={"time": "06:45"})
    printed = icic("--config", config, "schedule")
    assert printed.exit_code == 0 and printed.output.startswith(BEGIN)
    assert "06:45 Asia/Almaty" in printed.output and f"ICIC_CONFIG={config}" in printed.output
    target = tmp_path / "crontab.txt"
    target.write_text("# kept\n")
    for _ in range(2):  # installing twice leaves one entry
        result = icic("--config", config, "schedule", "--install", "--file", target)
        assert result.exit_code == 0 and f"wrote {target}" in result.output
    text = target.read_text()
    assert text.startswith("# kept\n") and text.count(BEGIN) == 1
    assert printed.output in text


def test_schedule_systemd_timer_carries_the_zone(tmp_path):
    config = write_config(tmp_path, digest={"time": "07:10", "timezone": "Asia/Tashkent"})
    result = icic("--config", config, "schedule", "--systemd", "--install", "--file", tmp_path / "units")
    assert result.exit_code == 0, result.output
    timer = (tmp_path / "units" / "icic-monitor.timer").read_text()
    service = (tmp_path / "units" / "icic-monitor.service").read_text()
    assert "OnCalendar=*-*-* 07:10:00 Asia/Tashkent" in timer
    assert service.rstrip().endswith(" run --send") and f'Environment="ICIC_CONFIG={config}"' in service


def test_second_run_exits_while_the_lock_is_held(tmp_path):
    kb_path = tmp_path / "icic.sqlite"
    lock = tmp_path / "icic.sqlite.lock"
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242")
        held.flush()
        result = icic("--config", write_config(tmp_path), "run", "--db", kb_path)
    assert result.exit_code == 1
    assert "another `icic run` is running" in result.output and "4242" in result.output
    assert not kb_path.exists()  # nothing was crawled or created


def test_lock_is_free_again_after_a_failed_run(tmp_path):
    """A run that dies inside the lock (another process) leaves it free for the next one."""
    script = ("import sys; from icic.cli.run import run_lock\n"
              "with run_lock(sys.argv[1]) as lock:\n    print(lock)\n    sys.exit(int(sys.argv[2]))\n")
    for code in (3, 0):
        out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "kb.sqlite"), str(code)],
                             capture_output=True, text=True, timeout=60, env={**os.environ})
        assert out.returncode == code, out.stderr
        assert out.stdout.strip() == str(tmp_path / "kb.sqlite.lock")


def test_run_checks_the_password_before_crawling(tmp_path):
    config = write_config(tmp_path, digest={"recipients": ["ops@example.org"]},
                          smtp={"username": "digest", "password_env": "ICIC_TEST_NO_PW"})
    result = icic("--config", config, "run", "--send", "--db", tmp_path / "kb.sqlite", env={"ICIC_TEST_NO_PW": None})
    assert result.exit_code == 1 and "ICIC_TEST_NO_PW" in result.output
    assert not (tmp_path / "kb.sqlite").exists() and not (tmp_path / "kb.sqlite.lock").exists()
