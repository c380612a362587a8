"""Fixtures of the kb tests."""
from __future__ import annotations

import pytest

from kbhelpers import new_db


@pytest.fixture
def db():
    """An empty in-memory KB with the sample outlets."""
    return new_db()
