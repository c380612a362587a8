"""Sending the digest by SMTP, exactly once per (date, recipient).

The sent-log is the KB's `digests` table: a row is checked before sending,
written as "sending" (with the message's Message-ID) before the message goes
out, and marked "sent" only after the server accepted it.  A transient failure
before the message itself is handed over (connection dropped or refused, a 4xx
reply to MAIL or RCPT) is retried with exponential backoff, a bounded number of
times; a permanent one (5xx, authentication) is not.  Nothing is logged as sent
that the server did not accept.

When the connection is lost after the message was handed over (DATA sent, no
reply), the server may or may not have accepted it.  Retrying at once delivered
it twice when only the reply had been lost; so it is not retried in this run.
The row stays "sending", and the next run reconciles it by its Message-ID: it
sends the same message again under the same Message-ID, which the receiving
mail system can recognise as one message, and marks it sent.

The remaining at-least-once window: a reply lost after the server accepted the
message leads to one more delivery of the same Message-ID on the next run; a
receiving system that does not fold identical Message-IDs shows it twice.
"""
from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
import time
from dataclasses import dataclass
from email import policy
from pathlib import Path
from typing import Callable, Optional

from sqlite_utils import Database

from reports.model import Digest
from reports.message import addr_spec, build_message, mailbox

log = logging.getLogger("reports.send")


class SendError(Exception):
    """The digest could not be sent; the message says to whom and why."""

    def __init__(self, message: str, attempts: int = 0):
        super().__init__(message)
        self.attempts = attempts


class MissingPassword(SendError):
    """smtp.username is set but the password variable is empty."""


@dataclass
class Outcome:
    """What happened for one recipient: sent | already-sent | failed | dry-run."""

    recipient: str
    status: str
    attempts: int = 0
    message_id: Optional[str] = None
    detail: str = ""


def check_credentials(smtp) -> Optional[str]:
    """The password when one is needed; MissingPassword before any work when it is not set."""
    if not smtp.needs_password():
        return None
    password = smtp.password()
    if not password:
        raise MissingPassword(
            f"smtp.username is {smtp.username!r} but the environment variable {smtp.password_env} "
            "holding its password is not set")
    return password


def check_server(smtp, timeout: float = 5.0) -> None:
    """SendError naming the server at once when nothing listens at smtp.host:smtp.port (no retries:
    a server that is not there at the start of a send is a configuration problem, not a hiccup)."""
    import socket

    try:
        with socket.create_connection((smtp.host, smtp.port), timeout=min(timeout, smtp.timeout)):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SendError(f"cannot reach the SMTP server {smtp.host}:{smtp.port} (smtp.host, smtp.port): {reason}") \
            from None


class Unconfirmed(SendError):
    """The message was handed over (DATA) but no reply came: the server may have accepted it."""


def _log_row(db: Database, day: dt.date, recipient: str) -> Optional[dict]:
    rows = db.query("select * from digests where date = ? and recipient = ?", [day.isoformat(), mailbox(recipient)])
    return next(iter(rows), None)


def sent_before(db: Database, day: dt.date, recipient: str) -> Optional[dict]:
    """The sent-log row for (day, recipient) once the server accepted it, or None."""
    row = _log_row(db, day, recipient)
    return row if row and (row.get("status") or "sent") == "sent" else None


def sending(db: Database, day: dt.date, recipient: str) -> Optional[dict]:
    """The row of a message handed over in an earlier run without a reply (status "sending"), or None."""
    row = _log_row(db, day, recipient)
    return row if row and row.get("status") == "sending" else None


def record_sent(db: Database, day: dt.date, recipient: str, message_id: str, path: Optional[Path],
                status: str = "sent") -> None:
    """Write (or replace) the sent-log row: "sending" before the message goes out, "sent" once accepted."""
    sent_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    with db.conn:
        db["digests"].insert({"date": day.isoformat(), "recipient": mailbox(recipient), "sent_at": sent_at,
                              "message_id": message_id, "path": str(path) if path else None, "status": status},
                             replace=True)


def _context(smtp) -> ssl.SSLContext:
    """Verified TLS; smtp.ca_file adds a private CA (or a self-signed server certificate)."""
    return ssl.create_default_context(cafile=smtp.ca_file)


def _connect(smtp) -> smtplib.SMTP:
    if smtp.security == "tls":
        return smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=_context(smtp))
    client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    if smtp.security == "starttls":
        client.starttls(context=_context(smtp))
    return client


def _transmit(smtp, password: Optional[str], sender: str, recipient: str, payload: bytes) -> None:
    """One SMTP session delivering `payload` to one recipient; Unconfirmed when the connection is lost
    once the message was handed over."""
    client = _connect(smtp)
    try:
        if smtp.username:
            client.login(smtp.username, password or "")
        client.ehlo_or_helo_if_needed()
        code, reply = client.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        code, reply = client.rcpt(recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        try:
            code, reply = client.data(payload)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise Unconfirmed(f"{recipient}: the connection was lost after the message was handed over "
                              f"({type(exc).__name__}: {exc}); the next run sends it again under the same "
                              "Message-ID", 1) from None
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


def transient(exc: Exception) -> bool:
    """Worth another try: a dropped or refused connection, a timeout, a 4xx reply."""
    if isinstance(exc, (smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError,
                        ssl.SSLCertVerificationError)):
        return False
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError))


def deliver(smtp, password: Optional[str], sender: str, recipient: str, payload: bytes,
            sleep: Callable[[float], None] = time.sleep) -> int:
    """Deliver with retries; returns the number of tries, raises SendError when it never got through."""
    tries = smtp.retries + 1
    for attempt in range(1, tries + 1):
        try:
            _transmit(smtp, password, sender, recipient, payload)
            return attempt
        except Unconfirmed as exc:
            exc.attempts = attempt
            raise
        except (smtplib.SMTPException, OSError) as exc:
            reason = f"{type(exc).__name__}: {exc}"
            if not transient(exc) or attempt == tries:
                raise SendError(f"{recipient}: not sent after {attempt} tr{'y' if attempt == 1 else 'ies'}: "
                                f"{reason}", attempt) from None
            delay = smtp.retry_backoff * 2 ** (attempt - 1)
            log.warning("%s: try %d of %d failed (%s); again in %.1fs", recipient, attempt, tries, reason, delay)
            sleep(delay)
    raise AssertionError("unreachable")


def send_digest(db: Database, config, digest: Digest, recipients: list[str], *, force: bool = False,
                dry_run: bool = False, eml_path: Optional[Path] = None) -> list[Outcome]:
    """Send `digest` to each recipient not yet sent it for its day (all of them with `force`)."""
    password = None if dry_run else check_credentials(config.smtp)
    outcomes = []
    for recipient in recipients:
        before = sent_before(db, digest.day, recipient)
        if before and not force:
            outcomes.append(Outcome(recipient, "already-sent", message_id=before["message_id"],
                                    detail=f"sent {before['sent_at']}"))
        elif dry_run:
            outcomes.append(Outcome(recipient, "dry-run"))
        else:
            outcomes.append(_send_one(db, config, digest, recipient, password, eml_path))
    return outcomes


def _send_one(db, config, digest, recipient, password, eml_path) -> Outcome:
    message = build_message(digest, config, [recipient])
    previous = _log_row(db, digest.day, recipient)       # a "sent" row under --force, or an unconfirmed one
    earlier = previous if previous and previous.get("status") == "sending" else None
    if earlier and earlier.get("message_id"):      # handed over before without a reply: the same message again
        message.replace_header("Message-ID", earlier["message_id"])
    payload = message.as_bytes(policy=policy.SMTP)
    record_sent(db, digest.day, recipient, message["Message-ID"], eml_path, status="sending")
    try:
        tries = deliver(config.smtp, password, addr_spec(config.digest.from_addr), addr_spec(recipient), payload)
    except Unconfirmed as exc:
        log.error("%s", exc)
        return Outcome(recipient, "unconfirmed", attempts=exc.attempts, message_id=message["Message-ID"],
                       detail=str(exc))
    except SendError as exc:
        log.error("%s", exc)
        _forget(db, digest.day, recipient, previous)
        return Outcome(recipient, "failed", attempts=exc.attempts, detail=str(exc))
    record_sent(db, digest.day, recipient, message["Message-ID"], eml_path)
    return Outcome(recipient, "sent", attempts=tries, message_id=message["Message-ID"])


def _forget(db, day: dt.date, recipient: str, earlier: Optional[dict]) -> None:
    """Nothing was handed over this time: drop the "sending" row, putting back the row there was before."""
    with db.conn:
        db.execute("delete from digests where date = ? and recipient = ?", [day.isoformat(), mailbox(recipient)])
        if earlier:
            db["digests"].insert({k: v for k, v in earlier.items() if k != "id"})
