"""Reprint clusters, the document side of kb.store, and small helpers of the crawler."""
from __future__ import annotations

import email.utils

import pytest

from crawler.dedup import ReprintIndex, shingles
from crawler.middlewares import retry_after_seconds
from crawler.settings import crawl_settings
from kb import open_db
from kb.store import cluster_members, join_cluster, save_document, save_source, url_seen

STORY = ("The customs services of both countries signed a protocol on joint control of goods at the "
         "cooperation centre between the two checkpoints. Visitors will pass a single inspection and goods "
         "bought inside will be cleared under a simplified regime, officials said on Wednesday. The sides "
         "also agreed to build a shared system for tracking cargo by the end of next year.")
REPRINT = "Traders will only have to clear customs once. " + STORY + " Copyright Oasis Daily."
OTHER = ("A new bus route links the district centre with the railway station, the akimat said. Buses will "
         "run every twenty minutes from early morning, and the fare stays the same as on the old route.")


def kb(path=None):
    """A KB with outlets a, b and c."""
    db = open_db(path)
    for sid in "abc":
        save_source(db, {"id": sid, "name": sid, "homepage": f"http://{sid}.kz/", "country": "KZ", "languages": []})
    return db


def doc(url, text, source="a"):
    return {"url": url, "source_id": source, "title": url, "text": text}


def test_near_copy_found_across_runs(tmp_path):
    path = tmp_path / "kb.sqlite"
    db = kb(path)
    first, _ = save_document(db, doc("http://a.kz/1", STORY))
    assert ReprintIndex(db).add(first, STORY) is None
    db.close()
    db = open_db(path)                                  # a later run: signatures come from the KB
    second, _ = save_document(db, doc("http://b.uz/1", REPRINT, "b"))
    index = ReprintIndex(db)
    assert index.add(second, REPRINT) == first
    third, _ = save_document(db, doc("http://c.kz/1", OTHER))
    assert index.add(third, OTHER) is None


def test_cluster_keeps_every_outlet_and_url():
    db = kb()
    a, _ = save_document(db, doc("http://a.kz/1", STORY, "a"))
    b, _ = save_document(db, doc("http://b.uz/1", REPRINT, "b"))
    dup_id, outcome = save_document(db, doc("http://c.kz/copy", STORY, "c"))   # exact copy
    assert (dup_id, outcome) == (a, "duplicate")
    cluster = join_cluster(db, b, a)
    members = cluster_members(db, cluster)
    assert {(m["source_id"], m["url"]) for m in members} == {
        ("a", "http://a.kz/1"), ("b", "http://b.uz/1"), ("c", "http://c.kz/copy")}
    row = db["clusters"].get(cluster)
    assert row["size"] == 2 and row["canonical_document_id"] == a


def test_joining_two_clusters_merges_them():
    db = kb()
    ids = [save_document(db, doc(f"http://x.kz/{i}", f"{STORY} {i} {'x' * i}"))[0] for i in range(4)]
    left = join_cluster(db, ids[1], ids[0])
    right = join_cluster(db, ids[3], ids[2])
    merged = join_cluster(db, ids[2], ids[1])
    assert {r["cluster_id"] for r in db.query("select cluster_id from documents")} == {merged}
    assert db["clusters"].count == 1 and db["clusters"].get(merged)["size"] == 4
    assert merged in (left, right)


def test_new_version_and_seen_times():
    db = kb()
    item = {**doc("http://a.kz/1", STORY), "urls": ["http://a.kz/1?from=rss"], "fetched": "2026-01-01T00:00:00+00:00"}
    doc_id, outcome = save_document(db, item)
    assert outcome == "new" and url_seen(db, "http://a.kz/1?from=rss") == "2026-01-01T00:00:00+00:00"
    assert save_document(db, {**item, "fetched": "2026-01-02T00:00:00+00:00"}) == (doc_id, "unchanged")
    assert url_seen(db, "http://a.kz/1") == "2026-01-02T00:00:00+00:00"
    assert save_document(db, {**item, "text": STORY + " Updated."}) == (doc_id, "updated")
    assert db["documents"].get(doc_id)["version"] == 2


def test_shingles_fold_case_and_short_texts():
    assert shingles("One two THREE four") == {b"one two three", b"two three four"}
    assert shingles("Hi there") == {b"hi", b"there"}


@pytest.mark.parametrize("value, expected", [
    (b"120", 120.0), ("7", 7.0), (None, None), (b"soon", None),
    (email.utils.formatdate(1_000_030, usegmt=True), 30.0),
])
def test_retry_after(value, expected):
    assert retry_after_seconds(value, now=1_000_000) == expected


def test_settings_from_config_are_polite_and_explicit():
    from icic.config import load_config

    settings = crawl_settings(load_config().crawl.model_dump(), db="kb.sqlite", run_id=3)
    assert settings["ROBOTSTXT_OBEY"] is True
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert settings["DOWNLOAD_DELAY"] >= 1.0 and settings["AUTOTHROTTLE_ENABLED"] is True
    assert "https://github.com/icic-monitor/icic-monitor" in settings["USER_AGENT"]
    assert settings["DOWNLOAD_MAXSIZE"] == 10_000_000 and settings["RETRY_TIMES"] == 3
    assert "SCHEDULER" not in settings


def test_frontier_settings_use_scrapy_redis():
    from icic.config import load_config

    settings = crawl_settings(load_config().crawl.model_dump(), db="kb.sqlite", run_id=3,
                              frontier="redis://127.0.0.1:6379/0")
    assert settings["SCHEDULER"] == "scrapy_redis.scheduler.Scheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings["SCHEDULER_PERSIST"] is True and settings["REDIS_URL"] == "redis://127.0.0.1:6379/0"


# ---------------------------------------------------------------- the own MinHash LSH against datasketch

WORDS = ("border customs cargo railway terminal warehouse investor district akimat contract textile grain "
         "tariff bridge checkpoint market factory energy water schedule opening phase hectares tenge").split()


def generated_texts(count: int, seed: int = 3) -> list[str]:
    """Texts of random words, a third of them an earlier text with a sentence added, cut or changed."""
    import random

    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(count):
        if texts and rng.random() < 0.35:
            words = rng.choice(texts).split()
            cut = rng.randrange(len(words))
            change = rng.choice(("lead", "cut", "swap"))
            if change == "lead":
                words = [rng.choice(WORDS) for _ in range(rng.randint(3, 30))] + words
            elif change == "cut":
                words = words[:cut] + words[cut + rng.randint(1, 25):]
            else:
                words[cut:cut + 5] = [rng.choice(WORDS) for _ in range(5)]
        else:
            words = [rng.choice(WORDS) for _ in range(rng.randint(2, 120))]
        texts.append(" ".join(words))
    return texts


class DatasketchIndex:
    """The reprint search as it was written with datasketch (the reference the own code must match)."""

    def __init__(self, threshold=0.5, num_perm=128):
        import zlib

        from datasketch import MinHash, MinHashLSH

        self.make = lambda: MinHash(num_perm=num_perm, scheme="affine32", hashfunc=zlib.crc32)
        self.lsh, self.threshold, self.sigs = MinHashLSH(threshold=threshold, num_perm=num_perm), threshold, {}

    def add(self, doc_id, text):
        sig = self.make()
        sig.update_batch(list(shingles(text)))
        best, best_score = None, self.threshold
        for other in self.lsh.query(sig):
            score = sig.jaccard(self.sigs[other])
            if score >= best_score:
                best, best_score = other, score
        self.lsh.insert(doc_id, sig)
        self.sigs[doc_id] = sig
        return best, sig.hashvalues.astype("uint64").tobytes()


def test_reprint_decisions_and_signatures_are_datasketchs():
    pytest.importorskip("datasketch")
    db = kb()
    db.execute("PRAGMA foreign_keys = OFF")      # signatures of documents this test does not store
    ours, reference = ReprintIndex(db), DatasketchIndex()
    texts = [STORY, REPRINT, OTHER, "", "Hi there", STORY + " Updated."] + generated_texts(400)
    found = 0
    for doc_id, text in enumerate(texts, start=1):
        expected, blob = reference.add(doc_id, text)
        assert ours.add(doc_id, text) == expected, (doc_id, text)
        stored = db.execute("select signature from minhashes where document_id = ?", [doc_id]).fetchone()[0]
        assert stored == blob
        found += expected is not None
    assert found > 60            # the generated reprints are found, so the comparison says something


def test_signatures_stored_by_datasketch_are_read_as_they_are(tmp_path):
    pytest.importorskip("datasketch")
    from kb.store import save_minhash

    db = kb(tmp_path / "kb.sqlite")
    db.execute("PRAGMA foreign_keys = OFF")
    reference = DatasketchIndex()
    _, blob = reference.add(1, STORY)
    save_minhash(db, 1, blob, 128)
    assert ReprintIndex(db).add(2, REPRINT) == 1


@pytest.mark.parametrize("num_perm", [32, 128, 256])
def test_lsh_bands_are_datasketchs(num_perm):
    pytest.importorskip("datasketch")
    from datasketch.lsh import _optimal_param

    from crawler.dedup import lsh_params

    for threshold in (0.1, 0.3, 0.45, 0.5, 0.6, 0.75, 0.9):
        assert lsh_params(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5)
