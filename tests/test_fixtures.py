"""The session fixtures of ``tests/conftest.py``: private user folders, one curated build and its copies."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from cybernorms.graph.build.dataset import cache_dir, data_home
from cybernorms.graph.store.embedded import OxigraphStore


def test_the_session_keeps_out_of_the_users_folders(user_folders: Path) -> None:
    assert os.environ["CYBERNORMS_HOME"] == str(user_folders / "home") and data_home() == user_folders / "home"
    assert os.environ["CYBERNORMS_CACHE"] == str(user_folders / "cache") and cache_dir() == user_folders / "cache"


def test_the_cache_holds_the_curated_build(curated_cache: Path, curated_store: OxigraphStore) -> None:
    # the file's name is the content key when the session built: the same as cache_file()'s unless
    # the curated data or the build code changed while the tests ran
    assert curated_cache.parent == cache_dir() and curated_cache.name.startswith("dataset-")
    with OxigraphStore.memory() as loaded:
        loaded.load(curated_cache, "nq")
        assert len(loaded) == len(curated_store) and loaded.graphs() == curated_store.graphs()


def test_a_copy_can_change_and_the_curated_store_does_not(
        curated_copy: OxigraphStore, curated_store: OxigraphStore) -> None:
    before = len(curated_store)
    assert len(curated_copy) == before
    curated_copy.add_quads([ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o"),
                                    ox.NamedNode("urn:x:g"))])
    assert len(curated_copy) == before + 1 and len(curated_store) == before
