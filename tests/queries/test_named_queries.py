"""Every named query against its expected answer, and through a second SPARQL engine.

The expected answers are CSV files in ``expected/``, one per query, reviewed by hand
against the sources. After a deliberate change to the data or a query, regenerate them
with ``CYBERNORMS_UPDATE_EXPECTED=1 bash .ci/run tests/queries`` and review the diff.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from cybernorms.graph.store.embedded import OxigraphStore, QueryResult
from cybernorms.queries.library import library
from cybernorms.queries.run import prepare

EXPECTED = Path(__file__).parent / "expected"
NAMES = sorted(library())  # how many there are is checked once, in test_library.py
UPDATE = os.environ.get("CYBERNORMS_UPDATE_EXPECTED") == "1"


@pytest.fixture(scope="module")
def store(curated_store: OxigraphStore) -> OxigraphStore:
    """The curated dataset, built and reasoned over afresh (no cache): the session's ``curated_store``."""
    return curated_store


@pytest.fixture(scope="module")
def second_engine(store: OxigraphStore) -> rdflib.Dataset:
    """The same data, exported as N-Quads and read into rdflib's own store and evaluator."""
    dataset = rdflib.Dataset(default_union=True)
    with _rdflib_quiet():
        dataset.parse(data=store.dump("nq").decode("utf-8"), format="nquads")
    return dataset


@contextlib.contextmanager
def _rdflib_quiet() -> Iterator[None]:
    """rdflib 7's own Dataset.parse and query call its deprecated default_context and contexts: not ours."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"Dataset\.(default_context|contexts) is deprecated", DeprecationWarning)
        yield


def _lexical(term: object) -> str:
    """The lexical form of a pyoxigraph or rdflib term (rdflib's ``.value`` is a Python value)."""
    if term is None:
        return ""
    if isinstance(term, rdflib.term.Node):
        return str(term)
    return str(getattr(term, "value", term))


def _normal(cell: str) -> str:
    """A cell with the parts of a GROUP_CONCAT in a stable order (engines may order them differently)."""
    for separator in ("; ", ", "):
        if separator in cell:
            return separator.join(sorted(cell.split(separator)))
    return cell


def _rows(result_rows: list[tuple[object, ...]]) -> list[tuple[str, ...]]:
    return sorted(tuple(_normal(_lexical(t)) for t in row) for row in result_rows)


def _to_csv(variables: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(variables)
    writer.writerows(rows)
    return out.getvalue()


def test_every_named_query_has_an_expected_answer_and_no_other() -> None:
    assert sorted(p.stem for p in EXPECTED.glob("*.csv")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_named_query_gives_its_expected_answer(store: OxigraphStore, name: str) -> None:
    prepared = prepare(name)
    result: QueryResult = store.query(prepared.text, prepared.params)
    actual = _to_csv(result.variables, _rows(result.rows))
    path = EXPECTED / f"{name}.csv"
    if UPDATE:
        EXPECTED.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert result.rows, f"{name} returns no rows on the curated graph"
    assert actual == path.read_text(encoding="utf-8")


def _rdflib_term(term: object) -> rdflib.term.Node:
    if type(term).__name__ == "NamedNode":
        return rdflib.URIRef(term.value)  # type: ignore[attr-defined]
    datatype = getattr(term, "datatype", None)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype.value) if datatype else None)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", NAMES)
def test_named_query_is_portable_to_a_second_engine(
    store: OxigraphStore, second_engine: rdflib.Dataset, name: str
) -> None:
    prepared = prepare(name)
    ours = store.query(prepared.text, prepared.params)
    bindings = {k: _rdflib_term(v) for k, v in prepared.params.items()}
    with _rdflib_quiet():
        theirs = second_engine.query(prepared.text, initBindings=bindings)
        their_rows = [tuple(row) for row in theirs]
    their_vars = tuple(str(v) for v in theirs.vars)
    assert their_vars == ours.variables
    assert _rows(their_rows) == _rows(ours.rows)


def test_a_value_that_looks_like_sparql_stays_a_value(store: OxigraphStore) -> None:
    prepared = prepare("timeline", {"from": '2015-01-01" } UNION { ?x ?y ?z } #', "to": "2015-12-31"})
    result = store.query(prepared.text, prepared.params)
    assert result.rows == []
    assert re.search(r"UNION \{ \?x", prepared.text) is None
