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
from typing import Iterator, Optional

MAX_FIRST = 200          # more first characters than this: the look-ahead would pass nearly everywhere
ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)
DIGITS = r"\d"          # among the first characters: any digit `\d` matches, written as the pattern writes it
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
    fast = re.compile(f"(?=[{class_of(first)}])(?:{rx.pattern})", rx.flags)
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


def class_of(chars) -> str:
    """The inside of a character class of `chars` (characters as written, DIGITS for `\\d`)."""
    return "".join(ch if ch == DIGITS else f"\\U{ord(ch):08x}" for ch in sorted(chars))


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
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            out.add(DIGITS)              # \d: the class of the pattern's own digits (its flags decide which)
        elif op is sre.RANGE and av[1] - av[0] <= MAX_FIRST:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None                  # a category (\w, \s), a negated set, a wide range
    return out, False


class Dispatched:
    """`finditer` of `(?<!\\w)(?:(?P<name>branches)|…)`, each status's branches in order, with the same
    matches, found sooner: at each place a match may begin, only the branches that can begin with
    the character there are tried.  Python's `re` tries every branch of a case-insensitive
    alternation in turn at each word; one alternation of hundreds of cues spends most of its time
    failing them.  Dropping branches that cannot match at a place leaves the first that matches
    there the same, so the match, its groups' text and `lastgroup` are those of the whole pattern."""

    def __init__(self, groups: list[tuple[str, str]], flags: int = re.IGNORECASE):
        self.flags = flags
        self.branches = [(name, branch, _first_class(branch, flags)) for name, pattern in groups
                         for branch in flat_branches(pattern)]
        firsts = [first for _, _, first in self.branches]
        if any(first is None for first in firsts):
            self.starts = re.compile(r"(?<!\w)", flags)
        else:
            chars = class_of(set().union(*(first[1] for first in firsts)))
            self.starts = re.compile(f"(?<!\\w)(?=[{chars}])", flags)
        # a character's scan, shared by the characters of the same branches: at most one pattern for
        # each distinct set of branches, one entry for each character seen where a match may begin
        self._by_char: dict[str, Optional[re.Pattern]] = {}
        self._by_subset: dict[tuple[int, ...], Optional[re.Pattern]] = {}

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches of the whole pattern, left to right, as `re.finditer` gives them."""
        pos, search = 0, self.starts.search
        by_char = self._by_char
        while True:
            at = search(text, pos)
            if at is None:
                return
            p = at.start()
            ch = text[p] if p < len(text) else ""
            rx = by_char[ch] if ch in by_char else self._for(ch)
            m = rx.match(text, p) if rx is not None else None
            if m is not None:
                yield m
            pos = m.end() if m is not None and m.end() > p else p + 1     # (cues never match empty)
            if pos > len(text):
                return

    def _for(self, ch: str) -> Optional[re.Pattern]:
        subset = tuple(i for i, (_, _, first) in enumerate(self.branches)
                       if first is None or (ch and first[0].fullmatch(ch)))
        if subset not in self._by_subset:
            self._by_subset[subset] = self._compiled(subset) if subset else None
        self._by_char[ch] = self._by_subset[subset]
        return self._by_char[ch]

    def _compiled(self, subset: tuple[int, ...]) -> re.Pattern:
        named: dict[str, list[str]] = {}
        for i in subset:
            name, branch, _ = self.branches[i]
            named.setdefault(name, []).append(branch)
        return re.compile(r"(?<!\w)(?:" + "|".join(f"(?P<{n}>{'|'.join(b)})" for n, b in named.items()) + ")",
                          self.flags)


def _first_class(branch: str, flags: int) -> Optional[tuple[re.Pattern, frozenset[str]]]:
    """(a pattern of one character, the characters as written) one of which opens every match of `branch`."""
    first = first_characters(branch, flags)
    if not first:
        return None
    return re.compile(f"[{class_of(first)}]", flags), first


def flat_branches(pattern: str) -> list[str]:
    """The top-level branches of `pattern`, those of a branch that is one `(?:…)` group opened too:
    `(?:a|b)|c` -> a, b, c (tried in the same order, so the same first match)."""
    out = []
    for branch in _split_top(pattern):
        inner = _wrapped(branch)
        out.extend(flat_branches(inner) if inner is not None else [branch])
    return out


def _structure(pattern: str):
    """(index, character, depth after it) of each `(`, `)` and `|` of `pattern` outside escapes and
    character classes."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                i += 1                       # a "]" first in a class is a character of it
        elif ch in "()|":
            depth += (ch == "(") - (ch == ")")
            yield i, ch, depth
        i += 1


def _split_top(pattern: str) -> list[str]:
    """`pattern` cut at each `|` outside groups and character classes."""
    parts, start = [], 0
    for i, ch, depth in _structure(pattern):
        if ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _wrapped(branch: str) -> Optional[str]:
    """X where `branch` is `(?:X)` as a whole, else None."""
    if not branch.startswith("(?:") or not branch.endswith(")"):
        return None
    for i, ch, depth in _structure(branch):
        if ch == ")" and depth == 0:
            return branch[3:-1] if i == len(branch) - 1 else None
    return None


# ---------------------------------------------------------------- screens: many patterns, one look
HEAD = 2                 # characters of a match's opening that a screen looks at
MAX_HEADS = 4096         # more openings than this in one pattern: it is screened by its first character
MAX_MEMO = 50_000        # openings remembered (a pure function of one or two characters), then afresh
MAX_RECENT = 16          # texts whose screen is remembered (the clause asks each pattern about the same texts)
# The openings a match may have where `(?<!\w)` holds: every position not after a word character.
OPENINGS = re.compile(r"(?<!\w)(?=(.{1,2}))", re.DOTALL)
NOT_AFTER_WORD = [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_WORD)])]   # the inside of `(?<!\w)`, as parsed


def at_word_starts(pattern: str, flags: int = 0) -> bool:
    """Every match of `pattern` begins where `(?<!\\w)` holds (a look-ahead before it aside)."""
    return not flags & (re.ASCII | re.LOCALE) and _not_after_word(sre_parse.parse(pattern, flags))


def _not_after_word(items) -> bool:
    for op, av in items:
        if op is sre.ASSERT_NOT and av[0] == -1 and list(av[1]) == NOT_AFTER_WORD:
            return True
        if op is sre.ASSERT and av[0] == 1:
            continue                     # a look-ahead (the guard's) tests the same place
        if op is sre.SUBPATTERN and not av[1] & (re.ASCII | re.LOCALE):
            return _not_after_word(av[3])
        if op is sre.BRANCH:
            return all(_not_after_word(alternative) for alternative in av[1])
        return False
    return False


def openings(pattern: str, flags: int = 0) -> Optional[list[tuple[frozenset[str], ...]]]:
    """The first HEAD character sets (as written) of every match of `pattern`, one tuple of sets for
    each way a match may open; a shorter tuple where what follows cannot be listed or the match may
    end.  None where even the first character cannot be listed (or the pattern may match nothing)."""
    found = _heads(sre_parse.parse(pattern, flags), bool(flags & re.IGNORECASE))
    if any(not head for head, _ in found):
        return None
    if len(found) > MAX_HEADS:         # too many to list: their first characters only
        found = {((frozenset().union(*(head[0] for head, _ in found)),), False)}
    return sorted({head for head, _ in found}, key=lambda head: [sorted(chars) for chars in head])


Heads = set[tuple[tuple[frozenset[str], ...], bool]]   # (opening, complete: the sequence may end right after it)
ANYTHING: Heads = {((), False)}


def _concat(left: Heads, right: Heads) -> Heads:
    out: Heads = set()
    for head, complete in left:
        if not complete or len(head) >= HEAD:
            out.add((head[:HEAD], complete and len(head) < HEAD))
            continue
        for more, more_complete in right:
            joined = head + more
            out.add((joined[:HEAD], more_complete and len(joined) < HEAD))
    return out


def _heads(items, ignorecase: bool) -> Heads:
    out: Heads = {((), True)}
    for op, av in items:
        out = _concat(out, _node_heads(op, av, ignorecase))
        if all(not complete for _, complete in out):
            break
    return out


def _node_heads(op, av, ignorecase: bool) -> Heads:
    if op in ZERO_WIDTH:
        return {((), True)}            # a look-around or anchor consumes nothing (a wider screen, never a narrower)
    if op is sre.LITERAL:
        return {((frozenset(chr(av)),), True)}
    if op is sre.IN:
        found = _charset(av)
        return {((frozenset(found[0]),), True)} if found else ANYTHING
    if op is sre.BRANCH:
        return set().union(*(_heads(alternative, ignorecase) for alternative in av[1]))
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        if add_flags & (re.LOCALE | re.ASCII) or add_flags & re.IGNORECASE and not ignorecase:
            return ANYTHING
        return _heads(sub, (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE)
    if op is sre.ATOMIC_GROUP:
        return _heads(av, ignorecase)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, sub = av
        once, out = _heads(sub, ignorecase), set()
        current: Heads = {((), True)}
        if low == 0:
            out |= current
        for count in range(1, HEAD + 1):
            if count > high:
                return out
            current = _concat(current, once)
            if count >= low:
                out |= current
        if low > HEAD:
            out |= current       # the openings of `low` repetitions: those of HEAD, or the same padded with empty ones
        return out
    return ANYTHING                      # any character, a category, a back-reference, a conditional…


class Screen:
    """Patterns that each match only where `(?<!\\w)` holds (the step lexicon's), looked at together.

    A clause asks a hundred such patterns whether they match it, and most do not.  Each pattern's
    openings (`openings`: its first two characters, as sets) become one small pattern; the two
    characters at each place of a text where a match may begin tell, through those, which of the
    patterns can match there.  A pattern none of whose openings occurs is not searched: it cannot
    match.  The openings are tried with the pattern's own flags, so they fold case as it does.
    """

    def __init__(self):
        self._openers: list[Optional[re.Pattern]] = []   # each pattern's openings, None: always searched
        self._always = 0                                 # the bits of the patterns that are always searched
        self._memo: dict[str, int] = {}                  # an opening's bits
        self._recent: dict[str, int] = {}                # a text's bits

    def add(self, rx: re.Pattern) -> "Screened":
        """`rx` as a pattern whose `search` consults the screen first."""
        bit = 1 << len(self._openers)
        heads = openings(rx.pattern, rx.flags) if at_word_starts(rx.pattern, rx.flags) else None
        if heads is None:
            self._openers.append(None)
            self._always |= bit
        else:
            self._openers.append(re.compile("|".join(
                "".join(f"[{c}]" for c in (chars_of(head))) for head in heads), rx.flags))
        self._memo.clear()
        self._recent.clear()
        return Screened(rx, self, bit)

    def bits(self, text: str) -> int:
        """The bits of the patterns that may match somewhere in `text`."""
        found = self._recent.get(text)
        if found is None:
            if len(self._recent) >= MAX_RECENT:
                self._recent.clear()
            found = self._always
            memo = self._memo
            for head in set(OPENINGS.findall(text)):
                more = memo.get(head)
                found |= self._bits_of(head) if more is None else more
            self._recent[text] = found
        return found

    def _bits_of(self, head: str) -> int:
        if len(self._memo) >= MAX_MEMO:
            self._memo.clear()
        bits = 0
        for i, opener in enumerate(self._openers):
            if opener is not None and opener.match(head):
                bits |= 1 << i
        self._memo[head] = bits
        return bits


def chars_of(head: tuple[frozenset[str], ...]):
    """Each set of an opening as the inside of a character class."""
    return (class_of(chars) for chars in head)


class Screened:
    """A pattern of a `Screen`: `search` gives what the pattern's own does; the rest is the pattern's."""

    __slots__ = ("rx", "screen", "bit")

    def __init__(self, rx: re.Pattern, screen: Screen, bit: int):
        self.rx, self.screen, self.bit = rx, screen, bit

    def search(self, text: str, *args) -> Optional[re.Match]:
        """`rx.search(text, …)`, None at once where the screen tells it cannot match `text`."""
        if not args and not self.screen.bits(text) & self.bit:
            return None
        return self.rx.search(text, *args)

    def __getattr__(self, name):
        return getattr(self.rx, name)


# ---------------------------------------------------------------- pruned alternations: only the groups that can match
MAX_PRUNED = 1024        # distinct sets of groups compiled (a pure function of the set), then afresh


def literal_heads(pattern: str, flags: int = 0) -> Optional[frozenset[str]]:
    """Literal strings one of which opens every match of `pattern` (lower-cased under IGNORECASE),
    the shortest kept where one holds another; None where a match may open otherwise (a class, a
    repeat, a group with flags of its own, an empty match)."""
    heads = _literal_heads(list(sre_parse.parse(pattern, flags)))
    if not heads:
        return None
    if flags & re.IGNORECASE:
        if any(len(h.lower()) != len(h) for h in heads):
            return None                  # a letter whose lower case is longer («İ»): no head to look for
        heads = {h.lower() for h in heads}
    return frozenset(h for h in heads if not any(o != h and o in h for o in heads))


def _literal_heads(items) -> Optional[set[str]]:
    while items and items[0][0] in ZERO_WIDTH:
        items = items[1:]                # a look-around or anchor consumes nothing: the next node opens
    run = []
    for op, av in items:
        if op is not sre.LITERAL:
            break
        run.append(chr(av))
    if run:
        return {"".join(run)}
    if not items:
        return None
    op, av = items[0]
    if op is sre.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            found = _literal_heads(list(alternative))
            if not found:
                return None
            out |= found
        return out
    if op is sre.SUBPATTERN and not av[1] and not av[2]:
        return _literal_heads(list(av[3]))
    return None


def odd_cases(chars) -> Optional[re.Pattern]:
    """A pattern of the characters that IGNORECASE matches to one of `chars` (lower case) though their
    own lower case is another (ı for i, ſ for s, ᲃ for с: `re`'s extra cases), or None."""
    from re import _casefix

    odd = {chr(other) for ch in chars for other in _casefix._EXTRA_CASES.get(ord(ch), ())}
    return re.compile(f"[{class_of(odd)}]") if odd else None


class Pruned:
    """`finditer` of the alternation `(?P<name>pattern)|…` (guarded), with the same matches, where
    the groups that cannot match a text are left out of its scan.  Each group's matches open with
    one of its literal heads (`literal_heads`); a group none of whose heads is in the text matches
    nowhere in it, so at every place the alternation without it finds what the whole one finds (the
    same group first, the same span).  Python's `re` tries every branch of a case-insensitive
    alternation at each character; a clause holds the heads of one or two groups of a dozen.

    Under IGNORECASE the heads are looked for in the text's lower case; a text whose lower case is
    longer, or with a character that folds to a head's letter without lower-casing to it (`odd_cases`),
    is scanned by the whole alternation."""

    def __init__(self, groups: list[tuple[str, str]], flags: int = 0):
        self.groups, self.flags = groups, flags
        self.whole = self._compiled(tuple(range(len(groups))))
        self.heads = [literal_heads(pattern, flags) for _, pattern in groups]
        self.fold = bool(flags & re.IGNORECASE)
        self.odd = odd_cases({ch for heads in self.heads if heads for h in heads for ch in h}) if self.fold else None
        self._by_kept: dict[tuple[int, ...], re.Pattern] = {}

    def _compiled(self, kept: tuple[int, ...]) -> re.Pattern:
        return guarded(re.compile("|".join(f"(?P<{self.groups[i][0]}>{self.groups[i][1]})" for i in kept),
                                  self.flags))

    def kept(self, text: str) -> Optional[tuple[int, ...]]:
        """The indices of the groups that may match `text`, or None where the heads cannot tell."""
        seen = text
        if self.fold:
            seen = text.lower()
            if len(seen) != len(text) or (self.odd is not None and self.odd.search(text)):
                return None
        return tuple(i for i, heads in enumerate(self.heads) if heads is None or any(h in seen for h in heads))

    def finditer(self, text: str) -> Iterator[re.Match]:
        """`re.finditer` of the whole alternation over `text`."""
        kept = self.kept(text)
        if kept is None:
            return self.whole.finditer(text)
        if not kept:
            return iter(())
        rx = self._by_kept.get(kept)
        if rx is None:
            if len(self._by_kept) >= MAX_PRUNED:
                self._by_kept.clear()
            rx = self._by_kept[kept] = self._compiled(kept)
        return rx.finditer(text)
