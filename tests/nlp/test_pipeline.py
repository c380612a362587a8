"""The stage mechanism (nlp/pipeline.py): order checked, lazy shared models, the
`icic extract` contract."""
from __future__ import annotations

import json

import pytest

from nlp.pipeline import ORDER, PIPELINE_VERSION, Pipeline, Resources, Settings, check_order, load_stages


def test_order_is_consistent():
    check_order(ORDER)


@pytest.mark.parametrize("order", [["language", "normalize"], ["normalize", "entities"],
                                   ["normalize", "sentences", "relevance"]])
def test_an_order_that_lacks_a_requirement_is_refused(order):
    with pytest.raises(ValueError, match="requires"):
        check_order(order)


def test_every_stage_declares_its_contract():
    for name, st in load_stages().items():
        assert st.assigns, name
        assert all(isinstance(x, str) for x in st.assigns + st.requires)


def test_models_load_lazily_and_once():
    calls = []
    res = Resources(Settings())
    for _ in range(3):
        res.get("model", lambda: calls.append(1) or object())
    assert calls == [1]
    pipeline = Pipeline()
    assert pipeline.resources._cache == {}                       # nothing loaded by building it
    pipeline("Astana hosted the talks on Friday.")
    assert "spacy_en" in pipeline.resources._cache and "natasha_ner" not in pipeline.resources._cache
    spacy_model = pipeline.resources._cache["spacy_en"]
    pipeline("Tashkent hosted the talks on Monday.")
    assert pipeline.resources._cache["spacy_en"] is spacy_model


def test_extract_contract(pipeline):
    original = "ТАШКЕНТ, 7\u00a0марта — Президент Қасым-Жомарт Тоқаев Ташкентке келді.\n\nKazakh President Tokayev arrived."
    result = json.loads(json.dumps(pipeline(original, "2025-03-07").to_json("x1"), ensure_ascii=False))
    assert result["id"] == "x1" and result["pipeline_version"] == PIPELINE_VERSION
    assert (result["lang"], result["script"]) == ("kk", "Cyrl")
    assert [(p["lang"], p["script"]) for p in result["paragraphs"]] == [("kk", "Cyrl"), ("en", "Latn")]
    assert set(result["relevance"]) == {"label", "score"}
    for e in result["entities"]:
        assert original[e["span"][0]:e["span"][1]] == e["text"]
    tokayev = {e["canonical"] for e in result["entities"] if e["type"] == "PER"}
    assert tokayev == {"Kassym-Jomart Tokayev"}


def test_empty_and_odd_inputs(pipeline):
    for text in ["", "   ", "12345", "\u200b\u00ad", "!!!"]:
        result = pipeline(text).to_json()
        assert result["entities"] == [] and result["relevance"]["label"] == "none"
