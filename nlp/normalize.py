"""Stage 1: normalisation with a map back to original offsets."""
from __future__ import annotations

import unicodedata

from nlp.pipeline import Doc, stage

APOSTROPHE = "ʻ"  # U+02BB, the form of oʻ/gʻ and the tutuq belgisi every later stage sees
APOSTROPHES = {"'", "ʼ", "‘", "’", "`", "´", "ʻ", "ʹ", "′"}
SPACES = {"\u00a0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007",
          "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000", "\t"}
DROP = {"\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff"}


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def normalize(text: str) -> tuple[str, list[int]]:
    """Return (normalised text, offsets) where offsets[i] is the original index of char i.

    The list has one extra entry, len(original), so an end offset maps too.
    """
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        # compose a base letter with its combining marks (NFC) chunk by chunk
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        chunk = unicodedata.normalize("NFC", text[i:j])
        ch = text[i]
        if ch in DROP:
            pass
        elif ch in SPACES:
            out.append(" ")
            offsets.append(i)
        elif ch in APOSTROPHES and 0 < i < n - 1 and _is_letter(text[i - 1]) and _is_letter(text[i + 1]):
            out.append(APOSTROPHE)
            offsets.append(i)
        elif ch in APOSTROPHES and i > 0 and text[i - 1] in "oOgG" and i + 1 < n and not text[i + 1].isalpha():
            out.append(APOSTROPHE)  # oʻ / gʻ at the end of a word
            offsets.append(i)
        else:
            for c in chunk:
                out.append(c)
                offsets.append(i)
        i = j
    offsets.append(n)
    return "".join(out), offsets


@stage("normalize", assigns=("text", "offsets"), requires=("original",))
def normalize_stage(doc: Doc) -> None:
    doc.text, doc.offsets = normalize(doc.original)
