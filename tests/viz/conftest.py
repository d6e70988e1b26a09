"""Fixtures of the view and analysis tests: a small hand-made landscape and the curated one.

* ``fixture_store``: ``fixtures/landscape/*.yaml`` compiled like the curated data, with the
  ontology, and reasoned over (HermiT, about two seconds), once per session;
* ``fixture_landscape``: the same, read as a :class:`~cybernorms.viz.landscape.Landscape`;
* ``curated_landscape``: the packaged curated graph (the session's ``curated_store`` of
  ``tests/conftest.py``) read as a landscape;
* ``count(store, where)``: ``SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { where }`` with the
  project's prefixes, the independent check of a view's node count.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cybernorms.graph.build.dataset import ONTOLOGY_FILE, add_inferred
from cybernorms.graph.build.compile import compile_directory
from cybernorms.graph.store.embedded import OxigraphStore, Store
from cybernorms.namespaces import ONTOLOGY_GRAPH, PREFIXES
from cybernorms.viz.landscape import Landscape, load_landscape

HERE = Path(__file__).resolve().parent
FIXTURE_DATA = HERE / "fixtures" / "landscape"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(2)"


def fixture_dataset() -> OxigraphStore:
    """The hand-made landscape, compiled and reasoned over, in a new store in memory."""
    store = OxigraphStore.memory()
    store.load(ONTOLOGY_FILE, "ttl", graph=ONTOLOGY_GRAPH)
    store.add_quads(compile_directory(FIXTURE_DATA, ONTOLOGY_FILE))
    result = add_inferred(store)
    assert result.consistent, result.explanation
    return store


def count(store: Store, where: str) -> int:
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    rows = store.query(prefixes + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}").rows
    return int(rows[0][0].value)


@pytest.fixture(scope="session")
def fixture_store() -> OxigraphStore:
    return fixture_dataset()


@pytest.fixture(scope="session")
def fixture_landscape(fixture_store: OxigraphStore) -> Landscape:
    return load_landscape(fixture_store)


@pytest.fixture(scope="session")
def curated_landscape(curated_store: Store) -> Landscape:
    return load_landscape(curated_store)
