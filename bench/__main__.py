"""Run every benchmark in this folder, or one with its own options.

    python -m bench                      # all of them with their defaults
    python -m bench kb --docs 20000      # one, options passed on (python -m bench kb --help)
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import bench

NAMES = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__.strip() + "\n\nbenchmarks: " + ", ".join(NAMES))
        return 0
    if argv and argv[0] not in NAMES:
        print(f"unknown benchmark {argv[0]!r}; choose from {', '.join(NAMES)}", file=sys.stderr)
        return 2
    runs = [(argv[0], argv[1:])] if argv else [(name, []) for name in NAMES]
    for name, args in runs:
        print(f"\n=== bench {name} ===", flush=True)
        print(bench.host_speed() + " before", flush=True)
        t0 = time.perf_counter()
        importlib.import_module(f"bench.{name}").main(args)
        print(bench.host_speed() + " after", flush=True)
        print(f"=== {name}: {time.perf_counter() - t0:.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
