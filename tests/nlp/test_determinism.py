"""The same input gives the same output whatever the hash seed: `icic extract --jsonl` run in two
processes with different PYTHONHASHSEED values over the sample articles and sentences written here
(set order once decided which of two registry entities sharing an alias a word linked to)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sample_data import sample_articles

ICIC = Path(sys.executable).parent / "icic"
# Words several registry entries can claim (a region and its city, a country's stem inside another word).
SENTENCES = [
    "По данным Росстата, товарооборот двух стран вырос на треть.",
    "Sirdaryoda yangi zavod ochildi, Sirdaryo shahri hokimi tadbirda qatnashdi.",
    "Сирдарёда қурилиш давом этмоқда.",
    "Сырдария облысы мен Түркістан облысының әкімдері кездесті.",
    "The Senate of Kazakhstan ratified the agreement on the center in Astana.",
]


def _input() -> str:
    rows = [{"id": a["id"], "text": a["title"] + "\n\n" + "\n\n".join(a["paragraphs"]),
             "published": str(a["published"])} for a in sample_articles()]
    rows += [{"id": f"s{i}", "text": t, "published": None} for i, t in enumerate(SENTENCES)]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _extract(text: str, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run([str(ICIC), "extract", "--jsonl"], input=text, capture_output=True, text=True,
                          env=env, timeout=600, check=True)
    return proc.stdout


@pytest.mark.slow
def test_extract_is_the_same_under_two_hash_seeds():
    text = _input()
    first, second = _extract(text, "1"), _extract(text, "2")
    assert len(first.splitlines()) == len(text.splitlines())
    for a, b in zip(first.splitlines(), second.splitlines()):
        assert a == b, json.loads(a)["id"]
