"""Parser benchmark: the project's article parser against trafilatura's and htmldate's defaults on
saved real-world-shaped pages (tests/crawler/pages, one page per quirk of real outlets).

    python -m bench parsers               # or: python -m bench.parsers --repeat 20

Per field it prints how many pages each side gets right: title (exact), publication day,
publication moment (the exact value, offset included), author, language hint, main-text recall
(share of the expected paragraphs found) and pages left without text; then pages/s.  The
libraries get the page alone (they have no feed or source time zone to go by); the project gets
what the crawl gives it: the source's languages and time zone and the route's dates.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "crawler" / "pages"
SITE = ROOT / "samples" / "site"
BASE = "http://127.0.0.1:8000"
ZONES = {"KZ": "Asia/Almaty", "UZ": "Asia/Tashkent"}


def cases() -> list[dict]:
    """The saved quirk pages with what each must give."""
    out = []
    for case in json.loads((PAGES / "expected.json").read_text(encoding="utf-8")):
        out.append({**case, "html": (PAGES / case["file"]).read_text(encoding="utf-8")})
    return out


def site_cases() -> list[dict]:
    """The bundled sample site's articles (title, date and language known; no text snippets)."""
    if not (SITE / "manifest.json").exists():
        return []
    out = []
    for article in json.loads((SITE / "manifest.json").read_text(encoding="utf-8")):
        body = (SITE / article["url"].lstrip("/")).read_bytes().replace(b"__BASE__", BASE.encode())
        from crawler.parsers import decode_html

        lang = article["lang"] + ("-" + article["script"] if article["lang"] == "uz" and article.get("script") else "")
        out.append({"file": article["url"], "url": BASE + article["url"], "html": decode_html(body).text,
                    "languages": [], "timezone": None,
                    "expected": {"title": article["title"], "published": article["published"], "text": [],
                                 "lang_hint": None, "lang": article["lang"]}})
    return out


def project(case: dict) -> dict:
    from crawler import parsers

    route = [parsers.DateEvidence(v, o) for v, o in case.get("route_dates", [])]
    return parsers.parse_article(case["html"], case["url"], source_languages=case["languages"],
                                 timezone=case.get("timezone"), route_dates=route)


def library_defaults(case: dict) -> dict:
    """trafilatura.extract and its metadata with their defaults; htmldate.find_date with its defaults."""
    import trafilatura
    from htmldate import find_date

    meta = trafilatura.extract_metadata(case["html"], default_url=case["url"])
    return {"title": meta.title if meta else None, "published": find_date(case["html"], url=case["url"]),
            "author": meta.author if meta else None, "lang_hint": None,
            "text": trafilatura.extract(case["html"], url=case["url"])}


def score(fields: dict, case: dict) -> dict:
    expected = case["expected"]
    published = fields.get("published") or ""
    text = fields.get("text") or ""
    lang = fields.get("lang_hint") or ""
    return {
        "title": fields.get("title") == expected["title"],
        "day": published[:10] == expected["published"][:10],
        "moment": published == expected["published"],
        "author": fields.get("author") == expected.get("author"),
        "lang": lang.split("-")[0] == expected["lang"] if "lang" in expected else lang == expected["lang_hint"],
        "recall": sum(p in text for p in expected["text"]) / len(expected["text"]) if expected["text"] else 1.0,
        "empty": not text.strip(),
    }


def run(reader, all_cases: list[dict], repeat: int) -> tuple[dict, float, list]:
    t0 = time.perf_counter()
    for _ in range(repeat):
        results = [score(reader(c), c) for c in all_cases]
    speed = repeat * len(all_cases) / (time.perf_counter() - t0)
    totals = {key: sum(r[key] for r in results) for key in results[0]}
    return totals, speed, results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.parsers", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="parse every page this many times for pages/s")
    args = parser.parse_args(argv)
    report(cases(), "saved pages (tests/crawler/pages), one per quirk", args.repeat)
    site = site_cases()
    if site:
        report(site, "sample-site articles (samples/site; title, date, language known)", 1, details=False)


def report(all_cases: list[dict], what: str, repeat: int, details: bool = True) -> None:
    """Print one comparison table (and, with `details`, the pages the project misses)."""
    n = len(all_cases)
    ours, our_speed, our_rows = run(project, all_cases, repeat)
    libs, lib_speed, lib_rows = run(library_defaults, all_cases, repeat)
    print(f"\n{n} {what}")
    print(f"{'figure':<28}{'project':>10}{'libraries':>12}")
    keys = (("title", "title exact"), ("day", "publication day right"), ("moment", "publication moment exact"),
            ("author", "author right (or none)"), ("lang", "language hint right"), ("recall", "main-text recall"),
            ("empty", "pages with no text"))
    for key, label in keys if details else keys[:3] + keys[4:5] + keys[6:]:
        fmt = (lambda v: f"{v / n:.3f}") if key == "recall" else (lambda v: f"{v}/{n}")
        print(f"{label:<28}{fmt(ours[key]):>10}{fmt(libs[key]):>12}")
    print(f"{'pages/s':<28}{our_speed:>10.1f}{lib_speed:>12.1f}   (shared machine: noisy)")
    for case, mine, theirs in zip(all_cases, our_rows, lib_rows) if details else ():
        lost = [k for k in ("title", "day", "moment", "author", "lang") if not mine[k]]
        if lost or mine["recall"] < 1:
            print(f"  project misses on {case['file']}: {', '.join(lost) or 'text'}")


if __name__ == "__main__":
    main()
