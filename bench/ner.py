"""Entities on public annotated data, scored by ../shared/eval/ner/score_ner.py (exact: type and span).

    .venv/bin/python -m bench ner            # or: python -m bench.ner [--limit 300]

- factRuEval-2016 devset (Russian news): the project's `icic extract --jsonl` and natasha alone
  (its news NER over the same sentences, in the same run); the goal is the project ≥ natasha.
- KazNERD (Kazakh TV news): the part of the validation split that scripts/train_kk_ner.py holds back
  from training (1 sentence in 10 by a hash of its id); the goal is ≥ 0.85 for the project, and the
  model alone is shown beside it.

It reads ../shared (beside the project, or one level up from a worktree): a benchmark, not a test.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((d / "shared" for d in ROOT.parents if (d / "shared" / "eval" / "ner").is_dir()), ROOT.parent / "shared")
NER = SHARED / "eval" / "ner"
ICIC = Path(sys.executable).parent / "icic"
GOALS = {"factRuEval dev": "≥ natasha", "KazNERD held-out part": 0.85}


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(name: str, limit: int | None = None) -> list[dict]:
    rows = [json.loads(line) for line in open(NER / name, encoding="utf-8") if line.strip()]
    return rows[:limit] if limit else rows


def kaznerd_part(limit: int | None = None) -> list[dict]:
    """The KazNERD sentences the shipped model was not trained on."""
    train = _module(ROOT / "scripts" / "train_kk_ner.py", "train_kk_ner")
    rows = [r for r in load("kk_kaznerd_valid.jsonl") if train.part_of(r["id"]) == "eval"]
    return rows[:limit] if limit else rows


def project(rows: list[dict]) -> tuple[list[dict], float]:
    """The project's entities for each row (icic extract --jsonl, one process), and its seconds."""
    text = "".join(json.dumps({"id": r["id"], "text": r["text"], "published": None}, ensure_ascii=False) + "\n"
                   for r in rows)
    t0 = time.perf_counter()
    proc = subprocess.run([str(ICIC), "extract", "--jsonl"], input=text, capture_output=True, text=True,
                          timeout=3600, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines()], time.perf_counter() - t0


def natasha_alone(rows: list[dict]) -> list[dict]:
    """natasha's own pipeline (Segmenter, NewsNERTagger) on each row."""
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    out = []
    for r in rows:
        doc = Doc(r["text"])
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        out.append({"id": r["id"], "entities": [{"type": s.type, "span": [s.start, s.stop]} for s in doc.spans]})
    return out


def kk_model_alone(rows: list[dict]) -> list[dict]:
    """The shipped Kazakh model by itself (spaCy), as the project loads it."""
    from nlp.entities.kazakh_ner import load_model

    nlp = load_model()
    return [{"id": r["id"], "entities": [{"type": e.label_, "span": [e.start_char, e.end_char]} for e in doc.ents]}
            for r, doc in zip(rows, nlp.pipe(r["text"] for r in rows))]


def line(scorer, title: str, gold: list[dict], pred: list[dict], extra: str = "") -> float:
    result = scorer.score(gold, pred)
    ex = result["ALL"]["exact"]
    per_type = " ".join(f"{t}={result['types'][t]['exact']['f']:.3f}" for t in ("PER", "ORG", "LOC"))
    print(f"  {title:22} exact P {ex['p']:.3f} R {ex['r']:.3f} F1 {ex['f']:.3f}   {per_type}   "
          f"lenient F1 {result['ALL']['lenient']['f']:.3f} {extra}", flush=True)
    return ex["f"]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, help="score only the first N sentences of each set")
    ap.add_argument("--sets", nargs="*", default=["ru", "kk"], help="ru (factRuEval), kk (KazNERD part)")
    a = ap.parse_args(argv)
    if not NER.is_dir():
        print(f"skipped: {NER} not found (the shared evaluation data)")
        return 0
    scorer = _module(NER / "score_ner.py", "score_ner")

    if "ru" in a.sets:
        russian(scorer, a.limit)
    if "kk" in a.sets:
        kazakh(scorer, a.limit)
    return 0


def russian(scorer, limit: int | None) -> None:
    ru = load("ru_factrueval_dev.jsonl", limit)
    print(f"factRuEval-2016 devset: {len(ru)} sentences")
    pred, seconds = project(ru)
    ours = line(scorer, "project", ru, pred, f"({len(ru) / seconds:.0f} sentences/s, start-up included)")
    theirs = line(scorer, "natasha alone", ru, natasha_alone(ru))
    print(f"  goal project ≥ natasha: {'met' if ours >= theirs else 'NOT met'} ({ours:.3f} vs {theirs:.3f})")


def kazakh(scorer, limit: int | None) -> None:
    kk = kaznerd_part(limit)
    print(f"KazNERD validation, held-out part: {len(kk)} sentences")
    pred, seconds = project(kk)
    ours = line(scorer, "project", kk, pred, f"({len(kk) / seconds:.0f} sentences/s, start-up included)")
    line(scorer, "Kazakh model alone", kk, kk_model_alone(kk))
    print(f"  goal ≥ 0.85: {'met' if ours >= 0.85 else 'NOT met'} ({ours:.3f})")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
