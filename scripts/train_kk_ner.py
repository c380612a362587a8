"""Train the Kazakh NER model shipped in nlp/data/kk_ner (run by `make kk-model`).

    .venv/bin/python scripts/train_kk_ner.py [--data ../shared/eval/ner/kk_kaznerd_valid.jsonl]
                                             [--out nlp/data/kk_ner] [--epochs 12]

Data: the KazNERD validation split (Yeshpanov, Khassanov, Varol 2022; CC BY 4.0), PERSON→PER,
ORGANISATION→ORG, GPE/LOCATION→LOC; every other class of KazNERD is left unlabelled.  Each
sentence goes to one part by a hash of its id, so the split does not depend on file order:
eval (1 number in 10, never trained on, scored at the end), dev (1 in 20, picks the best epoch) and
train (the rest, about 85 %).

Model: spaCy's small CNN (`scripts/kk_ner.cfg`: hash embeddings of NORM, PREFIX, SUFFIX and
SHAPE, a 4-layer maxout window encoder, the transition-based NER) over the multi-language
tokenizer ('xx': spaCy has no Kazakh blank).  Seed 0; epochs bounded so it trains in a few
minutes on two shared cores.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project (a worktree one level deeper finds it one level up)
SHARED = next((d / "shared" for d in ROOT.parents if (d / "shared" / "eval" / "ner").is_dir()), ROOT.parent / "shared")
DATA = SHARED / "eval" / "ner" / "kk_kaznerd_valid.jsonl"
CONFIG = Path(__file__).resolve().parent / "kk_ner.cfg"
OUT = ROOT / "nlp" / "data" / "kk_ner"
TYPES = ("PER", "ORG", "LOC")


def part_of(sentence_id: str) -> str:
    """'eval', 'dev' or 'train', by a hash of the id's number (the same on every machine and order).

    KazNERD gives variants of one sentence under one number (kk-AID324824, kk-BID324824: «алты» or
    «6»): they go to the same part, or the eval part would hold sentences trained on."""
    number = re.sub(r"\D", "", sentence_id) or sentence_id
    h = int(hashlib.sha1(number.encode("utf-8")).hexdigest(), 16)
    if h % 10 == 0:
        return "eval"
    if h % 20 == 1:
        return "dev"
    return "train"


def read(path: Path) -> dict[str, list[dict]]:
    """The sentences of `path` by part."""
    parts: dict[str, list[dict]] = {"train": [], "dev": [], "eval": []}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                parts[part_of(row["id"])].append(row)
    return parts


def to_docbin(nlp, rows: list[dict]):
    """spaCy Docs with the PER/ORG/LOC spans of `rows` (spans snapped outwards to tokens)."""
    from spacy.tokens import DocBin

    db = DocBin()
    for row in rows:
        doc = nlp.make_doc(row["text"])
        spans = []
        for e in row["entities"]:
            if e["type"] in TYPES:
                span = doc.char_span(e["span"][0], e["span"][1], label=e["type"], alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.ents = _no_overlaps(spans)
        db.add(doc)
    return db


def _no_overlaps(spans):
    out, end = [], -1
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if span.start >= end:
            out.append(span)
            end = span.end
    return out


LEXICON = "lowercase_words.txt"


def write_lexicon(rows: list[dict], path: Path) -> None:
    """The words the training sentences write in lower case (common words, not names), one a line:
    the stage tells a sentence's capital from a name's with it."""
    words = {w for r in rows for w in r["text"].split() if w.isalpha() and w.islower() and len(w) > 1}
    path.write_text("".join(w + "\n" for w in sorted(words)), encoding="utf-8")


def evaluate(model_dir: Path, rows: list[dict]) -> dict:
    """Exact (type and span) micro P/R/F1 of the model on `rows`, by the shared scorer's rules."""
    import spacy

    nlp = spacy.load(model_dir)
    gold = {(r["id"], e["type"], *e["span"]) for r in rows for e in r["entities"] if e["type"] in TYPES}
    pred = set()
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        pred |= {(row["id"], ent.label_, ent.start_char, ent.end_char) for ent in doc.ents}
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "gold": len(gold), "pred": len(pred)}


def train(data: Path, out: Path, epochs: int) -> dict:
    import spacy
    from spacy.cli.train import train as spacy_train

    parts = read(data)
    print({k: len(v) for k, v in parts.items()}, flush=True)
    nlp = spacy.blank("xx")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in ("train", "dev"):
            to_docbin(nlp, parts[name]).to_disk(tmp / f"{name}.spacy")
        spacy_train(CONFIG, tmp / "model", overrides={
            "paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy"),
            "training.max_epochs": epochs})
        best = tmp / "model" / "model-best"
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(best, out)
    write_lexicon(parts["train"], out / LEXICON)
    scores = evaluate(out, parts["eval"])
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(name="icic_kk_ner", version="1.0.0", license="CC BY 4.0 (training data: KazNERD)",
                sources=[{"name": "KazNERD (Yeshpanov, Khassanov, Varol 2022)", "license": "CC BY 4.0",
                          "url": "https://github.com/IS2AI/KazNERD"}],
                description="Kazakh PER/ORG/LOC, trained on 85% of the KazNERD validation split",
                held_out_eval=scores)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return scores


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--lexicon-only", action="store_true", help="rewrite the lower-case word list alone")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"{args.data}: not found (the KazNERD validation split of ../shared/eval/ner)", file=sys.stderr)
        return 2
    if args.lexicon_only:
        write_lexicon(read(args.data)["train"], args.out / LEXICON)
        return 0
    scores = train(args.data, args.out, args.epochs)
    print(f"held-out eval part: exact P {scores['p']:.3f} R {scores['r']:.3f} F1 {scores['f1']:.3f} "
          f"({scores['gold']} gold, {scores['pred']} predicted)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
