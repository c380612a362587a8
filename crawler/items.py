"""What the spider hands to the pipelines."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Optional


@dataclass
class Article:
    """One fetched article page, parsed; `url` is its canonical URL, `urls` its other addresses."""

    url: str
    source_id: str
    text: str
    title: Optional[str] = None
    author: Optional[str] = None
    published: Optional[str] = None
    modified: Optional[str] = None
    lang_hint: Optional[str] = None
    fetched: Optional[str] = None
    encoding: Optional[str] = None
    urls: list[str] = field(default_factory=list)
    date_evidence: list[dict] = field(default_factory=list)   # candidate publication dates, most trusted first
    kind: str = "article"                                      # article | law | decision | agreement | report
    pending: Optional[str] = None            # the queued link it answers (kb.pending), done once stored

    def to_record(self) -> dict:
        """The item as kb.store.save_document takes it (a shallow copy: asdict's deep copy of every
        list cost more than the rest of the item's way to the pipeline)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
