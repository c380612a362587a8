"""Benchmarks (`make bench`): speed and memory, never pass/fail tests.

Each module `bench/<area>.py` defines `main(argv=None)`; `python -m bench`
runs them all, `python -m bench crawl` runs one; each begins with `host_speed()`'s line.
"""
import time

REFERENCE_LOOPS = 5_000_000


def host_speed() -> str:
    """A line that says how fast this machine's core is right now: the CPU time of a fixed loop of pure
    Python (the best of three).  The absolute goals (articles a CPU-second, documents a second) move with
    the host by up to ~1.7× between hours of the same shared machine; two runs are comparable in those
    figures only as far as their reference loops are."""
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        total = 0
        for i in range(REFERENCE_LOOPS):
            total += i
        best = min(best, time.process_time() - t0)
    return f"host: reference loop ({REFERENCE_LOOPS:,} additions in pure Python) {best * 1000:.0f} ms of CPU (best of 3)"
