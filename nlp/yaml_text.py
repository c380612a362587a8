"""YAML data files read with libyaml's parser when PyYAML was built with it.

`yaml.safe_load` parses in pure Python: the registry, the topic file, the milestones and the rates
took ~0.07 s of CPU at every start, in what `icic process` loads before its workers fork.  libyaml's
parser (`yaml.CSafeLoader`) builds the same objects through the same safe constructor and resolver
in a tenth of that (tests/nlp/test_yaml_text.py compares every data file); its errors are
`yaml.YAMLError`s too.  Without libyaml, PyYAML's own parser is used.
"""
from __future__ import annotations

from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """`yaml.safe_load(text)`, parsed by libyaml when there is one."""
    return yaml.load(text, Loader=SafeLoader)
