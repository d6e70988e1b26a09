"""The analysis on the hand-made landscape, whose numbers are worked out here by hand.

The brokerage network of ``fixtures/landscape`` (undirected; groups S states, P private
sector, C civil society, T technical and academic community)::

    S - Atlantis, S - Borduria, Alpha - Atlantis, Alpha - Borduria
    P - Acme, P - Globex, Beta - Acme, Beta - Globex, Beta - Cyber Lab, T - Cyber Lab
    C - Open Net, Gamma - Open Net
    New forum - Atlantis (endorsement), New forum - Acme (supports), New forum - Open Net (supports, proposed by)

14 nodes. The new forum is the only link between three parts: {S, Atlantis, Borduria, Alpha}
(4 nodes, reached through Atlantis), {P, Acme, Globex, Beta, Cyber Lab, T} (6, through Acme)
and {C, Open Net, Gamma} (3, through Open Net). Every shortest path between two parts runs
through it: 4*6 + 4*3 + 6*3 = 54 pairs, of (14-1)(14-2)/2 = 78: betweenness 54/78. Acme:
the 5 other nodes of its part times the 8 outside it, 40, plus half of P's paths to Beta, Cyber
Lab and T (P - Acme - Beta or P - Globex - Beta): 41.5/78. Atlantis: 3 x 10 + 0.5 (S - Alpha
two ways) = 30.5/78. The forum's three neighbours are not linked to each other: constraint
3 x (1/3)^2 = 1/3, effective size 3.
"""

from __future__ import annotations

import math

import networkx as nx
import pytest

from cybernorms.viz.analytics import adjusted_rand_index, analyse, count_shortest_paths
from cybernorms.viz.landscape import Landscape


@pytest.fixture(scope="module")
def analysis(fixture_landscape: Landscape):  # type: ignore[no-untyped-def]
    return analyse(fixture_landscape)


def test_the_proposed_forum_is_the_best_broker(analysis) -> None:  # type: ignore[no-untyped-def]
    (forum,) = analysis.proposed
    assert forum.name == "the new advocacy forum"
    assert (forum.rank, len(analysis.brokers)) == (1, 10)
    assert forum.betweenness == pytest.approx(54 / 78, abs=1e-6)
    assert forum.constraint == pytest.approx(1 / 3, abs=1e-6)
    assert forum.effective_size == pytest.approx(3.0)


def test_betweenness_of_the_other_brokers(analysis) -> None:  # type: ignore[no-untyped-def]
    by_name = {b.name: b for b in analysis.brokers}
    assert by_name["Acme Corporation"].betweenness == pytest.approx(41.5 / 78, abs=1e-6)
    assert by_name["Atlantis"].betweenness == pytest.approx(30.5 / 78, abs=1e-6)
    assert by_name["Gamma Dialogue"].betweenness == 0.0
    assert [b.name for b in analysis.brokers[:3]] == ["the new advocacy forum", "Acme Corporation", "Atlantis"]


def test_only_forums_and_actors_are_ranked(analysis) -> None:  # type: ignore[no-untyped-def]
    assert {b.kind for b in analysis.brokers} == {"proposed-forum", "forum", "state", "corporation",
                                                   "civil-society", "research"}


def test_group_paths_with_and_without_the_forum(analysis) -> None:  # type: ignore[no-untyped-def]
    rows = {(p.group_a, p.group_b): (p.distance_with, p.shortest_paths_with, p.independent_paths_with,
                                     p.distance_without, p.shortest_paths_without, p.independent_paths_without)
            for p in analysis.pairs}
    assert rows == {
        # S - Atlantis - forum - Acme - P: one path; without the forum none at all
        ("private sector", "states"): (4, 1, 1, None, 0, 0),
        ("civil society", "states"): (4, 1, 1, None, 0, 0),
        ("civil society", "private sector"): (4, 1, 1, None, 0, 0),
        # P - Acme|Globex - Beta - Cyber Lab - T: two shortest paths that share Beta, with or without
        ("private sector", "technical and academic community"): (4, 2, 1, 4, 2, 1),
        ("states", "technical and academic community"): (6, 1, 1, None, 0, 0),
        ("civil society", "technical and academic community"): (6, 1, 1, None, 0, 0),
    }


def test_norm_communities_next_to_the_categories(analysis) -> None:  # type: ignore[no-untyped-def]
    nc = analysis.communities
    # three alignments, no other link between norms: three pairs
    assert nc.communities == [["DocA (1)", "DocB 1"], ["DocA (2)", "DocB 2"], ["DocA (3)", "DocB 3"]]
    assert nc.contingency == {"community 1": {"I": 2}, "community 2": {"II": 2}, "community 3": {"III": 1, "IV": 1}}
    # by hand: sum C(n_ij,2) = 2, rows 3, columns 2, C(6,2) = 15, expected 0.4, max 2.5: (2-0.4)/(2.5-0.4)
    assert nc.adjusted_rand == pytest.approx(16 / 21, abs=1e-6)
    assert nc.norms_compared == 6


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        pytest.param([1, 1, 2, 2], ["a", "a", "b", "b"], 1.0, id="same-partition"),
        pytest.param([1, 1, 2, 2], ["a", "b", "a", "b"], -0.5, id="crossed"),
        pytest.param([1, 1, 2, 2, 3, 3], ["I", "I", "II", "II", "III", "IV"], 16 / 21, id="fixture"),
    ],
)
def test_adjusted_rand_index(left: list[int], right: list[str], expected: float) -> None:
    assert adjusted_rand_index(left, right) == pytest.approx(expected)


def test_count_shortest_paths_on_a_grid() -> None:
    grid = nx.grid_2d_graph(3, 3)
    # corner to corner of a 3x3 grid: 4 steps, C(4,2) = 6 paths
    assert count_shortest_paths(grid, (0, 0), (2, 2)) == (4, math.comb(4, 2))
    grid.add_node("apart")
    assert count_shortest_paths(grid, (0, 0), "apart") == (None, 0)
