"""The store interface over a real pyoxigraph engine: atomic writes, union queries,
engine-bound parameters, readable errors, on-disk stores and round trips."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from cybernorms.errors import CybernormsError, UsageError
from cybernorms.graph.store import open_store
from cybernorms.graph.store.embedded import FORMATS, OxigraphStore, QueryResult, Store, term_from_text

EX = "http://example.org/"
G1 = EX + "graph/one"
G2 = EX + "graph/two"
XSD = "http://www.w3.org/2001/XMLSchema#"
INJECTION = '"x" } ; DROP ALL ; #'


def iri(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def triple(s: str, p: str, o: ox.NamedNode | ox.Literal) -> ox.Triple:
    return ox.Triple(iri(s), iri(p), o)


def objects(store: Store, graph: str) -> set[str]:
    return {str(q.object) for q in store.quads(graph)}


@pytest.fixture
def store() -> Iterator[OxigraphStore]:
    with OxigraphStore.memory() as s:
        s.replace_graph(G1, [triple("a", "name", ox.Literal("Alpha")), triple("a", "knows", iri("b"))])
        s.replace_graph(G2, [triple("b", "name", ox.Literal("Beta")), triple("b", "label", ox.Literal(INJECTION))])
        yield s


def canonical(quads: Iterator[ox.Quad] | list[ox.Quad]) -> set[str]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


# -- reading --


def test_graphs_are_sorted_iris_and_counts_add_up(store: OxigraphStore) -> None:
    assert store.graphs() == [G1, G2]
    assert store.count(G1) == 2
    assert store.count(G2) == 2
    assert len(store) == store.count() == 4
    assert store.count(EX + "graph/none") == 0


def test_oxigraph_store_is_a_store() -> None:
    assert issubclass(OxigraphStore, Store)
    with pytest.raises(TypeError):
        Store()  # type: ignore[abstract]


def test_default_graph_is_the_union_of_named_graphs(store: OxigraphStore) -> None:
    result = store.query(f"SELECT ?n WHERE {{ ?s <{EX}name> ?n }} ORDER BY ?n")
    assert result.kind == "select"
    assert result.variables == ("n",)
    assert [row[0] for row in result.rows] == [ox.Literal("Alpha"), ox.Literal("Beta")]


def test_graph_clause_tells_where_a_fact_comes_from(store: OxigraphStore) -> None:
    result = store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s <{EX}name> 'Beta' }} }}")
    assert result.column("g") == [ox.NamedNode(G2)]


def test_ask_construct_and_unbound_values(store: OxigraphStore) -> None:
    ask = store.query(f"ASK {{ <{EX}a> <{EX}knows> <{EX}b> }}")
    assert (ask.kind, ask.boolean) == ("ask", True)
    graph = store.query(f"CONSTRUCT {{ ?s <{EX}knows> ?o }} WHERE {{ ?s <{EX}knows> ?o }}")
    assert graph.kind == "graph"
    assert graph.triples == [triple("a", "knows", iri("b"))]
    optional = store.query(f"SELECT ?s ?x WHERE {{ ?s <{EX}knows> ?o OPTIONAL {{ ?s <{EX}nope> ?x }} }}")
    assert optional.rows == [(iri("a"), None)]


def test_query_result_column_names_a_missing_variable() -> None:
    with pytest.raises(KeyError, match=r"no variable \?y"):
        QueryResult("select", variables=("x",), rows=[]).column("y")


# -- parameters are bound by the engine --


def test_injection_text_as_parameter_stays_one_literal(store: OxigraphStore) -> None:
    query = "SELECT ?s ?v WHERE { ?s ?p ?v }"
    found = store.query(query, {"v": ox.Literal(INJECTION)})
    assert found.rows == [(iri("b"), ox.Literal(INJECTION))]
    assert len(store) == 4, "nothing was dropped"


def test_injection_text_as_parameter_matches_nothing_else(store: OxigraphStore) -> None:
    result = store.query("SELECT ?s ?v WHERE { ?s ?p ?v }", {"?v": ox.Literal('"Alpha" } ; DROP ALL ; #')})
    assert result.rows == []
    assert len(store) == 4


def test_parameters_bind_iris_in_ask_queries(store: OxigraphStore) -> None:
    query = f"ASK {{ ?who <{EX}knows> ?whom }}"
    assert store.query(query, {"who": iri("a"), "whom": iri("b")}).boolean is True
    assert store.query(query, {"who": iri("b"), "whom": iri("a")}).boolean is False


def test_parameter_must_be_projected(store: OxigraphStore) -> None:
    with pytest.raises(UsageError, match=r"parameter \?v must be a variable the query returns.*add \?v to SELECT"):
        store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?v }", {"v": ox.Literal("Alpha")})
    grouped = store.query("SELECT ?v (COUNT(*) AS ?n) WHERE { ?s ?p ?v } GROUP BY ?v", {"v": ox.Literal("Alpha")})
    assert grouped.column("n") == [ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))]


def test_parameter_not_in_query_is_named(store: OxigraphStore) -> None:
    with pytest.raises(UsageError, match=r"parameter \?name does not occur in the query"):
        store.query("SELECT ?s ?names WHERE { ?s ?p ?names }", {"name": ox.Literal("x")})


def test_parameter_must_be_a_term(store: OxigraphStore) -> None:
    with pytest.raises(TypeError, match=r"parameter \?v must be a pyoxigraph term.*not str"):
        store.query("SELECT ?v WHERE { ?s ?p ?v }", {"v": "Alpha"})  # type: ignore[dict-item]


# -- errors a user reads --


def test_syntax_error_names_line_and_column(store: OxigraphStore) -> None:
    query = "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTR(?o)\n}\n"
    with pytest.raises(UsageError, match=r"^SPARQL syntax error: line 4, column \d+: expected .*\(near '.*FILTR"):
        store.query(query)


def test_undeclared_prefix_is_named(store: OxigraphStore) -> None:
    with pytest.raises(UsageError, match=r"line 1, column \d+: undeclared prefix foo: \(declare it with PREFIX\)"):
        store.query("SELECT * WHERE { ?s foo:bar ?o }")


# -- writing --


def test_replace_graph_replaces_only_that_graph(store: OxigraphStore) -> None:
    store.replace_graph(G1, [triple("a", "name", ox.Literal("Alef"))])
    assert objects(store, G1) == {'"Alef"'}
    assert store.count(G2) == 2


def test_replace_graph_with_failing_iterator_keeps_old_graph(store: OxigraphStore) -> None:
    before = set(store.quads(G1))

    def failing() -> Iterator[ox.Triple]:
        yield triple("a", "name", ox.Literal("half-written"))
        raise RuntimeError("source broke mid-way")

    with pytest.raises(RuntimeError, match="mid-way"):
        store.replace_graph(G1, failing())
    assert set(store.quads(G1)) == before


def test_engine_rolls_back_a_failed_multi_operation_update(store: OxigraphStore) -> None:
    # replace_graph's atomicity rests on this: one SPARQL update is one transaction,
    # so a DROP followed by a failing operation leaves the graph in place.
    before = set(store.quads(G1))
    with pytest.raises(RuntimeError, match="already exists"):
        store.engine.update(f"DROP GRAPH <{G1}> ; CREATE GRAPH <{G2}>")
    assert set(store.quads(G1)) == before


def test_replace_graph_with_a_non_triple_keeps_old_graph(store: OxigraphStore) -> None:
    before = set(store.quads(G1))
    bad = [triple("a", "name", ox.Literal("new")), ox.Quad(iri("a"), iri("p"), iri("b"), ox.NamedNode(G1))]
    with pytest.raises(TypeError, match="got Quad"):
        store.replace_graph(G1, bad)  # type: ignore[arg-type]
    assert set(store.quads(G1)) == before


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(ox.Literal(INJECTION), id="injection"),
        pytest.param(ox.Literal('a "quoted" \\ back\nnew\tline\r} { \x01 é 🌐'), id="escapes"),
        pytest.param(ox.Literal("norme", language="fr"), id="language"),
        pytest.param(ox.Literal("2015-07-22", datatype=ox.NamedNode(XSD + "date")), id="datatype"),
        pytest.param(ox.NamedNode("https://example.org/ü?q=a&b#frag"), id="iri"),
        pytest.param(ox.Triple(iri("a"), iri("p"), ox.Literal("quoted")), id="triple-term"),
    ],
)
def test_replace_graph_keeps_every_term_intact(value: ox.Literal | ox.NamedNode | ox.Triple) -> None:
    s = OxigraphStore.memory()
    s.replace_graph(G1, [ox.Triple(iri("a"), iri("p"), value)])
    assert [q.object for q in s.quads(G1)] == [value]


def test_replace_graph_keeps_blank_node_structure() -> None:
    s = OxigraphStore.memory()
    node = ox.BlankNode("shared")
    s.replace_graph(G1, [ox.Triple(iri("a"), iri("p"), node), ox.Triple(node, iri("q"), ox.Literal("1"))])
    result = s.query(f"ASK {{ <{EX}a> <{EX}p> ?b . ?b <{EX}q> '1' }}")
    assert result.boolean is True


def test_replace_graph_with_nothing_removes_it(store: OxigraphStore) -> None:
    store.replace_graph(G1, [])
    assert store.graphs() == [G2]


def test_remove_graph_says_whether_it_existed(store: OxigraphStore) -> None:
    assert store.remove_graph(G1) is True
    assert store.remove_graph(G1) is False
    assert store.graphs() == [G2]


def test_add_quads_refuses_the_default_graph_and_writes_nothing(store: OxigraphStore) -> None:
    quads = [ox.Quad(iri("c"), iri("p"), iri("d"), ox.NamedNode(G1)), ox.Quad(iri("c"), iri("p"), iri("e"))]
    with pytest.raises(UsageError, match="must be in a named graph"):
        store.add_quads(quads)
    assert store.count(G1) == 2


def test_graph_name_must_be_an_iri(store: OxigraphStore) -> None:
    with pytest.raises(UsageError, match="'not an iri' is not an absolute IRI"):
        store.replace_graph("not an iri", [])


# -- load and dump --

TURTLE = f"@prefix ex: <{EX}> .\nex:c ex:name \"Gamma\" ; ex:knows [ ex:name \"anon\" ] .\n"


@pytest.mark.parametrize("fmt", ["ttl", "nt", "xml", "jsonld"])
def test_load_a_triple_file_into_a_graph(fmt: str) -> None:
    source = OxigraphStore.memory()
    source.load(TURTLE, "ttl", G1)
    text = source.dump(fmt, G1)
    target = OxigraphStore.memory()
    assert target.load(text, fmt, G2) == 3
    expected = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(G2)) for q in source.quads(G1)]
    assert canonical(list(target.quads(G2))) == canonical(expected)


def test_load_a_triple_format_needs_a_graph() -> None:
    with pytest.raises(UsageError, match="a ttl file holds one graph"):
        OxigraphStore.memory().load(TURTLE, "ttl")


def test_load_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "data.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    s = OxigraphStore.memory()
    assert s.load(path, "ttl", G1) == 3
    with pytest.raises(UsageError, match=r"no such file: .*missing\.ttl"):
        s.load(tmp_path / "missing.ttl", "ttl", G1)


def test_load_syntax_error_names_line_and_column_and_writes_nothing(store: OxigraphStore) -> None:
    broken = f"<{EX}a> <{EX}p> <{EX}b> <{EX}g> .\n<{EX}a> <{EX}p> .\n"
    with pytest.raises(UsageError, match=r"cannot parse the given text as nq: line 2, column \d+: "):
        store.load(broken, "nq")
    assert len(store) == 4


def test_load_dataset_with_default_graph_triples_needs_a_graph() -> None:
    s = OxigraphStore.memory()
    with pytest.raises(UsageError, match="1 triple.s. in its default graph that none of its named graphs holds"):
        s.load(f"<{EX}a> <{EX}p> <{EX}b> .\n", "nq")
    assert len(s) == 0 and s.count_facts() == 0
    assert s.load(f"<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a> <{EX}p> <{EX}c> <{G2}> .\n", "nq", G1) == 2
    assert s.graphs() == [G1, G2]


def test_unknown_format_lists_the_known_ones(store: OxigraphStore) -> None:
    with pytest.raises(UsageError, match="unknown RDF format 'n3'; use one of ttl, nt, nq, trig, xml, jsonld"):
        store.dump("n3")
    assert sorted(FORMATS) == ["jsonld", "nq", "nt", "trig", "ttl", "xml"]


def test_dump_whole_dataset_needs_a_dataset_format(store: OxigraphStore) -> None:
    with pytest.raises(UsageError, match="ttl holds one graph"):
        store.dump("ttl")


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_dump_and_load_round_trip(store: OxigraphStore, fmt: str) -> None:
    store.load(TURTLE, "ttl", EX + "graph/three")  # with a blank node
    copy = OxigraphStore.memory()
    copy.load(store.dump(fmt), fmt)
    assert copy.graphs() == store.graphs()
    assert canonical(list(copy.quads())) == canonical(list(store.quads()))


def test_dump_one_graph_as_quads_keeps_its_name(store: OxigraphStore) -> None:
    lines = store.dump("nq", G1).decode().splitlines()
    assert len(lines) == 2
    assert all(line.endswith(f"<{G1}> .") for line in lines)


# -- on disk --


def test_on_disk_store_keeps_data_when_reopened(tmp_path: Path) -> None:
    where = tmp_path / "store"
    with OxigraphStore.open(where) as s:
        s.replace_graph(G1, [triple("a", "name", ox.Literal("Alpha"))])
    with OxigraphStore.open(where, read_only=True) as again:
        assert again.graphs() == [G1]
        assert objects(again, G1) == {'"Alpha"'}
        with pytest.raises(UsageError, match="is open read-only"):
            again.remove_graph(G1)


def test_open_store_is_memory_without_a_path(tmp_path: Path) -> None:
    assert open_store().path is None
    assert open_store(tmp_path / "s").path == tmp_path / "s"


def test_second_open_in_this_process_is_explained(tmp_path: Path) -> None:
    with OxigraphStore.open(tmp_path / "store"):
        with pytest.raises(CybernormsError, match="already open in this process"):
            OxigraphStore.open(tmp_path / "store")


def test_second_process_gets_a_clear_lock_message(tmp_path: Path) -> None:
    where = tmp_path / "store"
    script = textwrap.dedent(
        """
        import sys
        from cybernorms.errors import CybernormsError
        from cybernorms.graph.store.embedded import OxigraphStore
        try:
            OxigraphStore.open(sys.argv[1])
        except CybernormsError as error:
            print(error)
            sys.exit(error.exit_code)
        """
    )
    with OxigraphStore.open(where):
        done = subprocess.run(
            [sys.executable, "-c", script, str(where)], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 2, done.stderr
    assert done.stdout.strip() == (
        f"the store at {where} is in use by another process (it holds {where / 'LOCK'}); "
        "wait for that process to finish or use another --store directory"
    )


def test_a_directory_that_is_not_a_store_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="is not an Oxigraph store and is not empty"):
        OxigraphStore.open(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="there is no store at"):
        OxigraphStore.open(tmp_path / "nothing", read_only=True)
    assert not (tmp_path / "nothing").exists()


def test_closed_store_refuses_use() -> None:
    s = OxigraphStore.memory()
    s.close()
    s.close()
    with pytest.raises(ValueError, match="closed"):
        s.graphs()


# -- command-line values --


@pytest.mark.parametrize(
    ("text", "term"),
    [
        pytest.param("cnid:actor/usa", ox.NamedNode("https://w3id.org/cybernorms/id/actor/usa"), id="curie"),
        pytest.param("<https://example.org/x>", ox.NamedNode("https://example.org/x"), id="angle-iri"),
        pytest.param("https://example.org/x", ox.NamedNode("https://example.org/x"), id="bare-iri"),
        pytest.param("2015-07-22", ox.Literal("2015-07-22", datatype=ox.NamedNode(XSD + "date")), id="date"),
        pytest.param("007", ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")), id="integer"),
        pytest.param('"2015"', ox.Literal("2015"), id="quoted-string"),
        pytest.param("note: not a prefix", ox.Literal("note: not a prefix"), id="unknown-prefix-is-text"),
        pytest.param(INJECTION, ox.Literal(INJECTION), id="injection-is-text"),
    ],
)
def test_term_from_text(text: str, term: ox.NamedNode | ox.Literal) -> None:
    assert term_from_text(text) == term


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("2015-02-30", "looks like a date but is not one", id="bad-date"),
        pytest.param("<not an iri>", "is not a valid IRI", id="bad-iri"),
    ],
)
def test_term_from_text_rejects(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        term_from_text(text)


def test_importing_the_store_does_not_import_rdflib() -> None:
    code = "import sys, cybernorms.graph.store.embedded; print(sorted(m for m in ('rdflib', 'owlready2') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
