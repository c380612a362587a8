"""Stage 6: dates and deadlines as intervals.  Foundation version: years only; issue 5 deepens it."""
from __future__ import annotations

import re

from nlp.pipeline import Doc, stage

YEAR = re.compile(r"(?<![\d$.,])(20[2-3]\d)(?![\d.,])")


@stage("dates", assigns=("dates",), requires=("text", "money"))
def dates_stage(doc: Doc) -> None:
    doc.dates = [
        {"text": m.group(), "kind": "year", "start": f"{m.group(1)}-01-01", "end": f"{m.group(1)}-12-31",
         "span": [m.start(), m.end()]}
        for m in YEAR.finditer(doc.text)
    ]
