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
                             registry_path=cfg.nlp.registry))


def read_text_file(path: str) -> str:
    """The text of `path` (`-`: standard input), or a ClickException when it is empty or not text."""
    if path == "-":
        data, path = sys.stdin.buffer.read(), "<stdin>"
    else:
        with open(path, "rb") as handle:
            data = handle.read()
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


def _extract_jsonl(state) -> None:
    pipeline = build_pipeline(state)
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            click.echo(f"line {number}: skipped, not a JSON object with a text: {exc}", err=True)
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
