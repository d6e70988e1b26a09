"""``as-of=YYYY-MM-DD`` on /sparql and /api/queries/NAME: the graph as it stood on a day (issue 9, item 5)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import Server, start_server, stop_server

JSON = {"Accept": "application/sparql-results+json"}
GCSC = "https://w3id.org/cybernorms/id/forum/gcsc"
COUNTS = f"""PREFIX cn: <https://w3id.org/cybernorms/ontology#>
SELECT (COUNT(DISTINCT ?e) AS ?endorsements) (COUNT(DISTINCT ?p) AS ?gcsc) WHERE {{
  {{ ?e a cn:Endorsement }} UNION {{ <{GCSC}> ?p ?o }}
}}"""


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory, curated_cache: Path) -> Iterator[Server]:
    """A server on the curated dataset (the session's built cache, in an on-disk store)."""
    from cybernorms.graph.store.embedded import OxigraphStore

    path = curated_cache
    where = tmp_path_factory.mktemp("curated") / "store"
    store = OxigraphStore.open(where)
    store.load(path, "nq")
    store.close()
    running = start_server(where, tmp_path_factory.mktemp("curated-logs") / "server.log", "--workers", "2")
    yield running
    stop_server(running)


def _rows(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def _counts(server: Server, **extra: str) -> tuple[int, int]:
    row = _rows(httpx.get(server.sparql, params={"query": COUNTS, **extra}, headers=JSON, timeout=30))[0]
    return int(row["endorsements"]["value"]), int(row["gcsc"]["value"])


def test_table1_is_the_same_as_of_the_report(curated: Server) -> None:
    url = curated.url + "/api/queries/table1"
    now = _rows(httpx.get(url, headers=JSON, timeout=30))
    then = _rows(httpx.get(url, params={"as-of": "2015-12-31"}, headers=JSON, timeout=30))
    assert now and then == now


def test_table1_text_over_sparql_as_of(curated: Server) -> None:
    from cybernorms.queries.library import library

    text = library()["table1"].text
    now = _rows(httpx.post(curated.sparql, data={"query": text}, headers=JSON, timeout=30))
    then = _rows(httpx.post(curated.sparql, data={"query": text, "as-of": "2015-12-31"}, headers=JSON, timeout=30))
    assert now and then == now


def test_endorsements_and_the_gcsc_come_later(curated: Server) -> None:
    endorsements, gcsc = _counts(curated)
    assert endorsements > 0 and gcsc > 0
    endorsements_then, gcsc_then = _counts(curated, **{"as-of": "2015-12-31"})
    assert endorsements_then < endorsements
    assert gcsc_then == 0
    assert _counts(curated, **{"as-of": "2015-12-31"}) == (endorsements_then, gcsc_then)  # from the cache


def test_an_empty_as_of_is_no_cut(curated: Server) -> None:
    assert _counts(curated, **{"as-of": ""}) == _counts(curated)


@pytest.mark.parametrize("day", ["2015-13-01", "yesterday", "2015-1-1", "20151231"])
def test_a_malformed_day_is_400(server: Server, day: str) -> None:
    response = httpx.get(server.sparql, params={"query": "ASK {}", "as-of": day}, timeout=10)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text.strip()
    assert "\n" not in text and text.startswith("as-of takes a day as YYYY-MM-DD") and repr(day) in text
    posted = httpx.post(server.sparql, data={"query": "ASK {}", "as-of": day}, timeout=10)
    assert posted.status_code == 400 and posted.text.strip() == text
    named = httpx.get(server.url + "/api/queries/table1", params={"as-of": day}, timeout=10)
    assert named.status_code == 400 and named.text.strip() == text


def test_fixture_document_dated_2015_is_left_out_before(server: Server) -> None:
    query = "PREFIX cn: <https://w3id.org/cybernorms/ontology#> SELECT ?d WHERE { ?d a cn:ReferenceDocument }"
    assert len(_rows(httpx.get(server.sparql, params={"query": query}, headers=JSON, timeout=10))) == 1
    before = httpx.get(server.sparql, params={"query": query, "as-of": "2014-12-31"}, headers=JSON, timeout=10)
    assert _rows(before) == []
    on = httpx.get(server.sparql, params={"query": query, "as-of": "2015-01-09"}, headers=JSON, timeout=10)
    assert len(_rows(on)) == 1


def test_the_explorer_has_the_slider(server: Server) -> None:
    page = httpx.get(server.url + "/", timeout=10).text
    assert 'id="as-of-year"' in page and 'type="range"' in page and 'name="as-of"' in page
    assert "<script>" not in page
