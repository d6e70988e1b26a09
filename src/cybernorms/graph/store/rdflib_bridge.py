"""From the store to rdflib and back: the one bridge between the two term models.

The store speaks pyoxigraph terms; the reasoner (:mod:`cybernorms.ontology.reasoning`),
the SHACL validator (pySHACL) and the ontology page work on :class:`rdflib.Graph`.
Terms cross as N-Triples text, written and read by each library's own (fast, complete)
N-Triples code rather than converted term by term in Python: literals, datatypes,
language tags and blank nodes come through unchanged. rdflib is imported when a function
here is called, never with the store.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    import rdflib

    from cybernorms.graph.store.embedded import Store

__all__ = ["from_rdflib", "store_graph", "to_rdflib"]


def to_rdflib(triples: Iterable[ox.Triple], extra_ntriples: Iterable[str] = ()) -> rdflib.Graph:
    """One rdflib graph of ``triples``, plus any N-Triples documents given as text."""
    import rdflib

    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    graph = rdflib.Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    for extra in extra_ntriples:
        graph.parse(data=extra, format="nt")
    return graph


def store_graph(store: Store, skip: Collection[str] = (), extra_ntriples: Iterable[str] = ()) -> rdflib.Graph:
    """The triples of every named graph of ``store`` but those in ``skip``, merged in one rdflib graph."""
    triples = (quad.triple for quad in store.quads() if getattr(quad.graph_name, "value", None) not in skip)
    return to_rdflib(triples, extra_ntriples)


def from_rdflib(graph: rdflib.Graph) -> list[ox.Triple]:
    """The triples of an rdflib graph as pyoxigraph triples."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
