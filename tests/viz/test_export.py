"""GraphML and GEXF exports load back, attributes and all, whatever the values were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest

from cybernorms.viz.analytics import analyse
from cybernorms.viz.export import exportable, write_gexf, write_graphml
from cybernorms.viz.landscape import Landscape


def awkward() -> nx.Graph:
    graph = nx.Graph()
    graph.add_node("a", kind="state", name="A <&> \"quoted\"", date=dt.date(2015, 7, 22), texts=[("t", ["src, p. 1"])],
                   missing=None, score=1, ratio=float("nan"), flag=True)
    graph.add_node("b", kind="forum", name="B", date=None, texts=[], score=2.5, flag=False)
    graph.add_edge("a", "b", relations=["member", "supports"], weight=2, text=None)
    return graph


def test_exportable_attributes_are_scalars_of_one_type_per_key() -> None:
    out = exportable(awkward())
    a, b = out.nodes["a"], out.nodes["b"]
    assert a["date"] == "2015-07-22" and "date" not in b
    assert a["texts"] == "t src, p. 1" and "texts" not in b
    assert "missing" not in a and "ratio" not in a
    assert (a["score"], b["score"]) == (1.0, 2.5)
    assert out.edges["a", "b"]["relations"] == "member; supports" and "text" not in out.edges["a", "b"]


@pytest.mark.parametrize(
    ("write", "read"),
    [pytest.param(write_graphml, nx.read_graphml, id="graphml"), pytest.param(write_gexf, nx.read_gexf, id="gexf")],
)
def test_awkward_values_load_back(tmp_path: Path, write, read) -> None:  # type: ignore[no-untyped-def]
    path = write(awkward(), tmp_path / "g.xml")
    back = read(path)
    assert sorted(back.nodes) == ["a", "b"]
    assert back.nodes["a"]["name"] == 'A <&> "quoted"'
    assert back.nodes["a"]["date"] == "2015-07-22"
    assert back.nodes["b"]["score"] == 2.5
    assert back.edges["a", "b"]["relations"] == "member; supports"


@pytest.mark.parametrize(
    ("write", "read"),
    [pytest.param(write_graphml, nx.read_graphml, id="graphml"), pytest.param(write_gexf, nx.read_gexf, id="gexf")],
)
def test_analysed_networks_load_back(tmp_path: Path, fixture_landscape: Landscape, write, read) -> None:  # type: ignore[no-untyped-def]
    networks = analyse(fixture_landscape).networks
    for name, graph in networks.items():
        back = read(write(graph, tmp_path / f"{name}.out"))
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
    brokerage = read(write(networks["brokerage"], tmp_path / "b.out"))
    forum = brokerage.nodes["https://w3id.org/cybernorms/id/forum/new-forum"]
    assert (forum["kind"], forum["name"]) == ("proposed-forum", "the new advocacy forum")
