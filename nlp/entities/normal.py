"""Normal forms of names: the Russian nominative (pymorphy2), Kazakh and Uzbek names without
their case endings, organisations and places with their marker word uninflected."""
from __future__ import annotations

import inspect
import re
from typing import TYPE_CHECKING, Optional

from nlp import registry as reglib
from nlp.entities.lexicon import LOC_MARKERS, ORG_HEADS, ORG_MARKERS, QUOTES_CLOSE, QUOTES_OPEN, SURNAME
from nlp.guard import guard_all

if TYPE_CHECKING:
    from nlp.pipeline import Doc


def _morph(resources):
    def load():
        # pymorphy2 0.9 predates Python 3.11 (inspect.getargspec) and pkg_resources; give both.
        if not hasattr(inspect, "getargspec"):
            inspect.getargspec = lambda f: inspect.getfullargspec(f)[:4]
        import pymorphy2
        import pymorphy2_dicts_ru

        return pymorphy2.MorphAnalyzer(path=pymorphy2_dicts_ru.get_path())

    return resources.get("pymorphy2", load)


def _canonical(normal: str) -> str:
    name = normal.strip()
    if name[:1] in QUOTES_OPEN and name[-1:] in QUOTES_CLOSE and name.count("«") <= 1:
        name = name[1:-1]                            # «Artel» → Artel, but ТОО «X» keeps its quotes
    return reglib.transliterate(name) if reglib._is_cyrillic(name) else name


def normal_form(doc: Doc, text: str, type: str, lang: str) -> str:
    """The nominative (Russian) or suffix-free (Kazakh, Uzbek) form of a name."""
    text = " ".join(text.split())
    if lang == "ru":
        cache = doc.resources.get("ru_normal_cache", dict)
        if (text, type) not in cache:
            cache[(text, type)] = ru_normal(_morph(doc.resources), text, type)
        return cache[(text, type)]
    if lang in ("kk", "uz"):
        return turkic_normal(text) if type == "PER" else marker_normal(text)
    return text


# Case endings of Kazakh and Uzbek in their own scripts, longest first.
TURKIC_ENDINGS = sorted({
    "ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге", "қа", "ке", "на", "не", "да", "де", "та", "те",
    "дан", "ден", "тан", "тен", "нан", "нен", "ды", "ді", "ты", "ті", "ны", "ні", "мен", "бен", "пен",
    "дағы", "дегі", "тағы", "тегі", "нинг", "ни", "га", "ка", "қа", "дан", "даги", "лар",
    "ning", "ni", "ga", "ka", "qa", "da", "dan", "dagi", "lar", "ni", "dagi", "gacha",
}, key=lambda s: (-len(s), s))


# Endings no Kazakh or Uzbek name ends in by itself: cut from any name, not only surnames.
SAFE_ENDINGS = ("ның", "нің", "дың", "дің", "тың", "тің", "мен", "бен", "пен", "нан", "нен", "дан", "ден",
                "тан", "тен", "нинг", "ning", "dan")


def turkic_normal(text: str) -> str:
    """Drop a case ending from the last word of a Kazakh or Uzbek name («Тоқаевтың» → «Тоқаев»,
    «Сатыбалдының» → «Сатыбалды»)."""
    words = text.split(" ")
    last = words[-1]
    for ending in TURKIC_ENDINGS:
        stem = last[: -len(ending)]
        if last.endswith(ending) and len(stem) >= 4 and (SURNAME.match(stem) or ending in SAFE_ENDINGS):
            words[-1] = stem
            break
    return " ".join(words)


HEAD_WORD = re.compile(rf"(?:{ORG_MARKERS}|{ORG_HEADS}|{LOC_MARKERS})", re.IGNORECASE)


def marker_normal(text: str) -> str:
    """A Kazakh or Uzbek organisation or place with its marker word uninflected («кеңесінің» → «кеңесі»)."""
    words = text.split(" ")
    head = HEAD_WORD.match(words[-1])
    if head:
        words[-1] = words[-1][:head.end()]
    return " ".join(words)


def ru_normal(morph, text: str, type: str) -> str:
    """Russian name in the nominative: people word by word, others up to the head noun."""
    words = text.split(" ")
    if type == "PER":
        return " ".join(_ru_person(morph, words))
    quoted = [i for i, w in enumerate(words) if w[:1] in QUOTES_OPEN]
    head_limit = quoted[0] if quoted and quoted[0] > 0 else len(words)
    out = list(words)
    for i in range(head_limit):
        parse = _best_parse(morph, words[i], prefer=("Geox",) if type == "LOC" else ())
        if parse is not None and type == "ORG" and not parse.is_known:
            break                       # «Куксарой»: an unknown name is not declined on a guess
        if parse is not None and (parse.tag.POS == "NOUN" or i == head_limit - 1):
            out[i] = _inflect(parse, words[i], {"nomn", "sing"} if "Pltm" not in parse.tag else {"nomn"})
            for j in range(i):          # adjectives before the head agree with it
                out[j] = _ru_adjective(morph, words[j], parse.tag.gender)
            break
    return " ".join(out)


def ru_phrase_nominative(doc: Doc, text: str) -> str:
    """A Russian noun phrase with its head noun and the adjectives before it in the nominative, its
    number kept («китайских инвесторов» → «китайские инвесторы», «Посольством Узбекистана» →
    «Посольство Узбекистана»); the words after the head stay as written."""
    morph, out = _morph(doc.resources), text.split()
    for i, word in enumerate(out):
        head = _best_parse(morph, word, prefer=("nomn",), pos=("NOUN",))
        if head is not None:
            number = head.tag.number or "sing"
            out[i] = _inflect(head, word, {"nomn", number})
            for j in range(i):
                adj = _best_parse(morph, out[j], pos=("ADJF",))
                out[j] = _inflect(adj, out[j], {"nomn", number, head.tag.gender if number == "sing" else None})
            break
    return " ".join(out)


ADJ_ENDINGS = {   # oblique case → nominative, by gender; for adjectives pymorphy reads as another word
    "masc": [("шего", "ший"), ("его", "ий"), ("кого", "кий"), ("ого", "ый"), ("ему", "ий"), ("ому", "ый"),
             ("им", "ий"), ("ым", "ый"), ("ем", "ий"), ("ом", "ый")],
    "femn": [("шей", "шая"), ("ей", "яя"), ("ой", "ая"), ("ую", "ая"), ("юю", "яя")],
    "neut": [("шего", "шее"), ("его", "ее"), ("ого", "ое"), ("ему", "ее"), ("ому", "ое"), ("ым", "ое")],
}


def _ru_adjective(morph, word: str, gender: Optional[str]) -> str:
    adj = _best_parse(morph, word, pos=("ADJF", "PRTF"))
    if adj is not None:
        return _inflect(adj, word, {"nomn", "sing", gender} if gender else {"nomn", "sing"})
    for ending, nominative in ADJ_ENDINGS.get(gender or "masc", []):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + nominative
    return word


def _ru_person(morph, words: list[str]) -> list[str]:
    parts = [[p for p in re.split(r"([.\-])", w) if p] for w in words]     # «Р.Скляра», «Касым-Жомарта»
    flat = [p for w in parts for p in w]
    parses = [[q for q in morph.parse(p) if {"Name", "Surn", "Patr"} & q.tag.grammemes and q.tag.number != "plur"]
              if p.isalpha() else [] for p in flat]
    weights = [1] * (len(flat) - 1) + [2]           # the surname decides a tie
    best, best_score = ("masc", "nomn"), 0
    for gender in ("masc", "femn"):
        for case in ("nomn", "gent", "datv", "accs", "ablt", "loct"):
            score = sum(w for w, ps in zip(weights, parses)
                        if any(q.tag.gender == gender and q.tag.case == case for q in ps))
            if score > best_score:
                best, best_score = (gender, case), score
    gender, case = best
    out_flat = []
    for p, ps in zip(flat, parses):
        chosen = next((q for q in ps if q.tag.gender == gender and q.tag.case == case), None)
        if chosen is None and case != "nomn" and p[:1].isupper() and p.isalpha():
            chosen = next((q for q in morph.parse(p) if q.tag.POS == "NOUN" and q.tag.case == case
                           and q.tag.gender in (gender, None)), None)   # first names pymorphy does not know
        out_flat.append(_inflect(chosen, p, {"nomn", gender}) if chosen else p)
    rebuilt, k = [], 0
    for w in parts:
        rebuilt.append("".join(out_flat[k:k + len(w)]))
        k += len(w)
    return rebuilt


def _best_parse(morph, word: str, prefer: tuple = (), pos: tuple = ()):
    if not word.isalpha():
        return None
    parses = [p for p in morph.parse(word) if not pos or p.tag.POS in pos]
    parses = [p for p in parses if _keeps_stem(p, word)]
    preferred = [p for p in parses if set(prefer) & p.tag.grammemes]
    return (preferred or parses or [None])[0]


def _keeps_stem(parse, word: str) -> bool:
    """A parse whose nominative shares the word's beginning (not «Высшего» → «высочайший»)."""
    nom = parse.inflect({"nomn"})
    n = min(4, len(word) - 1)
    return nom is not None and nom.word[:n].replace("ё", "е") == word.lower()[:n].replace("ё", "е")


def _inflect(parse, word: str, grammemes: set) -> str:
    form = parse.inflect({g for g in grammemes if g}) if parse is not None else None
    if form is None:
        return word
    result = list(form.word)
    for i, ch in enumerate(word):            # keep «ё» where the text has it
        if ch in "ёЁ" and i < len(result) and result[i] == "е":
            result[i] = "ё"
    return _copy_case(word, "".join(result))


def _copy_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper() if len(model) <= 5 else word.capitalize()   # МЦПК stays, ТАШКЕНТ → Ташкент
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


guard_all(globals())   # nlp.guard: the same matches, found sooner
