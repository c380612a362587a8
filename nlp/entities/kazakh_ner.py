"""Kazakh PER/ORG/LOC from the statistical model shipped in nlp/data/kk_ner.

A spaCy pipeline (hash-embedding CNN and transition-based NER over the multi-language tokenizer)
trained by `make kk-model` (scripts/train_kk_ner.py) on most of the KazNERD validation split
(Yeshpanov, Khassanov, Varol 2022; CC BY 4.0).  It is loaded from the package folder only, once
per process and only when a Kazakh block is read; its spans join the rules' and the registry's
in `nlp.entities.merge`.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from nlp.entities.lexicon import ORG_HEADS, ORG_MARKERS, STARTERS, SURNAME, sentence_initial
from nlp.entities.normal import TURKIC_ENDINGS
from nlp.entities.rules_ner import words_of

if TYPE_CHECKING:
    from nlp.pipeline import Doc

ORG_HEAD = re.compile(rf"(?:{ORG_MARKERS}|{ORG_HEADS}|партия|ұйым|одақ|кеңес|агенттік|қор|серіктестік|мектеп|"
                      rf"университет|институт|академия|театр|ансамбл|компания|банк|палата|комитет|сот|орталы)",
                      re.IGNORECASE)
MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "kk_ner"
TYPES = {"PER", "ORG", "LOC"}


class KazakhModelError(RuntimeError):
    """The shipped Kazakh model is missing or cannot be loaded."""


@functools.cache
def load_model(path: Path = MODEL_DIR):
    """The spaCy pipeline in `path` (the package's own by default), loaded once."""
    if not (path / "config.cfg").is_file():
        raise KazakhModelError(f"{path}: no Kazakh NER model here (run `make kk-model`)")
    import spacy

    try:
        return spacy.load(path)
    except (OSError, ValueError) as exc:
        raise KazakhModelError(f"{path}: cannot load the Kazakh NER model: {exc}") from None


def kazakh_entities(doc: Doc, start: int, end: int) -> list[dict]:
    """Candidates {type, start, end, source} of the Kazakh model over doc.text[start:end]."""
    block = doc.text[start:end]
    if not block.strip():
        return []
    return [{"type": ent.label_, "start": start + ent.start_char, "end": start + ent.end_char, "source": "kk_model"}
            for ent in load_model()(block).ents if ent.label_ in TYPES and not _acronym_org(ent)
            and not _headless_org(ent) and not _capital_of_the_sentence(block, ent)]


def _capital_of_the_sentence(block: str, ent) -> bool:
    """One word at a sentence start that Kazakh writes in lower case elsewhere («Орталық …»,
    «Жобаға …», «Кеңестің …»: in the training sentences' lower-case words, or in this text): its
    capital is the sentence's, not evidence of a name («Ертіс …» stays)."""
    if len(ent) > 1 or not sentence_initial(block, ent.start_char) or SURNAME.match(ent.text):
        return False
    word, common = ent.text.lower(), lowercase_words()
    stems = [word[:-len(e)] for e in TURKIC_ENDINGS if word.endswith(e) and len(word) - len(e) >= 4]
    return word in common or word in STARTERS or any(stem in common for stem in stems) or word in words_of(block)


@functools.cache
def lowercase_words(path: Path = MODEL_DIR / "lowercase_words.txt") -> frozenset[str]:
    """The words the model's training sentences write in lower case (shipped beside the model)."""
    try:
        return frozenset(path.read_text(encoding="utf-8").split())
    except OSError as exc:
        raise KazakhModelError(f"{path}: cannot read the Kazakh word list: {exc}") from None


def _headless_org(ent) -> bool:
    """An organisation ending in a lower-case word names its kind last (министрлігі, орталығы, ЖШС):
    without such a head word the model has run into the sentence («Орталықтың техникалық іске»)."""
    last = ent[-1].text
    return ent.label_ == "ORG" and len(ent) > 1 and last.islower() and not ORG_HEAD.match(last)


def _acronym_org(ent) -> bool:
    """«ПВХ», «БАҚ»: a short capitalised word the model calls an organisation is mostly a common
    abbreviation; the organisations known by acronym are in the registry, which finds them anyway."""
    return ent.label_ == "ORG" and len(ent) == 1 and ent.text.isupper() and len(ent.text) <= 3
