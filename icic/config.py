"""Configuration: defaults shipped with the package, merged with a user file.

The schema is strict: an unknown key or a value of the wrong type is a
ConfigError whose message names the key and the file.
"""
from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path
from typing import Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

DEFAULTS = "defaults.yaml"
# Linear-time patterns (a nested quantifier here once made "aaaa…!" take seconds per check).
MAILBOX = re.compile(r"^[^\s@<>(),;:\"\[\]\\]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*$")
DISPLAY_NAME = re.compile(r"^[^<>@]*$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_WORKERS = 64                 # `icic process` never starts more than the cores anyway (icic.process.worker_count)


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names key and file."""


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class KBConfig(Section):
    path: str = "data/icic.sqlite"


class CrawlConfig(Section):
    user_agent: str
    contact_url: str
    obey_robots: bool = True
    concurrent_per_domain: int = Field(default=1, ge=1, le=64)
    download_delay: float = Field(default=1.0, ge=0, le=3600)
    autothrottle: bool = True
    timeout: float = Field(default=30, gt=0, le=3600)
    retry_times: int = Field(default=3, ge=0, le=100)
    max_page_bytes: int = Field(default=10_000_000, ge=1_000, le=1_000_000_000)
    max_pages: int = Field(default=0, ge=0)
    frontier: Optional[str] = None
    log_level: Literal["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"] = "WARNING"
    retry_backoff: float = Field(default=1.0, ge=0, le=3600)
    retry_max_delay: float = Field(default=60.0, ge=0, le=86400)
    reprint_threshold: float = 0.5
    breaker_failures: int = Field(default=3, ge=1)
    max_age_days: int = Field(default=365, ge=0)            # 0 = no limit
    first_crawl_max_pages: int = Field(default=300, ge=0)   # per source with nothing stored yet; 0 = no limit
    pending_backoff: float = Field(default=900.0, ge=0, le=30 * 86400)

    @field_validator("frontier")
    @classmethod
    def _frontier(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(f"frontier must be a redis:// URL, not {value!r}")
        return value

    @field_validator("reprint_threshold")
    @classmethod
    def _threshold(cls, value: float) -> float:
        if not 0 < value <= 1:
            raise ValueError(f"reprint_threshold must be in (0, 1], not {value}")
        return value


class NLPConfig(Section):
    transformers_model: Optional[str] = None
    registry: Optional[str] = None
    workers: int = Field(default=0, ge=0, le=MAX_WORKERS)
    batch_size: int = Field(default=16, ge=1, le=10_000)
    max_chars: int = Field(default=500_000, ge=1_000, le=100_000_000)
    doc_timeout: float = Field(default=300.0, ge=0)


def check_address(addr: str) -> str:
    """Return the address if it looks like a mailbox, else raise ValueError naming it."""
    text = addr.strip()
    name, bracket, mailbox = text.rpartition("<")
    if bracket:  # "Name <box@host>": the mailbox sits between the last < and a final >
        mailbox = mailbox[:-1] if mailbox.endswith(">") else ""
    if not MAILBOX.match(mailbox) or not DISPLAY_NAME.match(name):
        raise ValueError(f"invalid email address {addr!r}")
    return text


class DigestConfig(Section):
    timezone: str = "Asia/Almaty"
    time: str = "08:00"
    recipients: list[str] = []
    from_addr: str = "ICIC Monitor <monitor@localhost>"
    subject: str = "ICIC Monitor digest — {date}"
    skip_empty: bool = False
    list_unsubscribe: Optional[str] = None
    out_dir: str = "out"
    due_days: int = Field(default=30, ge=0, le=36500)
    chart_days: int = Field(default=30, ge=1, le=366)
    top_entities: int = Field(default=5, ge=1, le=1000)
    list_limit: int = Field(default=3, ge=1, le=1000)
    datasette_url: Optional[str] = None

    @field_validator("subject", "from_addr", "list_unsubscribe")
    @classmethod
    def _one_line(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and CONTROL.search(value):     # CR/LF would start a new mail header
            raise ValueError("must be one line without control characters (CR, LF, tab…)")
        return value

    @field_validator("datasette_url")
    @classmethod
    def _datasette_url(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and (not value.startswith(("http://", "https://")) or CONTROL.search(value)):
            raise ValueError(f"datasette_url must be an http(s) URL, not {value!r}")
        return value.rstrip("/") if value else value

    @field_validator("subject")
    @classmethod
    def _subject(cls, value: str) -> str:
        try:
            value.format(date="2026-01-01", count=0)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"subject may use only {{date}} and {{count}}: {exc}") from None
        return value

    @field_validator("recipients")
    @classmethod
    def _recipients(cls, value: list[str]) -> list[str]:
        return [check_address(a) for a in value]

    @field_validator("from_addr")
    @classmethod
    def _from(cls, value: str) -> str:
        return check_address(value)

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError(f"time must be HH:MM, not {value!r}")
        return value

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value


class SMTPConfig(Section):
    host: str = "127.0.0.1"
    port: int = Field(default=25, ge=1, le=65535)
    security: Literal["none", "starttls", "tls"] = "none"
    username: Optional[str] = None
    password_env: str = "ICIC_SMTP_PASSWORD"
    timeout: float = Field(default=30, gt=0, le=3600)
    retries: int = Field(default=3, ge=0, le=100)
    retry_backoff: float = Field(default=2.0, ge=0, le=3600)
    ca_file: Optional[str] = None

    def needs_password(self) -> bool:
        """True when the server is to be logged in to (a username is set)."""
        return bool(self.username)

    def password(self) -> Optional[str]:
        """The SMTP password, read from the environment only."""
        return os.environ.get(self.password_env)


class ServeConfig(Section):
    host: str = "127.0.0.1"
    port: int = Field(default=8001, ge=1, le=65535)
    immutable: bool = False


class Config(Section):
    kb: KBConfig
    topic: Optional[str] = None
    sources: Optional[str] = None
    crawl: CrawlConfig
    nlp: NLPConfig
    digest: DigestConfig
    smtp: SMTPConfig
    serve: ServeConfig

    def topic_path(self) -> Path:
        """The topic file: configured, else the one shipped in nlp/data."""
        if self.topic:
            return Path(self.topic)
        return Path(str(resources.files("nlp") / "data" / "topic.yaml"))

    def sources_path(self) -> Path:
        """The sources file: configured, else the one shipped with the package."""
        if self.sources:
            return Path(self.sources)
        return Path(str(resources.files("icic") / "sources.yaml"))


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid YAML{yaml_error(exc)}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of keys")
    return data


def yaml_error(exc: Exception) -> str:
    """': what is wrong' of a YAML error, led by ' at line L, column C' where YAML knows the place."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{where}: {what}"


def _explain(err: ValidationError, path: str) -> str:
    first = err.errors()[0]
    key = ".".join(str(p) for p in first["loc"])
    if first["type"] == "extra_forbidden":
        return f"{path}: unknown key '{key}'"
    msg = first["msg"].removeprefix("Value error, ")
    return f"{path}: key '{key}': {msg} (got {first.get('input')!r})"


def discover_config() -> Optional[Path]:
    """The configuration file used when none is given: ./icic.yaml, else $XDG_CONFIG_HOME/icic/config.yaml
    (~/.config when XDG_CONFIG_HOME is unset), else none (the defaults alone)."""
    here = Path("icic.yaml")
    if here.is_file():
        return here
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "icic" / "config.yaml"
    return xdg if xdg.is_file() else None


def _relative_to_file(over: dict, path: Path) -> dict:
    """kb.path (and the other paths a file names) relative to the file that names them, not to the cwd."""
    base = path.resolve().parent
    kb = over.get("kb")
    if isinstance(kb, dict) and isinstance(kb.get("path"), str) and not Path(kb["path"]).expanduser().is_absolute():
        kb["path"] = str(base / kb["path"])
    for key in ("topic", "sources"):
        if isinstance(over.get(key), str) and not Path(over[key]).expanduser().is_absolute():
            over[key] = str(base / over[key])
    return over


def load_config(path: str | os.PathLike | None = None, *, discover: bool = True) -> Config:
    """The defaults merged with the file at `path` (default: `discover_config()`), validated.

    Relative paths in the file (kb.path, topic, sources) are read from the file's folder."""
    data = yaml.safe_load(resources.files("icic").joinpath(DEFAULTS).read_text(encoding="utf-8"))
    source = "defaults"
    if not path and discover:
        path = discover_config()
    if path:
        data = _merge(data, _relative_to_file(_read_yaml(Path(path)), Path(path)))
        source = str(path)
    try:
        return Config.model_validate(data)
    except ValidationError as err:
        raise ConfigError(_explain(err, source)) from None
