"""The transformers NER backend (nlp/entities/transformers_ner.py) on a tiny model built here.

No weights can be downloaded, so the fixture trains a small WordPiece tokenizer,
builds a BertForTokenClassification whose every word piece gets a label chosen
by the test (embeddings one-hot on the label, no encoder layers, identity
classifier), saves both with save_pretrained and loads them through the real
code path: `Pipeline(Settings(transformers_model=...))`.
"""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from nlp.pipeline import Pipeline, Settings  # noqa: E402
from nlp.entities.transformers_ner import TransformersNERError, TokenTagger, spans  # noqa: E402

LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-GPE", "I-GPE", "B-MISC", "I-MISC"]
# The label of each word the model knows (every other piece is O).
WORD_LABELS = {
    "Ayan": "B-PER", "Zholdasbek": "I-PER", "Qarlygash": "B-PER",
    "Steppe": "B-ORG", "Freight": "I-ORG", "Cooperative": "I-ORG",
    "Kentau": "B-GPE", "Ekibastuz": "B-GPE", "Tuesday": "B-MISC", "Astana": "B-GPE",
}
CORPUS = [
    "Ayan Zholdasbek of Steppe Freight Cooperative visited Kentau on Tuesday .",
    "Qarlygash went from Ekibastuz to Astana with Steppe Freight Cooperative .",
    "the the of on to with from visited went and a an in at , . ' s",
]
MAX_POSITIONS = 24


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertForTokenClassification, PreTrainedTokenizerFast

    path = tmp_path_factory.mktemp("tiny-ner")
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=False, strip_accents=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.train_from_iterator(CORPUS * 5, trainers.WordPieceTrainer(vocab_size=400, special_tokens=specials))
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", tok.token_to_id("[CLS]")),
                                                 ("[SEP]", tok.token_to_id("[SEP]"))])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]", model_max_length=MAX_POSITIONS)
    fast.save_pretrained(path)

    n = len(LABELS)
    config = BertConfig(vocab_size=fast.vocab_size, hidden_size=2 * n, num_hidden_layers=0, num_attention_heads=1,
                        intermediate_size=4, max_position_embeddings=MAX_POSITIONS, num_labels=n,
                        id2label=dict(enumerate(LABELS)), label2id={lab: i for i, lab in enumerate(LABELS)})
    model = BertForTokenClassification(config)
    with torch.no_grad():
        emb = model.bert.embeddings
        emb.position_embeddings.weight.zero_()
        emb.token_type_embeddings.weight.zero_()
        emb.word_embeddings.weight.zero_()
        for token, index in fast.get_vocab().items():
            label = WORD_LABELS.get(token, "I-PER" if token.startswith("##") else "O")
            emb.word_embeddings.weight[index, LABELS.index(label)] = 10.0
        model.classifier.weight.zero_()
        model.classifier.weight[:, :n] = torch.eye(n)
        model.classifier.bias.zero_()
    model.save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def tagger(model_dir):
    return TokenTagger(model_dir)


def _found(text: str, tagger: TokenTagger) -> list[tuple[str, str]]:
    return [(text[s:e], t) for s, e, t in spans(text, tagger.tags(text))]


@pytest.mark.parametrize("text,expected", [
    ("Ayan Zholdasbek visited Kentau .", [("Ayan Zholdasbek", "PER"), ("Kentau", "LOC")]),
    ("Steppe Freight Cooperative went to Ekibastuz on Tuesday .",
     [("Steppe Freight Cooperative", "ORG"), ("Ekibastuz", "LOC")]),          # MISC is dropped
    ("Qarlygash  and\u00a0Ayan", [("Qarlygash", "PER"), ("Ayan", "PER")]),   # B after B: two people
    # an I- label with no entity open starts one, as in transformers' own "simple" aggregation
    ("Zholdasbek visited Astana", [("Zholdasbek", "PER"), ("Astana", "LOC")]),
    ("the of on", []),
])
def test_offsets_and_label_mapping(tagger, text, expected):
    assert _found(text, tagger) == expected


def test_word_pieces_stay_in_one_entity(tagger):
    pieces = tagger.tokenizer.tokenize("Ekibastuzda")
    assert len(pieces) > 1 and pieces[0] == "Ekibastuz"       # the tokenizer does split it
    assert _found("from Ekibastuzda to", tagger) == [("Ekibastuzda", "LOC")]


def test_long_text_is_read_in_windows(tagger):
    text = " ".join(["the of on to"] * 12 + ["Ayan Zholdasbek visited Kentau ."])
    assert len(tagger.tokenizer(text)["input_ids"]) > MAX_POSITIONS
    assert _found(text, tagger) == [("Ayan Zholdasbek", "PER"), ("Kentau", "LOC")]


def test_pipeline_merges_model_entities_with_the_registry(model_dir):
    pipeline = Pipeline(Settings(transformers_model=str(model_dir)))
    text = "Ayan Zholdasbek of Steppe Freight Cooperative met Tokayev in Astana on Tuesday ."
    doc = pipeline(text)
    got = {(e["text"], e["type"], e["source"]) for e in doc.entities}
    # spaCy tags this ORG differently (or not at all): the model's span is kept
    assert ("Steppe Freight Cooperative", "ORG", "transformers") in got
    # where spaCy and the model find the same span, one entity remains, from the source listed first
    assert [e["source"] for e in doc.entities if e["text"] == "Ayan Zholdasbek"] == ["spacy"]
    # the registry wins where both found the same words, and links them
    astana = [e for e in doc.entities if e["text"] == "Astana"]
    assert [(e["source"], e["id"], e["canonical"]) for e in astana] == [("registry", "loc:astana", "Astana")]
    assert not any(e["text"] == "Tuesday" for e in doc.entities)
    for e in doc.entities:
        assert text[e["span"][0]:e["span"][1]] == e["text"]


def test_spans_of_a_normalised_text_map_back(model_dir):
    pipeline = Pipeline(Settings(transformers_model=str(model_dir)))
    text = "Ayan\u00a0Zholdasbek\u00ad visited\u200b Kentau ."
    result = pipeline(text).to_json()
    person = next(e for e in result["entities"] if e["type"] == "PER")
    assert text[person["span"][0]:person["span"][1]] == "Ayan\u00a0Zholdasbek"


def test_missing_directory_is_a_named_error(tmp_path):
    with pytest.raises(TransformersNERError, match="config.json"):
        TokenTagger(tmp_path / "nowhere")
