"""The reading pipeline: stages declared with what they assign and require.

A stage is a function over a `Doc` that fills some of its fields.  Stages are
registered with `@stage(name, assigns=..., requires=...)` in the modules that
implement them and run in the order of `ORDER`; `check_order()` proves that
every stage finds what it requires already assigned (tested).

Spans inside a Doc are offsets into the *normalised* text; `Doc.to_json()`
maps them back to the original text for the `icic extract` contract.
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

# A text is read up to this many characters (the rest is kept, not read): every stage is linear,
# but a 20 MB page must not take minutes and gigabytes (Settings.max_chars, `nlp.max_chars`).
MAX_CHARS = 500_000

# Bump when the output of any stage changes: `icic process` reprocesses
# documents whose pipeline_version differs.
PIPELINE_VERSION = "0.4.17"

ORDER = ["normalize", "language", "sentences", "entities", "money", "dates", "relevance", "commitments"]
STAGE_MODULES = ["nlp.normalize", "nlp.lang", "nlp.sentences", "nlp.entities", "nlp.money", "nlp.dates",
                 "nlp.relevance", "nlp.commitments"]


@dataclass
class Doc:
    """One article as the stages see it."""

    original: str
    published: Optional[dt.date] = None
    lang_hint: Optional[str] = None
    title: Optional[str] = None
    text: str = ""                                   # normalised text
    offsets: list[int] = field(default_factory=list)  # offsets[i] = original index of text[i]; len = len(text)+1
    lang: Optional[str] = None
    script: Optional[str] = None
    paragraphs: list[dict] = field(default_factory=list)   # {"span": [s, e], "lang": .., "script": ..}
    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    money: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    durations: list[dict] = field(default_factory=list)   # "over the next five years": from publication, no date
    relevance: dict = field(default_factory=dict)
    commitments: list[dict] = field(default_factory=list)
    resources: Any = None                            # shared, loaded-once models (see Resources)
    cut: Optional[dict] = None                       # {"read": n, "length": m} when only the first n were read

    def original_span(self, start: int, end: int) -> list[int]:
        """Map a [start, end) span of the normalised text back to the original text."""
        if not self.offsets:
            return [start, end]
        if end <= start:
            return [self.offsets[start], self.offsets[start]]
        end_orig = self.offsets[end - 1] + 1
        while end_orig < len(self.original) and unicodedata.combining(self.original[end_orig]):
            end_orig += 1          # a composed letter ends after its combining marks
        return [self.offsets[start], end_orig]

    def to_json(self, id: Optional[str] = None) -> dict:
        """The `icic extract --jsonl` contract (see README: Extraction output)."""
        def remap(items: list[dict]) -> list[dict]:
            out = []
            for item in items:
                item = dict(item)
                if "span" in item and item["span"] is not None:
                    s, e = item["span"]
                    item["span"] = self.original_span(s, e)
                    item["text"] = self.original[item["span"][0]:item["span"][1]]
                out.append(item)
            return out

        result = {
            "lang": self.lang,
            "script": self.script,
            "relevance": self.relevance or {"label": "none", "score": 0.0},
            "entities": remap(self.entities),
            "money": remap(self.money),
            "dates": remap(self.dates),
            "durations": remap(self.durations),
            "commitments": remap(self.commitments),
            "paragraphs": remap(self.paragraphs),
            "pipeline_version": PIPELINE_VERSION,
        }
        if self.cut:
            result["cut"] = dict(self.cut)
        return {"id": id, **result} if id is not None else result


@dataclass
class Stage:
    name: str
    func: Callable[[Doc], None]
    assigns: tuple[str, ...]
    requires: tuple[str, ...]


STAGES: dict[str, Stage] = {}


def stage(name: str, *, assigns: tuple[str, ...], requires: tuple[str, ...] = ()):
    """Register a stage function under `name` with its contract."""
    def register(func: Callable[[Doc], None]) -> Callable[[Doc], None]:
        STAGES[name] = Stage(name, func, tuple(assigns), tuple(requires))
        return func
    return register


def load_stages() -> dict[str, Stage]:
    for module in STAGE_MODULES:
        importlib.import_module(module)
    missing = [n for n in ORDER if n not in STAGES]
    if missing:
        raise RuntimeError(f"stages not registered: {missing}")
    return STAGES


def check_order(order: list[str] = ORDER) -> None:
    """Raise ValueError when a stage requires a field no earlier stage assigns."""
    stages = load_stages()
    have = {"original", "published", "lang_hint", "title", "resources"}
    for name in order:
        st = stages[name]
        lacking = [r for r in st.requires if r not in have]
        if lacking:
            raise ValueError(f"stage {name!r} requires {lacking}, not assigned before it")
        have.update(st.assigns)


@dataclass
class Settings:
    """What the pipeline needs from configuration (nlp must not import icic.config)."""

    topic_path: Optional[str] = None
    transformers_model: Optional[str] = None
    registry_path: Optional[str] = None              # seed file of the entity registry; None = nlp/data
    max_chars: Optional[int] = MAX_CHARS             # read at most this many characters of a text; None = all
    frozen_registry: bool = False                    # True: documents link to the registry, never grow it, so
                                                     # each one reads the same whatever was read before it


class Resources:
    """Models and data loaded once per process, lazily, shared by every Doc."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._cache: dict[str, Any] = {}

    def get(self, key: str, factory: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = factory()
        return self._cache[key]


class Pipeline:
    """Runs the stages of ORDER over texts; build once, call many times."""

    def __init__(self, settings: Optional[Settings] = None, order: list[str] = ORDER):
        check_order(order)
        self.order = order
        self.stages = load_stages()
        self.resources = Resources(settings or Settings())

    def registry(self):
        """The entity registry this pipeline links to and grows (see nlp.registry; kb/ persists it)."""
        from nlp import registry

        return registry.shared(self.resources)

    def __call__(self, text: str, published: dt.date | str | None = None, *, lang_hint: str | None = None,
                 title: str | None = None) -> Doc:
        if isinstance(published, str):
            published = parse_published(published)
        limit = self.resources.settings.max_chars
        read = cut_point(text, limit) if limit and len(text) > limit else len(text)
        doc = Doc(original=text[:read], published=published, lang_hint=lang_hint, title=title,
                  resources=self.resources, cut={"read": read, "length": len(text)} if read < len(text) else None)
        for name in self.order:
            self.stages[name].func(doc)
        return doc


def cut_point(text: str, limit: int) -> int:
    """Where to stop reading a text longer than `limit`: after the last line break, else the last space,
    in the final tenth before the limit; at the limit itself when there is neither."""
    floor = limit - limit // 10
    for sep in ("\n", " "):
        at = text.rfind(sep, floor, limit)
        if at > 0:
            return at + 1
    return limit


def parse_published(value: str) -> Optional[dt.date]:
    """An ISO date or datetime string to a date; None when it cannot be read."""
    try:
        return dt.date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None


@functools.cache
def default_pipeline() -> Pipeline:
    return Pipeline()
