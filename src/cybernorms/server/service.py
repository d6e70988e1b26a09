"""The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/).

Served at the endpoint on a GET without a query, in Turtle unless the client asks for
another RDF format. It names the endpoint, the query language, the result formats,
the default graph (the RDF merge of the named graphs: each fact once), and the named graphs of
the dataset, so that a client can
learn what FROM and ``named-graph-uri`` may name.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from cybernorms._version import __version__
from cybernorms.graph.formats import rdf_format

__all__ = ["service_description"]

_FORMATS = "http://www.w3.org/ns/formats/"
_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
)
_PREFIXES = {
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "formats": _FORMATS,
    "dcterms": "http://purl.org/dc/terms/",
    "void": "http://rdfs.org/ns/void#",
}


def _iri(text: str) -> str:
    return str(ox.NamedNode(text))  # validated and written in N-Triples form


def service_description(endpoint: str, graphs: Iterable[str], fmt: str = "ttl") -> bytes:
    """The description of the endpoint at ``endpoint`` holding ``graphs``, in ``fmt``."""
    named = "".join(
        f"      sd:namedGraph [ a sd:NamedGraph ; sd:name {_iri(g)} ] ;\n" for g in sorted(graphs)
    )
    formats = ", ".join(f"formats:{name}" for name in _RESULT_FORMATS)
    turtle = f"""@prefix sd: <{_PREFIXES['sd']}> .
@prefix formats: <{_FORMATS}> .
@prefix dcterms: <{_PREFIXES['dcterms']}> .

{_iri(endpoint)} a sd:Service ;
  dcterms:title "cybernorms SPARQL endpoint (read-only)"@en ;
  dcterms:description "A knowledge graph of international cyber norms. Read-only: updates, LOAD and SERVICE are refused. Version {__version__}."@en ;
  sd:endpoint {_iri(endpoint)} ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:resultFormat {formats} ;
  sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
  sd:defaultDataset [
      a sd:Dataset ;
      sd:defaultGraph [ a sd:Graph ;
          dcterms:description "The curated facts, each once: the RDF merge of every named graph but the partners' (graph/partner/..., graph/inferred/partner/...), which are named graphs only."@en ] ;
{named}  ] .
"""
    if fmt == "ttl":
        return turtle.encode()
    quads = ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)
    return ox.serialize((q.triple for q in quads), format=rdf_format(fmt), prefixes=_PREFIXES) or b""
