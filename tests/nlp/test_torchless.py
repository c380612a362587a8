"""spaCy runs without torch in the process unless a transformers model is configured (nlp/torchless.py)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

ENGLISH = "Trade minister Arman Shakkaliyev visited the Atameken checkpoint in Turkestan region on Monday."


def run(code: str) -> dict:
    """Run `code` in a fresh interpreter (modules loaded by this test session do not count); its JSON output."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_english_entities_do_not_load_torch():
    pytest.importorskip("torch")          # the point: torch is installed, yet not loaded
    out = run(f"""
import json, sys
from nlp.pipeline import Pipeline
doc = Pipeline()({ENGLISH!r})
print(json.dumps({{"torch": "torch" in sys.modules, "spacy": "spacy" in sys.modules,
                   "entities": [e["text"] for e in doc.entities]}}))
""")
    assert out["spacy"] and not out["torch"]
    assert "Arman Shakkaliyev" in out["entities"]


def test_torch_still_imports_after_spacy():
    pytest.importorskip("torch")
    out = run("""
import json
from nlp.torchless import import_spacy
spacy = import_spacy()
import torch
print(json.dumps({"sum": float(torch.ones(3).sum()), "blank": spacy.blank("en")("two words").__len__()}))
""")
    assert out == {"sum": 3.0, "blank": 2}
