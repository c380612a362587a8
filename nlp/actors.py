"""The actor of a commitment: who takes the step.

In the order of the annotation guideline: the grammatical subject of the
step's predicate, else the body named as responsible (an agent: "by X",
тарапынан, tomonidan, томонидан), else the speaker who announces it, else the
parties of the meeting the article reports.

* Russian and English sentences are parsed (`nlp.syntax`): the nominal subject
  of the predicate that governs the commitment's cue, with its conjuncts; a
  passive subject is the step itself, not its actor.
* Kazakh and Uzbek by rules: a name in the nominative before the predicate
  (not in a locative, dative or ablative), names joined by мен/пен/бен/және/va/ва,
  a genitive possessor of the step's noun («Орталықтың іске қосылуы»).
* Words that stand for parties are resolved in the article: "the sides",
  Тараптар, Tomonlar → the two countries (else leaders) it names; "the heads of
  state", мемлекет басшылары, davlat rahbarlari → the leaders it names; "the
  center", орталық, markaz → the subject's canonical name.
* A pact "between X and Y" (между, between, арасында, oʻrtasida) has X and Y
  as its parties; a relative pronoun stands for the people it follows; those
  "taking part" (с участием, иштирокида) take a step told without a subject.
* Kazakh and Uzbek: a body named by its kind in the nominative with what
  qualifies it ("Парламент Сенаты", "Viloyat hokimligi") is the subject, not
  the country that qualifies it; a country that only qualifies an oblique noun
  is no subject; the center in a place phrase ("markaz hududida") is no actor.
* A pronoun or an impersonal plan ("it is planned", жоспарланып отыр,
  rejalashtirilgan) takes the subject of the sentence before, else the actor
  of the commitment just before it in the article, else the speaker.
* Last, a step with no party takes the body the article names as responsible
  ("курирует", жауапты, masʼul), else the actor most of its commitments name.
* The parties of a talk are the two people met last; a title stands for the
  person it introduced ("посол Узбекистана" after "Посол Узбекистана Бахтиёр
  Ибрагимов").

Never a place in a locative ("signed in Tashkent"), a dateline or a news agency.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Optional

from nlp import syntax
from nlp.entities.normal import marker_normal
from nlp.guard import guard_all, guarded
from nlp.money import fold_apostrophes

COUNTRIES = {"Kazakhstan", "Uzbekistan", "China", "Russia", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Turkey",
             "Azerbaijan", "Afghanistan", "Pakistan", "India", "Iran", "Korea", "South Korea", "Japan",
             "Germany", "United States", "USA", "Belarus", "Mongolia", "Georgia", "Armenia", "France", "Italy",
             "United Arab Emirates", "UAE", "Qatar", "Saudi Arabia", "Hungary", "European Union"}
AGENCIES = re.compile(r"^(?:Sputnik|Kazinform|Казинформ|ҚазАқпарат|Kun\.uz|Dunyo|UzA|ЎзА|Daryo|Interfax|Интерфакс"
                      r"|ТАСС|TASS|РИА|RIA|Reuters|AFP|AP|Trend|АКИpress|24\.kz|Tengrinews|Gazeta\.uz)\b", re.I)
PARTIES = re.compile(r"(?<!\w)(?:стороны|сторон(?=\s)|обе\s+страны|две\s+страны|тараптар\w*|екі\s+ел\w*|екі\s+мемлекет\w*"
                     r"|tomonlar\w*|ikki\s+(?:davlat|mamlakat)\w*|томонлар\w*|икки\s+(?:давлат|мамлакат)\w*"
                     r"|(?:the\s+|both\s+|two\s+)(?:sides|parties|countries))(?!\w)", re.I)
STATES = re.compile(r"(?:страны|ел\w*|мемлекет\w*|davlat\w*|mamlakat\w*|давлат\w*|мамлакат\w*|countries)", re.I)
LEADERS = re.compile(r"(?<!\w)(?:главы\s+государств|президенты|лидеры(?:\s+двух\s+\w+)?|мемлекет\s+басшылары\w*"
                     r"|президенттер\w*|көшбасшылар\w*|davlat\s+rahbarlari\w*|prezidentlar\w*|yetakchilar\w*"
                     r"|давлат\s+раҳбарлари\w*|президентлар\w*|етакчилар\w*"
                     r"|the\s+(?:two\s+)?(?:presidents|leaders|heads\s+of\s+state))(?!\w)", re.I)
CENTER = re.compile(r"^(?:the\s+)?(?:центр\w*|орталы\w*|markaz\w*|марказ\w*|cent(?:er|re)|ICIC|МЦПК|ЦМПК|ХӨКО"
                    r"|мажмуа\w*|majmua\w*|кешен\w*|комплекс\w*|complex|hub)$", re.I)
PRONOUN = re.compile(r"^(?:он|она|оно|они|мы|я|это|он[аи]?|ол|олар|біз|u|ular|biz|у|улар|биз|he|she|it|they|we|i"
                     r"|которы\w*|что|кто|which|who|that)$", re.I)
SPEAKER = guarded(re.compile(r"as\s+noted\s+by|сказал|заявил|отметил|сообщил|подчеркнул|рассказал|по\s+словам|по\s+данным|деді|айтты|атап\s+өтті"
                     r"|айтуынша|сөзінше|мәліметінше|хабарлады|dedi|soʻzlariga|taʼkidladi|taʻkidladi|maʻlum\s+qildi"
                     r"|маълум\s+қилди|деди|сўзларига|таъкидлади|хабар\s+берди|xabar\s+berdi"
                     r"|said|says|told|according\s+to|noted|stated|announced|reported", re.I))   # nlp.guard
# A passive verbal noun: the word before it is what the step is done to ("Korxona … ishga tushirilishi
# rejalashtirilgan", "Кәсіпорынның іске қосылуы"), not who takes it.
STEP_OF = re.compile(r"(?:il|ил)(?:ishi|иши|ishini|ишини)(?!\w)|(?:ыл|іл|ын|ін)(?:уы|уі|уын|уін)(?!\w)", re.I)


def _done_to(between: str) -> bool:
    """A passive verbal noun just before the predicate ("… ishga tushirilishi rejalashtirilgan"): the
    noun before it is what the step is done to."""
    return bool(STEP_OF.search(" ".join(fold_apostrophes(between).split()[-3:])))


AGENT_AFTER = re.compile(r"^\s*(?:тарапынан|tomonidan|томонидан)(?!\w)", re.I)
LOCATIVE_BEFORE = re.compile(r"(?:^|\s)(?:в|во|на|из|под|при|у|около|близ|in|at|from|near|to|into)\s+$", re.I)
# Kazakh and Uzbek case endings that keep a name from being the subject (dative, locative, ablative,
# accusative, instrumental); the genitive is handled apart, it may possess the step.
OBLIQUE = re.compile(r"(?:[ыі]н|сын|сін|ni|ини|ини|[ғгқк][аеә]|[дтн][аеә]|[дтн][аеә]н|[ндт][ыі]|мен|бен|пен|ga|ka|qa|da|dan|ni|ning|га|ка|қа"
                     r"|да|дан|ни|нинг|ға|ге|қа|ке|на|не|нда|нде|нан|нен|ны|ні|ды|ді|ты|ті|даги|dagi|дағы|дегі|тағы|тегі)$", re.I)
GENITIVE = re.compile(r"(?:[нтд][ыі]ң|ning|нинг)$", re.I)
JOIN = re.compile(r"^[^.!?;]{0,60}?(?<!\w)(?:мен|пен|бен|және|hamda|va|ва|и|and)(?!\w)[^.!?;]{0,40}$|^\s*,\s*$", re.I)
SUBJECT_RELS = ("nsubj",)
# The step itself as a subject ("the technical launch of the center is on track"): no actor there.
STEP_NOUN = re.compile(r"^(?:launch|opening|construction|completion|start|commissioning|ratification|work|works|plan|plans"
                       r"|project|target|goal|schedule|запуск\w*|открыти\w*|строительств\w*|завершени\w*|начал\w*|ввод\w*"
                       r"|ратификац\w*|работ\w*|план\w*|проект\w*|цел\w*|задач\w*|срок\w*)$", re.I)
# "the company", "the investor": the organisation named last before
COMPANY = re.compile(r"^(?:the\s+)?(?:company|firm|investor|enterprise|компани\w*|инвестор\w*|kompaniya\w*|ширкат\w*"
                     r"|shirkat\w*|предприяти[ея]|кәсіпорын\w*|korxona\w*|корхона\w*)$", re.I)
# Nouns that can take a step when no name is given: "the operator", "first residents", "инвесторы".
AGENT_NOUNS = re.compile(r"(?<!\w)(?:deput|lawmaker|senator|депутат|сенатор|акимат|хокимият|ҳокимият|акимиат|investor|operator|resident|compan|ministr|government|akimat|authorit|officials?|developer"
                         r"|contractor|partner|business|entrepreneur|bank|fund|corporation|holding|association|council"
                         r"|venture|consortium|administration|service|department|office|group|university|airport"
                         r"|minister|ambassador|governor|mayor|chairman|chairwoman|director|spokes|representative"
                         r"|служб|управлени|департамент|ведомств|инспекц|администрац|консорциум|предприяти|групп"
                         r"|университет|аэропорт"
                         r"|committee|agenc|region|side|parties|countr|president|leader|senat|parliament|chamber"
                         r"|инвестор|оператор|резидент|компани|министерств|министр|правительств|акимат|хокимият|власт"
                         r"|застройщик|подрядчик|партн[её]р|бизнес|предпринимател|банк|фонд|корпорац|холдинг|ассоциац"
                         r"|совет|комитет|агентств|област|регион|сторон|стран|президент|лидер|сенат|парламент|палат|мажилис"
                         r"|акимат|губернатор|глав[аы]|әкімдік|әкімшілік|министрлік|компания|hokimlik|ҳокимлик|vazirlik|вазирлик"
                         r"|kompaniya|korxona|корхона|кәсіпорын)", re.I)
CLAUSAL = ("ccomp", "xcomp", "conj", "advcl", "acl")


def _name(e: dict) -> str:
    return e.get("canonical") or e.get("normal") or e["text"]


def _names(entities: list[dict]) -> list[str]:
    return list(dict.fromkeys(_name(e) for e in entities))


def _join(names: list[str]) -> Optional[str]:
    names = list(dict.fromkeys(n for n in names if n))
    return " and ".join(names[:3]) if names else None


LOCAL_PARTIES = 1000    # characters before a sentence where "the sides" of a talk are named

# A person named once with a title ("Посол Узбекистана Бахтиёр Ибрагимов", "Chairman Nurzhan Sultanaliyev")
# and later by the title alone ("посол Узбекистана также встретился…"): the title stands for the person.
TITLES = [(key, guarded(re.compile(rf"(?<!\w)(?:{rx})(?!\w)", re.I))) for key, rx in (   # nlp.guard
    ("ambassador", r"посол|посла|послу|послом|ambassador|elchi\w*|элчи\w*|елші\w*"),
    ("vice-minister", r"вице-министр\w*|vice[- ]minister|deputy\s+minister|заместител\w*\s+министр\w*"
                      r"|vitse-vazir\w*|вице-вазир\w*|вице-министр\w*"),
    ("minister", r"министр\w*|minister|vazir\w*|вазир\w*"),
    ("akim", r"аким\w*|әкім\w*|hokim\w*|ҳоким\w*|хоким\w*|governor|mayor"),
    ("president", r"президент\w*|president|prezident\w*"),
    ("chairman", r"председател\w*|chairman|chairwoman|chairperson|төраға\w*|rais\w*|раис\w*"),
    ("director", r"директор\w*|director|direktor\w*"),
    ("head", r"глав[аеуы]\w*|head|басшы\w*|rahbar\w*|раҳбар\w*"),
)]
TITLE_WORDS = 6          # words between a title and the name it introduces ("Vice Minister of Trade … Kazakhstan")
FILLER = {"of", "the", "for", "and", "on", "и", "по", "de"}
# after a title alone, words that show it is not followed by a complement of its own ("посол также встретился")
BARE_AFTER = re.compile(r"^(?:также|тоже|же|ещё|еще|вновь|затем|also|then|again|ham|ҳам|да|де|та|те|тағы)$"
                        r"|(?:ла|ли|ло|ил|ал|ял|ел|ет|ит|ют|ят|ed|ds|ys)$", re.I)


def _complement(words: list[str]) -> str:
    """The word that says whose title it is ("Узбекистана" in "посол Узбекистана"), as a short stem."""
    rest = [w for w in words if w.casefold() not in FILLER]
    return rest[0].casefold()[:5] if rest else ""


def _title_at(tail: str) -> Optional[tuple[str, str, int]]:
    """(title, complement stem, where the title starts in `tail`) of the title that ends `tail`, the
    text just before a person's name ("… Посол Узбекистана " → ("ambassador", "узбек", …)), or None."""
    words = list(re.finditer(r"[^\W\d_][\w'ʻ’-]*", tail))
    if not words or tail[words[-1].end():].strip(" «»\"'"):
        return None                                  # punctuation between the title and the name
    for k in range(len(words) - 1, max(-1, len(words) - 2 - TITLE_WORDS), -1):
        for key, rx in TITLES:
            m = rx.match(tail, words[k].start())
            if m:
                return key, _complement([w.group() for w in words[k + 1:] if w.start() >= m.end()]), m.start()
    return None


def _intros(text: str, persons: list[tuple[int, str]]) -> list[tuple[int, str, str, int, str]]:
    """The people named with a title before them: (where the name is, title, complement stem, where
    the title starts, name)."""
    out = []
    for at, name in persons:
        found = _title_at(text[max(0, at - 90):at])
        if found:
            out.append((at, found[0], found[1], max(0, at - 90) + found[2], name))
    return out


def _titled_mentions(text: str, intros: list[tuple[int, str, str, int, str]]) -> list[tuple[int, str]]:
    """Later mentions of people by the title they were introduced with, as (where, name): the title
    with the same complement, or the title alone when one person holds it in the article."""
    intro: dict[str, list[tuple[int, str, str]]] = {}
    for at, key, complement, _, name in intros:
        intro.setdefault(key, []).append((at, complement, name))
    given = {start for *_, start, _ in intros}       # where the titles of names given with them start
    out = []
    for key, rx in TITLES:
        for m in rx.finditer(text) if key in intro else ():
            if m.start() in given:
                continue
            after = re.findall(r"[^\W\d_][\w'ʻ’-]*", text[m.end():m.end() + 60])[:2]
            earlier = [(c, n) for at, c, n in intro[key] if at < m.start()]
            same = [n for c, n in earlier if c and c == _complement(after)]
            bare = not after or BARE_AFTER.search(after[0]) or SPEAKER.fullmatch(after[0])
            alone = {n for _, n in earlier}
            who = same[-1] if same else next(iter(alone)) if bare and len(alone) == 1 else None
            if who:
                out.append((m.start(), who))
    return out


class Context:
    """What the article tells about its parties, for words that stand for them."""

    def __init__(self, doc, center: Optional[str]):
        self.center = center
        self.doc = doc
        people = Counter(_name(e) for e in doc.entities if e.get("type") == "PER")
        countries = Counter(_name(e) for e in doc.entities if e.get("type") == "LOC" and _name(e) in COUNTRIES)
        self.people = people
        persons = sorted((e["span"][0], _name(e)) for e in doc.entities if e.get("type") == "PER")
        intros = _intros(doc.text, persons)
        self.persons = sorted(persons + _titled_mentions(doc.text, intros))
        self.presidents = list(dict.fromkeys(name for _, key, _, _, name in intros if key == "president"))
        self.leaders = [n for n, _ in sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
        self.countries = [n for n, _ in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
        self.bodies = sorted((e["span"][0], _name(e), e["text"]) for e in doc.entities
                             if e.get("type") == "ORG" and _name(e) != center and not AGENCIES.match(e["text"]))
        self.orgs = [(at, n) for at, n, _ in self.bodies]
        self.at = 0                                  # where the sentence being read starts
        self.last_actor: Optional[str] = None
        self.last_at: int = -1

    def parties(self) -> Optional[str]:
        """The parties of the meeting: the two people named last just before (the talk the sentence
        goes on about, a title standing for its person), else the two people the article names most
        (twice each at least), else its two countries, else whoever it names most."""
        near = [n for at, n in self.persons if self.at - LOCAL_PARTIES <= at < self.at]
        recent = list(dict.fromkeys(reversed(near)))[:2]
        if len(recent) == 2:
            return _join(sorted(recent, key=lambda n: -self.people[n]))
        if len(self.leaders) == 2 and all(self.people[n] >= 2 for n in self.leaders):
            return _join(self.leaders)
        return _join(self.countries) if len(self.countries) == 2 else _join(self.leaders)

    def normal(self, words: str, lang: Optional[str]) -> str:
        """Words that name a body, with their head in the nominative («Посольством Узбекистана» →
        «Посольство Узбекистана»)."""
        if lang not in ("ru", "kk", "uz") or self.doc.resources is None:
            return words
        from nlp.entities import normal

        if lang != "ru":
            return normal.normal_form(self.doc, words, "ORG", lang)
        return normal.ru_phrase_nominative(self.doc, words)

    def heads(self) -> Optional[str]:
        """The heads of state: the two people the article titles president, else the two it names most
        (twice each at least); None when it names no such pair ("икки давлат раҳбарлари" as written)."""
        if len(self.presidents) >= 2:
            return _join(self.presidents[:2])
        if len(self.leaders) == 2 and all(self.people[n] >= 2 for n in self.leaders):
            return _join(self.leaders)
        return None

    def firm(self) -> Optional[str]:
        """The company named last before the sentence ("the investor", "компания"): an organisation
        with a company's marker, else one that is not a state body; never a ministry."""
        before = [(n, t) for at, n, t in self.bodies if at < self.at]
        firms = [n for n, t in before if FIRM.search(t) or FIRM.search(n)]
        if firms:
            return firms[-1]
        others = [n for n, t in before if not STATE_BODY.search(t) and not STATE_BODY.search(n)]
        return others[-1] if others else None


# An organisation that is a company, and one that is a state body
FIRM = re.compile(r"(?<!\w)(?:LLP|LLC|JSC|Ltd|Inc|Corp\w*|Group|GmbH|PLC|ТОО|АО|ООО|ЗАО|ПАО|ЖШС|АҚ|MChJ|МЧЖ|AJ|АЖ|QK|ҚК"
                  r"|компани\w*|kompaniya\w*|холдинг\w*|xolding\w*|корпорац\w*|korporatsiya\w*|company|holding)(?!\w)")
STATE_BODY = re.compile(r"ministr|министер|министрлі|vazirlik|вазирлик|akimat|акимат|әкімдік|hokimli|ҳокимли|хокимият"
                        r"|government|правительств|үкімет|hukumat|ҳукумат|parliament|парламент|сенат|senat|мажилис|mazhilis"
                        r"|committee|комитет|комитеті|qoʻmita|қўмита|council|совет|кеңес|kengash|кенгаш", re.I)


# A body named by its kind alone ("Vazirlik", "Ҳокимлик", "the ministry"): the last organisation of that
# kind the article named before, by words its canonical name holds.
KINDS = [
    (re.compile(r"^(?:the\s+)?(?:ministr\w*|vazirlik\w*|вазирлик\w*|министрлі\w*|министерств\w*)$", re.I), ("ministr",)),
    (re.compile(r"^(?:the\s+)?(?:hokimli\w*|ҳокимли\w*|хокимият\w*|hokimiyat\w*|khokimiyat\w*|әкімді\w*|акимат\w*"
                r"|akimat\w*|regional\s+administration)$", re.I), ("khokim", "hokim", "akim", "әкім")),
    (re.compile(r"^(?:the\s+)?(?:directorate|дирекци\w*|direksiya\w*|дирекция\w*)$", re.I), ("direct", "дирекц")),
    (re.compile(r"^(?:the\s+)?(?:committee|комитет\w*|qoʻmita\w*|қўмита\w*|комитеті\w*)$", re.I), ("committ", "komitet")),
]


def _kind_before(text: str, ctx: Context) -> Optional[str]:
    for rx, keys in KINDS:
        if rx.match(text):
            named = [n for at, n in ctx.orgs if at < ctx.at + 400 and any(k in n.casefold() for k in keys)]
            return named[-1] if named else None
    return None


def _stands_for(text: str, ctx: Context) -> Optional[str]:
    """The actor a word for a party stands for ("the sides" → the two countries), or None."""
    text = text.strip(" «»\"'.,")
    if LEADERS.search(text):
        return ctx.heads()
    if PARTIES.search(text):
        if STATES.search(text) and len(ctx.countries) == 2:
            return _join(ctx.countries)             # "the two countries", "ikki davlat": the states
        return ctx.parties()
    if CENTER.match(text) and ctx.center:
        return ctx.center
    if COMPANY.match(text):
        return ctx.firm()
    return _kind_before(text, ctx)


# Compiled once here rather than looked up in `re`'s cache at each call (the same patterns and flags).
DATELINE_AFTER = re.compile(r"\s*,\s*\d")
CASE_AFTER = re.compile(r"[\w'ʻ’-]*?(?:ning|нинг|ның|нің|дың|дің|тың|тің|ga|da|dan|ni|га|да|дан|ни|ға|ге|қа|ке|та|те|нда|нде)\b",
                        re.I)
GENITIVE_AFTER = re.compile(r"[\w'ʻ’-]*?(?:ning|нинг|ның|нің)\b", re.I)
WITH_AFTER = re.compile(r"[\s.»\"”]*(?:[\w-]+\s+)?(?:bilan|билан)(?!\w)|[\s.»\"”]*[\w-]*\w(?:мен|пен|бен)(?!\w)", re.I)
WITH_ENDING = re.compile(r"\w(?:мен|пен|бен)$")
WORD_AFTER = re.compile(r"[.»\"”]*\s+([\w'ʻ’-]+)")
FIRM_WORD = re.compile(r"(?:компания|kompaniya|ширкат|shirkat|тарап|tomon|томон|ЖШС|МЧЖ|MChJ|АҚ|AJ)", re.I)


def _usable(e: dict, text: str, base: int) -> bool:
    """A name that can act: not a news agency, not a place in a locative, not a dateline."""
    s, t = e["span"][0], e["text"]
    if AGENCIES.match(t):
        return False
    if e.get("type") == "LOC":
        if LOCATIVE_BEFORE.search(text[max(0, s - 12 - base):s - base]):
            return False
        if DATELINE_AFTER.match(text[e["span"][1] - base:e["span"][1] - base + 6]):   # "ASTANA, March 13"
            return False
    return True


# ---------------------------------------------------------------- parsed languages (ru, en)

def _subject_of(tokens: list[syntax.Token], cue: int) -> Optional[int]:
    """The nominal subject of the predicate the cue belongs to: the clause under the cue first
    ("expect the residents to start"), then the cue's own predicate, then the predicates above it."""
    children: dict[int, list[int]] = {}
    for j, t in enumerate(tokens):
        children.setdefault(t.head, []).append(j)

    def subj(i: int) -> Optional[int]:
        return next((j for j in children.get(i, []) if tokens[j].rel in SUBJECT_RELS
                     and not STEP_NOUN.match(tokens[j].text)
                     and not (j + 1 < len(tokens) and tokens[j + 1].text == "," and tokens[j].text.isupper())),
                    None)                                        # "АСТАНА, …": a dateline, not a subject

    def passive(i: int) -> bool:
        return any(tokens[j].rel in ("nsubj:pass", "aux:pass", "auxpass") for j in children.get(i, []))

    for j in children.get(cue, []):
        if tokens[j].rel in ("ccomp", "xcomp") and subj(j) is not None:
            return subj(j)
    chain = [cue, *syntax.ancestors(tokens, cue)]
    for i in chain:
        if subj(i) is not None:
            return subj(i)
        if passive(i):
            agent = next((j for j in children.get(i, []) if tokens[j].rel in ("agent", "obl:agent")), None)
            if agent is not None:
                return next((j for j in children.get(agent, []) if tokens[j].rel in ("pobj", "nmod")), agent)
    return None


RELATIVE = re.compile(r"^(?:которы\w*|котор[аоу]\w*|who|which|that)$", re.I)
PLACE_CASE = {"в", "во", "на", "при", "у", "около", "возле", "близ", "вблизи", "под", "рядом", "in", "at", "on", "near",
              "inside", "within", "around", "across"}


def _antecedent(tokens: list[syntax.Token], i: int) -> int:
    """The noun a relative pronoun stands for ("Лю Цинфэн и Юй Лицин, которые заверили…"), else i."""
    verb = tokens[i].head
    if RELATIVE.match(tokens[i].text) and 0 <= verb < len(tokens) and tokens[verb].rel in ("acl:relcl", "relcl") \
            and 0 <= tokens[verb].head < len(tokens):
        return tokens[verb].head
    return i


def _in_place_phrase(tokens: list[syntax.Token], rel_start: int, top: int) -> bool:
    """The name at `rel_start` sits in a place phrase of the subject ("парк на территории центра",
    "the park on the territory of the center"): where the step happens, not who takes it."""
    i = next((k for k, t in enumerate(tokens) if t.start <= rel_start < t.end), None)
    seen = set()
    while i is not None and i != top and 0 <= i < len(tokens) and i not in seen:
        seen.add(i)
        if any(t.head == i and t.rel == "case" and t.text.casefold() in PLACE_CASE for t in tokens):
            return True
        if tokens[i].rel == "prep" and tokens[i].text.casefold() in PLACE_CASE:
            return True
        i = tokens[i].head
    return False


AND_GAP = re.compile(r"[\s,»\"”]*(?:и|and|&|,|мен|пен|бен|және|va|ва)[\s«\"“]*", re.I)


def _joined(first: dict, inside: list[dict], sentence: str, base: int) -> list[dict]:
    """The body or person that opens a subject with those joined to it by "and" («Компания «Артель»
    и ТОО «Казак Текстиль»», where the parse hangs the second on the first)."""
    bodies = sorted((e for e in inside if e["type"] in ("ORG", "PER") and e["span"][0] > first["span"][0]),
                    key=lambda e: e["span"][0])
    group = [first]
    for e in bodies:
        if not AND_GAP.fullmatch(sentence[group[-1]["span"][1] - base:e["span"][0] - base]):
            break
        group.append(e)
    return group


def _conjuncts(tokens: list[syntax.Token], i: int) -> list[int]:
    return [i] + [j for j, t in enumerate(tokens) if t.head == i and t.rel == "conj"]


# "ТУРКЕСТАН, 30 сентября — Sputnik. ", "ASTANA, March 13. ", "(Trend) ASTANA, Kazakhstan, February 19. "
DATELINE = re.compile(r"^\s*(?:\([^)]{0,60}\)\s*)?[A-ZА-ЯЁҚҒӘӨҮҰІЎҲ][\w'ʻ’.-]*(?:[ ,]+[A-ZА-ЯЁҚҒӘӨҮҰІЎҲ][\w'ʻ’.-]*)*,\s+"
                      r"(?:\d{1,2}[-\s][\w'ʻ’]+|[\w'ʻ’]+\.?\s+\d{1,2})(?:,?\s+\d{4}(?:\s+(?:года|жыл|yil|йил)\w*)?)?"
                      r"\s*(?:[—–-]\s*(?:[\w.]+\.\s+)?|\.\s+)")


def _parsed_actor(sentence: str, base: int, lang: str, cue_at: int, ents: list[dict], ctx: Context):
    """(actor, is_speaker) from the parse of the sentence, or (None, False); a dateline is not parsed."""
    cut = DATELINE.match(sentence)
    if cut and cue_at - base >= cut.end():
        sentence, base = sentence[cut.end():], base + cut.end()
    tokens = syntax.parse(sentence, lang)
    if not tokens:
        return None, False
    rel = cue_at - base
    cue = next((i for i, t in enumerate(tokens) if t.start <= rel < t.end), None)
    if cue is None:
        cue = next((i for i, t in enumerate(tokens) if t.start >= rel), len(tokens) - 1)
    head = _subject_of(tokens, cue)
    if head is None:                # a clause the parser left unattached after "X, who said that…"
        head = next((i for i in range(cue - 1, -1, -1) if RELATIVE.match(tokens[i].text)
                     and tokens[i].rel == "nsubj"), None)
    if head is None:
        return None, False
    head = _antecedent(tokens, head)
    verb = tokens[head].head
    is_speaker = 0 <= verb < len(tokens) and bool(SPEAKER.fullmatch(tokens[verb].text))
    names, generic = [], []
    for c in _conjuncts(tokens, head):
        span = syntax.subtree(tokens, c)
        # the subject's own words, without its conjuncts and their subtrees
        own = [k for k in span if not any(k in syntax.subtree(tokens, o) for o in _conjuncts(tokens, head)
                                          if o != c and o != head)] if c == head else span
        start, end = tokens[own[0]].start + base, tokens[own[-1]].end + base
        inside = [e for e in ents if start <= e["span"][0] < end and _usable(e, sentence, base)
                  and not _in_place_phrase(tokens, e["span"][0] - base, c)]
        word = tokens[c].text
        if PRONOUN.match(word):
            continue
        stands = _stands_for(" ".join(tokens[k].text for k in own), ctx) or _stands_for(word, ctx)
        named = [e for e in inside if e["type"] in ("ORG", "PER")
                 and e["span"][0] <= tokens[c].start + base < e["span"][1]]
        if stands:
            names.append(stands)
        elif named:                                                  # the subject's head is a name
            names.append(_with_places(named[0], own, tokens, sentence, base, inside, ctx) or _name(named[0]))
        elif sum(e["type"] == "PER" for e in inside) > 1:            # "Presidents X and Y"
            names.extend(_names([e for e in inside if e["type"] == "PER"]))
        elif any(e["type"] in ("ORG", "PER") for e in inside):     # the body or person, not its place
            first = min((e for e in inside if e["type"] in ("ORG", "PER")), key=lambda e: e["span"][0])
            if (first["text"] == word and AGENT_NOUNS.match(word) and len(own) > 1
                    and (first.get("normal") or word).casefold() == word.casefold()):   # «Акимат» of a region
                keep = [k for k in own if tokens[k].rel not in ("det", "punct", "cc")]
                names.append(sentence[tokens[keep[0]].start:tokens[keep[-1]].end])
            else:
                names.extend(_names(_joined(first, inside, sentence, base)))
        elif inside and all(e["type"] == "LOC" for e in inside) and word[:1].islower() and len(own) <= 8:
            names.append(_phrase(own, tokens, sentence, ctx))    # "the customs services of X and Y"
        elif inside and not AGENT_NOUNS.match(word):
            names.extend(_names([max(inside, key=lambda e: e["span"][1] - e["span"][0])]))
        elif AGENT_NOUNS.match(word):
            text = " ".join(tokens[k].text for k in own if tokens[k].rel not in ("det", "punct", "case", "cc"))
            if text and not re.fullmatch(r"[\W\d]+", text) and len(own) <= 6:
                generic.append(text)
    conjuncts = len(_conjuncts(tokens, head))
    names = names if len(names) >= conjuncts else names + generic
    if names and PACT.search(sentence) and 0 <= verb < len(tokens) and CONCLUDED.match(tokens[verb].text):
        names += _partners(tokens, verb, sentence, base, ents)
    return _join(names), is_speaker


def _phrase(own: list[int], tokens: list[syntax.Token], sentence: str, ctx: Context) -> str:
    """The subject's words as written, without an article ("Turkestan regional administration")."""
    keep = [k for k in own if tokens[k].rel not in ("det", "punct", "cc")] or own
    text = sentence[tokens[keep[0]].start:tokens[keep[-1]].end]
    return ctx.normal(text, _lang_at(ctx.doc, ctx.at))


def _with_places(e: dict, own: list[int], tokens: list[syntax.Token], sentence: str, base: int,
                 inside: list[dict], ctx: Context) -> Optional[str]:
    """A body's name completed by the places that follow it in the subject («Таможенные службы»
    + «Казахстана и Узбекистана»), or None where nothing follows."""
    end = tokens[own[-1]].end + base
    rest = sentence[e["span"][1] - base:end - base]
    places = [x for x in inside if x["type"] == "LOC" and x["span"][0] >= e["span"][1]]
    capitalised = [m.start() + e["span"][1] for m in re.finditer(r"(?<!\w)[A-ZА-ЯЁ]", rest)]
    if not rest.strip() or not places or len(rest.split()) > 4 \
            or not all(any(x["span"][0] <= c < x["span"][1] for x in places) for c in capitalised):
        return None
    return ctx.normal(f"{e['text']}{rest}", _lang_at(ctx.doc, ctx.at))


WITH = {"with", "с", "со"}
# concluding a pact (not ratifying or discussing one): "X signed … with Y" makes Y a party too
CONCLUDED = re.compile(r"(?:подпис|заключ|договори|согласова|sign|agree|conclud|struck|strike|imzol|kelish|келіс|қол\s+қой"
                       r"|имзол|келиш|жасас)", re.I)


def _partners(tokens: list[syntax.Token], verb: int, sentence: str, base: int, ents: list[dict]) -> list[str]:
    """The other party of a pact its subject concluded "with" someone (signed with China, подписал с
    Китаем): the names after "with" that hang on the verb or on its object."""
    if not 0 <= verb < len(tokens):
        return []
    heads = {verb} | {j for j, t in enumerate(tokens) if t.head == verb and t.rel in ("obj", "dobj")}
    out = []
    for j, t in enumerate(tokens):
        marker = tokens[t.head] if t.rel == "pobj" and 0 <= t.head < len(tokens) else None
        via_prep = marker is not None and marker.text.casefold() in WITH and marker.head in heads
        via_case = t.head in heads and any(c.head == j and c.rel == "case" and c.text.casefold() in WITH for c in tokens)
        if via_prep or via_case:
            hit = [e for e in ents if e["span"][0] <= t.start + base < e["span"][1] and e.get("type") in ("ORG", "PER", "LOC")]
            out.extend(_names(hit[:1]))
    return out


# ---------------------------------------------------------------- Kazakh and Uzbek rules

def _ruled_actor(text: str, base: int, cue_at: int, ents: list[dict], ctx: Context, strict: bool = False) -> Optional[str]:
    """A name before the predicate in the nominative (with the names joined to it), an agent, a
    genitive possessor of the step, or a word standing for the parties; `strict`: a named subject
    only (the sentence before a step that names none)."""
    before = [e for e in ents if e["span"][1] <= cue_at and _usable(e, text, base)]
    for e in ents:                                   # "X тарапынан": the body responsible
        if AGENT_AFTER.match(text[e["span"][1] - base:]):
            return _name(e)
    for m in list(LEADERS.finditer(text[:cue_at - base])) + list(PARTIES.finditer(text[:cue_at - base])):
        stands = _stands_for(m.group(), ctx)
        if stands:
            return stands
        if LEADERS.fullmatch(m.group()):
            return m.group()                         # "икки давлат раҳбарлари" the article does not name
    pact = _between(text, base, ents, ctx)
    if pact:                                         # "X мен Y арасында меморандум…": the parties, not a name in it
        before = [e for e in before if not pact[1] <= e["span"][0] - base < pact[2]]
    nominative = [e for e in before if e.get("type") in ("PER", "ORG", "LOC")
                  and not OBLIQUE.search(e["text"]) and not GENITIVE.search(e["text"])
                  and not CASE_AFTER.match(text[e["span"][1] - base:])
                  and not _marked_oblique(e, text, base) and not _comitative(e, text, base)
                  and (e.get("type") != "LOC" or _name(e) in COUNTRIES and not _modifies(text[e["span"][1] - base:]))]
    people = [e for e in nominative if e.get("type") == "PER"]
    body = None if people else _body_subject(text, base, cue_at, ents, ctx, pact[1:] if pact else None)
    # the partners of a pact concluded "with" them: the pact searched for only when a name comes before
    # the predicate (the two searches were 6 of the 45 µs of a call on the bench's Kazakh articles)
    partners = [e for e in before if _comitative(e, text, base)] if before and PACT.search(text) and \
        CONCLUDED.search(text) else []
    if body:                                         # "Парламент Сенаты …", "Viloyat hokimligi …"
        return _join([body] + _names(partners))
    nominative = people or nominative                # people act; the center they launch does not
    if nominative:
        last = nominative[-1]
        group = [last]
        for e in reversed(nominative[:-1]):           # "Тоқаев пен Мирзиёев", "X va Y"
            if JOIN.match(text[e["span"][1] - base:group[0]["span"][0] - base]):
                group.insert(0, e)
            else:
                break
        people = [e for e in group if e.get("type") == "PER"]
        return _join(_names(people or group) + _names(partners))
    if pact:
        return pact[0]
    if strict:
        return None
    spoken = _source_of(text, base, ents, ctx) or speaker_of(text, base, ents)
    if spoken:
        return spoken                                    # "Министрдің айтуынша, орталықтың … жоспарланған"
    first = re.match(r"\s*([^\W\d_][\w'ʻ’-]*)\s", text)
    if first and AGENT_NOUNS.match(first.group(1)) and not OBLIQUE.search(first.group(1)) \
            and not GENITIVE.search(first.group(1)) and first.end() <= cue_at - base \
            and not _done_to(text[first.end():cue_at - base]):
        return _stands_for(first.group(1), ctx) or first.group(1)   # "Bank … ajratishi mumkin", "Компания …"
    genitive = [e for e in before if GENITIVE.search(e["text"]) or GENITIVE_AFTER.match(text[e["span"][1] - base:])]
    if genitive and genitive[-1].get("type") in ("ORG", "PER"):
        return _name(genitive[-1])
    if ctx.center and not before and any(not _place_of(text, m.end())
                                         for m in CENTER_WORD.finditer(text[:cue_at - base])):
        return ctx.center
    return _quoted_bodies(text[:cue_at - base])


# The center named in the nominative or genitive (орталық, орталығы, орталықтың, markazi, markazning), not
# as a place ("markazda", "орталыққа", "markaz hududida", "орталық аумағында", "марказнинг … қисмида").
CENTER_WORD = re.compile(r"(?<!\w)(?:орталы[ғқ]\w*|markaz\w*|марказ\w*)", re.I)
CENTER_CASE = re.compile(r"(?:орталы[ғқ]|markaz|марказ)(?:ы|i|и)?(?:ның|тың|ning|нинг)?$", re.I)
TERRITORY = re.compile(r"^\s+(?:[^\W\d_][\w'ʻ’-]*\s+){0,2}?(?:hudud|ҳудуд|аумақ|аумағ|территор|qism|қисм|бөлі[гк]|maydon|майдон)"
                       r"\w*(?:da|ida|дa|да|ида|нда|нде|та|те|де)\b", re.I)


def _place_of(text: str, end: int) -> bool:
    """The center word that ends at `end` names where the step happens, not who takes it."""
    word = re.search(r"[\w'ʻ’-]+$", text[:end]).group()
    return not CENTER_CASE.search(word) or bool(TERRITORY.match(text[end:]))


# "Ресей нарықтарына", "Қозоғистон, Қирғизистон ва Афғонистонга": a country (or a list of them) that
# only qualifies an oblique noun, or ends in one, is no subject.
LIST_TAIL = re.compile(r"(?:\s*(?:,|ва|va|және|мен|пен|бен|hamda|ҳамда)\s+[A-ZА-ЯЁҚҒӘӨҮҰІЎҲ][\w'ʻ’-]*)*\s+([\w'ʻ’-]+)")
OBLIQUE_NOUN = re.compile(r"(?:ga|ka|qa|da|dan|ni|ning|га|ка|қа|да|дан|ни|нинг|ға|ге|ке|на|не|нда|нде|нан|нен|ны|ні"
                          r"|ды|ді|ты|ті|ына|іне|ға|ге)$", re.I)


def _modifies(after: str) -> bool:
    tail = LIST_TAIL.match(after)
    if not tail:
        return False
    names = re.findall(r"[A-ZА-ЯЁҚҒӘӨҮҰІЎҲ][\w'ʻ’-]*", after[:tail.start(1)])
    nxt = tail.group(1)
    return bool(names and OBLIQUE.search(names[-1])) or (nxt[:1].islower() and bool(OBLIQUE_NOUN.search(nxt)))


# A body named by its kind in the nominative, with what qualifies it: "Парламент Сенаты", "Viloyat
# hokimligi", "Пойтахт ҳокимлиги", "Аймақтың басқарушы компаниясы", "екі ел кәсіпорындары", "Мердігер".
BODY_HEAD = re.compile(
    r"(?<![\w'ʻ’-])(?:hokimlig|hokimlik|vazirlig|vazirlik|senat|kengash|kompaniya|palata|direksiya|boshqarma|universitet"
    r"|bank|jamgʻarma|pudratchi|operator|hukumat|qoʻmita|agentlig|korxona|ҳокимлиг|ҳокимлик|вазирлиг|вазирлик|сенат"
    r"|кенгаш|компания|палата|дирекция|бошқарма|университет|банк|жамғарма|пудратчи|оператор|ҳукумат|қўмита|агентлиг"
    r"|корхона|әкімдіг|әкімдік|әкімшілі[гк]|министрлі[гк]|мәжіліс|кеңес|басқарма|мердігер|үкімет|комитет|агенттіг"
    r"|корпорация|кәсіпорын|кәсіпорн)(?:лар|лер|lar|лары|лері|ларі)?(?:и|i|ы|і|си|si|сы|сі)?(?![\w'ʻ’-])", re.I)
QUALIFIER_WORDS = 7
FINITE = re.compile(r"(?:[аәеиыі]ди|[аә]йди|adi|aydi|ydi|edi|[дт][ыі]|[ғгқк][аеә]н|gan|moqda|моқда|[уы]да|[уі]де|yapti|этади"
                    r"|etadi|[аеы]ды|[еі]ді)$", re.I)
OPENERS = re.compile(r"^(?:сондай-ақ|сонымен|бұл|осы|ал|shuningdek|bu|ushbu|esa|xususan|шунингдек|бу|ушбу|эса|хусусан"
                     r"|also|this|the)$", re.I)


def _body_subject(text: str, base: int, cue_at: int, ents: list[dict], ctx: Context,
                  pact: Optional[tuple[int, int]] = None) -> Optional[str]:
    """The body named by its kind that is the subject before the predicate, with its qualifiers
    ("Ўзбекистоннинг Сирдарё вилояти ва Қозоғистоннинг Туркистон вилояти ҳокимликлари"); a kind
    alone stands for the body of that kind named before ("Vazirlik", "Компания")."""
    cut = DATELINE.match(text)
    start = cut.end() if cut else 0
    head = next((m for m in BODY_HEAD.finditer(fold_apostrophes(text), start, cue_at - base)
                 if not (pact and pact[0] <= m.start() < pact[1])), None)   # a party of the pact is not its subject
    if head is None or _done_to(text[head.end():cue_at - base]):
        return None                                  # "Korxona … ishga tushirilishi": what the step is done to
    words = list(re.finditer(r"[^\s,;:()]+", text[start:head.start()]))
    first = head.start()
    for w in reversed(words[-QUALIFIER_WORDS:]):     # the qualifiers just before it, unbroken by punctuation
        word = w.group()
        if text[start + w.end():first].strip() or re.search(r"\d", word) or OPENERS.match(word) \
                or FINITE.search(word) and not word[:1].isupper() \
                or OBLIQUE.search(word) and not GENITIVE.search(word) and not word[:1].isupper() \
                and not JOIN.match(f" {word} "):
            break
        first = start + w.start()
    named = [e for e in ents if e.get("type") == "ORG" and e["span"][0] - base <= head.start() < e["span"][1] - base]
    if named:
        return _name(named[0])
    phrase = text[first:head.end()].strip(" «»\"")
    phrase = re.sub(r"^(?:ва|va|және|мен|и)\s+", "", phrase, flags=re.I)
    if phrase and " " not in phrase:
        return _stands_for(phrase, ctx) or phrase
    return marker_normal(phrase) if phrase else None


def _comitative(e: dict, text: str, base: int) -> bool:
    """A name "with" which a pact is made: «TCL gr.» bilan, Қытаймен, Қытай тарапымен."""
    after = text[e["span"][1] - base:e["span"][1] - base + 30]
    return bool(WITH_AFTER.match(after) or WITH_ENDING.search(e["text"]))


def _marked_oblique(e: dict, text: str, base: int) -> bool:
    """A name whose marker word after it carries the case ending («TCL gr.» компаниясымен, «X» kompaniyasiga)."""
    m = WORD_AFTER.match(text[e["span"][1] - base:e["span"][1] - base + 40])
    return bool(m and (BODY_HEAD.match(m.group(1)[:len(m.group(1))]) is None)
                and FIRM_WORD.match(m.group(1))
                and OBLIQUE.search(m.group(1)))


# «Global Textile» компанияси, «TCL gr.» МЧЖ, "Silkway" LLP: a quoted name with an organisation's marker.
QUOTED_BODY = re.compile(r"[«\"“]([^«»\"“”]{2,50})[»\"”]\s*(?:компания\w*|МЧЖ|АЖ|ҚК|ЖШС|АҚ|ТОО|АО|ООО|LLP|LLC|JSC|MChJ|AJ"
                         r"|kompaniya\w*|корпорация\w*|korporatsiya\w*|холдинг\w*|xolding\w*|company|group)", re.I)


def _quoted_bodies(text: str) -> Optional[str]:
    """Organisations written as a quoted name and a marker, where the recogniser found none."""
    names = [m.group(1).strip() for m in QUOTED_BODY.finditer(text)]
    return _join(names[:2]) if names else None


# ---------------------------------------------------------------- "an agreement between X and Y"

# The parties of a document or a talk named around it: "между X и Y", "between X and Y",
# "X мен Y арасында", "X va Y oʻrtasida", "X ва Y ўртасида".
BETWEEN_BEFORE = re.compile(r"(?<!\w)(?:между|between)\s+", re.I)
BETWEEN_AFTER = re.compile(r"\s(?:арасында\w*|арасындағы|o[ʻ'’ʼ`]?rtasida\w*|orasida\w*|ўртасида\w*|орасида\w*)(?!\w)", re.I)
PACT = re.compile(r"соглашени|договор|меморандум|протокол|контракт|диалог|сотрудничеств|agreement|memorand|deal|contract"
                  r"|protocol|dialogue|partnership|келісім|шарт|хаттама|ынтымақтастық|kelishuv|shartnoma|bitim|hamkorlik"
                  r"|келишув|шартнома|битим|ҳамкорлик|меморандум", re.I)
# next to "between": the pact itself or its signing ("соглашение между", "signed between", "арасында … қол қойылды")
SEALED = re.compile(PACT.pattern + r"|подписа|заключ|достигнут|signed|concluded|reached|қол\s+қой|imzola|имзола|tuzil|тузил"
                    r"|жасалды|бекітілді", re.I)
PART = re.compile(r"\s+(?:и|and|мен|пен|бен|және|va|ва|hamda|ҳамда)\s+", re.I)
PART_END = re.compile(r"[.;:!?()—–]|,|\s(?:о|об|по|в|на|для|on|about|for|to|in|at|over|бойынша|туралы|haqida|ҳақида|bo[ʻ'’]yicha"
                      r"|бўйича|тўғрисида|to[ʻ'’]g[ʻ'’]risida)\s", re.I)
PART_WORDS = 6


def _part_name(part: str, at: int, ents: list[dict], head_first: bool, ctx: "Context") -> Optional[str]:
    """One party of a "between" phrase that starts at `at`: the name that heads it (the first words in
    Russian and English, the last in Kazakh and Uzbek) with the words that complete it («Палата
    предпринимателей Джетысуского района»), a word standing for a party, else the words as written."""
    lead = len(part) - len(part.lstrip(" ,«»\"'"))
    part, at = part.strip(" ,«»\"'"), at + lead
    part = re.sub(r"^(?:the|their|its|both)\s+", "", part, flags=re.I)
    if not part or len(part.split()) > PART_WORDS:
        return None
    end = at + len(part)
    inside = [e for e in ents if at - 1 <= e["span"][0] < end and (e.get("type") != "LOC" or _name(e) in COUNTRIES)]
    heads = [e for e in inside if (e["span"][0] - at <= 1 if head_first else end - e["span"][1] <= 14)]
    if not heads:
        return _stands_for(part, ctx) or ctx.normal(part, _lang_at(ctx.doc, at))
    e = heads[0] if head_first else heads[-1]
    rest = part[e["span"][1] - at:].strip(" »\"") if head_first else ""
    if rest and len(rest.split()) <= 3 and rest[0] not in "«\"(":
        return f"{e.get('normal') or e['text']} {rest}"
    return _name(e)


def _np_before(text: str, end: int, ents: list[dict], base: int) -> tuple[str, int]:
    """The noun phrase that ends at `end` in Kazakh or Uzbek (its head last): a name and its marker
    («TCL gr.» ЖШС), else the last word with a capitalised word before it."""
    named = [e for e in ents if 0 <= end - (e["span"][1] - base) <= 14 and e["span"][0] - base < end]
    if named:
        start = named[-1]["span"][0] - base
        start -= 1 if start and text[start - 1] in "«\"" else 0
        return text[start:end], start
    words = list(re.finditer(r"\S+", text[:end]))[-2:]
    if len(words) == 2 and not words[0].group()[:1].isupper():
        words = words[1:]
    return (text[words[0].start():end], words[0].start()) if words else ("", end)


def _between(text: str, base: int, ents: list[dict], ctx: "Context") -> Optional[tuple[str, int, int]]:
    """(the parties, where their phrase starts and ends in `text`) of a document or talk "between X
    and Y" in the sentence, or None."""
    if not PACT.search(text):
        return None
    m = BETWEEN_BEFORE.search(text)
    if m and not SEALED.search(" ".join(text[:m.start()].split()[-2:])):
        return None                                  # "exchanges between universities": not the pact's parties
    if m:
        stop = PART_END.search(text, m.end())
        first = PART.search(text, m.end(), stop.start() if stop else len(text))
        if not first:
            return None
        stop = PART_END.search(text, first.end())
        end = stop.start() if stop else len(text)
        parts = [(text[m.end():first.start()], m.end()), (text[first.end():end], first.end())]
        head_first, start = True, m.start()
    else:
        m = BETWEEN_AFTER.search(text)
        if m and not SEALED.search(" ".join(text[m.end():].split()[:4])):
            return None
        joined = list(PART.finditer(text, 0, m.start())) if m else []
        if not joined:
            return None
        j = joined[-1]
        left, left_at = _np_before(text, j.start(), ents, base)
        parts = [(left, left_at), (text[j.end():m.start()], j.end())]
        head_first, start, end = False, left_at, m.end()
    names = [_part_name(part, base + at, ents, head_first, ctx) for part, at in parts]
    if not all(names):
        return None
    return _join(names), start, end


# ---------------------------------------------------------------- the whole rule

@functools.lru_cache(maxsize=16)
def _speaks(text: str) -> bool:
    """A speaking verb in the sentence: `resolve` asks up to three times of one sentence."""
    return SPEAKER.search(text) is not None


def speaker_of(text: str, base: int, ents: list[dict], before: Optional[list[dict]] = None) -> Optional[str]:
    """The person (else body) who says the sentence: "…, Minister X said", "По словам X", "X-тың айтуынша";
    a speaker named by title alone ("Министрдің айтуынша") is the last person of the sentence `before`."""
    if not _speaks(text):
        return None
    if before and not any(e.get("type") in ("PER", "ORG") for e in ents):
        people = [e for e in before if e.get("type") == "PER"]
        return _name(people[-1]) if people else None
    people = [e for e in ents if e.get("type") == "PER" and _usable(e, text, base)]
    bodies = [e for e in ents if e.get("type") == "ORG" and _usable(e, text, base)]
    if people:
        return _name(people[0])
    return _name(bodies[0]) if bodies else None


def resolve(doc, idx, ctx: Context, s_start: int, s_end: int, c_start: int, c_end: int, cue_at: int,
            previous: Optional[tuple[int, int]] = None) -> Optional[str]:
    """The actor of the commitment whose cue is at `cue_at` in clause [c_start, c_end) of the
    sentence [s_start, s_end); `previous`: the sentence before, for its speaker."""
    text = doc.text[s_start:s_end]
    ents = [e for e in idx.entities.inside(s_start, s_end) if e.get("type") in ("PER", "ORG", "LOC")]
    lang = _lang_at(doc, s_start)
    ctx.at = s_start
    actor, is_speaker = None, False
    if lang in ("ru", "en"):
        actor, is_speaker = _parsed_actor(text, s_start, lang, cue_at, ents, ctx)
    if actor is None and lang in ("ru", "en"):
        pact = _between(text, s_start, ents, ctx)     # "договоренность … между X и Y"
        actor = pact[0] if pact else None
    before = idx.entities.inside(*previous) if previous and s_start - previous[1] < 3 else None
    if actor is None and lang not in ("ru", "en"):
        spoken = speaker_of(text, s_start, ents, before)
        clause_ents = [e for e in ents if c_start <= e["span"][0] < c_end] or ents
        actor = spoken if spoken and not ents else _ruled_actor(text, s_start, cue_at, clause_ents, ctx)
    if actor is None and lang in ("ru", "en") and syntax.parse(text, lang) is None:
        actor = _fallback_subject(text, s_start, cue_at, ents, ctx)     # no parse: the names before the cue
    if actor is None:
        actor = speaker_of(text, s_start, ents)
    if actor is None and lang in ("ru", "en"):
        actor = _body_speaking(text, lang, ctx)      # "…, the committee said"
    if actor is None:
        actor = _said_at(text, s_start, ents, ctx)
    if actor is None and previous and s_start - previous[1] < 3:
        actor = _subject_before(doc, idx, ctx, previous)
    if actor is None or is_speaker:
        spoken = speaker_of(text, s_start, ents)
        if spoken is None and previous and s_start - previous[1] < 3:
            prev_text = doc.text[previous[0]:previous[1]]
            spoken = speaker_of(prev_text, previous[0], idx.entities.inside(*previous))
        if actor is None and ctx.last_actor and s_start - ctx.last_at < 400:
            actor = ctx.last_actor             # "it is planned": the actor of the step just told
        actor = actor or spoken or _quote_speaker(doc, idx, ctx, s_start, s_end)
    if actor is None and _meeting(doc):
        actor = ctx.parties()
    if actor:
        ctx.last_actor, ctx.last_at = actor, s_end
    return actor


# "Vazirlik maʼlumotlariga koʻra", "Сирдарё вилояти ҳокимлиги маълумотига кўра", "Министрдің айтуынша":
# the source that announces the step, named just before the phrase.
SOURCE = re.compile(r"(?:maʻlumot\w*|maʼlumot\w*|maʹlumot\w*|маълумот\w*|мәлімет\w*|айтуынша|сөзінше|хабарлауынша"
                    r"|soʻzlari\w*|сўзлари\w*|bildirishicha|билдиришича|хабарига|xabariga)(?:\s+(?:koʻra|кўра|қарағанда))?", re.I)


def _source_of(text: str, base: int, ents: list[dict], ctx: Context) -> Optional[str]:
    m = SOURCE.search(fold_apostrophes(text))
    if not m:
        return None
    near = [e for e in ents if e["span"][1] - base <= m.start() and m.start() - (e["span"][1] - base) <= 12
            and e.get("type") in ("PER", "ORG")]
    if near:
        return _name(near[-1])
    words = text[:m.start()].split()
    if not words:
        return None
    word = words[-1].strip("«»\"',")     # "Ҳокимлик маълумотларига кўра": the body by its kind, as written
    head = BODY_HEAD.match(re.sub(r"(?:ның|нің|дың|дің|тың|тің|ning|нинг)$", "", fold_apostrophes(word), flags=re.I))
    if head and len(words) > 1 and GENITIVE.search(word):   # "Әуежай әкімшілігінің хабарлауынша": its qualifier too
        return marker_normal(f"{words[-2].strip('«»,')} {word[:head.end()]}")
    return _stands_for(word, ctx) or (word if AGENT_NOUNS.match(word) and word[:1].isupper() else None)


def _body_speaking(text: str, lang: str, ctx: Context) -> Optional[str]:
    """A body named by its kind that says the sentence ("…, the committee said", "сообщили в
    министерстве" aside): the body of that kind named before, else the words as written."""
    tokens = syntax.parse(text, lang)
    for i, t in enumerate(tokens or ()):
        if not SPEAKER.fullmatch(t.text):
            continue
        subject = next((j for j, u in enumerate(tokens) if u.head == i and u.rel in SUBJECT_RELS), None)
        if subject is not None and AGENT_NOUNS.match(tokens[subject].text) and not PRONOUN.match(tokens[subject].text):
            own = syntax.subtree(tokens, subject)
            return _stands_for(tokens[subject].text, ctx) or _phrase(own, tokens, text, ctx)
    return None


# "В ТОО «TCL gr.» заверили, что …", "в министерстве пояснили": the body where they said it.
SAID_VERB = (r"(?:заверили|отметили|сообщили|пояснили|рассказали|заявили|подчеркнули|уточнили|добавили|уверены|считают"
             r"|рассчитывают|намерены|планируют)")
SAID_PLACE = r"([^.,;:!?«»]{2,60}?(?:«[^»]{1,40}»)?)"
SAID_AT = re.compile(rf"(?<!\w)(?:в|во)\s+{SAID_PLACE}\s+{SAID_VERB}(?!\w)", re.I)
SAID_IN = re.compile(rf"(?<!\w){SAID_VERB}\s+(?:в|во)\s+{SAID_PLACE}(?=[.,;:!?]|$)", re.I)


def _said_at(text: str, base: int, ents: list[dict], ctx: Context) -> Optional[str]:
    m = SAID_AT.search(text) or SAID_IN.search(text)
    if not m:
        return None
    inside = [e for e in ents if m.start(1) <= e["span"][0] - base < m.end(1) and e.get("type") in ("ORG", "PER")]
    if inside:
        return _name(inside[0])
    words = m.group(1).split()
    if len(words) == 1:
        return _stands_for(words[0], ctx)            # "в компании" → the company named before
    return ctx.normal(m.group(1), "ru") if AGENT_NOUNS.match(words[0]) else None   # "в министерстве энергетики"


def _quote_speaker(doc, idx, ctx: Context, s_start: int, s_end: int) -> Optional[str]:
    """Who says a quoted sentence ("«Мы уже оплатили поставку…. …», — пояснили в компании"): the
    speaker named where the quote closes, within its paragraph."""
    text = doc.text
    para_end = text.find("\n", s_end)
    para_end = len(text) if para_end == -1 else para_end
    para_start = text.rfind("\n", 0, s_start) + 1
    opened = text.rfind("«", para_start, s_start + 1)
    if opened == -1 or text.rfind("»", opened, s_start) != -1:
        return None                                  # the sentence is not inside a quote
    closes = text.find("»", s_start, para_end)
    if closes == -1 or closes - s_start > 1500:
        return None
    stop = re.search(r"[.!?](?:\s|$)", text[closes:para_end])
    tail_end = closes + (stop.end() if stop else para_end - closes)
    tail = text[closes:tail_end]
    ents = [e for e in idx.entities.inside(closes, tail_end) if e.get("type") in ("PER", "ORG")]
    return speaker_of(tail, closes, ents) or _said_at(tail, closes, ents, ctx)


def _subject_before(doc, idx, ctx: Context, previous: tuple[int, int]) -> Optional[str]:
    """The named subject of the sentence just before ("X and Y took part in the ceremony. The
    construction of Z was launched."; "The center will become a hub. By 2027 it is planned…"), or
    those it names as taking part ("…with the participation of Chinese investors"): an impersonal
    step goes on with them."""
    text = doc.text[previous[0]:previous[1]]
    lang = _lang_at(doc, previous[0])
    ents = [e for e in idx.entities.inside(*previous) if e.get("type") in ("PER", "ORG")]
    if lang not in ("ru", "en"):
        named = _ruled_actor(text, previous[0], previous[1], ents, ctx, strict=True) if ents else None
        return named or _participants(text, previous[0], ents, ctx)
    tokens = syntax.parse(text, lang)
    root = next((i for i, t in enumerate(tokens or []) if t.head == -1), None)
    if root is None:
        return None
    actor, _ = _parsed_actor(text, previous[0], lang, previous[0] + tokens[root].start,
                             [e for e in ents if _usable(e, text, previous[0])], ctx)
    if actor and (any(_name(e) in actor for e in ents) or actor == ctx.center):
        return actor
    return _participants(text, previous[0], ents, ctx)


# "with the participation of X", "с участием X", "при участии X", "силами X", "X иштирокида",
# "X ishtirokida", "X қатысуымен": who takes part in a step told without a subject.
TAKING_PART = re.compile(r"(?<!\w)(?:с\s+участием|при\s+участии|силами|with\s+the\s+participation\s+of"
                         r"|with\s+the\s+involvement\s+of|involving)\s+", re.I)
TAKING_PART_AFTER = re.compile(r"\s(?:иштирокида|ishtirokida|қатысуымен|қатысуында|qatnashuvida|қатнашувида)(?!\w)", re.I)


def _participants(text: str, base: int, ents: list[dict], ctx: Context) -> Optional[str]:
    """Those the sentence names as taking part in its step, or None."""
    m = TAKING_PART.search(text)
    if m:
        stop = PART_END.search(text, m.end())
        phrase = text[m.end():stop.start() if stop else len(text)]
        at, head_first = m.end(), True
    else:
        m = TAKING_PART_AFTER.search(text)
        if not m:
            return None
        phrase, at = _np_before(text, m.start(), ents, base)
        head_first = False
    parts, names, pos = PART.split(phrase), [], at
    for part in parts:
        pos = text.find(part, pos)
        names.append(_part_name(part, base + pos, ents, head_first, ctx))
        pos += len(part)
    names = [n for n in names if n]
    return _join(names) if names and len(names) == len(parts) else None


def _fallback_subject(text: str, base: int, cue_at: int, ents: list[dict], ctx: Context) -> Optional[str]:
    """Where the parse found no subject: the names before the cue (people, then bodies, then countries)."""
    before = [e for e in ents if e["span"][0] < cue_at and _usable(e, text, base)]
    for m in list(LEADERS.finditer(text[:cue_at - base])) + list(PARTIES.finditer(text[:cue_at - base])):
        stands = _stands_for(m.group(), ctx)
        if stands:
            return stands
    for kind in ("PER", "ORG"):
        names = _names([e for e in before if e["type"] == kind])
        if names:
            return _join(names[-2:])
    countries = _names([e for e in before if e["type"] == "LOC" and _name(e) in COUNTRIES])
    return _join(countries[-2:]) if countries else None


MEETING = re.compile(r"встреч\w*|переговор\w*|визит\w*|заседани\w*|саммит\w*|кездесу\w*|келіссөз\w*|сапар\w*|отырыс\w*"
                     r"|uchrashuv\w*|muzokara\w*|tashrif\w*|majlis\w*|учрашув\w*|музокара\w*|ташриф\w*|мажлис\w*"
                     r"|meeting|talks|visit|summit|session", re.I)


def _meeting(doc) -> bool:
    return bool(MEETING.search(doc.text[:2000]))


def _lang_at(doc, pos: int) -> Optional[str]:
    for p in doc.paragraphs:
        s, e = p["span"]
        if s <= pos < e:
            return p.get("lang") or doc.lang
    return doc.lang


# ---------------------------------------------------------------- the article's own responsible body

# "Министерство … курирует проект", "X is responsible for the works", "X жауапты", "X masʼul": the body
# the article names as responsible, for a step it tells without any party.
RESPONSIBLE = re.compile(r"курирует|курировать|отвечает\s+за|ответственн\w*\s+за|responsible\s+for|in\s+charge\s+of"
                         r"|oversees|overseeing|жауапты|жауап\s+береді|mas[ʼʻ'’]?ul|масъул|жавобгар|javobgar", re.I)


def fill_from_article(doc, commitments: list[dict]) -> None:
    """A commitment still without an actor takes the body the article names as responsible, else the
    actor most of the article's other commitments name (twice at least): the guideline's "the body
    named as responsible in the article"."""
    if all(c.get("actor") for c in commitments):
        return
    body = _responsible(doc)
    counts = Counter(c["actor"] for c in commitments if c.get("actor"))
    common = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counts else None
    fallback = body or (common if common and counts[common] >= 2 else None)
    for c in commitments:
        if not c.get("actor") and fallback:
            c["actor"] = fallback


def _responsible(doc) -> Optional[str]:
    ctx = None
    for s_start, s_end in doc.sentences:
        text = doc.text[s_start:s_end]
        if not RESPONSIBLE.search(text):
            continue
        bodies = [e for e in doc.entities if s_start <= e["span"][0] < s_end and e.get("type") == "ORG"
                  and not AGENCIES.match(e["text"])]
        if bodies:
            return _name(bodies[0])
        ctx = ctx or Context(doc, None)
        named = _body_subject(text, s_start, s_end, [], ctx)   # "Энергетика министрлігі … жауапты"
        if named:
            return named
    return None


guard_all(globals())   # nlp.guard: the same matches, found sooner
