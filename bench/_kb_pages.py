"""Where `bench kb`'s ingest writes: pages per document of each table and index, at chosen KB sizes.

Not a benchmark (no goal, not in `make bench`): the profile that picks the lever.  It ingests `bench kb`'s
synthetic documents as `bench kb` does; at each chosen size it checkpoints, then for a window of documents
takes over the automatic checkpoint: whenever the WAL holds `open_db`'s 40,000 frames (or the window ends)
it reads the WAL's frame headers (the page number of every page written), names each page's table or index
with `dbstat`, and checkpoints.  "WAL" counts a page once per commit that wrote it, as the WAL holds it;
"checkpoint" counts it once per checkpoint, as the checkpoint copies it into the database file.  The two
together are what `bench kb` counts as bytes written (`/proc/self/io` wchar), at the same checkpoint cadence.

    python -m bench._kb_pages --docs 52000 --at 0,10000,50000
    python -m bench._kb_pages --docs 200000 --at 0,180000 --window 20000     # bench kb's first and last tenth
"""
from __future__ import annotations

import argparse
import collections
import struct
import tempfile
import time
from pathlib import Path

from bench.kb import BATCH, Corpus, _store, documents, written_bytes

CHECKPOINT_FRAMES = 40_000      # open_db's wal_autocheckpoint


def wal_frames(path: Path) -> collections.Counter:
    """{page number: frames of it} in the WAL of the database at `path` (format: sqlite.org/fileformat.html)."""
    data = Path(f"{path}-wal").read_bytes()
    if len(data) < 32:
        return collections.Counter()
    page_size = struct.unpack(">I", data[8:12])[0]
    frames: collections.Counter = collections.Counter()
    for offset in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        frames[struct.unpack(">I", data[offset:offset + 4])[0]] += 1
    return frames


class Window:
    """The pages written while profiling `docs` documents from `at`, by table or index."""

    def __init__(self, at: int):
        self.at, self.start = at, (written_bytes(), time.process_time())
        self.wal: collections.Counter = collections.Counter()
        self.checkpointed: collections.Counter = collections.Counter()
        self.checkpoints = 0

    def checkpoint(self, db, path: Path) -> None:
        """Attribute the WAL's frames and the pages the checkpoint will copy, then checkpoint."""
        frames = wal_frames(path)
        if frames:
            names = dict(db.execute("select pageno, name from dbstat").fetchall())
            for page, n in frames.items():
                name = names.get(page, "(freed)")
                self.wal[name] += n
                self.checkpointed[name] += 1
            self.checkpoints += 1
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def report(self, db, docs: int, batch: int) -> None:
        """Print the window's KiB per document, then its 18 biggest writers."""
        written, cpu = written_bytes() - self.start[0], time.process_time() - self.start[1]
        wal, checkpointed = sum(self.wal.values()), sum(self.checkpointed.values())
        pages = dict(db.execute("select name, count(*) from dbstat group by name").fetchall())
        print(f"at {self.at:,} documents, {docs:,} more, {batch} per transaction, {self.checkpoints} checkpoints: "
              f"{written / docs / 1024:.1f} KiB written a document (wchar); pages a document {wal / docs:.2f} to the "
              f"WAL + {checkpointed / docs:.2f} checkpointed = {(wal + checkpointed) / docs:.2f}; "
              f"{docs / cpu:,.0f} documents/s CPU (profiling included)", flush=True)
        total = self.wal + self.checkpointed
        for name, n in total.most_common(18):
            print(f"  {name:<40} {n / docs:6.2f}  = WAL {self.wal[name] / docs:5.2f} + checkpoint "
                  f"{self.checkpointed[name] / docs:5.2f}  ({pages.get(name, 0):,} pages now)")


def profile(path: Path, corpus: Corpus, sizes: list[int], window: int, batch: int,
            checkpoint_frames: int = CHECKPOINT_FRAMES) -> None:
    """Ingest `corpus` into a new KB at `path`, profiling `window` documents from each of `sizes`, checkpointing
    there every `checkpoint_frames` frames of WAL (elsewhere open_db's automatic checkpoint runs)."""
    from kb import open_db
    from kb.store import write_batch

    db = open_db(path)
    sizes, queued, current = sorted(sizes), [], None
    for i, item, extraction in documents(corpus):
        if current is None and sizes and i == sizes[0]:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("PRAGMA wal_autocheckpoint = 0")
            current = Window(i)
        queued.append((item, extraction))
        if len(queued) >= batch or i + 1 == corpus.n:
            with write_batch(db, batch) as writes:
                for queued_item, queued_extraction in queued:
                    writes.add(_store, queued_item, queued_extraction)
            queued = []
            if current is not None and Path(f"{path}-wal").stat().st_size >= checkpoint_frames * (24 + 4096):
                current.checkpoint(db, path)
        if current is not None and (i + 1 >= current.at + window or i + 1 == corpus.n) and not queued:
            current.checkpoint(db, path)
            current.report(db, i + 1 - current.at, batch)
            db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_FRAMES}")
            sizes.pop(0)
            current = None
    db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench._kb_pages", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=52_000, help="documents to ingest (default 52000)")
    parser.add_argument("--at", default="0,10000,50000", help="KB sizes to profile at, comma-separated")
    parser.add_argument("--window", type=int, default=2000, help="documents profiled at each size")
    parser.add_argument("--batch", type=int, default=BATCH, help=f"documents per transaction (default {BATCH})")
    parser.add_argument("--checkpoint-frames", type=int, default=CHECKPOINT_FRAMES,
                        help=f"WAL frames between checkpoints in a window (default {CHECKPOINT_FRAMES}, open_db's)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="icic-bench-kb-pages-") as tmp:
        profile(Path(tmp) / "kb.sqlite", Corpus(args.docs), [int(s) for s in args.at.split(",")], args.window,
                args.batch, args.checkpoint_frames)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
