"""The Kazakh model run as `nlp.pipe` runs it, in less time: the same Docs, bit for bit.

Two parts of spaCy's run are replaced, each tested against spaCy on every sentence of KazNERD's
held-out split (tensors and entities identical, in batches of 1 to 1,000 sentences):

- The first layer (tok2vec's MultiHashEmbed: four hashed features of a token, NORM, PREFIX, SUFFIX
  and SHAPE, mixed by one maxout layer with its layer norm) reads one token at a time, and blis
  computes a token's row bit for bit the same whatever batch it is in.  That layer is a third of
  the model's matrix products, and words repeat: 83 % of KazNERD valid's tokens have the features
  of an earlier one.  `ModelRunner` keeps the rows of up to `MAX_ROWS` distinct feature tuples
  (about 10 MB; the table starts afresh when it is full) and computes only the others: read in
  order, 75 % of KazNERD valid's tokens find their row in the table.
- The encoder above it (thinc's `with_array` over residual blocks of a window of one token either
  side, maxout and layer norm) runs on the sentences laid end to end with `pad` zero rows between
  them, and computes every row in every block: a padding row's output is read only by its
  neighbours' windows in the next block.  `ModelRunner` computes in each block only the rows a
  later block or the output reads (in the last block the sentences' own; 21 % of its rows in a
  bench article were padding), by the block's own layers; the others keep stale values no one reads.
- The NER's greedy decoding (`greedy_ner`, below), in numpy over all the sentences of a batch: the
  moves where no entity is open for every token at once, the open entities step by step.

Batches are `nlp.pipe`'s: `nlp.batch_size` documents.  A model of another shape is run by `nlp.pipe`.
"""
from __future__ import annotations

import bisect
import importlib
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
        self._classes = NerClasses(self.ner) if NerClasses.fits(self.ner) else None
        self._blocks = _window_blocks(self.encode)

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
            self.recognise(docs[i:i + size])
        return docs

    def recognise(self, docs: list) -> None:
        """What `ner.set_annotations(docs, ner.predict(docs))` does, decoded by `greedy_ner` where it
        can be (fresh documents, finite scores), else by spaCy."""
        found = greedy_ner(self.ner, docs, self._classes) if self._classes is not None else None
        if found is None:
            self.ner.set_annotations(docs, self.ner.predict(docs))
            return
        from spacy.tokens import Span               # spaCy is loaded with the model (nlp.torchless)

        for doc, ents in zip(docs, found):
            doc.set_ents([Span(doc, start, end, label=label) for start, end, label in ents], default="outside")

    def token_vectors(self, docs: list) -> list:
        """What `Tok2Vec.predict(docs)` returns."""
        if not any(len(doc) for doc in docs):
            return [self.tok2vec.model.ops.alloc((0, self.width)) for _ in docs]
        embedded = self.embedded(docs)
        if self._blocks is None:
            return self.encode.predict(embedded)
        return _encoded(self.encode, self._blocks, embedded)

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


# --- the encoder, the rows read only ---------------------------------------------------------------


def _window_blocks(encode) -> list | None:
    """(window, rest) of each residual block of the encoder, or None for an encoder of another shape:
    `with_array(residual(expand_window >> rest) >> ...)`, windows of one token either side, pad >= 1."""
    def made_by(layer, kind: str) -> bool:      # names nest ("residual(a>>b)>>…"): told by the forward
        module = importlib.import_module(f"thinc.layers.{kind}")   # (thinc is loaded with the model)
        return getattr(layer, "_func", None) is module.forward

    pad = encode.attrs.get("pad", 0)
    if not made_by(encode, "with_array") or len(encode.layers) != 1 or not isinstance(pad, int) or pad < 1:
        return None
    blocks = encode.layers[0].layers if made_by(encode.layers[0], "chain") else encode.layers
    found = []
    for block in blocks:
        inner = block.layers[0] if made_by(block, "residual") and len(block.layers) == 1 else None
        if inner is None or not made_by(inner, "chain") or len(inner.layers) != 2 or \
                inner.layers[0].name != "expand_window" or inner.layers[0].attrs.get("window_size") != 1:
            return None
        found.append((inner.layers[0], inner.layers[1]))
    return found or None


def _encoded(encode, blocks: list, embedded: list) -> list:
    """What `encode.predict(embedded)` returns, each block computing only the rows read after it."""
    ops, pad = encode.ops, encode.attrs["pad"]
    lengths = [len(x) for x in embedded]
    X = ops.flatten(embedded, pad=pad)
    real = ops.flatten([numpy.ones((n, 1), dtype="float32") for n in lengths], pad=pad)[:, 0] > 0
    needs = [real]                                  # the last block: the sentences' rows
    for _ in blocks[1:]:
        near = needs[-1].copy()                     # a block before: its rows in the windows of those
        near[1:] |= needs[-1][:-1]
        near[:-1] |= needs[-1][1:]
        needs.append(near)
    for (window, rest), need in zip(blocks, reversed(needs)):
        if need.all():
            X = X + rest.predict(window.predict(X))          # as `residual` does
        else:
            rows = numpy.flatnonzero(need)
            X[rows] += rest.predict(window.predict(X)[rows])  # each row alone: the same bits
    return ops.unflatten(X, ops.asarray1i(lengths), pad=pad)


# --- the NER's greedy decoding --------------------------------------------------------------------
# spaCy decodes in C (`Parser._parseC`), but its Cython is built with profiling hooks that take the
# GIL in every small inline call: 4-5 ms an article, for 28 steps over 23 sentences.  `greedy_ner`
# takes the same steps with numpy (the states with no open entity of every token in one product):
# the three features of each state
# (the next token, the open entity's first token, the token before the next), their precomputed
# rows summed in spaCy's order, maxout, the output layer through the same blis call, the valid
# moves of BILUO for documents with no preset entity, the first best valid move.


class NerClasses:
    """The NER's moves as arrays: kind (B, I, L, U, O) and label of each class."""

    KINDS = "BILUO"

    def __init__(self, ner):
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        self.labels = sorted({n[2:] for n in names if n[0] in "BILU" and n[2:]})
        self.label = numpy.array([self.labels.index(n[2:]) if n[0] in "BILU" and n[2:] else -1 for n in names])
        kind = numpy.array([self.KINDS.index(n[0]) for n in names])
        labelled = self.label >= 0
        self.B, self.I, self.L, self.U = [(kind == k) & labelled for k in range(4)]
        self.O = kind == 4
        self.kind = kind
        self.barred = self._barred()

    def _barred(self):
        """-inf for the moves BILUO forbids, 0 for the others, by situation: (open label + 1) * 4 +
        2 when two tokens are left at least + 1 when the next token is whitespace.  A document with
        no preset entity: no entity begins on whitespace nor at the last token; an open one goes on
        or ends with its own label."""
        table = numpy.full(((len(self.labels) + 1) * 4, len(self.kind)), -numpy.inf, dtype="float32")
        for situation in range(len(table)):
            label, two_left, on_space = situation // 4 - 1, bool(situation & 2), bool(situation & 1)
            if label < 0:
                valid = (self.B & two_left & (not on_space)) | (self.U & (not on_space)) | self.O
            else:
                valid = (self.label == label) & (self.L | (self.I & two_left))
            table[situation, valid] = 0.0
        return table

    @classmethod
    def fits(cls, ner) -> bool:
        """The NER this decoder knows: greedy, three state features, maxout of two pieces, an output
        layer, every class seen, moves B/I/L/U/O only, no postprocess."""
        model = ner.model
        if ner.cfg.get("beam_width", 1) != 1 or list(ner.postprocesses) or len(model.layers) != 3:
            return False
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        lower = model.layers[1]
        return model.attrs.get("has_upper") and not model.attrs.get("unseen_classes") and \
            lower.get_dim("nF") == 3 and lower.get_dim("nP") == 2 and \
            all(n == "O" or (n[0] in "BILU" and n[1:2] == "-") for n in names)


def greedy_ner(ner, docs: list, classes: NerClasses):
    """The entities [(start, end, label)] of each doc that spaCy's greedy NER finds, or None where
    this decoder cannot vouch for them (a preset entity or sentence start, a score not finite, a move
    BILUO forbids).

    While no entity is open, a state's features are its next token's and twice the padding row, so
    its scores and its move depend on the token alone: they are computed for every token at once
    (one product, as spaCy computes each row: the same bits whatever rows share it, tested).  Only the
    tokens inside an entity are read step by step, the open states of all docs batched: 361 tokens in
    23 sentences of a bench article took 28 steps of all the sentences (1.3 ms); they take one product
    for the tokens and 3-5 steps of the few open entities."""
    if not any(len(doc) for doc in docs):
        return None
    flags = [doc.to_array(["ENT_IOB", "SENT_START", "IS_SPACE"]) for doc in docs]
    if any(f[:, 0].any() or (f[1:, 1] == 1).any() for f in flags if len(f)):
        return None
    tok2vec, lower, upper = ner.model.layers
    features = _Features(lower, tok2vec.predict(docs))
    weights = (lower.get_param("b").ravel(), upper.get_param("W"), upper.get_param("b"))
    lengths = numpy.array([len(doc) for doc in docs])
    first = numpy.cumsum(lengths) - lengths                   # each doc's first token in the batch
    space = numpy.concatenate([f[:, 2] for f in flags]).astype(numpy.intp)
    tokens = numpy.arange(len(space))
    two_left = numpy.ones(len(space), dtype=numpy.intp)
    two_left[(first + lengths - 1)[lengths > 0]] = 0          # a doc's last token has no token after it
    scores = _scores(features, weights, tokens, numpy.full(len(tokens), -1), tokens)
    if not numpy.isfinite(scores).all():
        return None
    move = (scores + classes.barred[two_left * 2 + space]).argmax(axis=1)    # no open entity: label -1
    walk = _Walk(classes, move, first, lengths)
    states = [s for d in numpy.flatnonzero(lengths).tolist() if (s := walk.closed(d, int(first[d])))]
    while states:                                             # (doc, next token, entity's first token, label)
        doc, token, opened, label = (numpy.array(column) for column in zip(*states))
        scores = _scores(features, weights, token, opened - first[doc], first[doc])
        if not numpy.isfinite(scores).all():
            return None
        moves = (scores + classes.barred[(label + 1) * 4 + two_left[token] * 2 + space[token]]).argmax(axis=1)
        states = walk.opened(states, classes.kind[moves].tolist(), classes.label[moves].tolist())
        if states is None:
            return None
    names = classes.labels
    return [[(a, b, names[k]) for a, b, k in ents] for ents in walk.found]


class _Walk:
    """The greedy walk of `greedy_ner` through each doc: the moves of the closed states known for every
    token, the open states' moves given step by step; entities found, as doc-relative token spans."""

    def __init__(self, classes: NerClasses, move, first, lengths):
        kind = classes.kind[move]
        self.events = numpy.flatnonzero((kind == 0) | (kind == 3)).tolist()   # where a closed state opens
        self.kind, self.label = kind.tolist(), classes.label[move].tolist()   # an entity (B) or finds one (U)
        self.first, self.end = first.tolist(), (first + lengths).tolist()
        self.found: list[list] = [[] for _ in self.first]

    def closed(self, doc: int, token: int):
        """From `token` on with no entity open: the one-token entities found up to the next opening,
        and the state after it (doc, next token, opening token, label), or None at the doc's end."""
        i = bisect.bisect_left(self.events, token)
        base, found = self.first[doc], self.found[doc]
        while i < len(self.events) and self.events[i] < self.end[doc]:
            t = self.events[i]
            if self.kind[t] == 0:
                return doc, t + 1, t, self.label[t]
            found.append((t - base, t - base + 1, self.label[t]))
            i += 1
        return None

    def opened(self, states: list, kinds: list, labels: list):
        """The open states after their moves (I goes on, L closes the entity and walks on), or None
        for a move BILUO forbids there."""
        after = []
        for (doc, token, opened, label), kind, moved in zip(states, kinds, labels):
            if kind == 1:
                after.append((doc, token + 1, opened, label))
                continue
            if kind != 2:
                return None
            base = self.first[doc]
            self.found[doc].append((opened - base, token - base + 1, moved))
            if (state := self.closed(doc, token + 1)) is not None:
                after.append(state)
        return after


class _Features:
    """The NER's precomputed layer (`lower.predict`: each token's product with the weights of each of
    the three state features, and a padding row), its rows computed as they are read: the first
    feature's (the next token) for every token at once, the other two's (the open entity's first token,
    the token before the next) only for the few tokens inside an entity.  Each row is the same bits
    as in `lower.predict`'s one product (a row of a product by the weights does not depend on the other
    rows or columns computed with it; tested against spaCy on every KazNERD valid sentence); two thirds
    of that product are not computed (0.3 of 0.5 ms a bench article)."""

    def __init__(self, lower, X):
        nF, nO, nP, nI = (lower.get_dim(d) for d in ("nF", "nO", "nP", "nI"))
        self.X, self.ops, self.width = X, lower.ops, nO * nP
        self.W = lower.get_param("W").reshape((nF, nO * nP, nI))
        self.pad = lower.get_param("pad").reshape((nF, nO * nP))
        self.next = numpy.concatenate([self.pad[:1], self._product(0, X)])   # row 0: padding; t: row t + 1

    def _product(self, f: int, X):
        return self.ops.gemm(X, self.W[f], trans2=True)

    def rows(self, f: int, at):
        """Feature f's rows of the tokens `at` (-1: the padding row)."""
        if f == 0:
            return self.next[at + 1]
        out = numpy.empty((len(at), self.width), dtype="float32")
        out[:] = self.pad[f]
        real = numpy.flatnonzero(at >= 0)
        if len(real):
            out[real] = self._product(f, self.X[at[real]])
        return out


def _scores(features, weights, next_token, opened, start):
    """The output layer's scores for each state, computed as spaCy's `predict_states` does."""
    from blis.py import gemm                      # spaCy's own matrix library, as its C loop calls it

    bias, out_weights, out_bias = weights
    is_open = opened >= 0
    ids = (next_token, numpy.where(is_open, start + opened, -1), numpy.where(is_open, next_token - 1, -1))
    unmaxed = numpy.zeros((len(next_token), features.width), dtype="float32")
    for f, at in enumerate(ids):                  # in spaCy's order, from zero; -1 is the padding row
        unmaxed += features.rows(f, at)
    unmaxed += bias
    first, second = unmaxed[:, 0::2], unmaxed[:, 1::2]
    hidden = numpy.where(first > second, first, second)        # spaCy's maxout of two: the second on a tie
    scores = gemm(hidden, out_weights, trans2=True, beta=0.0)
    scores += out_bias
    return scores
