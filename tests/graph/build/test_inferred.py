"""The inferred graphs split by what they rest on, and the reasoning an import can skip.

An import changes one partner graph; what follows from the curated data with each other partner
alone is in the store already (reasoning is monotonic), so only the changed partner is reasoned over
by itself. These tests reason with HermiT for real and compare with the split made from scratch.
"""

from __future__ import annotations

import pyoxigraph as ox

from functools import partial

from cybernorms.graph.build.inferred import (
    annotation_properties,
    asserted_triples,
    inferred_graphs,
    known_alone,
    write_inferred,
)
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import CN, ID, INFERRED_GRAPH, ONTOLOGY_GRAPH, PARTNER_GRAPH_PREFIX, partner_inferred_graph
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


def test_without_annotations_the_partners_alone_give_the_same_split(curated_copy: OxigraphStore) -> None:
    curated = [q.triple for q in curated_copy.quads(INFERRED_GRAPH)]
    _partner(curated_copy, TRACKER, "t", "Corporation")
    _partner(curated_copy, PORTAL, "p", "CivilSocietyOrganization")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    curated_copy.add_quads([ox.Quad(ox.NamedNode(EX + "p"), label, ox.Literal("P", language="en"),
                                    ox.NamedNode(PORTAL))])
    whole = inferred_graphs(curated_copy, reason, curated=curated).graphs
    lean = inferred_graphs(curated_copy, partial(reason, known_consistent=True), curated=curated,
                           annotations=False).graphs
    assert {g: set(t) for g, t in lean.items()} == {g: set(t) for g, t in whole.items()}
    assert whole[partner_inferred_graph(PORTAL)]


def test_the_annotation_properties_are_the_built_in_ones_and_those_the_ontology_declares(
    curated_copy: OxigraphStore,
) -> None:
    found = {p.value for p in annotation_properties(curated_copy)}
    assert {"http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/description"} <= found
    assert CN + "basedIn" not in found and CN + "countryCode" not in found
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    both = ox.NamedNode("http://purl.org/dc/terms/description")  # declared an object property as well
    curated_copy.add_quads([ox.Quad(both, RDF_TYPE, ox.NamedNode("http://www.w3.org/2002/07/owl#ObjectProperty"),
                                    graph)])
    assert both not in annotation_properties(curated_copy)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    in_ontology = sum(1 for q in curated_copy.quads(ONTOLOGY_GRAPH) if q.predicate == label)
    lean = sum(1 for t in asserted_triples(curated_copy, annotations=False) if t.predicate == label)
    assert lean == in_ontology  # the ontology keeps its own; the data's labels are left out
    assert sum(1 for t in asserted_triples(curated_copy) if t.predicate == label) > lean
