"""Per-source counters of one crawl run; every fault is logged with its reason and counted by kind."""
from __future__ import annotations

import logging
from collections import Counter, defaultdict

log = logging.getLogger("crawler.faults")

# Column order of `icic crawl`'s closing table.
COUNTERS = ("fetched", "new", "updated", "unchanged", "duplicates", "near_duplicates", "not_modified",
            "skipped_seen", "skipped_old", "skipped_limit", "routes")


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
