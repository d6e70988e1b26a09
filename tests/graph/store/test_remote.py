"""The remote store against real servers on loopback: a stock Oxigraph server and Virtuoso 7.

Both are started as a partner runs them (``tests/engines.py``): Oxigraph with its default
options, Virtuoso with SPARQL update granted. The curated graph is pushed through each
server's base URL; every named query must then give the embedded rows
(:func:`cybernorms.queries.compare.difference`), a plain ``COUNT`` must count each fact once,
an export from the server must equal the embedded export, and a push repeated or cleared must
leave the server's own graphs alone.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from cybernorms.errors import CybernormsError, UsageError
from cybernorms.graph.build import dataset as build
from cybernorms.graph.exchange.export import export_bytes
from cybernorms.graph.store.remote import (
    FACTS_GRAPH,
    Endpoints,
    RemoteStore,
    bind_values,
    is_store_url,
    push,
)
from cybernorms.graph.store.embedded import OxigraphStore
from cybernorms.queries.compare import difference
from cybernorms.queries.library import library
from cybernorms.queries.run import prepare
from tests.engines import Running, free_port, start_oxigraph, start_virtuoso, stop

EX = "http://example.org/"
INJECTION = '"x" } ; DROP ALL ; #'
NORMS = "SELECT (COUNT(?n) AS ?c) WHERE { ?n a <https://w3id.org/cybernorms/ontology#NormStatement> }"


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    running = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield running
    stop(running)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    running = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield running
    stop(running)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def engine(request: pytest.FixtureRequest) -> Running:
    """Each real server in turn."""
    running: Running = request.getfixturevalue(f"{request.param}_server")
    return running


@pytest.fixture
def server(oxigraph_server: Running) -> str:
    """The stock Oxigraph server's base URL (for tests of the protocol itself)."""
    return oxigraph_server.url


@pytest.fixture
def remote(engine: Running) -> Iterator[RemoteStore]:
    with RemoteStore.from_url(engine.url) as store:
        yield store


@pytest.fixture(scope="module")
def curated(curated_store: OxigraphStore) -> OxigraphStore:
    """The session's curated dataset (read only: it is pushed, never changed)."""
    return curated_store


@pytest.fixture(scope="module")
def synthetic(small_synthetic: OxigraphStore) -> OxigraphStore:
    return small_synthetic


def holding(url: str, source: OxigraphStore) -> RemoteStore:
    """The store at ``url``, holding exactly ``source``'s dataset (pushed with --clear unless it already does)."""
    remote = RemoteStore.from_url(url)
    if remote.graphs() != source.graphs() or remote.count_facts() != source.count_facts():
        push(source, remote, clear=True)
    return remote


def _count(store: RemoteStore | OxigraphStore, sparql: str) -> int:
    value = store.query(sparql).rows[0][0]
    assert isinstance(value, ox.Literal)
    return int(value.value)


# -- the named queries on each engine --


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_gives_the_embedded_rows_on_each_engine(
    name: str, curated: OxigraphStore, engine: Running
) -> None:
    prepared = prepare(name)
    with holding(engine.url, curated) as remote:
        answer = remote.query(prepared.text, prepared.params)
    assert difference(curated.query(prepared.text, prepared.params), answer, prepared.text) is None


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_gives_the_same_nonempty_rows_remotely_on_a_synthetic_graph(
    name: str, synthetic: OxigraphStore, server: str
) -> None:
    prepared = prepare(name)
    with holding(server, synthetic) as remote:
        answer = remote.query(prepared.text, prepared.params)
    local = synthetic.query(prepared.text, prepared.params)
    assert local.rows, f"{name} is empty on the synthetic graph"
    assert difference(local, answer, prepared.text) is None


# -- each fact once, on every engine --


def test_a_plain_count_counts_each_norm_once_on_each_engine(curated: OxigraphStore, engine: Running) -> None:
    norms = build.counts(curated)["norms"]
    assert _count(curated, NORMS) == norms
    with holding(engine.url, curated) as remote:
        assert _count(remote, NORMS) == norms
        assert remote.count_facts() == curated.count_facts()
        assert remote.count() == len(curated)  # the engine's own graphs are not counted


def test_an_export_from_each_engine_equals_the_embedded_export(curated: OxigraphStore, engine: Running) -> None:
    with holding(engine.url, curated) as remote:
        for fmt in ("nq", "ttl"):
            assert export_bytes(remote, fmt) == export_bytes(curated, fmt), fmt


def test_pushing_twice_changes_nothing_and_clear_removes_what_was_pushed(curated: OxigraphStore, engine: Running) -> None:
    with RemoteStore.from_url(engine.url) as remote:
        first = push(curated, remote, clear=True)
        assert push(curated, remote) == first
        assert (remote.count(), remote.count_facts()) == (len(curated), curated.count_facts())
        assert remote.clear() == len(curated.graphs())
        assert remote.graphs() == [] and remote.count_facts() == 0
        left = remote._raw_select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        assert all(not str(row[0].value).startswith("https://w3id.org/cybernorms/") for row in left if row[0])
        if engine.name == "virtuoso":
            assert left, "Virtuoso's own graphs were dropped"


#: The URLs each engine serves, any of which a user may paste.
_OWN_ENDPOINTS = {"oxigraph": ("", "/", "/query", "/update", "/store"), "virtuoso": ("", "/", "/sparql", "/sparql-graph-crud")}


def test_any_endpoint_of_a_server_finds_the_same_services(engine: Running) -> None:
    with RemoteStore.from_url(engine.url) as base:
        for suffix in _OWN_ENDPOINTS[engine.name]:
            with RemoteStore.from_url(engine.url + suffix) as remote:
                assert remote.endpoints == base.endpoints, suffix
        assert base.endpoints.engine == engine.name
        assert (base.endpoints.facts_graph == FACTS_GRAPH) is (engine.name == "virtuoso")


# -- stores whose answers cannot be trusted are refused --


def test_a_union_default_graph_that_repeats_facts_is_refused(curated: OxigraphStore, tmp_path: Path) -> None:
    running = start_oxigraph(tmp_path, "--union-default-graph")
    try:
        with RemoteStore.from_url(running.url) as remote, pytest.raises(CybernormsError, match="multiset union"):
            push(curated, remote, clear=True)
        done = subprocess.run([sys.executable, "-m", "cybernorms", "query", "table1", "--store", running.url],
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode != 0 and "without that option" in done.stderr and not done.stdout
    finally:
        stop(running)


def test_named_graphs_without_their_facts_are_refused_not_answered_empty(tmp_path: Path) -> None:
    running = start_oxigraph(tmp_path)
    try:
        graph = "https://w3id.org/cybernorms/graph/claim/x/y"
        body = b'<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n'
        httpx.put(f"{running.url}/store", params={"graph": graph}, content=body,
                  headers={"Content-Type": "application/n-triples"}).raise_for_status()
        done = subprocess.run([sys.executable, "-m", "cybernorms", "query", "table1", "--store", running.url],
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode != 0 and not done.stdout
        assert "default graph holds none of their facts" in done.stderr and "cybernorms push" in done.stderr
    finally:
        stop(running)


def test_a_read_only_server_refuses_the_push_in_one_line(curated: OxigraphStore, tmp_path: Path) -> None:
    running = start_oxigraph(tmp_path)
    stop(running)
    from tests.engines import oxigraph_command

    port = free_port()
    process = subprocess.Popen([oxigraph_command(), "serve-read-only", "--location", str(tmp_path / "data"),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        from tests.engines import _wait_for

        _wait_for(port, process, tmp_path / "oxigraph.log", "oxigraph", 30)
        with RemoteStore.from_url(f"http://127.0.0.1:{port}") as remote, \
                pytest.raises(CybernormsError, match=r"/store\?graph=\S+ refused the upload of graph \S+ \(HTTP 403\): the server"):
            push(curated, remote)
    finally:
        process.terminate()
        process.wait(timeout=10)


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
    fact = f'ASK {{ <{EX}a> <{EX}name> "%s" }}'
    assert remote.query(fact % "Beta").boolean and not remote.query(fact % "Alpha").boolean  # the default graph follows
    remote.add_quads([ox.Quad(ox.NamedNode(EX + "b"), ox.NamedNode(EX + "p"), ox.Literal("1"), ox.NamedNode(graph))])
    assert remote.count(graph) == 2
    assert b"<http://example.org/b>" in remote.dump("nt", graph)
    assert remote.remove_graph(graph) is True
    assert remote.remove_graph(graph) is False
    assert graph not in remote.graphs()
    assert not remote.query(fact % "Beta").boolean


def test_several_graphs_are_replaced_in_one_update_and_a_partners_stay_out_of_the_default_graph(
        remote: RemoteStore) -> None:
    claim, other = EX + "graph/claim-one", EX + "graph/claim-two"
    partner = "https://w3id.org/cybernorms/graph/partner/remote-test"
    inferred = "https://w3id.org/cybernorms/graph/inferred/partner/remote-test"
    remote.replace_graphs({claim: [triple("a", "name", ox.Literal("Alpha"))],
                           other: [triple("a", "name", ox.Literal("Gamma"))]})
    remote.replace_graphs({claim: [triple("a", "name", ox.Literal("Beta"))], other: [],
                           partner: [triple("a", "name", ox.Literal("Partner")), triple("a", "name", ox.Literal("Beta"))],
                           inferred: [triple("a", "kind", ox.Literal("Inferred"))]})
    names = {str(row[0].value) for row in remote.query(f"SELECT ?n WHERE {{ <{EX}a> <{EX}name> ?n }}").rows}
    assert names == {"Beta"}  # the partner's statements are no curated facts; Gamma went with its graph
    assert {g for g in remote.graphs() if g in (claim, other, partner, inferred)} == {claim, partner, inferred}
    assert remote.count(partner) == 2 and remote.count(inferred) == 1
    try:
        if remote.endpoints.facts_graph is not None:  # an engine whose default graph is a named graph (Virtuoso)
            both = remote.query(f"SELECT ?n WHERE {{ <{EX}a> <{EX}name> ?n }}", partners=True).rows
            assert {str(row[0].value) for row in both} == {"Beta", "Partner"}
        else:
            with pytest.raises(UsageError, match="cannot read the partner graphs together with the curated facts"):
                remote.query("ASK { ?s ?p ?o }", partners=True)
    finally:
        remote.replace_graphs({claim: [], partner: [], inferred: []})
    assert not remote.query(f"ASK {{ <{EX}a> ?p ?o }}").boolean


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
            pytest.raises(CybernormsError, match="no SPARQL endpoint answers at http://127.0.0.1:"):
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
            "http://localhost:7878/query", "http://localhost:7878/update", "http://localhost:7878/store", "oxigraph"),
            id="oxigraph"),
        pytest.param("http://localhost:3030/cybernorms", Endpoints(
            "http://localhost:3030/cybernorms/query", "http://localhost:3030/cybernorms/update",
            "http://localhost:3030/cybernorms/store", "oxigraph"), id="base-url-first-as-oxigraph"),
        pytest.param("http://localhost:7200/repositories/cn", Endpoints(
            "http://localhost:7200/repositories/cn", "http://localhost:7200/repositories/cn/statements",
            "http://localhost:7200/repositories/cn/rdf-graphs/service", "rdf4j"), id="graphdb"),
        pytest.param("https://db.example:8182/sparql", Endpoints(
            "https://db.example:8182/sparql", "https://db.example:8182/sparql", None), id="generic-sparql"),
        pytest.param("http://localhost:8890/sparql-graph-crud", Endpoints(
            "http://localhost:8890/sparql", "http://localhost:8890/sparql", "http://localhost:8890/sparql-graph-crud",
            "virtuoso", FACTS_GRAPH), id="virtuoso-graph-store"),
    ],
)
def test_endpoints_are_guessed_from_one_url(url: str, endpoints: Endpoints) -> None:
    assert Endpoints.guess(url) == endpoints


def test_a_base_url_is_tried_as_each_layout() -> None:
    tried = [e.query for e in Endpoints.candidates("http://localhost:3030/ds")]
    assert tried == ["http://localhost:3030/ds/query", "http://localhost:3030/ds/sparql", "http://localhost:3030/ds"]


def test_no_server_at_a_url_is_one_line_naming_what_was_tried() -> None:
    port = free_port()
    with RemoteStore.from_url(f"http://127.0.0.1:{port}") as remote, \
            pytest.raises(CybernormsError, match=r"no SPARQL endpoint answers at .*/query \(tried .*/query, .*/sparql, "):
        remote.graphs()


def test_credentials_in_the_url_become_basic_auth() -> None:
    store = RemoteStore.from_url("https://ana:s%40cret@db.example/repositories/cn")
    assert store._auth == ("ana", "s@cret")
    assert store.url == "https://db.example/repositories/cn"
    assert is_store_url("HTTPS://x") and not is_store_url("./store") and not is_store_url(None)


def test_open_dataset_uses_a_url_as_it_is(server: str) -> None:
    messages: list[str] = []
    result = build.open_dataset(server, progress=messages.append)
    assert isinstance(result.store, RemoteStore)
    result.store.close()
    assert messages == [f"using the remote store at {server}/query as it is (no build, no reasoning here)"]
    with pytest.raises(UsageError, match="push"):
        build.open_dataset(server, rebuild=True)


# -- cybernorms verify --


def _verify(url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cybernorms", "verify", "--store", url, "-q", *extra],
                          capture_output=True, text=True, timeout=600, check=False, stdin=subprocess.DEVNULL)


def test_verify_says_same_for_every_named_query_on_a_faithful_server(server: str) -> None:
    built = build.open_dataset().store  # what the command compares with: the built dataset, partner graphs included
    holding(server, built).close()
    done = _verify(server)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert sum(" same " in line for line in lines) == len(library())
    assert lines[-1] == f"{len(library())} of {len(library())} named queries give the embedded rows on {server}"


def test_verify_names_the_queries_that_differ_and_exits_1(server: str) -> None:
    built = build.open_dataset().store
    with holding(server, built) as remote:
        conflicts = [g for g in built.graphs() if g.endswith("/footnote-4")]
        assert conflicts and remote.remove_graph(conflicts[0])  # the report's list of GGE participants
    done = _verify(server, "--query", "conflicting_claims", "--query", "table1")
    assert done.returncode == 1
    assert "conflicting_claims" in done.stdout and "differs" in done.stdout and "row(s) missing" in done.stdout
    assert any(line.startswith("table1") and " same " in line for line in done.stdout.splitlines())
    assert done.stdout.strip().endswith("1 do not: conflicting_claims")


def test_verify_refuses_an_unknown_query_with_the_closest_names(server: str) -> None:
    done = _verify(server, "--query", "tabel1")
    assert done.returncode == 2 and "table1" in done.stderr and "Traceback" not in done.stderr


def test_the_endpoint_in_front_of_each_engine_reads_its_default_graph(curated: OxigraphStore, engine: Running) -> None:
    """``cybernorms serve --store URL``'s query processes: a plain count through them is each fact once."""
    from cybernorms.server._remote import RemoteEngine

    holding(engine.url, curated).close()
    front = RemoteEngine(engine.url)
    try:
        answer = [int(row[0].value) for row in front.query(NORMS)]
    finally:
        front.close()
    assert answer == [build.counts(curated)["norms"]]
