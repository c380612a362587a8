"""Running `icic run` every day at digest.time in digest.timezone: a crontab entry or a systemd user timer.

cron reads times in the machine's own zone, so the entry carries digest.time
converted to it (the comment above says so); a systemd timer takes the zone
itself in OnCalendar.  Installing replaces an earlier ICIC block, so doing it
twice leaves one entry.
"""
from __future__ import annotations

import datetime as dt
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

BEGIN, END = "# BEGIN icic-monitor", "# END icic-monitor"
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
UNIT = "icic-monitor"


class ScheduleError(Exception):
    """The schedule could not be installed (crontab missing or refusing it)."""


@dataclass(frozen=True)
class Job:
    """What runs: `icic run` in `workdir`, with `config` (absolute) when one was given."""

    workdir: Path
    icic: Path
    config: Optional[Path]
    log: Path

    db: Optional[Path] = None

    @classmethod
    def here(cls, config_path: Optional[str], kb_path: str, db_path: Optional[str] = None) -> "Job":
        """The job for this installation, run from the current directory; `db_path` (--db) goes into the command."""
        workdir = Path.cwd()
        icic = Path(sys.executable).with_name("icic")
        config = Path(config_path).resolve() if config_path else None
        db = (workdir / db_path).resolve() if db_path else None
        return cls(workdir, icic, config, (workdir / (db_path or kb_path)).resolve().with_name("icic-run.log"), db)

    def arguments(self) -> str:
        """`run` and its options (quoted): --db when one was given, --send because the job mails the digest."""
        db = f" --db {shlex.quote(str(self.db))}" if self.db else ""
        return f"run --send{db}"

    def check(self) -> "Job":
        """The job itself, or ScheduleError when a path holds a control character: a newline in a path
        would end the crontab line (and start another, run every minute) or the unit file's setting."""
        for name, value in (("working folder", self.workdir), ("icic program", self.icic),
                            ("configuration file", self.config), ("log file", self.log), ("knowledge base", self.db)):
            if value is not None and CONTROL.search(str(value)):
                raise ScheduleError(f"the {name} path {str(value)!r} holds a control character; "
                                    "refusing to write it into a schedule")
        return self

    def command(self) -> str:
        """The shell command (quoted) that runs the daily job."""
        env = f"ICIC_CONFIG={shlex.quote(str(self.config))} " if self.config else ""
        return f"cd {shlex.quote(str(self.workdir))} && {env}{shlex.quote(str(self.icic))} {self.arguments()}"


def host_time(time: str, tz_name: str, host_tz: Optional[dt.tzinfo] = None,
              on: Optional[dt.date] = None) -> dt.datetime:
    """`time` (HH:MM) in `tz_name` on `on` (default today) expressed in the host's zone."""
    hour, minute = map(int, time.split(":"))
    on = on or dt.date.today()
    moment = dt.datetime.combine(on, dt.time(hour, minute), tzinfo=ZoneInfo(tz_name))
    return moment.astimezone(host_tz) if host_tz else moment.astimezone()


def cron_block(job: Job, time: str, tz_name: str, host_tz: Optional[dt.tzinfo] = None) -> str:
    """The crontab lines (between BEGIN/END markers) that run the job daily."""
    job.check()
    local = host_time(time, tz_name, host_tz)
    zone = local.tzname() or "host time"
    command = f"{job.command()} >> {shlex.quote(str(job.log))} 2>&1".replace("%", r"\%")
    return "\n".join([
        BEGIN,
        f"# daily digest at {time} {tz_name} = {local:%H:%M} {zone} (this machine's zone, which cron uses)",
        f"{local.minute} {local.hour} * * * {command}",
        END,
    ]) + "\n"


def systemd_units(job: Job, time: str, tz_name: str) -> dict[str, str]:
    """{file name: text} of a systemd user service and its daily timer."""
    job.check()
    env = f"Environment={systemd_quote(f'ICIC_CONFIG={job.config}')}\n" if job.config else ""
    service = ("[Unit]\nDescription=ICIC Monitor daily run (crawl, process, digest)\n\n"
               f"[Service]\nType=oneshot\nWorkingDirectory={systemd_path(job.workdir)}\n{env}"
               f"ExecStart={systemd_quote(str(job.icic))} run --send"
               + (f" --db {systemd_quote(str(job.db))}" if job.db else "") + "\n")
    timer = (f"[Unit]\nDescription=ICIC Monitor daily digest at {time} {tz_name}\n\n"
             f"[Timer]\nOnCalendar=*-*-* {time}:00 {tz_name}\nPersistent=true\n\n"
             "[Install]\nWantedBy=timers.target\n")
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def systemd_quote(value: str) -> str:
    """One word of a unit file setting, double-quoted: backslash and quote escaped, `%` (specifiers)
    and `$` (variables) doubled, so a path with spaces, quotes, % or $ stays one literal word."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{escaped}"'


def systemd_path(path: Path) -> str:
    """A path for a path setting (WorkingDirectory=): `%` doubled, the rest literal."""
    return str(path).replace("%", "%%")


def merge_block(existing: str, block: str) -> str:
    """`existing` crontab text with any earlier ICIC block replaced by `block`."""
    kept, inside = [], False
    for line in existing.splitlines():
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == END:
            inside = False
        elif not inside:
            kept.append(line)
    text = "\n".join(kept).rstrip("\n")
    return (text + "\n" if text else "") + block


def install_cron_file(path: Path, block: str) -> Path:
    """Write the block into the crontab-format file at `path` (kept lines stay)."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(merge_block(existing, block), encoding="utf-8")
    return path


def install_crontab(block: str) -> None:
    """Replace the ICIC block in the user's crontab (`crontab -l`, then `crontab -`)."""
    try:
        current = subprocess.run(["crontab", "-l"], capture_output=True, text=True, timeout=30)
        existing = current.stdout if current.returncode == 0 else ""  # 1 = no crontab yet
        done = subprocess.run(["crontab", "-"], input=merge_block(existing, block), capture_output=True,
                              text=True, timeout=30)
    except FileNotFoundError:
        raise ScheduleError("no `crontab` program on this machine: use --file PATH or --systemd") from None
    if done.returncode != 0:
        raise ScheduleError(f"crontab refused the entry: {done.stderr.strip()}")


def install_units(folder: Path, units: dict[str, str]) -> list[Path]:
    """Write the systemd unit files into `folder` (default ~/.config/systemd/user)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in units.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths
