"""Kazakh PER/ORG/LOC from the statistical model shipped in nlp/data/kk_ner.

A spaCy pipeline (hash-embedding CNN and transition-based NER over the multi-language tokenizer)
trained by `make kk-model` (scripts/train_kk_ner.py) on most of the KazNERD validation split
(Yeshpanov, Khassanov, Varol 2022; CC BY 4.0).  It is loaded from the package folder only, once
per process and only when a Kazakh block is read; its spans join the rules' and the registry's
in `nlp.entities.merge`.

It reads a block sentence by sentence (it was trained on single sentences), all of them in one
`nlp.pipe` batch, and skips a sentence that cannot hold a name: no capitalised word but a common
word opening it, and no organisation's head word.  Besides PER/ORG/LOC the model knows KazNERD's
other capitalised classes (positions, dates, facilities, events, titles…) as one label, BLOCK:
those spans, and its names that end in a title word, come out as BLOCK candidates, and the
merge drops the registry's and the rules' names that open them («Қазақстан Президенті» is a
position, not a mention of the country).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from nlp import registry as reglib
from nlp.entities.lexicon import LOC_MARKER_WORD, ORG_HEADS, ORG_MARKERS, STARTERS, SURNAME, sentence_initial
from nlp.entities.kk_runner import ModelRunner
from nlp.entities.normal import TURKIC_ENDINGS
from nlp.entities.rules_ner import rule_entities, words_of
from nlp.guard import guard_all

if TYPE_CHECKING:
    from nlp.pipeline import Doc

ORG_HEAD = re.compile(rf"(?:{ORG_MARKERS}|{ORG_HEADS}|партия|ұйым|одақ|кеңес|агенттік|қор|серіктестік|мектеп|"
                      rf"университет|институт|академия|театр|ансамбл|компания|банк|палата|комитет|сот|орталы|"
                      rf"прокуратура|комиссия|"
                      # bodies, unions, media and schools named by their kind last («Министрлер кабинеті»,
                      # «Тәуелсіз мемлекеттер достастығы», «Президент телерадиокешені»)
                      rf"кабинет|альянс|достасты[қғ]|ассамблея|парламент|сенат|мәжіліс|үкімет|әкімдік|"
                      rf"әкімшілі|департамент|басқарма|бөлім|инспекция|қызмет|штаб|мекеме|федерация|"
                      rf"қауымдасты[қғ]|бірлесті[кг]|холдинг|корпорация|концерн|консорциум|фирма|"
                      rf"клуб|лига|оркестр|телерадио|телеарна|арна|газет|журнал|басылым|студия|радио|"
                      rf"колледж|лицей|гимназия|училище|аурухана|емхана|фракция|бюро|музей|мұражай|кітапхана|"
                      rf"галерея|филармония|полиция|тобы|консулды|елшілі|өкілді|дума|мектеб|факультет|кафедра|"
                      rf"серіктестіг|фабрика|комбинат|министрлік|гвардия|қолбасшылы)"
                      # not a member nor an adjective made of one («парламентшілер», «кеңестік»)
                      rf"(?!ш[ыі]|[лдт][ыі][кқ])", re.IGNORECASE)
MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "kk_ner"
TYPES = {"PER", "ORG", "LOC"}
BLOCK = "BLOCK"                      # a span of another KazNERD class (POSITION, DATE, FACILITY…)
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class KazakhModelError(RuntimeError):
    """The shipped Kazakh model is missing or cannot be loaded."""


@functools.cache
def load_model(path: Path = MODEL_DIR):
    """The spaCy pipeline in `path` (the package's own by default), loaded once."""
    if not (path / "config.cfg").is_file():
        raise KazakhModelError(f"{path}: no Kazakh NER model here (run `make kk-model`)")
    from nlp.torchless import load

    try:
        return load(path)
    except (OSError, ValueError) as exc:
        raise KazakhModelError(f"{path}: cannot load the Kazakh NER model: {exc}") from None


@functools.cache
def _runner(path: Path = MODEL_DIR) -> ModelRunner | None:
    nlp = load_model(path)
    return ModelRunner(nlp) if ModelRunner.fits(nlp) else None


def read_sentences(sentences: list[str]) -> list:
    """The sentences read by the model: what `nlp.pipe` gives, token embeddings remembered
    (`nlp.entities.kk_runner`) when the model has the shape the runner knows."""
    runner = _runner()
    return runner.pipe(sentences) if runner is not None else list(load_model().pipe(sentences))


def kazakh_entities(doc: Doc, start: int, end: int) -> list[dict]:
    """Candidates {type, start, end, source} of the Kazakh model over doc.text[start:end]: PER, ORG,
    LOC, and BLOCK for the spans of its other classes."""
    block = doc.text[start:end]
    pieces = [(a, b) for a, b in sentences_in(doc, start, end) if may_name(doc.text[a:b])]
    if not pieces:
        return []
    out = []
    for (a, _), sent in zip(pieces, read_sentences([doc.text[a:b] for a, b in pieces])):
        for ent in _at_case_breaks(sent.ents):
            span = {"start": a + ent.start_char, "end": a + ent.end_char, "source": "kk_model"}
            if ent.label_ not in TYPES:
                out.append({"type": BLOCK, **span})
            elif len(ent) > 1 and ent[-1].is_lower and TITLE_STEM.match(ent[-1].text):
                out.append({"type": BLOCK, **span})      # «Орталық басшысы»: a position, not a place
            elif not (_acronym_org(ent) or _headless_org(ent) or _capital_of_the_sentence(block, ent, a - start)):
                out.append({"type": ent.label_, **span, **({"headed": True} if _named_body(ent) else {})})
    return out


# A genitive or a locative adjective ends a Kazakh name: inside a person's or a place's name no word
# carries one («Польшаның Гливице» is Poland's Gliwice, «Еуропадағы Венгрияның» two places), but
# where the whole name takes it («Баянның Мұратқызының»).
CASE_BREAK = re.compile(r"[^\W\d_]{2,}(?:ның|нің|дың|дің|тың|тің|дағы|дегі|тағы|тегі)", re.IGNORECASE)


def _at_case_breaks(ents):
    """The model's names, a place run across a case break cut into its places and a person run across
    one left out (what it holds is left to the rules and the registry)."""
    for ent in ents:
        breaks = [] if ent.label_ not in ("PER", "LOC") else \
            [t.i for t in ent[:-1] if CASE_BREAK.fullmatch(t.text)
             and not (ent.label_ == "PER" and ent[-1].text[-3:] == t.text[-3:])]   # «Баянның Мұратқызының»
        if not breaks:
            yield ent
        elif ent.label_ == "LOC":
            start = ent.start
            for i in breaks + [ent.end - 1]:
                piece = ent.doc[start:i + 1]
                if piece[0].text[:1].isupper():
                    yield ent.doc.char_span(piece.start_char, piece.end_char, label="LOC")
                start = i + 1


def common_openers(doc: Doc, start: int, end: int, matches: list[dict]) -> list[dict]:
    """The registry's matches in a Kazakh block less one-word inflected ones opening a sentence whose
    word Kazakh writes in lower case («Келесі жылы», next year, is no «Келес-і»): its capital is the
    sentence's.  A match before a place's marker stays («Келесі ауданы»)."""
    common = lowercase_words()
    text = doc.text

    def opener(m: dict) -> bool:
        word = text[m["start"]:m["end"]]
        return start <= m["start"] < end and " " not in word and sentence_initial(text, m["start"]) and \
            word.lower() in common and reglib.fold(word) != reglib.fold(m["alias"]) and \
            not LOC_MARKER_WORD.match(text, m["end"] + 1)
    return [m for m in matches if not opener(m)]


def kazakh_rules(doc: Doc, start: int, end: int) -> list[dict]:
    """The rules' candidates in a Kazakh block, a quoted organisation cut to its name: KazNERD marks
    «Даму» in «« Даму » кәсіпкерлікті қолдау қорының», as the model does; a word the model's
    training sentences write in lower case opening a sentence is no first name («Мен Тоқаевтың»)."""
    places = reglib.shared(doc.resources)
    found = rule_entities(doc, start, end, beside_a_model=True, common=lowercase_words())
    return [_place_name(doc.text, _quoted_name(doc.text, c, places)) for c in found]


# The kind of place after its name, which KazNERD (and Kazakh usage) leaves out of the name: a town,
# a district, a village, a region of a country («Гливице қаласында» is Gliwice); a province
# («Ақтөбе облысы») is named with its kind.
KIND_AFTER = re.compile(r"\s+(?:қала|аудан|ауыл|өңір)[^\W\d_]*$", re.IGNORECASE)


def _place_name(text: str, c: dict) -> dict:
    """A rules' place, its name only: without the kind of place after it, and without a place in the
    genitive before it («Польшаның Гливице қаласында» is Gliwice)."""
    if c["type"] != "LOC":
        return c
    words = text[c["start"]:c["end"]]
    kind = KIND_AFTER.search(words)
    end = c["start"] + kind.start() if kind else c["end"]
    first = re.match(r"\S+", words)
    start = c["start"]
    if first and first.end() < end - c["start"] and CASE_BREAK.fullmatch(first.group()):
        start = c["start"] + first.end() + 1
    return {**c, "start": start, "end": end} if (start, end) != (c["start"], c["end"]) else c


CENTER_LIKE = re.compile(rf"(?:{ORG_HEADS}|орталы)", re.IGNORECASE)
QUOTED_HEAD = re.compile(r"[«“\"]\s*([^«»“”\"]+?)\s*[»”\"](?=\s+[^\W\d_]*[a-zа-яёәғқңөұүһі])")


def _quoted_name(text: str, c: dict, reg: reglib.Registry) -> dict:
    """An ORG that opens with a quoted name and goes on in lower-case words: the quoted name alone;
    not a center, zone, park or cluster, named in full in this domain («Хоргос» … орталығы), nor
    one named after a known place («Атамекен» кәсіпкерлер палатасы is no checkpoint)."""
    if c["type"] != "ORG":
        return c
    m = QUOTED_HEAD.match(text, c["start"], c["end"])
    words = text[m.end():c["end"]].split() if m else []
    if not m or not words or not all(w.islower() for w in words) or CENTER_LIKE.match(words[-1]):
        return c
    if reg.lookup(m.group(1), "LOC") is not None:
        return c
    return {**c, "start": m.start(1), "end": m.end(1)}


def sentences_in(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The document's sentences inside [start, end) (the block itself when it has none)."""
    spans = [(a, b) for a, b in doc.sentences if start <= a and b <= end]
    return spans or ([(start, end)] if doc.text[start:end].strip() else [])


def may_name(sentence: str) -> bool:
    """A capitalised word after the first, a first word Kazakh writes capitalised (not a common word in
    the training sentences), or an organisation's head word («Қорғаныс министрлігі …»): else the
    model has nothing to find (the sentences skipped in KazNERD's held-out part hold no name)."""
    words = WORD.findall(sentence)
    if not words:
        return False
    if any(w[0].isupper() for w in words[1:]):
        return True
    first = words[0]
    if first[0].isupper() and _addressed_or_quoted(sentence, first):
        return True                       # «Азамат, сөз сізде»: a person addressed; a quoted name
    return (first[0].isupper() and first.lower() not in lowercase_words()) or \
        any(map(_org_head, words[1:]))


@functools.lru_cache(maxsize=50_000)
def _org_head(word: str) -> bool:
    """`ORG_HEAD.match(word)`, remembered for up to 50,000 words (a pure function of the word; may_name
    asks it of every lower-case word of the sentences that have no capital)."""
    return ORG_HEAD.match(word) is not None


def _addressed_or_quoted(sentence: str, first: str) -> bool:
    """The sentence opens (after spaces) with its first word and a comma, or with a quote and the word:
    `re.match(rf"\\s*(?:{first}\\s*,|[«“\"]\\s*{first})", sentence)` for a word of letters, without
    compiling a pattern for each first word (str.isspace is `re`'s \\s; a letter or a quote ends the spaces)."""
    rest = sentence.lstrip()
    if rest.startswith(first) and rest[len(first):].lstrip().startswith(","):
        return True
    return bool(rest) and rest[0] in "«“\"" and rest[1:].lstrip().startswith(first)


def _capital_of_the_sentence(block: str, ent, offset: int = 0) -> bool:
    """One word at a sentence start that Kazakh writes in lower case elsewhere («Орталық …»,
    «Жобаға …», «Кеңестің …»: in the training sentences' lower-case words, or in this text): its
    capital is the sentence's, not evidence of a name («Ертіс …» stays).  `offset`: where the
    entity's sentence starts in `block`."""
    if len(ent) > 1 or not sentence_initial(block, offset + ent.start_char) or SURNAME.match(ent.text):
        return False
    if ent.label_ == "PER" and block[offset + ent.end_char:offset + ent.end_char + 2].lstrip().startswith(","):
        return False                      # «Азамат, сөз сізде»: a person addressed, as on air
    word, common = ent.text.lower(), lowercase_words()
    stems = [word[:-len(e)] for e in TURKIC_ENDINGS if word.endswith(e) and len(word) - len(e) >= 4]
    return word in common or word in STARTERS or any(stem in common for stem in stems) or word in words_of(block)


@functools.cache
def lowercase_words(path: Path = MODEL_DIR / "lowercase_words.txt") -> frozenset[str]:
    """The words the model's training sentences write in lower case (shipped beside the model)."""
    try:
        return frozenset(path.read_text(encoding="utf-8").split())
    except OSError as exc:
        raise KazakhModelError(f"{path}: cannot read the Kazakh word list: {exc}") from None


TITLE_STEM = re.compile(r"(?:президент|премьер|министр(?!лі)|әкім(?!ді|ші)|басшы|спикер|төраға|елбасы|депутат|"
                        r"хатшы|директор|орынбасар|елші|жетекші|бастығ|сенатор|ректор)", re.IGNORECASE)


def _headless_org(ent) -> bool:
    """An organisation ending in a lower-case word names its kind last (министрлігі, орталығы, ЖШС):
    without such a head word the model has run into the sentence («Орталықтың техникалық іске»)."""
    last = ent[-1].text
    return ent.label_ == "ORG" and len(ent) > 1 and last.islower() and not ORG_HEAD.match(last)


def _named_body(ent) -> bool:
    """An organisation the model names in full around a place: its head word capitalised («Қазақстан
    халқы Ассамблеясы», «Ұлыбритания Парламенті»), or three words at least that do not open with
    where it is («Қазақстан журналистика академиясы»); not «Қытай соты» (a court in China) nor
    «Семейдегі … орталығы» (a center in Semey)."""
    if ent.label_ != "ORG" or len(ent) < 2 or not ORG_HEAD.match(ent[-1].text):
        return False
    return ent[-1].text[0].isupper() or (len(ent) >= 3 and not CASE_BREAK.fullmatch(ent[0].text))


def _acronym_org(ent) -> bool:
    """«ПВХ», «БАҚ»: a short capitalised word the model calls an organisation is mostly a common
    abbreviation; the organisations known by acronym are in the registry, which finds them anyway."""
    return ent.label_ == "ORG" and len(ent) == 1 and ent.text.isupper() and len(ent.text) <= 3


guard_all(globals())   # nlp.guard: the same matches, found sooner
