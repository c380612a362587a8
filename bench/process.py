"""Benchmark of `icic process`: the same pending documents read on one worker and on two.

Builds a KB of articles made from the sample articles (all languages, ~3,000
characters each), copies it, and processes one copy with `workers=1` (in one
process, as `icic process --workers 1` does) and the other with `workers=2`,
each run in a fresh Python process (so neither finds models the other loaded);
prints documents per second of each, the ratio (goal >= 1.7 on an idle
2-core machine) and the load average, which says how idle the machine was.
Rounds of both in turn (`--rounds`, default 3); the figures are medians.

    python -m bench process                # 240 documents
    python -m bench.process --docs 120 --rounds 5
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
    t0, cpu0 = time.perf_counter(), time.process_time()
    stats = process_parallel(db, Settings(), workers=workers, progress=lambda s: stored.append(time.perf_counter()))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    db.close()
    steady = (len(stored) - 1) / (stored[-1] - stored[0]) if len(stored) > 1 and stored[-1] > stored[0] else 0.0
    return {"seconds": elapsed, "docs": stats.processed, "rate": stats.processed / elapsed, "steady": steady,
            "idle_seconds": idle_seconds(cpu, stats.setup_cpu, stats.worker_cpu),
            "setup_cpu": stats.setup_cpu, "waited": sum(stats.worker_wait), "langs": stats.worker_langs,
            "read_ms": 1000 * stats.read_cpu / max(stats.processed, 1), "read_faults": stats.read_faults / max(stats.processed, 1)}


def idle_seconds(cpu: float, setup: float, workers: list[float]) -> float:
    """What the run would take on an idle 2-core machine, from CPU times: one process, its CPU time; on
    workers, the parent's setup, then the longest worker or the workers' and the parent's writing
    shared over two cores, whichever is longer.  Busy neighbours stretch wall time far more than CPU
    time, so this says what the wall-time ratio hides on a shared machine (an estimate: it leaves out
    what the processes cost each other in caches and memory bandwidth)."""
    if not workers:
        return cpu
    return setup + max(max(workers), (sum(workers) + cpu - setup) / 2)


def timed_in_child(path: Path, workers: int) -> dict:
    """`timed_process` in a fresh interpreter: models and imports are loaded from nothing in each run."""
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "bench.process", "--run", str(path), str(workers)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.process", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=240)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of one worker and two in turn (default 3): medians, so a burst of load "
                             "on a shared machine moves the ratio less")
    parser.add_argument("--run", nargs=2, metavar=("KB", "WORKERS"), help=argparse.SUPPRESS)  # one timed run
    args = parser.parse_args(argv)
    if args.run:
        import json

        print(json.dumps(timed_process(Path(args.run[0]), int(args.run[1]))))
        return 0
    with tempfile.TemporaryDirectory(prefix="icic-bench-process-") as tmp:
        pristine = Path(tmp) / "pristine.sqlite"
        build_kb(pristine, args.docs)
        print(f"process: {args.docs} documents (ru, kk, uz, en), models loaded in each run; "
              f"load average {os.getloadavg()[0]:.1f} before", flush=True)
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for n in range(args.rounds):
            for workers in ((1, 2) if n % 2 == 0 else (2, 1)):   # neither always meets the same load
                path = Path(tmp) / f"run-{n}-{workers}.sqlite"
                shutil.copy(pristine, path)
                runs[workers].append(timed_in_child(path, workers))
                path.unlink()
            one, two = runs[1][-1], runs[2][-1]
            print(f"  round {n + 1}: 1 worker {one['rate']:.1f}/s, 2 workers {two['rate']:.1f}/s: "
                  f"{two['rate'] / one['rate']:.2f}; load average {os.getloadavg()[0]:.1f}; the 2 workers read "
                  f"{' and '.join('+'.join(langs) for langs in two['langs'])}", flush=True)
        for workers, results in runs.items():
            print(f"  {workers} worker{'s' if workers > 1 else ' '}: {median([r['rate'] for r in results]):6.1f} "
                  f"documents/s in all ({median([r['seconds'] for r in results]):.1f}s, models loaded included), "
                  f"{median([r['steady'] for r in results]):6.1f}/s once the first is stored (medians)")
        ratio = median([r["rate"] for r in runs[2]]) / median([r["rate"] for r in runs[1]])
        by_cpu = median([r["idle_seconds"] for r in runs[1]]) / median([r["idle_seconds"] for r in runs[2]])
        steady = median([r["steady"] for r in runs[2]]) / max(median([r["steady"] for r in runs[1]]), 1e-9)
        print(f"  ratio 2 workers / 1 worker: {ratio:.2f} in all, {steady:.2f} once loaded (goal >= {GOAL_RATIO} on an "
              f"idle machine); load average {os.getloadavg()[0]:.1f} after")
        print(f"  ratio from CPU times (idle 2-core machine estimated, `idle_seconds`): {by_cpu:.2f} "
              f"({median([r['idle_seconds'] for r in runs[1]]):.1f}s and {median([r['idle_seconds'] for r in runs[2]]):.1f}s)")
        print(f"  2 workers, where a core idled: the parent's setup before forking {median([r['setup_cpu'] for r in runs[2]]):.2f}s "
              f"CPU (the same loading on 1 worker {median([r['setup_cpu'] for r in runs[1]]):.2f}s); the workers waited for documents {median([r['waited'] for r in runs[2]]):.2f}s in all after their "
              f"first (medians; waits grow with the load)")
        one, two = (median([r["read_ms"] for r in runs[w]]) for w in (1, 2))
        print(f"  reading alone, CPU a document: 1 worker {one:.1f} ms, 2 workers {two:.1f} ms ({100 * (two / one - 1):+.0f} %); "
              f"minor page faults a document {median([r['read_faults'] for r in runs[1]]):.0f} and "
              f"{median([r['read_faults'] for r in runs[2]]):.0f} (a worker's include its copies of the parent's pages; medians)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
