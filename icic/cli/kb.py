"""Commands over the knowledge base: search, commitments, track, entities, money, serve.

Which rows each command selects is kb's business (kb.search, kb.queries, kb.money);
this module decides how they read: columns, money with its currency, dates as dates.
"""
from __future__ import annotations

import click

from icic.cli.base import (cli, date_option, db_option, format_option, lang_options, limit_option, open_kb,
                           pass_state, split_lang)
from icic.cli.output import Column, emit, stdout_is_terminal

SEARCH_COLUMNS = [Column("id", "number"), Column("published", "date"), Column("lang"), Column("source"),
                  Column("title"), Column("score"), Column("snippet"), Column("url", "url")]
TRACK_COLUMNS = [Column("id", "number"), Column("actor"), Column("action"), Column("status"),
                 Column("amount", "money"), Column("currency", in_table=False), Column("due", "date"),
                 Column("reports", "number"), Column("first_reported", "date"), Column("last_reported", "date"),
                 Column("lang", "list"), Column("flags", "list")]
REPORT_COLUMNS = [Column("track_id", "number"), Column("date", "date"), Column("outlet"), Column("lang"),
                  Column("actor"), Column("action"), Column("status"), Column("due", "date"),
                  Column("amount", "money"), Column("currency", in_table=False), Column("url", "url")]
ENTITY_COLUMNS = [Column("id", "number"), Column("name"), Column("type"), Column("mentions", "number"),
                  Column("documents", "number"), Column("first_seen", "date"), Column("last_seen", "date"),
                  Column("with", "list")]
MONEY_COLUMNS = [Column("date", "date"), Column("amount", "money"), Column("currency", in_table=False),
                 Column("usd", "money", unit="USD"), Column("text"), Column("lang"), Column("outlet"),
                 Column("title"), Column("url", "url")]
TOTAL_COLUMNS = [Column("currency"), Column("figures", "number"), Column("amount", "money"),
                 Column("usd", "money", unit="USD")]


def _kb_errors(func):
    """Turn the kb's named errors into one-line CLI errors."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from kb.money import MoneyError
        from kb.search import SearchError
        from kb.tracks import TrackError

        try:
            return func(*args, **kwargs)
        except (SearchError, TrackError, MoneyError) as exc:
            raise click.ClickException(str(exc)) from None
    return wrapper


def _listed(value) -> list:
    """"slipped,overdue" (or a list) as a list; nothing as []."""
    if isinstance(value, (list, tuple)):
        return list(value)
    return [part for part in str(value or "").split(",") if part]


def track_view(row: dict) -> dict:
    """A track (or report) row as the CLI shows it: lang and flags as lists."""
    out = dict(row)
    for key in ("lang", "flags"):
        if key in out:
            out[key] = _listed(out[key])
    return out


@cli.command()
@click.argument("query")
@db_option
@lang_options
@date_option("--since", help="Published on or after this date.")
@date_option("--until", help="Published on or before this date.")
@click.option("--entity", help="Only documents mentioning this entity (any script, e.g. Tokayev or Токаев).")
@click.option("--source", help="Only documents of this source id.")
@click.option("--relevance", type=click.Choice(["about", "related", "none"]),
              help="Least relevance to the center: about; related (about or related); none (all).")
@click.option("--order", type=click.Choice(["rank", "date"]), default="rank", show_default=True,
              help="Best match first, or newest first.")
@limit_option(20, 1000)
@format_option
@pass_state
@_kb_errors
def search(state, query, db_path, lang, script, since, until, entity, source, relevance, order, limit, fmt):
    """Full-text search in any script and inflection: Tokayev finds Токаев, Тоқаевтың, Toqayevning.

    QUERY: words (all must occur), "a phrase", OR, NOT or -word, prefix*,
    parentheses.  Matching words are shown in [brackets] in the snippet.

    \b
    Example:
        icic search "Tokayev investment" --lang ru --since 2026-01-01 --format json
    """
    from kb.search import search as run_search

    lang, script = split_lang(lang, script)
    db = open_kb(state, db_path, create=False)
    rows = run_search(db, query, limit=limit, order=order, lang=lang, script=script, since=since, until=until,
                      entity=entity, source=source, relevance=relevance)
    for row in rows:
        row["score"] = round(row["score"], 2)
    emit(rows, fmt, SEARCH_COLUMNS)
    waiting = db.execute("select count(*) from documents where state = 'new'").fetchone()[0]
    if waiting:
        click.echo(f"note: {waiting} document(s) not processed yet are not searchable: run `icic process`", err=True)


@cli.command()
@db_option
@click.option("--actor", help="Actor (any script; matches the linked entity or a part of the actor's name).")
@click.option("--status", type=click.Choice(["planned", "agreed", "signed", "in_progress", "completed", "cancelled",
                                             "delayed"]), help="Latest reported status.")
@date_option("--due-before", help="Deadline ends before this date.")
@date_option("--due-after", help="Deadline ends after this date.")
@click.option("--overdue", is_flag=True, help="Deadline passed (as of --as-of) with no completion reported.")
@click.option("--slipped", is_flag=True, help="Deadline moved later between reports.")
@click.option("--due-soon", type=click.IntRange(0, 36500), metavar="DAYS",
              help="Deadline ends within DAYS from --as-of and not completed.")
@date_option("--changed-since", help="Only tracks first reported, or whose status, deadline or amount changed, "
                                     "on or after this date.")
@lang_options
@date_option("--as-of", help="Date the overdue and due-soon flags are judged on (default: today).")
@click.option("--reports", is_flag=True, help="List every report of the selected tracks instead of the tracks.")
@click.option("--all", "include_all", is_flag=True,
              help="Also steps reported only by articles not about the center (default: about the center).")
@limit_option(1000)
@format_option
@pass_state
@_kb_errors
def commitments(state, db_path, actor, status, due_before, due_after, overdue, slipped, due_soon, changed_since, lang,
                script, as_of, reports, include_all, limit, fmt):
    """Commitment tracks: who committed to what, how much, by when, and whether it slipped.

    Each row is one track: every report of one real-world step, across
    articles and languages, whoever reported it; `icic track ID` shows its
    history and sources.  Only steps from articles about the center unless
    --all.  Overdue and due-soon are open steps only.

    \b
    Example:
        icic commitments --actor Kazakhstan --due-before 2027-01-01 --status planned
        icic commitments --changed-since 2026-11-16 --format json
    """
    from kb.queries import list_reports, list_tracks

    lang, script = split_lang(lang, script)
    db = open_kb(state, db_path, create=False)
    filters = dict(actor=actor, status=status, due_before=due_before, due_after=due_after, overdue=overdue,
                   slipped=slipped, due_soon=due_soon, lang=lang, as_of=as_of, include_all=include_all)
    keep = _track_subset(db, changed_since, script)
    if reports:
        rows = [r for r in list_reports(db, **filters) if keep is None or r["track_id"] in keep]
        # json/jsonl carry every field of a report (track, document, url, actor, step, evidence, deadline,
        # amount); the table and csv the columns a person reads
        emit([track_view(r) for r in rows[:limit]], fmt, None if fmt in ("json", "jsonl") and rows else REPORT_COLUMNS)
    else:
        rows = [t for t in list_tracks(db, limit=1_000_000, **filters) if keep is None or t["id"] in keep]
        emit([track_view(t) for t in rows[:limit]], fmt, TRACK_COLUMNS)


def _track_subset(db, changed_since, script):
    """The track ids --changed-since and --script allow (None: no such option given)."""
    from kb.changes import changed_track_ids, track_ids_in_script

    keep = None
    if changed_since:
        keep = changed_track_ids(db, changed_since)
    if script:
        ids = track_ids_in_script(db, script)
        keep = ids if keep is None else keep & ids
    return keep


@cli.command()
@click.argument("track_id", type=click.IntRange(1, 2 ** 63 - 1))
@db_option
@date_option("--as-of", help="Date the overdue and due-soon flags are judged on (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "table", "json", "csv", "jsonl"]), default="text",
              show_default=True,
              help="text: the timeline; json: the whole track; table, csv, jsonl: its reports as rows.")
@pass_state
@_kb_errors
def track(state, track_id, db_path, as_of, fmt):
    """The timeline of one commitment track: each change of status, deadline and amount, and its sources.

    \b
    Example:
        icic track 12
        icic track 12 --format csv
    """
    import json

    from kb.queries import track_timeline

    db = open_kb(state, db_path, create=False)
    timeline = track_timeline(db, track_id, as_of=as_of)
    timeline["track"] = track_view(timeline["track"])
    if fmt == "json":
        from icic.cli.output import machine_value

        whole = {key: ({k: machine_value(v) for k, v in value.items()} if isinstance(value, dict)
                       else [{k: machine_value(v) for k, v in row.items()} for row in value])
                 for key, value in timeline.items()}
        for event in whole["events"]:
            event["old"], event["new"] = (event_json(event["field"], event[k]) for k in ("old", "new"))
        click.echo(json.dumps(whole, ensure_ascii=False, indent=2, default=str))
    elif fmt == "text":
        for line in render_timeline(timeline):
            click.echo(line)
    else:
        emit(timeline["reports"], fmt, [Column("date", "date"), Column("outlet"), Column("lang"), Column("status"),
                                        Column("due", "date"), Column("amount", "money"),
                                        Column("currency", in_table=False), Column("url", "url"), Column("evidence")])


def render_timeline(timeline: dict) -> list[str]:
    """The plain-text timeline `icic track` prints."""
    from reports.formats import iso_day, money, plural
    from reports.render import status_words

    t = timeline["track"]
    first, last = iso_day(t["first_reported"]), iso_day(t["last_reported"])
    span = first if first == last else f"{first} to {last}"
    facts = [status_words(t["status"]) if t["status"] else "status not reported",
             f"due {iso_day(t['due'])}" if t["due"] else "no deadline reported"]
    if t["amount"] is not None:
        facts.append(money(t["amount"], t["currency"]))
    facts.append(f"{plural(t['reports'] or 0, 'report')} ({span})" if span else plural(t["reports"] or 0, "report"))
    if t["flags"]:
        facts.append(", ".join(t["flags"]))
    lines = [f"Track {t['id']}: {t['actor'] or '(no actor)'} — {t['action']}", " · ".join(facts), "", "History"]
    for e in timeline["events"]:
        old, new = (_event_value(e["field"], v) for v in (e["old"], e["new"]))
        lines.append(f"  {iso_day(e['date']) or 'no date':<10}  {e['field']:<8}  {f'{old} → {new}' if old else new}")
    lines += ["", "Sources"]
    for r in timeline["reports"]:
        amount = f"  {money(r['amount'], r['currency'])}" if r.get("amount") is not None else ""
        lines.append(f"  {iso_day(r['date']) or 'no date':<10}  {r['outlet'] or '?'}  {r['lang'] or '?'}{amount}  "
                     f"{r['url']}")
        if r["evidence"]:
            lines.append(f"      “{' '.join(r['evidence'].split())}”")
    return lines


def event_json(field: str, value):
    """A track event's value for scripts: "25000000 USD" → {"amount": 25000000, "currency": "USD"},
    "2024-08-01/2024-08-31" → {"start": "2024-08-01", "end": "2024-08-31"}; a status stays a string."""
    from icic.cli.output import machine_value

    if value is None or not isinstance(value, str):
        return value
    if field.startswith("amount"):
        number, _, currency = value.partition(" ")
        try:
            return {"amount": machine_value(float(number)), "currency": currency or None}
        except ValueError:
            return value
    if field.startswith("deadline"):
        start, _, end = value.rpartition("/")
        return {"start": start or None, "end": end}
    return value


def _event_value(field: str, value) -> str:
    """A track event's value as people read it: "25000000 USD" → "25,000,000 USD", "in_progress" → "in progress"."""
    from reports.formats import money
    from reports.render import status_words

    text = "" if value is None else str(value)
    if field.startswith("amount"):
        number, _, currency = text.partition(" ")
        try:
            return money(float(number), currency or None)
        except ValueError:
            return text
    if field.startswith("status"):
        return status_words(text) if text else ""
    if field.startswith("deadline") and text:
        from reports.render import period

        start, _, end = text.rpartition("/")
        return period(start or None, end)
    return text


@cli.command()
@click.argument("query", required=False)
@db_option
@click.option("--type", "type_", type=click.Choice(["PER", "ORG", "LOC"], case_sensitive=False),
              help="Only entities of this type.")
@limit_option(50, 10000)
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
    from kb.queries import co_mentioned_many, list_entities

    db = open_kb(state, db_path, create=False)
    rows = list_entities(db, query, type_=type_, limit=limit, with_top=0)
    together = co_mentioned_many(db, [row["id"] for row in rows], 3)   # all rows' pairs in one read
    for row in rows:  # co-mentioned names as a list of names with counts, not one string
        row["with"] = [{"name": r["canonical"], "documents": r["n"]} for r in together.get(row["id"], [])]
    emit(rows, fmt, ENTITY_COLUMNS)


@cli.command()
@db_option
@date_option("--since", help="Published on or after this date.")
@date_option("--until", help="Published on or before this date.")
@click.option("--currency", metavar="CODE", help="Only this ISO 4217 currency (KZT, UZS, USD, …).")
@click.option("--actor", help="Only articles that mention this entity or report its commitment (any script).")
@lang_options
@click.option("--relevance", type=click.Choice(["about", "related", "none"]), default="about", show_default=True,
              help="Least relevance of the articles: about the center; related too; none (all).")
@click.option("--totals", "totals_only", is_flag=True, help="Only the sums per currency and in USD.")
@limit_option(100)
@format_option
@pass_state
@_kb_errors
def money(state, db_path, since, until, currency, actor, lang, script, relevance, totals_only, limit, fmt):
    """Money figures announced in the articles, with sums per currency and in US dollars.

    Each amount is counted once per reprint cluster.  USD values use the dated
    rates of nlp/data/rates.yaml at the publication date.  With --format json
    the output is {"figures": [...], "totals": {"currencies": [...], "usd": N}}.

    \b
    Example:
        icic money --since 2025-01-01 --until 2025-12-31
        icic money --currency KZT --actor Tokayev --format csv
    """
    import json

    from kb.money import list_money, totals

    if currency and not (len(currency) == 3 and currency.isalpha()):
        raise click.BadParameter(f"{currency!r} is not an ISO 4217 code such as KZT or USD", param_hint="--currency")
    lang, script = split_lang(lang, script)
    db = open_kb(state, db_path, create=False)
    figures = list_money(db, since=since, until=until, currency=currency, actor=actor, lang=lang, script=script,
                         relevance=relevance)
    sums = totals(figures)
    shown = figures[:limit]
    if fmt == "json":
        out = {"figures": [{c.name: row.get(c.name) for c in MONEY_COLUMNS} for row in shown],
               "totals": {"currencies": [{c.name: r[c.name] for c in TOTAL_COLUMNS} for r in sums["currencies"]],
                          "usd": sums["usd"], "without_usd": sums["without_usd"]}}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if totals_only or fmt == "table":
        if fmt == "table" and not totals_only:
            emit(shown, fmt, MONEY_COLUMNS)
            if len(figures) > len(shown):
                click.echo(f"(the {limit} largest of {len(figures)} figures; --limit shows more)")
        emit(sums["currencies"], fmt, TOTAL_COLUMNS)
        if fmt == "table" and figures:
            from reports.formats import money as money_text

            missing = f" ({sums['without_usd']} figures without a rate left out)" if sums["without_usd"] else ""
            click.echo(f"total ≈ {money_text(round(sums['usd']), 'USD')}{missing}")
        return
    emit(shown, fmt, MONEY_COLUMNS)


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
