"""`icic extract`: run the reading pipeline on text, without a knowledge base."""
from __future__ import annotations

import json
import sys

import click

from icic.cli.base import DAY, cli, pass_state


# Configuration problems found when the models load: one message, not a traceback.
SETUP_ERRORS = ("RegistryError", "TopicError", "TransformersNERError")


def build_pipeline(state):
    from nlp.pipeline import Pipeline, Settings

    cfg = state.config
    return Pipeline(Settings(topic_path=str(cfg.topic_path()), transformers_model=cfg.nlp.transformers_model,
                             registry_path=cfg.nlp.registry, max_chars=cfg.nlp.max_chars))


MAX_FILE_BYTES = 50_000_000


def read_text_file(path: str) -> str:
    """The text of `path` (`-`: standard input), or a ClickException when it is empty, not a regular file,
    too large or not text."""
    import os

    if path == "-":
        data, path = sys.stdin.buffer.read(MAX_FILE_BYTES + 1), "<stdin>"
    elif not os.path.isfile(path):        # /dev/zero, a FIFO: reading would never end
        raise click.ClickException(f"{path}: not a regular file")
    else:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise click.ClickException(f"{path}: larger than {MAX_FILE_BYTES:,} bytes")
    if not data.strip():
        raise click.ClickException(f"{path}: the file is empty")
    if b"\x00" in data[:8192]:
        raise click.ClickException(f"{path}: a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path}: not UTF-8 text (byte {exc.start})") from None


@cli.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--jsonl", is_flag=True, help="Read JSON Lines on stdin, write one result a line on stdout.")
@click.option("--published", type=DAY, metavar="YYYY-MM-DD",
              callback=lambda ctx, param, value: value.isoformat() if value else None,
              help="Publication date for relative dates in FILE.")
@click.pass_obj
def extract(state, file, jsonl, published):
    """Read an article: language, entities, money, dates, relevance, commitments.

    FILE is a UTF-8 text file, or - for standard input.

    \b
    Examples:
        icic extract article.txt --published 2025-11-15
        pbpaste | icic extract - --published 2025-11-15
        echo '{"id": "1", "text": "...", "published": null}' | icic extract --jsonl
    """
    if jsonl:
        _extract_jsonl(state)
        return
    if not file:
        raise click.UsageError("give a FILE, or --jsonl to read JSON Lines on stdin")
    text = read_text_file(file)
    doc = _read(build_pipeline(state), text, published)
    _print_human(doc.to_json())


def _read(pipeline, text: str, published):
    """Run the pipeline; a configuration problem (bad registry, topic or model) is a ClickException."""
    try:
        return pipeline(text, published)
    except Exception as exc:
        if type(exc).__name__ in SETUP_ERRORS:
            raise click.ClickException(str(exc)) from None
        raise


def jsonl_item(raw: bytes, number: int) -> dict:
    """One input line as {"text", "id"?, "published"?}; ValueError with a one-line reason otherwise.

    A UTF-8 byte-order mark before the first line is dropped; a line nested too deeply for the JSON
    parser (RecursionError) is one bad line, not the end of the run."""
    if number == 1:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        item = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 (byte {exc.start})") from None
    except RecursionError:
        raise ValueError("nested too deeply to be read") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise ValueError("not a JSON object with a text string")
    return item


def _extract_jsonl(state) -> None:
    pipeline = build_pipeline(state)
    for number, raw in enumerate(sys.stdin.buffer, 1):
        if not raw.strip() or (number == 1 and not raw.removeprefix(b"\xef\xbb\xbf").strip()):
            continue
        try:
            item = jsonl_item(raw, number)
            text = item["text"]
        except ValueError as exc:
            click.echo(f"line {number}: skipped, {exc}", err=True)
            continue
        try:
            result = _read(pipeline, text or "", item.get("published")).to_json(item.get("id"))
        except click.ClickException:
            raise
        except Exception as exc:  # one bad article is logged and skipped; the run goes on
            click.echo(f"line {number}: skipped, {type(exc).__name__}: {exc}", err=True)
            continue
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _print_human(result: dict) -> None:
    from reports.formats import money
    from reports.render import status_words

    rel = result["relevance"]
    click.echo(f"language: {result['lang']} ({result['script']})   relevance: {rel['label']} {rel['score']:.2f}")
    for title, key, show in [
        ("Entities", "entities", lambda e: f"{e['type']:4} {e['text']}  → {e.get('canonical') or e.get('normal')}"),
        ("Money", "money", lambda m: f"{m['text']}  = {money(m['amount'], m['currency'])}"),
        ("Dates", "dates", lambda d: f"{d['text']}  = {d['kind']} {d.get('start')} … {d.get('end')}"),
        ("Commitments", "commitments",
         lambda c: f"{status_words(c['status'])}: {c.get('actor') or '(no actor)'}: {c.get('action')}"
                   + (f"  by {c['deadline']['end']}" if c.get("deadline") else "")),
    ]:
        click.echo(f"\n{title} ({len(result[key])})")
        for item in result[key]:
            click.echo("  " + show(item))
