"""The sample site's articles as test data (shared by tests in several folders)."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "samples" / "articles"


def sample_articles() -> list[dict]:
    """The sample site's articles as dicts (id, outlet, lang, script, published, title, paragraphs, facts…)."""
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.yaml"))]


def article_item(article: dict) -> dict:
    """A sample article as the crawler would hand it to kb.store.save_document."""
    url = f"http://sample.test/{article['outlet']}/{article['slug']}.html"
    return {
        "url": url, "source_id": article["outlet"], "title": article["title"],
        "text": "\n\n".join(article["paragraphs"]), "author": article.get("author"),
        "published": str(article["published"]), "lang_hint": article["lang"],
    }
