"""Fixtures of the whole test session: private user folders and one build of the curated graph.

* ``user_folders`` (autouse, session): ``CYBERNORMS_HOME`` and ``CYBERNORMS_CACHE`` point at
  temporary folders for the whole session, before any fixture builds, so that no test (nor
  a command it runs in a subprocess, which inherits the environment) reads or writes the
  user's data folder or dataset cache;
* ``curated_store``: the packaged curated data compiled and reasoned over (HermiT, several
  seconds) once per session into a memory store, with
  :func:`cybernorms.graph.build.dataset.build`. Read-only: a test that changes the data
  takes ``curated_copy``;
* ``curated_copy``: a new memory store holding the curated quads, the test's to change;
* ``curated_cache``: the session's dataset cache file holding that build, so that
  ``open_dataset()``, ``cybernorms.load()`` and the commands load it instead of building
  again. Tests of the build's caching use their own temporary cache folders;
* ``small_synthetic``: the synthetic graph of three states and one year (seed 0), in memory,
  read-only; :func:`synthetic_store` makes one of any size.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cybernorms.bench.synth import write
from cybernorms.graph.build.dataset import build, cache_file, write_cache
from cybernorms.graph.store.embedded import OxigraphStore


@pytest.fixture(scope="session", autouse=True)
def user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A temporary user data folder and dataset cache for the session (the folder holding both)."""
    root = tmp_path_factory.mktemp("user")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CYBERNORMS_HOME", str(root / "home"))
        patch.setenv("CYBERNORMS_CACHE", str(root / "cache"))
        yield root


@pytest.fixture(scope="session")
def curated_store(user_folders: Path) -> OxigraphStore:
    """The curated dataset, built and reasoned over once for the session; tests only read it."""
    store = OxigraphStore.memory()
    result = build(store)
    assert result.consistent, result.explanation
    return store


@pytest.fixture
def curated_copy(curated_store: OxigraphStore) -> Iterator[OxigraphStore]:
    """A memory store with the curated quads, for a test that changes them."""
    with OxigraphStore.memory() as copy:
        copy.add_quads(curated_store.quads())
        yield copy


@pytest.fixture(scope="session")
def curated_cache(curated_store: OxigraphStore) -> Path:
    """The session cache's file of the curated dataset, written from ``curated_store``."""
    path = cache_file()
    if not path.exists():
        write_cache(curated_store, path)
    return path


def synthetic_store(folder: Path, *, states: int, years: int, seed: int) -> OxigraphStore:
    """A memory store holding the synthetic graph of ``states`` and ``years`` written with ``seed`` into ``folder``."""
    path = folder / f"synthetic-{states}-{years}-{seed}.nq"
    write(path, states=states, years=years, seed=seed)
    store = OxigraphStore.memory()
    store.load(path, "nq")
    return store


@pytest.fixture(scope="session")
def small_synthetic(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    """The small synthetic graph (three states, one year, seed 0), read-only."""
    return synthetic_store(tmp_path_factory.mktemp("synth"), states=3, years=1, seed=0)
