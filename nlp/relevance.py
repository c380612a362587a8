"""Stage 7: relevance to the subject (about / related / none) with a score."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from nlp.pipeline import Doc, stage


def _topic(doc: Doc) -> dict:
    def load():
        path = doc.resources.settings.topic_path or str(Path(__file__).parent / "data" / "topic.yaml")
        return yaml.safe_load(open(path, encoding="utf-8"))

    return doc.resources.get("topic", load)


def _count(terms: list[str], text: str) -> int:
    return sum(len(re.findall(re.escape(t), text, flags=re.IGNORECASE)) for t in terms)


@stage("relevance", assigns=("relevance",), requires=("text", "entities"))
def relevance_stage(doc: Doc) -> None:
    topic = _topic(doc)
    text = f"{doc.title or ''}\n{doc.text}"
    names, related = _count(topic["names"], text), _count(topic["related"], text)
    if names:
        doc.relevance = {"label": "about", "score": min(1.0, 0.6 + 0.1 * names)}
    elif related:
        doc.relevance = {"label": "related", "score": min(0.59, 0.2 + 0.05 * related)}
    else:
        doc.relevance = {"label": "none", "score": 0.0}
