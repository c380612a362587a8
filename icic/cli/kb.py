"""Commands over the knowledge base: process, search, commitments, track, entities, serve."""
from __future__ import annotations

import click

from icic.cli.base import cli, db_option, emit, format_option, open_kb, pass_state


@cli.command()
@click.argument("query")
@db_option
@click.option("--lang", help="Only documents in this language (ru, kk, uz, en).")
@click.option("--limit", default=20, show_default=True)
@format_option
@pass_state
def search(state, query, db_path, lang, limit, fmt):
    """Full-text search of the knowledge base.

    \b
    Example:
        icic search "Tokayev investment" --lang ru --format json
    """
    db = open_kb(state, db_path, create=False)
    where, params = "", {}
    if lang:
        where, params = "lang = :lang", {"lang": lang}
    rows = list(db["documents"].search(query, columns=["id", "published", "lang", "title", "url"],
                                       where=where or None, where_args=params, limit=limit, quote=True))
    emit(rows, fmt)


@cli.command()
@db_option
@click.option("--actor", help="Actor name contains this text.")
@click.option("--status", help="planned, agreed, signed, in_progress, completed, cancelled, delayed.")
@click.option("--due-before", help="Deadline ends before this date (YYYY-MM-DD).")
@format_option
@pass_state
def commitments(state, db_path, actor, status, due_before, fmt):
    """Who committed to what, how much, by when.

    \b
    Example:
        icic commitments --actor Kazakhstan --due-before 2027-01-01 --status planned
    """
    db = open_kb(state, db_path, create=False)
    clauses, params = [], []
    if actor:
        clauses.append("c.actor like ?")
        params.append(f"%{actor}%")
    if status:
        clauses.append("c.status = ?")
        params.append(status)
    if due_before:
        clauses.append("c.deadline_end < ?")
        params.append(due_before)
    sql = ("select c.id, c.actor, c.status, c.action, c.amount, c.currency, c.deadline_end as due, "
           "d.published, d.lang from commitments c join documents d on d.id = c.document_id")
    if clauses:
        sql += " where " + " and ".join(clauses)
    emit(list(db.query(sql + " order by c.deadline_end", params)), fmt)


@cli.command()
@db_option
@click.option("--host", help="Interface to listen on (default: serve.host).")
@click.option("--port", type=int, help="Port (default: serve.port).")
@pass_state
def serve(state, db_path, host, port):
    """Browse the knowledge base in Datasette (read-only).

    \b
    Example:
        icic serve --port 8001
    """
    import subprocess
    import sys

    path = db_path or state.config.kb.path
    open_kb(state, path, create=False)
    cmd = [sys.executable, "-m", "datasette", "serve", "-i", path, "--host", host or state.config.serve.host,
           "--port", str(port or state.config.serve.port)]
    raise SystemExit(subprocess.call(cmd))
