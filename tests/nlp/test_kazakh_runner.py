"""The Kazakh model's runner (nlp.entities.kk_runner) reads exactly as spaCy's `nlp.pipe` does."""
from __future__ import annotations

import pytest

from nlp.entities.kazakh_ner import load_model, read_sentences
from nlp.entities.kk_runner import ModelRunner, NerClasses, greedy_ner

# Written for these tests: names, places, bodies, quoted names, a sentence without any, an empty one.
SENTENCES = [
    "Астана қаласында жаңа мектеп ашылды .",
    "Бүгін Алматы облысының әкімі Серік Жұмабаев фермерлермен кездесті .",
    "Қазақстан Республикасының Білім министрлігі жаңа бағдарлама жариялады .",
    "Ертең күн жылы болады деп күтілуде .",
    "« Самұрық » қоры жыл соңына дейін есеп береді .",
    "",
    "Президент Қасым-Жомарт Тоқаев Ташкентке сапармен барды, онда Шавкат Мирзиёевпен кездесті.",
    "Түркістан облысындағы ауылдарға су құбыры тартылады .",
    "Шымкент пен Тараз арасындағы жол биыл жөнделеді .",
    "Мен кітап оқығанды ұнатамын .",
    "  ",
    "Астана  мен  Алматы   арасындағы пойыз  Қарағанды арқылы жүреді .",   # whitespace tokens
    "Ұлттық банк базалық мөлшерлемені өзгеріссіз қалдырды, деп хабарлады агенттік .",
]


def _reading(doc) -> tuple:
    """Everything the model leaves on a Doc: its token vectors (bit for bit) and its entities."""
    arrays = doc.to_array(["ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID"]).tolist()
    return doc.tensor.tobytes(), doc.tensor.shape, [(e.start, e.end, e.label_) for e in doc.ents], arrays


@pytest.mark.parametrize("max_rows", [10_000, 40, 3])
def test_the_runner_reads_as_nlp_pipe(max_rows):
    nlp = load_model()
    assert ModelRunner.fits(nlp)
    runner = ModelRunner(nlp, max_rows=max_rows)      # 40 and 3: the table fills and starts afresh
    batches = [SENTENCES, SENTENCES[::-1], SENTENCES[3:5] * 4, [""], SENTENCES[:1]]
    for batch in batches:
        expected, got = list(nlp.pipe(batch)), runner.pipe(batch)
        assert [d.text for d in got] == [d.text for d in expected]
        assert [_reading(d) for d in got] == [_reading(d) for d in expected]
    assert len(runner.rows) <= max_rows


def test_batches_of_nlp_batch_size_are_kept():
    nlp = load_model()
    runner = ModelRunner(nlp)
    before = nlp.batch_size
    nlp.batch_size = 5                                 # more sentences than one batch holds
    try:
        expected, got = list(nlp.pipe(SENTENCES)), runner.pipe(SENTENCES)
    finally:
        nlp.batch_size = before
    assert [_reading(d) for d in got] == [_reading(d) for d in expected]


def test_a_model_of_another_shape_is_read_by_spacy():
    import spacy

    blank = spacy.blank("xx")
    assert not ModelRunner.fits(blank)
    blank.add_pipe("sentencizer")
    assert not ModelRunner.fits(blank)


def test_read_sentences_gives_the_models_entities():
    nlp = load_model()
    got = read_sentences(SENTENCES)
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in got] == \
        [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(SENTENCES)]
    assert any(d.ents for d in got)


def _tensors_set(runner, texts):
    docs = [runner.nlp.make_doc(t) for t in texts]
    runner.tok2vec.set_annotations(docs, runner.token_vectors(docs))
    return docs


def test_the_greedy_decoder_finds_spacys_entities_itself():
    nlp = load_model()
    ner = nlp.get_pipe("ner")
    assert NerClasses.fits(ner)
    runner = ModelRunner(nlp)
    assert any(t.is_space for d in _tensors_set(runner, SENTENCES) for t in d)
    found = greedy_ner(ner, _tensors_set(runner, SENTENCES), NerClasses(ner))
    assert found is not None and sum(map(len, found)) >= 5
    assert found == [[(e.start, e.end, e.label_) for e in d.ents] for d in nlp.pipe(SENTENCES)]


# Written for this test: sentences that end where a name begins («… әкім Серік»), one-token names, names
# of two and three tokens, sentences of one to ten tokens in one batch.
ENDINGS = ["Бүгін әкім Серік", "Шымкент", "Кездесуге Президент Қасым-Жомарт", "Серік Жұмабаев",
           "Алматы облысының әкімі Серік", "Сөз алған Бақытжан", "Түркістан облысы", "Мен Ертіс"]


@pytest.mark.parametrize("batch", [ENDINGS, ENDINGS[::-1], ENDINGS + SENTENCES, SENTENCES[6:7] + ENDINGS[:1]])
def test_the_decoder_walks_each_sentence_to_its_end(batch):
    """The moves of the states with no open entity are decided for every token at once, the open
    entities step by step: no entity opens at a sentence's last token, each sentence of a batch is
    walked to its own end, entities of one and several tokens as spaCy finds them."""
    nlp = load_model()
    runner = ModelRunner(nlp)
    found = greedy_ner(runner.ner, _tensors_set(runner, batch), NerClasses(runner.ner))
    expected = [[(e.start, e.end, e.label_) for e in d.ents] for d in nlp.pipe(batch)]
    assert found == expected
    assert any(ents and ents[-1][1] == len(d) for ents, d in zip(expected, nlp.pipe(batch)))


def test_a_preset_entity_is_left_to_spacy():
    from spacy.tokens import Span

    nlp = load_model()
    runner = ModelRunner(nlp)
    docs = _tensors_set(runner, SENTENCES[:3])
    docs[1].set_ents([Span(docs[1], 1, 2, label="LOC")], default="missing")
    assert greedy_ner(runner.ner, docs, NerClasses(runner.ner)) is None
    expected = _tensors_set(runner, SENTENCES[:3])
    expected[1].set_ents([Span(expected[1], 1, 2, label="LOC")], default="missing")
    runner.ner.set_annotations(expected, runner.ner.predict(expected))
    runner.recognise(docs)
    assert [_reading(d) for d in docs] == [_reading(d) for d in expected]


def test_the_encoder_computing_only_the_rows_read_gives_spacys_tensors():
    """Each block computes the rows a later block or the output reads: the same tensors, bit for bit,
    with the padding rows between sentences left out of the last blocks."""
    from nlp.entities.kk_runner import _encoded

    nlp = load_model()
    runner = ModelRunner(nlp)
    assert runner._blocks is not None and len(runner._blocks) >= 2     # the shipped model's encoder fits
    for batch in [SENTENCES, SENTENCES[::-1], SENTENCES[5:6], SENTENCES[5:6] + SENTENCES[:2], SENTENCES[:1]]:
        embedded = runner.embedded([nlp.make_doc(t) for t in batch])
        expected, got = runner.encode.predict(embedded), _encoded(runner.encode, runner._blocks, embedded)
        assert [(x.shape, x.tobytes()) for x in got] == [(x.shape, x.tobytes()) for x in expected]


def test_an_encoder_of_another_shape_runs_as_thinc_runs_it():
    from thinc.api import Maxout, chain, expand_window, residual, with_array

    from nlp.entities.kk_runner import _window_blocks

    nlp = load_model()
    assert _window_blocks(nlp.get_pipe("tok2vec").model.layers[1]) is not None
    assert _window_blocks(with_array(residual(chain(expand_window(2), Maxout(4, 20))), pad=4)) is None  # wider
    assert _window_blocks(with_array(residual(chain(expand_window(1), Maxout(4, 12))), pad=0)) is None  # no pad
    assert _window_blocks(with_array(Maxout(4, 4), pad=1)) is None
    assert len(_window_blocks(with_array(residual(chain(expand_window(1), Maxout(4, 12))), pad=1))) == 1


@pytest.mark.parametrize("batch", [SENTENCES, SENTENCES[:1], ENDINGS + SENTENCES[::-1]])
def test_the_precomputed_rows_read_are_spacys_bits(batch):
    """The NER's precomputed layer, each feature's rows computed only as they are read, gives
    `lower.predict`'s rows bit for bit: every token's and the padding's, in any order of asking."""
    import numpy

    from nlp.entities.kk_runner import _Features

    nlp = load_model()
    runner = ModelRunner(nlp)
    docs = _tensors_set(runner, batch)
    tok2vec, lower, _ = runner.ner.model.layers
    expected = lower.predict(tok2vec.predict(docs))              # row 0: the padding; token t: row t + 1
    features = _Features(lower, tok2vec.predict(docs))
    n = len(expected) - 1
    for at in [numpy.arange(-1, n), numpy.arange(n)[::-1], numpy.array([-1, n - 1, 0, -1])]:
        for f in range(expected.shape[1]):
            want = expected[:, f].reshape(len(expected), -1)[at + 1]
            assert features.rows(f, at).tobytes() == want.tobytes()
