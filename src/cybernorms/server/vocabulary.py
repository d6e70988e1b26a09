"""``/api/vocabulary``: what the query editor completes, taken from this dataset alone.

YASGUI's stock completers ask remote services (prefix.cc for prefixes, Linked Open
Vocabularies for classes and properties); the explorer replaces them with three lists from
its own server: the prefixes of :data:`cybernorms.namespaces.PREFIXES`, the classes and the
properties the ontology declares (``owl:Class``, ``owl:ObjectProperty``,
``owl:DatatypeProperty``, ``owl:AnnotationProperty``, ``rdf:Property``) or the data uses
(every ``rdf:type`` object, every predicate). Asked once per server: the dataset does not
change while it runs.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from starlette.responses import JSONResponse, Response

from cybernorms.namespaces import PREFIXES
from cybernorms.server.negotiation import Choice
from cybernorms.server.protocol import run_query

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["CLASSES_QUERY", "PROPERTIES_QUERY", "vocabulary"]

CLASSES_QUERY = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?term WHERE {
  { ?term a owl:Class } UNION { ?term a <http://www.w3.org/2000/01/rdf-schema#Class> } UNION { ?x a ?term }
  FILTER(isIRI(?term))
} ORDER BY ?term"""

PROPERTIES_QUERY = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?term WHERE {
  { ?term a owl:ObjectProperty } UNION { ?term a owl:DatatypeProperty } UNION { ?term a owl:AnnotationProperty }
  UNION { ?term a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> } UNION { ?x ?term ?y }
  FILTER(isIRI(?term))
} ORDER BY ?term"""

#: The most terms of each kind sent (the curated graph has a few hundred).
MAX_TERMS = 5000


async def _terms(request: Request, query: str) -> list[str]:
    reply = await run_query(request, query, Choice("json", None), max_rows=MAX_TERMS)
    rows: list[dict[str, Any]] = json.loads(reply.body)["results"]["bindings"]
    return [row["term"]["value"] for row in rows if "term" in row]


async def vocabulary(request: Request) -> Response:
    """``/api/vocabulary``: ``{"prefixes": {prefix: namespace}, "classes": [IRI], "properties": [IRI]}``."""
    known = getattr(request.app.state, "vocabulary", None)
    if known is None:
        known = {
            "prefixes": dict(PREFIXES),
            "classes": await _terms(request, CLASSES_QUERY),
            "properties": await _terms(request, PROPERTIES_QUERY),
        }
        request.app.state.vocabulary = known
    return JSONResponse(known, headers={"Cache-Control": "max-age=3600"})
