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


def import_spacy() -> ModuleType:
    """The `spacy` module, imported without torch when torch is not loaded yet, and without its command
    line (`cli_deferred`)."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    with torch_hidden(), cli_deferred():
        return importlib.import_module("spacy")
