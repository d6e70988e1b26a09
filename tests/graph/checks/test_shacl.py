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
