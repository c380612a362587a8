"""The CLI's shared behaviour: configuration errors, bad input to extract."""
from __future__ import annotations

from click.testing import CliRunner

from icic.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kw)


def test_unknown_config_key_names_key_and_file(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("crawl:\n  colour: blue\n")
    result = run("--config", str(cfg), "process")
    assert result.exit_code == 1
    assert f"{cfg}: unknown key 'crawl.colour'" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_wrong_type_names_key(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("crawl:\n  retry_times: many\n")
    result = run("--config", str(cfg), "process")
    assert result.exit_code == 1
    assert "key 'crawl.retry_times'" in result.output


def test_invalid_recipient_named(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("digest:\n  recipients: [ok@example.org, 'not an address']\n")
    result = run("--config", str(cfg), "process")
    assert result.exit_code == 1
    assert "not an address" in result.output


def test_extract_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("  \n")
    result = run("extract", str(f))
    assert result.exit_code == 1
    assert "empty" in result.output


def test_extract_binary_file(tmp_path):
    f = tmp_path / "bin.dat"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = run("extract", str(f))
    assert result.exit_code == 1
    assert "binary" in result.output


def test_every_command_has_help_and_example():
    for name, command in cli.commands.items():
        assert command.help, name
        assert "Example" in command.help, name
