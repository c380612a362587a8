"""Commands over the knowledge base: search, commitments, track, entities, serve."""
from __future__ import annotations

import click

from icic.cli.base import cli, db_option, emit, format_option, open_kb, pass_state

SEARCH_COLUMNS = ["id", "published", "lang", "source", "title", "score", "snippet", "url"]


def _kb_errors(func):
    """Turn the kb's named errors into one-line CLI errors."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from kb.search import SearchError
        from kb.tracks import TrackError

        try:
            return func(*args, **kwargs)
        except (SearchError, TrackError) as exc:
            raise click.ClickException(str(exc)) from None
    return wrapper


def lang_option(func):
    return click.option("--lang", help="Only this language (ru, kk, uz, en).")(func)


@cli.command()
@click.argument("query")
@db_option
@lang_option
@click.option("--since", help="Published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Published on or before this date (YYYY-MM-DD).")
@click.option("--entity", help="Only documents mentioning this entity (any script, e.g. Tokayev or Токаев).")
@click.option("--source", help="Only documents of this source id.")
@click.option("--relevance", type=click.Choice(["about", "related", "none"]),
              help="Least relevance to the center: about; related (about or related); none (all).")
@click.option("--order", type=click.Choice(["rank", "date"]), default="rank", show_default=True,
              help="Best match first, or newest first.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@format_option
@pass_state
@_kb_errors
def search(state, query, db_path, lang, since, until, entity, source, relevance, order, limit, fmt):
    """Full-text search in any script and inflection: Tokayev finds Токаев, Тоқаевтың, Toqayevning.

    QUERY: words (all must occur), "a phrase", OR, NOT or -word, prefix*,
    parentheses.  Matching words are shown in [brackets] in the snippet.

    \b
    Example:
        icic search "Tokayev investment" --lang ru --since 2026-01-01 --format json
    """
    from kb.search import search as run_search

    db = open_kb(state, db_path, create=False)
    rows = run_search(db, query, limit=limit, order=order, lang=lang, since=since, until=until, entity=entity,
                      source=source, relevance=relevance)
    emit(rows, fmt, SEARCH_COLUMNS)
    waiting = db.execute("select count(*) from documents where state = 'new'").fetchone()[0]
    if waiting:
        click.echo(f"note: {waiting} document(s) not processed yet are not searchable: run `icic process`", err=True)


@cli.command()
@db_option
@click.option("--actor", help="Actor (any script; matches the linked entity or a part of the actor's name).")
@click.option("--status", type=click.Choice(["planned", "agreed", "signed", "in_progress", "completed", "cancelled",
                                             "delayed"]), help="Latest reported status.")
@click.option("--due-before", help="Deadline ends before this date (YYYY-MM-DD).")
@click.option("--due-after", help="Deadline ends after this date (YYYY-MM-DD).")
@click.option("--overdue", is_flag=True, help="Deadline passed (as of --as-of) with no completion reported.")
@click.option("--slipped", is_flag=True, help="Deadline moved later between reports.")
@click.option("--due-soon", type=click.IntRange(0, 36500), metavar="DAYS",
              help="Deadline ends within DAYS from --as-of and not completed.")
@lang_option
@click.option("--as-of", help="Date the overdue and due-soon flags are judged on (default: today).")
@click.option("--reports", is_flag=True, help="List every report of the selected tracks instead of the tracks.")
@click.option("--all", "include_all", is_flag=True,
              help="Also steps reported only by articles not about the center (default: about the center).")
@format_option
@pass_state
@_kb_errors
def commitments(state, db_path, actor, status, due_before, due_after, overdue, slipped, due_soon, lang, as_of, reports,
                include_all, fmt):
    """Commitment tracks: who committed to what, how much, by when, and whether it slipped.

    Each row is one track: every report of one real-world step, across
    articles and languages, whoever reported it; `icic track ID` shows its
    history and sources.  Only steps from articles about the center unless
    --all.  Overdue and due-soon are open steps only.

    \b
    Example:
        icic commitments --actor Kazakhstan --due-before 2027-01-01 --status planned
    """
    from kb.queries import REPORT_COLUMNS, TRACK_COLUMNS, list_reports, list_tracks

    db = open_kb(state, db_path, create=False)
    filters = dict(actor=actor, status=status, due_before=due_before, due_after=due_after, overdue=overdue,
                   slipped=slipped, due_soon=due_soon, lang=lang, as_of=as_of, include_all=include_all)
    if reports:
        emit(list_reports(db, **filters), fmt, REPORT_COLUMNS)
    else:
        emit(list_tracks(db, **filters), fmt, TRACK_COLUMNS)


@cli.command()
@click.argument("track_id", type=click.IntRange(1, 2 ** 63 - 1))
@db_option
@click.option("--as-of", help="Date the overdue and due-soon flags are judged on (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@pass_state
@_kb_errors
def track(state, track_id, db_path, as_of, fmt):
    """The timeline of one commitment track: each change of status, deadline and amount, and its sources.

    \b
    Example:
        icic track 12
    """
    import json

    from kb.queries import track_timeline

    db = open_kb(state, db_path, create=False)
    timeline = track_timeline(db, track_id, as_of=as_of)
    if fmt == "json":
        click.echo(json.dumps(timeline, ensure_ascii=False, indent=2, default=str))
        return
    for line in render_timeline(timeline):
        click.echo(line)


def render_timeline(timeline: dict) -> list[str]:
    """The plain-text timeline `icic track` prints."""
    t = timeline["track"]
    money = f" · {t['amount']:.15g} {t['currency'] or ''}".rstrip() if t["amount"] is not None else ""
    lines = [f"Track {t['id']}: {t['actor'] or '(no actor)'} — {t['action']}",
             f"status {t['status'] or '?'} · due {t['due'] or '?'}{money} · {t['reports']} report(s) "
             f"{t['first_reported']} … {t['last_reported']}" + (f" · {t['flags']}" if t["flags"] else ""),
             "", "History"]
    for e in timeline["events"]:
        change = f"{e['old']} → {e['new']}" if e["old"] else e["new"]
        lines.append(f"  {e['date'] or '????-??-??'}  {e['field']:<8}  {change}")
    lines += ["", "Sources"]
    for r in timeline["reports"]:
        lines.append(f"  {r['date'] or '????-??-??'}  {r['outlet'] or '?'}  {r['lang'] or '?'}  {r['url']}")
        if r["evidence"]:
            lines.append(f"      “{' '.join(r['evidence'].split())}”")
    return lines


@cli.command()
@click.argument("query", required=False)
@db_option
@click.option("--type", "type_", type=click.Choice(["PER", "ORG", "LOC"], case_sensitive=False),
              help="Only entities of this type.")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@format_option
@pass_state
@_kb_errors
def entities(state, query, db_path, type_, limit, fmt):
    """People, organisations and places: mentions, first and last seen, and who is mentioned with them.

    QUERY (optional) is part of a name in any script: Tokayev, Токаев.

    \b
    Example:
        icic entities Tokayev --type PER --format json
    """
    from kb.queries import list_entities

    db = open_kb(state, db_path, create=False)
    rows = list_entities(db, query, type_=type_, limit=limit)
    emit(rows, fmt, ["id", "name", "type", "mentions", "documents", "first_seen", "last_seen", "with"])


@cli.command()
@db_option
@click.option("--host", help="Interface to listen on (default: serve.host).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default: serve.port).")
@click.option("--immutable", is_flag=True, default=None,
              help="Serve as immutable (faster; only for a KB no one writes to meanwhile). Default: serve.immutable.")
@pass_state
def serve(state, db_path, host, port, immutable):
    """Browse the knowledge base in Datasette, read-only, with facets and canned queries.

    \b
    Example:
        icic serve --port 8001
    """
    import subprocess
    import tempfile
    from pathlib import Path

    from kb.datasette import command, write_metadata

    path = db_path or state.config.kb.path
    open_kb(state, path, create=False).close()  # migrates an older file before serving it read-only
    conf = state.config.serve
    with tempfile.TemporaryDirectory(prefix="icic-serve-") as tmp:
        meta = write_metadata(path, Path(tmp) / "metadata.json")
        cmd = command(path, meta, host or conf.host, port or conf.port,
                      immutable=conf.immutable if immutable is None else immutable)
        click.echo(f"Serving {path} read-only at http://{host or conf.host}:{port or conf.port}/ (Ctrl-C stops)",
                   err=True)
        from crawler.children import preexec

        try:   # Datasette dies with us, and holds what we hold (close_fds=False: only inheritable ones)
            code = subprocess.call(cmd, preexec_fn=preexec(), close_fds=False)
        except KeyboardInterrupt:
            code = 0
    raise SystemExit(code)
