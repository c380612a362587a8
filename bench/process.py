"""Benchmark of `icic process`: the same pending documents read on one worker and on two.

Builds a KB of articles made from the sample articles (all languages, ~3,000
characters each), copies it, and processes one copy with `workers=1` (in one
process, as `icic process --workers 1` does) and the other with `workers=2`,
each run in a fresh Python process (so neither finds models the other loaded);
prints documents per second of each, the ratio (goal >= 1.7 on an idle
2-core machine) and the load average, which says how idle the machine was.

    python -m bench process                # 240 documents
    python -m bench.process --docs 120
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

GOAL_RATIO = 1.7


def build_kb(path: Path, count: int) -> None:
    """`count` documents (each language in turn) stored as a crawl would, none processed."""
    from bench.extract import articles_of, sample_texts
    from kb import open_db
    from kb.store import save_document

    groups = sample_texts()
    texts = {g: articles_of(p, count=count // len(groups) + 1) for g, p in groups.items()}
    db = open_db(path)
    for i in range(count):
        group = sorted(texts)[i % len(texts)]
        save_document(db, {"url": f"http://bench.test/{i}", "source_id": None, "title": f"Article {i}",
                           "text": texts[group][i // len(texts)], "published": "2025-11-15",
                           "lang_hint": group.split("-")[0]})
    db.close()


def timed_process(path: Path, workers: int) -> dict:
    """`process_parallel` on the KB at `path`: seconds in all (models loaded included), documents, and the
    rate once the first document is stored (models loaded: the parallel part alone)."""
    from icic.process import process_parallel
    from kb import open_db
    from nlp.pipeline import Settings

    db = open_db(path)
    stored: list[float] = []
    t0 = time.perf_counter()
    stats = process_parallel(db, Settings(), workers=workers, progress=lambda s: stored.append(time.perf_counter()))
    elapsed = time.perf_counter() - t0
    db.close()
    steady = (len(stored) - 1) / (stored[-1] - stored[0]) if len(stored) > 1 and stored[-1] > stored[0] else 0.0
    return {"seconds": elapsed, "docs": stats.processed, "rate": stats.processed / elapsed, "steady": steady}


def timed_in_child(path: Path, workers: int) -> dict:
    """`timed_process` in a fresh interpreter: models and imports are loaded from nothing in each run."""
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "bench.process", "--run", str(path), str(workers)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.process", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=240)
    parser.add_argument("--run", nargs=2, metavar=("KB", "WORKERS"), help=argparse.SUPPRESS)  # one timed run
    args = parser.parse_args(argv)
    if args.run:
        import json

        print(json.dumps(timed_process(Path(args.run[0]), int(args.run[1]))))
        return 0
    with tempfile.TemporaryDirectory(prefix="icic-bench-process-") as tmp:
        one, two = Path(tmp) / "one.sqlite", Path(tmp) / "two.sqlite"
        build_kb(one, args.docs)
        shutil.copy(one, two)
        print(f"process: {args.docs} documents (ru, kk, uz, en), models loaded in each run; "
              f"load average {os.getloadavg()[0]:.1f} before")
        runs = {}
        for workers, path in ((1, one), (2, two)):
            r = runs[workers] = timed_in_child(path, workers)
            print(f"  {workers} worker{'s' if workers > 1 else ' '}: {r['rate']:6.1f} documents/s in all ({r['seconds']:.1f}s, "
                  f"models loaded included), {r['steady']:6.1f}/s once the first is stored", flush=True)
        one_r, two_r = runs[1], runs[2]
        print(f"  ratio 2 workers / 1 worker: {two_r['rate'] / one_r['rate']:.2f} in all, "
              f"{two_r['steady'] / max(one_r['steady'], 1e-9):.2f} once loaded (goal >= {GOAL_RATIO} on an idle "
              f"machine); load average {os.getloadavg()[0]:.1f} after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
