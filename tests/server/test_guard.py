"""The query guard: SERVICE never reaches the engine, FROM is read as the engine reads it."""

from __future__ import annotations

import pytest

from cybernorms.server.guard import QueryRefused, inspect_query, unescape_codepoints

REFUSED = [
    pytest.param("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", id="plain"),
    pytest.param("select * { service silent <http://x/> { ?s ?p ?o } }", id="lower-case-silent"),
    pytest.param("SELECT * { ?s ?p ?o .SERVICE <http://x/> { ?a ?b ?c } }", id="after-a-dot"),
    pytest.param("SELECT * { ?s ?p ?o.SERVICE <http://x/> { ?a ?b ?c } }", id="glued-to-a-variable"),
    pytest.param("SELECT * { ?s a.SERVICE <http://x/> {} }", id="glued-to-a"),
    pytest.param("SELECT * { SERVICE#comment\n<http://x/> {} }", id="comment-as-separator"),
    pytest.param("SELECT * { SERVICE?endpoint { ?a ?b ?c } }", id="variable-endpoint"),
    pytest.param("PREFIX ex: <http://e/> SELECT * { ?s ex:a\\# SERVICE <http://x/> {} }", id="escaped-hash-in-name"),
    pytest.param("PREFIX ex: <http://e/> SELECT * { ?s ex:a\\' SERVICE <http://x/> {} }", id="escaped-quote-in-name"),
    pytest.param("SELECT * { \\u0053ERVICE <http://x/> {} }", id="codepoint-escape"),
    pytest.param("SELECT * { ?s ?p ?o FILTER(?o<1)SERVICE<http://x/>{?a ?b ?c} }", id="after-less-than"),
    pytest.param("SELECT * { ?s ?p ?o } #\nSERVICE <http://x/> {}", id="after-a-comment-line"),
]

ALLOWED = [
    pytest.param("SELECT ?service { ?service ?p ?o }", id="variable-named-service"),
    pytest.param("PREFIX ex: <http://e/> SELECT * { ?s ex:SERVICE ?o }", id="prefixed-name"),
    pytest.param('SELECT * { ?s ?p "SERVICE <http://x/> {}" }', id="in-a-string"),
    pytest.param("SELECT * { ?s ?p '''a\nSERVICE <x> {}''' }", id="in-a-long-string"),
    pytest.param("SELECT * { ?s ?p ?o } # a SERVICE in a comment", id="in-a-comment"),
    pytest.param("SELECT * { ?s <http://www.w3.org/ns/sparql-service-description#endpoint> ?o }", id="in-an-iri"),
]


@pytest.mark.parametrize("query", REFUSED)
def test_service_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect_query(query)
    assert refused.value.status == 400
    assert "SERVICE is not allowed" in refused.value.message


@pytest.mark.parametrize("query", ALLOWED)
def test_service_as_a_word_is_allowed(query: str) -> None:
    assert not inspect_query(query).has_dataset_clause


def test_load_is_refused_as_an_update() -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect_query("LOAD <http://127.0.0.1:9/data.ttl>")
    assert refused.value.status == 403


def test_from_clauses_are_read_with_their_prefixes() -> None:
    shape = inspect_query(
        "PREFIX g: <http://g/> SELECT * FROM g:one FROM NAMED <http://g/two> { ?s ?p ?o }"
    )
    assert shape.has_dataset_clause
    assert shape.from_graphs == ("http://g/one",)
    assert shape.from_named == ("http://g/two",)


def test_from_a_graph_the_dataset_lacks_is_refused() -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect_query("SELECT * FROM <http://127.0.0.1:9/remote.ttl> { ?s ?p ?o }", graphs={"http://g/one"})
    assert refused.value.status == 400
    assert "never fetches a graph from the web" in refused.value.message


def test_from_a_local_graph_passes() -> None:
    assert inspect_query("SELECT * FROM <http://g/one> { ?s ?p ?o }", graphs={"http://g/one"}).from_graphs


def test_codepoints_are_decoded() -> None:
    assert unescape_codepoints("\\u0053ERVICE \\U0001F600") == "SERVICE \U0001F600"


def test_from_is_read_as_the_engine_reads_it() -> None:
    """BASE, escaped prefixed names and codepoint escapes resolve to the IRI the engine uses."""
    shape = inspect_query(
        "BASE <http://g/> PREFIX e: <sub/> SELECT * FROM e:o\\.ne FROM NAMED <two> "
        "FROM <http://g/\\u0074hree> { ?s ?p ?o }"
    )
    assert shape.from_graphs == ("http://g/sub/o.ne", "http://g/three")
    assert shape.from_named == ("http://g/two",)
    with pytest.raises(QueryRefused) as refused:
        inspect_query("BASE <http://127.0.0.1:9/> SELECT * FROM <remote.ttl> {}", graphs={"http://g/one"})
    assert "http://127.0.0.1:9/remote.ttl" in refused.value.message


@pytest.mark.parametrize("query", [
    pytest.param("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, id="3000-groups"),
    pytest.param("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }", id="10000-unions"),
    pytest.param("SELECT * WHERE { ?s ?p ?o " + " OPTIONAL { ?s ?p ?o }" * 1000 + " }", id="1000-optionals"),
    pytest.param("ASK { FILTER(" + "(" * 200 + "1" + ")" * 200 + ") }", id="200-parentheses"),
    pytest.param("ASK " + "}" * 50 + "{" * 200, id="unclosed"),
])
def test_nesting_the_engine_cannot_evaluate_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect_query(query)
    assert refused.value.status == 400
    assert "nested deeper than this endpoint evaluates" in refused.value.message


def test_ordinary_nesting_passes() -> None:
    query = "SELECT * WHERE " + "{ " * 40 + "?s ?p ?o " + "} " * 40
    assert not inspect_query(query).has_dataset_clause
    assert not inspect_query("ASK { " + " UNION ".join(["{ ?s ?p ?o }"] * 100) + " }").has_dataset_clause


@pytest.mark.parametrize("body", ["a.", "a:", "?a", "}{", '"" ', "<a>x ", "#\n", "\\u0061.", "ex:a\\."])
def test_a_megabyte_of_any_shape_is_read_to_its_end(body: str) -> None:
    """The shapes that made the former pattern rescan the text: a SERVICE at the end is still found."""
    query = "ASK {} " + body * (1_000_000 // len(body)) + "\nSERVICE <http://x/> {}"
    with pytest.raises(QueryRefused) as refused:
        inspect_query(query)
    assert refused.value.status in (400,)
