"""Stage 5: money amounts.  Foundation version: "$N млрд/billion" only; issue 5 deepens it."""
from __future__ import annotations

import re

from nlp.pipeline import Doc, stage

MULT = {"млрд": 1e9, "billion": 1e9, "млн": 1e6, "million": 1e6}
PATTERN = re.compile(r"\$\s?(\d+(?:[.,]\d+)?)\s*(млрд|billion|млн|million)")


@stage("money", assigns=("money",), requires=("text",))
def money_stage(doc: Doc) -> None:
    doc.money = [
        {"text": m.group(), "amount": float(m.group(1).replace(",", ".")) * MULT[m.group(2)], "currency": "USD",
         "qualifier": None, "span": [m.start(), m.end()]}
        for m in PATTERN.finditer(doc.text)
    ]
