"""The Kazakh model run as `nlp.pipe` runs it, each token's embedding remembered across articles.

The model's first layer (tok2vec's MultiHashEmbed: four hashed features of a token, NORM, PREFIX,
SUFFIX and SHAPE, mixed by one maxout layer with its layer norm) reads one token at a time: a token's
row depends on those four features only, and blis computes it bit for bit the same whatever batch
it is in (tested, on every token of KazNERD's held-out split, in batches of 1 to 1,000 rows).  That
layer is a third of the model's matrix products, and words repeat: 83 % of KazNERD valid's tokens
have the features of an earlier one.  `ModelRunner.pipe` keeps the rows of up to `MAX_ROWS`
distinct feature tuples (about 10 MB; the table starts afresh when it is full) and computes only the
others; the encoder above it, which sees each token's neighbours, and the NER run as in `nlp.pipe`,
in the same batches of `nlp.batch_size` documents.  A model of another shape is run by `nlp.pipe`.
"""
from __future__ import annotations

from typing import Iterable

import numpy

MAX_ROWS = 20_000
EMBED_LAYERS = ["extract_features", "list2ragged", None, "with_array(maxout>>layernorm>>dropout)", "ragged2list"]
VOID = numpy.dtype((numpy.void, 4 * 8))        # a token's four uint64 features as one hashable key


class ModelRunner:
    """`pipe(texts)`: the Docs `nlp.pipe(texts)` gives, the embedding rows of known tokens reused."""

    def __init__(self, nlp, max_rows: int = MAX_ROWS):
        self.nlp = nlp
        self.tok2vec, self.ner = nlp.get_pipe("tok2vec"), nlp.get_pipe("ner")
        self.embed, self.encode = self.tok2vec.model.layers
        self.columns = self.embed.layers[0].attrs["columns"]
        self.width = self.embed.get_dim("nO")
        self.max_rows = max_rows
        self.table = None                              # max_rows x width, allocated on first use
        self.rows: dict[bytes, int] = {}               # feature key -> row of the table

    @classmethod
    def fits(cls, nlp) -> bool:
        """Whether `nlp` is the shape this runner knows: tok2vec (MultiHashEmbed of four features, an
        encoder) and a NER listening to it, nothing else."""
        if nlp.pipe_names != ["tok2vec", "ner"]:
            return False
        layers = nlp.get_pipe("tok2vec").model.layers
        if len(layers) != 2 or len(layers[0].layers) != len(EMBED_LAYERS):
            return False
        names = [layer.name for layer in layers[0].layers]
        return all(want is None or want == got for want, got in zip(EMBED_LAYERS, names)) and \
            names[2].count("hashembed") == 4 and len(layers[0].layers[0].attrs.get("columns", ())) == 4

    def pipe(self, texts: Iterable[str]) -> list:
        """The texts read by the model (what `nlp.pipe` returns, as a list)."""
        docs = [self.nlp.make_doc(text) for text in texts]
        size = self.nlp.batch_size
        for i in range(0, len(docs), size):
            batch = docs[i:i + size]
            self.tok2vec.set_annotations(batch, self.token_vectors(batch))
        for i in range(0, len(docs), size):
            batch = docs[i:i + size]
            self.ner.set_annotations(batch, self.ner.predict(batch))
        return docs

    def token_vectors(self, docs: list) -> list:
        """What `Tok2Vec.predict(docs)` returns."""
        if not any(len(doc) for doc in docs):
            return [self.tok2vec.model.ops.alloc((0, self.width)) for _ in docs]
        return self.encode.predict(self.embedded(docs))

    def embedded(self, docs: list) -> list:
        """What the embed layer returns for `docs`: one array of rows a doc."""
        features = numpy.ascontiguousarray(numpy.concatenate(
            [doc.to_array(self.columns).astype("uint64", copy=False) for doc in docs]))
        keys = features.view(VOID).ravel().tolist()
        get = self.rows.get
        at = numpy.fromiter((get(k, -1) for k in keys), dtype=numpy.intp, count=len(keys))
        out = numpy.empty((len(keys), self.width), dtype="float32")
        known = at >= 0
        if known.any():
            out[known] = self.table[at[known]]
        if not known.all():
            self._compute(features, keys, numpy.flatnonzero(~known), out)
        return numpy.split(out, numpy.cumsum([len(doc) for doc in docs])[:-1])

    def _compute(self, features, keys: list, missing, out) -> None:
        """The rows of the tokens not in the table, each distinct one computed once, then remembered."""
        first: dict[bytes, int] = {}
        order, which = [], []                          # each distinct key's first token; each token's key
        for i in missing.tolist():
            j = first.get(keys[i])
            if j is None:
                j = first[keys[i]] = len(order)
                order.append(i)
            which.append(j)
        hashed, mix = self.embed.layers[2], self.embed.layers[3]
        rows = mix.predict(hashed.predict(features[order]))
        out[missing] = rows[which]
        self._remember([keys[i] for i in order], rows)

    def _remember(self, keys: list, rows) -> None:
        if len(keys) > self.max_rows:
            return
        if self.table is None:
            self.table = numpy.empty((self.max_rows, self.width), dtype="float32")
        if len(self.rows) + len(keys) > self.max_rows:
            self.rows.clear()                          # full: start afresh (bounded memory, same rows)
        start = len(self.rows)
        self.table[start:start + len(keys)] = rows
        self.rows.update(zip(keys, range(start, start + len(keys))))
