"""The VoID and DCAT description of a release: what the dataset is, how big, where to get it.

Vocabularies: VoID (https://www.w3.org/TR/void/; ``void:triples``, ``void:classPartition``,
``void:propertyPartition``, ``void:exampleResource``, ``void:sparqlEndpoint``) and DCAT 3
(https://www.w3.org/TR/vocab-dcat-3/; ``dcat:Dataset``, ``dcat:Distribution``). The
description is deterministic: its version is the data release's
(:data:`cybernorms._version.DATA_VERSION`, as ``dcat:version`` and ``owl:versionInfo``), its
``dcterms:issued`` the release date (:data:`~cybernorms._version.DATA_RELEASED` in a bundle unless
the caller gives a date) and its ``dcterms:created``/``modified`` the date given (the newest
``dcterms:modified`` of the ontology unless the caller says otherwise), never the time of the run.

``void:triples`` counts the statements of all named graphs (quads), as the N-Quads file
holds them; the class and property partitions count over the same statements, so the
property partitions add up to ``void:triples``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Mapping
from urllib.parse import quote

import pyoxigraph as ox

from cybernorms._version import DATA_VERSION
from cybernorms.graph import formats
from cybernorms.graph.store.embedded import Store
from cybernorms.namespaces import BASE, ONTOLOGY_GRAPH, ONTOLOGY_IRI, PREFIXES, shorten

__all__ = [
    "DATASET_IRI",
    "LICENCE",
    "MEDIA_TYPES",
    "SPARQL_ENDPOINT",
    "TITLE",
    "release_date",
    "void_triples",
]

DATASET_IRI = BASE + "dataset"
#: Where the dataset will be queryable: a placeholder until the endpoint is served (docs/exchange.md).
SPARQL_ENDPOINT = BASE + "sparql"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
TITLE = "cybernorms: a knowledge graph of international cyber norms"
DESCRIPTION = (
    "Actors, forums, norms of state behaviour in cyberspace, the documents that propose them and the events "
    "that date them, after the EastWest Institute's report Promoting International Cyber Norms (2015) and "
    "Elana Broitman's Pre-normative Approaches to Building Consensus. Every asserted fact sits in a named graph "
    "that holds what one passage of one source states; the provenance graph describes each one."
)
#: The media type of each kind of release file: the RDF syntaxes of :mod:`cybernorms.graph.formats`, tables, pages.
MEDIA_TYPES: dict[str, str] = {
    **{syntax.name: syntax.media_type for syntax in formats.SYNTAXES},
    "csv": "text/csv", "html": "text/html",
}

_VOID = PREFIXES["void"]
_DCAT = PREFIXES["dcat"]
_DCT = PREFIXES["dcterms"]
_XSD = PREFIXES["xsd"]
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_EXAMPLE_CLASSES = ("NormStatement", "State", "Forum", "ReferenceDocument", "Event")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(_XSD + "integer"))


def release_date(store: Store) -> _dt.date:
    """The newest ``dcterms:modified`` of the ontology (its ``dcterms:created`` if none)."""
    sparql = (f"SELECT ?d WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{ONTOLOGY_IRI}> ?p ?d "
              f"VALUES ?p {{ <{_DCT}modified> <{_DCT}created> }} }} }}")
    dates = []
    for (value,) in store.query(sparql).rows:
        try:
            dates.append(_dt.date.fromisoformat(getattr(value, "value", "")[:10]))
        except ValueError:
            continue
    if not dates:
        raise ValueError("the ontology has no dcterms:modified or dcterms:created date: give the release a --date")
    return max(dates)


def void_triples(store: Store, date: _dt.date, distributions: Mapping[str, tuple[str, int]],
                 release_base: str, *, issued: _dt.date | None = None) -> list[ox.Triple]:
    """The description: ``distributions`` maps each file name to (format key, size in bytes).

    ``date`` is its ``dcterms:created`` and ``modified``; ``issued`` (default ``date``) its
    ``dcterms:issued``, the release date.
    """
    ds = _n(DATASET_IRI)
    day = ox.Literal(date.isoformat(), datatype=_n(_XSD + "date"))
    released = ox.Literal((issued or date).isoformat(), datatype=_n(_XSD + "date"))
    triples = [
        ox.Triple(ds, _RDF_TYPE, _n(_VOID + "Dataset")),
        ox.Triple(ds, _RDF_TYPE, _n(_DCAT + "Dataset")),
        ox.Triple(ds, _n(_DCT + "title"), ox.Literal(TITLE, language="en")),
        ox.Triple(ds, _n(_DCT + "description"), ox.Literal(DESCRIPTION, language="en")),
        ox.Triple(ds, _n(_DCAT + "version"), ox.Literal(DATA_VERSION)),
        ox.Triple(ds, _n(PREFIXES["owl"] + "versionInfo"), ox.Literal(DATA_VERSION)),
        ox.Triple(ds, _n(_DCT + "license"), _n(LICENCE)),
        ox.Triple(ds, _n(_DCT + "created"), day),
        ox.Triple(ds, _n(_DCT + "issued"), released),
        ox.Triple(ds, _n(_DCT + "modified"), day),
        ox.Triple(ds, _n(_VOID + "sparqlEndpoint"), _n(SPARQL_ENDPOINT)),
        ox.Triple(ds, _n(_VOID + "uriSpace"), ox.Literal(PREFIXES["cnid"])),
        ox.Triple(ds, _n(_VOID + "vocabulary"), _n(ONTOLOGY_IRI)),
        ox.Triple(ds, _n(_VOID + "triples"), _int(len(store))),
        ox.Triple(ds, _n(_VOID + "distinctSubjects"), _int(_count(store, "COUNT(DISTINCT ?s)"))),
        ox.Triple(ds, _n(_VOID + "distinctObjects"), _int(_count(store, "COUNT(DISTINCT ?o)"))),
    ]
    triples += _partitions(store, ds)
    triples += [ox.Triple(ds, _n(_VOID + "exampleResource"), example) for example in _examples(store)]
    triples += _distributions(ds, distributions, release_base)
    return triples


def _count(store: Store, aggregate: str) -> int:
    rows = store.query(f"SELECT ({aggregate} AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}").rows
    return int(getattr(rows[0][0], "value", 0)) if rows else 0


def _partitions(store: Store, ds: ox.NamedNode) -> list[ox.Triple]:
    classes = store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } "
                          "GROUP BY ?c ORDER BY STR(?c)").rows
    properties = store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                             "GROUP BY ?p ORDER BY STR(?p)").rows
    triples = [ox.Triple(ds, _n(_VOID + "classes"), _int(len(classes))),
               ox.Triple(ds, _n(_VOID + "properties"), _int(len(properties)))]
    for kind, rows, count in (("class", classes, "entities"), ("property", properties, "triples")):
        for term, n in rows:
            if not isinstance(term, ox.NamedNode):
                continue
            part = _n(f"{DATASET_IRI}#{kind}-{_fragment(term.value)}")
            triples += [ox.Triple(ds, _n(_VOID + f"{kind}Partition"), part),
                        ox.Triple(part, _n(_VOID + kind), term),
                        ox.Triple(part, _n(_VOID + count), _int(int(getattr(n, "value", 0))))]
    return triples


def _fragment(iri: str) -> str:
    """A readable fragment for a partition: ``cn-Forum`` for cn:Forum, a hash for an IRI without a prefix."""
    short = shorten(iri)
    if short == iri:
        return "iri-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]
    return quote(short.replace(":", "-", 1), safe="-._~")


def _examples(store: Store) -> list[ox.NamedNode]:
    found = []
    for local in _EXAMPLE_CLASSES:
        rows = store.query(f"SELECT ?x WHERE {{ ?x a <{PREFIXES['cn']}{local}> FILTER(isIRI(?x)) }} "
                           "ORDER BY STR(?x) LIMIT 1").rows
        found += [row[0] for row in rows if isinstance(row[0], ox.NamedNode)]
    return found


def _distributions(ds: ox.NamedNode, distributions: Mapping[str, tuple[str, int]],
                   release_base: str) -> list[ox.Triple]:
    triples = []
    for name, (kind, size) in sorted(distributions.items()):
        url = _n(release_base + name)
        part = _n(f"{DATASET_IRI}#distribution-{quote(name.replace('/', '-'), safe='.-_~')}")
        triples += [
            ox.Triple(ds, _n(_DCAT + "distribution"), part),
            ox.Triple(part, _RDF_TYPE, _n(_DCAT + "Distribution")),
            ox.Triple(part, _n(_DCT + "title"), ox.Literal(name)),
            ox.Triple(part, _n(_DCAT + "downloadURL"), url),
            ox.Triple(part, _n(_DCAT + "mediaType"),
                      _n("https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[kind])),
            ox.Triple(part, _n(_DCAT + "byteSize"), ox.Literal(str(size), datatype=_n(_XSD + "nonNegativeInteger"))),
            ox.Triple(part, _n(_DCT + "license"), _n(LICENCE)),
        ]
        if name.startswith("cybernorms."):
            triples.append(ox.Triple(ds, _n(_VOID + "dataDump"), url))
    return triples
