"""The synthetic graph: deterministic, valid against the shapes and the ontology, every query answered."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybernorms.errors import UsageError
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.bench.synth import plan_for, state_codes, write
from cybernorms.graph.checks.shacl import validate_store
from cybernorms.namespaces import (
    CLAIM_GRAPH_PREFIX,
    INFERRED_GRAPH,
    PARTNER_GRAPH_PREFIX,
    PROVENANCE_GRAPH,
)
from cybernorms.queries.library import library
from cybernorms.queries.run import prepare


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def small(small_synthetic: OxigraphStore) -> OxigraphStore:
    return small_synthetic


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_ones(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.nq", tmp_path / "b.nq", tmp_path / "c.nq"
    write(a, 8, 2, seed=5)
    write(b, 8, 2, seed=5)
    write(c, 8, 2, seed=6)
    assert digest(a) == digest(b) != digest(c)


def test_the_command_writes_the_file_and_says_what(tmp_path: Path) -> None:
    out = tmp_path / "g.trig"
    done = subprocess.run(
        [sys.executable, "-m", "cybernorms", "synth", "--states", "5", "--years", "2", "--seed", "1", "--out", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wrote ")
    assert "(5 states, 2 years, seed 1)" in done.stdout
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.TRIG))
    assert f"wrote {len(quads):,} quads" in done.stdout


def test_only_dataset_formats_are_written(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"\.nq or \.trig"):
        write(tmp_path / "g.ttl", 3, 1)


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_answers_on_the_synthetic_graph(name: str, small: OxigraphStore) -> None:
    prepared = prepare(name)  # default parameters: state:usa, category:II, doc:coc, 1998-2015, ...
    assert small.query(prepared.text, prepared.params).rows, f"{name} returns no rows"


def test_the_synthetic_graph_conforms_to_the_shapes_and_every_graph_has_a_source(small: OxigraphStore) -> None:
    assert validate_store(small) == []


def test_the_synthetic_graph_is_consistent_with_the_ontology(small: OxigraphStore) -> None:
    from cybernorms.graph.build.dataset import asserted_graph
    from cybernorms.ontology.reasoning import reason

    report = reason(asserted_graph(small))
    assert report.consistent, report.explanation


def test_every_fact_sits_in_a_described_claim_or_partner_graph(small: OxigraphStore) -> None:
    graphs = small.graphs()
    assert INFERRED_GRAPH in graphs and PROVENANCE_GRAPH in graphs
    assert any(g.startswith(PARTNER_GRAPH_PREFIX) for g in graphs)
    rows = small.query(
        "SELECT (COUNT(?g) AS ?n) WHERE { GRAPH <" + PROVENANCE_GRAPH + "> { ?g "
        "<http://www.w3.org/ns/prov#wasDerivedFrom> ?source ; <https://w3id.org/cybernorms/ontology#locator> ?at } }"
    ).rows
    derived = int(rows[0][0].value)  # type: ignore[union-attr]
    claims = sum(1 for g in graphs if g.startswith(CLAIM_GRAPH_PREFIX))
    assert 0 < derived <= claims


@pytest.mark.parametrize("size", [pytest.param(1e4, id="1e4"), pytest.param(1e5, id="1e5")])
def test_plan_for_a_size_gives_about_that_many_triples(size: float, tmp_path: Path) -> None:
    states, years = plan_for(size)
    count = write(tmp_path / "g.nq", states, years)
    assert 0.8 * size <= count <= 1.25 * size


def test_state_codes_are_iso_alpha3_and_unique() -> None:
    codes = state_codes(300)
    assert codes[:3] == ["USA", "CHN", "RUS"]
    assert len(set(codes)) == 300
    assert all(len(c) == 3 and c.isalpha() and c.isupper() for c in codes)
