"""spaCy imported without torch.

thinc (spaCy's machine-learning layer) imports torch at import time whenever it
is installed, to offer PyTorch layers; the `[transformers]` extra installs it.
None of the spaCy models the pipeline runs has a PyTorch layer, yet the import
cost every worker ~1.6 s of start-up and ~186 MB.  `import_spacy()` imports
spaCy with torch hidden (thinc then records that it has no torch), and torch
stays importable afterwards for the transformers backend
(`nlp.transformers_ner`), which imports it itself when a model directory is
configured.  Once torch is loaded in the process, spaCy is imported as it is.
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


def import_spacy() -> ModuleType:
    """The `spacy` module, imported without torch when torch is not loaded yet."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    with torch_hidden():
        return importlib.import_module("spacy")
