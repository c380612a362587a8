"""Merging the recognisers' candidates with the registry's matches, mending them, describing them.

In Kazakh the model's reading comes first (`kazakh_first`).  A registry match wins over what
overlaps it (it carries the canonical name), but for the Kazakh model's shorter name at its start
(`_trims`); a recogniser's ORG strictly containing registry places («Түркістан облысы әкімдігі») is
kept beside them; among recognisers, the longer span wins, then the earlier source in SOURCES.  `mend` fixes what the
recognisers get wrong on this domain, `describe` gives a candidate its normal form, registry link
and canonical name, and `unify` makes mentions of one entity in a document share one name and id.
"""
from __future__ import annotations

import bisect
import difflib
import functools
import re
from typing import TYPE_CHECKING, Optional

from nlp import registry as reglib
from nlp.entities.kazakh_ner import BLOCK
from nlp.entities.lexicon import (DEMONYMS, LEGAL_FORMS, NAMED_AFTER, QUOTES_CLOSE, QUOTES_OPEN, TITLE_WORDS,
                                  sentence_initial)
from nlp.entities.normal import _canonical, _morph, normal_form

if TYPE_CHECKING:
    from nlp.pipeline import Doc

SOURCES = ("registry", "quotes", "natasha", "spacy", "transformers", "kk_model", "rules")


def names_of_organisations(text: str, candidates: list[Optional[dict]]) -> list[dict]:
    """Drop a quoted place that only names a larger organisation («Атамекен» кәсіпкерлер палатасы)."""
    kept = [c for c in candidates if c]
    orgs = [c for c in kept if c["type"] == "ORG" and c["source"] != "registry"]
    return [c for c in kept if not (c["type"] == "LOC" and _quoted(text, c) and any(
        _strictly_inside(c, o) for o in orgs))]


def unify(entities: list[dict]) -> list[dict]:
    """Mentions of one entity in a document share one canonical name and id.

    Two mentions of a type are one entity when their folded normal forms are (nearly)
    the same, when one is a person's surname alone, or when two organisations share
    their quoted name («Хоргос»).  The representative is the linked one, else the longest.

    Whether two mentions are one entity depends on their type and normal forms only, so it is
    asked once per pair of distinct forms (a long article repeats the same few hundred names).
    """
    order = sorted(entities, key=lambda e: (e["id"] is None, -len(e["normal"])))
    firsts: dict[tuple, list[dict]] = {}            # (type, normal) -> its first two mentions in `order`
    for o in order:
        two = firsts.setdefault((o["type"], o["normal"]), [])
        if len(two) < 2:
            two.append(o)
    position = {id(o): i for i, o in enumerate(order)}
    reps: dict[tuple, list[dict]] = {}              # (type, normal) -> first two mentions it is one entity with
    for e in entities:
        if e["id"]:
            continue
        key = (e["type"], e["normal"])
        if key not in reps:
            same = [o for (t, normal), two in firsts.items() if t == e["type"]
                    and _same_forms(e["type"], e["normal"], normal) for o in two]
            reps[key] = sorted(same, key=lambda o: position[id(o)])[:2]
        rep = next((o for o in reps[key] if o is not e), None)
        if rep is not None and (rep["id"] or len(rep["normal"]) >= len(e["normal"])):
            e["canonical"], e["id"] = rep["canonical"], rep["id"]
    return entities


def short_names(entities: list[dict]) -> list[dict]:
    """A one-word name that opens an organisation's name in the same document, unknown to the registry,
    is that organisation under its short name, whatever type a recogniser gave it: «Turan currently
    hosts 25 companies» after «the Turan special economic zone»."""
    orgs: dict[str, dict] = {}
    for e in entities:
        words = e["normal"].split()
        if e["type"] == "ORG" and len(words) > 1:
            orgs.setdefault(reglib.fold(words[0]), e)
    for e in entities if orgs else ():
        if e["id"] is None and " " not in e["normal"].strip():
            org = orgs.get(reglib.fold(e["normal"]))
            if org is not None:
                e.update(type="ORG", canonical=org["canonical"], id=org["id"])
    return entities


@functools.lru_cache(maxsize=65536)
def _same_forms(kind: str, a: str, b: str) -> bool:
    fa, fb = reglib.fold(a), reglib.fold(b)        # cached there
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    la, lb = len(fa), len(fb)
    if min(la, lb) >= 6 and 2 * min(la, lb) >= 0.9 * (la + lb) - 1e-9:   # else the ratio cannot reach 0.9
        matcher = difflib.SequenceMatcher(None, fa, fb)
        if matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
            return True
    if kind == "PER" and " " not in fa and la >= 4:
        return fb.split()[-1] == fa
    if kind == "ORG":
        qa, qb = QUOTED_NAME.findall(a), QUOTED_NAME.findall(b)
        return bool(qa) and qa == qb
    return False


QUOTED_NAME = re.compile(r"«([^»]+)»")


def merge(matches: list[dict], found: list[dict], text: str = "") -> list[dict]:
    """Registry matches plus the recognisers' spans that do not collide with them (see module doc)."""
    kept = sorted(matches, key=lambda k: k["start"])
    starts = [k["start"] for k in kept]
    longest = max((k["end"] - k["start"] for k in kept), default=0)
    rank = {s: i for i, s in enumerate(SOURCES)}
    for cand in sorted(found, key=lambda c: (-(c["end"] - c["start"]), rank[c["source"]], c["start"])):
        # kept spans that overlap start after cand["start"] - longest and before cand["end"]
        lo, hi = bisect.bisect_left(starts, cand["start"] - longest), bisect.bisect_left(starts, cand["end"])
        overlapping = [k for k in kept[lo:hi] if cand["start"] < k["end"]]
        if overlapping and outgrows(cand, overlapping, text):
            for k in overlapping:                              # «Сергеем Лавровым» over «Лавровым»
                i = next(i for i, x in enumerate(kept) if x is k)
                del kept[i], starts[i]
            cand = _linked(cand, overlapping)
        elif overlapping and _trims(cand, overlapping):                  # «Шардара» of «Шардара ауданында»
            i = next(i for i, x in enumerate(kept) if x is overlapping[0])
            del kept[i], starts[i]
            cand = {**cand, "entity": overlapping[0]["entity"]}
        elif overlapping and not _beside(cand, overlapping):
            continue
        i = bisect.bisect_right(starts, cand["start"])
        starts.insert(i, cand["start"])
        kept.insert(i, cand)
        longest = max(longest, cand["end"] - cand["start"])
    return sorted(kept, key=lambda c: (c["start"], -c["end"]))


# Recognisers that read a name's context: their longer span is kept over the registry's shorter one.
STATISTICAL = frozenset({"natasha", "spacy", "kk_model", "transformers"})


def kazakh_first(matches: list[dict], found: list[dict]) -> tuple[list[dict], list[dict]]:
    """The Kazakh model's reading before the rules' and the registry's where it speaks.

    - its BLOCK spans (positions, dates, facilities, titles of works) go, and the registry's and the
      other recognisers' names inside one: «Қазақстан Президенті» is a position, «Келесі жылдан» a
      date, not the country or the Keles district.  A known name goes only when it opens the span
      (the position's country, the date's word) and does not end it: one ending the span is its
      head («Парламент Сенаты», «Сауда және интеграция министрлігі»), one inside is more likely
      the model running two spans together («Алдағы уақытта Қытай тарапымен»);
    - a rules' span overlapping one of its names goes: it was trained on how Kazakh news names
      («Форт-Шевченко», not «Шевченко қаласын»; «Абай», not «Мен Абай»), the rules fill in where
      it found nothing; but an organisation named after the model's place or person stays
      («Түркістан облысының әкімдігі», «Атамекен» кәсіпкерлер палатасы), and so does what a
      person the merge refuses overlaps; where the rules' organisation (a marker word after a
      quoted name) has the span of the model's place or person, the organisation stays.
    """
    blocks = sorted((c["start"], c["end"]) for c in found if c["type"] == BLOCK)
    block_starts, block_ends = {start for start, _ in blocks}, {end for _, end in blocks}
    known = sorted((m["start"], m["end"]) for m in matches if m["type"] != "PER")
    names = sorted((c["start"], c["end"]) for c in found if c["source"] == "kk_model" and c["type"] != BLOCK
                   and not (c["type"] == "PER" and _holds_one(known, c)))
    same = {(c["type"], c["start"], c["end"]) for c in found if c["source"] == "kk_model"}
    spans = {(start, end) for _, start, end in same}
    if not blocks and not names:
        return matches, found

    marked = {(c["start"], c["end"]) for c in found if c["source"] == "rules" and c["type"] == "ORG"}

    def free(c: dict) -> bool:
        if c["source"] == "kk_model":               # an organisation's marker word beats the model's type
            return c["type"] in (BLOCK, "ORG") or (c["start"], c["end"]) not in marked
        if _within_one(blocks, c) and (c["start"] in block_starts or c["source"] != "registry") \
                and not (c["source"] == "registry" and c["end"] in block_ends):
            return False
        if c["source"] != "rules":
            return True
        if _crosses_one(blocks, c):
            return False                            # «Ал Сыбайлас» into «Сыбайлас … агенттігі»: not a name
        if (c["type"], c["start"], c["end"]) in same or (c["type"] == "ORG" and (c["start"], c["end"]) in spans):
            return True
        return not _overlaps_one(names, c) or _around_names(names, c)
    return [m for m in matches if free(m)], [c for c in found if c["type"] != BLOCK and free(c)]


def _holds_one(spans: list[tuple[int, int]], c: dict) -> bool:
    """One of `spans` (sorted) lies inside `c`: the model's person holding a known place or organisation
    («Дилшод Ахмедов Шымкентке») is refused by the merge, so it does not push the rules' «Дилшод
    Ахмедов» aside either."""
    i = bisect.bisect_left(spans, (c["start"], -1))
    while i < len(spans) and spans[i][0] < c["end"]:
        if spans[i][1] <= c["end"]:
            return True
        i += 1
    return False


def _around_names(names: list[tuple[int, int]], c: dict) -> bool:
    """`c` is an organisation strictly holding every model name it overlaps."""
    return c["type"] == "ORG" and all(c["start"] <= a and b <= c["end"] and b - a < c["end"] - c["start"]
                                      for a, b in names if a < c["end"] and b > c["start"])


def _crosses_one(spans: list[tuple[int, int]], c: dict) -> bool:
    """`c` overlaps one of `spans` (sorted) with neither holding the other."""
    i = bisect.bisect_left(spans, (c["end"], -1)) - 1
    while i >= 0 and spans[i][1] > c["start"]:
        a, b = spans[i]
        if not (a <= c["start"] and c["end"] <= b) and not (c["start"] <= a and b <= c["end"]):
            return True
        i -= 1
    return False


def _within_one(spans: list[tuple[int, int]], c: dict) -> bool:
    """`c` lies inside one of `spans` (sorted, not overlapping)."""
    i = bisect.bisect_right(spans, (c["start"], float("inf"))) - 1
    return i >= 0 and spans[i][0] <= c["start"] and c["end"] <= spans[i][1]


def _overlaps_one(spans: list[tuple[int, int]], c: dict) -> bool:
    """`c` overlaps one of `spans` (sorted by start, not overlapping)."""
    i = bisect.bisect_left(spans, (c["end"], -1)) - 1           # the last span starting before c ends
    return i >= 0 and spans[i][1] > c["start"]


def _trims(cand: dict, overlapping: list[dict]) -> bool:
    """The Kazakh model's name at the start of a registry match of its type: the model's extent is
    the name KazNERD marks («Шардара» in «Шардара ауданында», «Сарқан ауданы»), linked to the match."""
    k = overlapping[0]
    return cand["source"] == "kk_model" and len(overlapping) == 1 and k["source"] == "registry" and \
        k["type"] == cand["type"] and k["start"] == cand["start"] and cand["end"] < k["end"]


def _beside(cand: dict, overlapping: list[dict]) -> bool:
    """An organisation named after a place keeps the place too («Түркістан облысы әкімдігі»); from the
    Kazakh model, only one ending in an organisation's head word («Қазақстан халқы Ассамблеясы»), not
    one it guessed around places («Ташкентте және Алматыда»)."""
    return cand["type"] == "ORG" and (cand["source"] != "kk_model" or cand.get("headed", False)) and all(
        _strictly_inside(k, cand) and k["type"] != "ORG" and k["source"] == "registry" for k in overlapping)


# A side or part of the world before a place: the whole is one place («Оңтүстік Орал», the Southern
# Urals; «Шығыс Қазақстан»; «Южный Урал»; «Janubiy Qozogʻiston»).
COMPASS = re.compile(r"(?i)(?:оңтүстік|солтүстік|шығыс|батыс|орталық|жоғарғы|төменгі|южн|северн|восточн|"
                     r"западн|центральн|верхн|нижн|janubiy|shimoliy|sharqiy|gʻarbiy|g'arbiy|жанубий|шимолий|"
                     r"шарқий|ғарбий|south|north|east|west|central|upper|lower)\w*\s+$")


def outgrows(cand: dict, overlapping: list[dict], text: str = "") -> bool:
    """A statistical recogniser's span that holds registry matches of its type, longer than each, or
    equal to one the registry learnt elsewhere: the full name («Сергеем Лавровым», «Ресей Федерациясы»);
    not an organisation around places (both are kept), nor a person around a place («Тоқаев Ташкентке»)
    but for a first name read as one."""
    if cand["source"] not in STATISTICAL:
        return False
    if cand["source"] == "kk_model" and cand["type"] == "ORG" and _in_quotes(text, cand) and \
            all(_strictly_inside(k, cand) and k["source"] == "registry" for k in overlapping):
        return True                                    # «Астана Моторс»: the places are the quoted name's words
    if _beside(cand, overlapping):
        return False
    if cand["type"] == "PER" and cand["source"] == "natasha" and len(overlapping) == 1 and \
            overlapping[0]["type"] == "LOC" and overlapping[0]["start"] == cand["start"] and \
            _strictly_inside(overlapping[0], cand) and overlapping[0]["source"] == "registry":
        return True                                    # «Георгия Петрова»: a first name read as a place
    if cand["type"] == "PER" and cand["source"] == "natasha" and len(overlapping) == 1 and \
            overlapping[0]["type"] == "LOC" and overlapping[0]["end"] == cand["end"] and \
            _strictly_inside(overlapping[0], cand) and overlapping[0]["source"] == "registry":
        return True                                    # «Иоанн Грозный»: an epithet read as the city
    if cand["type"] != "PER" and overlapping[0]["start"] != cand["start"] and not _head_final(cand, overlapping) \
            and not (cand["type"] == "LOC" and COMPASS.match(text, cand["start"], overlapping[0]["start"])):
        return False                                   # «Хлопкоробы Туркестанской области»: a place grows rightwards
    return all(k["source"] == "registry" and k["type"] == cand["type"] and
               (_strictly_inside(k, cand) or _grown(k) and _inside(k, cand)) for k in overlapping)


def _in_quotes(text: str, c: dict) -> bool:
    """`c` is the whole of a quoted text («Астана Моторс», or « Астана Моторс » with the spaces of a
    tokenised text): `_quoted` once those spaces are stepped over."""
    start, end = c["start"], c["end"]
    start -= start > 0 and text[start - 1:start] == " "
    end += text[end:end + 1] == " "
    return _quoted(text, {"start": start, "end": end})


def _head_final(cand: dict, overlapping: list[dict]) -> bool:
    """A Kazakh organisation ends with its head: the model's ORG ending where a registry ORG ends names
    it in full («Парламент Мәжілісінің» around «Мәжілісінің»)."""
    return cand["source"] == "kk_model" and cand["type"] == "ORG" and overlapping[-1]["end"] == cand["end"]


def join_heads(text: str, kept: list[dict]) -> list[dict]:
    """The Kazakh model's organisation right before a registry organisation is its first word:
    «Парламент Сенаты», «Парламент Мәжілісінің» are one name, linked to the registry's."""
    out: list[dict] = []
    for c in kept:
        prev = out[-1] if out else None
        if prev is not None and prev["source"] == "kk_model" and prev["type"] == "ORG" and c["type"] == "ORG" \
                and c["source"] == "registry" and text[prev["end"]:c["start"]] == " " \
                and POSSESSED.match(text, c["start"], c["end"]):
            out[-1] = {**c, "start": prev["start"]}
        else:
            out.append(c)
    return out


# A Kazakh word with the possessive of a compound name («Сенат-ы», «Мәжіліс-і-нің»): the name before it
# is its first part.  Without one («Үкімет-пен») the two are names of their own («Ұлттық банк Үкіметпен»).
POSSESSED = re.compile(r"[^\W\d_]+?(?:ы|і|сы|сі)(?:ның|нің|на|не|нда|нде|нан|нен|н)?\b")


def _grown(k: dict) -> bool:
    """A match of an entity the registry learnt from another text (not the seed): that text's reading
    does not override this one's."""
    return getattr(k.get("entity"), "source", "seed") != "seed"


def _inside(inner: dict, outer: dict) -> bool:
    return outer["start"] <= inner["start"] and inner["end"] <= outer["end"]



def _linked(cand: dict, inside: list[dict]) -> dict:
    """A full name around one registry person is that person (the registry links, it does not override)."""
    same = {k["entity"].id: k for k in inside if k["type"] == cand["type"] and k.get("entity") is not None}
    if len(same) == 1 and len(inside) == 1:
        k = next(iter(same.values()))
        if cand["type"] == "PER" or (k["start"], k["end"]) == (cand["start"], cand["end"]):
            return {**cand, "entity": k["entity"]}
    return cand


def _strictly_inside(inner: dict, outer: dict) -> bool:
    return outer["start"] <= inner["start"] and inner["end"] <= outer["end"] and \
        (outer["end"] - outer["start"]) > (inner["end"] - inner["start"])


# --- mending what the recognisers get wrong on this domain --------------------------------------
DATELINE = re.compile(r"\s*(?:,\s*\d{1,2}[\s-]|\s*[—–-]\s)")


def mend(doc: Doc, c: dict) -> Optional[dict]:
    """Fix a candidate: dateline places, cut closing quotes, titles taken for people, quoted places."""
    text = doc.text
    c = _balance_quotes(text, dict(c))
    words = text[c["start"]:c["end"]]
    if c["source"] != "registry" and _is_dateline(text, c):
        c["type"] = "LOC"
    if c["type"] == "LOC" and NAMED_AFTER_NEXT.match(text, c["end"]):
        return None                              # «Алишер Навоий номидаги …»: the poet, not the city
    if c["type"] == "LOC" and (form := STATE_FORM.match(text, c["end"])):
        c["end"] = form.end()                    # «Швейцария Конфедерациясы», «Rossiya Federatsiyasi»: one name
    if c["type"] == "PER" and c["source"] != "registry" and not _looks_like_person(words):
        return None
    entity = c.get("entity")
    if entity is None and c["type"] == "LOC" and _quoted(text, c):
        entity = reglib.shared(doc.resources).lookup(words, "LOC")     # a recogniser's quoted «Central Asia»
        entity = entity if entity is not None and entity.id == "loc:central-asia" else None
    if entity and _quoted(text, c):
        if entity.id == "loc:central-asia":      # «Центральная Азия» alone names the center
            c.update(entity=reglib.shared(doc.resources).entities.get("org:icic", entity), type="ORG")
        elif entity.type == "LOC" and entity.id not in QUOTED_PLACES:
            return None                          # a hotel or a quarter named «Астана», not the city
    elif entity and (entity.id in SILENT or _inside_quoted_name(text, c)):
        return None                              # «Silkway Central Asia», «Хоргос-Восточные ворота»
    if c["source"] == "natasha" and (c["type"] == "PER" or sentence_initial(text, c["start"]) or
                                     c["type"] == "ORG" and _kind_of_body(doc, words)) \
            and _common_word(doc, words, ("NOUN",) if c["type"] == "ORG" else ("NOUN", "ADJF")):
        return None                              # «Казахская (сторона)» at a sentence start, «Посольством» (of
    #                                              whom?) anywhere; within a sentence a place or a body keeps its
    #                                              capital («на Луне», «сессия Конгресса», «в Думе»)
    if c["type"] != "PER" and c["source"] == "natasha" and words.split()[0].lower() in TITLE_WORDS:
        return None                              # «Аким области»: a title, not a place
    if c["type"] == "LOC" and (CURRENCY_AFTER.match(text, c["end"]) or CURRENCY_BEFORE.search(text, max(0, c["start"] - 80), c["start"])):
        return None                              # «AQSh dollari», «долларов США» name money, not a place
    if c["type"] == "PER" and c["source"] != "registry" and _whole_line(text, c):
        return None                              # a byline or a photo credit, not a mention
    if c["source"] == "spacy" and all(w in DEMONYMS for w in re.split(r"[-\s]+", words.strip().lower())):
        return None                              # «Kazakh», «Kazakh-Uzbek»: adjectives, not names
    if c["type"] == "ORG" and LEGAL_FORM_ONLY.fullmatch(words.strip()):
        return None
    return c


LEGAL_FORM_ONLY = re.compile(rf"(?:{LEGAL_FORMS})\.?")   # compiled once: mend built the f-string each time
LETTER_RUN = re.compile(r"[^\W\d_]+")
NAMED_AFTER_NEXT = re.compile(rf"(?i)\s+(?:{NAMED_AFTER})\b")
# The form of a state after its name, in Kazakh and Uzbek (Russian and English put it first).
STATE_FORM = re.compile(r"(?i) (?:федерация|республика|конфедерация|корольдігі|әмірлігі|қироллиги|federatsiya|"
                        r"respublika|konfederatsiya|qirolligi)"
                        r"(?:сы|си|si)?(?:ның|нің|нинг|ning|на|не|га|ga|нда|нде|да|da|нан|нен|дан|dan|н|ни|ni)?\b")
# Kinds of body a capital alone does not make a name of: «Посольством» is some embassy, «Конгресса»
# the Congress.
BODY_KINDS = frozenset({
    "посольство", "консульство", "министерство", "ведомство", "правительство", "администрация", "аппарат",
    "акимат", "хокимият", "управление", "департамент", "служба", "агентство", "комитет", "комиссия",
    "палата", "компания", "предприятие", "корпорация", "холдинг", "фонд", "банк", "ассоциация", "завод",
    "фабрика", "комбинат", "инспекция", "представительство", "организация", "учреждение",
})


def _kind_of_body(doc: Doc, words: str) -> bool:
    """One word naming a kind of body (in any case): «Посольством», «Министерству»."""
    if " " in words.strip():
        return False
    return any(p.normal_form in BODY_KINDS for p in _morph(doc.resources).parse(words.strip())[:2])


CURRENCY_AFTER = re.compile(r"\s*(?:dollar|доллар)", re.IGNORECASE)
CURRENCY_BEFORE = re.compile(r"(?:доллар\w*|dollars?)\s*$", re.IGNORECASE)


def _inside_quoted_name(text: str, c: dict) -> bool:
    """True when the match is one word of a longer quoted name («Silkway Central Asia», "Uzbekistan
    Airways", “Astana Motors”)."""
    return any(_inside_quotes(text, c, left, right) for left, right in (("«", "»"), ("“", "”"), ('"', '"')))


def _inside_quotes(text: str, c: dict, left: str, right: str) -> bool:
    line_start = text.rfind("\n", 0, c["start"]) + 1
    opened = text.rfind(left, line_start, c["start"] + 1)
    if opened < 0 or (left != right and text.rfind(right, line_start, c["start"]) > opened) or \
            (left == right and text.count(left, line_start, c["start"]) % 2 == 0):
        return False
    closed = text.find(right, max(opened + 1, c["start"]))
    if closed < c["end"]:
        return False
    if len(text[opened + 1:closed].split()) > 6:
        return False                               # a quotation, not a name
    pieces = re.split(r"\s[—–-]\s|[,;]", text[opened + 1:closed])
    piece = next((p for p in pieces if text[c["start"]:c["end"]] in p), "")
    if left != "«" and not all(w[:1].isupper() or w[:1].isdigit() for w in piece.split()):
        return False                               # "Tashkent is ready": a quotation, not a name
    return reglib.fold(piece) != reglib.fold(text[c["start"]:c["end"]])


def _whole_line(text: str, c: dict) -> bool:
    line_start = text.rfind("\n", 0, c["start"]) + 1
    line_end = text.find("\n", c["end"])
    return not text[line_start:c["start"]].strip() and not text[c["end"]:line_end if line_end >= 0 else None].strip()


def _common_word(doc: Doc, words: str, pos: tuple = ("NOUN",)) -> bool:
    """A single dictionary word (not a name or a place) that natasha took for a name."""
    if " " in words.strip() or not words.isalpha() or (words.isupper() and len(words) > 1):
        return False                             # «ФИФА»: an acronym is a name
    parses = _morph(doc.resources).parse(words)
    proper = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "UNKN"}
    return bool(parses) and parses[0].is_known and parses[0].tag.POS in pos \
        and not any(proper & p.tag.grammemes for p in parses[:3])


# Places whose own name is written in quotes (checkpoints, stations).
QUOTED_PLACES = {"loc:atameken", "loc:gulistan", "loc:altynkol"}
# Known entities not reported on their own: too general for a reader of this domain.
SILENT = {"loc:central-asia"}


def _balance_quotes(text: str, c: dict) -> dict:
    span = text[c["start"]:c["end"]]
    if span.count("«") > span.count("»") and text[c["end"]:c["end"] + 1] == "»":
        c["end"] += 1
    if span.count("»") > span.count("«") and c["start"] and text[c["start"] - 1] == "«":
        c["start"] -= 1
    if span.count('"') % 2 and text[c["end"]:c["end"] + 1] == '"':
        c["end"] += 1
    if span[-1:] in ("'", "’") and c["start"] and text[c["start"] - 1] in "'‘":
        c["end"] -= 1                              # 'Central Asia': the closing quote is not the name's
    return c


def _is_dateline(text: str, c: dict) -> bool:
    line_start = text.rfind("\n", 0, c["start"]) + 1
    before = text[line_start:c["start"]].strip(" (")
    word = text[c["start"]:c["end"]]
    return word.isupper() and len(word) > 2 and (not before or before.endswith(")")) \
        and bool(DATELINE.match(text, c["end"]))


def _quoted(text: str, c: dict) -> bool:
    """The candidate is written in quotes: « », " ", “ ”, or single ones ('Central Asia', ‘…’)."""
    before, after = text[c["start"] - 1:c["start"]], text[c["end"]:c["end"] + 1]
    if before and before in QUOTES_OPEN and after and after in QUOTES_CLOSE:
        return True
    return bool(before) and before in "'‘" and bool(after) and after in "'’" and \
        (c["start"] < 2 or not text[c["start"] - 2].isalnum())          # not the «'s» of a possessive


def _looks_like_person(words: str) -> bool:
    tokens = LETTER_RUN.findall(words)
    names = [t for t in tokens if t[:1].isupper() and t.lower() not in TITLE_WORDS]
    return bool(names)


# --- describing: normal form, canonical name, registry id ---------------------------------------
def describe(doc: Doc, reg: reglib.Registry, c: dict, lang_at) -> Optional[dict]:
    """The output record of a candidate: normal form, registry link and canonical name
    (`lang_at` is the document's `paragraph_langs`)."""
    text = doc.text[c["start"]:c["end"]]
    if not text.strip(" «»\"“”„-"):
        return None
    entity = c.get("entity")
    lang = lang_at(c["start"])
    if entity:
        normal = _alias_like(entity, c.get("alias"), text) if c["source"] == "registry" and entity.id != "org:icic" \
            else normal_form(doc, text, c["type"], lang)
    else:
        normal = c.get("normal") or normal_form(doc, text, c["type"], lang)
        entity = reg.lookup(normal, c["type"]) or reg.lookup(text, c["type"]) or _center_by_quote(reg, c, text) \
            or _state_of(reg, c, text)
    if entity and entity.id in SILENT:
        return None
    return {"type": entity.type if entity else c["type"], "text": text, "normal": normal,
            "canonical": entity.canonical if entity else _canonical(normal),
            "span": [c["start"], c["end"]], "id": entity.id if entity else None, "source": c["source"]}


def _state_of(reg: reglib.Registry, c: dict, text: str) -> Optional[reglib.Entity]:
    """«Ресей Федерациясының»: the known country before the form of its state."""
    form = STATE_FORM.search(text) if c["type"] == "LOC" else None
    if form is None or form.end() != len(text) or not form.start():
        return None
    return reg.lookup(text[:form.start()], "LOC")


def _alias_like(entity: reglib.Entity, alias: Optional[str], text: str) -> str:
    """The entity's alias that matched, spelled in the script of the text."""
    if not alias:
        return entity.canonical
    key, cyr = reglib.fold(alias), reglib._is_cyrillic(text)
    same = [a for a in [entity.canonical, *entity.aliases] if reglib.fold(a) == key]
    return next((a for a in same if reglib._is_cyrillic(a) == cyr), alias)


CENTER_HEADS = re.compile(r"(?i)\b(?:центр|орталы|markaz|марказ|cent(?:er|re))")


def _center_by_quote(reg: reglib.Registry, c: dict, text: str) -> Optional[reglib.Entity]:
    """«Markaziy Osiyo» markazi, центр «Центральная Азия»: the center under its short name."""
    quoted = re.findall(r"[«\"“]([^»\"”]+)[»\"”]", text)
    if c["type"] != "ORG" or not quoted or not CENTER_HEADS.search(text):
        return None
    place = reg.lookup(quoted[0], "LOC")
    return reg.entities.get("org:icic") if place is not None and place.id == "loc:central-asia" else None
