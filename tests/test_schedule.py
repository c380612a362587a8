"""icic.schedule: documents handed to workers by language, every one once, within the window."""
from __future__ import annotations

import pytest

from icic.schedule import LanguageSchedule


def run(schedule: LanguageSchedule, cpu: dict, workers: int = 2, load: dict | None = None,
        clock: list[float] | None = None) -> dict[int, list[int]]:
    """Play the parent: each worker holds one document at a time and reads it in cpu[hint] seconds
    (plus load[hint], 1 s unless given, on its first of a language, reported as a worker reports it: its
    models' load included); the next to finish asks again.  {worker: positions}; `clock`, if given, gets
    each worker's seconds of reading."""
    clock = clock if clock is not None else []
    clock[:] = [0.0] * workers
    hands: dict[int, int] = {}
    read: dict[int, list[int]] = {w: [] for w in range(workers)}
    seen: set = set()
    took: dict[int, float] = {}
    done: set[int] = set()
    while True:
        for w in range(workers):
            if w not in hands:
                position = schedule.next_for(w, busy=False)
                if position is not None:
                    hands[w] = position
                    hint = schedule.hints[position]
                    took[position] = cpu[hint] + ((load or {}).get(hint, 1.0) if (w, hint) not in seen else 0.0)
                    clock[w] += took[position]
                    seen.add((w, hint))
        if not hands:
            return read
        w = min(hands, key=lambda k: clock[k])
        position = hands.pop(w)
        schedule.read(w, position, took[position])
        read[w].append(position)
        done.add(position)
        written = 0
        while written in done:
            written += 1
        schedule.advance(written)


def test_each_worker_keeps_its_languages():
    hints = ["en", "ru"] * 20
    schedule = LanguageSchedule(hints, 2, window=64)
    read = run(schedule, {"en": 0.1, "ru": 0.1})
    assert sorted(read[0] + read[1]) == list(range(len(hints)))
    assert {len({hints[p] for p in positions}) for positions in read.values()} == {1}


def test_every_document_once_and_none_beyond_the_window():
    hints = ["en", "ru", "kk", "uz", "uz"] * 30
    schedule = LanguageSchedule(hints, 2, window=8)
    given = []
    for _ in range(8):
        for w in (0, 1):
            position = schedule.next_for(w, busy=False)
            if position is not None:
                given.append(position)
    assert len(given) == len(set(given)) == 8 and max(given) < 8   # the window is full: nothing more
    assert schedule.next_for(0, busy=False) is None and schedule.next_for(1, busy=False) is None
    schedule.advance(8)
    assert schedule.next_for(0, busy=False) is not None


def test_a_busy_worker_gets_only_its_own_languages():
    schedule = LanguageSchedule(["en", "ru", "ru", "en"], 2)
    assert schedule.next_for(0, busy=False) == 0          # en
    assert schedule.next_for(0, busy=True) == 3           # its next en, not the ru before it
    assert schedule.next_for(0, busy=True) is None
    assert schedule.next_for(1, busy=False) == 1          # ru: nobody had it


def test_balance_takes_the_language_cheapest_to_load():
    hints = ["ru", "uz", "ru", "uz", "en", "ru", "uz", "ru", "uz"]
    schedule = LanguageSchedule(hints, 2)
    assert schedule.next_for(1, busy=False) == 0          # worker 1 takes ru …
    assert schedule.next_for(1, busy=True) == 2
    schedule.read(1, 0, 2.0)                              # ru's models: 1.9 s more than a page
    schedule.read(1, 2, 0.1)
    assert schedule.next_for(1, busy=False) == 1          # … and uz, which nobody has
    assert schedule.next_for(1, busy=True) == 3
    schedule.read(1, 1, 0.1)
    schedule.read(1, 3, 0.1)
    assert schedule.next_for(0, busy=False) == 4          # worker 0: en
    schedule.read(0, 4, 1.0)
    # no en left: worker 0 shares one of worker 1's languages, uz (nothing to load), not ru
    assert schedule.next_for(0, busy=False) == 6
    assert schedule.load_cost("uz") == 0.0 and schedule.load_cost("ru") > 1.8


def test_a_document_given_back_is_handed_out_again_and_a_restarted_worker_starts_bare():
    schedule = LanguageSchedule(["en", "en", "ru"], 2)
    assert schedule.next_for(0, busy=False) == 0
    assert schedule.next_for(0, busy=True) == 1
    schedule.give_back(1)
    schedule.restart(0)
    assert schedule.langs[0] == set()
    assert schedule.next_for(1, busy=False) == 1          # the oldest, its language nobody's now


def test_documents_without_a_language_are_handed_out_too():
    hints = ["ru", None, "kk", None]
    schedule = LanguageSchedule(hints, 2)
    read = run(schedule, {"ru": 0.1, "kk": 0.1, None: 0.1})
    assert sorted(read[0] + read[1]) == [0, 1, 2, 3]


def test_a_language_is_taken_on_only_when_what_is_left_pays_for_its_load():
    hints = ["en", "ru", "en", "en", "en", "en"]
    schedule = LanguageSchedule(hints, 2)
    assert schedule.next_for(0, busy=False) == 0          # worker 0: en
    assert schedule.next_for(1, busy=False) == 1          # worker 1: ru
    schedule.read(0, 0, 1.1)                              # en's models: 1 s more than a page
    schedule.read(1, 1, 0.1)
    assert schedule.next_for(0, busy=False) == 2
    schedule.read(0, 2, 0.1)
    # three en pages left (0.3 s), shared would save 0.15 s: less than the 1 s load, so worker 1 waits
    assert schedule.load_cost("en") > 0.9 and schedule.next_for(1, busy=False) is None
    assert schedule.next_for(0, busy=False) == 3


def test_a_language_with_much_left_is_taken_on():
    hints = ["en", "ru"] + ["en"] * 40
    schedule = LanguageSchedule(hints, 2)
    assert schedule.next_for(0, busy=False) == 0
    assert schedule.next_for(1, busy=False) == 1
    schedule.read(0, 0, 1.1)
    schedule.read(1, 1, 0.1)
    assert schedule.next_for(0, busy=False) == 2
    schedule.read(0, 2, 0.1)
    assert schedule.next_for(1, busy=False) == 3          # 39 pages left (3.9 s): the 1 s load pays


def test_a_run_in_one_language_starts_on_every_worker_at_once():
    schedule = LanguageSchedule(["ru"] * 10, 2)
    assert schedule.next_for(0, busy=False) == 0
    assert schedule.next_for(1, busy=False) == 1          # nothing measured yet: no reason to wait


@pytest.mark.parametrize("busy", [False, True])
def test_a_worker_takes_the_oldest_document_of_a_language_that_loads_for_almost_nothing(busy):
    def worker_1_after(uz_first: float) -> int:
        hints = ["en", "uz", "ru", "uz", "uz", "ru", "en", "uz", "ru"]
        schedule = LanguageSchedule(hints, 2)
        assert schedule.next_for(0, busy=False) == 0      # worker 0: en …
        schedule.read(0, 0, 1.1)
        assert schedule.next_for(0, busy=False) == 1      # … and uz, which nobody had
        schedule.read(0, 1, uz_first)
        assert schedule.next_for(1, busy=False) == 2      # worker 1: ru
        schedule.read(1, 2, 0.9)
        assert schedule.next_for(0, busy=False) == 3
        schedule.read(0, 3, 0.03)                         # uz read in 0.03 s once loaded
        return schedule.next_for(1, busy=busy)

    # uz loads in 0.02 s, less than one of its pages: worker 1 takes the oldest (uz), not its own ru further on
    assert worker_1_after(uz_first=0.05) == 4
    # uz's models cost 0.97 s: worker 1 keeps to its own language
    assert worker_1_after(uz_first=1.0) == 5


def mid_run() -> LanguageSchedule:
    """Worker 0 reads en (1 s to load, 0.1 s a page), worker 1 ru (1 s, 0.05 s a page); worker 1 has read
    every ru page in the window (12) while worker 0 is still on en (2.5 s of it left), with 2.4 s of ru beyond
    the window."""
    hints = ["en", "ru", "ru"] * 28
    schedule = LanguageSchedule(hints, 2, window=12)
    assert schedule.next_for(0, busy=False) == 0
    assert schedule.next_for(1, busy=False) == 1
    schedule.read(0, 0, 1.1)
    assert schedule.next_for(0, busy=False) == 3
    schedule.read(0, 3, 0.1)
    assert schedule.next_for(0, busy=False) == 6          # in worker 0's hands: the window's oldest
    for position in (1, 2, 4, 5, 7, 8, 10, 11):
        if position != 1:
            assert schedule.next_for(1, busy=False) == position
        schedule.read(1, position, 1.05 if position == 1 else 0.05)
    return schedule


def test_a_worker_with_its_own_languages_beyond_the_window_waits_for_them():
    schedule = mid_run()
    # 25 en pages left: the old rule (load under half of what is left) loaded en on worker 1 here; it has
    # 2.4 s of ru of its own to come, so the run would end no sooner: it waits
    assert schedule.next_for(1, busy=False) is None
    schedule.advance(12)
    assert schedule.hints[schedule.next_for(1, busy=False)] == "ru"
    assert schedule.langs[1] == {"ru"}


def test_a_worker_with_nothing_of_its_own_left_takes_on_a_language_when_the_run_ends_sooner():
    hints = ["en", "ru"] + ["en"] * 15
    schedule = LanguageSchedule(hints, 2)
    assert schedule.next_for(0, busy=False) == 0
    assert schedule.next_for(1, busy=False) == 1
    schedule.read(0, 0, 1.1)                              # en's models: 1 s more than a page
    schedule.read(1, 1, 1.05)
    assert schedule.next_for(0, busy=False) == 2
    schedule.read(0, 2, 0.1)
    # 14 en pages left (1.4 s on worker 0 alone); loading en on worker 1 (1 s) and sharing ends at ~1.2 s:
    # taken on (the old rule waited unless the load was under half of what is left, 0.7 s)
    assert schedule.next_for(1, busy=False) == 3


def test_a_language_whose_first_page_is_still_being_read_is_not_loaded_twice():
    hints = ["en", "ru", "ru", "ru", "en"] + ["en", "ru"] * 20
    schedule = LanguageSchedule(hints, 2, window=5)
    assert schedule.next_for(0, busy=False) == 0          # worker 0 loads en: its first page not back yet
    for position in (1, 2, 3):
        assert schedule.next_for(1, busy=False) == position
        schedule.read(1, position, 0.9 if position == 1 else 0.05)
    # worker 1 has its own ru beyond the window: en's load, weighed at ru's (0.85 s), does not pay (the old
    # rule took en on at once, since nothing of en was measured)
    assert schedule.next_for(1, busy=False) is None
    assert schedule.langs[1] == {"ru"}


def test_a_worker_with_no_language_takes_on_one_nobody_has_measured():
    schedule = LanguageSchedule(["en"] * 6, 2)
    assert schedule.next_for(0, busy=False) == 0
    assert schedule.next_for(1, busy=False) == 1


def test_on_a_mix_like_bench_process_no_costly_model_is_loaded_twice():
    # bench process's order: languages in turn by number, the KB's order by url ("10" before "2")
    hints = [["en", "kk", "ru", "uz", "uz"][i % 5] for i in sorted(range(240), key=lambda i: f"http://b/{i}")]
    cpu = {"en": 0.08, "kk": 0.03, "ru": 0.03, "uz": 0.036}
    load = {"en": 1.0, "kk": 0.2, "ru": 0.8, "uz": 0.01}
    schedule, clock = LanguageSchedule(hints, 2, window=8), []
    read = run(schedule, cpu, load=load, clock=clock)
    assert sorted(read[0] + read[1]) == list(range(len(hints)))
    # with the old rule worker 1 took on en and worker 0 kk: 6.7 s each against 6.1 s
    assert [sorted(langs - {"uz"}) for langs in schedule.langs] == [["en"], ["kk", "ru"]]
    assert max(clock) - min(clock) <= 0.1 and max(clock) < 6.2


def test_the_finish_estimate_shares_what_several_workers_may_read():
    schedule = LanguageSchedule(["en"] * 10 + ["ru"] * 10 + ["uz"] * 10, 2)
    schedule.first_cpu.update({"en": 1.1, "ru": 1.1, "uz": 0.11})
    schedule.later_cpu.update({"en": [0.1], "ru": [0.1], "uz": [0.1]})
    only = {"en": frozenset({0}), "ru": frozenset({1}), "uz": frozenset({0, 1})}
    assert schedule.finish(only, [0.0, 0.0]) == pytest.approx(1.5)        # 3 s shared by two
    assert schedule.finish(only, [2.0, 0.0]) == pytest.approx(3.0)        # worker 0's 2 s in hand and its en
    assert schedule.finish(dict(only, ru=frozenset({1})), [0.0, 3.0]) == pytest.approx(4.0)
    assert schedule.finish({h: frozenset({0}) for h in only}, [0.0, 0.0]) == pytest.approx(3.0)


def test_the_finish_estimate_stays_quick_with_many_workers_and_languages():
    hints = [f"l{i}" for i in range(14)] * 3
    schedule = LanguageSchedule(hints, 8)
    for i in range(14):
        schedule.first_cpu[f"l{i}"], schedule.later_cpu[f"l{i}"] = 1.1, [0.1]
    # 14 languages, each held by its own pair of workers: 14 holder sets, too many to combine in full
    pairs = {f"l{i}": frozenset({i % 8, (i + 1 + i // 8) % 8}) for i in range(14)}
    assert len(set(pairs.values())) == 14
    estimate = schedule.finish(pairs, [0.0] * 8)
    assert estimate == pytest.approx(max(14 * 0.3 / 8, 0.3 / 2))   # all work over all workers, or one pair's
    assert schedule.finish(pairs, [0.0] * 7 + [5.0]) == pytest.approx(5.0)


def test_a_worker_takes_on_the_language_the_run_ends_soonest_with_not_the_cheapest_to_load():
    hints = ["en", "ru", "kk", "en", "ru", "kk", "en"] + ["ru"] * 40 + ["en"] * 2
    schedule = LanguageSchedule(hints, 3)
    for worker in range(3):
        assert schedule.next_for(worker, busy=False) == worker          # en, ru, kk: one each
    for worker, (load, page) in enumerate(((0.7, 0.1), (0.9, 0.1), (0.3, 0.1))):
        schedule.read(worker, worker, load)
        assert schedule.next_for(worker, busy=False) == worker + 3      # its language's second page
        schedule.read(worker, worker + 3, page)
    # worker 2 is out of kk: en loads in 0.6 s but has 0.3 s left, ru loads in 0.8 s and has 4 s on worker 1
    # alone; the old rule weighed only the cheapest to load (en), which did not pay, and waited
    assert schedule.next_for(2, busy=False) == 7
    assert schedule.langs[2] == {"kk", "ru"}


def test_a_document_read_with_another_languages_models_gives_the_worker_that_language():
    hints = ["en", "ru", "uz", "uz", "ru", "ru"]
    schedule = LanguageSchedule(hints, 2)
    assert schedule.next_for(0, busy=False) == 0          # worker 0: en
    assert schedule.next_for(1, busy=False) == 1          # worker 1: ru
    schedule.read(0, 0, 1.1, {"en"})
    schedule.read(1, 1, 1.0, {"ru"})
    assert schedule.next_for(0, busy=False) == 2          # uz, nobody's
    schedule.read(0, 2, 0.05, {"uz"})
    assert schedule.next_for(0, busy=False) == 3
    schedule.read(0, 3, 0.95, {"uz", "ru"})               # a line read as Russian: natasha loaded on worker 0
    assert schedule.langs[0] == {"en", "uz", "ru"}
    assert schedule.later_cpu["uz"] == []                 # a load, not what an uz page costs
    assert schedule.next_for(0, busy=False) == 4          # ru is worker 0's own now
