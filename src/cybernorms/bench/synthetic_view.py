"""A synthetic view graph of any size, shaped like the views of :mod:`cybernorms.viz`.

What a network view costs at 5,000 nodes (issue 19: "ready in Chromium in ≤ 2 s at 5,000 nodes"),
measured by ``cybernorms bench`` (:mod:`cybernorms.bench.chromium`) and by the browser tests.
"""

from __future__ import annotations

import random

import networkx as nx

__all__ = ["synthetic_view"]

KINDS = ("state", "corporation", "civil-society", "forum", "norm", "event", "document", "person")
RELATIONS = ("member", "supports", "stated in", "involves", "related", "in tension")


def synthetic_view(nodes: int = 5000, seed: int = 1) -> nx.MultiDiGraph[str]:
    """A preferential-attachment graph (two links per new node) with the node and link attributes of a view."""
    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(nodes, 2, seed=seed)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in base:
        kind = rng.choice(KINDS)
        graph.add_node(
            f"urn:synthetic:{node}", iri=f"urn:synthetic:{node}", kind=kind, name=f"Synthetic {kind} {node}",
            label=f"{kind} {node}", texts=[(f"Text of node {node}.", ["synthetic source, p. 1"])],
            citations=["synthetic source, p. 1"], categories=[rng.choice("I II III IV V".split())],
            documents=[f"Doc {node % 7}"], date=f"{2000 + node % 20}-01-01",
        )
    for u, v in base.edges():
        relation = rng.choice(RELATIONS)
        graph.add_edge(f"urn:synthetic:{u}", f"urn:synthetic:{v}", key=relation, relation=relation, text=None,
                       date=None, citations=["synthetic source, p. 2"], weight=1)
    return graph
