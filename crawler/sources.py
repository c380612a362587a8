"""Sources as data: outlets and their discovery routes, read from YAML and validated.

A sources file is ``{defaults: {...}, sources: [ {id, name, homepage, country,
languages, feeds, sitemaps, robots_sitemaps, listings, search, article_pattern}, ... ]}``.
Adding an outlet needs no code.  ``{base}`` in any URL is replaced by the
``base`` given to :func:`load_sources` (the demo and tests serve a local site).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional
from urllib.parse import quote, urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

LANGS = re.compile(r"^(ru|kk|uz|en|ky|tg|tk|zh|tr)(-(Latn|Cyrl))?$")
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Where an outlet's times without an offset are written, when its entry names no `timezone`.
# Kazakhstan has kept one zone (UTC+5) since March 2024; tzdata's Asia/Almaty follows that.
COUNTRY_ZONES = {"KZ": "Asia/Almaty", "UZ": "Asia/Tashkent", "KG": "Asia/Bishkek", "TJ": "Asia/Dushanbe",
                 "TM": "Asia/Ashgabat", "RU": "Europe/Moscow"}
HOST = re.compile(r"^(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(:\d{1,5})?$", re.I)


class SourcesError(Exception):
    """A sources file that cannot be used; the message names the file, the entry and the key."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


VERIFIED = re.compile(r"^unverified\b|^contradicted\b|^\d{4}-\d{2}-\d{2}\b\S*\s+\S")


def _check_verified(value: Optional[str]) -> Optional[str]:
    """A route's `verified`: 'YYYY-MM-DD how' (e.g. '2026-11-30 icic sources check: 200, 40 items'),
    or 'unverified …' / 'contradicted …' with the reason."""
    if value is not None and not VERIFIED.match(value.strip()):
        raise ValueError(f"verified must be 'YYYY-MM-DD how', 'unverified …' or 'contradicted …', not {value!r}")
    return value


class Listing(Model):
    """A listing page; further pages by rel=next links, or by a `page` template with {n}."""

    url: str
    page: Optional[str] = None          # e.g. "https://example.kz/news?page={n}" (n = 2, 3, …)
    max_pages: Optional[int] = Field(default=None, ge=1, le=100)
    verified: Optional[str] = None

    _verified = field_validator("verified")(_check_verified)

    _url = field_validator("url")(_check_url)

    @field_validator("page")
    @classmethod
    def _page(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and "{n}" not in value:
            raise ValueError("the page template needs {n}")
        return value if value is None else _check_url(value)


class Source(Model):
    """One outlet and the routes by which its articles are found."""

    id: str
    name: str
    homepage: str
    country: str = Field(pattern=r"^[A-Z]{2}$|^INT$")
    languages: list[str] = Field(min_length=1)
    feeds: list[str] = []
    sitemaps: list[str] = []
    robots_sitemaps: bool = False       # also read the sitemaps robots.txt declares
    listings: list[Listing] = []
    search: list[str] = []              # URL templates with {query}
    article_pattern: Optional[str] = None
    allowed_hosts: list[str] = []       # more hosts its articles may be on (host, host:port, *.domain)
    max_age_days: Optional[int] = Field(default=None, ge=0)   # skip what routes date older; 0 = no limit
    first_crawl_max_pages: Optional[int] = Field(default=None, ge=0)  # article pages on a first crawl; 0 = no limit
    timezone: Optional[str] = None      # IANA zone of times written without an offset (default: by country)
    documents: bool = False             # a legal portal: every page is a document, its kind read from its title
    notes: Optional[str] = None
    verified: dict[str, str] = {}       # route URL (feed, sitemap, search template, robots) → how it was checked

    @model_validator(mode="before")
    @classmethod
    def _route_objects(cls, data):
        """feeds, sitemaps and search entries may be {url, verified}: the URL stays in its list (what
        the spider reads), the note goes to `verified`.  robots_sitemaps may be {enabled, verified}."""
        if not isinstance(data, dict):
            return data
        data, notes = dict(data), dict(data.get("verified") or {})
        for key in ("feeds", "sitemaps", "search"):
            entries = data.get(key)
            if isinstance(entries, list):
                data[key] = [_route_url(e, notes) for e in entries]
        robots = data.get("robots_sitemaps")
        if isinstance(robots, dict):
            data["robots_sitemaps"] = robots.get("enabled", True)
            if robots.get("verified"):
                notes["robots.txt"] = robots["verified"]
        if notes:
            data["verified"] = notes
        return data

    @field_validator("verified")
    @classmethod
    def _verified_notes(cls, value: dict[str, str]) -> dict[str, str]:
        for note in value.values():
            _check_verified(note)
        return value

    _homepage = field_validator("homepage")(_check_url)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: Optional[str]) -> Optional[str]:
        from crawler.parsers import zone

        if value is not None and zone(value) is None:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Asia/Tashkent)")
        return value

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not ID.match(value):
            raise ValueError(f"id must be lower-case letters, digits and hyphens, not {value!r}")
        return value

    @field_validator("languages")
    @classmethod
    def _langs(cls, value: list[str]) -> list[str]:
        for lang in value:
            if not LANGS.match(lang):
                raise ValueError(f"unknown language {lang!r} (use ru, kk, uz, uz-Cyrl, uz-Latn, en…)")
        return value

    @field_validator("feeds", "sitemaps")
    @classmethod
    def _urls(cls, value: list[str]) -> list[str]:
        return [_check_url(u) for u in value]

    @field_validator("search")
    @classmethod
    def _search(cls, value: list[str]) -> list[str]:
        for template in value:
            if "{query}" not in template:
                raise ValueError(f"search template needs {{query}}: {template!r}")
            _check_url(template.replace("{query}", "q"))
        return value

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, value: list[str]) -> list[str]:
        for host in value:
            if not HOST.match(host):
                raise ValueError(f"not a host name (host, host:port or *.domain): {host!r}")
        return value

    @field_validator("article_pattern")
    @classmethod
    def _pattern(cls, value: Optional[str]) -> Optional[str]:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"bad regular expression: {exc}") from None
        return value

    @model_validator(mode="after")
    def _has_route(self) -> "Source":
        if not (self.feeds or self.sitemaps or self.robots_sitemaps or self.listings or self.search):
            raise ValueError("no route: give feeds, sitemaps, robots_sitemaps, listings or search")
        return self

    def scripts(self) -> set[str]:
        """Writing systems of the source's languages: Cyrl and/or Latn."""
        out = set()
        for lang in self.languages:
            if lang.endswith(("-Cyrl", "-Latn")):
                out.add(lang[-4:])
            else:
                out.add({"ru": "Cyrl", "kk": "Cyrl", "ky": "Cyrl", "tg": "Cyrl", "uz": "Latn"}.get(lang, "Latn"))
        return out

    def search_urls(self, terms: list[str]) -> list[str]:
        """The search templates filled with each term written in one of the source's scripts."""
        scripts = self.scripts()
        fitting = [t for t in terms if _script(t) in scripts]
        return [tpl.replace("{query}", quote(term)) for tpl in self.search for term in fitting]


def _route_url(entry, notes: dict):
    if isinstance(entry, dict) and "url" in entry:
        if entry.get("verified"):
            notes[entry["url"]] = entry["verified"]
        return entry["url"]
    return entry


def _script(text: str) -> str:
    return "Cyrl" if re.search(r"[\u0400-\u04ff]", text) else "Latn"


class Defaults(Model):
    max_pages: int = Field(default=3, ge=1, le=100)
    max_age_days: Optional[int] = Field(default=None, ge=0)     # None: crawl.max_age_days; 0 = no limit
    first_crawl_max_pages: Optional[int] = Field(default=None, ge=0)   # None: crawl.first_crawl_max_pages


class SourcesFile(Model):
    defaults: Defaults = Defaults()
    sources: list[Source]

    def resolved(self) -> list[Source]:
        """The sources with file-wide defaults applied to every listing that does not set its own."""
        pages, age, budget = self.defaults.max_pages, self.defaults.max_age_days, self.defaults.first_crawl_max_pages
        return [s.model_copy(update={
            "listings": [l if l.max_pages else l.model_copy(update={"max_pages": pages}) for l in s.listings],
            "max_age_days": age if s.max_age_days is None else s.max_age_days,
            "timezone": s.timezone or COUNTRY_ZONES.get(s.country),
            "first_crawl_max_pages": budget if s.first_crawl_max_pages is None else s.first_crawl_max_pages,
        }) for s in self.sources]


def _substitute(node, base: Optional[str], where: str):
    if isinstance(node, str):
        if "{base}" in node:
            if base is None:
                raise SourcesError(f"{where}: contains {{base}} but no base URL was given (--base)")
            return node.replace("{base}", base.rstrip("/"))
        return node
    if isinstance(node, list):
        return [_substitute(v, base, where) for v in node]
    if isinstance(node, dict):
        return {k: _substitute(v, base, where) for k, v in node.items()}
    return node


def _entry_name(data: dict, index: int) -> str:
    try:
        return f"source {data['sources'][index].get('id') or index}"
    except (KeyError, IndexError, TypeError, AttributeError):
        return f"source {index}"


def _explain(err: ValidationError, data: dict, path: str) -> str:
    first = err.errors()[0]
    loc = list(first["loc"])
    where = path
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):  # name the entry by its id
        where = f"{path}: {_entry_name(data, loc[1])}"
        loc = loc[2:]
    key = ".".join(str(p) for p in loc) or "(entry)"
    if first["type"] == "extra_forbidden":
        return f"{where}: unknown key '{key}'"
    if first["type"] == "missing":
        return f"{where}: missing key '{key}'"
    return f"{where}: key '{key}': {first['msg'].removeprefix('Value error, ')}"


def load_sources(path: str | Path, base: Optional[str] = None) -> list[Source]:
    """Read and validate a sources file; `{base}` in URLs becomes `base`.  Raises SourcesError."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"{path}: no such sources file") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourcesError(f"{path}: not valid YAML{where}: {what}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise SourcesError(f"{path}: the top level must be a mapping with a 'sources' list")
    data = _substitute(data, base, str(path))
    try:
        parsed = SourcesFile.model_validate(data)
    except ValidationError as err:
        raise SourcesError(_explain(err, data, str(path))) from None
    ids = [s.id for s in parsed.sources]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SourcesError(f"{path}: source {dupes[0]}: the id is used twice")
    return parsed.resolved()


def topic_terms(topic_path: str | Path) -> list[str]:
    """The subject's names from the topic file (read as YAML; the crawler does not import nlp)."""
    try:
        data = yaml.safe_load(Path(topic_path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SourcesError(f"{topic_path}: cannot read the topic file: {exc}") from None
    names = data.get("names") or []
    return list(dict.fromkeys(n.strip() for n in names if isinstance(n, str) and n.strip()))
