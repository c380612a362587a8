"""Stage 5: money amounts in ru, kk, uz (Latin and Cyrillic) and en.

`MoneyExtractor()(text, lang)` yields `(start, stop, fact)` with character
offsets, like natasha's extractors.  The grammar is a handful of UPPER_CASE
patterns composed of small ones: a NUMBER (decimal comma or point, spaces or
non-breaking spaces between thousands), an optional MULTIPLIER in any of the
four languages, a CURRENCY as a symbol, a code or an inflected word, and
QUALIFIERS before or after ("свыше", "about", "ortiq", "астам").  A bare number
without a currency is never money.

Every fact has: amount (in units), currency (ISO 4217), qualifier
(over | about | up_to | range | None), amount_max (ranges), and usd, the
amount in US dollars at the rate of the publication date (nlp/data/rates.yaml).
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from pathlib import Path
from typing import Iterator, Optional

import yaml

from nlp.yaml_text import safe_load
from nlp.guard import guard_all, guarded
from nlp.pipeline import Doc, stage

L = r"[^\W\d_]"           # one letter of any script
W = r"[^\W\d_ʻ]*(?:ʻ[^\W\d_]+)*"   # the rest of an inflected word (Uzbek ʻ inside allowed)
END = r"(?![^\W\d_])"     # not followed by a letter

# --- numbers -----------------------------------------------------------------------------------
SPACE = r"[ \u00a0\u202f]"
NUMBER = rf"\d{{1,3}}(?:{SPACE}\d{{3}})+(?:[.,]\d+)?|\d{{1,3}}(?:[.,]\d{{3}}){{2,}}|\d+(?:[.,]\d+)?"
DASH = r"\s?[-–—]\s?"

# --- multipliers -------------------------------------------------------------------------------
MULTIPLIERS = [  # (pattern, factor); longer spellings first within one factor
    (rf"трлн\.?|триллион{W}|trillion{W}|trln\.?|tn{END}|trl{END}", 1e12),
    (rf"млрд\.?|миллиард{W}|milliard{W}|mlrd\.?|billion{W}|bn{END}|b{END}", 1e9),
    (rf"млн\.?|миллион{W}|million{W}|mln\.?|mn{END}|m{END}", 1e6),
    (rf"тыс\.?|тысяч{W}|мың{W}|минг{W}|ming{W}|thousand{W}|k{END}", 1e3),
]
MULTIPLIER = "|".join(p for p, _ in MULTIPLIERS)

# --- currencies --------------------------------------------------------------------------------
CURRENCY_WORDS = [  # (pattern, ISO 4217); matched case-insensitively after the number
    (rf"(?:АҚШ|АКШ|AQSh|AQSH|US|U\.S\.)\s+(?:доллар{W}|dollar{W})|доллар{W}|долл\.|dollar{W}|USD{END}", "USD"),
    (rf"теңге{W}|тенге{W}|tenge{W}|тг\.?{END}|KZT{END}", "KZT"),
    (rf"сўм{W}|сум(?:ов|ам|ами|ах|а|у|е|ы)?{END}|soʻm{W}|so'm{W}|soum{W}|UZS{END}", "UZS"),
    (rf"рубл{W}|руб\.|rubl{W}|rouble{W}|ruble{W}|RUB{END}", "RUB"),
    (rf"евро{W}|euro{W}|yevro{W}|EUR{END}", "EUR"),
    (rf"юан{W}|yuan{W}|CNY{END}|RMB{END}", "CNY"),
]
CURRENCY_WORD = "|".join(p for p, _ in CURRENCY_WORDS)
SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "₽": "RUB", "₸": "KZT", "¥": "CNY",
           "USD": "USD", "EUR": "EUR", "KZT": "KZT", "UZS": "UZS", "RUB": "RUB", "CNY": "CNY"}
SYMBOL = r"US\$|\$|€|₽|₸|¥|(?:USD|EUR|KZT|UZS|RUB|CNY)(?=\s?\d)"
SUFFIX_SYMBOL = r"\$|€|₽|₸"     # "150 млн $"

# --- qualifiers --------------------------------------------------------------------------------
QUALIFIERS_BEFORE = [  # (pattern, qualifier), the word right before the amount
    (r"свыше|более|больше|не менее|минимум|over|more than|above|at least|in excess of|upwards of", "over"),
    (r"около|порядка|почти|примерно|приблизительно|ориентировочно|about|around|nearly|almost|approximately|"
     r"roughly|close to|qariyb|taxminan|тахминан|қарийб|шамамен", "about"),
    (r"до|не более|up to|as much as|no more than", "up_to"),
]
QUALIFIERS_AFTER = [  # the word right after the currency: Kazakh and Uzbek postpositions
    (r"ortiq|ziyod|dan kam emas|кам эмас|ортиқ|зиёд|астам|артық|кем емес|аса|plus", "over"),
    (r"atrofida|chamasi|chamasida|жуық|шамасында|шамасы|атрофида|чамаси", "about"),
    (r"дейін", "up_to"),
]


def _alternation(pairs: list[tuple[str, str]]) -> str:
    return "|".join(f"(?:{p})" for p, _ in pairs if p)


# Matched on the few characters before an amount, not as a leading optional group of the grammar:
# a regex that starts with an optional alternation tries it at every character of the article.
QUALIFIER_BEFORE = re.compile(rf"(?<![^\W\d_])(?P<qual>{_alternation(QUALIFIERS_BEFORE)})\s+$", re.IGNORECASE)
QUALIFIER_REACH = 24
QUALIFIER_AFTER = rf"\s+(?P<qual_after>{_alternation(QUALIFIERS_AFTER)}){END}"
RANGE_FROM = r"(?:от|from|between)\s+"
RANGE_TO_WORD = r"\s+(?:до|to|and)\s+"

# --- the grammar -------------------------------------------------------------------------------


def amount(tag: str = "") -> str:
    """A number with an optional multiplier, its groups named num<tag> and mult<tag>."""
    return rf"(?P<num{tag}>{NUMBER})(?:\s?(?P<mult{tag}>{MULTIPLIER}))?"


# The lower end of a range: "от 100 до", "from 100 to", or "100–" (a dash needs no "from").
RANGE_LOW = rf"(?:{RANGE_FROM}{amount()}{RANGE_TO_WORD}|{amount('d')}{DASH})"
NUMBER_FIRST = (  # "от 100 до 150 млн долларов", "123 млрд тенге", "10 milliard AQSh dollariga"
    rf"(?<![\d.,])(?:{RANGE_LOW})?{amount('2')}\s?"
    rf"(?:(?P<word>{CURRENCY_WORD})|(?P<sym_after>{SUFFIX_SYMBOL}))(?:{QUALIFIER_AFTER})?"
)
SYMBOL_LOW = rf"(?:{RANGE_FROM}(?P<sym>{SYMBOL})\s?{amount()}{RANGE_TO_WORD}|(?P<symd>{SYMBOL})\s?{amount('d')}{DASH})"
SYMBOL_FIRST = (  # "$1,3 млрд", "свыше $8 млрд", "$100–150 million", "from $1 to $2 billion", "USD 5 mln"
    rf"(?:{SYMBOL_LOW}(?:{SYMBOL})?|(?P<sym2>{SYMBOL}))\s?{amount('2')}"
    rf"(?:\s(?P<word>{CURRENCY_WORD}))?(?:{QUALIFIER_AFTER})?"
)
# Guarded here: guard_all below guards the globals that are patterns, not those in a list.
PATTERNS = [guarded(re.compile(SYMBOL_FIRST, re.IGNORECASE)), guarded(re.compile(NUMBER_FIRST, re.IGNORECASE))]
_MULT_RE = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), f) for p, f in MULTIPLIERS]
_CUR_RE = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), c) for p, c in CURRENCY_WORDS]
_QB_RE = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), q) for p, q in QUALIFIERS_BEFORE if p]
_QA_RE = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), q) for p, q in QUALIFIERS_AFTER]



APOSTROPHE_CHARS = "'‘’`ʼ´"
APOSTROPHES = re.compile(f"[{APOSTROPHE_CHARS}]")


def fold_apostrophes(text: str) -> str:
    """Every apostrophe as ʻ (one character for one, so offsets stay): the grammars spell oʻ, soʻm with it.

    Most texts hold none: six `in` scans (C's fast string search) tell so in less than half the time
    of the substitution's scan, which is done only where one is found."""
    for ch in APOSTROPHE_CHARS:
        if ch in text:
            return APOSTROPHES.sub("ʻ", text)
    return text


class MoneyError(ValueError):
    """A money string that the grammar matched but cannot be read as a number."""


def parse_number(text: str, lang: Optional[str] = None) -> float:
    """'1 300,5' → 1300.5; '1,3' → 1.3 (but '1,300' → 1300 in English); '1.300.000' → 1300000."""
    s = re.sub(SPACE, "", text)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3}){2,}", s):
        return float(re.sub(r"[.,]", "", s))
    m = re.fullmatch(r"(\d+)([.,])(\d+)", s)
    if m:
        whole, sep, frac = m.groups()
        if len(frac) == 3 and ((sep == "," and lang == "en") or (sep == "." and lang not in (None, "en"))):
            return float(whole + frac)
        return float(f"{whole}.{frac}")
    try:
        return float(s)
    except ValueError:
        raise MoneyError(f"not a number: {text!r}") from None


def _lookup(table, word: Optional[str], default=None):
    if not word:
        return default
    word = word.strip()
    for rx, value in table:
        if rx.match(word):
            return value
    return default


def _multiplier(word: Optional[str]) -> float:
    return _lookup(_MULT_RE, word, 1.0)


def _read(m: re.Match, lang: Optional[str]) -> Optional[dict]:
    """The fact of one match, or None when it is not money after all."""
    g = m.groupdict()
    symbol = g.get("sym") or g.get("symd") or g.get("sym2") or g.get("sym_after") or ""
    currency = SYMBOLS.get(symbol.upper()) or _lookup(_CUR_RE, g.get("word"))
    if not currency:
        return None
    low_num, low_mult = (g.get("num"), g.get("mult")) if g.get("num") else (g.get("numd"), g.get("multd"))
    top = parse_number(g["num2"], lang) * _multiplier(g.get("mult2"))
    if low_num:
        low = parse_number(low_num, lang) * _multiplier(low_mult or g.get("mult2"))
        if low >= top:  # "2024–2027", a page range, not an amount range: keep the second number only
            return None
        fact = {"amount": low, "amount_max": top, "qualifier": "range"}
    else:
        fact = {"amount": top, "amount_max": None, "qualifier": _qualifier(g)}
    return {**fact, "currency": currency}


def _qualifier(g: dict) -> Optional[str]:
    return _lookup(_QA_RE, g["qual_after"]) if g.get("qual_after") else None


def _with_qualifier(text: str, start: int, end: int, fact: dict) -> tuple[int, int, dict]:
    """Take in a qualifier word right before the amount ("свыше $8 млрд", "about $500 million")."""
    if fact["qualifier"]:
        return start, end, fact
    m = QUALIFIER_BEFORE.search(text, max(0, start - QUALIFIER_REACH), start)
    if not m:
        return start, end, fact
    return m.start(), end, {**fact, "qualifier": _lookup(_QB_RE, m.group("qual").strip())}


class MoneyExtractor:
    """Finds money amounts: `for start, stop, fact in MoneyExtractor()(text, lang): ...`."""

    def __call__(self, text: str, lang: Optional[str] = None) -> Iterator[tuple[int, int, dict]]:
        text = fold_apostrophes(text)
        found: list[tuple[int, int, dict]] = []
        for pattern in PATTERNS:
            for m in pattern.finditer(text):
                fact = _read(m, lang)
                if fact:
                    found.append(_with_qualifier(text, m.start(), m.end(), fact))
        yield from _join_ranges(text, _without_overlaps(found))


def _without_overlaps(found: list[tuple[int, int, dict]]) -> list[tuple[int, int, dict]]:
    """Longest match first; a match overlapping a kept one is dropped."""
    kept: list[tuple[int, int, dict]] = []
    for item in sorted(found, key=lambda x: (-(x[1] - x[0]), x[0])):
        if all(item[1] <= k[0] or item[0] >= k[1] for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda x: x[0])


RANGE_FROM_ENDING = re.compile(r"(?:dan|дан|ден|тан|тен)$", re.IGNORECASE)
RANGE_TO_ENDING = re.compile(r"(?:gacha|гача|ға\s+дейін|ге\s+дейін|қа\s+дейін|ке\s+дейін)$", re.IGNORECASE)


def _join_ranges(text: str, found: list[tuple[int, int, dict]]) -> list[tuple[int, int, dict]]:
    """Uzbek and Kazakh ranges: "120 million dollardan 180 million dollargacha" is one amount, 120–180 million."""
    out: list[tuple[int, int, dict]] = []
    for item in found:
        if out:
            p_start, p_end, prev = out[-1]
            if (prev["currency"] == item[2]["currency"] and not text[p_end:item[0]].strip()
                    and RANGE_FROM_ENDING.search(text[p_start:p_end]) and RANGE_TO_ENDING.search(text[item[0]:item[1]])
                    and prev["amount"] < item[2]["amount"]):
                out[-1] = (p_start, item[1], {**prev, "amount_max": item[2]["amount"], "qualifier": "range"})
                continue
        out.append(item)
    return out


# --- USD equivalents ---------------------------------------------------------------------------
RATES_PATH = Path(__file__).parent / "data" / "rates.yaml"


@functools.cache
def load_rates(path: str = str(RATES_PATH)) -> dict[str, list[tuple[dt.date, float]]]:
    """{currency: [(date, units per USD), ...]} sorted by date."""
    data = safe_load(Path(path).read_text(encoding="utf-8"))
    table = {}
    for code, rows in data["rates"].items():
        table[code] = sorted((dt.date.fromisoformat(str(r["date"])), float(r["per_usd"])) for r in rows)
    return table


def rate_on(currency: str, day: Optional[dt.date]) -> Optional[float]:
    """Units of `currency` per US dollar on `day`: the latest row not after it (else the earliest row)."""
    if currency == "USD":
        return 1.0
    rows = load_rates().get(currency)
    if not rows:
        return None
    if day is None:
        return rows[-1][1]
    i = bisect.bisect_right([d for d, _ in rows], day) - 1
    return rows[max(i, 0)][1]


def to_usd(amount: float, currency: str, day: Optional[dt.date]) -> Optional[float]:
    rate = rate_on(currency, day)
    return round(amount / rate, 2) if rate else None


EXTRACTOR = MoneyExtractor()


@stage("money", assigns=("money",), requires=("text", "lang"))
def money_stage(doc: Doc) -> None:
    doc.money = []
    for start, stop, fact in EXTRACTOR(doc.text, doc.lang):
        fact["usd"] = to_usd(fact["amount"], fact["currency"], doc.published)
        doc.money.append({"text": doc.text[start:stop], **fact, "span": [start, stop]})


guard_all(globals())   # nlp.guard: the same matches, found sooner
