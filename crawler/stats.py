"""Per-source counters of one crawl run; every fault is logged with its reason and counted by kind."""
from __future__ import annotations

import logging
from collections import Counter, defaultdict

log = logging.getLogger("crawler.faults")

# Column order of `icic crawl`'s closing table.
COUNTERS = ("fetched", "new", "updated", "unchanged", "duplicates", "near_duplicates", "not_modified",
            "skipped_seen", "skipped_old", "skipped_limit", "skipped_host", "routes")


POLITE = ("robots_disallowed",)


class RunLedger:
    """Counters per source: COUNTERS plus errors by kind."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.errors: dict[str, Counter] = defaultdict(Counter)

    def inc(self, source: str, key: str, n: int = 1) -> None:
        self.counts[source or "?"][key] += n

    def error(self, source: str, kind: str, url: str, reason: str) -> None:
        """Log one fault with its reason and count it under `kind` (a page robots.txt forbids is the crawl
        being polite: logged at INFO, not as a warning)."""
        level = logging.INFO if kind in POLITE else logging.WARNING
        log.log(level, "%s: %s: %s (%s)", source or "?", kind, url, reason)
        self.errors[source or "?"][kind] += 1

    def count_error(self, source: str, kind: str) -> None:
        """Count a fault already logged elsewhere (the circuit breaker's one line per host)."""
        self.errors[source or "?"][kind] += 1

    def as_dict(self) -> dict:
        """{"sources": {id: {counter: n, "errors": {kind: n}}}, "totals": {...}}, JSON-ready."""
        sources = {}
        for sid in sorted(set(self.counts) | set(self.errors)):
            row = {key: self.counts[sid][key] for key in COUNTERS}
            row["relevant"] = None          # known once `icic process` has read the documents
            row["errors"] = dict(sorted(self.errors[sid].items()))
            sources[sid] = row
        totals = {key: sum(r[key] for r in sources.values()) for key in COUNTERS}
        totals["errors"] = dict(sum((Counter(r["errors"]) for r in sources.values()), Counter()))
        return {"sources": sources, "totals": totals}


UNREACHABLE_KINDS = frozenset({"dns", "connection", "timeout"})


def reached(row: dict) -> bool:
    """Whether a source's stats row shows any answer from its site (a 404 is an answer too)."""
    answered = any(row.get(key) for key in COUNTERS if not key.startswith("skipped_"))
    return answered or any(kind not in UNREACHABLE_KINDS for kind in (row.get("errors") or {}))


def unreached_sources(stats: dict, source_ids) -> dict[str, str]:
    """{source id: what happened} for every source of the run that no request reached."""
    out = {}
    for sid in source_ids:
        row = stats.get("sources", {}).get(sid) or {}
        if reached(row):
            continue
        what = [f"{kind} {n}" for kind, n in sorted((row.get("errors") or {}).items())]
        if row.get("skipped_host"):
            what.append(f"{row['skipped_host']} requests skipped")
        out[sid] = ", ".join(what) or "nothing fetched"
    return out
