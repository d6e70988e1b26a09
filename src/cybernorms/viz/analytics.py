"""The network analysis behind ``cybernorms analyze``: brokerage, bridging and norm communities.

All measures run on the projections of :mod:`cybernorms.viz.projection` (documented in
``docs/views.md``) and count hops, not weights:

* **brokerage** of every forum and actor in the brokerage network: betweenness centrality
  (normalised, Brandes), Burt's constraint and effective size (Burt 1992, as networkx
  computes them), and each one's rank by betweenness (1 = the best broker; ties share a rank);
* **bridging**: for every pair of stakeholder groups, the distance between them, the number
  of shortest paths and the number of node-independent paths, in the network with and
  without the proposed forum(s): the report's claim that the forum sits between the groups
  (Figure 2) becomes numbers that can be checked;
* **norm communities**: Louvain communities (seeded) of the norm network, set against the
  report's five categories as a contingency table and an adjusted Rand index.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
from networkx.algorithms.connectivity import local_node_connectivity

from cybernorms.viz.kinds import ACTOR_KINDS
from cybernorms.viz.landscape import Landscape
from cybernorms.viz.projection import brokerage_network, norm_network

__all__ = [
    "Analysis",
    "Broker",
    "GroupPair",
    "NormCommunities",
    "adjusted_rand_index",
    "analyse",
    "brokerage",
    "bridging",
    "count_shortest_paths",
    "norm_communities",
]

RANKED_KINDS = frozenset({"forum", "proposed-forum"}) | ACTOR_KINDS
SEED = 42


@dataclass
class Broker:
    """One forum or actor's brokerage."""

    iri: str
    name: str
    kind: str
    degree: int
    betweenness: float
    constraint: float | None
    effective_size: float | None
    rank: int = 0


@dataclass
class GroupPair:
    """Two stakeholder groups: how far apart, by how many routes, with and without the proposed forum."""

    group_a: str
    group_b: str
    distance_with: int | None
    shortest_paths_with: int
    independent_paths_with: int
    distance_without: int | None
    shortest_paths_without: int
    independent_paths_without: int


@dataclass
class NormCommunities:
    """Communities of norms next to the report's categories."""

    communities: list[list[str]]
    contingency: dict[str, dict[str, int]]
    adjusted_rand: float | None
    norms_compared: int
    seed: int = SEED


@dataclass
class Analysis:
    """Everything ``cybernorms analyze`` reports, and the networks it ran on."""

    brokers: list[Broker]
    proposed: list[Broker]
    pairs: list[GroupPair]
    communities: NormCommunities
    networks: dict[str, nx.Graph[Any]] = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict[str, Any]:
        data = {
            "brokerage": [asdict(b) for b in self.brokers],
            "proposed_forum": [asdict(b) | {"of": len(self.brokers)} for b in self.proposed],
            "stakeholder_group_paths": [asdict(p) for p in self.pairs],
            "norm_communities": asdict(self.communities),
        }
        cleaned: dict[str, Any] = _clean(data)
        return cleaned


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def brokerage(graph: nx.Graph[Any]) -> list[Broker]:
    """Betweenness, constraint and effective size of every forum and actor, ranked by betweenness."""
    between = nx.betweenness_centrality(graph, normalized=True)
    ranked = [n for n, d in graph.nodes(data=True) if d.get("kind") in RANKED_KINDS]
    constraint = nx.constraint(graph, ranked) if ranked else {}
    effective = nx.effective_size(graph, ranked) if ranked else {}
    brokers = [
        Broker(str(n), str(graph.nodes[n].get("name", n)), str(graph.nodes[n].get("kind")), graph.degree(n),
               round(between[n], 6), _round(constraint.get(n)), _round(effective.get(n)))
        for n in ranked
    ]
    brokers.sort(key=lambda b: (-b.betweenness, b.name, b.iri))
    for broker in brokers:
        broker.rank = 1 + sum(1 for other in brokers if other.betweenness > broker.betweenness + 1e-12)
    return brokers


def _round(value: Any) -> float | None:
    number = _finite(value)
    return round(number, 6) if number is not None else None


def count_shortest_paths(graph: nx.Graph[Any], source: Any, target: Any) -> tuple[int | None, int]:
    """The distance from ``source`` to ``target`` and how many shortest paths join them (BFS)."""
    if source not in graph or target not in graph:
        return None, 0
    distance = {source: 0}
    sigma: dict[Any, int] = defaultdict(int)
    sigma[source] = 1
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node == target:
            break
        for other in graph[node]:
            if other not in distance:
                distance[other] = distance[node] + 1
                queue.append(other)
            if distance[other] == distance[node] + 1:
                sigma[other] += sigma[node]
    return (distance[target], sigma[target]) if target in distance else (None, 0)


def bridging(with_forum: nx.Graph[Any], without_forum: nx.Graph[Any]) -> list[GroupPair]:
    """Distances and path counts between every pair of stakeholder groups, with and without."""
    groups = sorted((n for n, d in with_forum.nodes(data=True) if d.get("kind") == "stakeholder-group"),
                    key=lambda n: with_forum.nodes[n].get("name", n))
    pairs = []
    for a, b in combinations(groups, 2):
        d1, s1 = count_shortest_paths(with_forum, a, b)
        d0, s0 = count_shortest_paths(without_forum, a, b)
        pairs.append(GroupPair(
            with_forum.nodes[a].get("name", a), with_forum.nodes[b].get("name", b),
            d1, s1, _independent(with_forum, a, b), d0, s0, _independent(without_forum, a, b),
        ))
    return pairs


def _independent(graph: nx.Graph[Any], a: Any, b: Any) -> int:
    """How many paths from ``a`` to ``b`` share no node but their ends (Menger; 0 if apart)."""
    if a not in graph or b not in graph:
        return 0
    return int(local_node_connectivity(graph, a, b))


def adjusted_rand_index(left: list[Any], right: list[Any]) -> float | None:
    """Hubert and Arabie's adjusted Rand index of two labellings of the same items."""
    n = len(left)
    if n < 2 or n != len(right):
        return None
    pairs = Counter(zip(left, right, strict=True))
    index = sum(math.comb(c, 2) for c in pairs.values())
    rows = sum(math.comb(c, 2) for c in Counter(left).values())
    cols = sum(math.comb(c, 2) for c in Counter(right).values())
    expected = rows * cols / math.comb(n, 2)
    top = (rows + cols) / 2
    if top == expected:
        return 1.0 if index == expected else None
    return (index - expected) / (top - expected)


def norm_communities(graph: nx.Graph[Any], seed: int = SEED) -> NormCommunities:
    """Louvain communities of the norm network, against the norms' categories."""
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed) if len(graph) else []
    names = {n: str(graph.nodes[n].get("name", n)) for n in graph}
    ordered = sorted((sorted(c, key=lambda n: names[n]) for c in found), key=lambda c: (-len(c), names[c[0]]))
    contingency: dict[str, dict[str, int]] = {}
    left, right = [], []
    for number, members in enumerate(ordered, start=1):
        row: dict[str, int] = defaultdict(int)
        for norm in members:
            categories = graph.nodes[norm].get("categories") or ["none"]
            for category in categories:
                row[category] += 1
            if len(categories) == 1 and categories != ["none"]:
                left.append(number)
                right.append(categories[0])
        contingency[f"community {number}"] = dict(sorted(row.items()))
    return NormCommunities(
        [[names[n] for n in c] for c in ordered], contingency,
        _round(adjusted_rand_index(left, right)), len(left), seed,
    )


def analyse(landscape: Landscape, seed: int = SEED) -> Analysis:
    """Run every measure on the landscape's projections."""
    network = brokerage_network(landscape)
    forums = [n for n, d in network.nodes(data=True) if d.get("kind") == "proposed-forum"]
    without = network.copy()
    without.remove_nodes_from(forums)
    brokers = brokerage(network)
    norms = norm_network(landscape)
    return Analysis(
        brokers=brokers,
        proposed=[b for b in brokers if b.kind == "proposed-forum"],
        pairs=bridging(network, without),
        communities=norm_communities(norms, seed),
        networks={"brokerage": network, "norms": norms},
    )
