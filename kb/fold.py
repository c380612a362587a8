"""Folding words of any script and inflection to one search key.

One key per word, the same for the word in Russian, Kazakh or Uzbek Cyrillic,
Uzbek or Kazakh Latin and English transliteration, and (mostly) for its
inflected forms: Токаев, Токаева, Тоқаевтың, Tokayev, Toqayevning → ``tokaev``.

How: lower case; Cyrillic to one Latin spelling; the spelling differences of
transliterations ironed out (q→k, kh/x/h→k, zh→j, w→v, y before a vowel
dropped, doubled letters single but never digits: «2000» is not «20»;
apostrophes gone); then case, possessive and plural endings of the text's
language (Russian, Kazakh, Uzbek, English; all of them for names and unknown
languages) stripped repeatedly down to a stem of at least four letters.  A
Snowball stemmer was measured and rejected: it strips once, so Токаев → тока
but Токаева → токаев, and surnames are what people search for.  Stripping to a
fixed point gives both the same key.

Keys are for matching, not for reading: they are never shown to people.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterator

CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh
    "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Uzbek
    "ў": "o", "ҳ": "h",
    # Latin letters of the Kazakh and Turkish-style alphabets that NFKD does not split
    "ı": "y", "ş": "sh", "ç": "ch", "ğ": "g",
}
APOSTROPHES = "'ʻʼ‘’`´ʹ′"
TRANSLATE = str.maketrans({**CYRILLIC, **{a: "" for a in APOSTROPHES}})

# Digraphs first (sh, ch kept as one letter while the rest is rewritten), then single letters.
DIGRAPHS = (("sh", "\x01"), ("ch", "\x02"), ("zh", "j"), ("kh", "k"))
LETTERS = str.maketrans({"x": "k", "h": "k", "q": "k", "w": "v"})
Y_BEFORE_VOWEL = re.compile(r"y(?=[aeiou])")
# Doubled letters fold to one (Kassym = Касым, Tokkayev = Tokayev); nn stays until the endings are off:
# Қазақстанның.  Digits never fold: a number is the same number only written the same way, so «2000» is not
# «20» nor «200» (a year, a sum, an article number), and the digits of a word with letters stay as written
# too («A380», «C919», «Ил-114» is not «Ил-14»: a model is its number), while its letters fold and its ending
# comes off as any word's (Uzbek «1100ga» → 1100).  Hyphenated forms are two words anyway («2030-yilgacha»,
# «1000-летие», «2000-жылы»: 2030, 1000, 2000 and the ending word), so a search for the number finds them.
DOUBLED = re.compile(r"([^n0-9])\1+")
NN = re.compile("nn+")   # folded to n once the endings are off (kb.fold._finish)
# Decimal digits of other scripts (Arabic-Indic ٢٠٠٠, Devanagari २०००, …) are the same numbers: written as
# ASCII digits, so 2000 finds them and DOUBLED leaves them alone; NFKC already does this for fullwidth and
# circled digits, not for these.
OTHER_DIGIT = re.compile(r"(?![0-9])\d")

# Endings in folded spelling, per language, stripped repeatedly, longest first.  Each
# language has its own list because the languages disagree: Russian Шавката is
# Шавкат + а, while Kazakh -та is a case ending.  A query word is folded once per
# language and the forms are ORed (kb.search), so it still finds every language.
ENDINGS = {
    "ru": "a u e o y i om em am ami oy ey iy ym im ogo ego omu emu ie ia iu",
    "kk": """nyng ning tyng ting dyng ding ga ge ka ke na ne ny ni ty ti dy di da de ta te
             nan nen dan den tan ten men ben pen lar ler dar der tar ter
             yng ing yn in ymyz imiz ngyz ngiz yngyz ingiz sy si y i dagy degi tagy tegi""",
    "uz": "ning ni ga ka da dan lar dagi gacha kacha im ing imiz ingiz i si miz niki",
    "en": "s",
}
ENDINGS[None] = " ".join(ENDINGS.values())  # a language we do not know: every ending
SUFFIXES = {lang: sorted(set(e.split()), key=len, reverse=True) for lang, e in ENDINGS.items()}
BY_LAST = {lang: {c: [x for x in suffixes if x[-1] == c] for c in {x[-1] for x in suffixes}}
           for lang, suffixes in SUFFIXES.items()}  # longest first, looked up by the word's last letter
LANGS = ("ru", "kk", "uz", "en", None)
MIN_STEM = 4
VOWELS_BEFORE_G = frozenset("aeiouy")   # a final g after one of these is a voiced k (kb.fold._unvoiced)
CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
LATIN_LETTER = re.compile("[A-Za-z]")
WORD = re.compile(r"[^\W_]+(?:[" + APOSTROPHES + r"][^\W_]+)*")


def _ascii_digit(m: re.Match) -> str:
    return str(unicodedata.decimal(m.group()))


def spell(word: str) -> str:
    """The word in the one Latin spelling, without stripping endings."""
    word = unicodedata.normalize("NFKC", word).casefold().translate(TRANSLATE)
    if not word.isascii():  # accents of Latin alphabets: á → a; other scripts' digits
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        word = OTHER_DIGIT.sub(_ascii_digit, word)
    for digraph, repl in DIGRAPHS:
        if digraph in word:
            word = word.replace(digraph, repl)
    word = word.translate(LETTERS)
    if "y" in word:          # the searches skipped cost more than the test (a new word folds in ~8 µs)
        word = Y_BEFORE_VOWEL.sub("", word)
    return DOUBLED.sub(r"\1", word)


def _stems(word: str, lang: str | None) -> list[str]:
    """The word and each stem on the way as the endings of `lang` come off, final g not yet voiced back."""
    if word.isdigit():
        return [word]
    by_last = BY_LAST.get(lang, BY_LAST[None])
    chain = [word]
    while word:
        for ending in by_last.get(word[-1], ()):       # longest first
            if len(word) - len(ending) >= MIN_STEM and word.endswith(ending):
                word = word[: -len(ending)]
                chain.append(word)
                break
        else:
            break
    return chain


def _unvoiced(word: str) -> str:
    """Kazakh and Uzbek voice a final k before an ending (орталық, орталығы): a final g after a vowel is k."""
    return word[:-1] + "k" if word[-1:] == "g" and word[-2:-1] in VOWELS_BEFORE_G else word


def strip_chain(word: str, lang: str | None = None) -> list[str]:
    """The word and each stem on the way as the endings of `lang` come off (the last is the key)."""
    return [_unvoiced(w) for w in _stems(word, lang)]


def strip_endings(word: str, lang: str | None = None) -> str:
    """Strip the endings of `lang` until none is left or the stem would be shorter than MIN_STEM."""
    return _unvoiced(_stems(word, lang)[-1])


def _finish(word: str) -> str:
    if "nn" in word:
        word = NN.sub("n", word)
    return word.replace("\x01", "sh").replace("\x02", "ch")


@functools.lru_cache(maxsize=500_000)  # a news vocabulary with its inflected forms; ~100 bytes each
def fold_word(word: str, lang: str | None = None) -> str:
    """The search key of one word of a text in `lang` (None: any language): Тоқаевтың → tokaev."""
    return _finish(strip_endings(spell(word), lang if lang in SUFFIXES else None))


@functools.lru_cache(maxsize=10_000)
def fold_query_word(word: str) -> tuple[str, ...]:
    """The keys a query word may have in a document of any language.

    Every stem on the way, in every language, so that Kazakh Қазақстанның
    (kazakstannyng → kazakstan → kazaks) also finds Russian Казахстан (kazakstan).
    """
    spelled = spell(word)
    return tuple(sorted({_finish(stem) for lang in LANGS for stem in strip_chain(spelled, lang)}))


@functools.lru_cache(maxsize=50_000)
def fold_prefix(word: str) -> str:
    """The key of a word prefix (`Тоқ*`): spelling folded, no endings stripped."""
    return _finish(spell(word))


KAZAKH_LETTERS = frozenset("әіңүұөһ")      # in no other alphabet we read
UZBEK_LETTERS = frozenset("ўҳ")
TURKIC_LETTERS = frozenset("қғ")           # Kazakh and Uzbek Cyrillic, not Russian
UZBEK_LATIN = re.compile("q|[og][" + APOSTROPHES + "]")


@functools.lru_cache(maxsize=500_000)
def word_lang(word: str, lang: str | None) -> str | None:
    """The language whose endings to strip from `word` met in a text in `lang`.

    The text's language, unless the word's letters say it is another one's: a
    Kazakh quote or name in a Russian article («Тоқаевтың», «Қазақстанның»),
    Uzbek Latin in an English one (Toqayevning).  Kazakh letters → kk, Uzbek
    letters → uz; a word of another script than the text's, or with only қ/ғ in
    Russian, gets every language's endings (None), as names and unknown
    languages do.
    """
    if lang is None:
        return None
    lower = word.lower()
    letters = set(lower)
    if letters & KAZAKH_LETTERS:
        return "kk"
    if letters & UZBEK_LETTERS:
        return "uz" if lang != "kk" else "kk"
    cyrillic = CYRILLIC_LETTER.search(lower) is not None
    if cyrillic:
        if lang == "en" or (lang == "ru" and letters & TURKIC_LETTERS):
            return None
        return lang
    if lang == "en" and UZBEK_LATIN.search(lower):
        return "uz"
    if lang == "ru":
        return None
    return lang


def index_key(word: str, lang: str | None = None) -> str:
    """The key a word of a text in `lang` is indexed under: `fold_word` with the endings of `word_lang`."""
    return fold_word(word, word_lang(word, lang if lang in SUFFIXES else None))


_TEXT_KEYS: dict = {}   # lang → {word: key}; a plain dict lookup per word, cheaper than an lru_cache call


def words(text: str) -> Iterator[re.Match]:
    """The words of `text` as regex matches (with their character offsets)."""
    return WORD.finditer(text or "")


def fold_text(text: str, lang: str | None = None) -> str:
    """The keys of every word of `text` in `lang` (`index_key`), space-separated, in order (what the index stores)."""
    keys = _TEXT_KEYS.get(lang)
    if keys is None or len(keys) > 500_000:
        keys = _TEXT_KEYS[lang] = {}
    out = []
    for word in WORD.findall(text or ""):
        key = keys.get(word)
        if key is None:
            key = keys[word] = index_key(word, lang)
        out.append(key)
    return " ".join(out)


@functools.lru_cache(maxsize=100_000)
def fold_name(name: str) -> str:
    """One key for a name of several words: 'Касым-Жомарт Токаев' → 'kasym jomart tokaev'."""
    return fold_text(name)


def script_of(text: str) -> str | None:
    """ISO 15924 script of `text` (Cyrl or Latn) by majority of letters; None without letters."""
    cyr, lat = len(CYRILLIC_LETTER.findall(text)), len(LATIN_LETTER.findall(text))
    if not cyr and not lat:
        return None
    return "Cyrl" if cyr >= lat else "Latn"
