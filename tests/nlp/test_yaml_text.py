"""The data files read by libyaml's parser give the same objects as PyYAML's own, and bad YAML the same kind of error."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nlp import yaml_text

DATA = sorted((Path(__file__).parents[2] / "nlp" / "data").glob("*.yaml"))


def test_libyaml_is_there():
    assert yaml_text.SafeLoader is getattr(yaml, "CSafeLoader")    # PyYAML's wheels ship it; else the gain is gone


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.name)
def test_a_data_file_reads_the_same(path):
    text = path.read_text(encoding="utf-8")
    assert yaml_text.safe_load(text) == yaml.safe_load(text)


def test_the_same_types_come_back():
    text = "when: 2025-11-15\nshare: 0.5\ncount: 3\nyes_no: yes\nnothing: ~\nname: «Хоргос»\nlist: [a, 'b']\n"
    ours, theirs = yaml_text.safe_load(text), yaml.safe_load(text)
    assert ours == theirs and [type(v) for v in ours.values()] == [type(v) for v in theirs.values()]


def test_bad_yaml_raises_a_yaml_error():
    with pytest.raises(yaml.YAMLError):
        yaml_text.safe_load("entities: [unclosed\n  - id: x")
    with pytest.raises(yaml.YAMLError):            # the safe constructor: no Python objects
        yaml_text.safe_load("!!python/object/apply:os.system ['true']")
