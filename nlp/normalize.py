"""Stage 1: normalisation with a map back to original offsets.

Every later stage reads `doc.text`, in which:

- each base letter with its combining marks is composed (NFC);
- non-breaking, thin, ideographic and other odd spaces (and tabs) are one plain space;
- soft hyphens, zero-width spaces and joiners, the BOM and word joiners are gone;
- the Uzbek apostrophe family (ʻ ʼ ' ‘ ’ ` ´ ′) in oʻ/gʻ and as the tutuq belgisi
  (maʼlum, taʼlim) is one form, U+02BB ʻ.  English clitics (Kazakhstan's, don't,
  we'll) keep their apostrophe, and quotation marks stay what they are.

`offsets[i]` is the original index of `text[i]`; the list ends with len(original),
so an end offset maps back too.
"""
from __future__ import annotations

import re
import unicodedata

from nlp.pipeline import Doc, stage

APOSTROPHE = "ʻ"  # U+02BB, the form of oʻ/gʻ and the tutuq belgisi every later stage sees
APOSTROPHES = frozenset("'ʼ‘’`´ʻʹ′")
SPACES = frozenset("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                   "\u202f\u205f\u3000\t\u000b\u000c")
DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e")
# An apostrophe before one of these word endings is an English clitic, not an Uzbek letter mark.
CLITIC = re.compile(r"(?:s|t|re|ve|ll|d|m)(?![^\W\d_])", re.IGNORECASE)


def is_uzbek_apostrophe(text: str, i: int) -> bool:
    """Whether the apostrophe-like character at `i` is oʻ/gʻ or the tutuq belgisi."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if not before.isalpha():
        return False
    if before in "oOgG" and not after.isalpha():
        return True                                # oʻ / gʻ at the end of a word: Toshkentgaʻ is rare, boʻ is not
    return after.isalpha() and not CLITIC.match(text, i + 1)


# Anything normalisation may change; a text without any is returned as it is (the common case).
TOUCHED = re.compile("[" + re.escape("".join(sorted(APOSTROPHES | SPACES | DROP))) + "]")


def normalize(text: str) -> tuple[str, list[int]]:
    """Return (normalised text, offsets) where offsets[i] is the original index of char i."""
    if unicodedata.is_normalized("NFC", text):
        if not TOUCHED.search(text):
            return text, list(range(len(text) + 1))
        out, offsets = _replace_touched(text)
        if unicodedata.is_normalized("NFC", out) and not _marks_after_dropped(text):
            return out, offsets
    return _normalize_slowly(text)


def _marks_after_dropped(text: str) -> bool:
    """A combining mark right after an invisible character: left to the careful path."""
    return any(ch in DROP and i + 1 < len(text) and unicodedata.combining(text[i + 1])
               for i, ch in ((m.start(), m.group()) for m in TOUCHED.finditer(text)))


def _replace_touched(text: str) -> tuple[str, list[int]]:
    """Spaces, apostrophes and invisible characters of an already composed text, in bulk."""
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in TOUCHED.finditer(text):
        i = m.start()
        parts.append(text[pos:i])
        offsets.extend(range(pos, i))
        ch = text[i]
        if ch in SPACES:
            parts.append(" ")
            offsets.append(i)
        elif ch in APOSTROPHES:
            parts.append(APOSTROPHE if is_uzbek_apostrophe(text, i) else ch)
            offsets.append(i)
        pos = i + 1
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text) + 1))
    return "".join(parts), offsets


def _normalize_slowly(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1                                 # a base letter and its combining marks compose together
        ch = text[i]
        if ch in DROP:
            pass                                   # with any marks that follow it
        elif ch in SPACES or (ch in APOSTROPHES and is_uzbek_apostrophe(text, i)):
            out.append(" " if ch in SPACES else APOSTROPHE)
            offsets.append(i)
            j = i + 1                              # stray combining marks after it stay as they are
        else:
            for c in unicodedata.normalize("NFC", text[i:j]):
                out.append(c)
                offsets.append(i)
        i = j
    offsets.append(n)
    return "".join(out), offsets


@stage("normalize", assigns=("text", "offsets"), requires=("original",))
def normalize_stage(doc: Doc) -> None:
    doc.text, doc.offsets = normalize(doc.original)
