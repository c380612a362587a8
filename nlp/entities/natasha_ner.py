"""Russian PER/ORG/LOC from natasha's news NER (slovnet), with faster equivalents of three of
its steps (the same tags; tests/nlp/test_speed_equivalence.py)."""
from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

import numpy as np

from nlp import blas
from nlp import registry as reglib

if TYPE_CHECKING:
    from nlp.pipeline import Doc


def _natasha(resources):
    def load():
        from natasha import NewsNERTagger

        from nlp.news_embedding import news_embedding

        tagger = NewsNERTagger(news_embedding())
        crf = tagger.infer.model.head.crf
        crf.decode = functools.partial(crf_decode, crf.transitions.array)   # this instance only
        speed_up(tagger.infer)
        return tagger

    return resources.get("natasha_ner", load)


def speed_up(infer) -> None:
    """slovnet's steps of a model's `infer` (the NER tagger's, the syntax parser's: they are built of the
    same layers) replaced by their faster equivalents below, the same numbers (tests/nlp/
    test_speed_equivalence.py)."""
    model = infer.model
    model.emb.word = NavecGather(model.emb.word)
    for layer in model.encoder.layers:
        layer.conv = Conv1dWindows(layer.conv)
    model.encoder = InPlaceEncoder.over(model.encoder)
    infer.encoder.item = WordIds(infer.encoder)


class WordIds:
    """slovnet's `WordShapeEncoder.item` (word ids and shape ids of a sentence's words), remembered
    per word: both are functions of the word alone, and a news article repeats most of its words
    (a tenth of the time of the lookups they replace).  Forgets everything past MAX_WORDS words."""

    MAX_WORDS = 200_000

    def __init__(self, encoder):
        self.encoder = encoder
        self.known: dict[str, tuple[int, int]] = {}

    def ids(self, word: str) -> tuple[int, int]:
        from slovnet.shape import word_shape

        if len(self.known) >= self.MAX_WORDS:
            self.known.clear()
        found = self.known[word] = (self.encoder.words_vocab.encode(word.lower()),
                                    self.encoder.shapes_vocab.encode(word_shape(word)))
        return found

    def __call__(self, words):
        known, word_ids, shape_ids = self.known, [], []
        for word in words:
            pair = known.get(word) or self.ids(word)
            word_ids.append(pair[0])
            shape_ids.append(pair[1])
        return word_ids, shape_ids


class NavecGather:
    """slovnet's `NavecEmbedding` (product-quantised word vectors) with one flat gather.

    The original picks `codes[q, indexes[n, q]]` with broadcast fancy indexing over two
    axes; `np.take` over the codes flattened to (q * centroids, chunk) copies the same
    float32 values in a third of the time.
    """

    def __init__(self, navec):
        self.navec = navec
        self.indexes = navec.indexes.array
        qdim, centroids, chunk = navec.codes.array.shape
        self.flat = np.ascontiguousarray(navec.codes.array).reshape(qdim * centroids, chunk)
        self.offsets = np.arange(qdim, dtype=np.intp) * centroids
        self.dim = navec.dim

    def __call__(self, input):
        shape = input.shape
        indexes = self.indexes[input.ravel()].astype(np.intp) + self.offsets
        return np.take(self.flat, indexes, axis=0).reshape(*shape, self.dim)


class Conv1dWindows:
    """slovnet's `Conv1d` with its windows copied from a (sequence, channel) layout.

    The windows matrix (one row per position: every channel's `kernel` values) and the
    product `windows @ weight.T + bias` are exactly slovnet's; only the copy that builds the
    matrix reads the input along its memory instead of across it (the layer before leaves
    it as positions x channels), about half the time of that copy.
    """

    def __init__(self, conv):
        self.conv = conv
        self.padding = conv.padding

    def __call__(self, input):
        batch_size, in_dim, seq_len = input.shape
        filters_count, _, kernel_size = self.conv.weight.shape
        pad = self.padding
        padded = np.zeros((batch_size, seq_len + 2 * pad, in_dim), dtype=input.dtype)
        padded[:, pad:pad + seq_len, :] = input.swapaxes(1, 2)
        windows_count = seq_len + 2 * pad - kernel_size + 1
        batch_stride, seq_stride, in_stride = padded.strides
        windows = np.lib.stride_tricks.as_strided(
            padded, shape=(batch_size, windows_count, in_dim, kernel_size),
            strides=(batch_stride, seq_stride, in_stride, seq_stride), writeable=False)
        windows = windows.reshape(batch_size * windows_count, in_dim * kernel_size)
        weight = self.conv.weight.array.reshape(filters_count, in_dim * kernel_size)
        output = np.matmul(windows, weight.T) + self.conv.bias.array
        output = output.reshape(batch_size, windows_count, filters_count)
        return output.swapaxes(2, 1)


class InPlaceEncoder:
    """slovnet's `CNNEncoder` (convolution, ReLU, batch norm, padding zeroed, layer by layer) with the
    ReLU and the norm's four operations written into the convolution's output instead of four new
    arrays, and the zeroing skipped where nothing is padded (one block of text: the common case).
    The same float32 operations on the same elements, in the same order: the same numbers."""

    def __init__(self, encoder):
        self.encoder = encoder
        self.layers = encoder.layers

    @classmethod
    def over(cls, encoder):
        """The in-place encoder, or `encoder` itself where its norm's arrays are not all float32."""
        arrays = [a.array for layer in encoder.layers for a in (layer.norm.mean, layer.norm.std, layer.norm.weight,
                                                                 layer.norm.bias)]
        return cls(encoder) if all(a.dtype == np.float32 for a in arrays) else encoder

    def __call__(self, input, mask):
        if input.dtype != np.float32 or mask.any():
            return self.encoder(input, mask)
        x = np.swapaxes(input, 2, 1)
        for layer in self.layers:
            out = layer.conv(x).swapaxes(2, 1)      # a new array, positions x filters in memory
            out.clip(0, out=out)                    # ReLU: slovnet's `input.clip(0)`
            norm = layer.norm                       # (x - mean) / std * weight + bias
            np.subtract(out, norm.mean.array, out=out)
            np.divide(out, norm.std.array, out=out)
            np.multiply(out, norm.weight.array, out=out)
            np.add(out, norm.bias.array, out=out)
            x = out.swapaxes(2, 1)
        return np.swapaxes(x, 2, 1)


def natasha_spans(tagger, text: str) -> list:
    """`tagger(text).spans` (start, stop, type) of natasha's NER, without its detours.

    natasha wraps razdel's tokens in slovnet records, keeps only their words, and after
    tagging finds each word again in the text (`find_tokens`: `text.find` from the end of
    the previous one) to place the BIO spans.  razdel placed its tokens by that very search
    (`find_substrings`), so its own tokens carry the same offsets: the same spans, without
    three records per word.
    """
    from slovnet.bio import bio_spans

    infer = tagger.infer
    tokens = razdel_tokens(text)
    words = [token.text for token in tokens]
    tags = next(iter(infer.decoder(infer.process(infer.encoder([words])))))
    return list(bio_spans(tokens, tags))


class Token:
    """A token as razdel's `Substring` gives it: start, stop, text."""

    __slots__ = ("start", "stop", "text")

    def __init__(self, start: int, stop: int, text: str):
        self.start, self.stop, self.text = start, stop, text


def razdel_tokens(text: str) -> list[Token]:
    """`list(razdel.tokenize(text))`, by razdel's own atoms and rules, in a third of the time.

    razdel cuts the text into atoms (a run of Cyrillic or Latin letters, of digits, one punctuation
    mark, any other non-space character), builds a split record with three atoms on each side for
    every pair of neighbours, and asks its rules whether to join them only where no space lies
    between (a space always splits); then it finds each token again in the text.  Here the records
    are built, and the same rules asked with the same windows and buffer, for the touching pairs
    only; a token is its atoms' span, which is where razdel's search finds it (only spaces lie
    between tokens, and a token begins with a non-space).
    """
    from razdel.segmenters.tokenize import ATOM, RULES, Atom, TokenSplit

    matches = list(ATOM.finditer(text))
    atoms: dict[int, Atom] = {}

    def atom(i: int) -> Atom:
        if i not in atoms:
            m = matches[i]
            atoms[i] = Atom(m.start(), m.end(), m.lastgroup, m.group())
        return atoms[i]

    tokens: list[Token] = []
    if not matches:
        return tokens
    spans = [m.span() for m in matches]
    start, stop = spans[0]
    for i in range(1, len(spans)):
        begin, end = spans[i]
        if begin == stop and _may_join(matches[i - 1], matches[i]):
            split = TokenSplit([atom(j) for j in range(max(0, i - 3), i)], "",
                               [atom(j) for j in range(i, min(len(matches), i + 3))])
            split.buffer = text[start:stop]
            if _joins(RULES, split):
                stop = end
                continue
        tokens.append(Token(start, stop, text[start:stop]))
        start, stop = begin, end
    tokens.append(Token(start, stop, text[start:stop]))
    return tokens


def _may_join(left: re.Match, right: re.Match) -> bool:
    """Whether one of razdel's rules could join two touching atoms.  A word and a punctuation mark
    beside it stay apart unless the mark is a dash or an underscore (`DashRule`, `UnderscoreRule`)
    or the pair is "yahoo!": the number rules need digits, `punct` two marks, `other` an other."""
    from razdel.segmenters.punct import DASHES

    kinds = (left.lastgroup, right.lastgroup)
    if kinds in (("RU", "PUNCT"), ("LAT", "PUNCT")):
        mark = right.group()
        return mark in DASHES or mark == "_" or mark == "!" and left.group().lower() == "yahoo"
    if kinds in (("PUNCT", "RU"), ("PUNCT", "LAT")):
        mark = left.group()
        return mark in DASHES or mark == "_"
    return True


def _joins(rules, split) -> bool:
    """razdel's `Segmenter.join`: the first rule with an answer decides."""
    from razdel.rule import JOIN

    for rule in rules:
        action = rule(split)
        if action:
            return action == JOIN
    return False


def crf_decode(transitions, emissions, mask):
    """slovnet's `CRF.decode` (Viterbi) with the same float32 sums in fewer numpy calls per token.

    The original selects each step's best scores with `np.indices` and fancy indexing and
    walks back through numpy rows.  Here `max` gives those same elements (the maximum is
    an element, the one `argmax` points to; only the sign of a zero may differ, which no
    comparison sees), `np.where` is skipped where no sequence of the batch is padded, and
    the walk back runs over Python lists: the same tags, in half the time.
    """
    batch_size, seq_len, tags_num = emissions.shape
    if batch_size == 1 and seq_len and mask.all():
        return [_viterbi_one(transitions, emissions[0])]     # one block of text: the common case
    emissions = emissions.swapaxes(1, 0)[:, :, None, :]      # seq x batch x 1 x tags
    mask = mask.swapaxes(1, 0)
    full = mask.all(1).tolist()
    mask_col = mask[:, :, None]
    history = []
    score = emissions[0, :, 0, :]  # batch x tags
    for index in range(1, seq_len):
        score_ = score[:, :, None] + transitions + emissions[index]  # batch x tags x tags
        indexes = score_.argmax(1)
        best = score_.max(1)
        score = best if full[index] else np.where(mask_col[index], best, score)
        history.append(indexes)
    sizes = mask.sum(0) - 1
    batch = []
    for index in range(batch_size):
        best = score[index].argmax()
        tags = [best]
        rows = history[:sizes[index]]
        if rows:
            best = int(best)
            for row in reversed(np.stack(rows)[:, index, :].tolist()):
                best = row[best]
                tags.append(best)
        tags.reverse()
        batch.append(np.array(tags, dtype=np.intp))
    return batch


def _viterbi_one(transitions, emissions):
    """`crf_decode` of one unpadded sequence (emissions: seq x tags): the same float32 sums in the same
    order, (score + transitions) + emissions, each step's written into one (tags x tags) buffer
    and its best picked by `argmax` (the elements `max` gives), with no batch axis to broadcast."""
    seq_len, tags_num = emissions.shape
    score = emissions[0]
    step = np.empty((tags_num, tags_num), dtype=np.result_type(score, transitions, emissions))
    columns = np.arange(tags_num)
    history = []
    for index in range(1, seq_len):
        np.add(score[:, None], transitions, out=step)
        np.add(step, emissions[index], out=step)
        indexes = step.argmax(0)
        score = step[indexes, columns]
        history.append(indexes)
    best = score.argmax()
    tags = [best]
    if history:
        best = int(best)
        for row in reversed(np.stack(history).tolist()):
            best = row[best]
            tags.append(best)
    tags.reverse()
    return np.array(tags, dtype=np.intp)


def natasha_entities(doc: Doc, start: int, end: int) -> list[dict]:
    """Russian PER/ORG/LOC from natasha's news NER.

    One call per block (per-line calls pad batches and run twice as slow); a line
    break after a word becomes a full stop of the same length, so a title without
    one does not run into the dateline below it.
    """
    block = re.sub(r"(?<=\w)\n", ".", doc.text[start:end])
    if not any(ch.isalpha() for ch in block):
        return []                                    # natasha fails on text without tokens
    tagger = _natasha(doc.resources)
    with blas.single_thread():                       # small products: threads cost more than they save
        spans = natasha_spans(tagger, block)
    return [{"type": s.type, "start": start + a, "end": start + b, "source": "natasha"}
            for s in spans if s.type in reglib.TYPES and "\n" not in doc.text[start + s.start:start + s.stop]
            for a, b in split_brackets(block, s.start, s.stop, s.type)]


BRACKETED = re.compile(r"\s*\(([^()]+)\)\s*$")


def split_brackets(text: str, start: int, end: int, type: str = "PER") -> list[tuple[int, int]]:
    """natasha's «Джошуа Вольфа (Joshua Wolf)» is two names, «В.Л.)» one without its bracket (an
    organisation keeps its bracketed abbreviation: one entity under two names)."""
    span = text[start:end]
    inner = BRACKETED.search(span)
    if inner and inner.start() > 0 and type == "PER":
        return [(start, start + inner.start()), (start + inner.start(1), start + inner.end(1))]
    while end > start + 1 and text[end - 1] == ")" and "(" not in text[start:end]:
        end -= 1
    return [(start, end)]
