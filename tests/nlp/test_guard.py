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
    (r"(?<![\d.,])(?:от\s+)?\d+\s?млн", re.I, {r"\d", "о"}),       # a digit opens: the class \d, as written
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


def _sets(heads):
    return [tuple("".join(sorted(chars)) for chars in head) for head in heads]


@pytest.mark.parametrize("pattern, heads", [
    (r"(?<!\w)(?:центр\w*|I\s+этап)", [("I",), ("ц", "е")]),      # a class after the first letter: one
    (r"ab?c", [("a", "b"), ("a", "c")]),
    (r"a*b", [("a", "a"), ("a", "b"), ("b",)]),                  # a match may be the b alone
    (r"(?:a?){3}b", [("a", "a"), ("a", "b"), ("b",)]),
    (r"x{3,}|[pq]r", [("pq", "r"), ("x", "x")]),
    (r"(?:дан|дали)\s+старт", [("д", "а")]),
    (r"a(?=b)c", [("a", "c")]),                                   # a look-ahead consumes nothing
    (r"ab|\d[.,]", [("\\d", ",."), ("a", "b")]),                # a digit: the class \d
])
def test_openings_list_the_first_two_characters(pattern, heads):
    from nlp.guard import openings

    assert _sets(openings(pattern, re.I)) == heads


def test_openings_past_their_bound_are_the_first_characters(monkeypatch):
    from nlp import guard

    monkeypatch.setattr(guard, "MAX_HEADS", 2)
    assert _sets(guard.openings(r"ab|cd|ef", re.I)) == [("ace",)]


@pytest.mark.parametrize("pattern", [r"\w+", r"ab|\D", r"a|", r"x?", r"(?i:a)b"])
def test_openings_unknown(pattern):
    from nlp.guard import openings

    assert openings(pattern, 0) is None


@pytest.mark.parametrize("pattern, flags, at_starts", [
    (r"(?<!\w)(?:ab|cd)", re.I, True),
    (r"(?=[ac])(?:(?<!\w)(?:ab|cd))", re.I, True),               # guarded
    (r"(?<!\w)ab|(?<!\w)cd", 0, True),
    (r"(?<!\w)ab|cd", 0, False),                                  # the second branch may open after a letter
    (r"(?<!x)ab", 0, False),
    (r"(?<!\W)ab", 0, False),
    (r"(?<!\w\w)ab", 0, False),
    (r"(?<!\w)ab", re.ASCII, False),                              # an ASCII \w: after «ж» too
])
def test_at_word_starts(pattern, flags, at_starts):
    from nlp.guard import at_word_starts

    assert at_word_starts(pattern, flags) is at_starts


def test_screened_patterns_search_as_their_own():
    """A screen passes every pattern that matches (upper, title and mixed case, Kazakh and Uzbek letters,
    a match at the text's start and end) and stops the ones that cannot."""
    from nlp.guard import Screen

    screen = Screen()
    sources = [r"(?<!\w)(?:центр\w*|орталы\w*)", r"(?<!\w)(?:ishga\s+tushir\w*|іске\s+қос\w*)",
               r"(?<!\w)(?:«Орталық\s+Азия»|ТТС)", r"(?<!\w)(?:a*b)", r"\w+ing", r"(?<!\w)(?:xy|z)"]
    patterns = [guarded(re.compile(s, re.I)) for s in sources]
    screened = [screen.add(p) for p in patterns]
    texts = ["Центр ашылды", "ОРТАЛЫҒЫ іске ҚОСЫЛДЫ", "zavod ISHGA TUSHIRILDI", "«орталық азия» хабы", "ттс",
             "bbb", "ab", "a", "sing", "the zone", "axy", "xyz", "", "орталы", "Z", "ТТ"]
    skipped = 0
    for text in texts:
        for rx, fast in zip(patterns, screened):
            expected = rx.search(text)
            got = fast.search(text)
            assert (got and got.span()) == (expected and expected.span()), (rx.pattern, text)
            skipped += not screen.bits(text) & fast.bit
    assert skipped > len(texts) * 3
    assert screened[4].bit & screen.bits("") and not screened[0].bit & screen.bits("")   # \w+ing: always searched


def test_screen_forgets_past_its_bounds(monkeypatch):
    from nlp import guard

    monkeypatch.setattr(guard, "MAX_MEMO", 3)
    monkeypatch.setattr(guard, "MAX_RECENT", 2)
    screen = guard.Screen()
    fast = screen.add(re.compile(r"(?<!\w)(?:ab\w*|cd)", re.I))
    texts = ["ab", "x cd", "q r s t", "AB cd", "nothing", "abc", "z"] * 3
    assert [bool(fast.search(t)) for t in texts] == [bool(re.search(r"(?<!\w)(?:ab\w*|cd)", t, re.I)) for t in texts]
    assert len(screen._memo) <= 3 and len(screen._recent) <= 2


@pytest.mark.parametrize("flags", [0, re.ASCII])
def test_guard_of_a_digit_takes_the_digits_the_pattern_takes(flags):
    """`\\d` in a guard is the pattern's own class: with Unicode digits (٣, ５) the amounts written
    with them are found as the original finds them, and not under re.ASCII, as the original does not."""
    rx = re.compile(r"(?<![\d.,])(?:about\s+)?\d+\s?(?:млн|mln)", flags)
    fast = guarded(rx)
    assert fast is not rx
    text = "5 млн, ٣ mln, ５mln, 1.5 млн, about 7 mln, x9mln"
    spans = [m.span() for m in rx.finditer(text)]
    assert [m.span() for m in fast.finditer(text)] == spans
    assert len(spans) == (5 if flags == 0 else 3)
