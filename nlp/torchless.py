"""spaCy imported without torch.

thinc (spaCy's machine-learning layer) imports torch at import time whenever it
is installed, to offer PyTorch layers; the `[transformers]` extra installs it.
None of the spaCy models the pipeline runs has a PyTorch layer, yet the import
cost every worker ~1.6 s of start-up and ~186 MB.  `import_spacy()` imports
spaCy with torch hidden (thinc then records that it has no torch), and torch
stays importable afterwards for the transformers backend
(`nlp.transformers_ner`), which imports it itself when a model directory is
configured.  Once torch is loaded in the process, spaCy is imported as it is.

spaCy's top level also imports its command line (`from .cli.info import info`, for `spacy.info`),
and with it typer, requests, httpx and weasel: ~350 modules none of the pipeline uses, 0.15-0.25 s CPU
of the import (the code before and after in turn: 0.37-0.47 -> 0.22-0.25 s), paid in `icic process`'s
parent before it forks its workers, when no core but one works.  `import_spacy()` lets spaCy import with
the command line stood in for by a placeholder (`cli_deferred`), removed right after: `import spacy.cli`
(the Kazakh model's training script) then loads the real one, and `spacy.info` loads it when called.

The reading loads every spaCy pipeline through `load` and `blank`, which give it a roomier tokenizer
cache (`roomy_cache`).
"""
from __future__ import annotations

import contextlib
import importlib
import sys
from types import ModuleType
from typing import Iterator


@contextlib.contextmanager
def torch_hidden() -> Iterator[None]:
    """Within the block, `import torch` raises ImportError (unless torch is loaded already)."""
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # the import system's "not importable" marker
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


@contextlib.contextmanager
def cli_deferred() -> Iterator[None]:
    """Within the block, `spacy.cli` and `spacy.cli.info` are placeholders (their import costs nothing);
    after it, they are gone from `sys.modules`, so the next import of either loads the real module."""
    placeholders = {"spacy.cli": ModuleType("spacy.cli"), "spacy.cli.info": ModuleType("spacy.cli.info")}
    placeholders["spacy.cli"].__path__ = []            # a package: `spacy.cli.info` is found under it
    placeholders["spacy.cli.info"].info = info         # what `from .cli.info import info` binds
    for name, module in placeholders.items():
        sys.modules.setdefault(name, module)
    try:
        yield
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


def info(*args, **kwargs):
    """`spacy.info`, its command line loaded on the first call."""
    return importlib.import_module("spacy.cli.info").info(*args, **kwargs)


# Chunks (whitespace-separated pieces of text) a spaCy tokenizer keeps split, against spaCy's 10,000.  Why: the
# cache is filled by the first chunks met and never evicts, so in a long run every chunk beyond them is split
# again, prefixes, suffixes and infixes, each time it comes.  Russian and Kazakh inflect: KazNERD's and
# factRuEval's development sentences hold 33,824 different chunks, and tokenizing them once more, the cache
# filled, took 28-29 µs a sentence with 10,000 and 6.2-6.4 with room for all (two tokenizers read each Kazakh
# article); ~225 bytes a chunk cached (+5.4 MB for those 24,000 more), so at most ~9 MB more a tokenizer here.
# The whole pipeline over KazNERD's sentences as 447 texts of 25, read a second time, fresh processes in turn:
# medians 10.21 -> 9.87 ms a text (5 pairs, 3 faster; the host's noise is as large): a long run gains what the
# bench's few hundred articles of a small vocabulary never show.
TOKENIZER_CACHE = 50_000


def roomy_cache(nlp):
    """`nlp` with its tokenizer's cache raised to TOKENIZER_CACHE chunks (a cache only: the tokens are the same)."""
    tokenizer = nlp.tokenizer
    if hasattr(tokenizer, "max_cache_size"):
        tokenizer.max_cache_size = max(tokenizer.max_cache_size, TOKENIZER_CACHE)
    return nlp


def load(name, **kwargs):
    """`spacy.load(name, **kwargs)`, spaCy imported as `import_spacy` does, the tokenizer's cache roomy: how
    the reading loads every spaCy pipeline."""
    return roomy_cache(import_spacy().load(name, **kwargs))


def blank(lang: str):
    """`spacy.blank(lang)`, as `load` gives a pipeline."""
    return roomy_cache(import_spacy().blank(lang))


def import_spacy() -> ModuleType:
    """The `spacy` module, imported without torch when torch is not loaded yet, and without its command
    line (`cli_deferred`)."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    with torch_hidden(), cli_deferred():
        return importlib.import_module("spacy")
