"""The project's Datasette plugin (entry point `datasette: icic`): Datasette finds what `icic search` finds.

SQL functions on every connection:

- ``icic_match(query)``: the FTS5 expression `icic search` runs over the folded index
  ``search_index`` (kb.search.parse_query), so ``Tokayev`` finds Токаев, Тоқаев, Toqayev;
- ``escape_fts(query)``: Datasette's own table search calls this on the search box's text;
  here it is ``icic_match``, because the KB's searchable table (documents) searches
  ``search_index``, which holds folded words only;
- ``icic_fold(name)``: a name's folded key (kb.fold.fold_name), the key of ``entities.key``
  and ``aliases.folded``, for matching an entity however it is spelled;
- ``icic_iso_week(date)``: the ISO 8601 week, "2026-W47" (SQLite before 3.46 has no %V);
- ``icic_money(amount, currency)``: "123,000,000,000 KZT", the project's one money format.

An actor's entity id in the tracks and commitments tables reads as the actor's name.  And one
page rule: the documents table opens with the columns a reader wants (title,
source, date, language, script, relevance, kind, URL), not whole article texts and hashes;
``?_col=`` / ``?_nocol=`` still choose any columns.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

DOCUMENT_COLUMNS = ("title", "source_id", "published", "lang", "script", "relevance", "kind", "url")


def icic_match(query):
    """The folded FTS5 expression of a user's query (kb.search's grammar); an empty query matches nothing."""
    from kb.search import SearchError, parse_query

    if query is None:
        return None
    try:
        return parse_query(str(query)).fts
    except SearchError:
        return '"\x01"'  # a token no document has: nothing to search for finds nothing, not an error page


def icic_fold(name):
    from kb.fold import fold_name

    return fold_name(str(name)) if name is not None else None


def icic_iso_week(value):
    """'2026-11-21…' → '2026-W47' (ISO 8601 year and week)."""
    try:
        year, week, _ = dt.date.fromisoformat(str(value)[:10]).isocalendar()
    except (TypeError, ValueError):
        return None
    return f"{year}-W{week:02d}"


def icic_money(amount, currency):
    from reports.formats import money

    return money(amount, currency) if amount is not None else None


@hookimpl(trylast=True)  # after Datasette's own escape_fts, which this one replaces
def prepare_connection(conn):
    conn.create_function("icic_match", 1, icic_match, deterministic=True)
    conn.create_function("escape_fts", 1, icic_match, deterministic=True)
    conn.create_function("icic_fold", 1, icic_fold, deterministic=True)
    conn.create_function("icic_iso_week", 1, icic_iso_week, deterministic=True)
    conn.create_function("icic_money", 2, icic_money, deterministic=True)


@hookimpl
def render_cell(value, column, table, database, datasette):
    """An actor's entity id in tracks and commitments reads as the actor's name, linked to its entity row."""
    if column != "actor_entity_id" or table not in ("tracks", "commitments") or not isinstance(value, int):
        return None

    async def name():
        from markupsafe import Markup

        from kb.datasette import NAME

        rows = await datasette.get_database(database).execute(
            f"select {NAME.format(e='e')} as name from entities e where e.id = ?", [value])
        row = rows.first()
        if row is None:
            return None
        return Markup('<a href="{}">{}</a>').format(datasette.urls.row(database, "entities", str(value)), row["name"])
    return name


def documents_redirect(path: str, query_string: str) -> str | None:
    """Where a plain visit of a documents table page goes: the same page with the reader's columns."""
    parts = path.rstrip("/").split("/")
    if len(parts) != 3 or parts[2] != "documents":
        return None
    args = parse_qsl(query_string, keep_blank_values=True)
    if any(key in ("_col", "_nocol") for key, _ in args):
        return None
    return path + "?" + urlencode([*args, *(("_col", c) for c in DOCUMENT_COLUMNS)])


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def redirecting(scope, receive, send):
            if scope["type"] == "http" and scope.get("method") == "GET":
                target = documents_redirect(scope["path"], scope.get("query_string", b"").decode("latin-1"))
                if target:
                    await send({"type": "http.response.start", "status": 302,
                                "headers": [(b"location", target.encode("utf-8")),
                                            (b"content-type", b"text/plain")]})
                    await send({"type": "http.response.body", "body": b""})
                    return
            await app(scope, receive, send)
        return redirecting
    return wrap


# ---------------------------------------------------------------- the language facet

LANGUAGE_SQL = "lang || case when lang = 'uz' and script is not null then '-' || script else '' end"


def language_filters(value: str) -> dict:
    """The table filters of a language facet value: "uz-Cyrl" → lang=uz and script=Cyrl; "ru" → lang=ru."""
    lang, _, script = value.partition("-")
    return {"lang": lang, **({"script": script} if script else {})}


@hookimpl
def register_facet_classes():
    from datasette.database import QueryInterrupted
    from datasette.facets import Facet
    from datasette.utils import path_with_added_args, path_with_removed_args

    class LanguageFacet(Facet):
        """Articles per language with Uzbek split by script (uz-Latn, uz-Cyrl), as the sources and the CLI
        name them; metadata: ``"facets": [{"language": "lang"}]``."""

        type = "language"

        async def suggest(self):
            return []

        async def facet_results(self):
            if not self.get_configs():  # only where the metadata asks for it (documents)
                return [], []
            pairs = self.get_querystring_pairs()
            size = self.get_facet_size()
            sql = (f"select {LANGUAGE_SQL} as value, count(*) as count from ({self.sql}) where lang is not null "
                   f"group by value order by count desc, value limit {size + 1}")
            try:
                rows = (await self.ds.execute(self.database, sql, self.params, truncate=False,
                                              custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows
            except QueryInterrupted:
                return [], ["language"]
            results = []
            for row in rows[:size]:
                filters = language_filters(row["value"])
                selected = all((key, value) in pairs for key, value in filters.items())
                path = (path_with_removed_args(self.request, filters) if selected
                        else path_with_added_args(self.request, filters))
                results.append({"value": row["value"], "label": row["value"], "count": row["count"],
                                "selected": selected,
                                "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path))})
            return [{"name": "language", "type": self.type, "hideable": False, "toggle_url": "",
                     "results": results, "truncated": len(rows) > size}], []

    return [LanguageFacet]
