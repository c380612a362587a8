"""`icic digest` (build and mail the daily digest) and `icic schedule` (run it every day)."""
from __future__ import annotations

from pathlib import Path

import click

from icic.cli.base import cli, date_option, db_option, open_kb, pass_state


def _recipients(state, to: tuple[str, ...]) -> list[str]:
    """--to addresses (checked, the bad one named) or digest.recipients."""
    from icic.config import check_address

    try:
        return [check_address(a) for a in to] if to else list(state.config.digest.recipients)
    except ValueError as exc:
        raise click.ClickException(f"--to: {exc}") from None


def preflight(state, to: tuple[str, ...], send: bool) -> list[str]:
    """Check what sending needs (recipients, the SMTP password, a server that answers) before any work."""
    from reports.send import SendError, check_credentials, check_server

    recipients = _recipients(state, to)
    if send and not recipients:
        raise click.ClickException("nothing to send to: set digest.recipients in the configuration or give --to")
    if send:
        try:
            check_credentials(state.config.smtp)
            check_server(state.config.smtp)
        except SendError as exc:
            raise click.ClickException(str(exc)) from None
    return recipients


def _report(outcomes) -> None:
    """One line per recipient; a failure makes the command fail after all were tried."""
    failed = []
    for o in outcomes:
        if o.status == "sent":
            retry = f" after {o.attempts} tries" if o.attempts > 1 else ""
            click.echo(f"sent to {o.recipient}{retry} {o.message_id}")
        elif o.status == "already-sent":
            click.echo(f"already sent to {o.recipient} ({o.detail}); --force sends again")
        elif o.status == "dry-run":
            click.echo(f"would send to {o.recipient} (dry run: nothing sent)")
        elif o.status == "unconfirmed":
            failed.append(o)
            click.echo(f"UNCONFIRMED {o.detail}", err=True)
        else:
            failed.append(o)
            click.echo(f"FAILED {o.detail}", err=True)
    if failed:
        unconfirmed = sum(o.status == "unconfirmed" for o in failed)
        note = f" ({unconfirmed} maybe delivered: sent again under the same Message-ID next run)" if unconfirmed else ""
        raise click.ClickException(f"{len(failed)} of {len(outcomes)} recipient(s) not sent; nothing logged as "
                                   f"sent for them{note}")


@cli.command()
@db_option
@date_option("--date", "day", help="Digest day; default today in digest.timezone.")
@date_option("--since", help="Cover from digest.time on this day to digest.time on --date (any window), "
                             "instead of the 24 hours before it.  Not with --send.")
@click.option("--send", is_flag=True, help="Mail it to the recipients not yet sent this day's digest.")
@click.option("--to", multiple=True, metavar="ADDR", help="Recipient instead of digest.recipients (repeatable).")
@click.option("--dry-run", is_flag=True, help="Write the files, send nothing, and say who would get it.")
@click.option("--force", is_flag=True, help="Send again to recipients already sent this day's digest.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Output folder (default digest.out_dir).")
@pass_state
def digest(state, db_path, day, since=None, send=False, to=(), dry_run=False, force=False, out_dir=None):
    """Build the daily digest (HTML, text and .eml) and, with --send, mail it.

    The digest covers articles first published in the 24 hours before
    digest.time on --date (zone digest.timezone), or from --since on.  Each
    (date, recipient) gets it once: the KB remembers what the server accepted.

    \b
    Example:
        icic digest --date 2026-11-21 --dry-run
        icic digest --since 2026-11-16 --date 2026-11-22
        icic digest --send --to ops@example.org
    """
    from reports.digest import build_digest, write_files
    from reports.send import send_digest

    if since and send:
        raise click.UsageError("--since builds a digest to read; --send mails only the daily digest")
    if since and day and since >= day:
        raise click.BadParameter(f"{since} is not before --date {day}", param_hint="--since")
    recipients = preflight(state, to, send and not dry_run)
    db = open_kb(state, db_path)
    built = build_digest(db, state.config, day, since=since)
    if built.empty and state.config.digest.skip_empty:
        click.echo(f"nothing new for {built.day}; digest.skip_empty is set, so no digest")
        return
    out = Path(out_dir or state.config.digest.out_dir)
    try:
        paths = write_files(built, state.config, out, recipients)
    except OSError as exc:
        raise click.ClickException(f"cannot write the digest to {out}: {exc.strerror or exc}") from None
    for path in paths:
        click.echo(f"wrote {path}")
    if dry_run and not recipients:
        click.echo("would send to nobody: digest.recipients is empty and no --to was given")
    elif send or dry_run:
        from icic.lock import file_lock, lock_path

        # senders take turns, so two at once cannot both find "not sent yet" for one recipient
        with file_lock(lock_path(db_path or state.config.kb.path, "send.lock"), wait=True):
            _report(send_digest(db, state.config, built, recipients, force=force, dry_run=dry_run or not send,
                                eml_path=paths[2].resolve()))


@cli.command()
@db_option
@click.option("--systemd", is_flag=True, help="A systemd user service and timer instead of a crontab line.")
@click.option("--install", is_flag=True, help="Write it (to --file, else the user's crontab / systemd user folder).")
@click.option("--file", "target", type=click.Path(), help="With --install: crontab-format file (or unit folder).")
@pass_state
def schedule(state, db_path, systemd, install, target):
    """Print (or --install) the daily job that runs `icic run` at digest.time in digest.timezone.

    \b
    Example:
        icic schedule
        icic schedule --install --file /tmp/icic.cron
        icic schedule --systemd --install
    """
    from reports import schedule as sched

    cfg = state.config
    job = sched.Job.here(state.config_path, cfg.kb.path, db_path)
    try:
        job.check()
    except sched.ScheduleError as exc:
        raise click.ClickException(str(exc)) from None
    if systemd:
        units = sched.systemd_units(job, cfg.digest.time, cfg.digest.timezone)
        if not install:
            for name, text in units.items():
                click.echo(f"# {name}\n{text}")
            return
        folder = Path(target) if target else Path.home() / ".config" / "systemd" / "user"
        for path in sched.install_units(folder, units):
            click.echo(f"wrote {path}")
        click.echo(f"enable it with: systemctl --user daemon-reload && systemctl --user enable --now {sched.UNIT}.timer")
        return
    block = sched.cron_block(job, cfg.digest.time, cfg.digest.timezone)
    if not install:
        click.echo(block, nl=False)
    elif target:
        click.echo(f"wrote {sched.install_cron_file(Path(target), block)}")
    else:
        try:
            sched.install_crontab(block)
        except sched.ScheduleError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo("installed in the user's crontab")
