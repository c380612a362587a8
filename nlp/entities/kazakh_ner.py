"""Kazakh PER/ORG/LOC from the statistical model shipped in nlp/data/kk_ner.

A spaCy pipeline (hash-embedding CNN and transition-based NER over the multi-language tokenizer)
trained by `make kk-model` (scripts/train_kk_ner.py) on most of the KazNERD validation split
(Yeshpanov, Khassanov, Varol 2022; CC BY 4.0).  It is loaded from the package folder only, once
per process and only when a Kazakh block is read; its spans join the rules' and the registry's
in `nlp.entities.merge`.

It reads a block sentence by sentence (it was trained on single sentences), all of them in one
`nlp.pipe` batch, and skips a sentence that cannot hold a name: no capitalised word but a common
word opening it, and no organisation's head word.  Besides PER/ORG/LOC the model knows KazNERD's
other capitalised classes (positions, dates, facilities, events, titles…) as one label, BLOCK:
those spans, and its names that end in a title word, come out as BLOCK candidates, and the
merge drops the registry's and the rules' names that open them («Қазақстан Президенті» is a
position, not a mention of the country).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from nlp import registry as reglib
from nlp.entities.lexicon import ORG_HEADS, ORG_MARKERS, STARTERS, SURNAME, sentence_initial
from nlp.entities.normal import TURKIC_ENDINGS
from nlp.entities.rules_ner import rule_entities, words_of
from nlp.guard import guard_all

if TYPE_CHECKING:
    from nlp.pipeline import Doc

ORG_HEAD = re.compile(rf"(?:{ORG_MARKERS}|{ORG_HEADS}|партия|ұйым|одақ|кеңес|агенттік|қор|серіктестік|мектеп|"
                      rf"университет|институт|академия|театр|ансамбл|компания|банк|палата|комитет|сот|орталы|"
                      rf"прокуратура|комиссия)", re.IGNORECASE)
MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "kk_ner"
TYPES = {"PER", "ORG", "LOC"}
BLOCK = "BLOCK"                      # a span of another KazNERD class (POSITION, DATE, FACILITY…)
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class KazakhModelError(RuntimeError):
    """The shipped Kazakh model is missing or cannot be loaded."""


@functools.cache
def load_model(path: Path = MODEL_DIR):
    """The spaCy pipeline in `path` (the package's own by default), loaded once."""
    if not (path / "config.cfg").is_file():
        raise KazakhModelError(f"{path}: no Kazakh NER model here (run `make kk-model`)")
    from nlp.torchless import import_spacy

    spacy = import_spacy()

    try:
        return spacy.load(path)
    except (OSError, ValueError) as exc:
        raise KazakhModelError(f"{path}: cannot load the Kazakh NER model: {exc}") from None


def kazakh_entities(doc: Doc, start: int, end: int) -> list[dict]:
    """Candidates {type, start, end, source} of the Kazakh model over doc.text[start:end]: PER, ORG,
    LOC, and BLOCK for the spans of its other classes."""
    block = doc.text[start:end]
    pieces = [(a, b) for a, b in sentences_in(doc, start, end) if may_name(doc.text[a:b])]
    if not pieces:
        return []
    nlp, out = load_model(), []
    for (a, _), sent in zip(pieces, nlp.pipe(doc.text[a:b] for a, b in pieces)):
        for ent in sent.ents:
            span = {"start": a + ent.start_char, "end": a + ent.end_char, "source": "kk_model"}
            if ent.label_ not in TYPES:
                out.append({"type": BLOCK, **span})
            elif len(ent) > 1 and ent[-1].is_lower and TITLE_STEM.match(ent[-1].text):
                out.append({"type": BLOCK, **span})      # «Орталық басшысы»: a position, not a place
            elif not (_acronym_org(ent) or _headless_org(ent) or _capital_of_the_sentence(block, ent, a - start)):
                out.append({"type": ent.label_, **span})
    return out


def kazakh_rules(doc: Doc, start: int, end: int) -> list[dict]:
    """The rules' candidates in a Kazakh block, a quoted organisation cut to its name: KazNERD marks
    «Даму» in «« Даму » кәсіпкерлікті қолдау қорының», as the model does."""
    places = reglib.shared(doc.resources)
    return [_quoted_name(doc.text, c, places) for c in rule_entities(doc, start, end)]


CENTER_LIKE = re.compile(rf"(?:{ORG_HEADS}|орталы)", re.IGNORECASE)
QUOTED_HEAD = re.compile(r"[«“\"]\s*([^«»“”\"]+?)\s*[»”\"](?=\s+[^\W\d_]*[a-zа-яёәғқңөұүһі])")


def _quoted_name(text: str, c: dict, reg: reglib.Registry) -> dict:
    """An ORG that opens with a quoted name and goes on in lower-case words: the quoted name alone;
    not a center, zone, park or cluster, named in full in this domain («Хоргос» … орталығы), nor
    one named after a known place («Атамекен» кәсіпкерлер палатасы is no checkpoint)."""
    if c["type"] != "ORG":
        return c
    m = QUOTED_HEAD.match(text, c["start"], c["end"])
    words = text[m.end():c["end"]].split() if m else []
    if not m or not words or not all(w.islower() for w in words) or CENTER_LIKE.match(words[-1]):
        return c
    if reg.lookup(m.group(1), "LOC") is not None:
        return c
    return {**c, "start": m.start(1), "end": m.end(1)}


def sentences_in(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The document's sentences inside [start, end) (the block itself when it has none)."""
    spans = [(a, b) for a, b in doc.sentences if start <= a and b <= end]
    return spans or ([(start, end)] if doc.text[start:end].strip() else [])


def may_name(sentence: str) -> bool:
    """A capitalised word after the first, a first word Kazakh writes capitalised (not a common word in
    the training sentences), or an organisation's head word («Қорғаныс министрлігі …»): else the
    model has nothing to find (the sentences skipped in KazNERD's held-out part hold no name)."""
    words = WORD.findall(sentence)
    if not words:
        return False
    if any(w[0].isupper() for w in words[1:]):
        return True
    first = words[0]
    return (first[0].isupper() and first.lower() not in lowercase_words()) or \
        any(ORG_HEAD.match(w) for w in words[1:])


def _capital_of_the_sentence(block: str, ent, offset: int = 0) -> bool:
    """One word at a sentence start that Kazakh writes in lower case elsewhere («Орталық …»,
    «Жобаға …», «Кеңестің …»: in the training sentences' lower-case words, or in this text): its
    capital is the sentence's, not evidence of a name («Ертіс …» stays).  `offset`: where the
    entity's sentence starts in `block`."""
    if len(ent) > 1 or not sentence_initial(block, offset + ent.start_char) or SURNAME.match(ent.text):
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


TITLE_STEM = re.compile(r"(?:президент|премьер|министр(?!лі)|әкім(?!ді|ші)|басшы|спикер|төраға|елбасы|депутат|"
                        r"хатшы|директор|орынбасар|елші|жетекші|бастығ|сенатор|ректор)", re.IGNORECASE)


def _headless_org(ent) -> bool:
    """An organisation ending in a lower-case word names its kind last (министрлігі, орталығы, ЖШС):
    without such a head word the model has run into the sentence («Орталықтың техникалық іске»)."""
    last = ent[-1].text
    return ent.label_ == "ORG" and len(ent) > 1 and last.islower() and not ORG_HEAD.match(last)


def _acronym_org(ent) -> bool:
    """«ПВХ», «БАҚ»: a short capitalised word the model calls an organisation is mostly a common
    abbreviation; the organisations known by acronym are in the registry, which finds them anyway."""
    return ent.label_ == "ORG" and len(ent) == 1 and ent.text.isupper() and len(ent.text) <= 3


guard_all(globals())   # nlp.guard: the same matches, found sooner
