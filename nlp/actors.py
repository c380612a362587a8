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
* A pronoun or an impersonal plan ("it is planned", жоспарланып отыр,
  rejalashtirilgan) takes the actor of the commitment just before it in the
  article, else the speaker of the sentence or the one before.

Never a place in a locative ("signed in Tashkent"), a dateline or a news agency.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from nlp import syntax
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
SPEAKER = re.compile(r"as\s+noted\s+by|сказал|заявил|отметил|сообщил|подчеркнул|рассказал|по\s+словам|по\s+данным|деді|айтты|атап\s+өтті"
                     r"|айтуынша|сөзінше|мәліметінше|хабарлады|dedi|soʻzlariga|taʼkidladi|taʻkidladi|maʻlum\s+qildi"
                     r"|маълум\s+қилди|деди|сўзларига|таъкидлади|хабар\s+берди|xabar\s+berdi"
                     r"|said|says|told|according\s+to|noted|stated|announced|reported", re.I)
AGENT_AFTER = re.compile(r"^\s*(?:тарапынан|tomonidan|томонидан)(?!\w)", re.I)
LOCATIVE_BEFORE = re.compile(r"(?:^|\s)(?:в|во|на|из|под|при|у|около|близ|in|at|from|near|to|into)\s+$", re.I)
# Kazakh and Uzbek case endings that keep a name from being the subject (dative, locative, ablative,
# accusative, instrumental); the genitive is handled apart, it may possess the step.
OBLIQUE = re.compile(r"(?:[ыі]н|сын|сін|ni|ини|ини|[ғгқк][аеә]|[дтн][аеә]|[дтн][аеә]н|[ндт][ыі]|мен|бен|пен|ga|ka|qa|da|dan|ni|ning|га|ка|қа"
                     r"|да|дан|ни|нинг|ға|ге|қа|ке|на|не|нда|нде|нан|нен|ны|ні|ды|ді|ты|ті)$", re.I)
GENITIVE = re.compile(r"(?:[нтд][ыі]ң|ning|нинг)$", re.I)
JOIN = re.compile(r"^[^.!?;]{0,60}?(?<!\w)(?:мен|пен|бен|және|hamda|va|ва|и|and)(?!\w)[^.!?;]{0,40}$|^\s*,\s*$", re.I)
SUBJECT_RELS = ("nsubj",)
# The step itself as a subject ("the technical launch of the center is on track"): no actor there.
STEP_NOUN = re.compile(r"^(?:launch|opening|construction|completion|start|commissioning|ratification|work|works|plan|plans"
                       r"|project|target|goal|schedule|запуск\w*|открыти\w*|строительств\w*|завершени\w*|начал\w*|ввод\w*"
                       r"|ратификац\w*|работ\w*|план\w*|проект\w*|цел\w*|задач\w*|срок\w*)$", re.I)
# "the company", "the investor": the organisation named last before
COMPANY = re.compile(r"^(?:the\s+)?(?:company|firm|investor|компани\w*|инвестор\w*|kompaniya\w*|ширкат\w*|shirkat\w*)$",
                     re.I)
# Nouns that can take a step when no name is given: "the operator", "first residents", "инвесторы".
AGENT_NOUNS = re.compile(r"(?<!\w)(?:deput|lawmaker|senator|депутат|сенатор|акимат|хокимият|ҳокимият|акимиат|investor|operator|resident|compan|ministr|government|akimat|authorit|officials?|developer"
                         r"|contractor|partner|business|entrepreneur|bank|fund|corporation|holding|association|council"
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


LOCAL_PARTIES = 600     # characters before a sentence where "the sides" of a talk are named


class Context:
    """What the article tells about its parties, for words that stand for them."""

    def __init__(self, doc, center: Optional[str]):
        self.center = center
        people = Counter(_name(e) for e in doc.entities if e.get("type") == "PER")
        countries = Counter(_name(e) for e in doc.entities if e.get("type") == "LOC" and _name(e) in COUNTRIES)
        self.people = people
        self.persons = sorted((e["span"][0], _name(e)) for e in doc.entities if e.get("type") == "PER")
        self.leaders = [n for n, _ in sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
        self.countries = [n for n, _ in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
        self.orgs = sorted((e["span"][0], _name(e)) for e in doc.entities
                           if e.get("type") == "ORG" and _name(e) != center and not AGENCIES.match(e["text"]))
        self.at = 0                                  # where the sentence being read starts
        self.last_actor: Optional[str] = None
        self.last_at: int = -1

    def parties(self) -> Optional[str]:
        """The parties of the meeting: the two people named last just before (the talk the sentence
        goes on about), else the two people the article names most (twice each at least), else its
        two countries, else whoever it names most."""
        near = [n for at, n in self.persons if self.at - LOCAL_PARTIES <= at < self.at]
        recent = list(dict.fromkeys(reversed(near)))[:2]
        if len(recent) == 2:
            return _join(sorted(recent, key=lambda n: -self.people[n]))
        if len(self.leaders) == 2 and all(self.people[n] >= 2 for n in self.leaders):
            return _join(self.leaders)
        return _join(self.countries) if len(self.countries) == 2 else _join(self.leaders)

    def heads(self) -> Optional[str]:
        return _join(self.leaders) if self.leaders else self.parties()


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
        before = [n for at, n in ctx.orgs if at < ctx.at]
        return before[-1] if before else None
    return _kind_before(text, ctx)


def _usable(e: dict, text: str, base: int) -> bool:
    """A name that can act: not a news agency, not a place in a locative, not a dateline."""
    s, t = e["span"][0], e["text"]
    if AGENCIES.match(t):
        return False
    if e.get("type") == "LOC":
        if LOCATIVE_BEFORE.search(text[max(0, s - 12 - base):s - base]):
            return False
        if re.match(r"\s*,\s*\d", text[e["span"][1] - base:e["span"][1] - base + 6]):   # "ASTANA, March 13"
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
    if head is None:
        return None, False
    verb = tokens[head].head
    is_speaker = 0 <= verb < len(tokens) and bool(SPEAKER.fullmatch(tokens[verb].text))
    names = []
    for c in _conjuncts(tokens, head):
        span = syntax.subtree(tokens, c)
        # the subject's own words, without its conjuncts and their subtrees
        own = [k for k in span if not any(k in syntax.subtree(tokens, o) for o in _conjuncts(tokens, head)
                                          if o != c and o != head)] if c == head else span
        start, end = tokens[own[0]].start + base, tokens[own[-1]].end + base
        inside = [e for e in ents if start <= e["span"][0] < end and _usable(e, sentence, base)]
        word = tokens[c].text
        if PRONOUN.match(word):
            continue
        stands = _stands_for(" ".join(tokens[k].text for k in own), ctx) or _stands_for(word, ctx)
        if stands:
            names.append(stands)
        elif sum(e["type"] == "PER" for e in inside) > 1:            # "Presidents X and Y"
            names.extend(_names([e for e in inside if e["type"] == "PER"]))
        elif any(e["type"] in ("ORG", "PER") for e in inside):     # the body or person, not its place
            first = min((e for e in inside if e["type"] in ("ORG", "PER")), key=lambda e: e["span"][0])
            if (first["text"] == word and AGENT_NOUNS.match(word) and len(own) > 1
                    and (first.get("normal") or word).casefold() == word.casefold()):   # «Акимат» of a region
                keep = [k for k in own if tokens[k].rel not in ("det", "punct", "cc")]
                names.append(sentence[tokens[keep[0]].start:tokens[keep[-1]].end])
            else:
                names.extend(_names([first]))
        elif inside and not AGENT_NOUNS.match(word):
            names.extend(_names([max(inside, key=lambda e: e["span"][1] - e["span"][0])]))
        elif AGENT_NOUNS.match(word):
            text = " ".join(tokens[k].text for k in own if tokens[k].rel not in ("det", "punct", "case", "cc"))
            if text and not re.fullmatch(r"[\W\d]+", text) and len(own) <= 6:
                names.append(text)
    return _join(names), is_speaker


# ---------------------------------------------------------------- Kazakh and Uzbek rules

def _ruled_actor(text: str, base: int, cue_at: int, ents: list[dict], ctx: Context) -> Optional[str]:
    """A name before the predicate in the nominative (with the names joined to it), an agent, a
    genitive possessor of the step, or a word standing for the parties."""
    before = [e for e in ents if e["span"][1] <= cue_at and _usable(e, text, base)]
    for e in ents:                                   # "X тарапынан": the body responsible
        if AGENT_AFTER.match(text[e["span"][1] - base:]):
            return _name(e)
    for m in list(LEADERS.finditer(text[:cue_at - base])) + list(PARTIES.finditer(text[:cue_at - base])):
        stands = _stands_for(m.group(), ctx)
        if stands:
            return stands
    nominative = [e for e in before if e.get("type") in ("PER", "ORG", "LOC")
                  and not OBLIQUE.search(e["text"]) and not GENITIVE.search(e["text"])
                  and not re.match(r"[\w'ʻ’-]*?(?:ning|нинг|ның|нің|дың|дің|тың|тің|ga|da|dan|ni|га|да|дан|ни|ға|ге|қа|ке|та|те|нда|нде)\b",
                                   text[e["span"][1] - base:], re.I)
                  and (e.get("type") != "LOC" or _name(e) in COUNTRIES)]
    people = [e for e in nominative if e.get("type") == "PER"]
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
        return _join(_names(people or group))
    spoken = _source_of(text, base, ents, ctx) or speaker_of(text, base, ents)
    if spoken:
        return spoken                                    # "Министрдің айтуынша, орталықтың … жоспарланған"
    first = re.match(r"\s*([^\W\d_][\w'ʻ’-]*)\s", text)
    if first and AGENT_NOUNS.match(first.group(1)) and not OBLIQUE.search(first.group(1)) \
            and not GENITIVE.search(first.group(1)) and first.end() <= cue_at - base:
        return _stands_for(first.group(1), ctx) or first.group(1)   # "Bank … ajratishi mumkin", "Компания …"
    genitive = [e for e in before if GENITIVE.search(e["text"]) or re.match(r"[\w'ʻ’-]*?(?:ning|нинг|ның|нің)\b",
                                                                            text[e["span"][1] - base:], re.I)]
    if genitive and genitive[-1].get("type") in ("ORG", "PER"):
        return _name(genitive[-1])
    if ctx.center and re.search(r"(?<!\w)(?:орталы[ғқ]\w*|markaz\w*|марказ\w*)", text[:cue_at - base], re.I) \
            and not before:
        return ctx.center
    return _quoted_bodies(text[:cue_at - base])


# «Global Textile» компанияси, «TCL gr.» МЧЖ, "Silkway" LLP: a quoted name with an organisation's marker.
QUOTED_BODY = re.compile(r"[«\"“]([^«»\"“”]{2,50})[»\"”]\s*(?:компания\w*|МЧЖ|АЖ|ҚК|ЖШС|АҚ|ТОО|АО|ООО|LLP|LLC|JSC|MChJ|AJ"
                         r"|kompaniya\w*|корпорация\w*|korporatsiya\w*|холдинг\w*|xolding\w*|company|group)", re.I)


def _quoted_bodies(text: str) -> Optional[str]:
    """Organisations written as a quoted name and a marker, where the recogniser found none."""
    names = [m.group(1).strip() for m in QUOTED_BODY.finditer(text)]
    return _join(names[:2]) if names else None


# ---------------------------------------------------------------- the whole rule

def speaker_of(text: str, base: int, ents: list[dict], before: Optional[list[dict]] = None) -> Optional[str]:
    """The person (else body) who says the sentence: "…, Minister X said", "По словам X", "X-тың айтуынша";
    a speaker named by title alone ("Министрдің айтуынша") is the last person of the sentence `before`."""
    if not SPEAKER.search(text):
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
    before = idx.entities.inside(*previous) if previous and s_start - previous[1] < 3 else None
    if actor is None and lang not in ("ru", "en"):
        spoken = speaker_of(text, s_start, ents, before)
        clause_ents = [e for e in ents if c_start <= e["span"][0] < c_end] or ents
        actor = spoken if spoken and not ents else _ruled_actor(text, s_start, cue_at, clause_ents, ctx)
    if actor is None and lang in ("ru", "en") and syntax.parse(text, lang) is None:
        actor = _fallback_subject(text, s_start, cue_at, ents, ctx)     # no parse: the names before the cue
    if actor is None:
        actor = speaker_of(text, s_start, ents)
    if actor is None and previous and s_start - previous[1] < 3:
        actor = _subject_before(doc, idx, ctx, previous)
    if actor is None or is_speaker:
        spoken = speaker_of(text, s_start, ents)
        if spoken is None and previous and s_start - previous[1] < 3:
            prev_text = doc.text[previous[0]:previous[1]]
            spoken = speaker_of(prev_text, previous[0], idx.entities.inside(*previous))
        if actor is None and ctx.last_actor and s_start - ctx.last_at < 400:
            actor = ctx.last_actor             # "it is planned": the actor of the step just told
        actor = actor or spoken
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
    return _stands_for(words[-1], ctx) if words else None


def _subject_before(doc, idx, ctx: Context, previous: tuple[int, int]) -> Optional[str]:
    """The named subject of the sentence just before ("X and Y took part in the ceremony. The
    construction of Z was launched."): an impersonal step goes on with it."""
    text = doc.text[previous[0]:previous[1]]
    lang = _lang_at(doc, previous[0])
    ents = [e for e in idx.entities.inside(*previous) if e.get("type") in ("PER", "ORG")]
    if not ents:
        return None
    if lang not in ("ru", "en"):
        return _ruled_actor(text, previous[0], previous[1], ents, ctx)
    tokens = syntax.parse(text, lang)
    root = next((i for i, t in enumerate(tokens or []) if t.head == -1), None)
    if root is None:
        return None
    actor, _ = _parsed_actor(text, previous[0], lang, previous[0] + tokens[root].start,
                             [e for e in ents if _usable(e, text, previous[0])], ctx)
    return actor if actor and any(_name(e) in actor for e in ents) else None


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
