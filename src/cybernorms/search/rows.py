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

__all__ = [
    "HIT_COLUMNS", "SIMILAR_COLUMNS", "hit_record", "query_result", "result_json", "result_text", "search_records",
    "similar_record", "similar_text", "to_csv",
]

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


def to_csv(columns: Sequence[str], records: Iterable[dict[str, Any]]) -> str:
    """Rows as CSV (RFC 4180, a header line first; missing values empty)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: ("" if v is None else v) for k, v in record.items()})
    return out.getvalue()


def result_json(result: SearchResult, *, limit: int, offset: int) -> dict[str, Any]:
    """A search answer as JSON: the text, the filters, the total, the page of hits and every facet."""
    return {
        "text": result.text,
        "filters": dict(result.filters),
        "total": result.total,
        "offset": offset,
        "limit": limit,
        "relaxed": result.relaxed,
        "hits": search_records(result),
        "facets": {name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
                   for name, values in result.facets.items()},
    }


def result_text(result: SearchResult, *, offset: int = 0) -> str:
    """A search answer for people: numbered hits with their snippet and reasons, then the facets."""
    if not result.hits:
        return f"nothing found for {result.text!r}" + (" with these filters" if result.filters else "")
    lines = [f"{result.total} found for {result.text!r}"
             + (f", showing {offset + 1}-{offset + len(result.hits)}" if result.total > len(result.hits) else "")
             + (" (every word together found little: hits of some words follow)" if result.relaxed else "")]
    for n, hit in enumerate(result.hits, start=offset + 1):
        e = hit.entry
        where = ", ".join(x for x in (e.document_label, e.category_label and f"category {e.category_label}",
                                      e.year, e.partner and f"partner {e.partner}") if x)
        lines.append(f"{n:>3}. [{e.kind}] {e.label}" + (f"  ({where})" if where else "") + f"  score {hit.score:g}")
        if hit.snippet:
            lines.append(f"     {hit.plain_snippet('[', ']')}")
        if hit.reasons:
            lines.append(f"     why: {'; '.join(hit.reasons)}")
        lines.append(f"     {e.iri}")
    for name, values in result.facets.items():
        if values:
            shown = ", ".join(f"{f.label or f.value} {f.count}" for f in values[:8])
            more = f", … ({len(values)} values)" if len(values) > 8 else ""
            lines.append(f"{name.replace('_', ' ')}: {shown}{more}")
    return "\n".join(lines)


def similar_text(norm_label: str, items: Sequence[Similar]) -> str:
    """Similar norms for people: numbered, with the themes in common, shared words and alignment."""
    if not items:
        return f"no norm of another document shares a theme or words with {norm_label}"
    lines = [f"norms of other documents similar to {norm_label}:"]
    for n, item in enumerate(items, start=1):
        lines.append(f"{n:>3}. {item.label}  ({item.document_label})  score {item.score:g}")
        if item.shared_themes:
            lines.append(f"     themes in common: {', '.join(item.shared_themes)}")
        if item.shared_words:
            lines.append(f"     shared words: {', '.join(item.shared_words)}")
        if item.alignment:
            lines.append(f"     curated alignment: {item.alignment.relation}: {item.alignment.rationale}")
        lines.append(f"     {item.iri}")
    return "\n".join(lines)
