"""The search index of the curated graph, built once for the module that asks for it."""

from __future__ import annotations

import pytest

from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.search import Searcher, build_searcher


@pytest.fixture(scope="session")
def curated_searcher(curated_store: OxigraphStore) -> Searcher:
    """The index of the curated dataset (read-only)."""
    return build_searcher(curated_store)
