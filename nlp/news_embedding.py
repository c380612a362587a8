"""natasha's news embedding (navec word vectors), loaded once per process and shared by the Russian
NER tagger (`nlp.entities.natasha_ner`) and the syntax parser (`nlp.syntax`): each copy holds about
100 MB, and the weights never change once loaded."""
from __future__ import annotations

import functools


@functools.cache
def news_embedding():
    from natasha import NewsEmbedding

    return NewsEmbedding()
