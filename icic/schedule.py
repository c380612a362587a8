"""Which document a worker of `icic process` reads next: by language, so each loads few models.

A worker loads a language's models the first time it reads a document of that language (spaCy's
English, natasha's Russian, the Kazakh model).  Handing documents out in plain order makes every
worker load every language, one after the other; handing them out by language lets the workers
load different models at the same time, and a worker that never reads English never holds spaCy's
English model in memory.

`LanguageSchedule` is the parent's bookkeeping, without processes (tested on its own).  Documents
are known by their position in publication order and their language hint.  Rules, for a worker
asking for its next document:

- only documents in the window (the next `window` after the last one written) are handed out, so
  the parent can keep writing in publication order while they are read, and holds few results;
- a worker that has a document in hand (`busy`) is only given more of the languages it has, or of a
  language whose models cost no more to load than one of its documents takes to read (measured);
- an idle worker takes the oldest document if it has its language, or nobody does, or its models
  cost no more to load than one of its documents takes to read (measured), else the oldest of its own
  languages, else of a language nobody has yet, else (balance) it takes on another
  worker's language: one that loads for less than one of its documents, else the one the run
  ends soonest with, if it then ends sooner by at least one of its documents than without
  (`finish`: what is left of every language, beyond the window too, at its measured cost per
  document, shared among the workers that have it, with what each holds; a language's load is
  measured on its first document: its CPU time beyond the language's later documents); else it
  waits for its own.  A load not measured yet is weighed at the mean of those measured; with none
  measured, only a worker with no language at all takes one on.

Which worker reads a document changes nothing in the KB: every document is read against the same
frozen registry and the parent writes in publication order.
"""
from __future__ import annotations

import heapq
import logging
from collections import defaultdict
from itertools import combinations
from typing import Hashable, Iterable, Optional

log = logging.getLogger("icic.schedule")

Hint = Optional[Hashable]
MAX_GROUPED = 10       # holder sets combined in full by `finish` (2**10 groups at most)
NOTHING = object()     # no document for the worker now (None is a hint: a document without a language)


class LanguageSchedule:
    """Hand out document positions 0..n-1 to `workers` workers by language (see the module)."""

    def __init__(self, hints: Iterable[Hint], workers: int, window: int = 64):
        self.hints = list(hints)
        self.window = window
        self.written = 0                              # positions below are written
        self.todo: dict[Hint, list[int]] = defaultdict(list)
        for position, hint in enumerate(self.hints):
            self.todo[hint].append(position)          # ascending: already a heap
        self.langs: list[set] = [set() for _ in range(workers)]
        self.firsts: dict[tuple[int, Hint], int] = {}  # (worker, hint) -> its first position there
        self.first_cpu: dict[Hint, float] = {}
        self.later_cpu: dict[Hint, list[float]] = defaultdict(list)
        self.out: list[set[int]] = [set() for _ in range(workers)]   # handed to each worker, not yet read

    # --- handing out -----------------------------------------------------------------------------
    def next_for(self, worker: int, busy: bool) -> Optional[int]:
        """The position `worker` reads next, or None (nothing for it in the window now)."""
        heads = self._heads()
        if not heads:
            return None
        hint = self._choose(worker, busy, heads)
        if hint is NOTHING:
            return None
        position = heapq.heappop(self.todo[hint])
        self.out[worker].add(position)
        if hint not in self.langs[worker]:
            log.debug("worker %d takes on %s at document %d (busy %s, written %d, window %d); it has %s, %s left",
                      worker, hint, position, busy, self.written, self.window, sorted(map(str, self.langs[worker])),
                      {str(h): len(todo) for h, todo in self.todo.items() if todo})
            self.langs[worker].add(hint)
            self.firsts[(worker, hint)] = position
        return position

    def all_handed_out(self) -> bool:
        """Every position is handed out (none waits, in the window or beyond it)."""
        return not any(self.todo.values())

    def _heads(self) -> dict[Hint, int]:
        """The oldest position still to hand out of each language, within the window."""
        limit = self.written + self.window
        return {hint: todo[0] for hint, todo in self.todo.items() if todo and todo[0] < limit}

    def _choose(self, worker: int, busy: bool, heads: dict[Hint, int]):
        """The hint to hand out a document of, or NOTHING."""
        mine = self.langs[worker]
        own = [h for h in heads if h in mine]
        if busy:
            near = [h for h in heads if h in mine or self._cheap(h)]
            return min(near, key=heads.get) if near else NOTHING
        oldest = min(heads, key=heads.get)
        if oldest in mine or not self._taken(oldest) or self._cheap(oldest):
            return oldest
        if own:
            return min(own, key=heads.get)
        free = [h for h in heads if not self._taken(h)]
        if free:
            return min(free, key=heads.get)
        return self._take_on(worker, heads)

    def _take_on(self, worker: int, heads: dict[Hint, int]):
        """The other workers' language `worker` takes on (its models loaded, the language then shared), or
        NOTHING: it waits for its own.  One that loads for less than one of its documents (`_cheap`), the
        oldest of those; else, of those that pay (`_ends_sooner`), the one the run ends soonest with.  With
        no load measured yet, a worker with no language takes on the oldest (a run in one language starts on
        every worker at once) and one with its own waits."""
        cheap = [h for h in heads if self._cheap(h)]
        if cheap:
            return min(cheap, key=heads.get)
        if all(self._load_estimate(h) is None for h in heads):
            return min(heads, key=heads.get) if not self.langs[worker] else NOTHING
        ends = {h: end for h in heads if (end := self._ends_sooner(worker, h)) is not None}
        return min(ends, key=lambda h: (ends[h], heads[h])) if ends else NOTHING

    def _ends_sooner(self, worker: int, hint: Hint) -> Optional[float]:
        """When the run ends (`finish`) with `worker` loading `hint`'s models and sharing it, if that is sooner
        by at least one of its documents than without; else None.  What is left counts every language's
        documents beyond the window too: a worker that has read all of its own in the window has more of
        them to come, so loading another's language there only doubles a load (on bench process's mix the
        old rule, a load under half of what is left in that language, had the second worker load English
        in slow rounds while it had seconds of its own to read).  A load not measured yet (the language's
        first document still being read) is weighed at the mean of those measured."""
        load = self._load_estimate(hint)
        if load is None:
            return None
        holders, in_hand = self._holders(), self._in_hand()
        without = self.finish(holders, in_hand)
        holders[hint] = holders[hint] | {worker}
        in_hand[worker] += load
        with_it = self.finish(holders, in_hand)
        log.debug("worker %d weighs %s: load %.3f s, %d left at %.4f s; the run ends in %.3f s with it, %.3f s "
                  "without", worker, hint, load, len(self.todo[hint]), self._cost(hint), with_it, without)
        return with_it if with_it + self._cost(hint) <= without else None

    def _load_estimate(self, hint: Hint) -> Optional[float]:
        """Seconds of CPU loading `hint`'s models costs: measured, else the mean of the measured loads (None
        while none is)."""
        if self.later_cpu.get(hint) and hint in self.first_cpu:
            return self.load_cost(hint)
        known = [self.load_cost(h) for h in self.first_cpu if self.later_cpu.get(h)]
        return sum(known) / len(known) if known else None

    # --- what is left: an estimate of when the run ends -------------------------------------------
    def finish(self, holders: dict[Hint, frozenset], in_hand: list[float]) -> float:
        """Seconds of CPU until the last worker is done, if what is left were shared as well as it can be:
        each language's documents (`todo`, at their typical cost) only among the workers in `holders[hint]`,
        each worker's `in_hand` seconds its own.  Any group of workers needs at least the work only they
        can do, shared among them; the longest such bound over every group is the estimate (exact for
        work that divides finely, as many short documents do).  Groups are unions of the languages'
        holder sets, few since languages are."""
        work: dict[frozenset, float] = defaultdict(float)
        for hint, todo in self.todo.items():
            if todo:
                work[holders[hint]] += len(todo) * self._cost(hint)
        sets = list(work)
        best = max(in_hand, default=0.0)
        for group in self._groups(sets):
            members = frozenset().union(*group)
            need = sum(w for s, w in work.items() if s <= members) + sum(in_hand[m] for m in members)
            best = max(best, need / len(members))
        return best

    @staticmethod
    def _groups(sets: list[frozenset]) -> Iterable[tuple[frozenset, ...]]:
        """Every combination of the holder sets; past MAX_GROUPED of them (many workers and many languages)
        each set alone and all together, a looser estimate that stays quick."""
        if len(sets) <= MAX_GROUPED:
            return (group for size in range(1, len(sets) + 1) for group in combinations(sets, size))
        return [(one,) for one in sets] + [tuple(sets)]

    def _holders(self) -> dict[Hint, frozenset]:
        """Which workers may read each language without a costly load: those that have it, or every worker
        for a language that loads cheaply or that nobody has yet."""
        everyone = frozenset(range(len(self.langs)))
        holders: dict[Hint, frozenset] = {}
        for hint in self.todo:
            have = frozenset(w for w, langs in enumerate(self.langs) if hint in langs)
            holders[hint] = everyone if not have or self._cheap(hint) else have
        return holders

    def _in_hand(self) -> list[float]:
        """Each worker's seconds of CPU still to read in what it was handed."""
        return [sum(self._cost(self.hints[p]) for p in out) for out in self.out]

    def _cost(self, hint: Hint) -> float:
        """A document of `hint`'s typical cost; a language not measured yet costs as much as the mean of those
        measured (a document costs something)."""
        if self.later_cpu.get(hint):
            return self.typical_cost(hint)
        known = [self.typical_cost(h) for h in self.later_cpu if self.later_cpu[h]]
        return sum(known) / len(known) if known else 0.0

    def _cheap(self, hint: Hint) -> bool:
        """Loading `hint`'s models costs no more than reading one of its documents (both measured): a
        worker takes its oldest document beside the worker that has it rather than one of its own
        languages further on.  The oldest document is what holds the window (and the parent's writing)
        back; left to the one worker that has the language, that worker falls behind and the other runs
        out of its own languages in the window, then loads a costly one (on bench process's mix: Uzbek,
        which loads in ~0.03 s, all went to the English worker, until the other loaded English's 0.6 s)."""
        return bool(self.later_cpu.get(hint)) and self.load_cost(hint) <= self.typical_cost(hint)

    def _taken(self, hint: Hint) -> bool:
        return any(hint in langs for langs in self.langs)

    # --- what the parent reports back -----------------------------------------------------------
    def read(self, worker: int, position: int, cpu_seconds: float, languages: Iterable[Hint] = ()) -> None:
        """`worker` read `position` in `cpu_seconds` (its first of a language includes the models' loading).
        `languages`: those its paragraphs were read in.  A document with a paragraph in another of the run's
        languages made the worker load that language's models too (on bench process's mix one Uzbek article
        ends in a short line read as Russian: 0.6-1.1 s of natasha's models on the worker without Russian):
        the worker has that language from then on, and the document's time says what a load costs, not what
        a document of its language does, so it is left out of both."""
        hint = self.hints[position]
        self.out[worker].discard(position)
        also = {lang for lang in languages if lang in self.todo and lang not in self.langs[worker]} - {hint}
        if also:
            log.debug("worker %d read document %d (%s) in %.3f s with %s's models too", worker, position, hint,
                      cpu_seconds, sorted(map(str, also)))
            self.langs[worker] |= also
        elif self.firsts.get((worker, hint)) == position:
            self.first_cpu.setdefault(hint, cpu_seconds)
        else:
            self.later_cpu[hint].append(cpu_seconds)

    def advance(self, written: int) -> None:
        """Positions below `written` are written: the window moves on."""
        self.written = written

    def give_back(self, position: int) -> None:
        """A position handed out but never read (its worker died first) is to hand out again."""
        for out in self.out:
            out.discard(position)
        heapq.heappush(self.todo[self.hints[position]], position)

    def restart(self, worker: int) -> None:
        """`worker` was replaced by a fresh process: it has no language loaded."""
        self.langs[worker] = set()
        self.out[worker] = set()
        self.firsts = {key: pos for key, pos in self.firsts.items() if key[0] != worker}

    def typical_cost(self, hint: Hint) -> float:
        """Seconds of CPU a document of `hint` takes once its models are loaded (0 while unknown)."""
        later = self.later_cpu.get(hint)
        return sum(later) / len(later) if later else 0.0

    def load_cost(self, hint: Hint) -> float:
        """Seconds of CPU the first document of `hint` took beyond its later ones (unknown: infinite)."""
        if hint not in self.first_cpu:
            return float("inf")
        return max(0.0, self.first_cpu[hint] - self.typical_cost(hint))
