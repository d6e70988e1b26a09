"""The command line's tests use the hand-made landscape of the view tests, and a private cache and data home."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.viz.conftest import fixture_store  # noqa: F401 - a fixture

__all__ = ["fixture_store", "private_env"]


def private_env(tmp_path_factory: pytest.TempPathFactory, curated_cache: Path) -> dict[str, str]:
    """The environment with a private cache (holding the session's build, so commands load it) and data home."""
    values = dict(os.environ)
    cache = tmp_path_factory.mktemp("cache")
    shutil.copyfile(curated_cache, cache / curated_cache.name)
    values["CYBERNORMS_CACHE"] = str(cache)
    values["CYBERNORMS_HOME"] = str(tmp_path_factory.mktemp("home"))
    return values
