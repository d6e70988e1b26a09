"""The inferred graph: what the reasoner found, put back into the store.

Every way of reasoning over a store (``cybernorms build``, ``cybernorms reason --store``,
an import through the gate) ends the same way: the inferred graph
(:data:`cybernorms.namespaces.INFERRED_GRAPH`) is replaced, atomically, by the new
inferences. :func:`write_inferred` is that step, so the graph's name and the conversion
from rdflib live in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cybernorms.graph.store.rdflib_bridge import from_rdflib
from cybernorms.namespaces import INFERRED_GRAPH

if TYPE_CHECKING:
    import rdflib

    from cybernorms.graph.store.embedded import Store

__all__ = ["write_inferred"]


def write_inferred(store: Store, inferred: rdflib.Graph) -> int:
    """Replace the inferred graph of ``store`` with ``inferred`` (a report's ``inferred``); the triples written."""
    triples = from_rdflib(inferred)
    store.replace_graph(INFERRED_GRAPH, triples)
    return len(triples)
