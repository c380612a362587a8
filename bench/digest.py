"""Digest benchmark: build, render and mail the digest from a large synthetic KB.

    python -m bench digest [--docs N] [--per-day N]

The KB is written row by row in a temp folder (N documents over 60 days in
four languages, reprint clusters, mentions, money, tracks with events); then
the digest for the last day is built (queries, chart, HTML, text), turned
into a MIME message, and sent to an aiosmtpd server on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

LANGS = ("ru", "kk", "uz", "en")


def fill(db, docs: int, days: int, end: dt.datetime) -> None:
    """Synthetic rows shaped like a processed KB (titles and texts are numbered placeholders)."""
    rng = random.Random(7)
    db["sources"].insert_all(({"id": f"s{i}", "name": f"Outlet {i}"} for i in range(40)), pk="id")
    db["clusters"].insert_all(({"id": i, "size": 2} for i in range(1, docs // 10 + 1)), pk="id")
    rows = []
    for i in range(docs):
        moment = end - dt.timedelta(seconds=rng.randrange(days * 86400))
        rows.append({"id": i + 1, "url": f"http://bench.test/{i}", "source_id": f"s{i % 40}",
                     "title": f"Center news item {i}", "text": f"Report number {i} on the border center. " * 20,
                     "content_hash": str(i), "lang": LANGS[i % 4], "published": moment.isoformat(),
                     "first_seen": moment.isoformat(), "relevance": rng.choice(("about", "related", "none")),
                     "relevance_score": 0.8, "state": "processed", "version": 1,
                     "cluster_id": (i // 2) + 1 if i < docs // 5 else None})
    db["documents"].insert_all(rows, batch_size=1000)
    db["document_urls"].insert_all(({"url": r["url"], "document_id": r["id"], "source_id": r["source_id"],
                                     "kind": "canonical"} for r in rows), batch_size=1000)
    db["mentions"].insert_all(({"document_id": r["id"], "start": k, "end": k + 5, "text": f"Name {k}",
                                "normal": f"Name {(r['id'] + k) % 300}", "type": "ORG"}
                               for r in rows for k in range(10)), batch_size=5000)
    db["money"].insert_all(({"document_id": r["id"], "start": 0, "end": 5, "text": "amount", "amount": 1e6 * k,
                             "currency": "USD", "usd": 1e6 * k} for r in rows for k in (1, r["id"] % 97)),
                           batch_size=5000)
    tracks = docs // 10
    db["tracks"].insert_all(({"id": t + 1, "action_en": f"commitment {t}", "status": "planned",
                              "deadline_end": (end.date() + dt.timedelta(days=rng.randrange(-200, 400))).isoformat(),
                              "first_reported": rows[t]["published"]} for t in range(tracks)), pk="id")
    db["track_events"].insert_all(({"track_id": t + 1, "date": rows[t * 3 % docs]["published"], "field": "deadline",
                                    "old": "2026-01-01", "new": "2026-12-31"} for t in range(tracks)))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench digest")
    parser.add_argument("--docs", type=int, default=20000)
    args = parser.parse_args(argv)

    from email import policy

    from icic.config import load_config
    from kb import open_db
    from reports.digest import build_digest, write_files
    from reports.message import build_message

    config = load_config()
    day = dt.date(2026, 11, 21)
    end = dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.sqlite")
        t0 = time.perf_counter()
        fill(db, args.docs, 60, end)
        print(f"KB: {args.docs} documents, {db['mentions'].count} mentions, {db['tracks'].count} tracks "
              f"({time.perf_counter() - t0:.1f}s to fill)")
        timings = {}
        for _ in range(3):  # the best of three: the first pays for imports and font caches
            t0 = time.perf_counter()
            digest = build_digest(db, config, day)
            t1 = time.perf_counter()
            files = write_files(digest, config, Path(tmp) / "out")
            t2 = time.perf_counter()
            payload = build_message(digest, config, ["ops@example.org"]).as_bytes(policy=policy.SMTP)
            t3 = time.perf_counter()
            for key, value in (("build (queries, chart, text)", t1 - t0), ("write files", t2 - t1),
                               ("MIME message", t3 - t2)):
                timings[key] = min(timings.get(key, value), value)
        ctx = digest.context
        print(f"digest for {day}: {len(ctx['about'])} about, {len(ctx['related']) + ctx['related_more']} related, "
              f"{len(ctx['changes']) + ctx['changes_more']} track changes, message {len(payload) / 1024:.0f} KiB, "
              f"chart {len(digest.chart) / 1024:.0f} KiB, html {files[0].stat().st_size / 1024:.0f} KiB")
        for key, value in timings.items():
            print(f"  {key:30s} {value * 1000:8.0f} ms")
