"""Scoring the pipeline against the project's annotated sample articles.

Each `samples/articles/*.yaml` carries `facts` in the eval gold schema.  The
matching rules are those of the extraction evaluation (see the eval README):

- money: same currency and amount within 0.5 %;
- dates: same end, and the same start where the gold gives one; a deadline
  (or a gold without start) matches on the year of its end; in an article
  without a publication date, extra dates are not counted against precision;
- entities: same type and a name close to the gold canonical or an alias after
  folding case, script and punctuation; each distinct predicted entity once;
- commitments: the gold hint lies inside the predicted evidence, and where the
  gold has a deadline or an amount the prediction carries a matching one.

Run `python -m tests.quality.scoring` for the table; the quality gate
(test_quality.py) compares it with the floors pinned in floors.json.
"""
from __future__ import annotations

import difflib
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "samples" / "articles"
FLOORS = Path(__file__).with_name("floors.json")
STAGES = ("lang", "about", "entities", "money", "dates", "commitments")
# On the matched commitments: the actor names the gold's parties; the status is the gold's; reports of one
# gold step (`track`) share a track in a KB holding every sample, and reports of different steps do not
# (pairwise F1 over the pairs with a report in the group).
COMMITMENT_STAGES = ("actor", "status", "tracks")
PARTY_SPLIT = re.compile(r"\s+(?:and|и|мен|пен|бен|және|va|ва|&)\s+|\s*[,;|]\s*")

TRANSLIT = str.maketrans({
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e", "ж": "j",
    "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n",
    "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ў": "o",
    "ф": "f", "х": "h", "ҳ": "h", "һ": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya", "q": "k", "x": "h", "w": "v",
})


def fold_name(name: str) -> str:
    """A name folded to plain Latin letters, digits and single spaces, for fuzzy comparison."""
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name or "").casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).translate(TRANSLIT)
    s = s.replace("kh", "h").replace("zh", "j").replace("ts", "c")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def close_names(predicted: list[str], gold: list[str]) -> bool:
    for p in {fold_name(x) for x in predicted if x} - {""}:
        for g in {fold_name(x) for x in gold if x} - {""}:
            if p == g or (min(len(p), len(g)) >= 4 and (p.startswith(g) or g.startswith(p))):
                return True
            if difflib.SequenceMatcher(None, p, g).ratio() >= 0.85:
                return True
    return False


def same_amount(p: dict | None, g: dict) -> bool:
    if not p or p.get("amount") is None:
        return False
    return (p.get("currency") or "").upper() == g["currency"] and \
        abs(float(p["amount"]) - float(g["amount"])) <= 0.005 * max(abs(float(g["amount"])), 1.0)


def same_period(p: dict | None, g: dict) -> bool:
    if not p or not p.get("end") or not g.get("end"):
        return False
    if g.get("kind") == "deadline" or g.get("start") is None:
        return p["end"][:4] == g["end"][:4]
    return p["end"] == g["end"] and p.get("start") == g["start"]


def squeeze(text: str | None) -> str:
    return " ".join((text or "").replace("\u00ad", "").split())


def commitment_matcher(text: str):
    def match(p: dict, g: dict) -> bool:
        hint = squeeze(g["hint"])
        span = p.get("span") or [0, 0]
        if hint not in squeeze(p.get("evidence")) and hint not in squeeze(text[span[0]:span[1]]):
            return False
        if g.get("deadline") and not same_period(p.get("deadline"), {**g["deadline"], "kind": "deadline"}):
            return False
        return not g.get("amount") or same_amount(p.get("amount"), g["amount"])
    return match


def entity_matcher(p: dict, g: dict) -> bool:
    names = [p.get("text"), p.get("normal"), p.get("canonical")]
    return p.get("type") == g["type"] and close_names(names, [g["canonical"], *g.get("aliases", [])])


def pair_up(preds: list, golds: list, match) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of a greedy one-to-one matching."""
    pairs = matched(preds, golds, match)
    return len(pairs), len(preds) - len(pairs), len(golds) - len(pairs)


def matched(preds: list, golds: list, match) -> list[tuple[int, int]]:
    """(gold index, prediction index) of a greedy one-to-one matching."""
    free = list(range(len(preds)))
    out = []
    for gi, g in enumerate(golds):
        hit = next((i for i in free if match(preds[i], g)), None)
        if hit is not None:
            out.append((gi, hit))
            free.remove(hit)
    return out


def same_actor(predicted: str | None, gold: str | None, names: dict[str, list[str]] | None = None) -> bool:
    """The predicted actor names the gold's parties, in any order and script; `names` gives each
    party's other names (the article's own words for it, from the gold entities), as the dev set's
    `actor_aliases` do."""
    if not predicted or not gold:
        return not predicted and not gold
    if close_names([predicted], [gold]):
        return True
    want, got = PARTY_SPLIT.split(gold), PARTY_SPLIT.split(predicted)

    def forms(party: str) -> list[str]:
        return [party, *(names or {}).get(party, [])]

    return all(any(close_names([x], forms(w)) for x in got) for w in want) and \
        all(any(close_names([x], forms(w)) for w in want) for x in got)


def party_names(article: dict) -> dict[str, list[str]]:
    """{canonical name: the article's aliases of it} from the gold entities."""
    return {e["canonical"]: list(e.get("aliases", [])) for e in article["facts"].get("entities", [])}


def pairwise_f1(items: list[tuple[str, object, str]], group: str) -> float:
    """Pairwise F1 of (gold track, predicted track, group) items over the pairs touching `group`."""
    tp = fp = fn = 0
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if group != "all" and group not in (items[i][2], items[j][2]):
                continue
            same_g = items[i][0] == items[j][0]
            same_p = items[i][1] is not None and items[i][1] == items[j][1]
            tp, fp, fn = tp + (same_g and same_p), fp + (same_p and not same_g), fn + (same_g and not same_p)
    return 1.0 if not (tp + fp + fn) else 2 * tp / (2 * tp + fp + fn)


def distinct_entities(entities: list[dict]) -> list[dict]:
    seen, out = set(), []
    for e in entities:
        key = (e.get("type"), fold_name(e.get("canonical") or e.get("normal") or e.get("text") or ""))
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


@dataclass
class Count:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def f1(self) -> float:
        if not (self.tp + self.fp + self.fn):
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


def group_of(article: dict) -> str:
    """ru, kk, en, uz-Latn, uz-Cyrl."""
    return f"uz-{article.get('script') or 'Latn'}" if article["lang"] == "uz" else article["lang"]


def load_articles() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.yaml"))]


def article_text(article: dict) -> str:
    return "\n\n".join(article["paragraphs"])


def score_article(article: dict, result: dict, counts: dict) -> None:
    """Add one article's outcome to counts[stage][group] (and to the 'all' group)."""
    facts, text = article["facts"], article_text(article)
    published = article.get("published")
    checks = {
        "money": (result["money"], facts.get("money", []), lambda p, g: same_amount(p, g)),
        "dates": (result["dates"], facts.get("dates", []), same_period),
        "entities": (distinct_entities(result["entities"]), facts.get("entities", []), entity_matcher),
        "commitments": (result["commitments"], facts.get("commitments", []), commitment_matcher(text)),
    }
    for group in (group_of(article), "all"):
        for stage, (preds, golds, match) in checks.items():
            tp, fp, fn = pair_up(preds, golds, match)
            c = counts[stage][group]
            c.tp, c.fn = c.tp + tp, c.fn + fn
            c.fp += 0 if (stage == "dates" and not published) else fp
        for stage, right in (("lang", result["lang"] == article["lang"]),
                             ("about", (result["relevance"]["label"] == "about") == (facts.get("relevance", 0) >= 2))):
            c = counts[stage][group]
            c.tp, c.fn = c.tp + right, c.fn + (not right)


def score(pipeline, articles: list[dict] | None = None) -> dict[str, dict[str, float]]:
    """{stage: {group: F1 (accuracy for lang, about, actor and status; pairwise F1 for tracks)}}."""
    counts = {stage: defaultdict(Count) for stage in STAGES}
    accuracy = {stage: defaultdict(lambda: [0, 0]) for stage in ("actor", "status")}
    reports = []                                    # (article, result, [(gold, prediction index)])
    for article in articles if articles is not None else load_articles():
        published = str(article["published"]) if article.get("published") else None
        result = pipeline(article_text(article), published).to_json()
        score_article(article, result, counts)
        golds = article["facts"].get("commitments", [])
        pairs = matched(result["commitments"], golds, commitment_matcher(article_text(article)))
        reports.append((article, result, [(golds[gi], pi) for gi, pi in pairs]))
        for gold, pi in reports[-1][2]:
            pred = result["commitments"][pi]
            for group in (group_of(article), "all"):
                for stage, right in (("status", pred["status"] == gold["status"]),
                                     ("actor", same_actor(pred.get("actor"), gold.get("actor"),
                                                          party_names(article)))):
                    if stage == "actor" and not gold.get("actor"):
                        continue
                    accuracy[stage][group][0] += right
                    accuracy[stage][group][1] += 1
    table = {stage: {g: round(c.f1(), 3) for g, c in sorted(groups.items())} for stage, groups in counts.items()}
    for stage, groups in accuracy.items():
        table[stage] = {g: round(r / n, 3) for g, (r, n) in sorted(groups.items()) if n}
    items = track_items(reports)
    table["tracks"] = {g: round(pairwise_f1(items, g), 3) for g in sorted({i[2] for i in items} | {"all"})}
    return table


def track_items(reports) -> list[tuple[str, object, str]]:
    """(gold track, predicted track id, group) per matched commitment, from a KB that holds every
    sample article, stored and processed oldest first as `icic process` does."""
    from kb.db import open_db
    from kb.store import save_document, save_extraction

    db = open_db(None)
    stored = []
    for article, result, pairs in sorted(reports, key=lambda r: (str(r[0].get("published") or ""), r[0]["id"])):
        doc_id, _ = save_document(db, {"url": f"urn:sample:{article['id']}", "title": article.get("title"),
                                       "text": article_text(article), "published": str(article.get("published") or "")
                                       or None})
        save_extraction(db, doc_id, result, "quality-gate")
        ids = [r[0] for r in db.execute("select track_id from commitments where document_id = ? order by id",
                                        [doc_id])]
        stored += [(gold.get("track"), ids[pi] if pi < len(ids) else None, group_of(article)) for gold, pi in pairs
                   if gold.get("track")]
    return stored


def load_floors() -> dict[str, dict[str, float]]:
    return json.loads(FLOORS.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    """Print the table; `--write-floors` pins the current figures as floors (on purpose only)."""
    from nlp.pipeline import Pipeline

    table = score(Pipeline())
    groups = sorted({g for row in table.values() for g in row})
    print(f"{'':12}" + "".join(f"{g:>9}" for g in groups))
    for stage, row in table.items():
        print(f"{stage:12}" + "".join(f"{row.get(g, float('nan')):9.3f}" for g in groups))
    if "--write-floors" in argv:
        FLOORS.write_text(json.dumps(table, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"floors written to {FLOORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
