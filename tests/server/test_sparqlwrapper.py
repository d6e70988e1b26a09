"""A real SPARQL client, SPARQLWrapper, against a served instance: every query form in every format."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)

from tests.server.conftest import Server

# SPARQLWrapper parses RDF answers into an rdflib ConjunctiveGraph, which rdflib 7 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cn: <https://w3id.org/cybernorms/ontology#>
PREFIX state: <https://w3id.org/cybernorms/id/state/>
PREFIX doc: <https://w3id.org/cybernorms/id/document/>
"""
SELECT = PREFIXES + "SELECT ?state ?label WHERE { doc:coc cn:issuedBy ?state . ?state rdfs:label ?label } ORDER BY ?label"
ASK = PREFIXES + "ASK { doc:coc cn:shortName \"CoC\" }"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a cn:State ; rdfs:label ?l }"
DESCRIBE = PREFIXES + "DESCRIBE state:chn"
LABELS = ["<img src=x onerror=alert(1)>", "China"]
METHODS = [pytest.param(None, id="GET"), pytest.param(POST, id="POST-form"),
           pytest.param(POSTDIRECTLY, id="POST-direct")]


def client(server: Server, query: str, fmt: str, method: str | None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.sparql)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method is not None:
        sparql.setMethod(POST)
        if method == POSTDIRECTLY:
            sparql.setRequestMethod(POSTDIRECTLY)
    return sparql


@pytest.mark.parametrize("method", METHODS)
def test_select_json(server: Server, method: str | None) -> None:
    result = client(server, SELECT, JSON, method).queryAndConvert()
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == LABELS


@pytest.mark.parametrize("method", METHODS)
def test_select_xml(server: Server, method: str | None) -> None:
    document = client(server, SELECT, XML, method).queryAndConvert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == LABELS


def test_select_csv(server: Server) -> None:
    text = client(server, SELECT, CSV, None).queryAndConvert().decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["state", "label"]
    assert [row[1] for row in rows[1:]] == LABELS


def test_select_tsv(server: Server) -> None:
    text = client(server, SELECT, TSV, None).queryAndConvert().decode()
    lines = text.strip().split("\n")
    assert lines[0] == "?state\t?label"
    assert lines[1].endswith('\t"<img src=x onerror=alert(1)>"')


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [pytest.param(JSON, True, id="json"), pytest.param(XML, True, id="xml")],
)
def test_ask(server: Server, fmt: str, expected: bool) -> None:
    answer = client(server, ASK, fmt, None).queryAndConvert()
    if fmt == JSON:
        assert answer["boolean"] is expected
    else:
        assert answer.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [CSV, TSV])
def test_ask_in_csv_and_tsv(server: Server, fmt: str) -> None:
    assert client(server, ASK, fmt, None).queryAndConvert().decode().strip() == "true"


GRAPH_FORMATS = [
    pytest.param(TURTLE, id="turtle"),
    pytest.param(N3, id="n3-accept-list"),
    pytest.param(RDFXML, id="rdf-xml"),
    pytest.param(JSONLD, id="json-ld"),
]


def _graph(answer: object) -> rdflib.Graph:
    if isinstance(answer, rdflib.Graph):
        return answer
    assert isinstance(answer, bytes)
    return rdflib.Graph().parse(data=answer.decode(), format="turtle")


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
@pytest.mark.parametrize("method", METHODS)
def test_construct(server: Server, fmt: str, method: str | None) -> None:
    graph = _graph(client(server, CONSTRUCT, fmt, method).queryAndConvert())
    labels = sorted(str(o) for o in graph.objects(None, rdflib.RDFS.label))
    assert labels == sorted([*LABELS, "Côte d’Ivoire"])


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_describe(server: Server, fmt: str) -> None:
    graph = _graph(client(server, DESCRIBE, fmt, None).queryAndConvert())
    chn = rdflib.URIRef("https://w3id.org/cybernorms/id/state/chn")
    assert graph.value(chn, rdflib.RDFS.label) == rdflib.Literal("China")


def test_construct_in_n_triples(server: Server) -> None:
    sparql = client(server, CONSTRUCT, N3, None)
    sparql.addCustomHttpHeader("Accept", "application/n-triples")
    response = sparql.query().response
    assert response.headers["Content-Type"] == "application/n-triples"
    graph = rdflib.Graph().parse(data=response.read().decode(), format="nt")
    assert len(graph) == 3


def test_service_description_is_rdf(server: Server) -> None:
    import httpx

    response = httpx.get(server.sparql, headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef(server.sparql)
    assert (endpoint, rdflib.RDF.type, sd.Service) in graph
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in graph
    names = {str(n) for n in graph.objects(None, sd.name)}
    assert "https://w3id.org/cybernorms/graph/provenance" in names
    json_ld = httpx.get(server.sparql, headers={"Accept": "application/ld+json"})
    assert json_ld.headers["content-type"] == "application/ld+json"
    assert isinstance(json.loads(json_ld.text), (list, dict))
