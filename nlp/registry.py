"""The entity registry: canonical entities with aliases in every language and script.

Pure Python, no storage: it loads the seed file (`nlp/data/registry.yaml`),
folds names to script-free keys, finds aliases in text (suffix-aware, so
«Тоқаевтың», «Oʻzbekistonning», «Ташкенте» and «Туркестанской области» all
match), grows from what the recognisers find, and exports / imports itself as
plain dicts so `kb/` can persist it.

For kb/ (which persists it): `nlp.pipeline.Pipeline.registry()` is the live registry
of a pipeline; `Registry.rows()` gives its entities and aliases tables (alias rows carry
the folded `key` a search for "Tokayev" can use to find Токаев, Тоқаев, Toqayev);
`Registry.merge(records)` / `Registry.from_rows(...)` bring stored entities back;
`fold(name)` folds a user's query the same way.

Folding (`fold`) is a phonetic key, not a transliteration for people: case,
Cyrillic→Latin for ru/kk/uz, apostrophes, q→k, x→kh, j→zh, y→i, doubled
letters and an «i» before a vowel all collapse, so Токаев, Тоқаев, Tokayev and
Toqayev share the key ``tokaev``.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

import yaml

from nlp.yaml_text import safe_load

SEED = Path(__file__).parent / "data" / "registry.yaml"
TYPES = ("PER", "ORG", "LOC")

CYR2LAT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ў": "o", "ф": "f", "х": "kh", "ҳ": "h", "һ": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
# Readable Latin for canonical names of entities first seen in Cyrillic.
CYR2LAT_READABLE = {**CYR2LAT, "ы": "y", "е": "e", "ц": "ts", "х": "kh", "й": "y", "ә": "a", "ө": "o"}
APOSTROPHES = "ʻʼ'‘’`´"
VOWELS = "aeiou"

# Endings in folded form.  Kazakh and Uzbek cases, possessives and plurals; Russian
# noun and adjective cases.  A text word matches an alias word when it is the
# alias stem followed by up to three of these.
SUFFIXES = sorted({
    # Kazakh: genitive, dative, locative, ablative, accusative, instrumental, plural, -ғы/-гі
    "nin", "din", "tin", "ga", "ge", "ka", "ke", "na", "ne", "a", "e", "da", "de", "ta", "te",
    "dan", "den", "tan", "ten", "nan", "nen", "di", "ti", "ni", "n", "men", "ben", "pen",
    "dagi", "degi", "tagi", "tegi", "lar", "ler", "dar", "der", "tar", "ter", "si", "i", "in", "men",
    "gi", "ki", "ghi", "nda", "nde", "nan", "ina", "ine",
    # Uzbek: -ning, -ni, -ga/-ka/-qa, -da, -dan, -dagi, -lar, possessive -i/-si, -imiz
    "ning", "ng", "imiz", "miz", "ingiz", "dek", "gacha", "kacha", "cha",
    # Russian: nouns and adjectives (after folding: я→ya→a, й→i, ы→i)
    "u", "o", "om", "em", "im", "oi", "ei", "ami", "iami", "akh", "ikh", "ov", "ev", "ogo", "ego",
    "omu", "emu", "imi", "oe", "ie", "ii", "ui", "oiu", "uiu", "iu", "aia",
}, key=lambda s: (-len(s), s))
SUFFIX_SET = frozenset(SUFFIXES)
# Russian noun and adjective endings after folding (я→ya→a, й→i, ы→i), one of which follows a stem
# that lost an alias's own ending.
RUSSIAN_ENDINGS = frozenset({
    "", "a", "e", "i", "u", "o", "ia", "iu", "om", "em", "im", "oi", "ei", "ami", "iami", "akh", "iakh", "ikh",
    "ov", "ev", "ogo", "ego", "omu", "emu", "imi", "oe", "ie", "ii", "ui", "oiu", "uiu", "aia", "am", "iam",
})
SUFFIX_CHAIN = re.compile("(?:" + "|".join(SUFFIXES) + "){0,3}|s")      # "s" alone: an English plural
MAX_CHAIN = 3 * max(map(len, SUFFIXES))                                   # the longest text SUFFIX_CHAIN matches
# Endings a Russian alias word may lose before the case ending is added
# («Туркестанская» → «Туркестанск» + «ой»).
ALIAS_ENDINGS = ("aia", "ai", "oe", "ii", "oi", "ie", "a", "o", "e", "i", "ia", "s")   # "s": English plurals
MIN_STEM = 4
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Between two words of a name: spaces, hyphens, quotes, brackets, commas; never a full stop or a line break.
JOINER = re.compile(r"[ \t\-–«»\"“”„'(),]*")

WORD_CACHE = 50_000    # words whose stems a Registry remembers (a few MB); the answer depends on the word only


class RegistryError(ValueError):
    """A registry file or record that cannot be used."""


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """The script-free key of a name: lower-case Latin, words separated by one space."""
    s = unicodedata.normalize("NFKC", text or "").casefold()
    s = "".join(CYR2LAT.get(ch, ch) for ch in s if ch not in APOSTROPHES)
    s = s.replace("yo", "e")                         # ё is written е in Russian: Мирзиёев/Мирзиеев/Mirziyoyev
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("q", "k").replace("x", "kh").replace("j", "zh").replace("w", "v").replace("y", "i")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    s = re.sub(r"([a-z])\1+", r"\1", s)              # Kassym → kasim, Шаққалиев → shakaliev
    s = re.sub(r"i(?=[aeou])", "", s)                # Tokayev/Токаев, Mirziyoyev/Мирзиёев
    s = re.sub(r"([a-z])\1+", r"\1", s)
    return " ".join(s.split())


def transliterate(text: str) -> str:
    """Readable Latin spelling of a Cyrillic name (for canonical names of new entities)."""
    out = []
    for i, ch in enumerate(text):
        low = ch.lower()
        lat = CYR2LAT_READABLE.get(low)
        if lat is None:
            out.append(ch)
            continue
        if low == "е" and (i == 0 or not text[i - 1].isalpha() or text[i - 1].lower() in "аеёиоуыэюяәөүұі"):
            lat = "ye"
        out.append(lat.capitalize() if ch.isupper() and lat else lat)
    return "".join(out)


@functools.lru_cache(maxsize=50_000)
def word_stems(word_key: str) -> frozenset[str]:
    """Stems an alias word may appear under in text: itself, and minus a Russian ending."""
    stems = {word_key}
    for ending in ALIAS_ENDINGS:
        shortest = MIN_STEM if ending == "s" else MIN_STEM - 1     # «Арыс» is no «Ары-» that «Әрі» could match
        if word_key.endswith(ending) and len(word_key) - len(ending) >= shortest:
            stems.add(word_key[: -len(ending)])
    return frozenset(stems)


# Letters of Kazakh and Uzbek Cyrillic that Russian lacks.
TURKIC_LETTERS = re.compile(r"[әғқңөұүһіўҳ]", re.IGNORECASE)
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def russian_like(word: str) -> bool:
    """A word as written that may be Russian: Cyrillic without Kazakh or Uzbek letters."""
    return bool(CYRILLIC.search(word)) and not TURKIC_LETTERS.search(word)


# Kazakh endings in their order: plural, possessive, case, then -дағы/-ғы with its own plural and
# case («облыс-тар-ы-ның», «Астана-дағы-лар»).  A case before a plural is no inflection:
# «Мәжіліс-мен-дер» are the Mazhilis's members, not the Mazhilis.
_PLURAL = "lar|ler|dar|der|tar|ter"
_CASE = ("nin|din|tin|ning|ng|nda|nde|dan|den|tan|ten|nan|nen|ga|ge|ka|ke|na|ne|da|de|ta|te|ina|ine|"
         "di|ti|ni|men|ben|pen|gacha|kacha|cha|dek|n|a|e")
KAZAKH_CHAIN = re.compile(rf"(?:{_PLURAL})?(?:imiz|miz|ingiz|si|in|i)?(?:{_CASE})?"
                          rf"(?:(?:dagi|degi|tagi|tegi|ghi|gi|ki)(?:{_PLURAL})?(?:{_CASE})?)?")


@dataclass
class Entity:
    """One canonical entity: an id, a type, an English canonical name and its aliases."""

    id: str
    type: str
    canonical: str
    aliases: list[str] = field(default_factory=list)
    source: str = "seed"

    def to_dict(self) -> dict:
        return {"id": self.id, "type": self.type, "canonical": self.canonical,
                "aliases": list(self.aliases), "source": self.source}


@dataclass
class Match:
    """An alias found in text: [start, end) character span and the entity."""

    start: int
    end: int
    entity: Entity
    alias: str


@dataclass
class _Alias:
    entity: Entity
    alias: str
    words: list[str]            # folded words
    cased: list[str]            # "upper" (acronym), "title" (capital initial) or "any"
    stems: tuple[frozenset[str], ...] = ()   # word_stems of each word (looked up once, not at each try)


class Registry:
    """Entities and their aliases, with a suffix-aware matcher over text."""

    def __init__(self, entities: Iterable[Entity] = ()):
        self.entities: dict[str, Entity] = {}
        self._by_key: dict[str, list[Entity]] = {}
        self._first: dict[str, list[_Alias]] = {}   # first word stem → aliases starting with it
        self._stems: set[str] = set()
        self._longest = 0                          # length of the longest stem
        self._short: set[str] = set()              # folded words too short for suffixes
        self._whole: set[str] = set()              # alias words as they are (no Russian ending taken off)
        self._plurals: set[str] = set()            # alias words ending in s, without it
        self._word_cache: dict[str, set[str]] = {}
        for entity in entities:
            self.put(entity)

    # -- building -------------------------------------------------------------------------------
    def put(self, entity: Entity) -> Entity:
        """Add or replace an entity with all its aliases."""
        if entity.type not in TYPES:
            raise RegistryError(f"entity {entity.id!r}: type {entity.type!r} is not one of {TYPES}")
        self.entities[entity.id] = entity
        for alias in [entity.canonical, *entity.aliases]:
            self._index_alias(entity, alias)
        return entity

    def _index_alias(self, entity: Entity, alias: str) -> None:
        words = [fold(w) for w in WORD.findall(alias)]
        words = [w for w in words if w]
        if not words:
            return
        key = " ".join(words)
        bucket = self._by_key.setdefault(key, [])
        if entity not in bucket:
            bucket.append(entity)
        self._word_cache.clear()                   # new stems change what a word is made of
        cased = [_casing(w) for w in WORD.findall(alias)]
        record = _Alias(entity, alias, words, cased, tuple(word_stems(w) for w in words))
        for stem in word_stems(words[0]) if len(words[0]) >= MIN_STEM else {words[0]}:
            self._first.setdefault(stem, []).append(record)
        for word in words:
            if len(word) >= MIN_STEM:
                self._stems.update(word_stems(word))
                self._whole.add(word)
                if word.endswith("s") and len(word) > MIN_STEM:
                    self._plurals.add(word[:-1])   # «Emirates»: an English plural may lose its s
                self._longest = max(self._longest, len(word))
            else:
                self._short.add(word)

    def add(self, type: str, name: str, *, canonical: Optional[str] = None, aliases: Iterable[str] = (),
            source: str = "found") -> Entity:
        """Register a found name: linked to a known entity when its key matches, else a new one."""
        known = self.lookup(name, type)
        if known:
            for alias in [name, *aliases]:
                if alias not in known.aliases and alias != known.canonical:
                    known.aliases.append(alias)
                    self._index_alias(known, alias)
            return known
        canonical = canonical or (transliterate(name) if _is_cyrillic(name) else name)
        entity = Entity(id=_new_id(type, canonical, self.entities), type=type, canonical=canonical,
                        aliases=[a for a in dict.fromkeys([name, *aliases]) if a != canonical], source=source)
        return self.put(entity)

    def grow(self, findings: Iterable[dict], source: str = "found") -> list[Entity]:
        """Add what a recogniser found ({type, normal|text}); people also under their surname."""
        grown = []
        for item in findings:
            name = item.get("normal") or item.get("text")
            if not name or item.get("type") not in TYPES or len(fold(name)) < MIN_STEM:
                continue
            extra = []
            parts = name.split()
            if item["type"] == "PER" and len(parts) >= 2 and len(fold(parts[-1])) >= 5:
                extra.append(parts[-1])
            grown.append(self.add(item["type"], name, aliases=extra, source=source))
        return grown

    # -- looking up -----------------------------------------------------------------------------
    def lookup(self, name: str, type: Optional[str] = None) -> Optional[Entity]:
        """The entity whose alias folds like `name` (optionally of `type`), or one matching all its words."""
        key = fold(name)
        for entity in self._by_key.get(key, []):
            if type is None or entity.type == type:
                return entity
        matches = [m for m in self.find(name) if m.start == 0 and m.end >= len(name.rstrip(" »\"”'"))]
        for m in matches:
            if type is None or m.entity.type == type:
                return m.entity
        return None

    def find(self, text: str) -> list[Match]:
        """Every alias occurrence in `text`, longest first, without overlaps, in text order."""
        words = list(WORD.finditer(text))
        stems_of = [self._word_matches(w.group()) for w in words]
        found: list[Match] = []
        i = 0
        while i < len(words):
            best = self._best_at(text, words, stems_of, i) if stems_of[i] else None   # no stem: no alias starts here
            if best:
                found.append(_with_quotes(text, best[0]))
                i = best[1]
            else:
                i += 1
        return found

    def _best_at(self, text: str, words, stems_of, i: int):
        best = None
        # Stems in a fixed order, the longest (the closest to the word) first: among aliases that end at
        # the same word, the first found wins, and a set's order would change with the hash seed.
        for stem in sorted(stems_of[i], key=_longest_first):
            for record in self._first.get(stem, ()):
                end = self._match_from(text, words, stems_of, i, record)
                if end is not None and (best is None or end > best[1]):
                    best = (Match(words[i].start(), words[end - 1].end(), record.entity, record.alias), end)
        return best

    def _match_from(self, text, words, stems_of, i: int, record: _Alias) -> Optional[int]:
        """The index after the alias's last word where `record` matches from word i, else None: each
        word shares a stem with the alias's word (or folds to it), has its casing, and only a JOINER
        lies between words.  The three tests are pure; the one that fails most (the stems) goes first."""
        n = len(record.words)
        if i + n > len(words):
            return None
        for k, alias_word in enumerate(record.words):
            word = words[i + k]
            if record.stems[k].isdisjoint(stems_of[i + k]) and fold(word.group()) != alias_word:
                return None
            if not _case_ok(word.group(), record.cased[k]):
                return None
            if k and not JOINER.fullmatch(text[words[i + k - 1].end():word.start()]):
                return None
        return i + n

    def _word_matches(self, word: str) -> set[str]:
        """Stems of the registry that `word` is made of (stem + a chain of endings)."""
        found = self._word_cache.get(word)
        if found is None:
            if len(self._word_cache) >= WORD_CACHE:   # a long run meets ever more words: start afresh
                self._word_cache.clear()
            found = self._word_cache[word] = self._stems_in(word)
        return found

    def _stems_in(self, word: str) -> set[str]:
        """Stems `word` starts with, followed by a chain of endings.  Only the cuts that can be a
        stem (no longer than the longest stem) and leave a chain (no longer than the longest chain)
        are tried, so a word of a million digits costs as much as a short one (it was quadratic)."""
        key = fold(word)
        out = {key} if key in self._short else set()
        longest = self._longest
        lowest = max(MIN_STEM - 1, len(key) - MAX_CHAIN)
        russian = russian_like(word)
        for cut in range(min(len(key), longest), lowest - 1, -1):
            if cut < MIN_STEM and key[cut:] and key[cut:] not in SUFFIX_SET:
                continue                           # a 3-letter stem takes one ending: «Росси-и», not «Рос-ста-та»
            stem = key[:cut]
            if stem in self._stems and SUFFIX_CHAIN.fullmatch(key, cut) and \
                    (self._declined(key, stem) if russian else self._agglutinated(key, stem)):
                out.add(stem)
        return out

    def _declined(self, key: str, stem: str) -> bool:
        """A Russian word: a whole alias word with endings, or a stem that lost an alias's ending
        followed by one Russian ending («Туркестанск-ой»); not that stem with a Kazakh ending
        («Тюркин» is no «Турк-ия», «Данн» no «Дан-ия»)."""
        return stem in self._whole or stem in self._short or key[len(stem):] in RUSSIAN_ENDINGS

    def _agglutinated(self, key: str, stem: str) -> bool:
        """A Kazakh, Uzbek or English word is a whole alias word with endings added in their order
        (KAZAKH_CHAIN), or an English plural or possessive: it never drops a Russian ending, so
        «Түркі» and «Turkiy» (Turkic) are not «Турци-я», «Турки-я» (Turkey)."""
        if stem not in self._whole and stem not in self._short:
            return stem in self._plurals and key[len(stem):] in ("", "s")
        return key[len(stem):] == "s" or KAZAKH_CHAIN.fullmatch(key, len(stem)) is not None

    # -- persistence ----------------------------------------------------------------------------
    def export(self) -> list[dict]:
        """Every entity as a plain dict (id, type, canonical, aliases, source)."""
        return [e.to_dict() for e in self.entities.values()]

    @classmethod
    def from_dicts(cls, records: Iterable[dict]) -> "Registry":
        """A registry from plain dicts as `export` writes them."""
        try:
            return cls(Entity(id=r["id"], type=r["type"], canonical=r["canonical"],
                              aliases=[a for a in dict.fromkeys(r.get("aliases") or []) if a != r["canonical"]],
                              source=r.get("source", "seed"))
                       for r in records)
        except (KeyError, TypeError) as exc:
            raise RegistryError(f"registry record without {exc}") from None

    def rows(self) -> tuple[list[dict], list[dict]]:
        """The registry as two tables for kb/: entities (id, type, canonical, source) and
        aliases (entity_id, alias, key), `key` being the folded form a search can use."""
        entities, aliases = [], []
        for e in self.entities.values():
            entities.append({"id": e.id, "type": e.type, "canonical": e.canonical, "source": e.source})
            for alias in dict.fromkeys([e.canonical, *e.aliases]):
                aliases.append({"entity_id": e.id, "alias": alias, "key": fold(alias)})
        return entities, aliases

    @classmethod
    def from_rows(cls, entities: Iterable[dict], aliases: Iterable[dict]) -> "Registry":
        """A registry from the two tables `rows` gives (what kb/ stored)."""
        names: dict[str, list[str]] = {}
        for row in aliases:
            names.setdefault(row["entity_id"], []).append(row["alias"])
        return cls.from_dicts({**e, "aliases": [a for a in names.get(e["id"], []) if a != e["canonical"]]}
                              for e in entities)

    def merge(self, records: Iterable[dict]) -> None:
        """Add stored entities (from `export`) to this registry; known ids gain their aliases."""
        for r in records:
            old = self.entities.get(r["id"])
            aliases = list(dict.fromkeys([*(old.aliases if old else []), *(r.get("aliases") or [])]))
            self.put(Entity(r["id"], r["type"], r["canonical"], aliases, r.get("source", "found")))

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities.values())


def load(path: str | Path | None = None) -> Registry:
    """The registry seeded from a YAML file (default: nlp/data/registry.yaml)."""
    path = Path(path or SEED)
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot read the registry: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise RegistryError(f"{path}: expected a mapping with a list under 'entities'")
    return Registry.from_dicts({"source": "seed", **r} for r in data["entities"])


def shared(resources) -> Registry:
    """The process-wide registry of a pipeline's `Resources` (seeded once; grows as documents are read)."""
    path = getattr(resources.settings, "registry_path", None)
    return resources.get("registry", lambda: load(path))


def _with_quotes(text: str, m: Match) -> Match:
    """A match that closes a quote it did not open takes the opening quote in («Орталық Азия» …)."""
    inner = text[m.start:m.end]
    if inner.count("»") > inner.count("«") and m.start and text[m.start - 1] == "«":
        m.start -= 1
    return m


def _longest_first(s: str) -> tuple[int, str]:
    return -len(s), s


def _casing(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if sum(c.isupper() for c in letters) >= 2 and len(letters) <= 6:
        return "upper"
    return "title" if letters and letters[0].isupper() else "any"


def _case_ok(word: str, casing: str) -> bool:
    if casing == "upper":
        return sum(c.isupper() for c in word) >= 2
    if casing == "title":
        return word[:1].isupper()
    return True


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def _new_id(type: str, canonical: str, taken: dict) -> str:
    base = f"{type.lower()}:{fold(canonical).replace(' ', '-')}"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident
