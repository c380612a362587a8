"""Benchmark of long and pathological documents: time and memory per character, 10 k to 2 M characters.

Every stage must be linear: the time and the memory per character read stay flat as a text grows,
for news-like text and for the inputs that once made a stage quadratic (a million digits, one line
without a break, one word repeated).  Each (kind, size) runs in a fresh process, so its peak memory
is its own; "MB" is the peak resident memory while reading, above that of the loaded pipeline with the
text in memory (sampled every 5 ms).  The pipeline reads
the whole text here (max_chars off); with the default nlp.max_chars (500,000) a longer text is read
only that far, which the last column shows (seconds for the whole run with the default cap).

    .venv/bin/python -m bench long
    .venv/bin/python -m bench.long --sizes 10000 100000 --kinds digits
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import threading
import time

SIZES = [10_000, 100_000, 500_000, 1_000_000, 2_000_000]
KINDS = ["news", "digits", "one-line", "one-word"]


def news(chars: int) -> str:
    """Sentences of bench.read shuffled into paragraphs of four, in every language."""
    from bench.read import SENTENCES

    rnd, sentences, out, size = random.Random(1), [s for group in SENTENCES.values() for s in group], [], 0
    while size < chars:
        out.append(" ".join(rnd.choice(sentences) for _ in range(4)))
        size += len(out[-1]) + 1
    return "\n".join(out)[:chars]


def text_of(kind: str, chars: int) -> str:
    if kind == "news":
        return news(chars)
    if kind == "digits":
        return "7" * chars
    if kind == "one-line":
        return news(chars).replace("\n", " ")
    return ("markaz " * (chars // 7 + 1))[:chars]


def rss_mb() -> float:
    """The resident memory of this process now (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2 ** 20


class PeakRSS:
    """Samples the resident memory every 5 ms in a thread; `.peak` is the highest seen."""

    def __enter__(self) -> "PeakRSS":
        self.peak, self._stop = rss_mb(), threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def one(kind: str, chars: int, capped: bool) -> dict:
    """Read one text in this process: seconds, and peak resident memory above the warmed-up pipeline's."""
    from nlp.pipeline import MAX_CHARS, Pipeline, Settings

    pipeline = Pipeline(Settings(max_chars=MAX_CHARS if capped else None))
    pipeline(news(20_000), "2026-11-01")          # every model loaded, every cache warm
    text = text_of(kind, chars)
    base = rss_mb()
    with PeakRSS() as memory:
        started = time.perf_counter()
        pipeline(text, "2026-11-01")
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "mb": max(0.0, memory.peak - base)}


def measure(kind: str, chars: int, capped: bool = False) -> dict:
    code = f"import json, bench.long as b; print(json.dumps(b.one({kind!r}, {chars}, {capped})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench long", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--kinds", nargs="+", default=KINDS, choices=KINDS)
    args = parser.parse_args(argv)
    print(f"{'kind':9} {'chars':>9} {'seconds':>8} {'µs/char':>8} {'MB':>7} {'bytes/char':>10} {'capped s':>8}")
    for kind in args.kinds:
        for chars in args.sizes:
            whole = measure(kind, chars)
            capped = measure(kind, chars, capped=True)["seconds"] if chars > 500_000 else whole["seconds"]
            print(f"{kind:9} {chars:>9,} {whole['seconds']:>8.2f} {whole['seconds'] / chars * 1e6:>8.2f} "
                  f"{whole['mb']:>7.0f} {whole['mb'] * 2 ** 20 / chars:>10.0f} {capped:>8.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
