"""``/api/download``: a SELECT answer as a spreadsheet, with labels beside IRIs and sources beside facts.

The query is the text (``query=``) or a named query (``named=NAME`` and its parameters, bound
by the engine as ``/api/queries/NAME`` binds them), over the dataset as of ``as-of=`` if given.
The answer (capped at the server's row limit, as every answer is) is laid out by
:func:`cybernorms.queries.results.readable_table`: the label of every IRI (its ``rdfs:label``,
else its ``skos:prefLabel``, English or untagged first) and, for every claim or partner graph in
a row, its source (``prov:wasDerivedFrom``, by label) and locator (``cn:locator``) from the
provenance graph. ``format=csv`` (the default) writes RFC 4180 CSV in UTF-8, ``bom=1`` adds the
byte-order mark Excel needs to read UTF-8; ``format=xlsx`` writes a workbook with openpyxl, or
answers 400 saying how to install it. The W3C result formats stay at ``/sparql?format=…``.

``/api/tables/NAME`` is a release table (:mod:`cybernorms.graph.exchange.tables`: norms, actors,
forums, documents, events) the same ways, with a ``NAME_label`` column beside every column of
IRIs (``labels=0`` leaves them out, as the release bundle's copy has none).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from starlette.responses import Response

from cybernorms.errors import CybernormsError
from cybernorms.namespaces import CLAIM_GRAPH_PREFIX, PARTNER_GRAPH_PREFIX
from cybernorms.queries.results import Source, csv_bytes, iris_of, readable_table, xlsx_available, xlsx_bytes
from cybernorms.server._http import LIMIT_HEADER, ROWS_HEADER, TRUNCATED_HEADER, HTTPProblem
from cybernorms.server.negotiation import Choice
from cybernorms.server.protocol import as_of_day, run_query
from cybernorms.server.state import server_state

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["download", "release_table"]

#: IRIs looked up per label query; the most IRIs given labels (past it, the label columns stay empty).
_CHUNK = 500
MAX_LABELLED = 20_000
_RESERVED = ("query", "named", "format", "bom", "as-of")
_CONTENT = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s (COALESCE(SAMPLE(?en), SAMPLE(?plain), SAMPLE(?any)) AS ?label) WHERE {
  VALUES ?s { IRIS }
  { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l }
  BIND(IF(LANGMATCHES(LANG(?l), "en"), ?l, ?unbound) AS ?en)
  BIND(IF(LANG(?l) = "", ?l, ?unbound) AS ?plain)
  BIND(?l AS ?any)
} GROUP BY ?s"""

_SOURCES = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cn: <https://w3id.org/cybernorms/ontology#>
SELECT ?g (SAMPLE(COALESCE(?sl, STR(?src))) AS ?source) (SAMPLE(?loc) AS ?locator) WHERE {
  VALUES ?g { IRIS }
  OPTIONAL { ?g prov:wasDerivedFrom ?src OPTIONAL { ?src rdfs:label ?sl } }
  OPTIONAL { ?g cn:locator ?loc }
  FILTER(BOUND(?src) || BOUND(?loc))
} GROUP BY ?g"""


def _in_values(iris: list[str]) -> str:
    return " ".join(str(ox.NamedNode(iri)) for iri in iris)


async def _select(request: Request, query: str, **options: Any) -> tuple[list[str], list[dict[str, Any]], Any]:
    reply = await run_query(request, query, Choice("json", None), **options)
    data = json.loads(reply.body)
    if "boolean" in data:
        raise HTTPProblem(400, "a spreadsheet download takes a SELECT query; an ASK answer is one true or false")
    return list(data["head"].get("vars", [])), data["results"]["bindings"], reply.header


async def _labels(request: Request, iris: list[str]) -> dict[str, str]:
    labels: dict[str, str] = {}
    wanted = iris[:MAX_LABELLED]
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        _, rows, _ = await _select(request, _LABELS.replace("IRIS", _in_values(chunk)), max_rows=len(chunk))
        labels.update({row["s"]["value"]: row["label"]["value"] for row in rows if "label" in row})
    return labels


async def _sources(request: Request, iris: list[str]) -> dict[str, Source]:
    graphs = [iri for iri in iris if iri.startswith((CLAIM_GRAPH_PREFIX, PARTNER_GRAPH_PREFIX))][:MAX_LABELLED]
    found: dict[str, Source] = {}
    for start in range(0, len(graphs), _CHUNK):
        chunk = graphs[start:start + _CHUNK]
        _, rows, _ = await _select(request, _SOURCES.replace("IRIS", _in_values(chunk)), max_rows=len(chunk))
        for row in rows:
            found[row["g"]["value"]] = Source(row.get("source", {}).get("value", ""),
                                              row.get("locator", {}).get("value", ""))
    return found


async def _answer(request: Request, day: str | None) -> tuple[str, list[str], list[dict[str, Any]], Any]:
    """Run the query the URL names: (a file name, variables, bindings, the reply's header)."""
    from cybernorms.queries.library import library
    from cybernorms.queries.run import bind

    params = request.query_params
    name = params.get("named")
    if name:
        named = library().get(name)
        if named is None:
            raise HTTPProblem(404, f"no named query {name!r}; /api/queries lists them")
        given = {k: v for k, v in params.items() if k not in _RESERVED and v != ""}
        try:
            terms = bind(named, given)
        except CybernormsError as error:
            raise HTTPProblem(400, error.message) from None
        variables, rows, header = await _select(
            request, named.text, substitutions={k: str(t) for k, t in terms.items()}, as_of=day)
        return name, variables, rows, header
    text = params.get("query")
    if not text or not text.strip():
        raise HTTPProblem(400, "no query: give its text as query= or a named query as named=NAME")
    variables, rows, header = await _select(request, text, as_of=day)
    return "results", variables, rows, header


async def download(request: Request) -> Response:
    """``/api/download?query=…|named=NAME&…&format=csv|xlsx&bom=1&as-of=YYYY-MM-DD``."""
    fmt, bom = _spreadsheet_options(request)
    day = as_of_day(request.query_params.get("as-of"))
    name, variables, bindings, header = await _answer(request, day)
    iris = iris_of(bindings)
    table_header, rows = readable_table(variables, bindings, await _labels(request, iris),
                                        await _sources(request, iris))
    body = xlsx_bytes(table_header, rows, title=name) if fmt == "xlsx" else csv_bytes(table_header, rows, bom=bom)
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"', ROWS_HEADER: str(len(rows))}
    if header.get("truncated"):
        headers[TRUNCATED_HEADER] = "true"
        headers[LIMIT_HEADER] = str(server_state(request).config.max_rows)
    return Response(body, media_type=_CONTENT[fmt], headers=headers)


#: The most rows one query of a release table may answer (the curated tables have a few hundred).
_TABLE_ROWS = 200_000


async def _pairs(request: Request, query: str) -> list[list[tuple[str, bool] | None]]:
    _, bindings, _ = await _select_json(request, query)
    return bindings


async def _select_json(request: Request, query: str) -> tuple[list[str], list[list[tuple[str, bool] | None]], Any]:
    variables, bindings, header = await _select(request, query, max_rows=_TABLE_ROWS)
    rows = [[(row[v]["value"], row[v]["type"] == "uri") if v in row else None for v in variables] for row in bindings]
    return variables, rows, header


def _spreadsheet_options(request: Request) -> tuple[str, bool]:
    fmt = request.query_params.get("format", "csv") or "csv"
    if fmt not in _CONTENT:
        raise HTTPProblem(400, f"format {fmt[:20]!r} is not a spreadsheet format here: use format=csv or "
                               "format=xlsx (the SPARQL result formats are at /sparql?format=json|xml|csv|tsv)")
    if fmt == "xlsx" and not xlsx_available():
        raise HTTPProblem(400, "an .xlsx download needs openpyxl on the server: pip install 'cybernorms[xlsx]'; "
                               "format=csv&bom=1 opens in Excel as well")
    return fmt, _flag(request, "bom", False)


def _flag(request: Request, name: str, default: bool) -> bool:
    given = request.query_params.get(name)
    if given is None or given == "":
        return default
    return given not in ("0", "false", "no")


async def release_table(request: Request) -> Response:
    """``/api/tables/NAME?format=csv|xlsx&bom=1&labels=0``: one release table for a spreadsheet."""
    from cybernorms.graph.exchange.tables import LABELS_QUERY, TABLES, assemble, table_named

    name = request.path_params["name"].removesuffix(".csv").removesuffix(".xlsx")
    table = table_named(name)
    if table is None:
        raise HTTPProblem(404, f"no release table {name[:40]!r}; the tables are {', '.join(t.name for t in TABLES)}")
    fmt, bom = _spreadsheet_options(request)
    members = [row[0][0] for row in await _pairs(request, table.members_query()) if row[0] is not None]
    columns: dict[str, list[tuple[str, tuple[str, bool]]]] = {}
    for column, pattern in table.columns:
        pairs = await _pairs(request, table.column_query(pattern))
        columns[column] = [(x[0], v) for x, v in pairs if x is not None and v is not None]
    labels = None
    if _flag(request, "labels", True):
        labels = {x[0]: v[0] for x, v in await _pairs(request, LABELS_QUERY) if x is not None and v is not None}
    header, rows = assemble(table, members, columns, labels)
    body = xlsx_bytes(header, rows, title=name) if fmt == "xlsx" else csv_bytes(header, rows, bom=bom)
    return Response(body, media_type=_CONTENT[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"', ROWS_HEADER: str(len(rows))})
