"""The SPARQL 1.1 Protocol at ``/sparql`` and Graph Store Protocol reads at ``/store``.

Follows https://www.w3.org/TR/sparql11-protocol/ §2.1 (query via GET, via URL-encoded
POST, via POST directly) and §2.1.4 (``default-graph-uri``, ``named-graph-uri``), and
https://www.w3.org/TR/sparql11-http-rdf-update/ §5.2 (GET of a graph, indirect
identification with ``?graph=`` or ``?default``). Read-only: updates get 403.

Status codes: 400 for a malformed query (with the parser's message) or a refused one,
403 for updates and LOAD, 404 for a graph the dataset lacks, 405 for other methods,
406 when the ``Accept`` header allows no format of the answer, 413 past the body limit,
415 for a body that is neither a form nor a query, 503 with ``Retry-After`` past the
concurrency cap, and 503 for a query stopped at its timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.responses import RedirectResponse, Response

from cybernorms.server._http import HTTPProblem, answer_response, read_body
from cybernorms.server.guard import QueryRefused, check_query
from cybernorms.server.negotiation import (
    CONTENT_TYPES,
    Choice,
    choose,
    choose_graph,
    format_override,
    graph_format,
    prefers_html,
)
from cybernorms.server.pool import Busy, QueryTimeout, Reply, Shed, WorkerFailed
from cybernorms.server.service import service_description
from cybernorms.server.state import server_state

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["as_of_day", "graph_store", "run_query", "sparql_endpoint"]

_ALLOW = "GET, POST, HEAD, OPTIONS"
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
_READ_ONLY = "this endpoint is read-only: updates are not accepted"



def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _protocol_params(request: Request, limit: int) -> list[tuple[str, str]] | None:
    """The protocol's parameters from the URL and, for a form POST, the body.

    For a direct POST (``application/sparql-query``) the query is the body and it is
    returned as a ``query`` parameter. ``None`` for a GET without any parameter.
    """
    params = list(request.query_params.multi_items())
    if request.method in ("GET", "HEAD"):
        return params or None
    media = _media_type(request)
    if media == _UPDATE:
        raise HTTPProblem(403, _READ_ONLY)
    if media not in (_FORM, _QUERY):
        raise HTTPProblem(
            415,
            f"unsupported Content-Type {media or '(none)'!r}: POST a query as {_QUERY} "
            f"or as {_FORM} with query=",
        )
    body = await read_body(request, limit)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPProblem(400, "the request body is not UTF-8") from None
    if media == _QUERY:
        return [*params, ("query", text)]
    return [*params, *parse_qsl(text, keep_blank_values=True)]


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in params if key == name]
    if len(values) > 1:
        raise HTTPProblem(400, f"give {name}= once, not {len(values)} times")
    return values[0] if values else None


def _graph_list(params: list[tuple[str, str]], name: str, known: set[str]) -> list[str] | None:
    values = [value for key, value in params if key == name]
    if not values:
        return None
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError:
            raise HTTPProblem(400, f"{name}={value!r} is not an absolute IRI") from None
        if value not in known:
            raise HTTPProblem(
                400,
                f"{name}=<{value}>: this dataset has no such graph (the service description lists them); "
                "this endpoint never fetches graphs from the web",
            )
    return values


def as_of_day(value: str | None) -> str | None:
    """The ``as-of=YYYY-MM-DD`` parameter as an ISO day, ``None`` if absent or empty; 400 if malformed."""
    if value is None or not value.strip():
        return None
    import datetime as dt

    text = value.strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise HTTPProblem(400, f"as-of takes a day as YYYY-MM-DD (such as 2015-12-31), got {shown!r}") from None


def negotiate(request: Request, params: Mapping[str, str] | list[tuple[str, str]]) -> Choice:
    """The formats for the answer: ``format=`` if given, else the ``Accept`` header; 406 if none fits."""
    choice = _format_param(params) or choose(request.headers.get("accept"))
    if not choice.acceptable:
        raise HTTPProblem(
            406,
            "the Accept header allows none of the formats this endpoint writes: "
            "application/sparql-results+json, application/sparql-results+xml, text/csv, "
            "text/tab-separated-values (SELECT, ASK); text/turtle, application/n-triples, "
            "application/rdf+xml, application/ld+json (CONSTRUCT, DESCRIBE)",
        )
    return choice


def _format_param(params: Mapping[str, str] | list[tuple[str, str]]) -> Choice | None:
    """The first ``format=`` value that names a format (clients may send several)."""
    items = params if isinstance(params, list) else list(params.items())
    for key, value in items:
        if key == "format" and (choice := format_override(value)) is not None:
            return choice
    return None


async def _wait_for_disconnect(request: Request) -> None:
    """Return when the client closes the connection (uvicorn then sends ``http.disconnect``)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def run_query(
    request: Request,
    query: str,
    choice: Choice,
    *,
    substitutions: Mapping[str, str] | None = None,
    default_graph: list[str] | None = None,
    named_graphs: list[str] | None = None,
    max_rows: int | None = None,
    as_of: str | None = None,
) -> Reply:
    """Check a query, run it in a query process and return the reply; problems as :class:`HTTPProblem`."""
    state = server_state(request)
    try:
        shape = await check_query(query, state.pool.graphs)
    except QueryRefused as refused:
        raise HTTPProblem(refused.status, refused.message) from None
    job: dict[str, Any] = {
        "op": "query",
        "query": query,
        "substitutions": dict(substitutions or {}),
        "union": not shape.has_dataset_clause,
        "default_graph": default_graph,
        "named_graphs": named_graphs,
        "formats": {"select": choice.select, "graph": choice.graph},
        "max_rows": max_rows or state.config.max_rows,
    }
    if as_of is not None:  # the dataset as it stood on that day (cybernorms.graph.as_of)
        job["as_of"] = as_of
    if default_graph is None and named_graphs is not None:
        job["default_graph"] = []
    reply = await run_job(request, job)
    if not reply.header.get("ok"):
        raise HTTPProblem(int(reply.header.get("status", 500)), str(reply.header.get("message", "failed")))
    return reply


async def run_job(request: Request, job: dict[str, Any]) -> Reply:
    """Run any job in a query process, turning the pool's failures into HTTP problems."""
    state = server_state(request)
    try:
        return await state.pool.run(job, abandoned=_wait_for_disconnect(request),
                                    client=request.client.host if request.client else None)
    except Busy as busy:
        raise HTTPProblem(
            503,
            busy.message or f"the server is answering {state.config.max_concurrent} queries already; retry in a moment",
            {"Retry-After": str(state.config.retry_after)},
        ) from None
    except QueryTimeout:
        raise HTTPProblem(
            503,
            f"the query ran past this endpoint's {state.config.timeout:g} s timeout and was stopped; "
            "narrow it (a LIMIT, fewer joins) or run it on your own copy of the data",
        ) from None
    except Shed:
        raise HTTPProblem(
            503,
            "the query was stopped early: the server is busy with more long queries than it runs at once; "
            "retry later or narrow it",
            {"Retry-After": str(max(state.config.retry_after, 5))},
        ) from None
    except WorkerFailed:
        raise HTTPProblem(
            500, "the query process ended without answering (it may have run out of memory); the query was stopped"
        ) from None
    except asyncio.CancelledError:
        raise HTTPProblem(499, "the client closed the connection") from None


async def sparql_endpoint(request: Request) -> Response:
    """``/sparql``: the SPARQL 1.1 Protocol, read-only."""
    state = server_state(request)
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={"Allow": _ALLOW})
    if request.method not in ("GET", "POST", "HEAD"):
        raise HTTPProblem(405, f"{request.method} is not allowed here; use GET or POST", {"Allow": _ALLOW})
    params = await _protocol_params(request, state.config.max_body)
    if params is None or (_one(params, "query") is None and _one(params, "update") is None
                          and request.method != "POST"):
        return _describe_service(request)
    if _one(params, "update") is not None:
        raise HTTPProblem(403, _READ_ONLY)
    query = _one(params, "query")
    if query is None or not query.strip():
        raise HTTPProblem(400, "no query: give it as query= (GET or form POST) or as the body of a "
                               f"POST with Content-Type {_QUERY}")
    known = set(state.pool.graphs)
    default_graph = _graph_list(params, "default-graph-uri", known)
    named_graphs = _graph_list(params, "named-graph-uri", known)
    day = as_of_day(_one(params, "as-of"))
    choice = negotiate(request, params)
    reply = await run_query(request, query, choice, default_graph=default_graph, named_graphs=named_graphs,
                            as_of=day)
    download = "results" if _format_param(params) else None
    return answer_response(reply, max_rows=state.config.max_rows, download=download)


def _describe_service(request: Request) -> Response:
    state = server_state(request)
    accept = request.headers.get("accept")
    if prefers_html(accept):
        return RedirectResponse("/", status_code=303)
    fmt = choose_graph(accept)
    if fmt is None:
        raise HTTPProblem(406, "the service description is RDF: accept text/turtle, application/n-triples, "
                               "application/rdf+xml or application/ld+json")
    endpoint = str(request.url.replace(query=""))
    body = service_description(endpoint, state.pool.graphs, fmt)
    return Response(body, media_type=CONTENT_TYPES[("graph", fmt)], headers={"Vary": "Accept"})


def graph_query(graph: str | None) -> str:
    """A CONSTRUCT of one named graph's triples, or of the default graph (each fact once)."""
    if graph is None:
        return "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"


async def send_graph(request: Request, graph: str | None) -> Response:
    """One graph in the negotiated RDF format; 404 if the dataset lacks it."""
    state = server_state(request)
    if graph is not None and graph not in state.pool.graphs:
        raise HTTPProblem(404, f"this dataset has no graph <{graph}>")
    override = request.query_params.get("format")
    fmt = graph_format(override, request.headers.get("accept"))
    if fmt is None:
        raise HTTPProblem(406, "a graph is RDF: accept text/turtle, application/n-triples, "
                               "application/rdf+xml or application/ld+json")
    reply = await run_query(request, graph_query(graph), Choice(None, fmt))
    return answer_response(reply, max_rows=state.config.max_rows, download="graph" if override else None)


async def graph_store(request: Request) -> Response:
    """``/store``: Graph Store Protocol reads; writes get 403."""
    if request.method in ("PUT", "POST", "DELETE", "PATCH"):
        raise HTTPProblem(403, "this graph store is read-only")
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={"Allow": "GET, HEAD, OPTIONS"})
    if request.method not in ("GET", "HEAD"):
        raise HTTPProblem(405, f"{request.method} is not allowed here", {"Allow": "GET, HEAD, OPTIONS"})
    graph = request.query_params.get("graph")
    if graph is None and "default" not in request.query_params:
        raise HTTPProblem(400, "name the graph: ?graph=IRI, or ?default for the default graph "
                               "(each fact of the named graphs once)")
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError:
            raise HTTPProblem(400, f"graph={graph!r} is not an absolute IRI") from None
    return await send_graph(request, graph)
