"""What a commitment is a step of: a milestone of the subject, or a kind of step and its object.

The milestones and the step lexicon are data (`nlp/data/milestones.yaml`, or
`Settings.milestones_path`), so another subject brings its own.  `classify`
reads one clause and returns a `Step`: its id (a milestone such as
"icic.technical-launch", else a kind such as "sign memorandum"'s "memorandum"),
whether it is a milestone, its object (the named project, company or zone the
step is about) and its English gloss ("technical launch of the center",
"sign a memorandum: Global Textile").  `kb/` groups the reports of one step
into one track by these.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

from nlp.guard import Screen, guarded
from nlp.yaml_text import safe_load
from nlp.money import fold_apostrophes

MILESTONES = Path(__file__).parent / "data" / "milestones.yaml"
DONE = {"completed", "signed", "cancelled"}
# A name in quotes: «Global Textile», "Silkway", „Lukomorye“.
QUOTED = re.compile(r"[«\"„“]([^«»\"„“”]{2,60})[»\"“”]")
# A name followed by a place word in the locative ("«Тұран» арнайы экономикалық аймағында", "«Jizzax» erkin
# iqtisodiy zonasida"): where the step happens, not its object.
PLACE_AFTER = re.compile(r"^[»\"”]?\s*(?:[^\W\d_][\w'ʻ’-]*\s+){0,2}?[\w'ʻ’-]*(?:ында|інде|нда|нде|ида|idagi|ida|sida"
                         r"|сида|сидаги|ыңда|inda)(?!\w)", re.I)
# A target figure: the trade target needs one (or a plan) to be a step at all.
TARGET = re.compile(r"(?:\$|€|млрд|млн|mlrd|mln|миллиард|миллион|billion|million|bn\b)", re.IGNORECASE)


class MilestoneError(ValueError):
    """A milestones file that cannot be used."""


@dataclass(frozen=True)
class Step:
    id: Optional[str]
    milestone: bool
    object: Optional[str]
    gloss: Optional[str]


@dataclass(frozen=True)
class Lexicon:
    subject: re.Pattern
    not_subject: Optional[re.Pattern]
    milestones: tuple[dict, ...]
    steps: tuple[dict, ...]
    screen: Optional[Screen] = None     # the screen of all the patterns above

    def bits(self, text: str) -> int:
        """The screen's bits of the patterns that may match `text` (all of them without a screen)."""
        return self.screen.bits(text) if self.screen is not None else -1


def _rx(pattern: str, screen: Optional[Screen] = None) -> re.Pattern:
    """A lexicon pattern that starts at a word's start ("резидент" is not inside "президент"); with a
    `screen`, one whose `search` first asks the screen shared by the lexicon's patterns whether it can match."""
    pattern = " ".join(pattern.split()).replace(" |", "|").replace("| ", "|")   # YAML folds lines with a space
    rx = guarded(re.compile(r"(?<!\w)(?:" + pattern + ")", re.IGNORECASE))   # the same matches, sooner
    return screen.add(rx) if screen is not None else rx


def _compiled(item: dict, screen: Optional[Screen] = None) -> dict:
    out = dict(item)
    if item.get("any"):
        out["any"] = _rx(item["any"], screen)
    out["all"] = tuple(_rx(p, screen) for p in item.get("all") or ())
    out["not"] = _rx(item["not"], screen) if item.get("not") else None
    # the screen's bits that must all be on for the item to match: its `any` and every one of its `all`
    out["_bits"] = 0 if screen is None else sum({p.bit for p in (out.get("any"), *out["all"]) if p is not None})
    return out


@functools.cache
def load_lexicon(path: Optional[str] = None) -> Lexicon:
    """The milestones file, compiled (MilestoneError naming the file when it cannot be read); its
    patterns share one `nlp.guard.Screen` (a clause asks each of them, and most do not match)."""
    path = Path(path) if path else MILESTONES
    screen = Screen()
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
        return Lexicon(subject=_rx(data["subject"], screen),
                       not_subject=_rx(data["not_subject"], screen) if data.get("not_subject") else None,
                       milestones=tuple(_compiled(m, screen) for m in data.get("milestones") or ()),
                       steps=tuple(_compiled(s, screen) for s in data.get("steps") or ()), screen=screen)
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
        raise MilestoneError(f"{path}: cannot use the milestones file: {exc}") from None


def _matches(item: dict, text: str, bits: int = -1) -> bool:
    """The item (a milestone or a kind of step) matches `text`; `bits`: the lexicon's screen of `text`."""
    if item["_bits"] & bits != item["_bits"]:
        return False                # one of its patterns cannot match the text (nlp.guard.Screen)
    if item.get("any") is not None and not item["any"].search(text):
        return False
    if item["all"] and not all(p.search(text) for p in item["all"]):
        return False
    if item.get("any") is None and not item["all"]:
        return False
    return not (item["not"] and item["not"].search(text))


def names_subject(lex: Lexicon, text: str) -> bool:
    """The subject is named in `text`, and no near miss is."""
    return bool(lex.subject.search(text)) and not (lex.not_subject and lex.not_subject.search(text))


def milestone(lex: Lexicon, clause: str, sentence: str, about: bool, status: str,
              only_ignoring_objects: bool = False) -> Optional[dict]:
    """The first milestone the clause reports, where its `needs` hold."""
    bits = lex.bits(clause)
    for m in lex.milestones:
        if only_ignoring_objects and m.get("objects") != "ignore":
            continue
        if not _matches(m, clause, bits):
            continue
        needs = m.get("needs", "document")
        if lex.not_subject and lex.not_subject.search(sentence):
            return None             # a near miss (Khorgos) is told about, not the subject
        if needs == "clause" and not names_subject(lex, clause):
            continue
        if needs == "sentence" and not (names_subject(lex, sentence) or (about and names_subject(lex, clause))):
            continue
        if needs == "document" and not (about or names_subject(lex, sentence)):
            continue
        if m.get("require") == "target" and not (TARGET.search(clause) or status == "planned"):
            continue
        if m.get("unless_kind") and \
                any(_matches(k, clause, bits) for k in lex.steps if k["id"] in m["unless_kind"]):
            continue                # the construction of a road, a plant, a hotel: not the center's own
        return m
    return None


def step_kind(lex: Lexicon, clause: str) -> Optional[dict]:
    """The first kind of step of the lexicon the clause names (`kind_only` entries name the object of
    a milestone's exception, not a kind of step of their own)."""
    bits = lex.bits(clause)
    return next((s for s in lex.steps if not s.get("kind_only") and _matches(s, clause, bits)), None)


def object_of(clause: str, names: list[tuple[int, int, str]], lex: Lexicon, subject_at: Optional[int] = None,
              places: tuple[tuple[int, int], ...] = ()) -> Optional[str]:
    """The named thing the step is about: the first organisation (`names`: (start, end, canonical)
    in the clause) or quoted name that is not the subject itself nor inside a place (`places`:
    spans of the organisations that say where the step happens); None when the subject's own name
    (`subject_at`) comes first: the step is the subject's ("the center and the office of Tenge
    Bank were launched")."""
    found = [(s, n) for s, e, n in names if not names_subject(lex, n)]
    for m in QUOTED.finditer(clause):
        name = m.group(1).strip()
        inside = any(s <= m.start() < e for s, e, _ in names) or any(s <= m.start() < e for s, e in places) \
            or bool(PLACE_AFTER.match(clause[m.end():m.end() + 40]))
        if not inside and not names_subject(lex, m.group(0)) and not re.fullmatch(r"[\d\W]+", name):
            found.append((m.start(), name))
    if not found:
        return None
    at, name = min(found)
    return None if subject_at is not None and subject_at < at else name


def _inside_quotes(text: str, pos: int) -> bool:
    return any(m.start() < pos < m.end() for m in QUOTED.finditer(text))


# "данный показатель", "this figure", "bu koʻrsatkich": the step's object is in the sentence before.
ANAPHOR = re.compile(r"(?<!\w)(?:данн\w+|эт\w+|указанн\w+|this|that|the\s+same|ushbu|mazkur|bu|ушбу|мазкур|бу|осы|аталған)"
                     r"\s+(?:показател\w*|цел\w*|figure|target|indicator|koʻrsatkich\w*|кўрсаткич\w*|көрсеткіш\w*)",
                     re.IGNORECASE)


def classify(clause: str, sentence: str, *, about: bool, status: str, object_names: list[tuple[int, int, str]],
             lexicon: Optional[Lexicon] = None, before: str = "", subject_at: Optional[int] = None,
             unnamed: Optional[str] = None, places: tuple[tuple[int, int], ...] = ()) -> Step:
    """The step a commitment clause reports (see the module's docstring).

    `object_names`: canonical names of the organisations named in the clause after its actor;
    `before`: the sentence before, read where the clause points back to it ("this figure");
    `unnamed`: the clause with its names blanked, for the kind of step (the industrial *cooperation*
    center's name says nothing about cooperating)."""
    lex = lexicon or load_lexicon()
    clause, sentence = fold_apostrophes(clause), fold_apostrophes(sentence)
    if before and ANAPHOR.search(clause):
        clause = fold_apostrophes(before) + " " + clause
    obj = object_of(clause, object_names, lex, subject_at, places)
    found = milestone(lex, clause, sentence, about, status, only_ignoring_objects=bool(obj))
    if found:
        return Step(found["id"], True, None, found["gloss"])
    kind = step_kind(lex, fold_apostrophes(unnamed) if unnamed is not None else clause)
    if kind is None:
        return Step(None, False, obj, None)
    gloss = kind["gloss"] + (f": {obj}" if obj else "")
    return Step(kind["id"], False, obj, gloss)


@functools.cache
def subject_name(topic_path: Optional[str] = None) -> Optional[str]:
    """The subject's canonical name from the topic file (the actor "the center" stands for)."""
    path = Path(topic_path) if topic_path else Path(__file__).parent / "data" / "topic.yaml"
    try:
        return (safe_load(path.read_text(encoding="utf-8")) or {}).get("canonical")
    except (OSError, yaml.YAMLError, AttributeError):
        return None
