"""The digest as a MIME message.

    multipart/alternative
    ├── text/plain; charset=utf-8            the plain-text twin
    └── multipart/related
        ├── text/html; charset=utf-8         <img src="cid:chart…">
        └── image/png                        Content-ID: <chart…>

Headers with Cyrillic or Uzbek text are RFC 2047 encoded by the email
package's default policy; bodies are utf-8.
"""
from __future__ import annotations

import secrets
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from typing import Iterable

from reports.model import CHART_CID, Digest


def mailbox(address: str) -> str:
    """The bare mailbox (box@host, lower-cased) of an address that may carry a display name."""
    return getaddresses([address])[0][1].lower()


def _domain(address: str) -> str:
    return mailbox(address).rpartition("@")[2] or "localhost"


def short_msgid(label: str, domain: str) -> str:
    """<label.random@domain>: unique, and short enough that the header is never folded."""
    return f"<{label}.{secrets.token_hex(8)}@{domain}>"


def build_message(digest: Digest, config, to: Iterable[str], *, now=None) -> EmailMessage:
    """The digest as an EmailMessage to `to` (may be empty: a file copy with no recipients)."""
    import datetime as dt

    cfg = config.digest
    msg = EmailMessage()
    msg["Subject"] = digest.subject
    msg["From"] = cfg.from_addr
    to = list(to)
    if to:
        msg["To"] = ", ".join(to)
    msg["Date"] = format_datetime(now or dt.datetime.now(digest.window.tz))
    domain = _domain(cfg.from_addr)
    msg["Message-ID"] = short_msgid(f"digest.{digest.day.isoformat()}", domain)
    if cfg.list_unsubscribe:
        msg["List-Unsubscribe"] = cfg.list_unsubscribe
    msg["Auto-Submitted"] = "auto-generated"  # an automatic mail: no vacation replies
    cid = short_msgid(CHART_CID, domain)
    msg.set_content(digest.text, subtype="plain", charset="utf-8")
    msg.add_alternative(digest.html(f"cid:{cid[1:-1]}"), subtype="html", charset="utf-8")
    msg.get_payload()[1].add_related(digest.chart, "image", "png", cid=cid,
                                     filename=f"{digest.stem}.png", disposition="inline")
    return msg


def addr_spec(address: str) -> str:
    """box@host of `address`, keeping its case (for the SMTP envelope)."""
    return getaddresses([address])[0][1]
