"""``cybernorms export``: every format round-trips, read back by a second parser; the bytes are
deterministic; writes are atomic; ``--graph`` chooses graphs; JSON-LD has readable keys."""

from __future__ import annotations

import json
from collections.abc import Iterable
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from cybernorms import cli
from cybernorms.graph import _files
from cybernorms.graph.exchange.jsonld import CONTEXT_FILE, CONTEXT_IRI, build_context, load_context, local_loader
from cybernorms.graph.build.dataset import ONTOLOGY_FILE
from cybernorms.graph.exchange.export import EXTENSIONS, export_bytes, export_file, resolve_graphs
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.namespaces import CLAIM_GRAPH_PREFIX, INFERRED_GRAPH, ONTOLOGY_GRAPH, PROVENANCE_GRAPH

from tests.graph.exchange_helpers import (  # noqa: F401 - fixtures
    as_default_graph,
    build_fixture_store,
    canonical_set,
    fixture_store,
    isolated,
    shared_cache,
)

TRIPLE_FORMATS = ["ttl", "nt", "xml"]
DATASET_FORMATS = ["trig", "nq"]
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "xml": "xml", "trig": "trig", "nq": "nquads"}
#: rdflib 7.6's own Dataset parsers and serialisers call its deprecated ConjunctiveGraph API
#: (default_context, contexts, identifier): its warnings, not ours to fix.
RDFLIB_DATASET_WARNING = pytest.mark.filterwarnings("ignore:.* is deprecated:DeprecationWarning")


def with_facts(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads of the named graphs and, in the default graph, each of their statements once (as exports hold)."""
    named = list(quads)
    return named + [ox.Quad(t.subject, t.predicate, t.object) for t in {q.triple for q in named}]


def named_only(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads outside the default graph (rdflib names its default graph urn:x-rdflib:default)."""
    return [q for q in quads if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != "urn:x-rdflib:default"]


def rdflib_quads(dataset: rdflib.Dataset) -> list[ox.Quad]:
    """rdflib's parse result as pyoxigraph quads, via N-Quads, to compare canonically."""
    data = dataset.serialize(format="nquads")
    return list(ox.parse(data.encode("utf-8") if isinstance(data, str) else data, ox.RdfFormat.N_QUADS))


# -- round trips, read back by a second parser --


@pytest.mark.parametrize("fmt", TRIPLE_FORMATS)
def test_triple_formats_merge_the_graphs_and_rdflib_reads_them_back(fixture_store: OxigraphStore, fmt: str) -> None:
    data = export_bytes(fixture_store, fmt)
    graph = rdflib.Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
    expected = rdflib.Graph().parse(
        data=ox.serialize([q.triple for q in fixture_store.quads()], format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert len(graph) == len(expected) > 1000
    assert isomorphic(graph, expected)
    assert any(isinstance(node, rdflib.BNode) for node in graph.subjects())  # the ontology's restrictions


@RDFLIB_DATASET_WARNING
@pytest.mark.parametrize("fmt", DATASET_FORMATS)
def test_dataset_formats_keep_the_graphs_and_rdflib_reads_them_back(fixture_store: OxigraphStore, fmt: str) -> None:
    data = export_bytes(fixture_store, fmt)
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=RDFLIB_FORMAT[fmt])
    back = rdflib_quads(dataset)
    default_graph = {ox.DefaultGraph(), ox.NamedNode("urn:x-rdflib:default")}  # rdflib names its default graph
    named = [q for q in back if q.graph_name not in default_graph]
    facts = [ox.Quad(q.subject, q.predicate, q.object) for q in back if q.graph_name in default_graph]
    assert canonical_set(named) == canonical_set(fixture_store.quads())
    assert {q.graph_name.value for q in named if isinstance(q.graph_name, ox.NamedNode)} == set(fixture_store.graphs())
    # the default graph: each statement of the named graphs once
    assert canonical_set(facts) == canonical_set(ox.Quad(t.subject, t.predicate, t.object) for t in fixture_store.facts())
    assert len(facts) == fixture_store.count_facts() > 1000


@pytest.mark.parametrize("fmt", [*TRIPLE_FORMATS, *DATASET_FORMATS, "jsonld"])
def test_pyoxigraph_reads_every_format_back_isomorphic(fixture_store: OxigraphStore, fmt: str) -> None:
    data = export_bytes(fixture_store, fmt)
    back = list(ox.parse(data, {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML,
                                "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
                                "jsonld": ox.RdfFormat.JSON_LD}[fmt]))
    expected = with_facts(fixture_store.quads()) if fmt in ("trig", "nq", "jsonld") else as_default_graph(fixture_store.quads())
    assert canonical_set(back) == canonical_set(expected)


def test_jsonld_is_read_back_by_pyld_isomorphic_with_named_graphs(fixture_store: OxigraphStore) -> None:
    from pyld import jsonld

    document = json.loads(export_bytes(fixture_store, "jsonld"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": local_loader})
    back = list(ox.parse(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS))
    assert canonical_set(back) == canonical_set(with_facts(fixture_store.quads()))


@RDFLIB_DATASET_WARNING
def test_jsonld_is_read_back_by_rdflib(fixture_store: OxigraphStore) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(data=export_bytes(fixture_store, "jsonld"), format="json-ld")
    assert canonical_set(named_only(rdflib_quads(dataset))) == canonical_set(fixture_store.quads())


def test_jsonld_uses_the_published_context_with_readable_keys(fixture_store: OxigraphStore) -> None:
    document = json.loads(export_bytes(fixture_store, "jsonld"))
    assert document["@context"] == load_context()["@context"]
    nodes = [node for graph in document["@graph"] if "@graph" in graph for node in graph["@graph"]]
    norm = next(n for n in nodes if n.get("id") == "norm:fix-1" and "text" in n)
    assert norm["statedIn"] == "doc:fixture-report"
    assert norm["inCategory"] == "category:I"
    assert norm["type"] == "NormStatement"
    assert norm["text"].startswith("States should not knowingly")
    assert {"label", "text", "statedIn", "inCategory"} <= {key for n in nodes for key in n}


def test_every_key_of_the_shipped_context_is_what_the_ontology_gives() -> None:
    """The published context may lag behind the ontology (a new term is written as a compact IRI,
    ``cn:newTerm``, until ``python -m cybernorms.graph.exchange.jsonld`` adds its key), but none of its keys
    may point at a term the ontology no longer has, or coerce values the ontology types otherwise."""
    triples = [q.triple for q in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)]
    shipped, generated = load_context()["@context"], build_context(triples)["@context"]
    wrong = {key: value for key, value in shipped.items() if generated.get(key) != value}
    assert wrong == {}, "regenerate the context: python -m cybernorms.graph.exchange.jsonld"
    assert {"label", "text", "statedIn", "inCategory", "State", "NormStatement", "id", "type"} <= set(shipped)


def test_the_local_loader_serves_only_the_shipped_context() -> None:
    from cybernorms.graph.exchange.jsonld import RemoteContextRefused

    assert local_loader(CONTEXT_IRI, {})["document"] == json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    with pytest.raises(RemoteContextRefused):
        local_loader("https://example.org/context.jsonld", {})


# -- determinism and atomic writes --


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_same_graph_same_bytes_even_after_a_reload_renames_the_blank_nodes(
        fixture_store: OxigraphStore, fmt: str) -> None:
    first = export_bytes(fixture_store, fmt)
    assert export_bytes(fixture_store, fmt) == first
    with OxigraphStore.memory() as reloaded:
        reloaded.load(fixture_store.dump("nq"), "nq")  # new random blank node labels
        assert {q.subject for q in reloaded.quads() if isinstance(q.subject, ox.BlankNode)} != \
            {q.subject for q in fixture_store.quads() if isinstance(q.subject, ox.BlankNode)}
        assert export_bytes(reloaded, fmt) == first


def test_two_processes_write_the_same_bytes(tmp_path: Path) -> None:
    """In separate processes with different hash seeds, from an on-disk store."""
    store_dir = tmp_path / "store"
    with OxigraphStore.open(store_dir) as store:
        build_fixture_store(store)
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"export-{seed}.ttl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "cybernorms", "export", "-q", "--store", str(store_dir),
                               "--format", "ttl", "--out", str(out)], capture_output=True, text=True, env=env,
                              timeout=120, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"_:c14n" in outputs[0]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
        fixture_store: OxigraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "graph.nt"
    out.write_bytes(b"old contents\n")

    real_fdopen = os.fdopen

    def failing_fdopen(fd: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        handle = real_fdopen(fd, mode, *args, **kwargs)  # type: ignore[call-overload]
        original = handle.write

        def write(data: bytes) -> int:
            original(data[: len(data) // 2])
            raise OSError("disk full")

        handle.write = write
        return handle

    monkeypatch.setattr(_files.os, "fdopen", failing_fdopen)
    with pytest.raises(OSError, match="disk full"):
        export_file(fixture_store, "nt", out)
    assert out.read_bytes() == b"old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]


# -- choosing graphs --


def test_graph_short_names(fixture_store: OxigraphStore) -> None:
    graphs = fixture_store.graphs()
    assert resolve_graphs(fixture_store, None) is None
    assert resolve_graphs(fixture_store, ["ontology"]) == [ONTOLOGY_GRAPH]
    assert resolve_graphs(fixture_store, ["inferred", "provenance"]) == sorted([INFERRED_GRAPH, PROVENANCE_GRAPH])
    claims = resolve_graphs(fixture_store, ["claims"])
    assert claims == [g for g in graphs if g.startswith(CLAIM_GRAPH_PREFIX)] and len(claims) == 8
    assert resolve_graphs(fixture_store, ["asserted"]) == [g for g in graphs if g != INFERRED_GRAPH]
    one = claims[0]
    assert resolve_graphs(fixture_store, [one]) == [one]
    assert resolve_graphs(fixture_store, [one[len("https://w3id.org/cybernorms/graph/"):]]) == [one]


def test_one_graph_in_trig_keeps_its_name_and_in_turtle_is_plain(fixture_store: OxigraphStore) -> None:
    trig = export_bytes(fixture_store, "trig", [PROVENANCE_GRAPH])
    assert f"<{PROVENANCE_GRAPH}> {{".encode() in trig
    back = named_only(ox.parse(trig, ox.RdfFormat.TRIG))
    assert {q.graph_name.value for q in back} == {PROVENANCE_GRAPH}
    assert len(back) == fixture_store.count(PROVENANCE_GRAPH)
    turtle = export_bytes(fixture_store, "ttl", [ONTOLOGY_GRAPH, PROVENANCE_GRAPH])
    merged = list(ox.parse(turtle, ox.RdfFormat.TURTLE))
    assert canonical_set(merged) == canonical_set(
        as_default_graph([*fixture_store.quads(ONTOLOGY_GRAPH), *fixture_store.quads(PROVENANCE_GRAPH)]))


# -- the command --


def test_export_command_writes_the_file_and_says_what(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = isolated / "out" / "dataset.trig"
    assert cli.main(["export", "-q", "--out", str(out)]) == 0  # format from the extension; builds first
    capsys.readouterr()
    assert cli.main(["export", "--out", str(out), "--graph", "ontology", "--graph", "provenance"]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {out}: 2 graphs (") and "named graphs kept) as trig" in said
    assert {q.graph_name.value for q in named_only(ox.parse(out.read_bytes(), ox.RdfFormat.TRIG))} == {
        ONTOLOGY_GRAPH, PROVENANCE_GRAPH}
    assert cli.main(["export", "--format", "nt", "--out", str(isolated / "x.nt"), "--graph", "claims"]) == 0
    assert "graphs merged into one) as nt" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(["--format", "ttl"], "say where to write: --out PATH for one file, or --bundle DIR", id="no-out"),
    pytest.param(["--out", "x.dat"], "say which format to write with --format", id="no-format"),
    pytest.param(["--out", "x.ttl", "--graph", "nope"], "no graph 'nope' in the dataset; use a full graph IRI",
                 id="unknown-graph"),
    pytest.param(["--bundle", "b", "--format", "ttl"], "--bundle writes every format of the whole dataset",
                 id="bundle-with-format"),
    pytest.param(["--out", "x.ttl", "--date", "2015-01-01"], "--date sets the release date of a --bundle",
                 id="date-without-bundle"),
    pytest.param(["--bundle", "b", "--date", "2015-13-01"], "--date '2015-13-01' is not a date", id="bad-date"),
])
def test_export_usage_errors(isolated: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                             args: list[str], message: str) -> None:
    monkeypatch.chdir(isolated)
    assert cli.main(["export", "-q", *args]) == 2
    assert message in capsys.readouterr().err


def test_the_options_module_agrees_with_the_store_and_stays_light() -> None:
    from cybernorms.cli.exchange import FORMAT_KEYS
    from cybernorms.graph.store.embedded import FORMATS

    assert FORMAT_KEYS == tuple(FORMATS)
    code = ("import argparse, sys\nfrom cybernorms.cli import exchange as o\n"
            "p = argparse.ArgumentParser(); o.add_export_arguments(p); o.add_import_arguments(argparse.ArgumentParser())\n"
            "print(sorted(m for m in ('pyoxigraph', 'rdflib', 'pyld', 'pyshacl') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
