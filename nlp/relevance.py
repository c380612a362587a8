"""Stage 7: relevance to the subject (about / related / none) with a score.

The subject is a topic file (`nlp/data/topic.yaml`, or `Settings.topic_path`).
Its terms are matched like registry aliases (case, script, apostrophes and case
endings folded), each under one *kind*: whole names, short names, near misses,
related terms, and, under `compose:`, the parts of the subject's name (heads,
middles, «Central Asia», international, acronyms), other subjects' markers,
the subject's parts, places and people.

Reading an article:

1. **Runs.** Terms standing close together in a sentence (at most `compose.gap`
   other words between two of them) form a run, and what a run holds decides what it
   names (`classify`): head + middle + «Central Asia», head + industrial middle +
   international, an acronym ... is the subject; the same with a marker of another
   subject attached to it (Khorgos, Turan, a center in Shymkent) is a near miss; a
   name other centers share (a boundary cooperation center, an international
   industrial zone) is ambiguous.  Word order, inflection and script do not matter,
   so «Орталық Азия» халықаралық өнеркәсіптік кооперация орталығы, the Central Asia
   International Cooperation Hub and МЦПК are one subject.
2. **Sentences.** A quoted «Central Asia» with industrial words in its sentence,
   two kinds of place clue with a site word (the 100-hectare site at Atameken), an
   ambiguous name beside a place clue, or the investor refer to the subject too
   (`sentence_mentions`).
3. **The document.** Each mention weighs by its kind and where it stands (title ×3,
   lead ×2, body ×1), ×1.5 in a sentence that carries a sum or a date (the subject
   committing to something); bare "the center" and ambiguous names count, capped,
   once the subject is named (`weigh`).  `judge` turns the weights into about /
   related / none and a score: about from a weight of 2 up (a title or lead name,
   or a paragraph of the second story), unless near misses outweigh it (or the
   headline names only another subject and it is not outweighed) or the only mention
   is one in passing in the body of a long article.

All work is one pass of the matcher over the text and a few per mention: linear
in the text's length.
"""
from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import yaml

from nlp.yaml_text import safe_load
from nlp.pipeline import Doc, stage
from nlp.normalize import normalize
from nlp.registry import WORD, Entity, Registry, RegistryError, fold
from nlp.sentences import split_sentences

TOPIC = Path(__file__).parent / "data" / "topic.yaml"
# Kinds of term, in the order that decides when one term is listed under two kinds.
PLAIN_KINDS = ("names", "near_misses", "short_names")
COMPOSE_KINDS = ("acronyms", "border_acronyms", "others", "markers", "parts", "region", "region_cases", "international",
                 "industrial_middles", "border_middles", "middles", "heads", "other_heads", "quoted_heads")
SENTENCE_KINDS = ("people", "industry", "site_words")
LAST_KINDS = ("related", "anaphora")
ACRONYM_KINDS = ("acronyms", "border_acronyms")
HEADS = {"heads", "other_heads", "quoted_heads"}
RUN_KINDS = {*PLAIN_KINDS, *COMPOSE_KINDS, "anaphora", "industry"}
WEIGHT = {"name": 1.0, "short": 0.7, "part": 0.7, "anaphora": 0.4, "ambiguous": 0.4, "related": 0.3,
          "near": 1.0}
ANAPHORA_CAP = 1.2
ABOUT = 2.0
POSITION = {"title": 3.0, "lead": 2.0, "body": 1.0}
COMMITMENT = 1.5                 # a mention in a sentence with a sum or a date
STORY = 1.5                      # a mention in a paragraph that names the subject and comes back to it
SUBJECT = ("name", "short", "part", "anaphora")
# The lead is the first paragraph of prose (a sentence's end, or long): scraped pages put tags,
# bylines and photo captions between the headline and it.
LEAD_CHARS = 150
LEAD_SEARCH = 6
PROSE_END = re.compile(r"[.!?…][»\"”’)]*\s*$")
LONG_ARTICLE = 4                 # paragraphs: one mention in passing in more is not "about"
QUOTES = "«»\"“”„‟‘’'‹›"
# The normaliser reads a closing quote after an o as Uzbek oʻ (‘Markaziy Osiyo’ → ‘Markaziy Osiyoʻ):
# after an opening quote it closes the name.
UZ_APOSTROPHE = "ʻ"
BREAK = re.compile(r"[.!?;:…]\s|\n")
CLOSE = re.compile(r"[\s«»\"“”„‟‘’'‹›()\-–]*")    # what may stand between two words of one name


class TopicError(ValueError):
    """A topic file that cannot be used."""


@dataclass
class Topic:
    """A topic file ready to match: one registry for every term, and the compose settings."""

    registry: Registry
    anaphora: frozenset[str] = frozenset()     # folded heads that alone are "the center"
    gap: int = 3
    composes: bool = False
    acronyms: tuple = ()                       # (folded acronym, kind), longest first: see _acronym_kind
    prepositions: frozenset[str] = frozenset()  # between a name and a marker, they attach it


@dataclass
class Term:
    """One term found in a text: its span, kind, folded form and whether it stands in quotes."""

    start: int
    end: int
    kind: str
    key: str
    quoted: bool = False
    base: bool = True          # a region in its own form, not a case form («Орталық Азиядағы»)
    taken: bool = False        # a region that names something else (the «Central Asia» forum)


@dataclass
class Mention:
    """What a run or a sentence names: a kind of WEIGHT, at a span of the part's text."""

    kind: str
    start: int
    end: int
    terms: list = field(default_factory=list)


# -- loading -------------------------------------------------------------------------------------

def load_topic(path: Optional[str | Path] = None) -> Topic:
    """The topic file as one matcher: an entity per kind of term (see the module doc)."""
    path = Path(path or TOPIC)
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TopicError(f"{path}: cannot read the topic file: {exc}") from None
    if not isinstance(data, dict) or not data.get("names"):
        raise TopicError(f"{path}: a topic file needs a list of 'names'")
    compose = data.get("compose") or {}
    if not isinstance(compose, dict):
        raise TopicError(f"{path}: 'compose' must be a mapping")
    lists = _term_lists(data, compose, path)
    seen: set[str] = set()
    entities = []
    for kind, terms in lists:
        aliases = _unique(terms, seen)
        if aliases:
            entities.append(Entity(id=kind, type="ORG", canonical=aliases[0], aliases=aliases[1:]))
    try:
        registry = Registry(entities)
    except RegistryError as exc:
        raise TopicError(f"{path}: {exc}") from None
    anaphora = frozenset(k for k in (fold(t) for t in data.get("anaphora") or []) if k)
    acronyms = sorted(((fold(a), kind) for kind in ACRONYM_KINDS for a in compose.get(kind) or []),
                      key=lambda pair: (-len(pair[0]), pair))
    return Topic(registry, anaphora=anaphora, gap=int(compose.get("gap", 3)), composes=bool(compose),
                 acronyms=tuple(acronyms), prepositions=frozenset(w.lower() for w in compose.get("prepositions") or []))


def _term_lists(data: dict, compose: dict, path: Path) -> list[tuple[str, list[str]]]:
    """(kind, terms) in priority order; places are one kind per kind of clue ('place:checkpoint')."""
    out = [(kind, data.get(kind) or []) for kind in PLAIN_KINDS]
    out += [(kind, compose.get(kind) or []) for kind in COMPOSE_KINDS]
    places = compose.get("places") or {}
    if not isinstance(places, dict):
        raise TopicError(f"{path}: 'compose.places' must map a kind of clue to its terms")
    out += [(f"place:{name}", terms or []) for name, terms in sorted(places.items())]
    out += [(kind, compose.get(kind) or []) for kind in SENTENCE_KINDS]
    out += [(kind, data.get(kind) or []) for kind in LAST_KINDS]
    for kind, terms in out:
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise TopicError(f"{path}: '{kind}' must be a list of strings")
    return out


def _unique(terms: Iterable[str], seen: set[str]) -> list[str]:
    """Terms not listed under an earlier kind (by folded form), so every term has one kind."""
    out = []
    for term in terms:
        key = fold(term)
        if key and key not in seen:
            seen.add(key)
            out.append(_caseless(normalize(term)[0]))
    return out


def _caseless(term: str) -> str:
    """Lower-case a term unless it is an acronym, so «международного центра…» matches too."""
    return term if term.isupper() else term.lower()


def _topic(doc: Doc) -> Topic:
    return doc.resources.get("topic", lambda: load_topic(doc.resources.settings.topic_path))


# -- terms and runs ------------------------------------------------------------------------------

def find_terms(topic: Topic, text: str) -> list[Term]:
    """Every topic term in `text`, in text order, with its kind and quoting."""
    terms = []
    for m in topic.registry.find(text):
        start = m.start + 1 if text[m.start] in QUOTES else m.start
        quoted = (text[m.start] in QUOTES or (start > 0 and text[start - 1] in QUOTES)) and \
            (m.end < len(text) and text[m.end] in QUOTES or text[m.end - 1] == UZ_APOSTROPHE)
        kind = "region" if m.entity.id == "region_cases" else m.entity.id
        if kind in ACRONYM_KINDS:
            kind = _acronym_kind(topic, text[start:m.end], kind)
        terms.append(Term(start, m.end, kind, fold(m.alias), quoted, base=m.entity.id != "region_cases"))
    return terms


def _dateline(term: Term, text: str) -> bool:
    """A place as the dateline of a paragraph (GULISTAN, July 30 –): where it was written, not what about."""
    return term.start == 0 and text[term.start:term.end].isupper() and text[term.end:term.end + 1] == ","


def _acronym_kind(topic: Topic, word: str, found: str) -> str:
    """The kind of the acronym a word begins with.  The matcher lets an alias lose a final letter
    it takes for an ending (МЦПС → МЦП-), so «МЦПКа» fits МЦПК and МЦПС alike, and which one it
    reports would follow set order: decided here from the word itself."""
    key = fold(word)
    return next((kind for acronym, kind in topic.acronyms if key.startswith(acronym)), found)


def runs(terms: list[Term], text: str, gap: int) -> list[list[Term]]:
    """Terms of names grouped into runs: neighbours in one sentence with at most `gap` words between."""
    out: list[list[Term]] = []
    for term in terms:
        if term.kind not in RUN_KINDS:
            continue
        if out and _close(text, out[-1][-1], term, gap):
            out[-1].append(term)
        else:
            out.append([term])
    return out


def _close(text: str, left: Term, right: Term, gap: int) -> bool:
    between = text[left.end:right.start]
    if len(between) > 20 * (gap + 1) or BREAK.search(between):
        return False
    return len(WORD.findall(between)) <= gap


def _attached(text: str, left: Term, right: Term) -> bool:
    """Two terms of one name: nothing but spaces, quotes, brackets or hyphens between them."""
    return CLOSE.fullmatch(text[left.end:right.start]) is not None


# -- what a run names ----------------------------------------------------------------------------

OTHER = ("others", "near_misses")            # another subject, named
BLOCKING = (*OTHER, "markers")                # ... or a word that makes a name another's


def classify(run: list[Term], text: str, topic: Topic) -> list[str]:
    """The kinds of mention a run makes (WEIGHT keys): none, one, or a near miss beside the subject."""
    kinds = {t.kind for t in run}
    blockers = [i for i, t in enumerate(run) if t.kind in BLOCKING]
    if not blockers:
        kind = _subject_kind(run, kinds, text, topic)
        return [kind] if kind else []
    other = bool(kinds & set(OTHER))
    if kinds & {"acronyms", "names"}:          # the center's own names: a marker cannot make them another's
        blockers = [i for i in blockers if run[i].kind in OTHER]
    rest = [t for t in run if t.kind not in BLOCKING]
    kind = _subject_kind(rest, {t.kind for t in rest}, text, topic) if rest else None
    if kind and _blocked(run, blockers, text, topic):
        return ["near"]
    if other:
        return ["near", kind] if kind else ["near"]
    return [kind] if kind else []


def _blocked(run: list[Term], blockers: list[int], text: str, topic: Topic) -> bool:
    """A marker of another subject attached to the name («Хоргос» центр, Turan SEZ, a center in Shymkent)."""
    for i in blockers:
        for j in (i - 1, i + 1):
            if 0 <= j < len(run) and run[j].kind not in BLOCKING:
                left, right = sorted((run[i], run[j]), key=lambda t: t.start)
                if _attached(text, left, right) or (j < i and _by_preposition(text, left, right, topic)):
                    return True
    return False


def _by_preposition(text: str, left: Term, right: Term, topic: Topic) -> bool:
    """The name, one preposition, the marker: центр в Шымкенте, the hub in China."""
    words = WORD.findall(text[left.end:right.start])
    return len(words) == 1 and words[0].lower() in topic.prepositions


def _subject_kind(run: list[Term], kinds: set[str], text: str, topic: Topic) -> Optional[str]:
    own = "heads" in kinds
    head = own or "other_heads" in kinds
    industrial = "industrial_middles" in kinds
    middle = industrial or "middles" in kinds or "border_middles" in kinds
    region = "region" in kinds
    intl = "international" in kinds
    if "acronyms" in kinds or "names" in kinds:
        return "name"
    if "border_acronyms" in kinds:
        return "name" if region else "ambiguous"
    if head and middle and region and (intl or industrial or _named_region(run, text)):
        return "name"
    if head and industrial and intl:
        return "name"
    if _head_beside_quoted_region(run, text) or (head and intl and _named_region(run, text)):
        return "name"
    if "short_names" in kinds:
        return "name" if (region or intl) else "short"
    if head and "border_middles" in kinds:
        return "ambiguous"                    # the name of other border centers too
    if own and (industrial or middle and intl):
        return "short"
    if head and middle and (region or industrial or intl):
        return "ambiguous"                    # a center of cooperation in Central Asia, a platform for industry
    if head and intl and "industry" in kinds:
        return "ambiguous"                    # an international industrial zone: which one, the place may say
    if "parts" in kinds and (head or region):
        return "part"
    if kinds - {"industry"} <= {"heads", "other_heads", "anaphora", "parts"} and \
            any(t.key in topic.anaphora for t in run):
        return "anaphora"
    return None


def _named_region(run: list[Term], text: str) -> bool:
    """«Central Asia» in quotes, or right before the words it names (the Central Asia cooperation center)."""
    for a, b in zip(run, run[1:] + [None]):
        if a.kind == "region" and (a.quoted or a.base and b is not None and b.kind != "region"
                                   and _attached(text, a, b)):
            return True
    return False


def _head_beside_quoted_region(run: list[Term], text: str) -> bool:
    """зона «Центральная Азия», «Markaziy Osiyo» majmuasi: a head right beside the quoted name."""
    for a, b in zip(run, run[1:]):
        pair = {a.kind, b.kind}
        quoted = a.quoted if a.kind == "region" else b.quoted
        if len(pair & HEADS) == 1 and "region" in pair and quoted and _attached(text, a, b):
            return True
    return False


# -- what a sentence names -----------------------------------------------------------------------

def sentence_mentions(inside: list[Term], named: bool, ambiguous: list[Mention] = (),
                      after: list[Term] = ()) -> list[Mention]:
    """Mentions a sentence makes as a whole (its terms; `named`: a run in it names a subject;
    `ambiguous`: its ambiguous runs, which a place clue beside them, in the sentence or the one
    `after` it, makes the subject's: «Шекара маңы ынтымақтастығы орталығы … Орталық Мақтаарал
    ауданында орналасқан»)."""
    kinds = {t.kind for t in inside}
    out = []
    if ambiguous and not named and any(k.startswith("place:") for k in kinds | {t.kind for t in after}):
        out.append(Mention("short", ambiguous[0].start, ambiguous[0].end, ambiguous[0].terms))
    if "people" in kinds:
        out.append(_mention("short", [t for t in inside if t.kind == "people"]))
    if named:
        return out
    places = {k for k in kinds if k.startswith("place:")}
    site = bool(kinds & {"site_words", "industry", "industrial_middles", "parts", *HEADS})
    lone_region = [t for t in inside if t.kind == "region" and t.quoted and not t.taken]
    if lone_region and kinds & {"industry", "industrial_middles", "parts", "site_words"}:
        out.append(_mention("short", lone_region))
    elif len(places) >= 2 and site:
        out.append(_mention("short", [t for t in inside if t.kind.startswith("place:")]))
    return out


def _by_sentence(items: list, sentences: list[tuple[int, int]]) -> list[list]:
    """Items (with .start, in text order) grouped by the sentence they start in: one pass."""
    groups: list[list] = [[] for _ in sentences]
    starts = [s for s, _ in sentences]
    for item in items:
        groups[max(0, bisect.bisect_right(starts, item.start) - 1)].append(item)
    return groups


def _mention(kind: str, terms: list[Term]) -> Mention:
    return Mention(kind, terms[0].start, terms[-1].end, terms)


def mentions_in(topic: Topic, text: str, sentences: Optional[list[tuple[int, int]]] = None
                ) -> tuple[list[Mention], list[tuple[int, int]]]:
    """Every mention of the subject (or a near miss) in one part of a document, and its sentences
    (`sentences`: `split_sentences(text)`, where the caller has them already)."""
    terms = [t for t in find_terms(topic, text) if not _dateline(t, text)]
    found = []
    for run in runs(terms, text, topic.gap):
        found += [_mention(kind, run) for kind in classify(run, text, topic)]
        _take_regions(run, text)
    found += [Mention("related", t.start, t.end, [t]) for t in terms
              if t.kind == "related" or t.kind.startswith("place:")]
    sentences = (split_sentences(text) if sentences is None else sentences) or [(0, len(text))]
    if topic.composes:
        named = _by_sentence([m for m in found if m.kind in ("name", "short", "part", "near")], sentences)
        unsure = _by_sentence([m for m in found if m.kind == "ambiguous"], sentences)
        by_sentence = _by_sentence(terms, sentences)
        for i, (inside, names, ambiguous) in enumerate(zip(by_sentence, named, unsure)):
            after = by_sentence[i + 1] if i + 1 < len(by_sentence) and not named[i + 1] else []
            found += sentence_mentions(inside, bool(names), ambiguous, after)
    return sorted(found, key=lambda m: (m.start, m.kind)), sentences


def _take_regions(run: list[Term], text: str) -> None:
    """A «Central Asia» attached to a marker names that (the «Central Asia» forum, hotel, summit):
    it is taken, and no longer counts alone among industrial words."""
    for a, b in zip(run, run[1:]):
        pair = (a, b) if a.kind == "region" else (b, a)
        if pair[0].kind == "region" and pair[1].kind in BLOCKING and _attached(text, a, b):
            pair[0].taken = True


def refers(text: str, topic: Optional[Topic] = None) -> str:
    """What one sentence names: 'center' (the subject), 'near' (another subject) or 'none'."""
    topic = topic or default_topic()
    kinds = {m.kind for m in mentions_in(topic, normalize(text)[0])[0]}
    if kinds & {"name", "short", "part"}:
        return "center"
    return "near" if "near" in kinds else "none"


@functools.cache
def default_topic() -> Topic:
    """The package's own topic file, loaded once (for `refers`; the stage loads Settings.topic_path)."""
    return load_topic()


# -- the document --------------------------------------------------------------------------------

def weigh(doc: Doc) -> dict[str, float]:
    """Weight of each kind of mention in the document, by where it stands and what it says."""
    topic = _topic(doc)
    parts = [(doc.title, "title", None)] if doc.title else []
    parts += _parts(doc.text, title_in_text=not doc.title)
    weights = dict.fromkeys(WEIGHT, 0.0)
    weights.update(count=0.0, title_subject=0.0, lead_subject=0.0, opening_subject=0.0, opening_near=0.0,
                   paragraphs=float(len(parts)))
    opening = "title" if parts and parts[0][1] == "title" else "lead"     # what the article opens with
    marks = sorted(span[0] for item in (*doc.money, *doc.dates) if (span := item.get("span")))
    # the sentences stage's spans where it ran (a pipeline may leave it out: the lines are split here then)
    line_sentences = _sentences_of_lines(doc) if doc.sentences else None
    for text, where, offset in parts:
        known = None if offset is None or line_sentences is None else line_sentences(offset, len(text))
        found, sentences = mentions_in(topic, text, known)
        committing = _committing(sentences, marks, offset)
        starts = [s for s, _ in sentences]
        story = STORY if _a_story(found, starts) else 1.0
        for m in found:
            w = WEIGHT[m.kind] * POSITION[where]
            if m.kind in SUBJECT:
                marked = bisect.bisect_right(starts, m.start) - 1 in committing
                w *= story * (COMMITMENT if marked else 1.0)
            weights[m.kind] += w
            if m.kind in ("name", "short", "part"):
                weights["count"] += 1
                weights["title_subject"] += where == "title"
                weights["lead_subject"] += where == "lead"
                weights["opening_subject"] += where == opening
            weights["opening_near"] += m.kind == "near" and where == opening
    return weights


def _sentences_of_lines(doc: Doc):
    """sentences(offset, length): the document's sentences inside the line doc.text[offset:offset +
    length], from the line's start.  A sentence never crosses a line break and is found within its
    line alone (nlp.sentences), so these are `split_sentences` of the line, not read again."""
    spans = doc.sentences
    starts = [s for s, _ in spans]

    def sentences(offset: int, length: int) -> list[tuple[int, int]]:
        first, last = bisect.bisect_left(starts, offset), bisect.bisect_left(starts, offset + length)
        return [(s - offset, e - offset) for s, e in spans[first:last]]
    return sentences


def _a_story(found: list[Mention], starts: list[int]) -> bool:
    """A paragraph that names the subject and comes back to it in another sentence: a story of its
    own (the second one), not a clause in passing."""
    subject = [m for m in found if m.kind in SUBJECT]
    sentences = {bisect.bisect_right(starts, m.start) for m in subject}
    return len(sentences) >= 2 and any(m.kind != "anaphora" for m in subject)


def _parts(text: str, title_in_text: bool) -> list[tuple[str, str, Optional[int]]]:
    """The text split into (text, title?/lead/body, offset): the first line is a title when short."""
    paragraphs = [(m.group(), m.start()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    places = ["body"] * len(paragraphs)
    first = 0
    if title_in_text and len(paragraphs) > 1 and len(paragraphs[0][0]) < 200:
        places[0], first = "title", 1
    lead = next((i for i in range(first, min(len(paragraphs), first + LEAD_SEARCH))
                 if _prose(paragraphs[i][0])), first)
    if lead < len(paragraphs):
        places[lead] = "lead"
    return [(p, where, start) for (p, start), where in zip(paragraphs, places)]


def _prose(paragraph: str) -> bool:
    return len(paragraph.strip()) >= LEAD_CHARS or PROSE_END.search(paragraph) is not None


def _committing(sentences: list[tuple[int, int]], marks: list[int], offset: Optional[int]) -> set[int]:
    """Indexes of the sentences of a part that carry a sum or a date (`marks`: sorted starts in the text)."""
    if offset is None or not marks:
        return set()
    out = set()
    for i, (s, e) in enumerate(sentences):
        j = bisect.bisect_left(marks, s + offset)
        if j < len(marks) and marks[j] < e + offset:
            out.add(i)
    return out


def judge(weights: dict[str, float]) -> dict:
    """Label and score from the weights of the mentions (see the module doc)."""
    named = weights["name"] + weights["short"] + weights["part"]
    subject = named + (min(ANAPHORA_CAP, weights["anaphora"] + weights["ambiguous"]) if named else 0.0)
    near = weights["near"]
    if subject >= ABOUT and near < 2 * subject and not _near_owns_title(weights, subject) \
            and not _in_passing(weights):
        return {"label": "about", "score": round(0.6 + 0.4 * (1 - math.exp(-(subject - ABOUT) / 4)), 3)}
    if subject > 0 or weights["related"] >= 1.0:
        strength = subject + weights["related"]
        return {"label": "related", "score": round(0.2 + 0.35 * (1 - math.exp(-strength / 2)), 3)}
    return {"label": "none", "score": round(min(0.19, 0.05 * weights["related"] + 0.02 * near), 3)}


def _near_owns_title(weights: dict[str, float], subject: float) -> bool:
    """The headline (or, without one, the lead) names another subject (Turan) and not this one:
    this one must outweigh it."""
    return weights.get("opening_near", 0) > 0 and not weights.get("opening_subject", 0) \
        and subject < weights["near"]


def _in_passing(weights: dict[str, float]) -> bool:
    """One mention, in the body of a long article, with nothing referring back to it."""
    return (weights.get("count", 0) == 1 and not weights.get("title_subject", 0) and not weights.get("lead_subject", 0)
            and weights.get("paragraphs", 0) > LONG_ARTICLE and weights["anaphora"] + weights["ambiguous"] == 0)


@stage("relevance", assigns=("relevance",), requires=("text", "paragraphs"))
def relevance_stage(doc: Doc) -> None:
    doc.relevance = judge(weigh(doc))
