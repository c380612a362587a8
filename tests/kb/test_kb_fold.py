"""Folding: one key per word across scripts and inflections."""
from __future__ import annotations

import pytest

from kb.fold import fold_name, fold_query_word, fold_word, script_of

SAME = [  # (language of the text the word is in, word): every pair must find each other
    ("Tokayev", [("ru", "Токаев"), ("ru", "Токаева"), ("ru", "Токаеву"), ("kk", "Тоқаев"), ("kk", "Тоқаевтың"),
                 ("kk", "Тоқаевқа"), ("uz", "Toqayev"), ("uz", "Toqayevning"), ("uz", "Tokayevga"), ("en", "Tokayev")]),
    ("Mirziyoyev", [("ru", "Мирзиёев"), ("ru", "Мирзиёева"), ("kk", "Мирзиёевтің"), ("uz", "Mirziyoyevning")]),
    ("Kazakhstan", [("ru", "Казахстан"), ("ru", "Казахстана"), ("ru", "Казахстане"), ("kk", "Қазақстан"),
                    ("kk", "Қазақстанның"), ("en", "Kazakhstan")]),
    ("Oʻzbekiston", [("uz", "O'zbekiston"), ("uz", "O‘zbekiston"), ("uz", "Oʼzbekiston"), ("uz", "Ўзбекистон"),
                     ("uz", "Ўзбекистонда"), ("uz", "Oʻzbekistonning")]),
    ("орталық", [("kk", "орталығы"), ("kk", "Орталығының"), ("kk", "ortalyq")]),
    ("инвестиция", [("ru", "инвестиция"), ("kk", "инвестициялар"), ("kk", "инвестиция"), ("uz", "investitsiya"),
                    ("uz", "investitsiyalar")]),
    ("Shavkat", [("ru", "Шавкат"), ("ru", "Шавката"), ("uz", "Shavkat"), ("kk", "Шавкатқа")]),
    ("Kassym", [("ru", "Касым"), ("kk", "Қасым"), ("en", "Kassym")]),
]


@pytest.mark.parametrize("word,forms", SAME, ids=[w for w, _ in SAME])
def test_every_form_finds_every_other(word, forms):
    for lang, form in forms:
        stored = fold_word(form, lang)
        for _, query in forms + [(None, word)]:
            assert stored in fold_query_word(query), (form, lang, query)


@pytest.mark.parametrize("lang,forms", [
    ("ru", ["Токаев", "Токаева", "Токаевым"]), ("kk", ["Тоқаев", "Тоқаевтың", "Тоқаевқа"]),
    ("uz", ["Toqayev", "Toqayevning", "Toqayevga"]), ("ru", ["Шавкат", "Шавката"]),
])
def test_inflections_of_one_language_store_one_key(lang, forms):
    assert len({fold_word(f, lang) for f in forms}) == 1


@pytest.mark.parametrize("a,b", [("Токаев", "Мирзиёев"), ("Kazakhstan", "Uzbekistan"), ("центр", "граница"),
                                 ("2026", "2027")])
def test_different_words_stay_apart(a, b):
    assert not set(fold_query_word(a)) & set(fold_query_word(b))


@pytest.mark.parametrize("name,key", [
    ("Касым-Жомарт Токаев", "kasym jomart tokaev"),
    ("Kassym-Jomart Tokayev", "kasym jomart tokaev"),
    ("Қасым-Жомарт Тоқаевтың", "kasym jomart tokaev"),
    ("", ""),
])
def test_fold_name(name, key):
    assert fold_name(name) == key


@pytest.mark.parametrize("text,script", [("Токаев", "Cyrl"), ("Tokayev", "Latn"), ("2026", None),
                                         ("Oʻzbekiston Respublikasi Ўзбекистон", "Latn")])
def test_script_of(text, script):
    assert script_of(text) == script
