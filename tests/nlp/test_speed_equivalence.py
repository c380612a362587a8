"""Speed-ups that must not change a result: each is checked against the code it replaces."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from nlp import blas
from nlp.entities import crf_decode


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

    from nlp.entities import NavecGather

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


def test_conv_windows_give_slovnets_convolution():
    from slovnet.exec.model import Conv1d

    from nlp.entities import Conv1dWindows

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


def test_natasha_spans_are_the_taggers(pipeline):
    from nlp.entities import _natasha, natasha_spans

    tagger = _natasha(pipeline.resources)
    for text in ["ТАШКЕНТ, 15 ноября — Sputnik. Президент Касым-Жомарт Токаев прибыл в Ташкент.",
                 "  Р.Скляр и ТОО «Ромашка»\tподписали соглашение с АО «Самрук-Казына» в г. Шымкенте.  ",
                 "Москва", "Кеше Астанада ҚР Сауда және интеграция министрлігі мәлімдеді."]:
        expected = [(s.start, s.stop, s.type) for s in tagger(text).spans]
        assert [(s.start, s.stop, s.type) for s in natasha_spans(tagger, text)] == expected
