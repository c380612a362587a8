"""Benchmarks (`make bench`): speed and memory, never pass/fail tests.

Each module `bench/<area>.py` defines `main(argv=None)`; `python -m bench`
runs them all, `python -m bench crawl` runs one.
"""
