"""Benchmarks (`make bench`): speed and memory, never pass/fail tests.

Each module `bench/<area>.py` defines `main(argv=None)`; `python -m bench`
runs them all, `python -m bench crawl` runs one; `host_speed()`'s line comes before and after each.
"""
import time

REFERENCE_LOOPS = 5_000_000
REFERENCE_PRODUCTS = 400      # float32 (256 x 256) @ (256 x 256) on one BLAS thread, as the NER models run them


def _best_cpu(work, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        work()
        best = min(best, time.process_time() - t0)
    return best


def _loop() -> None:
    total = 0
    for i in range(REFERENCE_LOOPS):
        total += i


def _products() -> None:
    import numpy

    from nlp.blas import single_thread

    a = numpy.linspace(-1, 1, 256 * 256, dtype="float32").reshape(256, 256)
    with single_thread():
        for _ in range(REFERENCE_PRODUCTS):
            a @ a


def host_speed() -> str:
    """A line that says how fast this machine's core is right now: the CPU time of a fixed loop of pure
    Python and of fixed matrix products on one BLAS thread (the best of three each).  The absolute goals
    (articles a CPU-second, documents a second) move with the host by up to ~1.7x between hours of the same
    shared machine, and within a minute the loop alone takes 160 to 270 ms; `python -m bench` prints the line
    before and after each benchmark, and two runs are comparable in those figures only as far as their
    reference times are."""
    return (f"host: reference loop ({REFERENCE_LOOPS:,} additions in pure Python) {_best_cpu(_loop) * 1000:.0f} ms "
            f"of CPU, {REFERENCE_PRODUCTS} float32 256x256 matrix products {_best_cpu(_products) * 1000:.0f} ms "
            f"(best of 3 each)")
