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


def normalize(text: str) -> tuple[str, list[int]]:
    """Return (normalised text, offsets) where offsets[i] is the original index of char i."""
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1                                 # a base letter and its combining marks compose together
        ch = text[i]
        if ch in DROP:
            pass
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
