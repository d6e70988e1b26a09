"""Search answers as rows: the columns every output shares (the command line's table, CSV and JSON, the
Python API's ``Rows``, the HTTP API's JSON).

A hit's row: ``iri``, ``kind``, ``label``, ``snippet`` (matched words between ``**``), ``score`` (bm25,
higher is better), ``document`` and ``category`` (for norms: the document's short name, the category's
label), ``themes``, ``year``, ``partner`` (the partner whose data it is, empty for curated data), ``why``
(the reasons it matched, ``; ``-separated), and the IRIs of its document and category. A similar
norm's row: ``iri``, ``label``, ``document``, ``category``, ``score``, ``shared_themes``,
``shared_words``, ``alignment`` (the curated relation between the two, if any) and ``rationale``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from cybernorms.search.index import Hit, SearchResult
from cybernorms.search.similar import Similar

__all__ = ["HIT_COLUMNS", "SIMILAR_COLUMNS", "hit_record", "query_result", "search_records", "similar_record"]

HIT_COLUMNS: tuple[str, ...] = ("iri", "kind", "label", "snippet", "score", "document", "category", "themes",
                                "year", "partner", "why", "document_iri", "category_iri")
SIMILAR_COLUMNS: tuple[str, ...] = ("iri", "label", "document", "category", "score", "shared_themes",
                                    "shared_words", "alignment", "rationale")


def hit_record(hit: Hit) -> dict[str, Any]:
    """One hit as a row (see :data:`HIT_COLUMNS`)."""
    e = hit.entry
    return {
        "iri": e.iri, "kind": e.kind, "label": e.label, "snippet": hit.plain_snippet("**", "**"),
        "score": hit.score, "document": e.document_label or None, "category": e.category_label or None,
        "themes": "; ".join(t.label for t in e.themes) or None, "year": e.year or None, "partner": e.partner,
        "why": "; ".join(hit.reasons) or None, "document_iri": e.document, "category_iri": e.category,
    }


def search_records(result: SearchResult) -> list[dict[str, Any]]:
    """The hits of one page as rows."""
    return [hit_record(hit) for hit in result.hits]


def similar_record(item: Similar, category_label: str = "") -> dict[str, Any]:
    """One similar norm as a row (see :data:`SIMILAR_COLUMNS`)."""
    return {
        "iri": item.iri, "label": item.label, "document": item.document_label or None,
        "category": category_label or item.category, "score": item.score,
        "shared_themes": "; ".join(item.shared_themes) or None,
        "shared_words": ", ".join(item.shared_words) or None,
        "alignment": item.alignment.relation if item.alignment else None,
        "rationale": item.alignment.rationale if item.alignment else None,
    }


def query_result(columns: Sequence[str], records: Iterable[dict[str, Any]]) -> Any:
    """Rows as a SELECT answer (:class:`~cybernorms.graph.store.embedded.QueryResult` of pyoxigraph terms),
    so that the Python API returns them as ``Rows`` like ``kg.query``: IRIs as named nodes, numbers as
    ``xsd:double``, the rest as strings, missing values unbound."""
    import pyoxigraph as ox

    from cybernorms.graph.store.embedded import QueryResult

    double = ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")

    def term(name: str, value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, float | int) and not isinstance(value, bool):
            return ox.Literal(repr(float(value)), datatype=double)
        if name == "iri" or name.endswith("_iri"):
            return ox.NamedNode(str(value))
        return ox.Literal(str(value))

    rows = [tuple(term(c, r.get(c)) for c in columns) for r in records]
    return QueryResult(kind="select", variables=tuple(columns), rows=rows)
