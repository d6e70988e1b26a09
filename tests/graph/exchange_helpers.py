"""Fixtures shared by the exchange tests (export, bundle, import).

* ``fixture_store``: the small curated dataset of ``exchange_data/`` (with the packaged
  ontology), built and reasoned once per session; read-only for the tests.
* ``real_store``: the packaged curated data, the session's ``curated_store`` (counts are only
  compared with SPARQL counts, never written down: the data grows).
* ``isolated``: a temporary ``CYBERNORMS_HOME`` and ``CYBERNORMS_CACHE``, and the build
  pointed at ``exchange_data/``, so a test never touches the user's folders.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

import cybernorms.graph.build.dataset as build
from cybernorms.graph.store.embedded import OxigraphStore

HERE = Path(__file__).resolve().parent
FIXTURE_DATA = HERE / "exchange_data"
BAD_FILES = HERE / "bad_files"
PARTNER_FILES = HERE / "partner_files"


def canonical_set(quads: Iterable[ox.Quad]) -> set[str]:
    """The quads as canonical N-Quads lines: equal sets mean isomorphic datasets (blank nodes included)."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def as_default_graph(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads merged into one graph, as a triple format holds them."""
    return [ox.Quad(q.subject, q.predicate, q.object) for q in quads]


def build_fixture_store(store: OxigraphStore | None = None) -> OxigraphStore:
    """The fixture dataset built (compiled and reasoned) into ``store`` or a new memory store."""
    target = store if store is not None else OxigraphStore.memory()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "DATA_DIR", FIXTURE_DATA)
        result = build.build(target)
    assert result.consistent, result.explanation
    return target


@pytest.fixture(scope="session")
def fixture_store() -> OxigraphStore:
    return build_fixture_store()


@pytest.fixture(scope="session")
def real_store(curated_store: OxigraphStore) -> OxigraphStore:
    """The session's curated dataset (``tests/conftest.py``), read only."""
    return curated_store


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One dataset cache for the session: its files are keyed by content, so tests can share it."""
    return tmp_path_factory.mktemp("cybernorms-cache")


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shared_cache: Path) -> Iterator[Path]:
    monkeypatch.setenv("CYBERNORMS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CYBERNORMS_CACHE", str(shared_cache))
    monkeypatch.setattr(build, "DATA_DIR", FIXTURE_DATA)
    yield tmp_path
