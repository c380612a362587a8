"""Speed-ups that must not change a result: each is checked against the code it replaces."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from nlp import blas
from nlp.entities.natasha_ner import crf_decode


@pytest.mark.parametrize("seed", range(4))
def test_crf_decode_gives_slovnets_tags(seed):
    from slovnet.exec.model import CRF

    rng = np.random.default_rng(seed)
    transitions = rng.normal(size=(8, 8)).astype(np.float32)
    crf = SimpleNamespace(transitions=SimpleNamespace(array=transitions))
    for trial in range(100):
        batch, length = int(rng.integers(1, 6)), int(rng.integers(1, 50))
        emissions = rng.normal(size=(batch, length, 8)).astype(np.float32)
        if trial % 4 == 0:
            emissions = np.round(emissions)                  # ties: the first best must win in both
        lengths = rng.integers(0, length + 1, size=batch)    # padded sequences, an empty one too
        if trial % 3 == 0:
            lengths[:] = length
        mask = np.arange(length)[None, :] < lengths[:, None]
        expected, got = CRF.decode(crf, emissions, mask), crf_decode(transitions, emissions, mask)
        assert len(got) == len(expected)
        for a, b in zip(expected, got):
            assert a.dtype == b.dtype and np.array_equal(a, b)


def test_single_blas_thread_restores_the_count():
    funcs = blas._openblas()
    if funcs is None:
        pytest.skip("numpy without OpenBLAS")
    get, _ = funcs
    before = get()
    with blas.single_thread():
        assert get() == 1
    assert get() == before


def test_navec_gather_gives_slovnets_vectors():
    from slovnet.exec.model import NavecEmbedding

    from nlp.entities.natasha_ner import NavecGather

    rng = np.random.default_rng(7)
    codes = rng.normal(size=(10, 256, 3)).astype(np.float32)
    indexes = rng.integers(0, 256, size=(500, 10)).astype(np.uint8)
    navec = NavecEmbedding("test", SimpleNamespace(array=indexes, shape=indexes.shape),
                           SimpleNamespace(array=codes, shape=codes.shape))
    fast = NavecGather(navec)
    for shape in [(1, 40), (3, 17), (2, 1)]:
        word_id = rng.integers(0, 500, size=shape)
        expected, got = navec(word_id), fast(word_id)
        assert got.dtype == expected.dtype and got.shape == expected.shape and np.array_equal(got, expected)


def test_word_ids_are_slovnets():
    from natasha import NewsEmbedding, NewsNERTagger

    from nlp.entities.natasha_ner import WordIds

    encoder = NewsNERTagger(NewsEmbedding()).infer.encoder
    words = "Глава МИД Казахстана заявил , что центр « Центральная Азия » откроют в 2026 году . ЦМПК iPhone 3,5".split()
    cached = WordIds(encoder)
    cached.MAX_WORDS = 5                       # forgetting on the way changes nothing either
    for _ in range(3):
        assert cached(words) == type(encoder).item(encoder, words)
        words = words[::-1]


def test_conv_windows_give_slovnets_convolution():
    from slovnet.exec.model import Conv1d

    from nlp.entities.natasha_ner import Conv1dWindows

    rng = np.random.default_rng(3)
    for in_dim, filters, batch, length in [(33, 16, 1, 47), (16, 8, 3, 5), (8, 4, 2, 1)]:
        conv = Conv1d(SimpleNamespace(array=rng.normal(size=(filters, in_dim, 3)).astype(np.float32),
                                      shape=(filters, in_dim, 3)),
                      SimpleNamespace(array=rng.normal(size=filters).astype(np.float32)), 1)
        fast = Conv1dWindows(conv)
        x = rng.normal(size=(batch, length, in_dim)).astype(np.float32)
        for input in (x.swapaxes(2, 1), np.ascontiguousarray(x.swapaxes(2, 1))):   # as the layers pass it, and not
            expected, got = conv(input), fast(input)
            assert got.dtype == expected.dtype and got.shape == expected.shape and np.array_equal(got, expected)


def test_in_place_encoder_gives_slovnets_encoding():
    """The convolution layers with ReLU and norm in place, the padding zeroed where there is some:
    slovnet's numbers, over batches with and without padding, and the news NER's own layers."""
    from natasha import NewsEmbedding, NewsNERTagger
    from slovnet.exec.model import CNNEncoder, CNNEncoderLayer

    from nlp.entities.natasha_ner import Conv1dWindows, InPlaceEncoder

    model = NewsNERTagger(NewsEmbedding()).infer.model
    plain = model.encoder
    windowed = CNNEncoder([CNNEncoderLayer(Conv1dWindows(layer.conv), layer.relu, layer.norm) for layer in plain.layers])
    fast = InPlaceEncoder.over(windowed)
    assert isinstance(fast, InPlaceEncoder)
    rng = np.random.default_rng(11)
    width = plain.layers[0].conv.weight.shape[1]
    for batch, length in [(1, 469), (1, 1), (3, 17), (2, 40)]:
        x = rng.normal(size=(batch, length, width)).astype(np.float32)
        for padded in range(min(batch, 2)):
            mask = np.zeros((batch, length), dtype=bool)
            if padded:
                mask[-1, length // 2:] = True
            expected, got = plain(x, mask), fast(x, mask)
            assert got.dtype == expected.dtype and got.shape == expected.shape and np.array_equal(got, expected)
            assert np.array_equal(model.head(got), model.head(expected))


def test_natasha_spans_are_the_taggers(pipeline):
    from nlp.entities.natasha_ner import _natasha, natasha_spans

    tagger = _natasha(pipeline.resources)
    for text in ["ТАШКЕНТ, 15 ноября — Sputnik. Президент Касым-Жомарт Токаев прибыл в Ташкент.",
                 "  Р.Скляр и ТОО «Ромашка»\tподписали соглашение с АО «Самрук-Казына» в г. Шымкенте.  ",
                 "Москва", "Кеше Астанада ҚР Сауда және интеграция министрлігі мәлімдеді."]:
        expected = [(s.start, s.stop, s.type) for s in tagger(text).spans]
        assert [(s.start, s.stop, s.type) for s in natasha_spans(tagger, text)] == expected


def _clauses_of_samples():
    from pathlib import Path

    import yaml

    for path in sorted((Path(__file__).resolve().parents[2] / "samples" / "articles").glob("*.yaml")):
        for paragraph in yaml.safe_load(path.read_text(encoding="utf-8"))["paragraphs"]:
            yield paragraph
            cuts = [i for i, ch in enumerate(paragraph) if ch in ",.;—"]
            yield from (paragraph[:i] for i in cuts)     # the prefixes `_clauses` asks about
            yield from (paragraph[i + 1:] for i in cuts)


def test_find_cue_and_has_cue_agree_with_a_full_scan():
    from nlp.commitments import ANY_CUE, RELATIVE_CLAUSE, STATUS_ORDER, find_cue, has_cue
    from nlp.money import fold_apostrophes

    def full_scan(clause):          # find_cue as it was: every cue looked at
        best = None
        clause = fold_apostrophes(clause)
        for m in ANY_CUE.finditer(clause):
            rank = STATUS_ORDER.index(m.lastgroup)
            if (best is None or rank < best[0]) and not RELATIVE_CLAUSE.search(clause[:m.start()][-40:]):
                best = (rank, m)
        return best

    seen = 0
    for clause in _clauses_of_samples():
        expected, got = full_scan(clause), find_cue(clause)
        assert (expected is None) == (got is None) == (not has_cue(clause))
        if expected:
            seen += 1
            status = STATUS_ORDER[expected[0]]
            assert got[0] == ("planned" if status == "planned_strong" else status)
            assert got[1].span() == expected[1].span() and got[1].lastgroup == expected[1].lastgroup
    assert seen > 100


def test_gloss_and_future_by_date_agree_with_their_first_form():
    from nlp.commitments import (ANY_GLOSS, COMPLETION, FINAL_VERB, GLOSSES, PERIOD_KINDS, VERB_GLOSS,
                                 _future_by_date, gloss)
    from nlp.money import fold_apostrophes

    def gloss_before(status, clause):
        found = [int(m.lastgroup[1:]) for m in ANY_GLOSS.finditer(fold_apostrophes(clause))]
        if not found:
            return VERB_GLOSS[status]
        g = GLOSSES[min(found)][1]
        if g == "construction":
            if status != "in_progress" and COMPLETION.search(clause):
                return "complete construction"
            return {"completed": "complete construction", "in_progress": "construction under way"}.get(
                status, "start construction")
        if g == "agreement":
            return {"signed": "sign agreement", "agreed": "agree"}.get(status, "sign agreement")
        return g

    def future_before(sentence, dates, published):
        if not published or not FINAL_VERB.search(sentence):
            return False
        return any(d["kind"] in PERIOD_KINDS and d.get("end") and d["end"] > published for d in dates)

    dates = [[], [{"kind": "year", "end": "2027-12-31"}], [{"kind": "point", "end": "2027-01-01"}],
             [{"kind": "deadline", "end": "2020-01-01"}, {"kind": "quarter", "end": "2026-12-31"}]]
    for clause in _clauses_of_samples():
        for status in ("planned", "signed", "completed", "in_progress"):
            assert gloss(status, clause) == gloss_before(status, clause)
        for ds in dates:
            for published in (None, "2026-06-01"):
                assert _future_by_date(clause, ds, published) == future_before(clause, ds, published)


def _unify_before(entities):
    import difflib

    from nlp import registry as reglib
    from nlp.entities.merge import QUOTED_NAME

    def same(a, b):
        fa, fb = reglib.fold(a["normal"]), reglib.fold(b["normal"])
        if not fa or not fb:
            return False
        if fa == fb or (min(len(fa), len(fb)) >= 6 and difflib.SequenceMatcher(None, fa, fb).ratio() >= 0.9):
            return True
        if a["type"] == "PER" and " " not in fa and len(fa) >= 4:
            return fb.split()[-1] == fa
        if a["type"] == "ORG":
            qa, qb = QUOTED_NAME.findall(a["normal"]), QUOTED_NAME.findall(b["normal"])
            return bool(qa) and qa == qb
        return False

    order = sorted(entities, key=lambda e: (e["id"] is None, -len(e["normal"])))
    for e in entities:
        if e["id"]:
            continue
        rep = next((o for o in order if o is not e and o["type"] == e["type"] and same(e, o)), None)
        if rep is not None and (rep["id"] or len(rep["normal"]) >= len(e["normal"])):
            e["canonical"], e["id"] = rep["canonical"], rep["id"]
    return entities


def test_unify_agrees_with_the_pairwise_scan(pipeline):
    """unify asks once per pair of distinct forms; the former scan asked for every pair of mentions."""
    import copy
    import random

    import yaml
    from pathlib import Path

    from nlp.entities.merge import unify

    pool = []
    for path in sorted((Path(__file__).resolve().parents[2] / "samples" / "articles").glob("*.yaml"))[:30]:
        article = yaml.safe_load(path.read_text(encoding="utf-8"))
        pool += pipeline("\n\n".join(article["paragraphs"]), "2025-11-15").entities
    assert len({e["normal"] for e in pool}) > 100
    rng = random.Random(7)
    for trial in range(60):
        picked = [dict(rng.choice(pool)) for _ in range(rng.randint(1, 80))]
        for i, e in enumerate(picked):
            if rng.random() < 0.6:
                e["id"] = None                                   # unlinked mentions to unify
            e["canonical"] = f"{e['canonical']} #{i}"           # where each canonical came from shows
        expected = _unify_before(copy.deepcopy(picked))
        assert unify(copy.deepcopy(picked)) == expected


def test_merge_agrees_with_the_full_scan():
    """merge looks for overlaps among the kept spans near a candidate; the former code looked at all."""
    import random

    from nlp.entities.merge import SOURCES, _beside, merge, outgrows

    def merge_before(matches, found):
        kept = list(matches)
        rank = {s: i for i, s in enumerate(SOURCES)}
        for cand in sorted(found, key=lambda c: (-(c["end"] - c["start"]), rank[c["source"]], c["start"])):
            overlapping = [k for k in kept if k["start"] < cand["end"] and cand["start"] < k["end"]]
            if overlapping and outgrows(cand, overlapping):
                kept = [k for k in kept if all(k is not o for o in overlapping)]
                kept.append(cand)
            elif not overlapping or _beside(cand, overlapping):
                kept.append(cand)
        return sorted(kept, key=lambda c: (c["start"], -c["end"]))

    rng = random.Random(3)
    for trial in range(300):
        def span(source):
            start = rng.randint(0, 300)
            return {"start": start, "end": start + rng.randint(1, rng.choice((5, 40))), "source": source,
                    "type": rng.choice(("PER", "ORG", "LOC")), "n": rng.random()}
        matches = [span("registry") for _ in range(rng.randint(0, 15))]
        found = [span(rng.choice(SOURCES[1:])) for _ in range(rng.randint(0, 40))]
        assert merge(matches, found) == merge_before(matches, found)


def _date_texts() -> list[str]:
    """Every sentence of the date tests and the reading benchmark, as they are, upper-cased and title-cased."""
    import ast
    from pathlib import Path

    from bench.read import SENTENCES

    tree = ast.parse((Path(__file__).parent / "test_dates.py").read_text(encoding="utf-8"))
    texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
             and len(n.value) > 3]
    texts += [s for sentences in SENTENCES.values() for s in sentences]
    return texts + [t.upper() for t in texts] + [t.title() for t in texts]


def test_date_rule_triggers_change_no_date():
    """Each rule's trigger (nlp.dates.TRIGGERS) only skips texts the rule finds nothing in."""
    import random

    from nlp.dates import COMPILED, fold_apostrophes, lowered, triggered

    texts = _date_texts()
    rng = random.Random(3)
    texts += [" ".join(rng.sample(texts, 4)) for _ in range(300)]          # articles of several sentences
    assert len(texts) > 1000
    skipped = 0
    for text in texts:
        text = fold_apostrophes(text)
        for rule in COMPILED:
            assert list(rule.finditer(text, lowered(text))) == list(rule.finditer(text)), (rule.name, text)
            skipped += not triggered(rule.trigger, lowered(text))
    assert skipped > len(texts) * 5      # most rules are skipped in most texts: the point of the triggers


def test_sentence_initial_without_copying_is_the_former_test():
    import random

    from nlp.entities.lexicon import sentence_initial as _sentence_initial

    def former(text: str, pos: int) -> bool:
        before = text[:pos].rstrip(" «\"“(")
        return not before or before[-1] in ".!?\n—:"

    rng = random.Random(1)
    for _ in range(3000):
        text = "".join(rng.choice('ab .!?\n—:«"“( ') for _ in range(rng.randint(0, 20)))
        pos = rng.randint(0, len(text))
        assert _sentence_initial(text, pos) == former(text, pos), (text, pos)


def test_chunks_cover_the_text_in_bounded_pieces_cut_at_line_breaks():
    import random

    from nlp.entities.spacy_ner import chunks

    rng = random.Random(2)
    for _ in range(500):
        text = "".join(rng.choice("ab \n") if rng.random() < 0.9 else "x" * rng.randint(1, 30)
                       for _ in range(rng.randint(0, 300)))
        size = rng.randint(1, 40)
        pieces = chunks(text, size)
        assert "".join(text[s:e] for s, e in pieces) == text
        assert all(0 < e - s <= size for s, e in pieces[:-1]) and pieces[-1][1] - pieces[-1][0] <= size
        for s, e in pieces[:-1]:
            piece = text[s:e]
            if "\n" in piece:
                assert piece.endswith("\n")           # cut at the last line break of the window
    assert chunks("short text") == [(0, 10)]


def test_english_entities_of_a_long_article_are_those_of_its_paragraphs():
    """Read in pieces, a long article gives each paragraph the entities it has on its own."""
    from bench.read import SENTENCES
    from nlp.entities.spacy_ner import SPACY_CHUNK, spacy_entities
    from nlp.pipeline import Doc, Resources, Settings

    paragraphs = [" ".join(SENTENCES["en"][i:i + 3]) for i in range(0, 9, 3)]
    resources = Resources(Settings())
    one = {}
    for p in paragraphs:
        one[p] = [(e["type"], e["end"] - e["start"], e["start"]) for e in
                  spacy_entities(Doc(original=p, text=p, resources=resources), 0, len(p))]
    text, starts = "", []
    while len(text) < 3 * SPACY_CHUNK:
        starts.append((len(text), paragraphs[len(starts) % 3]))
        text += starts[-1][1] + "\n\n"
    found = spacy_entities(Doc(original=text, text=text, resources=resources), 0, len(text))
    expected = sorted((start + s, kind, length) for start, p in starts for kind, length, s in one[p])
    assert sorted((e["start"], e["type"], e["end"] - e["start"]) for e in found) == expected
    assert len(expected) > 20


def _month_texts():
    """The sample paragraphs, whole articles, and lines written here for the corners of month words."""
    from pathlib import Path

    import yaml

    paragraphs = []
    for path in sorted((Path(__file__).resolve().parents[2] / "samples" / "articles").glob("*.yaml")):
        paragraphs += yaml.safe_load(path.read_text(encoding="utf-8"))["paragraphs"]
    return [*_date_texts(), *paragraphs, "\n\n".join(paragraphs),
            "Mayor met May 5 and Jan. 7, smart martians in March 2026; xJanuary 3, 2027, Sept. 9 2025.",
            "ЯНВАРЯ 2026 ГОДА, 15–17 мая, в июне–июле, маяк и майор в МАЕ; last March, next May, this JUNE.",
            "2025 жылғы 15 қараша, биыл желтоқсан айында, 15-noyabr, avgust oyida, may oyida, OKTYABR",
            "с ᲀ сентября до ноября, ſeptember 5, İyun 2026",
            # the relative and period rules' starts (nlp.dates.STARTS), digits outside ASCII included
            "Q4 2026, 3Q, H1 2027, 2H, IV КВАРТАЛЕ, ii чорак, бірінші тоқсанда, FIRST HALF, second quarter of 2026",
            "в этом году, В СЛЕДУЮЩЕМ ГОДУ, биылғы, осы жылы, Келесі жылы, былтыр, shu yil, Joriy yilning, THIS YEAR",
            "the coming year, last year's, the previous year, вчера, СЕГОДНЯ, на следующей неделе, в прошлом месяце",
            "бүгін, Ертең, kecha, Эртага, next week, накануне; в ближайшие три года, over the next five years",
            "алдағы үш жылда, kelgusi uch yilda, within the next 2 years, за девять месяцев 2025 года, first nine months",
            "٣ ай, ٩ months of 2025, 10 ай, он айдың, toʻqqiz oyida, в течение ближайших двух лет",
            "ᲂсы жылы, ᲃа ᲄ"]


def test_anchored_date_rules_find_what_a_full_scan_finds():
    from nlp.dates import COMPILED, fold_apostrophes, lowered

    anchored = [rule for rule in COMPILED if rule.starts]
    assert {rule.name for rule in anchored} >= {"month_day", "months", "last_month", "quarter", "half", "relative_year",
                                                "relative_span", "next_span", "first_months"}
    seen = 0
    for text in map(fold_apostrophes, _month_texts()):
        for rule in anchored:
            expected = [(m.span(), m.groupdict()) for m in rule.core.finditer(text) if m.end() > m.start()]
            assert [(m.span(), m.groupdict()) for m in rule.core_matches(text, lowered(text))] == expected
            seen += len(expected)
    assert seen > 100


def test_lean_cues_find_what_every_cue_finds():
    from nlp.commitments import ANY_CUE, cues_in, lean_cue
    from nlp.money import fold_apostrophes

    assert lean_cue() is not ANY_CUE            # OPEN_CUES are still written in CUES as the lean form expects
    written = ["Зауыт келесі жылы іске қосылуы мүмкін.", "Korxona 2027-yilda ishga tushirilishi mumkin.",
               "Компания завод қурмоқчи.", "Biz zavod qurmoqchimiz va uni ochamiz.", "МҮМКІН ЕМЕС, бірақ жоспарланған."]
    for clause in map(fold_apostrophes, [*_clauses_of_samples(), *written]):
        expected = [(m.span(), m.lastgroup) for m in ANY_CUE.finditer(clause)]
        assert [(m.span(), m.lastgroup) for m in cues_in(clause)] == expected


def test_russian_parses_are_natashas_own():
    from natasha import Doc, NewsSyntaxParser, Segmenter

    from nlp import syntax
    from nlp.news_embedding import news_embedding

    segmenter, parser = Segmenter(), NewsSyntaxParser(news_embedding())      # slovnet's layers, untouched
    for text in ["Президент Касым-Жомарт Токаев поручил правительству до конца 2026 года запустить центр.",
                 "В ТОО «TCL gr.» заверили, что завод откроют в IV квартале; акимат выделит 8 млрд тенге.",
                 "Строительство идёт. Второй этап начнётся летом, сообщили в министерстве.", "Москва"]:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.parse_syntax(parser)
        expected = [(t.start, t.stop, t.rel, t.head_id) for sent in doc.sents for t in sent.tokens]
        got = syntax._parse_ru(text)
        ids = [t.id for sent in doc.sents for t in sent.tokens]
        assert [(t.start, t.end, t.rel) for t in got] == [(s, e, r or "dep") for s, e, r, _ in expected]
        assert [ids[t.head] if t.head >= 0 else None for t in got] == \
            [h if h in ids else None for *_, h in expected]


def test_guarded_patterns_match_as_their_originals():
    """Every pattern the reading stages guard (nlp.guard) finds, over the sample articles as written,
    upper-cased and title-cased, and word by word, what the pattern without its guard finds."""
    from pathlib import Path

    import yaml

    import nlp.actors  # noqa: F401 - their patterns are guarded as the modules load
    import nlp.dates  # noqa: F401
    import nlp.commitments  # noqa: F401
    import nlp.entities.kazakh_ner  # noqa: F401
    import nlp.entities.normal  # noqa: F401
    import nlp.money  # noqa: F401
    from nlp import steps
    from nlp.guard import GUARDED
    from nlp.money import fold_apostrophes

    steps.load_lexicon()
    paragraphs = []
    for path in sorted((Path(__file__).resolve().parents[2] / "samples" / "articles").glob("*.yaml")):
        paragraphs += yaml.safe_load(path.read_text(encoding="utf-8"))["paragraphs"]
    texts = [fold_apostrophes(t) for p in paragraphs for t in (p, p.upper(), p.title())]
    words = sorted({w for p in paragraphs for w in p.split()})
    assert len(GUARDED) > 50
    found = 0
    for rx, fast in GUARDED:
        for text in texts:
            expected = [(m.span(), m.lastgroup) for m in rx.finditer(text)]
            assert [(m.span(), m.lastgroup) for m in fast.finditer(text)] == expected, rx.pattern[:60]
            found += len(expected)
        assert [w for w in words if fast.fullmatch(w)] == [w for w in words if rx.fullmatch(w)]
    assert found > 1000


def test_letter_counts_by_runs_count_every_letter():
    from nlp.lang import CYRILLIC, LATIN, LETTER, letter_counts

    texts = [*_month_texts(), "x²_ÿ Ⅳ ½ é ĳ ʻʼ Ωмир 123 дом_дом", "", "\n\n", "Қазақстан-2050 oʻz"]
    for text in texts:
        assert letter_counts(text) == (len(CYRILLIC.findall(text)), len(LATIN.findall(text)), len(LETTER.findall(text)))


def test_word_walk_counts_what_py3langid_counts():
    from py3langid import langid as pylangid

    from nlp import lang
    from nlp.lang import WordWalk, _full_identifier

    ident = _full_identifier()
    assert isinstance(pylangid.visit_counts, WordWalk)     # in place once the model is loaded
    original = pylangid.visit_counts.walk
    walk = WordWalk(original)
    walk.MAX_WORDS = 50                                     # forgetting on the way changes nothing either
    texts = [*_month_texts(), "", " ", "  двойные  пробелы ", "x" * 3000, "Ўзбекистон\tва\nҚазақстан"]
    for text in texts:
        data = ident._encode(text)
        expected = original(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
        for _ in range(2):                                  # the features in the same order: the same sums
            got = walk(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
            assert (got is None) == (expected is None) and list((got or {}).items()) == list((expected or {}).items())
    assert lang._langid("Бүгін Астанада жаңа зауыт ашылды", ["ru", "kk", "uz"])[0] == "kk"


def test_rule_word_sets_hold_what_the_expressions_matched():
    import re

    from nlp.entities.lexicon import KK_UZ_TITLES, LEGAL_FORMS, LOC_MARKERS, MARKER_ENDINGS, ORG_HEADS, ORG_MARKERS
    from nlp.entities.rules_ner import one_of

    words = {w.strip("«»\"“”.,;:()") for t in _month_texts() for w in t.split()}
    for alternation, endings in [(KK_UZ_TITLES, None), (ORG_MARKERS, MARKER_ENDINGS), (ORG_HEADS, MARKER_ENDINGS),
                                 (LOC_MARKERS, MARKER_ENDINGS), (LEGAL_FORMS, None)]:
        rx = re.compile(rf"^(?:{alternation})(?:{endings})?$" if endings else rf"^(?:{alternation})$")
        listed = set(one_of(alternation, endings))
        candidates = words | {w.lower() for w in words} | listed | {w + "x" for w in listed} | {w[:-1] for w in listed}
        assert {w for w in candidates if rx.search(w)} == {w for w in candidates if w in listed}
    with pytest.raises(ValueError):
        one_of(r"министр\w*")


def test_registry_find_skipping_stemless_words_is_the_full_walk(pipeline):
    """Registry.find tries no alias at a word no stem starts; the full walk tried every word."""
    from nlp import registry as reglib
    from nlp.relevance import load_topic

    def full_walk(reg, text):
        words = list(reglib.WORD.finditer(text))
        stems_of = [reg._word_matches(w.group()) for w in words]
        found, i = [], 0
        while i < len(words):
            best = reg._best_at(text, words, stems_of, i)
            if best:
                found.append(reglib._with_quotes(text, best[0]))
                i = best[1]
            else:
                i += 1
        return found

    registries = [reglib.shared(pipeline.resources), load_topic(None).registry]
    texts = _month_texts()
    assert sum(len(reg.find(t)) for t in texts for reg in registries) > 200
    for text in texts:
        for reg in registries:
            assert reg.find(text) == full_walk(reg, text)


def test_registry_word_cache_is_bounded_and_its_clearing_changes_nothing(pipeline, monkeypatch):
    """The words' stems are remembered up to WORD_CACHE words, then afresh: the same finds either way."""
    from nlp import registry as reglib

    texts = _month_texts()
    reg = reglib.shared(pipeline.resources)
    before = [reg.find(t) for t in texts]
    monkeypatch.setattr(reglib, "WORD_CACHE", 7)
    reg._word_cache.clear()
    after = [reg.find(t) for t in texts]
    assert len(reg._word_cache) <= 7
    assert after == before and sum(map(len, after)) > 100


def test_dispatched_cue_scans_find_what_the_whole_alternations_find():
    """At each place only the cues that can begin with its character are tried: the same matches,
    spans, text and status group, on every clause, upper- and title-cased too."""
    from nlp.commitments import ANY_CUE, ANY_SCAN, LEAN_SCAN, lean_cue

    texts = [*_clauses_of_samples(), *_month_texts()]
    texts += [t.upper() for t in texts[::7]] + [t.title() for t in texts[::7]]
    found = 0
    for text in texts:
        for whole, scan in ((ANY_CUE, ANY_SCAN), (lean_cue(), LEAN_SCAN)):
            expected = [(m.span(), m.lastgroup, m.group()) for m in whole.finditer(text)]
            assert [(m.span(), m.lastgroup, m.group()) for m in scan.finditer(text)] == expected
            found += len(expected)
    assert found > 500


def test_dispatched_alternation_of_tricky_branches_is_the_whole_one():
    import re

    from nlp.guard import Dispatched, flat_branches

    assert flat_branches(r"(?:a|b)|c(?:d|e)|[|(]x|\|y|(?:(?:f)|g)") == ["a", "b", r"c(?:d|e)", "[|(]x", r"\|y", "f", "g"]
    assert flat_branches(r"(?:a)b|[]|]z") == [r"(?:a)b", "[]|]z"]
    groups = [("one", r"(?:ab|a)c|(?:x\s+)?yz|[^\W\d_]+ing(?!\w)"), ("two", r"a\w*|\$\d+|[ёе]ще|(?:q|)r"),
              ("three", r"[]a]b|ÿes|straße")]
    whole = re.compile(r"(?<!\w)(?:" + "|".join(f"(?P<{n}>{p})" for n, p in groups) + ")", re.IGNORECASE)
    scan = Dispatched(groups)
    for text in ["abc ac a x yz yz singing ab", "$12 and r qr ЁЩЕ еще ]b STRASSE straße ÿes Ÿes", "", "a", "xyz x  yz",
                 *_month_texts()[:200]]:
        expected = [(m.span(), m.lastgroup, m.group()) for m in whole.finditer(text)]
        assert [(m.span(), m.lastgroup, m.group()) for m in scan.finditer(text)] == expected


def test_lexicon_screen_finds_what_every_pattern_finds():
    """The step lexicon's patterns, screened together (nlp.guard.Screen), find what each finds alone,
    on every clause of the samples, upper- and title-cased too, and the milestone and kind of step
    read through the screen are those read without it; most searches are screened out."""
    from nlp import steps
    from nlp.money import fold_apostrophes

    lex = steps.load_lexicon()
    patterns = [lex.subject, lex.not_subject] + [p for item in lex.milestones + lex.steps
                                                for p in (item.get("any"), *item["all"], item["not"]) if p is not None]
    plain = steps.Lexicon(lex.subject.rx, lex.not_subject.rx,
                          *[tuple(dict(item, _bits=0, any=item.get("any") and item["any"].rx,
                                       all=tuple(p.rx for p in item["all"]), **{"not": item["not"] and item["not"].rx})
                                  for item in items) for items in (lex.milestones, lex.steps)])
    texts = [fold_apostrophes(t) for t in [*_clauses_of_samples(), *_month_texts()]]
    texts += [t.upper() for t in texts[::5]] + [t.title() for t in texts[::5]]
    found = skipped = 0
    for text in texts:
        bits = lex.bits(text)
        for p in patterns:
            expected, got = p.rx.search(text), p.search(text)
            assert (got and got.span()) == (expected and expected.span()), p.pattern[:60]
            found += expected is not None
            skipped += not bits & p.bit
            assert expected is None or bits & p.bit
        for about in (True, False):
            got, want = steps.milestone(lex, text, text, about, "planned"), steps.milestone(plain, text, text, about, "planned")
            assert (got and got["id"]) == (want and want["id"])
        assert (steps.step_kind(lex, text) or {}).get("id") == (steps.step_kind(plain, text) or {}).get("id")
    assert found > 1000 and skipped > found * 5


def test_razdel_tokens_are_razdels():
    """razdel's tokens, with its rules asked only where one could join: samples, hostile corners of
    its rules (dashes, floats, fractions, smileys, runs of marks, yahoo!, other scripts), spaces."""
    from razdel import tokenize

    from nlp.entities.natasha_ner import razdel_tokens

    texts = [*_clauses_of_samples(), *_month_texts(),
             "Кок-Тобе, из-за пред- и после- 2,5 млн 1/2 3\\4 а_б 1.2.3 -5 — «Ура!» (т.е. т.д.)",
             "Yahoo! YAHOO!ok yahoo ! :-) ;) :( ... ?! !? --- ** *** a--b x_y_z _a_ 12.ru",
             "ΔP Δσ mβж µм 5% №7 @name #тег  \t\n  ", "", " ", "x", "\u00a0Привет\u2003мир\u200b!"]
    for text in texts:
        assert [(t.start, t.stop, t.text) for t in razdel_tokens(text)] == \
            [(t.start, t.stop, t.text) for t in tokenize(text)], text[:60]


def test_rule_flags_match_as_the_regex_and_set_predicates(monkeypatch):
    """The rules' Matcher with its regular expressions and word lists as flags of the vocabulary's
    words finds what the same Matcher with spaCy's REGEX and IN/NOT_IN predicates finds: Kazakh and Uzbek samples, month texts,
    upper- and title-cased, words the vocabulary meets before and after the flags are added."""
    from nlp.entities import rules_ner

    class Fresh:                                   # a Resources that keeps nothing
        def get(self, key, factory):
            return factory()

    texts = [*_clauses_of_samples(), *_month_texts()]
    texts += [t.upper() for t in texts[::9]] + [t.title() for t in texts[::9]]
    nlp, flagged = rules_ner._rule_matcher(Fresh())
    monkeypatch.setattr(rules_ner, "searched", lambda vocab, pattern, lower=False:
                        {"LOWER" if lower else "TEXT": {"REGEX": pattern}})
    monkeypatch.setattr(rules_ner, "listed", lambda vocab, words, lower=False, absent=False:
                        {"LOWER" if lower else "TEXT": {"NOT_IN" if absent else "IN": words}})
    plain_nlp, plain = rules_ner._rule_matcher(Fresh())
    found = 0
    for text in texts:
        expected = plain(plain_nlp.make_doc(text))
        assert flagged(nlp.make_doc(text)) == expected, text[:60]
        found += len(expected)
    assert found > 300


def test_date_prefixes_from_word_starts_are_the_character_walk():
    """A rule's prefix is tried from each word start found by `re`; the former walk tested each
    character in Python: the same prefix at every place a core may start, across the reach's edge too."""
    from nlp.dates import COMPILED, PREFIX_REACH, fold_apostrophes

    def walk(rule, text, core_start):
        reach = max(0, core_start - PREFIX_REACH)
        for p in range(reach, core_start + 1):
            if p == core_start or (p == 0 or not text[p - 1].isalnum()) and text[p].isalnum():
                m = rule.prefix.fullmatch(text, p, core_start)
                if m:
                    return m
        return None

    written = ["до_2030 года", "x_до 2030 года", "срок_к концу 2027 года", "к  концу ²2027 года", "Ⅻ в течение 2026 г.", "no later than 2029", "2030-yilgacha"]
    prefixed = [rule for rule in COMPILED if rule.prefix is not None]
    found = 0
    for text in map(fold_apostrophes, [*_month_texts(), *written]):
        for rule in prefixed:
            for core_start in {m.start() for m in rule.core.finditer(text)} | {0, len(text) // 2, len(text)}:
                got, want = rule._prefix(text, core_start), walk(rule, text, core_start)
                assert (got and got.span(), got and got.groupdict()) == (want and want.span(), want and want.groupdict())
                found += want is not None and want.end() > want.start()
    assert found > 50


def test_fold_apostrophes_without_any_is_the_substitution():
    """fold_apostrophes substitutes only where one of the apostrophes is: each one alone, at either
    end, and the sample paragraphs give what the substitution over every text gives."""
    from nlp.money import APOSTROPHE_CHARS, APOSTROPHES, fold_apostrophes

    written = ["", "oʻzbek", *(f"{ch}o{ch}g{ch}" for ch in APOSTROPHE_CHARS), "O‘zbekiston", "don`t", "x´"]
    texts = [*written, *_clauses_of_samples()]
    assert sum(fold_apostrophes(t) != t for t in texts) > 20
    for text in texts:
        assert fold_apostrophes(text) == APOSTROPHES.sub("ʻ", text)


def test_relevance_reads_the_documents_sentences_as_each_line_split_again():
    """The relevance stage takes a line's sentences from the document's (nlp.sentences): they are
    those `split_sentences` finds in the line alone, for every part with a place in the text."""
    from nlp.pipeline import Doc
    from nlp.relevance import _parts, _sentences_of_lines
    from nlp.sentences import split_sentences

    written = ["  Т. Иванов сказал. В 2025 г. Завод открыт.  \n \n\tА. Б. Сидоров: «Да!» Нет.\r\nEnd. Next",
               "\n\nОдна строка без точки", "г. Ташкент. 2025 г. Дальше.\n  \n", ""]
    paragraphs = list(_clauses_of_samples())
    texts = [*written, *("\n\n".join(paragraphs[i:i + 9]) for i in range(0, len(paragraphs), 9)),
             *("\n".join(paragraphs[i:i + 5]) for i in range(3, len(paragraphs), 11))]
    parts = 0
    for text in texts:
        doc = Doc(original=text, text=text, sentences=split_sentences(text))
        line_sentences = _sentences_of_lines(doc)
        for title_in_text in (True, False):
            for part, _, offset in _parts(text, title_in_text):
                assert line_sentences(offset, len(part)) == split_sentences(part), part
                parts += 1
    assert parts > 100


def test_addressed_or_quoted_first_word_is_the_former_pattern():
    """may_name's test of a sentence opening with its first word and a comma, or a quote and the word,
    without a pattern per word: what the former `re.match` said, on every sample sentence and corners."""
    import re

    from nlp.entities.kazakh_ner import WORD, _addressed_or_quoted

    written = ["Азамат, сөз сізде.", "  Азамат ,сөз", "\u2003«  Даму» қоры", "“Даму", "\"Даму\" қоры", "Азаматтар, келіңдер",
               "« Азамат", "Азамат", " , Азамат", "«»Азамат", "Әл-Фараби, ұлы ойшыл", "\tҚазақстан\u00a0, елі", ""]
    found = 0
    for sentence in [*written, *_clauses_of_samples()]:
        words = WORD.findall(sentence)
        for first in {words[0], *words[1:3]} if words else {"Азамат"}:
            former = re.match(rf"\s*(?:{re.escape(first)}\s*,|[«“\"]\s*{re.escape(first)})", sentence) is not None
            assert _addressed_or_quoted(sentence, first) == former, (sentence, first)
            found += former
    assert found > 5


def test_date_cores_opening_with_start_skip_only_places_where_start_fails():
    """A core whose every branch opens with START is tried only at the starts not after a letter, ʻ or
    digit: the same matches as the full scan, where the look-behind meets letters, digits of other
    scripts, marks and signs that are neither («²», «٣», «ʻ», «_»)."""
    from nlp.dates import COMPILED, fold_apostrophes, lowered

    opening = [rule for rule in COMPILED if rule.at_start and rule.starts]
    assert {r.name for r in opening} == {"quarter", "half", "last_month", "relative_year", "relative_span",
                                         "next_span", "first_months"}
    assert not any(r.at_start for r in COMPILED if r.name in ("months", "month_day", "day_month", "years"))
    tricky = [f"{before}{words}" for before in ("", " ", "x", "ж", "5", "²", "٣", "ʻ", "_", "-", "«", "\u0301")
              for words in ("в этом году", "в прошлом месяце", "он ай", "в ближайшие три года", "II квартале",
                            "first half of 2027", "next March", "осы жылы", "Q4 2026", "9 months", "вчера")]
    seen = 0
    for text in [*map(fold_apostrophes, _month_texts()), *tricky, " ".join(tricky)]:
        for rule in opening:
            expected = [(m.span(), m.groupdict()) for m in rule.core.finditer(text) if m.end() > m.start()]
            assert [(m.span(), m.groupdict()) for m in rule.core_matches(text, lowered(text))] == expected
            seen += len(expected)
    assert seen > 100


@pytest.mark.parametrize("seed", range(3))
def test_viterbi_of_one_block_is_slovnets(seed):
    """The batch of one unpadded sequence (natasha's NER reads a block at a time) decoded without the
    batch axis: slovnet's tags, ties included, one token long too."""
    from slovnet.exec.model import CRF

    rng = np.random.default_rng(100 + seed)
    transitions = rng.normal(size=(7, 7)).astype(np.float32)
    crf = SimpleNamespace(transitions=SimpleNamespace(array=transitions))
    for trial in range(60):
        length = 1 if trial == 0 else int(rng.integers(1, 400))
        emissions = rng.normal(size=(1, length, 7)).astype(np.float32)
        if trial % 3 == 0:
            emissions = np.round(emissions * 2) / 2              # ties: the first best must win in both
        mask = np.ones((1, length), dtype=bool)
        expected, got = CRF.decode(crf, emissions, mask), crf_decode(transitions, emissions, mask)
        assert len(got) == 1 and got[0].dtype == expected[0].dtype and np.array_equal(got[0], expected[0])


def test_pruned_alternation_finds_what_the_whole_one_finds():
    """An alternation scanned with only the groups whose literal heads are in the text: the same matches
    and groups on the samples' clauses, upper-cased, and on texts with the letters IGNORECASE folds
    without lower-casing to them (ı, ſ, ᲃ) or whose lower case is longer (İ); a group with no heads
    to list is always kept; most clauses leave most groups out."""
    import re

    from nlp.guard import Pruned, literal_heads

    assert literal_heads(r"\bfoo\w*|(?:bar|Baz)qux", re.IGNORECASE) == {"foo", "bar", "baz"}
    assert literal_heads(r"ab|abc|xabd", re.IGNORECASE) == {"ab"}          # «abc», «xabd» hold «ab»
    assert literal_heads(r"[ab]c|d") is None and literal_heads(r"a?b") is None and literal_heads(r"(?i:a)b") is None
    assert literal_heads("İzmir|x", re.IGNORECASE) is None and literal_heads("İzmir") == {"İzmir"}
    groups = [("g0", r"стро\w*|build"), ("g1", r"\bsign(?:ed)?\b"), ("g2", r"[сc]ity|town"), ("g3", r"is\w+"),
              ("g4", r"ин\w*ция|invest")]
    scan, whole = Pruned(groups, re.IGNORECASE), re.compile("|".join(f"(?P<{n}>{p})" for n, p in groups), re.I)
    assert scan.heads[2] is None
    texts = ["Строят город, signed the deal", "ſIGN here, ıS it? ᲃтроят", "İstanbul is big, invested", "", "no group",
             "INVESTИЦИЯ build city town signs sign"]
    for text in texts:
        assert [(m.span(), m.lastgroup) for m in scan.finditer(text)] == [(m.span(), m.lastgroup) for m in whole.finditer(text)]
    from nlp.commitments import ANY_GLOSS, GLOSS_SCAN
    from nlp.money import fold_apostrophes

    clauses = [fold_apostrophes(c) for c in _clauses_of_samples()]
    left_out = found = 0
    for clause in clauses + [c.upper() for c in clauses[::7]]:
        expected = [(m.span(), m.lastgroup) for m in ANY_GLOSS.finditer(clause)]
        assert [(m.span(), m.lastgroup) for m in GLOSS_SCAN.finditer(clause)] == expected
        kept = GLOSS_SCAN.kept(clause)
        left_out += len(GLOSS_SCAN.groups) - len(kept) if kept is not None else 0
        found += len(expected)
    assert found > 200 and left_out > 5 * len(clauses)
