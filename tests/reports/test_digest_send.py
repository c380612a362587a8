"""Mailing the digest through a real SMTP server (aiosmtpd on 127.0.0.1): MIME, exactly once, retries, TLS, AUTH."""
from __future__ import annotations

import re
import sqlite3

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from markupsafe import escape

from digest_helpers import LOOPBACK, Recorder, icic, write_config, server_tls_context

SUBJECT = "МЦПК «Центральная Азия» / Markaziy Osiyo oʻzaro hamkorlik — {date}"
DAY = "2026-11-22"  # covers the sample site's last day, 2026-11-21, in four languages


def sent_log(kb_path) -> list[tuple]:
    """The rows logged as sent (not those still "sending")."""
    with sqlite3.connect(kb_path) as conn:
        return conn.execute("select date, recipient, message_id from digests where coalesce(status, 'sent') = 'sent' "
                            "order by id").fetchall()


def sending_log(kb_path) -> list[tuple]:
    with sqlite3.connect(kb_path) as conn:
        return conn.execute("select recipient, message_id from digests where status = 'sending'").fetchall()


def config_for(tmp_path, server, **smtp):
    return write_config(
        tmp_path,
        digest={"recipients": ["Ivan Petrov <ivan@example.org>", "ops@example.kz"], "subject": SUBJECT,
                "from_addr": "ICIC Monitor <digest@icic.example>",
                "list_unsubscribe": "<mailto:unsubscribe@icic.example?subject=unsubscribe>"},
        smtp={"host": LOOPBACK, "port": server.port, "retries": 2, **smtp},
    )


def send(config, kb_path, *more, env=None):
    return icic("--config", config, "digest", "--db", kb_path, "--date", DAY, "--send", *more, env=env)


def test_digest_arrives_as_multipart_with_inline_chart(sample_kb_path, tmp_path, smtp_server):
    result = send(config_for(tmp_path, smtp_server), sample_kb_path)
    assert result.exit_code == 0, result.output
    assert len(smtp_server.messages) == 2
    assert sorted(e.rcpt_tos[0] for e in smtp_server.recorder.envelopes) == ["ivan@example.org", "ops@example.kz"]
    msg = smtp_server.messages[0]
    assert msg["Subject"] == SUBJECT.format(date=DAY)
    raw = smtp_server.recorder.envelopes[0].original_content
    assert re.search(rb"^Subject: =\?utf-8\?", raw, re.M)  # RFC 2047 on the wire, not raw bytes
    assert msg["Message-ID"] and msg["Date"] and msg["From"].addresses[0].addr_spec == "digest@icic.example"
    assert msg["List-Unsubscribe"] == "<mailto:unsubscribe@icic.example?subject=unsubscribe>"
    assert msg.get_content_type() == "multipart/alternative"
    plain, related = msg.get_payload()
    assert plain.get_content_type() == "text/plain" and plain.get_content_charset() == "utf-8"
    assert related.get_content_type() == "multipart/related"
    html_part, image = related.get_payload()
    assert html_part.get_content_type() == "text/html" and html_part.get_content_charset() == "utf-8"
    assert image.get_content_type() == "image/png"
    assert image.get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    cid = image["Content-ID"].strip("<>")
    html = html_part.get_content()
    assert f'src="cid:{cid}"' in html
    with sqlite3.connect(sample_kb_path) as conn:
        titles = [r[0] for r in conn.execute(
            "select title from documents where relevance = 'about' and published >= '2026-11-21T08:00' "
            "and published < '2026-11-22T08:00'")]
    assert len(titles) >= 4
    for title in titles:
        assert title in plain.get_content()
        assert str(escape(title)) in html
    assert [r[:2] for r in sent_log(sample_kb_path)] == [(DAY, "ivan@example.org"), (DAY, "ops@example.kz")]
    assert {r[2] for r in sent_log(sample_kb_path)} == {m["Message-ID"] for m in smtp_server.messages}


def test_running_again_sends_nothing_and_force_resends(sample_kb_path, tmp_path, smtp_server):
    config = config_for(tmp_path, smtp_server)
    assert send(config, sample_kb_path).exit_code == 0
    again = send(config, sample_kb_path)
    assert again.exit_code == 0
    assert again.output.count("already sent to") == 2
    assert len(smtp_server.messages) == 2
    forced = send(config, sample_kb_path, "--force", "--to", "ops@example.kz")
    assert forced.exit_code == 0 and "sent to ops@example.kz" in forced.output
    assert len(smtp_server.messages) == 3
    assert len(sent_log(sample_kb_path)) == 2  # the forced send replaced its row
    assert sent_log(sample_kb_path)[-1][2] == smtp_server.messages[-1]["Message-ID"]


@pytest.mark.parametrize("again", ["IVAN@Example.org", "Иван Петров <ivan@example.org>"])
def test_the_same_mailbox_in_other_spelling_is_not_sent_twice(sample_kb_path, tmp_path, smtp_server, again):
    config = config_for(tmp_path, smtp_server)
    assert send(config, sample_kb_path, "--to", "ivan@example.org").exit_code == 0
    result = send(config, sample_kb_path, "--to", again)
    assert result.exit_code == 0 and "already sent to" in result.output
    assert len(smtp_server.messages) == 1


def test_dropped_connection_is_retried_and_arrives_once(sample_kb_path, tmp_path, smtp_servers):
    server = smtp_servers(Recorder(drop=1, at="RCPT"))     # before the message is handed over: retried at once
    result = send(config_for(tmp_path, server), sample_kb_path, "--to", "ivan@example.org")
    assert result.exit_code == 0, result.output
    assert server.recorder.dropped == 1
    assert len(server.messages) == 1
    assert "after 2 tries" in result.output
    assert [r[1] for r in sent_log(sample_kb_path)] == ["ivan@example.org"]


def test_server_that_never_answers_logs_nothing(sample_kb_path, tmp_path, smtp_servers):
    server = smtp_servers(Recorder(drop=99, at="RCPT"))
    result = send(config_for(tmp_path, server), sample_kb_path, "--to", "ivan@example.org")
    assert result.exit_code == 1
    assert "not sent after 3 tries" in result.output and "nothing logged" in result.output
    assert server.recorder.dropped == 3 and server.messages == []
    assert sent_log(sample_kb_path) == []


def test_drop_after_the_message_is_not_resent_at_once_but_next_run(sample_kb_path, tmp_path, smtp_servers):
    """Connection lost once DATA went out: maybe accepted, so not retried now; the next run sends the same
    Message-ID and logs it."""
    server = smtp_servers(Recorder(drop=1))
    config = config_for(tmp_path, server)
    first = send(config, sample_kb_path, "--to", "ivan@example.org")
    assert first.exit_code == 1 and "UNCONFIRMED" in first.output and "same Message-ID" in first.output
    assert server.messages == [] and sent_log(sample_kb_path) == []
    [(recipient, message_id)] = sending_log(sample_kb_path)
    second = send(config, sample_kb_path, "--to", "ivan@example.org")
    assert second.exit_code == 0, second.output
    assert [m["Message-ID"] for m in server.messages] == [message_id]
    assert sent_log(sample_kb_path) == [(DAY, "ivan@example.org", message_id)] and sending_log(sample_kb_path) == []
    assert send(config, sample_kb_path, "--to", "ivan@example.org").exit_code == 0 and len(server.messages) == 1


def test_reply_lost_after_acceptance_is_not_delivered_twice_in_one_run(sample_kb_path, tmp_path, smtp_servers):
    """The server keeps the message and the reply is lost: one delivery in this run (it was two), and the
    next run's reconciliation repeats the same Message-ID once: the documented at-least-once window."""
    server = smtp_servers(Recorder(drop=1, lose_reply=True))
    config = config_for(tmp_path, server)
    assert send(config, sample_kb_path, "--to", "ivan@example.org").exit_code == 1
    assert len(server.messages) == 1
    assert send(config, sample_kb_path, "--to", "ivan@example.org").exit_code == 0
    ids = {m["Message-ID"] for m in server.messages}
    assert len(server.messages) == 2 and len(ids) == 1            # a receiver folding Message-IDs shows one
    assert send(config, sample_kb_path, "--to", "ivan@example.org").exit_code == 0 and len(server.messages) == 2


def test_no_server_at_all_is_reported(sample_kb_path, tmp_path, smtp_server):
    config = config_for(tmp_path, smtp_server)
    smtp_server.stop()
    result = send(config, sample_kb_path, "--to", "ivan@example.org")
    assert result.exit_code == 1
    assert f"cannot reach the SMTP server 127.0.0.1:{smtp_server.port}" in result.output
    assert sent_log(sample_kb_path) == []


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"digest" and auth_data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)  # handled=False: the server itself replies 535


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_and_auth(sample_kb_path, tmp_path, smtp_servers, tls_files, security):
    context = server_tls_context(tls_files)
    tls = ({"tls_context": context, "require_starttls": True} if security == "starttls"
           else {"ssl_context": context, "auth_require_tls": False})  # aiosmtpd cannot tell implicit TLS
    server = smtp_servers(Recorder(), authenticator=_authenticator, auth_required=True, **tls)
    config = config_for(tmp_path, server, security=security, username="digest", password_env="DIGEST_PW",
                        ca_file=str(tls_files[0]))
    wrong = send(config, sample_kb_path, "--to", "ivan@example.org", env={"DIGEST_PW": "wrong"})
    assert wrong.exit_code == 1 and "SMTPAuthenticationError" in wrong.output
    assert "after 1 try" in wrong.output  # a refused login is not retried
    assert sent_log(sample_kb_path) == [] and server.messages == []
    right = send(config, sample_kb_path, "--to", "ivan@example.org", env={"DIGEST_PW": "s3cret"})
    assert right.exit_code == 0, right.output
    assert len(server.messages) == 1 and len(sent_log(sample_kb_path)) == 1


def test_untrusted_certificate_is_refused(sample_kb_path, tmp_path, smtp_servers, tls_files):
    server = smtp_servers(Recorder(), tls_context=server_tls_context(tls_files), require_starttls=True)
    config = config_for(tmp_path, server, security="starttls")  # no ca_file: the self-signed cert is not trusted
    result = send(config, sample_kb_path, "--to", "ivan@example.org")
    assert result.exit_code == 1 and "CERTIFICATE_VERIFY_FAILED" in result.output
    assert server.messages == [] and sent_log(sample_kb_path) == []


def test_missing_password_fails_before_any_work(tmp_path, smtp_server):
    config = config_for(tmp_path, smtp_server, username="digest", password_env="ICIC_TEST_NO_SUCH_VAR")
    kb_path = tmp_path / "never.sqlite"
    result = send(config, kb_path, env={"ICIC_TEST_NO_SUCH_VAR": None})
    assert result.exit_code == 1
    assert "ICIC_TEST_NO_SUCH_VAR" in result.output and "not set" in result.output
    assert not kb_path.exists() and not (tmp_path / "out").exists()


def test_dry_run_sends_nothing(sample_kb_path, tmp_path, smtp_server):
    result = send(config_for(tmp_path, smtp_server), sample_kb_path, "--dry-run")
    assert result.exit_code == 0
    assert result.output.count("would send to") == 2
    assert smtp_server.messages == [] and sent_log(sample_kb_path) == []
    assert (tmp_path / "out" / f"digest-{DAY}.eml").exists()


def test_empty_kb_sends_nothing_new(tmp_path, smtp_server):
    result = send(config_for(tmp_path, smtp_server), tmp_path / "empty.sqlite", "--to", "ops@example.kz")
    assert result.exit_code == 0, result.output
    (msg,) = smtp_server.messages
    assert "Nothing new" in msg.get_body(("plain",)).get_content()
    assert "Nothing new" in msg.get_body(("html",)).get_content()
