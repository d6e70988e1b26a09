"""``/api/download``: SELECT answers as spreadsheets a reader opens (labels, sources, BOM, .xlsx)."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from tests.server.conftest import BULK_GRAPH, MAX_ROWS, Server

XSS = "<img src=x onerror=alert(1)>"


def get(server: Server, **params: str) -> httpx.Response:
    return httpx.get(server.url + "/api/download", params=params, timeout=30)


def rows_of(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_a_named_query_as_csv_has_labels_beside_iris(server: Server) -> None:
    response = get(server, named="provenance", entity="doc:coc")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="provenance.csv"'
    assert not response.content.startswith(b"\xef\xbb\xbf")
    rows = rows_of(response.content)
    assert list(rows[0]) == ["entity", "entity_label", "property", "property_label", "value", "value_label",
                             "source", "locator", "status"]
    assert len(rows) == 7
    issued = [r for r in rows if r["property"].endswith("#issuedBy")]
    assert {r["value_label"] for r in issued} == {"China", XSS}
    assert {r["property_label"] for r in issued} == {"issued by"}
    assert rows[0]["entity_label"] == "International Code of Conduct for Information Security"
    assert b"\r\n" in response.content


def test_bom_makes_excel_read_utf8(server: Server) -> None:
    response = get(server, named="provenance", entity="doc:coc", bom="1")
    assert response.content.startswith(b"\xef\xbb\xbfentity,entity_label,")
    assert "Côte d’Ivoire" in response.content.decode("utf-8-sig")


def test_facts_in_claim_graphs_get_their_source_and_locator(server: Server) -> None:
    query = ("SELECT ?g ?p ?o WHERE { GRAPH ?g { <https://w3id.org/cybernorms/id/document/coc> ?p ?o } "
             "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/cybernorms/graph/claim/')) }")
    rows = rows_of(get(server, query=query).content)
    assert rows and list(rows[0])[:4] == ["g", "g_label", "g_source", "g_locator"]
    assert {(r["g_source"], r["g_locator"]) for r in rows} == {
        ("Letter of 9 January 2015 (A/69/723)", "paragraph 1"),
        ("Partner sheet <b>bold</b> </script><script>alert(2)</script>", "row 1"),  # as text, never markup
    }


def test_the_as_of_day_and_the_row_cap_hold(server: Server) -> None:
    query = "SELECT ?doc WHERE { ?doc a <https://w3id.org/cybernorms/ontology#ReferenceDocument> }"
    assert len(rows_of(get(server, query=query).content)) == 1
    assert rows_of(get(server, query=query, **{"as-of": "2014-12-31"}).content) == []
    big = get(server, query=f"SELECT * WHERE {{ GRAPH <{BULK_GRAPH}> {{ ?s ?p ?o }} }}")
    assert len(rows_of(big.content)) == MAX_ROWS
    assert big.headers["x-result-truncated"] == "true"


def test_xlsx_opens_with_labels_and_text_stays_text(server: Server) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    response = get(server, named="provenance", entity="doc:coc", format="xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.content.startswith(b"PK")  # an Office Open XML package is a zip
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:2] == ["entity", "entity_label"]
    assert sheet.title == "provenance"
    assert any(XSS in row for row in values)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize(("params", "message"), [
    ({"query": "ASK {}"}, "a spreadsheet download takes a SELECT query"),
    ({"query": "SELECT * WHERE { ?s ?p ?o }", "format": "pdf"}, "use format=csv or format=xlsx"),
    ({}, "no query: give its text as query= or a named query as named=NAME"),
    ({"named": "nosuch"}, "no named query 'nosuch'"),
    ({"query": "SELECT ?s WHERE { ?s ?p ?o }", "as-of": "2015"}, "as-of takes a day as YYYY-MM-DD"),
    ({"query": "SELECT ?s WHERE { ?s ?p }"}, "SPARQL syntax error"),
])
def test_bad_requests_get_one_line(server: Server, params: dict[str, str], message: str) -> None:
    response = get(server, **params)
    assert response.status_code in (400, 404)
    assert message in response.text and response.text.count("\n") == 1


def test_a_release_table_for_excel_and_as_xlsx(server: Server) -> None:
    """The table's own columns, with the byte-order mark on request (the labels: tests/graph/exchange)."""
    openpyxl = pytest.importorskip("openpyxl")
    response = httpx.get(server.url + "/api/tables/documents", params={"bom": "1"}, timeout=30)
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbfid,label,types,short_name,date,")
    assert response.headers["content-disposition"] == 'attachment; filename="documents.csv"'
    plain = httpx.get(server.url + "/api/tables/documents", params={"labels": "0"}, timeout=30)
    assert plain.content.startswith(b"id,label,types,")
    book = httpx.get(server.url + "/api/tables/norms", params={"format": "xlsx"}, timeout=30)
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    assert next(sheet.iter_rows(values_only=True))[:3] == ("id", "notation", "label")
    missing = httpx.get(server.url + "/api/tables/nosuch", timeout=30)
    assert missing.status_code == 404
    assert missing.text == "no release table 'nosuch'; the tables are norms, actors, forums, documents, events\n"
