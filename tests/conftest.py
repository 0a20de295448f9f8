"""Settings for every test."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def private_user_cache(tmp_path_factory):
    """Builds keep caches in the user's cache folder (docs/design.md, "Caches"); the tests use
    their own, so a run neither depends on nor changes what an earlier run left behind."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous
