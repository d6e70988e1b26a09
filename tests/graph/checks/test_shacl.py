"""`cybernorms validate`'s data check: the SHACL shapes and the provenance rule, on broken data."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from cybernorms.graph.build.dataset import ONTOLOGY_FILE
from cybernorms.graph.build.compile import Vocabulary, compile_file
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.graph.checks.shacl import validate_store
from cybernorms.namespaces import ONTOLOGY_GRAPH

BROKEN = """
source: document/report
records:
  - {id: document/report, at: title page, type: Document, label: A report}
  - id: norm/x-1
    at: paragraph 1
    type: NormStatement
    statedIn: document/report
  - {id: state/xyz, at: paragraph 2, type: State, countryCode: xyz}
"""


def store_with(tmp_path: Path, text: str) -> OxigraphStore:
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    store = OxigraphStore.memory()
    store.load(ONTOLOGY_FILE, "ttl", graph=ONTOLOGY_GRAPH)
    store.add_quads(compile_file(path, Vocabulary.from_ontology(ONTOLOGY_FILE)))
    return store


def test_each_missing_piece_is_named_with_its_node_and_rule(tmp_path: Path) -> None:
    problems = validate_store(store_with(tmp_path, BROKEN))
    assert "norm:x-1 cn:text: a norm needs exactly one non-empty text (cn:text) [cnsh:NormShape]" in problems
    assert ("norm:x-1 cn:inCategory: a norm needs at least one category (cn:inCategory) among I-V "
            "[cnsh:NormShape]") in problems
    assert "state:xyz rdfs:label: an actor needs a label (rdfs:label) [cnsh:ActorShape]" in problems
    assert ("state:xyz cn:countryCode: a country code is one ISO 3166-1 alpha-3 code in capitals "
            "[cnsh:ActorShape]") in problems
    assert len(problems) == 4


def test_a_graph_without_a_source_is_reported(tmp_path: Path) -> None:
    store = store_with(tmp_path, "records: []\n")
    g = ox.NamedNode("https://example.org/unsourced")
    store.add_quads([ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"),
                             ox.Literal("b"), g)])
    assert validate_store(store) == [
        "https://example.org/unsourced: a named graph with no source (no description in the provenance graph)"
    ]


def test_the_curated_data_conforms(tmp_path: Path) -> None:
    from cybernorms.graph.build.dataset import compile_asserted

    store = OxigraphStore.memory()
    compile_asserted(store)
    assert validate_store(store) == []


def test_an_untagged_text_is_refused_and_every_string_property_has_its_rule(tmp_path: Path) -> None:
    import rdflib

    from cybernorms.graph.checks.shacl import SHAPES_FILE
    from cybernorms.graph.language import CODE_PROPERTIES, NATURAL_LANGUAGE_PROPERTIES

    store = store_with(tmp_path, "records:\n  - {id: org/x, at: p, source: curator, type: Corporation, label: X}\n")
    assert validate_store(store) == []
    claim = ox.NamedNode("https://w3id.org/cybernorms/graph/claim/curator/p")
    subject = ox.NamedNode("https://w3id.org/cybernorms/id/org/x")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.add_quads([ox.Quad(subject, label, ox.Literal("Untagged name"), claim),
                     ox.Quad(subject, ox.NamedNode("https://w3id.org/cybernorms/ontology#countryCode"),
                             ox.Literal("CHE"), claim)])
    assert validate_store(store) == [
        'cnid:org/x rdfs:label: rdfs:label is natural-language text: write it with a language tag, such as "..."@en '
        "[cnsh:NaturalLanguageShape]"
    ]
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    shape = rdflib.URIRef("https://w3id.org/cybernorms/shapes#NaturalLanguageShape")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert {str(t) for t in shapes.objects(shape, sh.targetSubjectsOf)} == NATURAL_LANGUAGE_PROPERTIES
    assert {str(shapes.value(p, sh.path)) for p in shapes.objects(shape, sh.property)} == NATURAL_LANGUAGE_PROPERTIES
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE)
    xsd_string = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#string")
    plain = rdflib.URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#PlainLiteral")
    assert {str(p) for p in ontology.subjects(rdflib.RDFS.range, xsd_string)} <= CODE_PROPERTIES
    assert {str(p) for p in ontology.subjects(rdflib.RDFS.range, plain)} <= NATURAL_LANGUAGE_PROPERTIES
    assert not NATURAL_LANGUAGE_PROPERTIES & CODE_PROPERTIES


def test_every_text_of_the_built_graph_has_a_language(curated_store: OxigraphStore) -> None:
    from cybernorms.graph.language import NATURAL_LANGUAGE_PROPERTIES

    values = " ".join(f"<{p}>" for p in sorted(NATURAL_LANGUAGE_PROPERTIES))
    rows = curated_store.query(f"""SELECT ?p (COUNT(*) AS ?n) (SAMPLE(LANG(?o)) AS ?any) WHERE {{
        VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} FILTER(isLiteral(?o)) }} GROUP BY ?p""").rows
    untagged = curated_store.query(f"""SELECT ?s ?p ?o WHERE {{
        VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} FILTER(isLiteral(?o) && LANG(?o) = "") }} LIMIT 5""").rows
    assert untagged == []
    assert len(rows) >= 15
    several = curated_store.query("""SELECT ?s WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } }
        GROUP BY ?s HAVING (COUNT(DISTINCT ?l) > 1) LIMIT 5""").rows
    assert several == []  # one rdfs:label per entity; names in other languages are skos:prefLabel  # labels, titles, texts, quotes, notes, rationales ... all present and all tagged
