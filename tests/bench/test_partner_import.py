"""The partner-import benchmark: the synthetic partner file passes the gate, and a real import is measured."""

from __future__ import annotations

from pathlib import Path

from cybernorms.bench.partner_import import import_section, measure_import, write_partner_file
from cybernorms.graph.partners.safe_parse import parse_safely
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import PARTNER_GRAPH_PREFIX

from tests.graph.exchange_helpers import fixture_store  # noqa: F401 - fixture


def test_the_synthetic_partner_file_has_the_size_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "partner.nt"
    triples = write_partner_file(path, 0.2)
    assert 200_000 <= path.stat().st_size < 201_000
    assert len(parse_safely(path).quads) == triples


def test_an_import_is_measured_step_by_step(fixture_store: OxigraphStore, tmp_path: Path) -> None:  # noqa: F811
    store_dir = tmp_path / "store"
    with OxigraphStore.open(store_dir) as store:
        store.add_quads(fixture_store.quads())
    path = tmp_path / "partner.nt"
    kinds = "PREFIX cn: <https://w3id.org/cybernorms/ontology#> SELECT ?x WHERE {{ ?x a cn:{0} }} ORDER BY ?x LIMIT 1"
    state, forum = (fixture_store.query(kinds.format(kind)).rows[0][0].value for kind in ("State", "Forum"))  # type: ignore[union-attr]
    triples = write_partner_file(path, 0.02, states=[state], forums=[forum])
    found = measure_import(path, store_dir, megabytes=0.02, triples=triples)
    assert found.exit_code == 0, found.message
    assert found.message.startswith(f"imported {path} as {PARTNER_GRAPH_PREFIX}tracker: {triples} triples")
    steps = [step for step, _ in found.steps]
    assert steps[0].startswith("parsed") and any("trust boundary" in s for s in steps)
    assert any("SHACL" in s for s in steps) and any("reasoner" in s for s in steps)
    assert found.peak_mb > 0 and abs(sum(t for _, t in found.steps) - found.seconds) < found.seconds
    with OxigraphStore.open(store_dir, read_only=True) as store:
        assert store.count(PARTNER_GRAPH_PREFIX + "tracker") == triples
    section = "\n".join(import_section([found]))
    assert "| **all** |" in section and f"{triples:,} triples: exit 0" in section
