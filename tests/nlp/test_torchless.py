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


def test_spacy_imports_without_its_command_line():
    out = run("""
import json, sys
from nlp.torchless import import_spacy
spacy = import_spacy()
nlp = spacy.blank("en")
print(json.dumps({"cli": sorted(m for m in ("spacy.cli", "typer", "requests", "httpx", "weasel") if m in sys.modules),
                  "tokens": len(nlp("The center opens in 2027."))}))
""")
    assert out == {"cli": [], "tokens": 6}


def test_spacy_command_line_still_there_after():
    out = run("""
import json, sys
from nlp.torchless import import_spacy
spacy = import_spacy()
import spacy.cli
from spacy.cli.train import train
about = spacy.info()
print(json.dumps({"setup_cli": callable(spacy.cli.setup_cli), "train": callable(train),
                  "version": about["spacy_version"] == spacy.__version__}))
""")
    assert out == {"setup_cli": True, "train": True, "version": True}


def test_every_spacy_pipeline_read_with_has_the_roomy_tokenizer_cache():
    out = run("""
import json
from nlp.entities import kazakh_ner, rules_ner, spacy_ner
from nlp.pipeline import Resources, Settings
from nlp import syntax
from nlp.torchless import TOKENIZER_CACHE
resources = Resources(Settings())
pipelines = {"rules": rules_ner._rule_matcher(resources)[0], "kk": kazakh_ner.load_model(),
             "en": spacy_ner._spacy_en(resources), "syntax": syntax._spacy()}
print(json.dumps({name: nlp.tokenizer.max_cache_size == TOKENIZER_CACHE for name, nlp in pipelines.items()}))
""")
    assert out == {"rules": True, "kk": True, "en": True, "syntax": True}


def test_a_full_tokenizer_cache_gives_the_same_tokens():
    from nlp.torchless import blank, import_spacy

    spacy = import_spacy()

    texts = ["Тоқаевтың сапары 2025 жылы «Орталық Азия» орталығында өтті.",
             "Markaziy Osiyo markazi qurilishi 2027-yilgacha tugaydi, dedi vazir.",
             "Строительство МЦПК (ЦМПК) завершат к 2027 году, — сообщил министр."] * 3
    small, roomy = spacy.blank("xx"), blank("xx")
    small.tokenizer.max_cache_size = 2          # full at once: every later chunk is split again
    for text in texts:
        assert [t.text for t in small(text)] == [t.text for t in roomy(text)]
    assert roomy.tokenizer.max_cache_size > 10_000
