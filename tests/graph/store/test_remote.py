"""The remote store against a real Oxigraph server on loopback: push, every named query, writes.

The server is the ``oxigraph`` command of the ``oxigraph`` package on PyPI (a test
dependency), started in memory with ``--union-default-graph`` so that its default graph
is the union of the named graphs, as on the embedded store. Every named query runs on
both stores, with its default parameters bound (by ``VALUES`` on the remote side, by
the engine's substitution on the embedded one), and must return the same rows.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybernorms.errors import CybernormsError, UsageError
from cybernorms.graph.build import dataset as build
from cybernorms.graph.store.remote import (
    Endpoints,
    RemoteStore,
    bind_values,
    is_store_url,
    push,
)
from cybernorms.graph.store.embedded import OxigraphStore, QueryResult
from cybernorms.queries.library import library
from cybernorms.queries.run import prepare

EX = "http://example.org/"
INJECTION = '"x" } ; DROP ALL ; #'


def oxigraph_command() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        pytest.fail("the oxigraph server is missing: pip install 'cybernorms[test]' (it installs oxigraph)")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty in-memory Oxigraph server on 127.0.0.1; its query URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("oxigraph") / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [oxigraph_command(), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=output, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the oxigraph server did not start: {log.read_text(errors='replace')}")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def remote(server: str) -> Iterator[RemoteStore]:
    with RemoteStore.from_url(server) as store:
        yield store


@pytest.fixture(scope="module")
def curated(curated_store: OxigraphStore) -> OxigraphStore:
    """The session's curated dataset (read only: it is pushed, never changed)."""
    return curated_store


@pytest.fixture(scope="module")
def synthetic(small_synthetic: OxigraphStore) -> OxigraphStore:
    return small_synthetic


# -- comparing answers --


def _concat_separators(text: str) -> dict[str, str]:
    """The GROUP_CONCAT columns of a query and their separators: their order is the engine's."""
    found = re.finditer(r'GROUP_CONCAT\((?:DISTINCT\s+)?\?\w+\s*;\s*separator\s*=\s*"([^"]*)"\)\s+AS\s+\?(\w+)', text, re.IGNORECASE)
    return {m[2]: m[1] for m in found}


def comparable(result: QueryResult, text: str) -> Counter[tuple[str, ...]]:
    """The rows as a multiset of N-Triples terms, GROUP_CONCAT values sorted, blank nodes unnamed."""
    separators = _concat_separators(text)
    rows: Counter[tuple[str, ...]] = Counter()
    for row in result.rows:
        cells = []
        for name, term in zip(result.variables, row, strict=True):
            if isinstance(term, ox.BlankNode):
                cells.append("_:b")
            elif isinstance(term, ox.Literal) and name in separators and separators[name]:
                cells.append(separators[name].join(sorted(term.value.split(separators[name]))))
            else:
                cells.append("" if term is None else str(term))
        rows[tuple(cells)] += 1
    return rows


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_gives_the_same_rows_remotely_on_the_curated_graph(
    name: str, curated: OxigraphStore, server: str
) -> None:
    with RemoteStore.from_url(server) as remote:
        if remote.count() != len(curated):
            push(curated, remote, clear=True)
        prepared = prepare(name)
        local = curated.query(prepared.text, prepared.params)
        answer = remote.query(prepared.text, prepared.params)
    assert answer.variables == local.variables
    assert comparable(answer, prepared.text) == comparable(local, prepared.text)


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_gives_the_same_nonempty_rows_remotely_on_a_synthetic_graph(
    name: str, synthetic: OxigraphStore, server: str
) -> None:
    with RemoteStore.from_url(server) as remote:
        if remote.count() != len(synthetic):
            push(synthetic, remote, clear=True)
        prepared = prepare(name)
        local = synthetic.query(prepared.text, prepared.params)
        answer = remote.query(prepared.text, prepared.params)
    assert local.rows, f"{name} is empty on the synthetic graph"
    assert comparable(answer, prepared.text) == comparable(local, prepared.text)


# -- the store interface over HTTP --


def triple(s: str, p: str, o: ox.NamedNode | ox.Literal) -> ox.Triple:
    return ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o)


def test_push_keeps_every_named_graph_and_its_triples(curated: OxigraphStore, remote: RemoteStore) -> None:
    graphs, triples = push(curated, remote, clear=True)
    assert (graphs, triples) == (len(curated.graphs()), len(curated))
    assert remote.graphs() == curated.graphs()
    assert remote.count() == len(curated)
    some = curated.graphs()[len(curated.graphs()) // 2]
    assert {str(q) for q in remote.quads(some)} == {str(q) for q in curated.quads(some)}


def test_writes_replace_remove_and_add_graphs(remote: RemoteStore) -> None:
    graph = EX + "graph/written"
    remote.replace_graph(graph, [triple("a", "name", ox.Literal("Alpha")), triple("a", "label", ox.Literal(INJECTION))])
    assert remote.count(graph) == 2
    remote.replace_graph(graph, [triple("a", "name", ox.Literal("Beta"))])
    assert [str(q.object) for q in remote.quads(graph)] == ['"Beta"']
    remote.add_quads([ox.Quad(ox.NamedNode(EX + "b"), ox.NamedNode(EX + "p"), ox.Literal("1"), ox.NamedNode(graph))])
    assert remote.count(graph) == 2
    assert b"<http://example.org/b>" in remote.dump("nt", graph)
    assert remote.remove_graph(graph) is True
    assert remote.remove_graph(graph) is False
    assert graph not in remote.graphs()


def test_add_quads_refuses_the_default_graph_and_sends_nothing(remote: RemoteStore) -> None:
    before = remote.count()
    with pytest.raises(UsageError, match="named graph"):
        remote.add_quads([ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + "o"))])
    assert remote.count() == before


def test_a_parameter_that_looks_like_sparql_stays_a_value(remote: RemoteStore) -> None:
    graph = EX + "graph/injection"
    remote.replace_graph(graph, [triple("x", "label", ox.Literal(INJECTION))])
    sparql = f"SELECT ?s ?label WHERE {{ ?s <{EX}label> ?label }}"
    rows = remote.query(sparql, {"label": ox.Literal(INJECTION)}).rows
    assert rows == [(ox.NamedNode(EX + "x"), ox.Literal(INJECTION))]
    assert remote.count(graph) == 1  # nothing was dropped
    remote.remove_graph(graph)


def test_ask_construct_and_serialised_answers_match_the_embedded_store(
    curated: OxigraphStore, remote: RemoteStore
) -> None:
    push(curated, remote, clear=True)
    ask = "ASK { ?s a <https://w3id.org/cybernorms/ontology#ReferenceDocument> }"
    assert remote.query(ask).boolean is curated.query(ask).boolean is True
    construct = "CONSTRUCT { ?d a ?c } WHERE { ?d a ?c . FILTER(?c = <https://w3id.org/cybernorms/ontology#ReferenceDocument>) }"
    assert {str(t) for t in remote.query(construct).triples} == {str(t) for t in curated.query(construct).triples}
    prepared = prepare("table1")
    assert remote.query_serialized(prepared.text, prepared.params, "csv") == curated.query_serialized(
        prepared.text, prepared.params, "csv"
    )
    with pytest.raises(UsageError, match="does not fit a SELECT"):
        remote.query_serialized(prepared.text, prepared.params, "ttl")


def test_a_syntax_error_reads_as_on_the_embedded_store(remote: RemoteStore, curated: OxigraphStore) -> None:
    bad = "SELECT ?x WHERE { ?x ?p }"
    with pytest.raises(UsageError) as local:
        curated.query(bad)
    with pytest.raises(UsageError) as far:
        remote.query(bad)
    assert str(far.value) == str(local.value)


def test_an_unreachable_endpoint_is_one_clear_error() -> None:
    with RemoteStore.from_url(f"http://127.0.0.1:{free_port()}/query") as remote, \
            pytest.raises(CybernormsError, match="cannot reach the SPARQL endpoint http://127.0.0.1:"):
        remote.graphs()


def test_the_command_line_queries_the_endpoint(curated: OxigraphStore, server: str, tmp_path: Path) -> None:
    with RemoteStore.from_url(server) as remote:
        push(curated, remote, clear=True)
    done = subprocess.run(
        [sys.executable, "-m", "cybernorms", "query", "table1", "--store", server, "--format", "csv"],
        capture_output=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    prepared = prepare("table1")
    assert done.stdout.rstrip(b"\n") == curated.query_serialized(prepared.text, prepared.params, "csv").rstrip(b"\n")
    assert b"using the remote store" in done.stderr


# -- parameters and endpoints, without a server --


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        pytest.param("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { VALUES (?x) { (<http://example.org/v>) } ?x ?p ?o }", id="select"),
        pytest.param(
            'SELECT ?x WHERE { ?x ?p "{" # a } brace\n}',
            'SELECT ?x WHERE { VALUES (?x) { (<http://example.org/v>) } ?x ?p "{" # a } brace\n}',
            id="braces-in-strings-and-comments",
        ),
        pytest.param(
            "CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }",
            "CONSTRUCT { ?x ?p ?o } WHERE { VALUES (?x) { (<http://example.org/v>) } ?x ?p ?o }",
            id="construct-template-skipped",
        ),
        pytest.param(
            "SELECT ?x WHERE { SELECT ?x WHERE { ?x ?p ?o } }",
            "SELECT ?x WHERE { VALUES (?x) { (<http://example.org/v>) } { SELECT ?x WHERE { ?x ?p ?o } } }",
            id="sub-select-wrapped",
        ),
    ],
)
def test_values_block_goes_at_the_start_of_the_where_group(sparql: str, expected: str) -> None:
    assert bind_values(sparql, {"x": ox.NamedNode(EX + "v")}) == expected


def test_values_block_escapes_literals() -> None:
    bound = bind_values("SELECT ?l WHERE { ?s ?p ?l }", {"l": ox.Literal(INJECTION)})
    assert bound == 'SELECT ?l WHERE { VALUES (?l) { ("\\"x\\" } ; DROP ALL ; #") } ?s ?p ?l }'


def test_a_parameter_outside_the_projection_is_refused_as_on_the_embedded_store() -> None:
    with pytest.raises(UsageError, match="must be a variable the query returns"):
        bind_values("SELECT ?y WHERE { ?x ?p ?y }", {"x": ox.NamedNode(EX + "v")})


@pytest.mark.parametrize(
    ("url", "endpoints"),
    [
        pytest.param("http://localhost:7878/query", Endpoints(
            "http://localhost:7878/query", "http://localhost:7878/update", "http://localhost:7878/store"), id="oxigraph"),
        pytest.param("http://localhost:3030/cybernorms", Endpoints(
            "http://localhost:3030/cybernorms", "http://localhost:3030/cybernorms",
            "http://localhost:3030/cybernorms"), id="fuseki-dataset"),
        pytest.param("http://localhost:7200/repositories/cn", Endpoints(
            "http://localhost:7200/repositories/cn", "http://localhost:7200/repositories/cn/statements",
            "http://localhost:7200/repositories/cn/rdf-graphs/service"), id="graphdb"),
        pytest.param("https://db.example:8182/sparql", Endpoints(
            "https://db.example:8182/sparql", "https://db.example:8182/sparql", None), id="neptune-virtuoso"),
    ],
)
def test_endpoints_are_found_from_one_url(url: str, endpoints: Endpoints) -> None:
    assert Endpoints.guess(url) == endpoints


def test_credentials_in_the_url_become_basic_auth() -> None:
    store = RemoteStore.from_url("https://ana:s%40cret@db.example/repositories/cn")
    assert store._auth == ("ana", "s@cret")
    assert store.url == "https://db.example/repositories/cn"
    assert is_store_url("HTTPS://x") and not is_store_url("./store") and not is_store_url(None)


def test_open_dataset_uses_a_url_as_it_is(server: str) -> None:
    messages: list[str] = []
    result = build.open_dataset(server, progress=messages.append)
    assert isinstance(result.store, RemoteStore)
    assert messages == [f"using the remote store at {server} as it is (no build, no reasoning here)"]
    with pytest.raises(UsageError, match="push"):
        build.open_dataset(server, rebuild=True)
