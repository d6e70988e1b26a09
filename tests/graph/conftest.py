"""Shared fixtures for the tests of the curated graph: the data compiled once per session.

* ``quads``: every quad ``compile_directory`` makes of ``src/cybernorms/graph/data``;
* ``store``: a ``pyoxigraph.Store`` holding them;
* ``select(store, sparql)``: the rows of a SELECT, each a dict of variable name to the value of
  its term (IRI or lexical form), over the union of the named graphs. Importable from this module,
  and also available as the ``select`` fixture.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import cybernorms
from cybernorms.graph.build.compile import compile_directory

PACKAGE = Path(cybernorms.__file__).resolve().parent
DATA_DIR = PACKAGE / "graph" / "data"
ONTOLOGY = PACKAGE / "ontology" / "cybernorms.ttl"


def select(store: ox.Store, sparql: str) -> list[dict[str, str]]:
    """The solutions of a SELECT query as dicts; unbound variables are left out of a row."""
    solutions = store.query(sparql, use_default_graph_as_union=True)
    names = [variable.value for variable in solutions.variables]
    rows: list[dict[str, str]] = []
    for solution in solutions:
        row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = term.value
        rows.append(row)
    return rows


@pytest.fixture(scope="session")
def quads() -> list[ox.Quad]:
    return compile_directory(DATA_DIR, ONTOLOGY)


@pytest.fixture(scope="session")
def store(quads: list[ox.Quad]) -> ox.Store:
    graph_store = ox.Store()
    graph_store.extend(quads)
    return graph_store


@pytest.fixture(scope="session", name="select")
def select_fixture():
    return select
