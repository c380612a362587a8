"""`icic extract` (icic/cli/extract.py): the JSON Lines contract, bad lines
skipped, configuration problems as one-line errors."""
from __future__ import annotations

import json

from click.testing import CliRunner

from icic.cli import cli


def test_jsonl_contract_and_bad_lines():
    lines = [
        json.dumps({"id": "a", "text": "Қазақстан Президенті Тоқаев Ташкентке барды.", "published": "2025-11-15"}),
        "not json",
        json.dumps({"id": "b", "published": None}),
        json.dumps({"id": "c", "text": "Toshkentda Oʻzbekiston va Qozogʻiston vazirlari uchrashdi.", "published": None}),
    ]
    result = CliRunner().invoke(cli, ["extract", "--jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(r["id"], r["lang"], r["script"]) for r in out] == [("a", "kk", "Cyrl"), ("c", "uz", "Latn")]
    assert "line 2: skipped" in result.stderr and "line 3: skipped" in result.stderr
    assert {"Kassym-Jomart Tokayev", "Tashkent"} <= {e["canonical"] for e in out[0]["entities"]}


def test_bad_registry_file_is_one_line(tmp_path):
    config = tmp_path / "config.yaml"
    (tmp_path / "registry.yaml").write_text("entities: nope\n", encoding="utf-8")
    config.write_text(f"nlp:\n  registry: {tmp_path / 'registry.yaml'}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "extract", "--jsonl"],
                                input=json.dumps({"id": "a", "text": "Астана"}) + "\n")
    assert result.exit_code == 1
    assert "registry.yaml" in result.output and "Traceback" not in result.output


def test_missing_model_directory_is_one_line(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(f"nlp:\n  transformers_model: {tmp_path / 'no-model'}\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Astana hosted the talks.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "extract", str(article)])
    assert result.exit_code == 1 and "config.json" in result.output
