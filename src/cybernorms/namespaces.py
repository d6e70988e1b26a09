"""The IRIs the project mints, in one place.

Three families of IRI, all under ``https://w3id.org/cybernorms/``:

* ``ontology#Term`` — the OWL ontology's classes and properties (prefix ``cn:``);
* ``id/kind/slug`` — the individuals of the curated graph: actors, forums, norms,
  documents, events (prefix ``cnid:``);
* ``graph/...`` — the named graphs of the dataset: the ontology, one per cited
  passage of a source (``graph/claim/<source>/<locator>``), the provenance graph that
  describes them, the inferred graph and one per partner import.
"""

from __future__ import annotations

from collections.abc import Iterable

BASE = "https://w3id.org/cybernorms/"
ONTOLOGY_IRI = BASE + "ontology"
CN = ONTOLOGY_IRI + "#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

ONTOLOGY_GRAPH = GRAPH + "ontology"
PROVENANCE_GRAPH = GRAPH + "provenance"
INFERRED_GRAPH = GRAPH + "inferred"
CLAIM_GRAPH_PREFIX = GRAPH + "claim/"
PARTNER_GRAPH_PREFIX = GRAPH + "partner/"
# Facts the reasoner infers only with a partner's statements: one graph per partner graph
# (``graph/inferred/partner/<name>``), apart from ``graph/inferred`` (what follows from curated data).
PARTNER_INFERRED_PREFIX = INFERRED_GRAPH + "/partner/"

PREFIXES: dict[str, str] = {
    "cn": CN,
    "cnid": ID,
    "cnsh": BASE + "shapes#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    # Kinds of individual, so that their IRIs read as CURIEs valid in Turtle and SPARQL
    # (``category:II`` rather than ``cnid:category/II``, whose slash SPARQL refuses).
    "category": ID + "category/",
    "doc": ID + "document/",
    "event": ID + "event/",
    "forum": ID + "forum/",
    "norm": ID + "norm/",
    "person": ID + "person/",
    "state": ID + "state/",
    "theme": ID + "theme/",
}


def partner_of(graph: str) -> str | None:
    """The partner name a graph's facts rest on, or ``None`` for a curated graph.

    ``graph/partner/<name>`` (what the partner sent) and ``graph/inferred/partner/<name>`` (what the
    reasoner infers only with it) both give ``<name>``; claim graphs, the provenance, the ontology and
    ``graph/inferred`` give ``None``.
    """
    for prefix in (PARTNER_GRAPH_PREFIX, PARTNER_INFERRED_PREFIX):
        if graph.startswith(prefix):
            return graph[len(prefix) :]
    return None


def sole_partner(graphs: Iterable[str]) -> str | None:
    """The partner whose graphs alone state something (:func:`partner_of` of each), or ``None`` when a
    curated graph states it too or no graph does; of several partners, the first by name."""
    partners = {partner_of(g) for g in graphs}
    if not partners or None in partners:
        return None
    return min(p for p in partners if p is not None)


def partner_inferred_graph(partner_graph: str) -> str:
    """The graph of what is inferred only with ``partner_graph`` (``graph/partner/<name>``)."""
    name = partner_of(partner_graph)
    if name is None or not partner_graph.startswith(PARTNER_GRAPH_PREFIX):
        raise ValueError(f"not a partner graph: {partner_graph}")
    return PARTNER_INFERRED_PREFIX + name


def is_curated_graph(graph: str) -> bool:
    """Whether a graph's facts are the project's own (they join the default graph), not a partner's."""
    return partner_of(graph) is None


#: A SPARQL expression true for a graph variable bound to a curated graph: ``CURATED_FILTER.format("?g")``.
CURATED_FILTER = (f'(!STRSTARTS(STR({{0}}), "{PARTNER_GRAPH_PREFIX}") '
                  f'&& !STRSTARTS(STR({{0}}), "{PARTNER_INFERRED_PREFIX}"))')


def is_inferred_graph(graph: str) -> bool:
    """Whether a graph holds the reasoner's conclusions (curated ones, or a partner's)."""
    return graph == INFERRED_GRAPH or graph.startswith(PARTNER_INFERRED_PREFIX)


def expand(curie: str) -> str:
    """Expand ``prefix:local`` with :data:`PREFIXES`; return full IRIs unchanged.

    Raises ``ValueError`` naming the prefix when it is unknown.
    """
    if curie.startswith(("http://", "https://", "urn:")):
        return curie
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in {curie!r}; known prefixes: {', '.join(sorted(PREFIXES))}")
    return PREFIXES[prefix] + local


def iri_candidates(text: str) -> list[str]:
    """The IRIs a name typed by a user may stand for, in order: itself, the CURIE expanded, an id under ``id/``."""
    candidates = [text]
    try:
        candidates.append(expand(text))
    except ValueError:
        pass
    candidates.append(ID + text.strip("/"))
    return candidates


def shorten(iri: str) -> str:
    """The shortest ``prefix:local`` form of ``iri``, or the IRI itself."""
    best = iri
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            candidate = f"{prefix}:{iri[len(ns):]}"
            if len(candidate) < len(best):
                best = candidate
    return best
