"""Stage 4: entities (PER, ORG, LOC) linked to canonical names.

Foundation version: names of the topic file found by exact match.  Issue 4
replaces this with natasha, spaCy and the registry.
"""
from __future__ import annotations

import re

import yaml

from nlp.pipeline import Doc, stage


def _topic_names(doc: Doc) -> tuple[str, list[str]]:
    def load():
        from pathlib import Path

        path = doc.resources.settings.topic_path or str(Path(__file__).parent / "data" / "topic.yaml")
        topic = yaml.safe_load(open(path, encoding="utf-8"))
        return topic["canonical"], sorted(topic["names"], key=len, reverse=True)

    return doc.resources.get("topic_names", load)


@stage("entities", assigns=("entities",), requires=("text", "lang"))
def entities_stage(doc: Doc) -> None:
    canonical, names = _topic_names(doc)
    doc.entities = []
    for name in names:
        for m in re.finditer(re.escape(name), doc.text, flags=re.IGNORECASE):
            doc.entities.append({"type": "ORG", "text": m.group(), "normal": name, "canonical": canonical,
                                 "span": [m.start(), m.end()]})
