"""Regular expressions searched faster, with the same matches: a look-ahead for their first characters.

Python's `re` tries a pattern at every position of a text; a case-insensitive alternation of words
(«сказал|заявил|…|said|told») costs one comparison per alternative there, and `re` finds no
literal prefix to skip ahead with under IGNORECASE.  Where every match can only begin with one of a
few characters, `guarded` puts a look-ahead for them in front (`(?=[сзsta…])`, compiled with the
pattern's own flags, so it folds case as the pattern does): at the other positions the pattern fails
on that one test.  The look-ahead holds wherever the pattern matches, so the matches, their groups
and their order are the same (tests/nlp/test_speed_equivalence.py).  A pattern whose first
character cannot be listed (a class such as \\w, any character, a part that may match nothing) is
returned as it is.
"""
from __future__ import annotations

import re
from re import _constants as sre     # the parser's node names (Python 3.11+)
from re import _parser as sre_parse
from typing import Optional

MAX_FIRST = 200          # more first characters than this: the look-ahead would pass nearly everywhere
ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)
# (pattern, its guarded form) of every pattern guarded so far: the equivalence test reads them all.
GUARDED: list[tuple[re.Pattern, re.Pattern]] = []


def guarded(rx: re.Pattern) -> re.Pattern:
    """`rx`, or an equivalent pattern that first looks ahead for the characters a match begins with."""
    if any(fast is rx for _, fast in GUARDED):
        return rx                        # guarded already
    if not isinstance(rx.pattern, str) or rx.flags & re.VERBOSE or rx.pattern.startswith("(?") and \
            re.match(r"\(\?[aiLmsux-]+\)", rx.pattern):
        return rx                        # global inline flags must stay first; verbose comments could eat ")"
    first = first_characters(rx.pattern, rx.flags)
    if not first:
        return rx
    chars = "".join(f"\\U{ord(ch):08x}" for ch in sorted(first))
    fast = re.compile(f"(?=[{chars}])(?:{rx.pattern})", rx.flags)
    GUARDED.append((rx, fast))
    return fast


def guard_all(namespace: dict) -> None:
    """Every compiled pattern among a module's globals guarded (called at the end of the module, once
    its patterns are built: a pattern made from another's `.pattern` is made from the original)."""
    for name, value in list(namespace.items()):
        if isinstance(value, re.Pattern):
            namespace[name] = guarded(value)


def first_characters(pattern: str, flags: int = 0) -> Optional[frozenset[str]]:
    """The characters (as written in the pattern) one of which opens every match, or None."""
    found = _sequence(sre_parse.parse(pattern, flags), bool(flags & re.IGNORECASE))
    if found is None or found[1] or len(found[0]) > MAX_FIRST:
        return None                      # the pattern may match an empty string: anywhere
    return frozenset(found[0])


def _sequence(items, ignorecase: bool) -> Optional[tuple[set[str], bool]]:
    """(first characters, may match empty) of a sequence of parser nodes; None when unknown."""
    out: set[str] = set()
    for op, av in items:
        if op in ZERO_WIDTH:
            continue                     # a look-around or anchor consumes nothing: the next node opens
        node = _node(op, av, ignorecase)
        if node is None:
            return None
        out |= node[0]
        if not node[1]:
            return out, False
    return out, True


def _node(op, av, ignorecase: bool) -> Optional[tuple[set[str], bool]]:
    if op is sre.LITERAL:
        return {chr(av)}, False
    if op is sre.IN:
        return _charset(av)
    if op is sre.BRANCH:
        out, empty = set(), False
        for alternative in av[1]:
            found = _sequence(alternative, ignorecase)
            if found is None:
                return None
            out |= found[0]
            empty = empty or found[1]
        return out, empty
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        if add_flags & (re.LOCALE | re.ASCII) or add_flags & re.IGNORECASE and not ignorecase:
            return None                  # a case-insensitive part of a case-sensitive pattern: its guard would not fold
        return _sequence(sub, (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av, ignorecase)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, sub = av
        found = _sequence(sub, ignorecase)
        return None if found is None else (found[0], found[1] or low == 0)
    return None                          # any character, a back-reference, a conditional…


def _charset(items) -> Optional[tuple[set[str], bool]]:
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] <= MAX_FIRST:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None                  # a category (\w, \s), a negated set, a wide range
    return out, False
