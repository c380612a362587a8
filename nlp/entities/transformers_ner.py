"""Entities from a local token-classification model (optional extra `[transformers]`).

Configuration names a directory (`nlp.transformers_model`) holding a model saved
with `save_pretrained` and its fast tokenizer; nothing is ever downloaded.  Any
language: the model sees every block of paragraphs the other recognisers see.

Labels are read from the model's `id2label`, in BIO (B-PER, I-PER) or bare (PER)
form; PER/PERSON → PER, ORG → ORG, LOC/GPE/FAC → LOC, the rest is dropped.
Word pieces of one word never split an entity, and long texts are read in
overlapping windows of the model's maximum length.

Merging with the other sources happens in `nlp.entities.merge`: a registry match
wins over anything it overlaps; among recognisers the longer span wins, then the
source listed first in `nlp.entities.merge.SOURCES` (natasha, spacy, transformers, rules).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlp.pipeline import Doc

TYPE_OF = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC"}
STRIDE = 32


class TransformersNERError(RuntimeError):
    """The configured model directory cannot be used (missing, not a model, no fast tokenizer)."""


class TokenTagger:
    """A fast tokenizer and a token-classification model from one local directory."""

    def __init__(self, path: str | Path):
        path = Path(path)
        if not (path / "config.json").is_file():
            raise TransformersNERError(f"{path}: no model here (config.json missing)")
        try:
            from transformers import AutoModelForTokenClassification, AutoTokenizer
        except ImportError as exc:
            raise TransformersNERError(f"install the extra: pip install 'icic-monitor[transformers]' ({exc})") from None
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            self.model = AutoModelForTokenClassification.from_pretrained(str(path), local_files_only=True)
        except (OSError, ValueError) as exc:
            raise TransformersNERError(f"{path}: cannot load the model: {exc}") from None
        if not self.tokenizer.is_fast:
            raise TransformersNERError(f"{path}: a fast tokenizer (tokenizer.json) is needed for offsets")
        self.model.eval()
        self.labels = {int(i): label for i, label in self.model.config.id2label.items()}
        self.max_length = min(getattr(self.model.config, "max_position_embeddings", 512), 512)

    def tags(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) for every word piece of `text`, windows merged, specials left out."""
        import torch

        enc = self.tokenizer(text, return_offsets_mapping=True, truncation=True, max_length=self.max_length,
                             stride=min(STRIDE, self.max_length // 4), return_overflowing_tokens=True,
                             padding=True, return_tensors="pt")
        offsets = enc.pop("offset_mapping").tolist()
        enc.pop("overflow_to_sample_mapping", None)
        with torch.no_grad():
            predicted = self.model(**enc).logits.argmax(-1).tolist()
        seen: dict[tuple[int, int], str] = {}
        for window_offsets, window_labels, mask in zip(offsets, predicted, enc["attention_mask"].tolist()):
            for (s, e), label, real in zip(window_offsets, window_labels, mask):
                if real and e > s and (s, e) not in seen:       # the first window to see a piece decides it
                    seen[(s, e)] = self.labels.get(label, "O")
        return sorted((s, e, label) for (s, e), label in seen.items())


def spans(text: str, tags: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Entity spans (start, end, PER|ORG|LOC) from per-piece BIO labels; pieces of a word stay together."""
    out: list[list] = []
    open_type = None
    prev_end = None
    for s, e, label in tags:
        prefix, _, name = label.rpartition("-") if "-" in label else ("", "", label)
        etype = TYPE_OF.get(name.upper())
        if prev_end == s and s > 0 and text[s - 1].isalnum() and text[s].isalnum():
            if open_type and out:                              # ##pieces follow the word's first piece
                out[-1][1] = e
        elif etype and prefix.upper() == "I" and open_type == etype and out:
            out[-1][1] = e
        elif etype:
            out.append([s, e, etype])
            open_type = etype
        else:
            open_type = None
        prev_end = e
    return [(s, e, t) for s, e, t in out if text[s:e].strip()]


def tagger(doc: Doc) -> TokenTagger:
    """The tagger of the configured directory, loaded once per process."""
    path = doc.resources.settings.transformers_model
    return doc.resources.get(f"transformers:{path}", lambda: TokenTagger(path))


def recognise(doc: Doc, start: int, end: int) -> list[dict]:
    """Candidates {type, start, end, source} from the model over doc.text[start:end]."""
    text = doc.text[start:end]
    if not text.strip():
        return []
    return [{"type": t, "start": start + s, "end": start + e, "source": "transformers"}
            for s, e, t in spans(text, tagger(doc).tags(text))]
