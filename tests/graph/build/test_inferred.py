"""The inferred graphs split by what they rest on, and the reasoning an import can skip.

An import changes one partner graph; what follows from the curated data with each other partner
alone is in the store already (reasoning is monotonic), so only the changed partner is reasoned over
by itself. These tests reason with HermiT for real and compare with the split made from scratch.
"""

from __future__ import annotations

import pyoxigraph as ox

from cybernorms.graph.build.inferred import inferred_graphs, known_alone, write_inferred
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import CN, ID, INFERRED_GRAPH, PARTNER_GRAPH_PREFIX, partner_inferred_graph
from cybernorms.ontology.reasoning import reason

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
TRACKER, PORTAL = PARTNER_GRAPH_PREFIX + "tracker", PARTNER_GRAPH_PREFIX + "portal"
EX = "https://partner.example/org/"


def _partner(store: OxigraphStore, graph: str, name: str, kind: str) -> None:
    org = ox.NamedNode(EX + name)
    store.add_quads([
        ox.Quad(org, RDF_TYPE, ox.NamedNode(CN + kind), ox.NamedNode(graph)),
        ox.Quad(org, ox.NamedNode(CN + "basedIn"), ox.NamedNode(ID + "state/fra"), ox.NamedNode(graph)),
    ])


def test_an_unchanged_partners_inferences_are_taken_from_the_store_not_reasoned_again(
    curated_copy: OxigraphStore,
) -> None:
    curated = [q.triple for q in curated_copy.quads(INFERRED_GRAPH)]
    _partner(curated_copy, TRACKER, "t", "Corporation")
    first = inferred_graphs(curated_copy, reason, curated=curated).graphs
    write_inferred(curated_copy, first)
    tracker = partner_inferred_graph(TRACKER)
    assert any(t.subject == ox.NamedNode(EX + "t") and t.object == ox.NamedNode(CN + "Actor") for t in first[tracker])

    _partner(curated_copy, PORTAL, "p", "CivilSocietyOrganization")  # a second partner's import
    said: list[str] = []
    known = known_alone(curated_copy, [TRACKER])
    assert set(known) == {TRACKER} and sorted(known[TRACKER], key=str) == sorted(first[tracker], key=str)
    skipping = inferred_graphs(curated_copy, reason, curated=curated, alone=known, progress=said.append).graphs
    scratch = inferred_graphs(curated_copy, reason, curated=curated).graphs

    assert {g: sorted(t, key=str) for g, t in skipping.items()} == {g: sorted(t, key=str) for g, t in scratch.items()}
    assert [line for line in said if "alone" in line] == [
        "reasoning over the curated data with portal alone, to say which partner each inference needs"]
    portal = skipping[partner_inferred_graph(PORTAL)]
    assert any(t.subject == ox.NamedNode(EX + "p") and t.object == ox.NamedNode(CN + "Actor") for t in portal)
    assert not any(t.subject == ox.NamedNode(EX + "p") for t in skipping[tracker])


def test_a_partner_without_an_inferred_graph_in_the_store_is_reasoned_over_again(
    curated_copy: OxigraphStore,
) -> None:
    _partner(curated_copy, TRACKER, "t", "Corporation")
    assert known_alone(curated_copy, [TRACKER]) == {}  # never reasoned over: nothing to reuse
