"""SHACL over the nodes a change touches, in chunks, finds what validating the whole graph finds for them."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from cybernorms.graph.checks.shacl import run_shacl, shapes_graph, union_for_validation
from cybernorms.graph.checks.shacl_focus import node_local, touched, violations_of
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import PARTNER_GRAPH_PREFIX, PREFIXES, expand

PARTNER = PARTNER_GRAPH_PREFIX + "tracker"
#: A partner's triples that break shapes on its own nodes, on a curated node and on a value's class.
BREAKING = f"""
@prefix cn: <{PREFIXES['cn']}> .
@prefix rdfs: <{PREFIXES['rdfs']}> .
@prefix state: <{PREFIXES['state']}> .
@prefix forum: <{PREFIXES['forum']}> .
<https://tracker.example/org/1> a cn:Corporation ; cn:supports forum:gcsc .
<https://tracker.example/org/2> a cn:Corporation ; rdfs:label "Two" ; cn:countryCode "xx" ;
    cn:basedIn <https://tracker.example/place/1> .
<https://tracker.example/place/1> rdfs:label "not a state" .
<https://tracker.example/org/3> a cn:CivilSocietyOrganization ; rdfs:label "Three" ; cn:basedIn state:fra .
state:usa cn:countryCode "ZZZ" .
[] a cn:Corporation ; cn:basedIn state:deu .
"""


def _with_partner(curated_store: OxigraphStore) -> tuple[OxigraphStore, list[ox.Triple]]:
    store = OxigraphStore.memory()
    store.add_quads(curated_store.quads())
    triples = [q.triple for q in ox.parse(BREAKING, format=ox.RdfFormat.TURTLE)]
    store.add_quads(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(PARTNER)) for t in triples)
    return store, triples


def test_the_touched_nodes_chunk_by_chunk_have_the_violations_the_whole_graph_gives_them(
        curated_store: OxigraphStore) -> None:
    store, triples = _with_partner(curated_store)
    nodes = touched(store, triples)
    names = _names(nodes)
    whole, _ = run_shacl(union_for_validation(store))
    found = violations_of(store, nodes, chunk=3)
    assert all(v.focus in names or v.focus.startswith("_:") for v in found)
    iri_found = {str(v) for v in found if v.focus in names}
    assert iri_found == {str(v) for v in whole if v.focus in names}
    assert {"https://tracker.example/org/1 rdfs:label: an actor needs a label (rdfs:label) [cnsh:ActorShape]",
            "state:usa cn:countryCode: a country code is one ISO 3166-1 alpha-3 code in capitals [cnsh:ActorShape]"
            } <= iri_found
    assert any(v.focus == "https://tracker.example/org/2" and v.path == "cn:basedIn" for v in found)
    blank = [v for v in found if v.focus.startswith("_:")]  # the partner's blank node, named as such
    assert [(v.path, v.shape) for v in blank] == [("rdfs:label", "cnsh:ActorShape")]
    assert not any(v.focus.startswith(("state:fra", "forum:gcsc")) for v in found)  # untouched: conform


def _names(nodes: set[ox.NamedNode | ox.BlankNode]) -> set[str]:
    from cybernorms.namespaces import shorten

    return {shorten(n.value) for n in nodes if isinstance(n, ox.NamedNode)}


def test_the_nodes_pointing_to_a_changed_node_are_touched(curated_store: OxigraphStore) -> None:
    store, _ = _with_partner(curated_store)
    gcsc = ox.NamedNode(expand("forum:gcsc"))
    typed = [ox.Triple(gcsc, ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal("GCSC", language="fr"))]
    nodes = touched(store, typed)
    pointing = {q.subject for q in store.engine.quads_for_pattern(None, None, gcsc)}
    assert gcsc in nodes and pointing and pointing <= nodes


def test_the_packaged_shapes_are_node_local_and_others_are_told_apart() -> None:
    assert node_local(shapes_graph())
    sh = PREFIXES["sh"]
    for extra in (f"[] <{sh}node> [] .", f"[] <{sh}targetObjectsOf> <http://example.org/p> .",
                  f"[] <{sh}path> [ <{sh}inversePath> <http://example.org/p> ] ."):
        shapes = rdflib.Graph()
        shapes += shapes_graph()
        shapes.parse(data=extra, format="turtle")
        assert not node_local(shapes), extra
