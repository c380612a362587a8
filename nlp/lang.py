"""Stage 2: language and script, per document and per paragraph."""
from __future__ import annotations

import re

from nlp.pipeline import Doc, stage

KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
UZ_CYR_LETTERS = set("ўқғҳЎҚҒҲ")
UZ_LAT = re.compile(r"\b\w*[oOgG]ʻ\w*|\b\w+(?:lar|ning|dagi|ga|da|dan)\b")


def script_of(text: str) -> str | None:
    cyr = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    lat = sum(1 for c in text if c.isascii() and c.isalpha())
    if not cyr and not lat:
        return None
    return "Cyrl" if cyr >= lat else "Latn"


def detect(text: str) -> tuple[str, str | None]:
    """The language (ISO 639-1) and script (ISO 15924) of `text`."""
    script = script_of(text)
    if script == "Cyrl":
        kk = sum(c in KK_LETTERS for c in text)
        uz = sum(c in UZ_CYR_LETTERS for c in text)
        if uz > kk and any(c in "ўЎҳҲ" for c in text):
            return "uz", script
        if kk:
            return "kk", script
        return "ru", script
    if script == "Latn":
        if len(UZ_LAT.findall(text)) > max(2, len(text.split()) // 10):
            return "uz", script
        return "en", script
    return "und", script


@stage("language", assigns=("lang", "script", "paragraphs"), requires=("text",))
def language_stage(doc: Doc) -> None:
    doc.lang, doc.script = detect(doc.text)
    doc.paragraphs = []
    for m in re.finditer(r"[^\n]+", doc.text):
        if m.group().strip():
            lang, script = detect(m.group())
            doc.paragraphs.append({"span": [m.start(), m.end()], "lang": lang, "script": script})
