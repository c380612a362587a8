"""Helpers for the digest tests: aiosmtpd recorder/server, config files, the CLI, hand-made KBs."""
from __future__ import annotations

import datetime as dt
import email
import socket
import ssl
from email import policy
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from icic.cli import cli

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


class Recorder:
    """aiosmtpd handler keeping every accepted message; drops the connection on the first `drop` DATA
    (or RCPT, with at="RCPT"); with lose_reply=True it keeps the message first, then drops (a reply
    lost after acceptance)."""

    def __init__(self, drop: int = 0, at: str = "DATA", lose_reply: bool = False):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []
        self.drop = drop
        self.dropped = 0
        self.at = at
        self.lose_reply = lose_reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.at == "RCPT" and self.dropped < self.drop:
            self.dropped += 1
            server.transport.close()
            return "421 closing"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.at == "DATA" and self.dropped < self.drop:
            self.dropped += 1
            if self.lose_reply:
                self._keep(envelope)
            server.transport.close()  # vanish mid-transaction, before any reply
            return "421 closing"
        self._keep(envelope)
        return "250 OK"

    def _keep(self, envelope) -> None:
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                      policy=policy.default))


class Server:
    """A running aiosmtpd controller and its recorder."""

    def __init__(self, recorder: Recorder, **kwargs):
        from aiosmtpd.controller import Controller

        self.recorder = recorder
        self.port = free_port()
        self.controller = Controller(recorder, hostname=LOOPBACK, port=self.port, **kwargs)
        self.controller.start()

    @property
    def messages(self):
        return self.recorder.messages

    def stop(self):
        if self.controller._thread is not None:  # a test may have stopped it already
            self.controller.stop()


def server_tls_context(tls_files) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*map(str, tls_files))
    return context


def write_config(tmp_path: Path, **sections) -> Path:
    """A configuration file with `sections` merged over the defaults; out_dir inside tmp_path."""
    data = {"digest": {"out_dir": str(tmp_path / "out")}, "smtp": {"retry_backoff": 0.01, "timeout": 10}}
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    path = tmp_path / "icic.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def icic(*args, env=None):
    """Run the real CLI in-process; returns click's Result (exceptions become exit codes)."""
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


# ---------------------------------------------------------------- hand-made KBs


class HandKB:
    """A real KB file filled row by row (for sections the sample site does not reach)."""

    def __init__(self, path: Path):
        from kb import open_db

        self.path = path
        self.db = open_db(path)

    def source(self, sid: str, name: str) -> str:
        self.db["sources"].upsert({"id": sid, "name": name, "homepage": f"http://{sid}.test/"}, pk="id")
        return sid

    def article(self, title: str, published: str, *, lang="ru", relevance="about", source="herald",
                text=None, cluster=None, url=None) -> int:
        self.source(source, source.replace("-", " ").title())
        url = url or f"http://{source}.test/{abs(hash((title, published)))}.html"
        doc_id = self.db["documents"].insert({
            "url": url, "source_id": source, "title": title, "text": text or f"{title}. Body text.",
            "content_hash": str(hash((title, url))), "lang": lang, "published": published,
            "first_seen": published, "relevance": relevance, "relevance_score": 0.9, "state": "processed",
            "cluster_id": cluster, "version": 1,
        }).last_pk
        self.db["document_urls"].insert({"url": url, "document_id": doc_id, "source_id": source,
                                         "seen": published, "kind": "canonical"})
        return doc_id

    def cluster(self) -> int:
        return self.db["clusters"].insert({"created": "2026-11-20", "size": 0}).last_pk

    def duplicate_url(self, doc_id: int, url: str, source: str) -> None:
        self.source(source, source.replace("-", " ").title())
        self.db["document_urls"].insert({"url": url, "document_id": doc_id, "source_id": source,
                                         "seen": "2026-11-20", "kind": "duplicate"})

    def insert(self, table: str, **row) -> int:
        return self.db[table].insert(row).last_pk


def sample_titles() -> list[tuple[str, str]]:
    """(title, published) of every sample article, read from samples/articles."""
    folder = Path(__file__).resolve().parents[2] / "samples" / "articles"
    return [(a["title"], str(a["published"])) for a in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml")))]
