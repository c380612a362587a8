"""Full-text search in any script and inflection.

Each document's title and text are stored a second time as folded keys
(`kb.fold`) in the FTS5 table `search_index` (rowid = document id); a user
query is parsed by our own small grammar, folded the same way and turned into
an FTS5 expression in which every term is a quoted string, so nothing a user
types is ever FTS5 or SQL syntax.  Filters reach SQL as parameters.

Query syntax: words (all must occur), "a phrase", OR, AND, NOT (upper case),
-word (exclude), prefix*, parentheses.  Unbalanced quotes and parentheses are
closed for the user; dangling operators are dropped.

Very common terms stay fast because ranking is bounded: bm25 is computed for at
most CANDIDATES matches, the most recently stored ones (FTS5 walks rowids in
order), so ranking «Казахстан» over 200,000 documents costs as much as over
CANDIDATES.
"""
from __future__ import annotations

import collections
import datetime as dt
import itertools
import functools
import json
import re
import struct
from dataclasses import dataclass, field
from importlib import resources
from typing import Optional

import yaml
from sqlite_utils import Database

from kb.entities import find_entity_ids
from kb.fold import APOSTROPHES, LANGS, WORD, fold_prefix, fold_query_word, fold_text, fold_word, index_key, words

CANDIDATES = 2000
MAX_QUERY = 500
MAX_TERMS = 40
RELEVANCE = {"about": ["about"], "related": ["about", "related"], "none": ["about", "related", "none"]}
LEXER = re.compile(r'\s*(?:(?P<lp>\()|(?P<rp>\))|"(?P<phrase>[^"]*)(?:"|$)|(?P<word>[^\s()"]+))')


class SearchError(ValueError):
    """A query or filter that cannot be searched; the message says why, for people."""


class UnknownEntity(SearchError):
    """The --entity filter names no entity in the KB."""


@dataclass(frozen=True)
class Query:
    """A parsed query: the FTS5 expression and the keys to highlight in snippets (frozen: parse_query
    hands the same one to every search for the same text)."""
    fts: str
    keys: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    spaced: tuple[str, ...] = field(init=False, repr=False, compare=False)   # " key ": found in stored keys

    def __post_init__(self):
        # a key is one word of the stored keys: one with a space in it (NFKC of a ligature) never matches one
        object.__setattr__(self, "spaced", tuple(f" {key} " for key in sorted(self.keys) if " " not in key))


@functools.cache
def glossary() -> dict[str, tuple[str, ...]]:
    """Stored key → stored keys of the same word in other languages (kb/glossary.yaml)."""
    groups = yaml.safe_load(resources.files("kb").joinpath("glossary.yaml").read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    for group in groups:
        keys = {fold_word(w, lang) for w in group for lang in LANGS}
        for key in keys:
            out.setdefault(key, set()).update(keys)
    return {k: tuple(sorted(v)) for k, v in out.items()}


# ---------------------------------------------------------------- parsing

def lex(text: str) -> list[tuple[str, str]]:
    """Tokens (kind, value): lp, rp, phrase, word, and, or, not."""
    out = []
    for m in LEXER.finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        value = m.group(kind)
        if kind == "word" and value in ("AND", "OR", "NOT"):
            kind = value.lower()
        out.append((kind, value))
    return out


class _Parser:
    """Recursive descent over the tokens; builds the FTS5 expression directly."""

    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens, self.pos = tokens, 0
        self.keys: set[str] = set()
        self.prefixes: set[str] = set()

    def peek(self) -> Optional[str]:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        self.pos += 1
        return self.tokens[self.pos - 1]

    def parse(self) -> str:
        parts = []
        while self.peek() is not None:
            expr = self.or_expr()
            if expr:
                parts.append(expr)
            elif self.peek() is not None:
                self.take()  # a stray ')' or operator: drop it
        return " AND ".join(parts)

    def or_expr(self) -> str:
        parts = [self.and_expr()]
        while self.peek() == "or":
            self.take()
            parts.append(self.and_expr())
        parts = [p for p in parts if p]
        return parts[0] if len(parts) == 1 else ("(" + " OR ".join(parts) + ")" if parts else "")

    def and_expr(self) -> str:
        positive, negative = [], []
        while self.peek() in ("lp", "phrase", "word", "and", "not"):
            kind = self.take()[0] if self.peek() in ("and", "not") else None
            target = negative if kind == "not" else positive
            if kind and self.peek() not in ("lp", "phrase", "word"):
                continue  # a dangling operator
            term, excluded = self.unary()
            if term:
                (negative if excluded else target).append(term)
        if negative and not positive:
            raise SearchError("NOT and -word exclude from something: give a word to search for too, "
                              "e.g. 'center NOT Khorgos'")
        expr = " AND ".join(positive)
        if len(positive) > 1 and negative:
            expr = f"({expr})"
        for term in negative:
            expr += f" NOT {term}"
        return f"({expr})" if negative else expr

    def unary(self) -> tuple[str, bool]:
        kind, value = self.take()
        if kind == "lp":
            inner = self.or_expr()
            if self.peek() == "rp":
                self.take()
            return (f"({inner})" if inner else ""), False
        if kind == "phrase":
            return self.phrase(value), False
        if value.startswith("-") and len(value) > 1:
            return self.word(value[1:]), True
        return self.word(value), False

    def word(self, raw: str) -> str:
        prefix = raw.endswith("*")
        found = [m.group() for m in words(raw.rstrip("*"))]
        if not found:
            return ""
        if len(found) > 1:  # Касым-Жомарт, U.S.: one phrase (a star after it is dropped)
            return self.phrase(" ".join(found))
        if not prefix:
            return self.term(found[0])
        key = fold_prefix(found[0])
        self.prefixes.add(key)
        return f'"{key}" *'

    def term(self, raw: str) -> str:
        keys = set(fold_query_word(raw))
        for key in list(keys):
            keys.update(glossary().get(key, ()))
        self.keys.update(keys)
        return _any(f'"{k}"' for k in sorted(keys))

    def phrase(self, raw: str) -> str:
        phrases = {fold_text(raw, lang) for lang in LANGS} - {""}
        for p in phrases:
            self.keys.update(p.split())
        return _any(f'"{p}"' for p in sorted(phrases))


def _any(terms) -> str:
    terms = list(terms)
    if len(terms) <= 1:
        return "".join(terms)
    return "(" + " OR ".join(terms) + ")"


def parse_query(text: str) -> Query:
    """Parse a user query into an FTS5 expression over folded keys; SearchError when nothing is left."""
    return _parse((text or "").strip())


@functools.lru_cache(maxsize=1024)   # a query typed again, paged or re-run by the digest is parsed once
def _parse(text: str) -> Query:
    if len(text) > MAX_QUERY:
        raise SearchError(f"query too long ({len(text)} characters, at most {MAX_QUERY})")
    tokens = lex(text)
    if sum(1 for kind, _ in tokens if kind in ("word", "phrase")) > MAX_TERMS:
        raise SearchError(f"too many terms (at most {MAX_TERMS})")
    parser = _Parser(tokens)
    fts = parser.parse()
    if not fts:
        raise SearchError(f"nothing to search for in {text!r}: give at least one word")
    return Query(fts, frozenset(parser.keys), frozenset(parser.prefixes))


# ---------------------------------------------------------------- indexing

def index_document(db: Database, doc_id: int, title: Optional[str], text: Optional[str],
                   lang: Optional[str] = None) -> None:
    """(Re)write the folded form of one document (endings of its language stripped) in the search index,
    and its text's word marks (`word_marks`) in `search_marks`."""
    keys = fold_text(text or "", lang)
    db.execute("delete from search_index where rowid = ?", [doc_id])
    db.execute("insert into search_index (rowid, title, text) values (?, ?, ?)",
               [doc_id, fold_text(title or "", lang), keys])
    db.execute("insert or replace into search_marks (id, marks) values (?, ?)", [doc_id, word_marks(text or "", keys)])


SEGMENT_SHIFT = 37   # a segment's id is the high bits of its rows' ids in search_index_data (fts5_index.c FTS5_SEGMENT_ROWID)


def segment_count(db: Database) -> int:
    """FTS5 segments of the search index (each flush of pending terms writes one; a merge under way counts its
    output too)."""
    return db.execute(f"select count(distinct id >> {SEGMENT_SHIFT}) from search_index_data "
                      f"where id >> {SEGMENT_SHIFT} > 0").fetchone()[0]


def set_options(db: Database, options: dict) -> None:
    """Set FTS5 options of the search index ({"automerge": 4, …}: `kb.db.SEARCH_MERGE`); they are kept in the KB."""
    for option, value in options.items():
        db.execute("insert into search_index (search_index, rank) values (?, ?)", [option, value])


MERGE_PAGES = 400   # FTS5 leaf pages a write batch's merge step writes at most (kb.db.m023); ≤ ~110 a batch needed


def merge_step(db: Database, pages: int | None = None) -> None:
    """One bounded step of the search index's segment merges (FTS5's `('merge', N)`): up to `pages` leaf
    pages (`MERGE_PAGES`) of the merge under way, else of a new one once a level holds `usermerge` (8, m026)
    segments, lowest levels first.  Run at the end of each write batch (kb.extractions.WriteBatch), so no
    batch rewrites a whole level: a batch of 100 documents flushes ~14 leaves, and merging them up through
    the levels of a 200,000-document index (~8 of 4 segments, 4 of 8) costs at most ~110 pages a batch, so
    400 keep up with room to spare.
    FTS5 stops only between terms, so a step may pass `pages` by one term's list of documents.  `pages` 0:
    no step (the merges before m023, as tests compare)."""
    pages = MERGE_PAGES if pages is None else pages
    if pages <= 0:
        return
    # FTS5 merges only flushed segments and its 'merge' does not flush: at a savepoint it does, so the batch's
    # own segment is merged now, not a batch later (m021's level 0 held 0-3 segments, this 1-4 without it);
    # the savepoint's journal is in memory (open_db: temp_store MEMORY)
    db.execute("savepoint search_merge_step")
    db.execute("insert into search_index (search_index, rank) values ('merge', ?)", [pages])
    db.execute("release search_merge_step")


def fill_word_marks(db: Database, batch: int = 1000) -> int:
    """Write the word marks of every indexed document's text, `batch` documents a statement (migration m019:
    a KB indexed before the marks existed); returns how many were written."""
    count, after = 0, 0
    while True:
        rows = db.execute("select d.id, d.text, s.c1 from search_index_content s join documents d on d.id = s.id "
                          "where s.id > ? order by s.id limit ?", [after, batch]).fetchall()
        if not rows:
            return count
        db.conn.executemany("insert or replace into search_marks (id, marks) values (?, ?)",
                            [(doc_id, word_marks(text or "", keys or "")) for doc_id, text, keys in rows])
        count, after = count + len(rows), rows[-1][0]


def refold_index(db: Database, batch: int = 1000) -> int:
    """Fold the title and text of every document indexed from its current text again (state processed or
    failed), `batch` documents a statement, and rewrite the keys and word marks of those whose keys change
    (migration m020: digits are no longer folded like letters); returns how many changed.  A document stored
    since it was indexed keeps its former text's keys until it is read again, as it does now."""
    count, after = 0, 0
    while True:
        rows = db.execute("select d.id, d.title, d.text, case when d.state = 'failed' then coalesce(d.lang, d.lang_hint) "
                          "else d.lang end, s.c0, s.c1 from search_index_content s join documents d on d.id = s.id "
                          "where s.id > ? and d.state in ('processed', 'failed') order by s.id limit ?",
                          [after, batch]).fetchall()
        if not rows:
            break
        changed = []
        for doc_id, title, text, lang, title_keys, keys in rows:
            new_title, new_keys = fold_text(title or "", lang), fold_text(text or "", lang)
            if (new_title, new_keys) != (title_keys, keys):
                changed.append((doc_id, new_title, new_keys, word_marks(text or "", new_keys)))
        db.conn.executemany("update search_index set title = ?, text = ? where rowid = ?",
                            [(title, keys, doc_id) for doc_id, title, keys, _ in changed])
        db.conn.executemany("insert or replace into search_marks (id, marks) values (?, ?)",
                            [(doc_id, marks) for doc_id, _, _, marks in changed])
        count, after = count + len(changed), rows[-1][0]
    if count:   # the old postings left as deletion markers in every segment merged away, as m012 does
        db.execute("insert into search_index (search_index) values ('optimize')")
    return count


def reindex(db: Database, *, missing_only: bool = True) -> int:
    """Index documents not in the search index (or all of them); returns how many were written."""
    sql = "select id, title, text, lang from documents"
    if missing_only:
        sql += " where id not in (select rowid from search_index)"
    count = 0
    with db.atomic():
        for row in list(db.query(sql)):
            index_document(db, row["id"], row["title"], row["text"], row["lang"])
            count += 1
    return count


# ---------------------------------------------------------------- searching

FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def _day(value: str, name: str) -> str:
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise SearchError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None
    if not FIRST_DAY <= day <= LAST_DAY:     # 9999-12-31 + 1 day overflows
        raise SearchError(f"{name} must be a date between {FIRST_DAY} and {LAST_DAY}, not {value!r}")
    return day.isoformat()


def date_range(since, until) -> tuple[str, list]:
    """The SQL condition on `d.published` for the days [since, until] (both inclusive) and its
    parameters; ("", []) when neither is given (SearchError on a day that is no date)."""
    clauses, params = [], []
    if since:
        clauses.append("d.published >= ?")
        params.append(_day(since, "--since"))
    if until:
        clauses.append("d.published < ?")
        params.append((dt.date.fromisoformat(_day(until, "--until")) + dt.timedelta(days=1)).isoformat())
    return " and ".join(clauses), params


def filters(db: Database, *, lang=None, source=None, since=None, until=None, entity=None,
            relevance=None, script=None) -> tuple[list[str], list]:
    """SQL conditions on `d` (documents) and `search_index` and their parameters for the search filters."""
    where, params = [], []
    if lang:
        where.append("d.lang = ?")
        params.append(lang)
    if script:
        where.append("d.script = ?")
        params.append(script)
    if source:
        where.append("d.source_id = ?")
        params.append(source)
    dates, date_params = date_range(since, until)
    if dates:
        where.append(dates)
        params += date_params
        # the ids of the documents in the range bound the FTS scan: an old range of a common term
        # would otherwise walk every newer match first
        lo, hi = db.execute(f"select min(d.id), max(d.id) from documents d where {dates}", date_params).fetchone()
        where.append("search_index.rowid between ? and ?")
        params += [lo if lo is not None else 0, hi if hi is not None else -1]
    if relevance:
        if relevance not in RELEVANCE:
            raise SearchError(f"relevance must be one of {', '.join(RELEVANCE)}, not {relevance!r}")
        where.append("d.relevance in (select value from json_each(?))")
        params.append(json.dumps(RELEVANCE[relevance]))
    if entity:
        ids = find_entity_ids(db, entity)
        if not ids:
            raise UnknownEntity(f"no entity named {entity!r} in the knowledge base")
        where.append("d.id in (select document_id from mentions where entity_id in (select value from json_each(?)))")
        params.append(json.dumps(ids))
    return where, params


def search(db: Database, query: str, *, limit: int = 20, order: str = "rank", **filter_args) -> list[dict]:
    """Documents matching `query` (any script and inflection), best first, with snippets.

    Filters: lang, script (Cyrl, Latn), source, since, until (YYYY-MM-DD), entity (a name in any
    script), relevance (about | related | none, the least relevance kept).
    `order` is rank (bm25 over the matches, bounded) or date (newest first).
    """
    parsed = parse_query(query)
    where, params = filters(db, **filter_args)
    limit = max(1, min(int(limit), 1000))
    by_date = order == "date"
    try:
        found = db.execute(_search_sql(tuple(where), by_date), [parsed.fts, *params, CANDIDATES, limit]).fetchall()
    except Exception as exc:  # sqlite3.OperationalError from FTS5; our grammar should prevent it
        raise SearchError(f"cannot search for {query!r}: {exc}") from None
    # the order `best` chose (the join does not keep it): ties newest first, as the stable sort of the
    # rowid-ordered candidates did
    found.sort(key=(lambda r: (r[2] or "", r[0])) if by_date else (lambda r: (r[1], r[0])), reverse=True)
    rows = []
    for doc_id, score, published, lang, source, title, url, text, title_keys, text_keys, marks in found:
        rows.append({"id": doc_id, "published": published, "lang": lang, "source": source, "title": title,
                     "url": url, "score": round(score, 3),
                     "snippet": (snippet(text or "", parsed, 30, lang, text_keys, marks)
                                 or snippet(title or "", parsed, 30, lang, title_keys))})
    return rows


@functools.lru_cache(maxsize=256)
def _search_sql(where: tuple[str, ...], by_date: bool) -> str:
    """One statement (one round trip) for a search with the filters' conditions `where`: the CANDIDATES
    newest matches with their bm25 (joined to the documents only when a filter or the date order needs
    them), the `limit` best of them, and for those the document's fields, its text and the keys the index
    stored for it (only while they are its text's: state processed or failed; a document stored since may
    have a former version indexed), and its text's word marks (`word_marks`).

    The keys are read from the FTS5 table's own content table, `search_index_content` (id, c0 = title,
    c1 = text, as the FTS5 documentation describes it): a lookup by rowid through the virtual table cost
    ~5 µs a row, a fifth of a rare-term search's SQL for its 20 rows; the b-tree lookup a fraction of it.
    """
    fresh = "d.state in ('processed', 'failed')"
    return f"""
        with candidates as (
            select search_index.rowid as doc_id, -bm25(search_index, 3.0, 1.0) as score
                   {', d.published as published' if by_date else ''}
            from search_index {'join documents d on d.id = search_index.rowid' if where or by_date else ''}
            where search_index match ? {''.join(' and ' + w for w in where)}
            order by search_index.rowid desc limit ?),
        best as (select * from candidates
                 order by {"coalesce(published, '') desc" if by_date else 'score desc'}, doc_id desc limit ?)
        select best.doc_id, best.score, d.published, d.lang, d.source_id, d.title, d.url, d.text,
               case when {fresh} then s.c0 end, case when {fresh} then s.c1 end, case when {fresh} then m.marks end
        from best join documents d on d.id = best.doc_id left join search_index_content s on s.id = best.doc_id
             left join search_marks m on m.id = best.doc_id"""


def _matches(word: str, parsed: Query, lang: Optional[str]) -> bool:
    return index_key(word, lang) in parsed.keys or any(fold_prefix(word).startswith(p) for p in parsed.prefixes)


def snippet(text: str, parsed: Query, width: int = 30, lang: Optional[str] = None,
            keys: Optional[str] = None, marks: Optional[bytes] = None) -> str:
    """About `width` words of `text` (in `lang`) around its first matching word; '' when no word matches.

    `keys`: the text's keys as the index stored them with it (`fold_text(text,
    lang)`, one per word): words are matched on them instead of being folded.
    Otherwise words are folded only up to the first match and through its
    window, not the whole text: on a rare term the snippets were most of the
    search time.  `marks`: the `word_marks` of the text and keys, stored with the keys, to find those words
    by (not used when they are another text's or other keys').
    """
    if keys is not None:
        try:
            return _snippet_on_keys(text or "", parsed, width, keys, marks)
        except _Misaligned:
            pass     # not one key per word of this text after all: fold its words instead
    before = width // 3
    found = words(text)
    recent: collections.deque = collections.deque(maxlen=before + 1)   # the first hit and the words before it
    hit = -1
    for hit, m in enumerate(found):
        recent.append(m)
        if _matches(m.group(), parsed, lang):
            break
    else:
        return ""
    first = max(0, hit - before)
    window, hits, more = list(recent), {hit}, False
    for i, m in enumerate(found, start=hit + 1):
        if i >= first + width:
            more = True          # a word after the window: the snippet is cut there
            break
        window.append(m)
        if _matches(m.group(), parsed, lang):
            hits.add(i)
    out, pos = [], window[0].start()
    for i, m in enumerate(window, start=first):
        out.append(text[pos:m.start()])
        out.append(f"[{m.group()}]" if i in hits else m.group())
        pos = m.end()
    body = " ".join("".join(out).split())
    return ("…" if first > 0 else "") + body + ("…" if more else "")


# `words` (kb.fold.WORD) as possessive patterns: what lies before a word is [\W_]*, and the word is WORD
# itself; possessive quantifiers never hand back a letter, so the words these patterns match are the words
# `words` gives, and a text with fewer words fails at once instead of backtracking.
_GAP, _WORD = r"[\W_]*+", r"[^\W_]++(?:[" + APOSTROPHES + r"][^\W_]++)*+"


@functools.lru_cache(maxsize=1024)
def _skip(n: int) -> re.Pattern:
    """Matches the first n words of a text (and what lies before them), in C: no match object per word."""
    return re.compile(f"(?:{_GAP}{_WORD}){{{n}}}")


WINDOW_GROUPS = 64    # wider snippets than search's 30 words find their words one match object each


@functools.lru_cache(maxsize=WINDOW_GROUPS)
def _window(n: int) -> re.Pattern:
    """Matches the next n words of a text, each one a group."""
    return re.compile(f"{_GAP}({_WORD})" * n)


class _Misaligned(Exception):
    """The stored keys are not one per word of the text (it has fewer words)."""


def _snippet_on_keys(text: str, parsed: Query, width: int, stored: str, marks: Optional[bytes] = None) -> str:
    """`snippet` with each word's key given: `stored` holds the key of each word of `text`, space-separated."""
    if not stored:
        return ""
    if marks is not None:
        try:
            length, keys_length, count = _HEAD.unpack_from(marks)
        except (struct.error, TypeError):      # not marks at all: the text is scanned
            length = keys_length = -1
        if length != len(text) or keys_length != len(stored):
            marks = None          # another text's or other keys' marks
    if parsed.prefixes:
        return _snippet_on_key_list(text, parsed, width, stored.split(" "), marks)
    # hits found in C: str.find of " key " for each key, a hit's index the spaces before it
    padded, at = f" {stored} ", -1
    for needle in parsed.spaced:       # the first hit; a later key's find stops before it
        found = padded.find(needle, 0, at + len(needle) - 1) if at >= 0 else padded.find(needle)
        if found >= 0:
            at = found
    if at < 0:
        return ""
    first_hit = padded.count(" ", 0, at)
    if marks is None:
        count = stored.count(" ") + 1      # a scan of all the keys: the marks know it
    first = max(0, first_hit - width // 3)
    last = min(count, first + width) - 1
    return _cut(text, first, last, _hits(padded, parsed.spaced, at, first_hit, last), last < count - 1, marks)


def _hits(padded: str, spaced: tuple[str, ...], at: int, first_hit: int, last: int) -> list[int]:
    """The indexes first_hit..last of the words whose key is one of `spaced` (" key "), the first at `at`."""
    hits = {first_hit}
    for needle in spaced:
        p = padded.find(needle, at + 1)
        while p >= 0:
            i = first_hit + padded.count(" ", at, p)
            if i > last:
                break
            hits.add(i)
            p = padded.find(needle, p + 1)
    return sorted(hits)


def _snippet_on_key_list(text: str, parsed: Query, width: int, stored: list[str],
                         marks: Optional[bytes] = None) -> str:
    """`_snippet_on_keys` for a query with prefixes: a word hits on its key or on its folded spelling."""
    keys, prefixes = parsed.keys, parsed.prefixes
    found = WORD.findall(text)

    def hit(i: int) -> bool:
        return stored[i] in keys or any(fold_prefix(found[i]).startswith(p) for p in prefixes)

    first_hit = next((i for i in range(min(len(stored), len(found))) if hit(i)), None)
    if first_hit is None:
        return ""
    first = max(0, first_hit - width // 3)
    last = min(len(stored), first + width) - 1
    if last >= len(found):        # more keys than words: the window's hits would look past the last word
        raise _Misaligned(last)
    return _cut(text, first, last, [i for i in range(first_hit, last + 1) if hit(i)], last < len(stored) - 1,
                marks)


def _cut(text: str, first: int, last: int, hits: list[int], more: bool, marks: Optional[bytes] = None) -> str:
    """Words first..last of `text`, the words `hits` in [brackets], whitespace made single spaces, '…' where
    the text goes on; the words are found from the text's word marks (`word_marks`, checked by the caller)
    when given, otherwise by one pattern for those before the window and one for it."""
    if marks is not None:
        spans = _spans_by_marks(text, marks, (first, *hits, last))
        pos, end, hit_spans = spans[0][0], spans[-1][1], spans[1:-1]
    else:
        span, pos, end = _scan(text, first, last)
        hit_spans = [span(i) for i in hits]
    if len(hit_spans) == 1:       # most snippets: one piece of text on each side of the hit
        (start, stop), = hit_spans
        body = f"{text[pos:start]}[{text[start:stop]}]{text[stop:end]}"
    else:
        out = []
        for start, stop in hit_spans:
            out += (text[pos:start], "[", text[start:stop], "]")
            pos = stop
        out.append(text[pos:end])
        body = "".join(out)
    if "  " in body or not body.isprintable():   # whitespace other than single spaces (str.split's are all
        body = " ".join(body.split())            # unprintable but the space itself)
    return ("…" if first > 0 else "") + body + ("…" if more else "")


def _scan(text: str, first: int, last: int):
    """(span of word i for i in first..last, start of word first, end of word last), the words found by
    scanning `text` from its start: one pattern for those before the window and one for it."""
    skipped = _skip(first).match(text) if first else None
    if first and skipped is None:
        raise _Misaligned(first)
    n, pos = last + 1 - first, skipped.end() if skipped else 0
    if n <= WINDOW_GROUPS:
        window = _window(n).match(text, pos)
        if window is None:
            raise _Misaligned(last)
        return (lambda i: window.span(i - first + 1)), window.start(1), window.end()
    found = list(itertools.islice(WORD.finditer(text, pos), n))   # wide: a match object per word rather than
    if len(found) < n:                                            # a pattern of n groups
        raise _Misaligned(last)
    return (lambda i: found[i - first].span()), found[0].start(), found[-1].end()


# ---------------------------------------------------------------- word marks

MARK_EVERY = 8     # a mark every 8th word: a snippet's word is at most 7 words from the mark before it
WIDE_TEXT = 65536  # texts this long or longer have 4-byte marks, shorter ones 2-byte marks
_HEAD, _NARROW, _WIDE = struct.Struct("<3I"), struct.Struct("<H"), struct.Struct("<I")
_MARKED = re.compile(f"{_GAP}({_WORD})(?:{_GAP}{_WORD}){{0,{MARK_EVERY - 1}}}")   # MARK_EVERY words, the first a group
_NTH = tuple(re.compile(f"(?:{_GAP}{_WORD}){{{r}}}{_GAP}({_WORD})") for r in range(MARK_EVERY))   # word r after here
_PAIR = tuple(re.compile(f"(?:{_GAP}{_WORD}){{{r}}}{_GAP}({_WORD}){_GAP}({_WORD})") for r in range(MARK_EVERY))  # r, r+1


def word_marks(text: str, keys: str) -> bytes:
    """What a snippet of `text` is cut by, stored beside its `keys` (`fold_text(text)`) in `search_marks`: the
    lengths of the text and the keys in characters (marks of another text or other keys are not used), the
    number of keys, then the character offset of the text's words 0, MARK_EVERY, 2 × MARK_EVERY, … (the
    words `kb.fold.words` finds); little-endian, 4 bytes each in the head, 2 bytes an offset (4 in a WIDE_TEXT).
    A snippet then finds its words by scanning at most MARK_EVERY - 1 words from a mark instead of the
    text up to its window's end, and does not count the keys (bench KB of 200,000 documents: 10.6 → ~6 µs a
    snippet)."""
    starts = [m.start(1) for m in _MARKED.finditer(text)]
    return _HEAD.pack(len(text), len(keys), keys.count(" ") + 1 if keys else 0) + struct.pack(
        f"<{len(starts)}{'H' if len(text) < WIDE_TEXT else 'I'}", *starts)


def _spans_by_marks(text: str, marks: bytes, indexes: tuple[int, ...]) -> list[tuple[int, int]]:
    """The span of each word `indexes` of `text` (in order), found from the mark before it (`marks`: the
    text's `word_marks`), two consecutive words (a phrase's) by one pattern; _Misaligned when the text has
    no such word."""
    item = _NARROW if len(text) < WIDE_TEXT else _WIDE
    unpack, size, out, k, n = item.unpack_from, item.size, [], 0, len(indexes)
    while k < n:
        i = indexes[k]
        mark, after = divmod(i, MARK_EVERY)
        try:
            base = unpack(marks, _HEAD.size + size * mark)[0]
        except struct.error:       # beyond the last mark: fewer words
            raise _Misaligned(i) from None
        pair = k + 1 < n and indexes[k + 1] == i + 1
        found = (_PAIR if pair else _NTH)[after].match(text, base)
        if found is None:
            raise _Misaligned(i)
        if pair:
            out += (found.span(1), found.span(2))
            k += 2
        else:
            out.append(found.span(1))
            k += 1
    return out
