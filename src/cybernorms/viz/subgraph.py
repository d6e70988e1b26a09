"""Induced subgraphs that keep their graph's order.

networkx's ``graph.subgraph(nodes)`` iterates a set of the nodes when they are fewer than the
graph's, so the order of its nodes (and of every layout computed from them) changed with
Python's string hashing from one process to the next. The pages must be the same for the
same data: this copy lists nodes and edges in the order of the graph they come from.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, TypeVar

import networkx as nx

__all__ = ["ordered_subgraph"]

G = TypeVar("G", bound="nx.Graph[Any]")


def ordered_subgraph(graph: G, nodes: Iterable[Hashable]) -> G:
    """A copy of the subgraph of ``graph`` on ``nodes``, in ``graph``'s node and edge order."""
    keep = set(nodes)
    order = [n for n in graph if n in keep]
    sub = graph.__class__()
    sub.graph.update(graph.graph)
    sub.add_nodes_from((n, dict(graph.nodes[n])) for n in order)
    if isinstance(graph, nx.MultiGraph) and isinstance(sub, nx.MultiGraph):
        edges = [(u, v, k, dict(d)) for u, v, k, d in graph.edges(order, keys=True, data=True) if v in keep]
        sub.add_edges_from(edges)  # type: ignore[arg-type]  # the stubs omit the (u, v, key, data) form
    else:
        sub.add_edges_from((u, v, dict(d)) for u, v, d in graph.edges(order, data=True) if v in keep)
    return sub
