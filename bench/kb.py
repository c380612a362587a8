"""Benchmark of the knowledge base: ingest with extractions, search, commitment queries.

Builds a KB of synthetic documents (200,000 by default; `--docs N` for a quick
run) in a temporary directory: each document is stored with `save_document`
and its extractions (entities, money, dates, one commitment) with
`save_extraction`, as `icic process` does.  Then times searches for rare,
common and very common terms and phrases, and the analyst's commitment queries.

    python -m bench kb              # 200,000 documents
    python -m bench.kb --docs 20000
    python -m bench.kb --kb /tmp/kb200k.sqlite   # keep the KB; a second run only queries it
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

GOAL_INGEST = 1000      # documents per second, with extractions
GOAL_P95_MS = 50.0      # every kind of search

SYLLABLES_CYR = "ка ра ма та са на ла ба да за ко ро мо то со но ло бо ду зу ки ри ми ти си ни ли би ди зи".split()
SYLLABLES_LAT = "ka ra ma ta sa na la ba da za ko ro mo to so no lo bo du zu ki ri mi ti si ni li bi di zi".split()
ENDINGS = ["", "", "а", "у", "е", "ом", "ы", "лар", "ның", "да", "га"]
ACTORS = [f"Actor {i}" for i in range(200)]
ACTIONS = ["build", "open", "launch", "finance", "sign", "complete", "expand", "modernise", "supply", "connect"]
OBJECTS = [f"object{i}" for i in range(500)]


def vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    """Synthetic words in Cyrillic and Latin, most frequent first (Zipf-weighted when drawn)."""
    words = set()
    while len(words) < size:
        syl = SYLLABLES_CYR if rng.random() < 0.7 else SYLLABLES_LAT
        words.add("".join(rng.choice(syl) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Corpus:
    """Generates documents and their extractions; remembers which rare words and phrases it planted."""

    def __init__(self, n: int, seed: int = 7):
        self.rng = random.Random(seed)
        self.n = n
        self.vocab = vocabulary(self.rng)
        self.weights = [1 / (i + 1) for i in range(len(self.vocab))]
        self.rare = [f"редкослово{i}" for i in range(200)]          # each in ~n/4000 documents
        self.rare_phrases = [(f"zarbon{i}", f"qoʻrgʻon{i}") for i in range(200)]

    def text(self, i: int) -> str:
        rng = self.rng
        words = rng.choices(self.vocab, weights=self.weights, k=rng.randint(80, 160))
        words = [w + rng.choice(ENDINGS) if w[0] >= "а" else w for w in words]
        if rng.random() < 0.6:
            words.insert(rng.randrange(len(words)), rng.choice(["Казахстан", "Казахстана", "Қазақстанның"]))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), "Республики Казахстан")
        if rng.random() < 0.05:
            words.insert(rng.randrange(len(words)), rng.choice(["центр", "центра", "орталығы", "markazi"]))
        if rng.random() < 0.02:
            words.insert(rng.randrange(len(words)), rng.choice(["Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаевтың"]))
        if rng.random() < 0.05:
            words.insert(rng.randrange(len(words)), rng.choice(self.rare))
        if rng.random() < 0.05:
            words.insert(rng.randrange(len(words)), " ".join(rng.choice(self.rare_phrases)))
        return " ".join(words) + "."

    def extraction(self, i: int, text: str, published: dt.date) -> dict:
        rng = self.rng
        span = [0, 10]
        entities = [{"type": rng.choice("PER ORG LOC".split()), "text": f"Name{k}", "normal": f"Name{k}",
                     "canonical": f"Entity {k}", "span": span} for k in rng.sample(range(3000), 5)]
        deadline = published + dt.timedelta(days=rng.randint(-200, 1500))
        amount = rng.choice([None, 1e6, 5e7, 1.3e9])
        commitment = {"actor": rng.choice(ACTORS), "action": f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)}",
                      "action_en": None, "status": rng.choice(["planned", "planned", "in_progress", "completed"]),
                      "amount": {"amount": amount, "currency": "USD"} if amount else None,
                      "deadline": {"kind": "year", "start": None, "end": deadline.isoformat()},
                      "evidence": text[:120], "span": [0, 120]}
        return {"lang": "ru", "script": "Cyrl", "relevance": {"label": rng.choice(["about", "related", "none"]),
                                                             "score": 0.5},
                "entities": entities,
                "money": [{"text": "$1 млн", "amount": 1e6, "currency": "USD", "span": span}],
                "dates": [{"text": "2027", "kind": "year", "start": "2027-01-01", "end": "2027-12-31", "span": span}],
                "commitments": [commitment]}


def ingest(db, corpus: Corpus) -> tuple[float, float]:
    """Store every document with its extractions; returns documents per second of wall and of CPU time.

    Generating the synthetic text is not counted.  CPU time tells what one
    idle core does when the machine is shared (wall time then includes waits).
    """
    from kb.store import save_document, save_extraction

    start = dt.date(2024, 1, 1)
    wall = cpu = 0.0
    for i in range(corpus.n):
        published = start + dt.timedelta(days=i * 1000 // corpus.n)
        text = corpus.text(i)
        extraction = corpus.extraction(i, text, published)
        t0, c0 = time.perf_counter(), time.process_time()
        doc_id, _ = save_document(db, {"url": f"http://bench.test/{i}", "source_id": None, "title": f"Заголовок {i}",
                                       "text": text, "published": published.isoformat(), "lang_hint": "ru"})
        save_extraction(db, doc_id, extraction, "bench")
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        if (i + 1) % max(1, corpus.n // 10) == 0:
            print(f"  {i + 1} documents: {(i + 1) / wall:.0f}/s wall, {(i + 1) / cpu:.0f}/s CPU", flush=True)
    return corpus.n / wall, corpus.n / cpu


def timed(func, repeat: int) -> list[float]:
    """Milliseconds of each call of `func(k)` for k in range(repeat)."""
    out = []
    for k in range(repeat):
        t0 = time.perf_counter()
        func(k)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def report(name: str, ms: list[float], goal: float | None = GOAL_P95_MS, extra: str = "") -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    verdict = "" if goal is None else ("  ok" if p95 <= goal else f"  OVER GOAL ({goal:.0f} ms)")
    print(f"  {name:<34} p50 {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms{verdict}{extra}")


def bench_search(db, corpus: Corpus, repeat: int) -> None:
    from kb.search import search

    rng = random.Random(3)
    total = corpus.n
    kinds = {
        "rare term": lambda k: search(db, corpus.rare[k % len(corpus.rare)]),
        "common term (центр, ~5%)": lambda k: search(db, ["центр", "орталық", "markaz"][k % 3]),
        "very common term (Казахстан, ~60%)": lambda k: search(db, ["Казахстан", "Kazakhstan", "Қазақстан"][k % 3]),
        "very common vocabulary word": lambda k: search(db, corpus.vocab[k % 5]),
        "rare phrase": lambda k: search(db, '"%s %s"' % corpus.rare_phrases[k % len(corpus.rare_phrases)]),
        "common phrase (Токаев, ~2%)": lambda k: search(db, '"Касым-Жомарт Токаев"'),
        "very common phrase (~30%)": lambda k: search(db, '"Республики Казахстан"'),
        "two common terms AND": lambda k: search(db, "Казахстан центр"),
        "very common + filters": lambda k: search(db, "Казахстан", lang="ru", since="2025-01-01",
                                                  relevance="about"),
        "very common, newest first": lambda k: search(db, "Казахстан", order="date"),
        "very common, old date range": lambda k: search(db, "Казахстан", since="2024-02-01", until="2024-03-31"),
    }
    print(f"search ({repeat} queries each, {total} documents):")
    for name, func in kinds.items():
        hits = len(func(0))
        report(name, timed(func, repeat), extra=f"   ({hits} shown)")
    rng.random()


def bench_commitments(db, repeat: int) -> None:
    from kb.queries import list_entities, list_tracks, track_timeline

    tracks = db.execute("select count(*) from tracks").fetchone()[0]
    print(f"commitment queries ({tracks} tracks, {db['commitments'].count} reports):")
    as_of = dt.date(2026, 6, 1)
    queries = {
        "all tracks": lambda k: list_tracks(db, as_of=as_of),
        "--overdue": lambda k: list_tracks(db, overdue=True, as_of=as_of),
        "--due-soon 90": lambda k: list_tracks(db, due_soon=90, as_of=as_of),
        "--slipped": lambda k: list_tracks(db, slipped=True, as_of=as_of),
        "--actor X --status planned": lambda k: list_tracks(db, actor=f"Actor {k % 200}", status="planned",
                                                            as_of=as_of),
        "track timeline": lambda k: track_timeline(db, 1 + k % tracks, as_of=as_of),
        "entities (top 50, with co-mentions)": lambda k: list_entities(db, limit=50),
        "entities matching a name": lambda k: list_entities(db, f"Entity {k % 3000}"),
    }
    for name, func in queries.items():
        report(name, timed(func, max(5, repeat // 4)), goal=None, extra=f"   ({len(func(0)) if name != 'track timeline' else 1} rows)")
    print("  (commitment and entity queries have no goal in the issue; shown for scale)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kb", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200_000, help="documents to generate (default 200000)")
    parser.add_argument("--repeat", type=int, default=40, help="queries per kind")
    parser.add_argument("--kb", help="keep the KB at this path; when it exists, skip the ingest and only query it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="icic-bench-kb-") as tmp:
        path = Path(args.kb) if args.kb else Path(tmp) / "bench.sqlite"
        run(path, Corpus(args.docs), args.repeat, reuse=path.exists())
    return 0


def run(path: Path, corpus: Corpus, repeat: int, reuse: bool) -> None:
    """Ingest (unless reusing the KB at `path`), then time the queries."""
    from kb import open_db

    db = open_db(path)
    db.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, safe against corruption
    if reuse:
        print(f"reusing {path}: {db['documents'].count} documents")
    else:
        print(f"ingest: {corpus.n} synthetic documents with extractions into {path}")
        rate, cpu_rate = ingest(db, corpus)
        print(f"  ingest {rate:,.0f} documents/s wall, {cpu_rate:,.0f}/s CPU "
              f"{'ok' if rate >= GOAL_INGEST else f'UNDER GOAL ({GOAL_INGEST}/s)'}; load average "
              f"{os.getloadavg()[0]:.1f}; file {path.stat().st_size / 1e6:,.0f} MB")
        db.execute("PRAGMA optimize")
    bench_search(db, corpus, repeat)
    bench_commitments(db, repeat)
    db.close()


if __name__ == "__main__":
    raise SystemExit(main())
