"""Stage 2: language and script, per document and per paragraph.

Three voices:

1. the script (ISO 15924), from letter counts: Cyrl or Latn (or another script's name);
2. py3langid (it knows kk and uz), restricted to the languages of the script: for
   Cyrillic first among ru, kk and uz, where it is right on every sentence of the
   test table, short ones included;
3. letters that only one language writes — Kazakh ә ө ұ ү ң һ і, Uzbek ў ҳ, Uzbek
   Latin oʻ gʻ — by their share of the letters: they decide where py3langid hesitates
   and overrule it when far denser than a quoted name («Ақорда» in a Russian text);
   langdetect breaks a tie between Russian and its Cyrillic neighbours (uk, bg, sr)
   and between English and other Latin languages.  Alone it calls Kazakh and Uzbek
   Russian, Turkish or Bulgarian, so it never decides between ru, kk and uz.

A document's language is that of its letters taken together; a paragraph too
short to judge (a dateline, a byline), or that the detector gives to a language none of
the four (a paragraph of English names read as German), takes the document's language when
it is written in the document's script; Latin text py3langid is unsure of (below 0.5, names
and numbers) is English unless it has Uzbek marks.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Optional

from nlp.pipeline import Doc, stage
from nlp.registry import TURKIC_LETTERS

KK_ONLY = frozenset("әөұүңһіӘӨҰҮҢҺІ")
UZ_ONLY = frozenset("ўҳЎҲ")
OTHER_CYRILLIC = re.compile("[їєґЇЄҐѓќѕљњџјђћЃЌЅЉЊЏЈЂЋӣӯҷӢӮҶ]")
KK_RE = re.compile("[" + "".join(sorted(KK_ONLY)) + "]")
# Uzbek Cyrillic writes ъ as its apostrophe before any letter (маълумот, таълим, санъат); Russian
# writes it only before е, ё, ю, я (объект, подъезд): ъ before another letter is Uzbek's mark too.
UZ_RE = re.compile("[" + "".join(sorted(UZ_ONLY)) + "]|[ъЪ](?=[^\\W\\d_ЕЁЮЯеёюя])")
RUSSIAN_ONLY = re.compile("[ыэЫЭ]")
TURKIC_CYRILLIC = TURKIC_LETTERS     # Kazakh's and Uzbek's letters that Russian lacks (the registry's too)
UZ_LATIN = re.compile(r"[oOgG]ʻ|\b(?:va|bilan|uchun|boʻyicha|ham|yil|yilda|viloyati|tumani|shahri)\b")
# English words no Uzbek sentence holds: a text of Central Asian names with two of them is English.
EN_WORDS = re.compile(r"\b(?:the|of|and|in|to|for|with|on|at|by|from|met|said|says|was|were|is|are|has|"
                      r"have|will|would|that|this|its|their|his|her|after|before|over|into)\b", re.IGNORECASE)
# One Cyrillic word with none of Kazakh's or Uzbek's own letters is Russian (py3langid calls a
# country's name alone Uzbek or Kazakh); a short sentence is not («Шынымен солай ма?» is Kazakh).
SHORT_CYRILLIC = 16         # letters
LETTER_RUN = re.compile(r"[^\W\d_]+")
CYRILLIC_LANGS = ["ru", "kk", "uz", "uk", "bg", "be", "mk", "sr", "ky", "tg", "mn"]
LATIN_LANGS = ["en", "uz", "tr", "az", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "ro", "hu", "sv",
               "da", "no", "fi", "id", "ms", "tk", "lv", "lt", "et", "hr", "sk", "sl", "sq"]
# Share of a text's letters that only Kazakh (ә ө ұ ү ң һ і) or only Uzbek (ў ҳ) writes:
# measured 0.08–0.11 in Kazakh articles and 0.015–0.035 in Uzbek Cyrillic ones.
KK_DENSITY = 0.02
UZ_DENSITY = 0.005     # below these, py3langid decides; far above, the letters do
SHORT = 25          # letters: below this a paragraph inherits the document's language
CONFIDENT = 0.90
UNSURE = 0.5        # py3langid below this on Latin text: names and numbers more than words
OURS = frozenset({"ru", "kk", "uz", "en"})


CYRILLIC = re.compile(r"[\u0400-\u052f]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024fʻʼ]")
LETTER = re.compile(r"[^\W\d_]")
# The same classes in runs: the letters of a class are the lengths of its runs added up, counted in half
# the time of one string per letter.
RUNS = tuple(re.compile(rx.pattern + "+") for rx in (CYRILLIC, LATIN, LETTER))


def letter_counts(text: str) -> tuple[int, int, int]:
    """(Cyrillic, Latin, all) letters of `text`; counts of parts add up to those of the whole."""
    cyrillic, latin, letters = (sum(map(len, rx.findall(text))) for rx in RUNS)
    return cyrillic, latin, letters


def script_of(text: str, counts: Optional[tuple[int, int, int]] = None) -> Optional[str]:
    """ISO 15924 code of the script most letters of `text` are written in (None without letters).

    `counts`: `letter_counts(text)` when the caller has them already.
    """
    cyr, lat, letters = counts or letter_counts(text)
    other = letters - cyr - lat
    if not letters:
        return None
    if other > max(cyr, lat):
        counts = Counter(_script_of_letter(ch) for ch in LETTER.findall(text))
        return counts.most_common(1)[0][0]
    return "Cyrl" if cyr >= lat else "Latn"


def _script_of_letter(ch: str) -> str:
    if "\u0400" <= ch <= "\u052f":
        return "Cyrl"
    if ch.isascii() or "\u00c0" <= ch <= "\u024f" or ch in "ʻʼ":
        return "Latn"
    name = unicodedata.name(ch, "")
    return name.split(" ")[0].title() if name else "Zyyy"


@lru_cache(maxsize=None)
def _full_identifier():
    """py3langid's model, read once per process (its byte walk remembered word by word: WordWalk)."""
    from py3langid import langid

    from nlp import langid_model

    if getattr(langid.visit_counts, "__name__", "") == "visit_counts":     # py3langid's own, not yet replaced
        langid.visit_counts = WordWalk(langid.visit_counts)
    return langid_model.identifier(norm_probs=True)     # decompressed once per machine, not per start


class WordWalk:
    """py3langid's `visit_counts` (its n-gram automaton walked byte by byte in Python, two thirds of
    its time), remembered per word: from one state, the bytes of one word and the space after it
    always lead to the same state through the same features, and an article repeats most of its
    words.  The features come in the same order, so the counts and the scores are the same
    (tests/nlp/test_speed_equivalence.py).  Forgets everything past MAX_WORDS words."""

    MAX_WORDS = 20_000            # a few MB of remembered words at most
    __name__ = "WordWalk"

    def __init__(self, walk):
        self.walk = walk                              # the original, for what this one does not handle
        self.memos: dict[tuple, tuple[tuple, dict]] = {}   # per automaton (its tables kept alive with it)

    def __call__(self, nm, rowbase, out, text):
        if not isinstance(text, bytes):
            return self.walk(nm, rowbase, out, text)
        tables, known = self.memos.setdefault((id(nm), id(rowbase), id(out)), ((nm, rowbase, out), {}))
        if len(known) >= self.MAX_WORDS:
            known.clear()
        state, found = 0, []
        words = text.split(b" ")
        last = words.pop()                            # the only one without a space after it
        for word in words:
            step = known.get((state, word))
            if step is None:
                step = known[(state, word)] = self._step(nm, rowbase, out, state, word + b" ")
            state = step[0]
            found += step[1]
        if last:
            found += self._step(nm, rowbase, out, state, last)[1]
        return Counter(found) if found else None

    @staticmethod
    def _step(nm, rowbase, out, state: int, chunk: bytes) -> tuple[int, tuple[int, ...]]:
        features = []
        for byte in chunk:
            state = nm[rowbase[state] + byte]
            if out[state] >= 0:
                features.append(out[state])
        return state, tuple(features)


@lru_cache(maxsize=None)
def _identifier(langs: tuple[str, ...]):
    """A py3langid identifier restricted to `langs`: a shallow copy sharing the model's arrays."""
    ident = copy.copy(_full_identifier())
    ident.set_languages(list(langs))
    return ident


SAMPLE = 500        # characters from the start, the middle and the end of a long text


def _langid(text: str, langs: list[str]) -> tuple[str, float]:
    if len(text) > 3 * SAMPLE:                         # py3langid reads byte by byte in Python: sample
        mid = len(text) // 2
        text = " ".join((text[:SAMPLE], text[mid - SAMPLE // 2:mid + SAMPLE // 2], text[-SAMPLE:]))
    lang, prob = _identifier(tuple(langs)).classify(text)
    return lang, float(prob)


def _langdetect(text: str) -> Optional[str]:
    try:
        from nlp import langdetect_model

        return langdetect_model.detect(text)     # seeded: deterministic answers; profiles read once per machine
    except Exception:                     # langdetect raises on text without features
        return None


def detect(text: str, *, neighbours: bool = True,
           counts: Optional[tuple[int, int, int]] = None) -> tuple[str, Optional[str]]:
    """The language (ISO 639-1, 'und' when there are no letters) and script (ISO 15924) of `text`.

    `neighbours=False` skips the check of Russian against Ukrainian, Bulgarian… (paragraphs
    of a document do without it: the document was checked as a whole).
    """
    counts = counts or letter_counts(text)
    script = script_of(text, counts)
    if script == "Cyrl":
        return _cyrillic(text, neighbours, letters=counts[2]), script
    if script == "Latn":
        return _latin(text), script
    return ("und" if script is None else _other(text)), script


def _cyrillic(text: str, neighbours: bool = True, letters: Optional[int] = None) -> str:
    if OTHER_CYRILLIC.search(text):
        return _langid(text, CYRILLIC_LANGS)[0]          # Ukrainian also writes і, Tajik ғ қ ҳ
    letters = max(1, _letters(text) if letters is None else letters)
    if letters < SHORT_CYRILLIC and not TURKIC_CYRILLIC.search(text) and len(LETTER_RUN.findall(text)) == 1:
        return "ru"                        # «• Исландия», «Бразилия»: no letter of Kazakh or Uzbek to go by
    kk = len(KK_RE.findall(text)) / letters
    uz = len(UZ_RE.findall(text)) / letters
    if kk >= 2 * KK_DENSITY and not uz:
        return "kk"     # Kazakh's own letters, dense, and not one of Uzbek's: the rules below give kk whatever
        #                 py3langid says, unless it is sure of Uzbek, which writes none of ә ө ұ ү ң һ і
    ours, prob = _langid(text, ["ru", "kk", "uz"])
    by_letters = "uz" if uz >= UZ_DENSITY and uz >= kk else "kk" if kk >= KK_DENSITY else None
    if ours == "ru" and (kk >= 2 * KK_DENSITY or uz >= 3 * UZ_DENSITY):
        return by_letters or ours                          # far more special letters than a quoted name gives
    if prob < CONFIDENT and by_letters:
        return by_letters
    if ours != "ru":
        return ours
    if len(text) < 200 or not neighbours or RUSSIAN_ONLY.search(text):
        return "ru"                        # too short to tell, or ы/э, which Ukrainian and Bulgarian lack
    sample = text[:1500]                                  # enough to tell the neighbours apart
    lang, prob = _langid(sample, CYRILLIC_LANGS)
    if lang != "ru" and prob >= 0.999 and _langdetect(sample) == lang:
        return lang                                       # Bulgarian, Serbian… without letters of their own
    return "ru"


def _latin(text: str) -> str:
    if "ʻ" in text and re.search(r"[oOgG]ʻ", text):
        return "uz"
    lang, prob = _langid(text, LATIN_LANGS)
    uz_hits = len(UZ_LATIN.findall(text))
    if lang == "uz" and not uz_hits and len(EN_WORDS.findall(text)) >= 2:
        return "en"                     # «Kazakh President Tokayev met Uzbek leader Mirziyoyev in Tashkent»
    if lang in ("en", "uz") and prob >= CONFIDENT:
        return lang
    if uz_hits >= 2 or (uz_hits and lang == "uz"):
        return "uz"
    if prob < CONFIDENT:
        voter = _langdetect(text)
        if voter == "en" or (voter is None and lang != "uz"):
            return "en"
    if prob < UNSURE and lang != "uz":
        return "en"                     # «Peter Blackburn», «Rotterdam 1996-08-22»: names, no language to hear
    return lang


def warm_up(voter: bool = True) -> None:
    """Load every identifier now (benchmarks time reading, not loading).  `voter=False` leaves langdetect
    to be loaded when a text first needs it (few do: `icic process` forks its workers without it)."""
    for langs in (("ru", "kk", "uz"), tuple(CYRILLIC_LANGS), tuple(LATIN_LANGS)):
        _identifier(langs)
    if voter:
        _langdetect("warm up the language profiles")


def _other(text: str) -> str:
    from py3langid.langid import classify

    return classify(text)[0]


def _letters(text: str) -> int:
    return len(LETTER.findall(text))


@stage("language", assigns=("lang", "script", "paragraphs"), requires=("text",))
def language_stage(doc: Doc) -> None:
    lines = list(re.finditer(r"[^\n]+", doc.text))
    counts = [letter_counts(m.group()) for m in lines]
    # The lines hold every character but the line breaks, which are no letters: their counts
    # add up to the document's, which need no second pass over the text.
    total = (sum(c[0] for c in counts), sum(c[1] for c in counts), sum(c[2] for c in counts))
    doc.lang, doc.script = detect(doc.text, counts=total)
    if doc.lang_hint and doc.lang == "und":
        doc.lang = doc.lang_hint
    doc.paragraphs = []
    for m, line_counts in zip(lines, counts):
        if m.group().strip():
            doc.paragraphs.append({"span": [m.start(), m.end()], **_paragraph(m.group(), doc, line_counts)})


def _paragraph(text: str, doc: Doc, counts: Optional[tuple[int, int, int]] = None) -> dict:
    """Language and script of one paragraph of `doc` (`counts`: its `letter_counts`, if known)."""
    counts = counts or letter_counts(text)
    script = script_of(text, counts)
    if script == doc.script == "Cyrl" and doc.lang == "ru" and not TURKIC_CYRILLIC.search(text):
        return {"lang": "ru", "script": script}     # no letter of Kazakh or Uzbek in a Russian text
    if script == doc.script == "Latn" and doc.lang == "en" and "ʻ" not in text and not UZ_LATIN.search(text):
        return {"lang": "en", "script": script}     # no mark of Uzbek in an English text
    lang, script = detect(text, neighbours=False, counts=counts)
    if script == doc.script and not _distinctive(text) and (counts[2] < SHORT or (lang not in OURS and doc.lang in OURS)):
        lang = doc.lang                 # too short to judge, or a language this text is not written in
    return {"lang": lang, "script": script}


def _distinctive(text: str) -> bool:
    """Letters that only Kazakh or only Uzbek write are enough even in a short line."""
    return bool(KK_RE.search(text) or UZ_RE.search(text)) or "ʻ" in text
