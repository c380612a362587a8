"""The Kazakh NER model shipped in nlp/data/kk_ner (nlp/entities/kazakh_ner.py): it loads from the
package through the stage's own code path and finds names in sentences written here."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp.entities import kazakh_ner
from nlp.entities.kazakh_ner import KazakhModelError, load_model


def test_the_model_ships_inside_the_package_and_is_small():
    files = [p for p in kazakh_ner.MODEL_DIR.rglob("*") if p.is_file()]
    assert (kazakh_ner.MODEL_DIR / "config.cfg").is_file()
    assert sum(p.stat().st_size for p in files) <= 25 * 1024 * 1024


def test_the_lowercase_word_list_ships_beside_the_model():
    words = kazakh_ner.lowercase_words()
    assert len(words) > 1000 and all(w.islower() for w in list(words)[:100])


@pytest.mark.parametrize("text,word", [
    ("Орталық құрылысы биыл басталады.", "Орталық"),         # «center …»: the sentence's capital
    ("Жобаға қаржы бөлінді.", "Жобаға"),
])
def test_a_capitalised_sentence_opener_is_no_name(pipeline, text, word):
    doc = pipeline(text)
    assert word not in {text[c["start"]:c["end"]] for c in kazakh_ner.kazakh_entities(doc, 0, len(doc.text))}


def test_loaded_once():
    assert load_model() is load_model()


def test_a_missing_model_is_a_named_error(tmp_path: Path):
    with pytest.raises(KazakhModelError, match="no Kazakh NER model"):
        load_model(tmp_path)


@pytest.mark.parametrize("text,name,type", [
    ("Кеше Астанада Мемлекет басшысы Нұрлан Ермекбаев жаңа мектепті аралады .", "Нұрлан Ермекбаев", "PER"),
    ("Делегация Қарағанды облысына барып , жергілікті кәсіпкерлермен кездесті .", "Қарағанды", "LOC"),
])
def test_the_model_finds_names(text, name, type):
    found = {(e.text, e.label_) for e in load_model()(text).ents}
    assert any(name in t and label == type for t, label in found), found


@pytest.mark.parametrize("text,name", [
    ("Бүгін Шымкент қаласында Айгерім Сәрсенбаева балаларға арналған кітапханаға барды.", "Айгерім Сәрсенбаева"),
    ("Жиынға Жамбыл облысының әкімі Ерлан Қарашөкеев пен ауыл шаруашылығы министрі қатысты.", "Ерлан Қарашөкеев"),
])
def test_the_kazakh_stage_reads_with_the_model(pipeline, text, name):
    doc = pipeline(text)
    assert doc.lang == "kk"
    by_model = {(text[c["start"]:c["end"]], c["type"]) for c in kazakh_ner.kazakh_entities(doc, 0, len(doc.text))}
    assert (name, "PER") in by_model
    assert (name, "PER") in {(e["text"], e["type"]) for e in doc.entities}


@pytest.mark.parametrize("sentence,read", [
    ("Жобаға қаржы бөлінді.", False),                      # a common word's capital, nothing else
    ("Кеше Тоқаев Ташкентке барды.", True),                # a capitalised word after the first
    ("Қорғаныс министрлігі жаттығу өткізді.", True),      # an organisation's head word
    ("Ертіс арнасы тазартылды.", True),                    # a first word Kazakh writes capitalised
])
def test_a_sentence_that_cannot_hold_a_name_is_not_read(sentence, read):
    assert kazakh_ner.may_name(sentence) is read


def test_the_block_is_read_sentence_by_sentence(pipeline):
    """One batch over the sentences gives what the model finds in each sentence alone."""
    text = "Кеше Астанада жиын өтті. Жобаға қаржы бөлінді. Жиынға Айгерім Сәрсенбаева қатысты."
    doc = pipeline(text)
    got = {(text[c["start"]:c["end"]], c["type"]) for c in kazakh_ner.kazakh_entities(doc, 0, len(text))
           if c["type"] != kazakh_ner.BLOCK}
    alone = set()
    for a, b in doc.sentences:
        if kazakh_ner.may_name(text[a:b]):
            alone |= {(e.text, e.label_) for e in load_model()(text[a:b]).ents if e.label_ in kazakh_ner.TYPES}
    assert ("Айгерім Сәрсенбаева", "PER") in got
    assert got <= alone
