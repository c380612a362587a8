"""`icic process`: read every document the current pipeline has not read, store the facts.

Two paths over the same rules:

- `process_pending(db, pipeline)` reads in this process (tests, small runs);
- `process_parallel(db, settings, workers=N)` spreads the reading over N worker
  processes.  The parent loads what every language needs and forks them; each
  worker is handed documents by language (`icic.schedule`), so it loads only the
  models of the languages it reads, while the others load theirs, and turns
  documents into the extract contract; only the parent writes to the KB, so
  SQLite sees one writer.

Each document's facts are written all or nothing, WRITE_BATCH documents
per transaction (`kb.store.write_batch`): a commit per document rewrote the
same index and FTS pages for every one.

Both are idempotent: a document already processed by PIPELINE_VERSION is not
pending, so a second run changes nothing, and a new version reprocesses.  A
document that fails is logged with its reason, marked failed for this
version, and skipped; the run goes on.  So is one that takes longer than the
time limit (`nlp.doc_timeout`).

The same documents give the same KB whatever the worker count, the batches
(`--limit`), kills and resumptions or the order of crawling: every document is
read against the frozen registry (its seed file; reading never grows it, see
`Settings.frozen_registry`), so what one document yields does not depend on
which were read before it, and the parent links mentions to KB entities by
their canonical names, writing in publication order.
"""
from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

try:
    import resource       # twice a document (minor_faults): imported once
except ImportError:       # not on this platform
    resource = None

from nlp.pipeline import PIPELINE_VERSION, Pipeline, Settings
from kb.entities import save_registry_rows
from kb.store import mark_failed, pending_documents, save_extraction, write_batch

log = logging.getLogger("icic.process")
# Documents per transaction.  1 for now: tests/test_same_kb kills a run mid-way and needs to see its
# progress document by document; reading (15-40 documents/s a core) dwarfs a commit, and
# kb.store.write_batch(db, 100) is there for bulk writers (bench kb: ~5x fewer bytes per document).
WRITE_BATCH = 1
WRITE_SECONDS = 0.2


@dataclass
class ProcessStats:
    processed: int = 0
    failed: int = 0
    skipped: int = 0
    # CPU seconds spent loading what every language shares before the first document (on workers: the
    # parent's, before forking them), and on workers each worker's reading
    setup_cpu: float = 0.0
    worker_cpu: list[float] = field(default_factory=list)
    # seconds each worker waited for its next document after its first: time a core had nothing to read
    worker_wait: list[float] = field(default_factory=list)
    # the languages each worker read (a costly model in two lists was loaded twice)
    worker_langs: list[list[str]] = field(default_factory=list)
    # CPU seconds spent reading documents and the minor page faults taken meanwhile, in this process or summed
    # over the workers (a worker's include its copy-on-write copies of the parent's pages): what one document
    # costs a worker beside one process
    read_cpu: float = 0.0
    read_faults: int = 0
    worker_faults: list[int] = field(default_factory=list)


class DocumentTimeout(Exception):
    """Reading one document took longer than the time limit."""


@contextlib.contextmanager
def time_limit(seconds: Optional[float]):
    """Raise DocumentTimeout in the block after `seconds` (None or 0: no limit).

    A SIGALRM timer, so it works in the main thread of a process (the parent, or a pool worker) and
    interrupts Python code; a single call into C that never returns is not interrupted."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise DocumentTimeout(f"reading took longer than the time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def minor_faults() -> int:
    """Minor page faults this process has taken so far (0 where the platform does not count them)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt if resource is not None else 0


def read_document(pipeline: Pipeline, row: dict, seconds: Optional[float] = None) -> dict:
    """The extract contract of one stored document, read within `seconds` (DocumentTimeout)."""
    with time_limit(seconds):
        doc = pipeline(row["text"], row["published"], lang_hint=row["lang_hint"], title=row["title"])
        return doc.to_json()


def frozen(settings: Settings) -> Settings:
    """The settings with the registry frozen: how `process` reads (see the module's docstring)."""
    return dataclasses.replace(settings, frozen_registry=True)


def _store(batch, row: dict, result: Optional[dict], error: Optional[str], stats: ProcessStats) -> None:
    """Write one outcome in the write batch: the facts (all or nothing), or the failure with its reason."""
    if error is None:
        batch.add(save_extraction, row["id"], result, PIPELINE_VERSION)
        stats.processed += 1
        return
    log.warning("document %s (%s): %s", row["id"], row["url"], error)
    batch.add(mark_failed, row["id"], PIPELINE_VERSION, error)
    stats.failed += 1


def _is_empty(db, row: dict, stats: ProcessStats) -> bool:
    if (row["text"] or "").strip():
        return False
    mark_failed(db, row["id"], PIPELINE_VERSION, "empty article")
    log.warning("document %s (%s): empty article, skipped", row["id"], row["url"])
    stats.skipped += 1
    return True


def process_pending(db, pipeline: Pipeline, *, limit: int | None = None, progress=None,
                    doc_timeout: Optional[float] = None) -> ProcessStats:
    """Process pending documents in this process, each document's facts all or nothing.  `pipeline`
    should be fresh (its registry as seeded): its registry is frozen from here on."""
    pipeline.resources.settings = frozen(pipeline.resources.settings)
    stats = ProcessStats()
    with write_batch(db, WRITE_BATCH, WRITE_SECONDS) as batch:
        for row in pending_documents(db, PIPELINE_VERSION, limit=limit):
            if _is_empty(db, row, stats):
                continue
            cpu, faults = time.process_time(), minor_faults()
            try:
                result, error = read_document(pipeline, row, doc_timeout), None
            except Exception as exc:  # one bad article never stops the run
                result, error = None, f"{type(exc).__name__}: {exc}"
            stats.read_cpu += time.process_time() - cpu
            stats.read_faults += minor_faults() - faults
            _store(batch, row, result, error, stats)
            if progress:
                progress(stats)
    return stats


# --- the worker side: one Pipeline per process, documents handed out by language -----------------
_WORKER_PIPELINE: Optional[Pipeline] = None
_WORKER_TIMEOUT: Optional[float] = None
_FORKED_PIPELINE: Optional[Pipeline] = None   # the parent's, shared models loaded, while it forks its workers
# Documents in a worker's hands at once: one read, one waiting (no pause between two documents).
DEPTH = 2
# A text of no language: read once in the parent, it loads what every language shares (spaCy's
# matcher of the rules, the registry, the lexicons); the result is thrown away.
SHARED_WARM_UP = "2025 12 345"


def _init_worker(factory: Callable[[Settings], Pipeline], settings: Settings, doc_timeout: Optional[float],
                 parent: int) -> None:
    global _WORKER_PIPELINE, _WORKER_TIMEOUT
    from crawler.children import die_with_parent

    die_with_parent(parent)  # a worker must not outlive `icic process` (it would hold the run lock on)
    # forked: the parent's pipeline, its shared models already in memory (shared until written); spawned: a new one
    _WORKER_PIPELINE, _WORKER_TIMEOUT = _FORKED_PIPELINE or factory(settings), doc_timeout


def _work(row: dict) -> tuple[int, Optional[dict], Optional[str]]:
    """(document id, result, error) — exceptions come back as text, never kill the worker."""
    try:
        return row["id"], read_document(_WORKER_PIPELINE, row, _WORKER_TIMEOUT), None
    except Exception as exc:
        return row["id"], None, f"{type(exc).__name__}: {exc}"


def _worker_main(tasks, results, factory, settings: Settings, doc_timeout: Optional[float], parent: int) -> None:
    """A worker process: read each row from `tasks` until None; send (id, result, error, CPU seconds, minor
    page faults, seconds it waited for the row, 0 for its first).

    `results` is this worker's own pipe, written from this thread: a result sent is whole in the pipe,
    and a worker that dies takes no other worker's results (nor a shared lock) with it."""
    _init_worker(factory, settings, doc_timeout, parent)
    asked = None
    while (row := tasks.get()) is not None:
        waited = time.perf_counter() - asked if asked is not None else 0.0
        cpu, faults = time.process_time(), minor_faults()
        doc_id, result, error = _work(row)
        results.send((doc_id, result, error, time.process_time() - cpu, minor_faults() - faults, waited))
        asked = time.perf_counter()


def worker_count(configured: int) -> int:
    """`nlp.workers`: 0 means one per core; never more than the cores (more only adds memory)."""
    cores = os.cpu_count() or 1
    return min(configured, cores) if configured > 0 else cores


def process_parallel(db, settings: Settings, *, workers: int = 0, limit: int | None = None, batch_size: int = 16,
                     progress: Optional[Callable[[ProcessStats], None]] = None,
                     factory: Callable[[Settings], Pipeline] = Pipeline,
                     doc_timeout: Optional[float] = None) -> ProcessStats:
    """Process pending documents on `workers` processes (0 = every core); the parent writes.

    `factory(settings)` builds each worker's pipeline once (a module-level callable: it
    travels to the workers by name).  Documents go to the workers by language
    (`icic.schedule`), so each loads only the models of the languages it reads, at the same
    time as the others; the parent writes in publication order.  `batch_size` (`nlp.batch_size`) is
    how far each worker may read ahead of the last document written: results wait in the parent for
    at most batch_size × workers documents, and the parent writes while the workers read.
    """
    workers, settings = worker_count(workers), frozen(settings)
    if workers == 1:
        return _process_alone(db, factory, settings, limit=limit, progress=progress, doc_timeout=doc_timeout)
    stats = ProcessStats()
    rows = [row for row in pending_documents(db, PIPELINE_VERSION, limit=limit) if not _is_empty(db, row, stats)]
    if not rows:
        return stats
    context, cpu = _context(), time.process_time()
    if context.get_start_method() == "fork":
        _warm_parent(factory, settings, doc_timeout)
    stats.setup_cpu = time.process_time() - cpu
    count = min(workers, len(rows))
    team = _Workers(context, count, (factory, settings, doc_timeout, os.getpid()), window=max(DEPTH, batch_size) * count)
    try:
        with team, write_batch(db, WRITE_BATCH, WRITE_SECONDS) as batch:
            # in publication order, as the single-process path writes, so new KB entities get their ids
            # in the same order and two runs give the same KB
            for row, result, error in team.read_in_order(rows):
                _store(batch, row, result, error, stats)
                if progress:
                    progress(stats)
    finally:
        _forget_parent_pipeline()
    stats.worker_cpu, stats.worker_wait, stats.worker_langs = team.cpu, team.waited, team.langs
    stats.worker_faults, stats.read_cpu, stats.read_faults = team.faults, sum(team.cpu), sum(team.faults)
    return stats


def _process_alone(db, factory, settings: Settings, *, limit: int | None, progress, doc_timeout: Optional[float]) -> ProcessStats:
    """`process_pending` with a pipeline loaded as the parent of workers loads its own (`_load_shared`), so one
    worker and two start alike; nothing is loaded when nothing is pending."""
    import gc

    if next(iter(pending_documents(db, PIPELINE_VERSION, limit=1)), None) is None:
        return ProcessStats()
    cpu = time.process_time()
    pipeline = _load_shared(factory, settings)
    setup = time.process_time() - cpu
    try:
        stats = process_pending(db, pipeline, limit=limit, progress=progress, doc_timeout=doc_timeout)
    finally:
        gc.unfreeze()
    stats.setup_cpu = setup
    return stats


def _warm_parent(factory, settings: Settings, doc_timeout: Optional[float]) -> None:
    """Load, before the workers fork, what every language needs (`_load_shared`): they start with it in
    memory, shared, and load in parallel only the models of their own languages."""
    global _FORKED_PIPELINE, _WORKER_PIPELINE, _WORKER_TIMEOUT
    _FORKED_PIPELINE = _WORKER_PIPELINE = _load_shared(factory, settings)
    _WORKER_TIMEOUT = doc_timeout


def _load_shared(factory, settings: Settings) -> Pipeline:
    """A new pipeline with what every language needs loaded (language identifiers, spaCy, the rules, the
    registry), the collector off while it loads, then frozen: on workers, the parent's, which they share;
    on one worker, its own, so that one process loads the same way and its collections skip the same objects.
    langdetect's profiles are left to the process whose text first asks for them (few texts do: 4 Uzbek
    Latin paragraphs of bench process's 240 articles).  gc.freeze keeps those objects out of later
    collections, so a forked worker's pages stay shared (`gc.unfreeze` after the run)."""
    import gc

    # No collections while loading: what is loaded here lives for the run and is frozen right after, so
    # the ~330 collections that walked it (0.1-0.15 s of the ~0.85 s setup) found almost nothing (~3 MB,
    # kept frozen and shared; unfrozen and collected after the run).
    collecting = gc.isenabled()
    gc.disable()
    try:
        from nlp.lang import warm_up

        pipeline = factory(settings)
        warm_up(voter=False)
        with contextlib.suppress(Exception):   # a warm-up only: a failure here is met again, per document
            pipeline(SHARED_WARM_UP)
        return pipeline
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _forget_parent_pipeline() -> None:
    global _FORKED_PIPELINE, _WORKER_PIPELINE
    import gc

    _FORKED_PIPELINE = _WORKER_PIPELINE = None
    gc.unfreeze()


class _Workers:
    """Worker processes fed by a LanguageSchedule: each has its own task queue (a feeder thread here, so
    sending a long article never waits for the worker) and its own result pipe."""

    def __init__(self, context, count: int, initargs: tuple, window: int):
        self.context, self.initargs, self.window = context, initargs, window
        self.procs: list = [None] * count
        self.tasks: list = [None] * count
        self.results: list = [None] * count
        self.hands: list[list[int]] = [[] for _ in range(count)]   # positions given, oldest first
        self.deaths: dict[int, int] = {}                             # position -> workers that died reading it
        self.cpu: list[float] = [0.0] * count                        # CPU seconds read in each slot
        self.faults: list[int] = [0] * count                         # minor page faults taken reading in each slot
        self.waited: list[float] = [0.0] * count                     # seconds each slot waited for a document
        self.stopped: set[int] = set()                               # slots told to exit: nothing left to read
        self.langs: list[list[str]] = [[] for _ in range(count)]    # the languages each slot read

    def __enter__(self) -> "_Workers":
        for slot in range(len(self.procs)):
            self._start(slot)
        return self

    def __exit__(self, *exc) -> None:
        for slot, proc in enumerate(self.procs):
            if exc[0] is None and proc.is_alive():
                self._stop(slot)
            else:
                proc.kill()
        for slot, proc in enumerate(self.procs):
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
                proc.join()
            self._close(slot)

    def _stop(self, slot: int) -> None:
        """Tell the worker in `slot` to exit once it has read what it holds."""
        if slot not in self.stopped:
            self.stopped.add(slot)
            self.tasks[slot].put(None)

    def _start(self, slot: int) -> None:
        self.stopped.discard(slot)
        self.tasks[slot] = self.context.Queue()
        reader, writer = self.context.Pipe(duplex=False)
        self.results[slot] = reader
        self.procs[slot] = self.context.Process(target=_worker_main, daemon=True,
                                                args=(self.tasks[slot], writer, *self.initargs))
        self.procs[slot].start()
        writer.close()   # the worker's end

    def _close(self, slot: int) -> None:
        self.tasks[slot].cancel_join_thread()   # what a dead worker never read is dropped, not waited for
        self.tasks[slot].close()
        self.results[slot].close()

    def read_in_order(self, rows: list[dict]):
        """Yield (row, result, error) for each row, in the rows' order, read by the workers."""
        from icic.schedule import LanguageSchedule

        schedule = LanguageSchedule((row["lang_hint"] for row in rows), len(self.procs), self.window)
        positions = {row["id"]: i for i, row in enumerate(rows)}
        done: dict[int, tuple] = {}
        for written in range(len(rows)):
            schedule.advance(written)
            # results that came in while the last one was written: a worker that finished what it held is
            # given more now, not after a run of documents already read has been written
            done.update(self._collect(schedule, positions, rows, timeout=0))
            while written not in done:
                if not any(self.hands):   # nothing out and nothing handed: a bug here, never a wait for ever
                    raise RuntimeError(f"no worker was given document {rows[written]['id']}")
                done.update(self._collect(schedule, positions, rows))
            yield (rows[written], *done.pop(written))
        self.langs = [sorted(map(str, langs)) for langs in schedule.langs]
        for slot, langs in enumerate(self.langs):
            log.debug("worker %d read the languages %s", slot, langs)

    def _feed(self, schedule, rows: list[dict]) -> None:
        for slot, hand in enumerate(self.hands):
            while len(hand) < DEPTH and slot not in self.stopped:
                position = schedule.next_for(slot, busy=bool(hand))
                if position is None:
                    break
                hand.append(position)
                self.tasks[slot].put(next(_slim([rows[position]])))
            if not hand and schedule.all_handed_out():
                self._stop(slot)   # it exits (frees its memory) while the others read and the parent writes

    def _collect(self, schedule, positions: dict, rows: list[dict], timeout: float = 5.0) -> dict[int, tuple]:
        """The results ready within `timeout` seconds ({position: (result, error)}), and what dead workers
        leave (a worker told to stop that exits is not dead)."""
        from multiprocessing.connection import wait

        sentinels = {proc.sentinel: slot for slot, proc in enumerate(self.procs) if slot not in self.stopped}
        pipes = {conn: slot for slot, conn in enumerate(self.results) if slot not in self.stopped or self.hands[slot]}
        ready = wait(list(sentinels) + list(pipes), timeout=timeout)
        out: dict[int, tuple] = {}
        dead = {sentinels[r] for r in ready if r in sentinels}
        for conn in (r for r in ready if r in pipes and pipes[r] not in dead):
            slot = pipes[conn]
            doc_id, result, error, cpu, faults, waited = conn.recv()
            position = positions[doc_id]
            self.hands[slot].remove(position)
            schedule.read(slot, position, cpu, _paragraph_languages(result))
            self.cpu[slot] += cpu
            self.faults[slot] += faults
            self.waited[slot] += waited
            out[position] = (result, error)
        for slot in dead:
            out.update(self._bury(slot, schedule))
        self._feed(schedule, rows)
        return out

    def _bury(self, slot: int, schedule) -> dict[int, tuple]:
        """A worker that died (killed, out of memory, a crash in C) is replaced by a fresh one, and what
        it held is handed out again.  The document it was reading fails when a second worker dies on it."""
        proc = self.procs[slot]
        proc.join()
        hand, self.hands[slot] = self.hands[slot], []
        failed = {}
        if hand:
            self.deaths[hand[0]] = self.deaths.get(hand[0], 0) + 1
            if self.deaths[hand[0]] >= 2:
                failed[hand.pop(0)] = (None, f"the worker reading it died (exit code {proc.exitcode})")
        for position in hand:
            schedule.give_back(position)
        log.warning("worker %d died (exit code %s); a new one takes its place", slot, proc.exitcode)
        self._close(slot)
        schedule.restart(slot)
        self._start(slot)
        return failed


def _paragraph_languages(result: Optional[dict]) -> set:
    """The languages a result's paragraphs were read in (the models its worker used)."""
    return {paragraph.get("lang") for paragraph in (result or {}).get("paragraphs") or ()}


def persist_registry(db, pipeline: Pipeline) -> int:
    """Store the registry's entities with every alias (all scripts) in the KB, so that
    `icic entities Toqayev` and `icic search --entity МЦПК` find an entity by a spelling no
    article has used yet.  Idempotent; returns how many registry entries were written."""
    return save_registry_rows(db, *pipeline.registry().rows())


def _slim(rows: Iterable[dict]) -> Iterable[dict]:
    """Only what a worker needs travels to it."""
    keys = ("id", "text", "published", "lang_hint", "title")
    return ({k: row[k] for k in keys} for row in rows)


def _context():
    """fork where the platform has it (workers start at once), spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
