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
