"""Stage 8: commitments.  Foundation version: sentences with a plan cue; issue 5 deepens it."""
from __future__ import annotations

import re

from nlp.pipeline import Doc, stage

CUES = {
    "planned": r"планиру|будет|намерен|поставлена цель|plans? to|will|aims?|жоспарлан|rejalashtiril|режалаштирил",
    "signed": r"подписал|signed|қол қойыл|imzolan|имзолан",
    "agreed": r"договорил|agreed|келісті|kelishib|келишиб",
    "completed": r"запущен|launched|іске қосылды|ishga tushirildi|ишга туширилди",
}


@stage("commitments", assigns=("commitments",), requires=("text", "sentences", "entities", "money", "dates"))
def commitments_stage(doc: Doc) -> None:
    doc.commitments = []
    for start, end in doc.sentences:
        sentence = doc.text[start:end]
        for status, cue in CUES.items():
            if re.search(cue, sentence, flags=re.IGNORECASE):
                money = next((m for m in doc.money if start <= m["span"][0] < end), None)
                date = next((d for d in doc.dates if start <= d["span"][0] < end), None)
                doc.commitments.append({
                    "actor": None, "action": sentence[:120], "status": status,
                    "amount": {"amount": money["amount"], "currency": money["currency"]} if money else None,
                    "deadline": {k: date[k] for k in ("kind", "start", "end")} if date else None,
                    "evidence": sentence, "span": [start, end], "confidence": 0.3,
                })
                break
