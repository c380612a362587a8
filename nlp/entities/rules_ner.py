"""Kazakh and Uzbek (and any other language's) names from rules: spaCy `Matcher` patterns over a
blank tokenizer: titles before names, surnames by their endings, organisation and place markers
(министрлігі, vazirligi, ЖШС, MChJ, облысы, viloyati…)."""
from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Optional

from nlp import registry as reglib
from nlp.entities.lexicon import (KK_UZ_TITLES, LEGAL_FORMS, LOC_MARKER_WORD, LOC_MARKERS, MARKER_ENDINGS,
                                  NAMED_AFTER, ORG_HEADS, ORG_MARKERS, QUOTES_CLOSE, QUOTES_OPEN, STARTERS, SURNAME,
                                  sentence_initial)

if TYPE_CHECKING:
    from nlp.pipeline import Doc


# A capitalised word: Python's (and spaCy's) title case takes the letter after an Uzbek ʻ for a new
# word's, so «Oʻzbekiston», «Ulugʻbek» would not be capitalised words.
TITLED = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ][a-zа-яёәғқңөұүһіўҳʻʼ'’-]+$")


def _titled(token) -> bool:
    return TITLED.match(token.text) is not None


def _rule_matcher(resources):
    def load():
        from nlp.torchless import blank

        nlp = blank("xx")                  # spaCy imported by nlp.torchless before `spacy.matcher` imports it
        from spacy.matcher import Matcher

        nlp.max_length = 10 ** 8           # only the tokenizer runs here: spaCy's 1M limit is for its parser/NER
        matcher = Matcher(nlp.vocab, validate=False)     # the patterns' lexeme flags are no schema's names
        cap = searched(nlp.vocab, TITLED.pattern)
        caps_or_title = searched(nlp.vocab, r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ]")
        surname = searched(nlp.vocab, SURNAME.pattern)
        title = listed(nlp.vocab, one_of(KK_UZ_TITLES), lower=True)
        matcher.add("PER", [[title, cap, surname], [title, surname], [cap, surname],
                            [cap, surname, surname],           # «Farhod Ergashevich Yoʻldoshev»: with the patronymic
                            [searched(nlp.vocab, r"^[A-ZА-ЯЁ]\.$"), surname]])
        org_marker = listed(nlp.vocab, one_of(ORG_MARKERS, MARKER_ENDINGS), lower=True)
        org_head = listed(nlp.vocab, one_of(ORG_HEADS, MARKER_ENDINGS), lower=True)
        legal = listed(nlp.vocab, one_of(LEGAL_FORMS))
        quoted = [listed(nlp.vocab, list(QUOTES_OPEN)), {**listed(nlp.vocab, list(QUOTES_CLOSE), absent=True), "OP": "{1,5}"},
                  listed(nlp.vocab, list(QUOTES_CLOSE))]
        both = listed(nlp.vocab, ["мен", "және", "va", "ва", "bilan", "билан", "and"], lower=True)
        named_after = searched(nlp.vocab, rf"^(?:{NAMED_AFTER})$", lower=True)
        lower = {"IS_LOWER": True, "OP": "{0,6}"}
        # two capitals before the marker: «Ўзбекистон Миллий банки», «Samsung Electronics kompaniyasi»
        # (where no model reads the language: in Kazakh the model's reading of these is better)
        matcher.add("ORG_CAPS", [[caps_or_title, caps_or_title, {"IS_LOWER": True, "OP": "{0,4}"}, org_marker]])
        matcher.add("ORG", [[caps_or_title, {"IS_LOWER": True, "OP": "{0,4}"}, org_marker],
                            [cap, named_after, caps_or_title, lower, org_marker],
                            [cap, cap, named_after, caps_or_title, lower, org_marker],
                            [cap, named_after, caps_or_title, caps_or_title, lower, org_marker],
                            [caps_or_title, both, cap, {"IS_LOWER": True, "OP": "{0,4}"}, org_marker],
                            [*quoted, legal], [legal, *quoted], [*quoted, {"IS_LOWER": True, "OP": "{0,3}"}, org_marker],
                            [*quoted, {"IS_LOWER": True, "OP": "{0,5}"}, org_head]])
        loc_marker = listed(nlp.vocab, one_of(LOC_MARKERS, MARKER_ENDINGS), lower=True)
        matcher.add("LOC", [[cap, loc_marker], [cap, cap, loc_marker]])
        return nlp, matcher

    return resources.get("rule_matcher", load)


def searched(vocab, pattern: str, lower: bool = False) -> dict:
    """The token pattern `{"TEXT": {"REGEX": pattern}}` (`{"LOWER": …}` with `lower`) as a flag of the
    vocabulary's words: spaCy's REGEX predicate runs `re.compile(pattern).search` in Python on each
    token of each document; a flag is set once a word, when the vocabulary first meets it (by the
    same search over the same string), and the matcher checks it in C.  The flags live in the bits
    the words already have, so they add no memory."""
    rx = re.compile(pattern)
    return _flag(vocab, lambda string: rx.search(string) is not None, lower)


def listed(vocab, words: list[str], lower: bool = False, absent: bool = False) -> dict:
    """`{"TEXT": {"IN": words}}` (`"NOT_IN"` with `absent`, `"LOWER"` with `lower`) as a flag of the
    vocabulary's words, as `searched` does: spaCy's set predicate tests the string's hash against
    the words' hashes, in Python on each token; the flag makes the same test once a word."""
    from spacy.strings import get_string_id

    ids = frozenset(get_string_id(w) for w in words)
    return _flag(vocab, (lambda string: get_string_id(string) not in ids) if absent else
                 (lambda string: get_string_id(string) in ids), lower)


def _flag(vocab, test, lower: bool) -> dict:
    """A token pattern of a new flag: `test` of each word's text (its LOWER string with `lower`)."""
    from spacy.attrs import IDS, LOWER

    case = vocab.lex_attr_getters[LOWER] if lower else None     # the string the LOWER attribute holds
    flag_id = next(bit for bit in range(1, 64) if bit not in vocab.lex_attr_getters and f"FLAG{bit}" in IDS)
    vocab.add_flag((lambda word: test(case(word))) if lower else test, flag_id=flag_id)
    return {f"FLAG{flag_id}": True}


def one_of(words: str, endings: Optional[str] = None) -> list[str]:
    """Every token `^(?:words)(?:endings)?$` matches, for an alternation of plain words (and endings):
    the matcher looks a token up in their set, where it ran a regular expression over each token."""
    stems, tails = words.split("|"), ["", *(endings.split("|") if endings else [])]
    if any(not w or re.escape(w).replace("\\-", "-") != w for w in stems + tails[1:]):
        raise ValueError(f"not an alternation of plain words: {words!r} {endings!r}")
    return sorted({stem + tail for stem in stems for tail in tails})


def rule_entities(doc: Doc, start: int, end: int, beside_a_model: bool = False,
                  common: frozenset[str] = frozenset()) -> list[dict]:
    """Kazakh and Uzbek names from titles, surname endings and organisation/place markers.
    `beside_a_model`: a statistical model reads the block too (Kazakh); the rules then leave the
    readings it makes better to it (two capitals before a marker, a body opening a sentence).
    `common`: words the language writes in lower case, besides STARTERS: one opening a sentence is
    not a person's first name («Мен Тоқаевтың»)."""
    nlp, matcher = _rule_matcher(doc.resources)
    block = doc.text[start:end]
    parsed = nlp.make_doc(block)
    out = []
    for match_id, s, e in matcher(parsed):
        label = nlp.vocab.strings[match_id]
        if label == "ORG_CAPS":
            if beside_a_model:
                continue
            label = "ORG"
        words = list(parsed[s:e])
        if label == "PER":
            while words and not _titled(words[0]):   # the title is context, not part of the name
                words = words[1:]
            if len(words) > 1 and sentence_initial(block, words[0].idx) and \
                    (words[0].lower_ in common or _common_starter(block, words[0])):
                words = words[1:]                    # «Кеше Абдыкалықовтың…»: yesterday, not a first name
            if not words or _titled(words[0]) and TITLE_WORD.fullmatch(words[0].lower_):
                words = words[1:] if len(words) > 1 else []
        if label != "PER" and words and _titled(words[0]) and sentence_initial(block, words[0].idx) \
                and not _named_place_first(doc, block, words) \
                and (beside_a_model or not _named_body_first(block, label, words)):
            continue                # any word is capitalised there: no evidence of a name (quotes are)
        if words:
            out.append({"type": label, "start": start + _hyphened_start(block, words[0].idx),
                        "end": start + words[-1].idx + len(words[-1].text), "source": "rules"})
    return out


HYPHENED = re.compile(r"[^\W\d_]+-$")
# Compiled once (the f-string and re's cache look-up were made at each name).
TITLE_WORD = re.compile(rf"(?:{KK_UZ_TITLES})")
NAMED_AFTER_WORD = re.compile(NAMED_AFTER)


def _hyphened_start(block: str, idx: int) -> int:
    """Where a name starts that the tokenizer cut at a hyphen: «Әл-Фараби», «Қасым-Жомарт»."""
    m = HYPHENED.search(block, max(0, idx - 30), idx)
    return m.start() if m else idx


def _named_place_first(doc: Doc, block: str, words: list) -> bool:
    """At the start of a sentence, a name still shows when its first word is a place: a known one
    (Сирдарё вилояти ҳокимлиги) or one a place marker follows (Chinoz tumani hokimligi); «Viloyat
    hokimligi», the region's administration, names no place."""
    first = words[0]
    if _common_starter(block, first):
        return False
    if any(LOC_MARKER_WORD.fullmatch(w.lower_) for w in words[1:]) or \
            any(NAMED_AFTER_WORD.fullmatch(w.lower_) for w in words[1:]):
        return True                        # «Мирзо Улуғбек тумани», «Алишер Навоий номидаги …»
    return reglib.shared(doc.resources).lookup(first.text, "LOC") is not None


# Kinds of place that open the name of a body without naming the place («Viloyat hokimligi», the
# region's administration, «Қала әкімдігі»).
PLACE_KINDS = re.compile(r"(?i)(?:viloyat|tuman|shahar|вилоят|туман|шаҳар|облыс|аудан|қала|ауыл|region|district|city)\w*")


def _named_body_first(block: str, label: str, words: list) -> bool:
    """At the start of a sentence, an organisation shows by its marker when its first word is no
    common word («Ichki ishlar vazirligi», «Artel kompaniyasi», «Markaziy bank»), nor a kind of place
    («Viloyat hokimligi» names the administration of a region the article named before)."""
    first = words[0]
    return label == "ORG" and len(words) >= 2 and not _common_starter(block, first) and \
        not PLACE_KINDS.fullmatch(first.text) and not OBLIQUE.search(first.text)


# Uzbek case endings a name's first word does not carry («Ratifikatsiyadan soʻng …»: after the
# ratification); the accusative does («Sogʻliqni saqlash vazirligi»).
OBLIQUE = re.compile(r"(?i)(?:dan|da|ga|ka|qa|ning|dagi|gacha|дан|да|га|ка|қа|нинг|даги|гача)$")


def _common_starter(block: str, token) -> bool:
    """A sentence-initial word that is a known opener or appears in lower case elsewhere in the text."""
    word = token.lower_
    if word in STARTERS:
        return True
    if WORD_CHARS.fullmatch(word):        # the usual case: one look-up in the block's words, not a scan
        return word in words_of(block)
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", block) is not None


WORD_CHARS = re.compile(r"\w+")


@functools.lru_cache(maxsize=4)
def words_of(block: str) -> frozenset[str]:
    """Every maximal run of word characters of a block (scanning it once per block, not per name:
    that scan per sentence-initial name made a long article quadratic)."""
    return frozenset(WORD_CHARS.findall(block))
