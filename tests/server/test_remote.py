"""``--store URL``: the server in front of another SPARQL endpoint (here, a second instance of itself)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.server.conftest import Server, start_server, stop_server

PROVENANCE = "https://w3id.org/cybernorms/graph/provenance"


@pytest.fixture(scope="module")
def front(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose store is the main test server's endpoint, with limits of its own."""
    running = start_server(server.sparql, tmp_path_factory.mktemp("remote") / "server.log",
                           "--workers", "2", "--max-rows", "10", "--timeout", "3")
    yield running
    stop_server(running)


def test_queries_pass_through_with_the_fronts_own_row_cap(front: Server) -> None:
    response = httpx.get(front.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["x-result-truncated"] == "true"
    assert len(response.text.strip().splitlines()) == 11


def test_named_query_parameters_reach_the_endpoint(front: Server) -> None:
    answer = httpx.get(front.url + "/api/queries/provenance", params={"entity": "doc:coc"}).json()
    assert {b["locator"]["value"] for b in answer["results"]["bindings"]} == {"paragraph 1", "row 1"}


def test_protocol_dataset_is_passed_on(front: Server) -> None:
    response = httpx.post(front.sparql, data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                              "default-graph-uri": PROVENANCE})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "8"


def test_service_is_refused_in_front_too(front: Server) -> None:
    response = httpx.get(front.sparql, params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert response.status_code == 400
    assert "SERVICE is not allowed" in response.text


def test_entity_pages_work_over_a_remote_store(front: Server) -> None:
    response = httpx.get(front.url + "/id/state/chn", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "China" in response.text
