"""The `icic` click group and the options every command shares."""
from __future__ import annotations

import functools
import logging
import sys
from typing import Optional

import click

from icic.cli.output import FORMAT_NAMES, emit  # noqa: F401  (emit is re-exported for the commands)
from icic.config import Config, ConfigError, load_config

FORMATS = click.Choice(FORMAT_NAMES)
# One log format for the CLI and the crawler's child process (crawler/settings.py LOG_FORMAT says the same).
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_DATEFORMAT = "%Y-%m-%d %H:%M:%S"
LANGS = ("ru", "kk", "uz", "uz-Latn", "uz-Cyrl", "en")
SCRIPTS = ("Cyrl", "Latn")


class State:
    """What the group passes to its commands: the config path, loaded on first use."""

    def __init__(self, config_path: Optional[str]):
        self.config_path = config_path
        self._config: Optional[Config] = None

    @property
    def config(self) -> Config:
        if self._config is None:
            try:
                self._config = load_config(self.config_path)
            except ConfigError as exc:
                raise click.ClickException(str(exc)) from None
        return self._config


class CurrentStderr(logging.StreamHandler):
    """A stream handler that writes to whatever sys.stderr is now: under a rich progress display that is
    the display's proxy, so log lines print above the bars instead of through them."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):  # StreamHandler.__init__ sets it; the property decides
        pass


def configure_logging(verbose: int = 0, quiet: bool = False, log_file: Optional[str] = None) -> None:
    """Root logging: WARNING by default, -v INFO, -vv DEBUG, -q errors only; --log-file adds a file."""
    level = logging.ERROR if quiet else [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_icic", False):
            root.removeHandler(handler)
            handler.close()
    formatter = logging.Formatter(LOG_FORMAT, LOG_DATEFORMAT)
    handlers: list[logging.Handler] = [CurrentStderr()]
    if log_file:
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    for handler in handlers:
        handler._icic = True
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(level)


def _log_option_callback(ctx: click.Context, param: click.Parameter, value):
    """-v/-q/--log-file given before or after the subcommand: the last one seen wins."""
    meta = ctx.find_root().meta.setdefault("icic.log", {"verbose": 0, "quiet": False, "log_file": None})
    if param.name == "verbose" and value:
        meta["verbose"] = max(meta["verbose"], value)
    elif param.name == "quiet" and value:
        meta["quiet"] = True
    elif param.name == "log_file" and value:
        meta["log_file"] = value
    configure_logging(**meta)
    return value


def log_options() -> list[click.Option]:
    """The logging options every command takes, so `icic crawl -v` works as `icic -v crawl` does."""
    common = dict(expose_value=False, is_eager=True, callback=_log_option_callback)
    return [
        click.Option(["-v", "--verbose"], count=True, help="More log output (-vv for debug).", **common),
        click.Option(["-q", "--quiet"], is_flag=True, help="Only errors in the log.", **common),
        click.Option(["--log-file"], type=click.Path(dir_okay=False), metavar="FILE",
                     help="Also write the log to FILE.", **common),
    ]


class IcicGroup(click.Group):
    """A group whose every command takes the logging options too."""

    def add_command(self, cmd: click.Command, name: Optional[str] = None) -> None:
        cmd.params.extend(log_options())
        super().add_command(cmd, name)


def version_message() -> str:
    """`icic --version`: the package, the reading pipeline and the KB schema versions."""
    from importlib.metadata import PackageNotFoundError, version

    from kb.db import migrations
    from nlp.pipeline import PIPELINE_VERSION

    try:
        package = version("icic-monitor")
    except PackageNotFoundError:
        package = "unknown"
    return f"icic {package} (pipeline {PIPELINE_VERSION}, KB schema {len(migrations._migrations)})"


def _version_callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(version_message())
        ctx.exit()


@click.group(cls=IcicGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version_callback,
              help="Show the package, pipeline and KB schema versions and exit.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), envvar="ICIC_CONFIG",
              help="Configuration file merged over the defaults (env ICIC_CONFIG; else ./icic.yaml, "
                   "else $XDG_CONFIG_HOME/icic/config.yaml).")
@click.pass_context
def cli(ctx: click.Context, config_path: Optional[str]) -> None:
    """ICIC Monitor: news about the International Center for Industrial Cooperation
    "Central Asia", in Russian, Kazakh, Uzbek and English.

    \b
    Example:
        icic crawl && icic process && icic commitments --status planned
    """
    if "icic.log" not in ctx.meta:
        configure_logging()
    state = State(config_path)
    ctx.obj = state
    if config_path:
        state.config  # fail early, with the file named, on a bad configuration


for _option in log_options():  # -v/-q/--log-file before the subcommand too
    cli.params.append(_option)

pass_state = click.make_pass_decorator(State)


def db_option(func):
    """--db PATH: the knowledge base (default: kb.path of the configuration)."""
    return click.option("--db", "db_path", type=click.Path(dir_okay=False),
                        help="Knowledge base file (default: kb.path from the configuration).")(func)


def format_option(func):
    """--format table|json|csv|jsonl, the same for every listing command."""
    return click.option("--format", "fmt", type=FORMATS, default="table", show_default=True,
                        help="Output format: a table for people; json, jsonl or csv for scripts.")(func)


def limit_option(default: int, most: int = 1_000_000):
    """--limit N, the same for every listing command."""
    return click.option("--limit", type=click.IntRange(1, most), default=default, show_default=True,
                        help="Show at most this many rows.")


class Day(click.ParamType):
    """A calendar date YYYY-MM-DD as a datetime.date; anything else is a usage error (exit 2) naming the option."""

    name = "date"

    def convert(self, value, param, ctx):
        import datetime as dt

        from kb.queries import FIRST_DAY, LAST_DAY

        if isinstance(value, dt.date):
            day = value
        else:
            try:
                day = dt.date.fromisoformat(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not a date YYYY-MM-DD", param, ctx)
        if not str(FIRST_DAY) <= day.isoformat() <= str(LAST_DAY):  # date arithmetic past 9999 would overflow
            name = param.opts[0] if param is not None and param.opts else "the date"
            what = "must be between" if name == "--date" else "must be a date between"
            self.fail(f"{name} {what} {FIRST_DAY} and {LAST_DAY}, not {value!r}", param, ctx)
        return day


DAY = Day()


def date_option(*names: str, help: str):
    """A YYYY-MM-DD option: a bad date is a usage error (exit 2) naming the option; the value is a date."""
    return click.option(*names, type=DAY, metavar="YYYY-MM-DD", help=help)


class Spelled(click.Choice):
    """A choice matched without regard to case, given back (and named in errors) as spelled here: uz-Cyrl."""

    def __init__(self, choices):
        super().__init__(choices, case_sensitive=True)

    def convert(self, value, param, ctx):
        found = next((c for c in self.choices if c.lower() == str(value).lower()), None)
        if found is None:
            self.fail(f"{value!r} is not one of {', '.join(map(repr, self.choices))}", param, ctx)
        return found


def lang_options(func):
    """--lang ru|kk|uz|uz-Latn|uz-Cyrl|en and --script Cyrl|Latn: unknown values are usage errors."""
    func = click.option("--script", type=Spelled(SCRIPTS), help="Only this script (Cyrl or Latn).")(func)
    return click.option("--lang", type=Spelled(LANGS),
                        help="Only this language; uz-Latn and uz-Cyrl are Uzbek in one script.")(func)


def split_lang(lang: Optional[str], script: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """("uz-Cyrl", None) → ("uz", "Cyrl"); a script given both ways must agree."""
    if lang and "-" in lang:
        lang, own = lang.split("-", 1)
        if script and script != own:
            raise click.UsageError(f"--lang {lang}-{own} and --script {script} disagree")
        script = own
    return lang, script


def open_kb(state: State, db_path: Optional[str], *, create: bool = True):
    """Open the knowledge base, turning its errors into one-line CLI errors."""
    import os
    import sqlite3

    from kb import SchemaTooNew, open_db

    path = db_path or state.config.kb.path
    if os.path.exists(path) and not os.path.isfile(path):
        raise click.ClickException(f"{path}: not a regular file, so not a knowledge base")
    try:
        return open_db(path, create=create)
    except SchemaTooNew as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    except sqlite3.DatabaseError as exc:      # not SQLite, damaged, or unwritable
        raise click.ClickException(f"{path}: not a usable knowledge base (SQLite said: {exc})") from None


def cached(func):
    return functools.cache(func)
