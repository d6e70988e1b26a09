"""The Python API a notebook user sees: load, query with keywords, rows, DataFrame."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import cybernorms
from cybernorms.errors import UsageError


@pytest.fixture(scope="module")
def kg(curated_cache: Path) -> cybernorms.KnowledgeGraph:
    """The knowledge graph a notebook loads: from the session's cache (``tests/conftest.py``)."""
    return cybernorms.load()


def test_all_is_sorted_and_complete() -> None:
    assert cybernorms.__all__ == sorted(cybernorms.__all__)
    assert {"KnowledgeGraph", "Rows", "load", "CybernormsError", "__version__"} <= set(cybernorms.__all__)


def test_table1_rows_are_python_values(kg: cybernorms.KnowledgeGraph) -> None:
    rows = kg.query("table1")
    assert rows.columns == ["category", "source", "norms"]
    assert rows.to_records()[0] == {"category": "I", "source": "CoC", "norms": 2}
    assert sum(r["norms"] for r in rows) == 35  # 33 norms, two of them filed twice


def test_keyword_parameters_are_bound(kg: cybernorms.KnowledgeGraph) -> None:
    rows = kg.query("norms_in_category", category="category:IV")
    assert {r["source"] for r in rows} >= {"CoC", "USG", "UNGGE", "MSFT"}
    assert all(r["category"].endswith("/category/IV") for r in rows)


def test_dates_come_back_as_dates(kg: cybernorms.KnowledgeGraph) -> None:
    rows = kg.query("timeline", **{"from": "2015-07-01", "to": "2015-07-31"})
    assert dt.date(2015, 7, 22) in {r["date"] for r in rows}


def test_ask_gives_a_bool(kg: cybernorms.KnowledgeGraph) -> None:
    assert kg.query("ASK { ?n a <https://w3id.org/cybernorms/ontology#NormStatement> }") is True


def test_unknown_parameter_is_named(kg: cybernorms.KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match=r"query 'table1' has no parameter 'year' \(its parameters: none\)"):
        kg.query("table1", year="2015")


def test_dataframe(kg: cybernorms.KnowledgeGraph) -> None:
    frame = kg.query("table1").to_dataframe()
    assert list(frame.columns) == ["category", "source", "norms"]
    assert len(frame) == 20


def test_dataframe_without_pandas_says_how_to_get_it(
    kg: cybernorms.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(UsageError, match=r"pip install 'cybernorms\[pandas\]'"):
        kg.query("table1").to_dataframe()


def test_search_returns_rows_like_query(kg: cybernorms.KnowledgeGraph) -> None:
    rows = kg.search("election interference", kind="norm")
    assert isinstance(rows, cybernorms.Rows)
    assert {"iri", "kind", "label", "snippet", "score", "document", "category", "why"} <= set(rows.columns)
    first = rows[0]
    assert first["kind"] == "norm" and isinstance(first["score"], float)
    assert {r["label"] for r in rows.to_records()[:2]} == {"Paris Call 3", "GCSC 2"}
    assert kg.search("theft", kind="norm", as_of="2015-12-31", document="USG")[0]["document"] == "USG"
    with pytest.raises(UsageError, match="is not a known kind"):
        kg.search("x", kind="norms")


def test_similar_returns_rows_with_the_alignment(kg: cybernorms.KnowledgeGraph) -> None:
    rows = kg.similar("norm:usg-ip-theft", limit=3)
    assert rows.columns[:4] == ["iri", "label", "document", "category"]
    records = {r["label"]: r for r in rows}
    assert records["Paris Call 4"]["alignment"] == "continues"
