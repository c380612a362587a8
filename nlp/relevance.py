"""Stage 7: relevance to the subject (about / related / none) with a score.

The subject is a topic file (`nlp/data/topic.yaml`, or `Settings.topic_path`):
its names, short names, related terms and near misses are matched like
registry aliases (case, script, apostrophes and case endings folded).

Each mention weighs by where it stands: the title ×3, the lead paragraph ×2,
elsewhere ×1; a short name counts 0.7 of a full one.  An article is `about` the
subject when the weight of its names (plus, once it is named, up to 1 for
bare «центр», «markaz», "the center": anaphora) reaches 2 (a title or lead mention, or two
in the body) and near misses do not outweigh them; `related` when the subject is
mentioned in passing or related terms add up to 1; `none` otherwise.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Optional

import yaml

from nlp.pipeline import Doc, stage
from nlp.registry import Entity, Registry, RegistryError

TOPIC = Path(__file__).parent / "data" / "topic.yaml"
KINDS = {"names": 1.0, "short_names": 0.7, "anaphora": 0.4, "related": 0.3, "near_misses": 1.0}
ANAPHORA_CAP = 1.0
ABOUT = 2.0
POSITION = {"title": 3.0, "lead": 2.0, "body": 1.0}


class TopicError(ValueError):
    """A topic file that cannot be used."""


def load_topic(path: Optional[str | Path] = None) -> Registry:
    """The topic file as a small registry: one entity per kind of term."""
    path = Path(path or TOPIC)
    try:
        topic = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TopicError(f"{path}: cannot read the topic file: {exc}") from None
    if not isinstance(topic, dict) or not topic.get("names"):
        raise TopicError(f"{path}: a topic file needs a list of 'names'")
    try:
        return Registry(Entity(id=kind, type="ORG", canonical=kind, aliases=[_caseless(t) for t in topic[kind]])
                        for kind in KINDS if topic.get(kind))
    except RegistryError as exc:
        raise TopicError(f"{path}: {exc}") from None


def _caseless(term: str) -> str:
    """Lower-case a term unless it is an acronym, so «международного центра…» matches too."""
    return term if term.isupper() else term.lower()


def _topic(doc: Doc) -> Registry:
    return doc.resources.get("topic", lambda: load_topic(doc.resources.settings.topic_path))


def weigh(doc: Doc) -> dict[str, float]:
    """Weight of each kind of term in the document, by where its mentions stand."""
    topic = _topic(doc)
    parts = [(doc.title, "title")] if doc.title else []
    parts += _parts(doc.text, title_in_text=not doc.title)
    weights = dict.fromkeys(KINDS, 0.0)
    for text, where in parts:
        for match in topic.find(text):
            weights[match.entity.id] += KINDS[match.entity.id] * POSITION[where]
    return weights


def _parts(text: str, title_in_text: bool) -> list[tuple[str, str]]:
    """The text split into (title?, lead, body): the first line is a title when it is short."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    out = []
    if title_in_text and len(paragraphs) > 1 and len(paragraphs[0]) < 200:
        out.append((paragraphs.pop(0), "title"))
    if paragraphs:
        out.append((paragraphs[0], "lead"))
        out += [(p, "body") for p in paragraphs[1:]]
    return out


def judge(weights: dict[str, float]) -> dict:
    """Label and score from the weights of names, short names, related terms and near misses."""
    subject = weights["names"] + weights["short_names"]
    if subject:                      # "the center" counts once the center has been named
        subject += min(ANAPHORA_CAP, weights["anaphora"])
    near = weights["near_misses"]
    if subject >= ABOUT and near < 2 * subject:
        return {"label": "about", "score": round(0.6 + 0.4 * (1 - math.exp(-(subject - ABOUT) / 4)), 3)}
    if subject > 0 or weights["related"] >= 1.0:
        strength = subject + weights["related"]
        return {"label": "related", "score": round(0.2 + 0.35 * (1 - math.exp(-strength / 2)), 3)}
    return {"label": "none", "score": round(min(0.19, 0.05 * weights["related"] + 0.02 * near), 3)}


@stage("relevance", assigns=("relevance",), requires=("text", "paragraphs"))
def relevance_stage(doc: Doc) -> None:
    doc.relevance = judge(weigh(doc))
