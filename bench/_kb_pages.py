"""Where `bench kb`'s ingest writes: WAL pages per document of each table and index, at chosen KB sizes.

Not a benchmark (no goal, not in `make bench`): the profile that picks the lever.  It ingests `bench kb`'s
synthetic documents as `bench kb` does; at each chosen size it checkpoints, stops automatic checkpoints for
a window of documents, then reads the WAL's frame headers (the page number of every page written) and
names each page's table or index with `dbstat`.  A page written by several commits of the window counts
once per commit ("frames"), as the WAL holds it; "distinct" counts it once, as a checkpoint copies it.

    python -m bench._kb_pages --docs 52000 --at 0,10000,50000
    python -m bench._kb_pages --docs 194000 --at 0,16000,96000,190000 --window 4000
"""
from __future__ import annotations

import argparse
import collections
import struct
import tempfile
import time
from pathlib import Path

from bench.kb import BATCH, Corpus, _store, documents, written_bytes


def wal_frames(path: Path) -> collections.Counter:
    """{page number: frames of it} in the WAL of the database at `path` (format: sqlite.org/fileformat.html)."""
    data = Path(f"{path}-wal").read_bytes()
    page_size = struct.unpack(">I", data[8:12])[0]
    frames: collections.Counter = collections.Counter()
    for offset in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        frames[struct.unpack(">I", data[offset:offset + 4])[0]] += 1
    return frames


def report(db, path: Path, at: int, docs: int, batch: int, wal_bytes: int, cpu: float) -> None:
    """Print the window's WAL and checkpoint KiB per document, then its 16 biggest writers."""
    frames = wal_frames(path)
    names = dict(db.execute("select pageno, name from dbstat").fetchall())
    written, distinct = collections.Counter(), collections.Counter()
    for page, n in frames.items():
        name = names.get(page, "(freed)")
        written[name] += n
        distinct[name] += 1
    before = written_bytes()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint = written_bytes() - before
    pages = dict(db.execute("select name, count(*) from dbstat group by name").fetchall())
    print(f"at {at:,} documents, {docs:,} more, {batch} per transaction: WAL {wal_bytes / docs / 1024:.1f} KiB "
          f"a document, checkpoint {checkpoint / docs / 1024:.1f}; pages a document {sum(written.values()) / docs:.2f} "
          f"written, {sum(distinct.values()) / docs:.2f} distinct; {docs / cpu:,.0f} documents/s CPU", flush=True)
    for name, n in written.most_common(16):
        print(f"  {name:<40} {n / docs:6.2f} written  {distinct[name] / docs:6.2f} distinct  ({pages.get(name, 0):,} "
              "pages now)")


def profile(path: Path, corpus: Corpus, sizes: list[int], window: int, batch: int) -> None:
    """Ingest `corpus` into a new KB at `path`, profiling `window` documents from each of `sizes`."""
    from kb import open_db
    from kb.store import write_batch

    db = open_db(path)
    sizes, queued, start = sorted(sizes), [], None
    for i, item, extraction in documents(corpus):
        if start is None and sizes and i == sizes[0]:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("PRAGMA wal_autocheckpoint = 0")
            start = (i, written_bytes(), time.process_time())
        queued.append((item, extraction))
        if len(queued) >= batch or i + 1 == corpus.n:
            with write_batch(db, batch) as writes:
                for queued_item, queued_extraction in queued:
                    writes.add(_store, queued_item, queued_extraction)
            queued = []
        if start is not None and i + 1 >= start[0] + window and not queued:
            report(db, path, start[0], i + 1 - start[0], batch, written_bytes() - start[1],
                   time.process_time() - start[2])
            db.execute("PRAGMA wal_autocheckpoint = 40000")    # open_db's
            sizes.pop(0)
            start = None
    db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench._kb_pages", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=52_000, help="documents to ingest (default 52000)")
    parser.add_argument("--at", default="0,10000,50000", help="KB sizes to profile at, comma-separated")
    parser.add_argument("--window", type=int, default=2000, help="documents profiled at each size")
    parser.add_argument("--batch", type=int, default=BATCH, help=f"documents per transaction (default {BATCH})")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="icic-bench-kb-pages-") as tmp:
        profile(Path(tmp) / "kb.sqlite", Corpus(args.docs), [int(s) for s in args.at.split(",")], args.window,
                args.batch)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
