"""nlp.guard: the first characters of a pattern, and guarded patterns that match as their originals do."""
from __future__ import annotations

import re

import pytest

from nlp.guard import first_characters, guarded


@pytest.mark.parametrize("pattern, flags, first", [
    (r"сказал|said|по\s+словам", re.I, set("сsп")),
    (r"(?<!\w)(?:ратифи\w*|ratif\w*)", re.I, set("рr")),
    (r"(?:дан[аоы]?\s+|дали\s+)?старт", 0, set("дс")),          # an optional part opens, or the word after it
    (r"(?-i:Jan|Feb)\.", re.I, set("JF")),                       # a case-sensitive part of a case-insensitive one
    (r"[a-c]x|\$\d", 0, set("abc$")),
    (r"(?:ab)+|c{2,}", 0, set("ac")),
])
def test_first_characters_are_listed(pattern, flags, first):
    assert first_characters(pattern, flags) == first


@pytest.mark.parametrize("pattern, flags", [
    (r"\w+moqchi", re.I),           # a class of every letter
    (r"x?", 0),                     # may match nothing, anywhere
    (r"a|.b", 0),                   # any character
    (r"(?i:a)b", 0),                # a case-insensitive part the guard of a case-sensitive pattern would miss
    (r"[^a]b", 0),
])
def test_first_characters_unknown(pattern, flags):
    assert first_characters(pattern, flags) is None
    rx = re.compile(pattern, flags)
    assert guarded(rx) is rx


def test_guarded_pattern_matches_as_the_original():
    rx = re.compile(r"(?<!\w)(?:(?P<ru>сказал\w*)|(?P<en>said|told))", re.I)
    fast = guarded(rx)
    assert fast is not rx and fast.groupindex == rx.groupindex
    text = "Он СКАЗАЛ, что… She Said it; rasskazal, unsaid, TOLD."
    assert [(m.span(), m.lastgroup) for m in fast.finditer(text)] == [(m.span(), m.lastgroup) for m in rx.finditer(text)]
    assert [m.group() for m in fast.finditer(text)] == ["СКАЗАЛ", "Said", "TOLD"]
    assert fast.fullmatch("said") and not fast.fullmatch("unsaid")


@pytest.mark.parametrize("pattern, branches", [
    ("a|b", ["a", "b"]),
    ("(?:a|b)|c", ["a", "b", "c"]),
    (r"\||(?:q|(?:r|s))", [r"\|", "q", "r", "s"]),      # an escaped bar is a character
    ("[|]|x", ["[|]", "x"]),                             # a bar in a class is a character
    ("[]|]|y", ["[]|]", "y"]),                           # so is a ] first in a class
    ("[^]|)]|z", ["[^]|)]", "z"]),
    ("(?:a)(?:b)|c", ["(?:a)(?:b)", "c"]),               # two groups side by side are no one group
    ("(?:[)]|b)", ["[)]", "b"]),
    ("(a|b)|c", ["(a|b)", "c"]),                         # a capturing group is kept whole
])
def test_flat_branches_cut_only_at_top_level_bars(pattern, branches):
    from nlp.guard import flat_branches

    assert flat_branches(pattern) == branches
    assert all(re.compile(b) for b in branches)
