"""A :class:`~cybernorms.graph.store.embedded.Store` over a remote SPARQL 1.1 endpoint.

The three W3C protocols are used as their recommendations define them:

* queries by the `SPARQL 1.1 Protocol <https://www.w3.org/TR/sparql11-protocol/>`_
  (section 2.1.2, query via POST with URL-encoded parameters), answers read in the
  `SPARQL 1.1 Query Results JSON Format <https://www.w3.org/TR/sparql11-results-json/>`_
  or as N-Triples, parsed by pyoxigraph's own parsers;
* updates by the same protocol (section 2.2.1, update via URL-encoded POST);
* whole named graphs by the `SPARQL 1.1 Graph Store HTTP Protocol
  <https://www.w3.org/TR/sparql11-http-rdf-update/>`_ (GET, PUT and DELETE with
  ``?graph=IRI``, section 4.2 "indirect graph identification").

Parameters are bound as on the embedded store, never by pasting the given text: each
value is a pyoxigraph term, written in its canonical N-Triples form (which is valid SPARQL
syntax, with every quote and escape of a literal escaped by pyoxigraph's writer), in a
``VALUES`` block placed at the start of the query's ``WHERE`` group. A value in a
``VALUES`` block at the start of the group is seen by every pattern and ``FILTER`` of that
group, which is what the engine's own substitution (SEP-0007) gives on the embedded store.
The query text itself is only scanned for the position of that group: its strings, IRIs
and comments are skipped and never changed.

Which URL answers which protocol depends on the server (:meth:`RemoteStore.from_url`):
Oxigraph's ``/query``, ``/update`` and ``/store``; a Fuseki dataset URL, which answers all
three; GraphDB's and RDF4J's ``/repositories/ID``; and any other ``…/sparql`` endpoint
(Virtuoso, Neptune), whose graphs are then written by SPARQL Update.

The server must answer queries over the union of its named graphs (``docs/stores.md``).
This module imports no HTTP client at import time: :mod:`httpx` is imported when the
first request is made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox

from cybernorms.errors import CybernormsError, UsageError
from cybernorms.graph import formats
from cybernorms.graph.store.embedded import (
    QueryResult,
    Store,
    Term,
    _checked_quads,
    _describe_query_error,
    _graph_node,
    _materialise,
    _query_error,
    _rdf_format,
    _serialise_answer,
    _serialised,
    _substitutions,
    graph_answer_format,
)
from cybernorms.graph.store.location import is_store_url
from cybernorms.namespaces import PREFIXES

if TYPE_CHECKING:
    import httpx

__all__ = ["Endpoints", "RemoteStore", "bind_values", "is_store_url", "push"]

#: What a query asks for: results for SELECT and ASK, N-Triples (or any RDF) for the others.
ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.7, application/rdf+xml;q=0.6"
)
DEFAULT_TIMEOUT = 120.0
_FORM = "application/x-www-form-urlencoded"
_NT = formats.by_name("nt").media_type


@dataclass(frozen=True)
class Endpoints:
    """The URLs of one dataset's three services; ``graph_store`` is None where there is none."""

    query: str
    update: str
    graph_store: str | None

    @classmethod
    def guess(cls, url: str) -> Endpoints:
        """The services of a dataset from the one URL a user gives, by each server's layout.

        * ``…/query`` (Oxigraph server): siblings ``…/update`` and ``…/store``;
        * ``…/repositories/ID`` (GraphDB, RDF4J): ``…/statements`` for updates and
          ``…/rdf-graphs/service`` for graphs;
        * ``…/sparql`` (Virtuoso, Neptune, Blazegraph): query and update at the URL, no
          graph store (graphs are written by SPARQL Update);
        * anything else is taken as a dataset URL that answers all three (Fuseki's
          ``http://host:3030/DATASET``).
        """
        parts = urlsplit(url)
        path = parts.path.rstrip("/")

        def at(new_path: str) -> str:
            return urlunsplit((parts.scheme, parts.netloc, new_path, parts.query, ""))

        if path.endswith("/query"):
            base = path[: -len("/query")]
            return cls(at(path), at(base + "/update"), at(base + "/store"))
        repository = re.search(r"/repositories/[^/]+$", path)
        if repository:
            return cls(at(path), at(path + "/statements"), at(path + "/rdf-graphs/service"))
        if path.endswith("/sparql"):
            return cls(at(path), at(path), None)
        return cls(at(path), at(path), at(path))


class RemoteStore(Store):
    """:class:`Store` over a SPARQL 1.1 Protocol and Graph Store Protocol endpoint.

    Build one with :meth:`from_url`. Reads and writes go over HTTP with one kept-alive
    connection; ``user:password@`` in the URL is sent as HTTP Basic authentication.
    Every write is one request, so it is atomic wherever the server runs a request in one
    transaction (Oxigraph, Fuseki/TDB2, GraphDB, RDF4J do).
    """

    #: No directory and no read-only mode: what the server allows decides (as on :class:`OxigraphStore`).
    path: None = None
    read_only: bool = False

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        auth: tuple[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: Any = None,
    ) -> None:
        self.endpoints = endpoints
        self._auth = auth
        self._timeout = timeout
        self._transport = transport
        self._client: httpx.Client | None = None

    @classmethod
    def from_url(cls, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> RemoteStore:
        """The store at ``url`` (see :meth:`Endpoints.guess` for how the services are found)."""
        if not is_store_url(url):
            raise UsageError(f"{url!r} is not an http or https URL")
        parts = urlsplit(url)
        auth = None
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, _, netloc = netloc.rpartition("@")
            user, _, password = userinfo.partition(":")
            auth = (_unquote(user), _unquote(password))
        clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        return cls(Endpoints.guess(clean), auth=auth, timeout=timeout)

    def __repr__(self) -> str:
        return f"<RemoteStore {self.endpoints.query}>"

    @property
    def url(self) -> str:
        """The query endpoint, as messages name the store."""
        return self.endpoints.query

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- reading --

    def graphs(self) -> list[str]:
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(row[0].value for row in rows if isinstance(row[0], ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        where = f"GRAPH {_graph_node(graph)} {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        value = rows[0][0] if rows else None
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        names = [graph] if graph is not None else self.graphs()
        for name in names:
            node = _graph_node(name)
            for triple in self._graph_triples(node):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, node)

    def query(self, sparql: str, params: Mapping[str, Term] | None = None) -> QueryResult:
        answer = self._answer(sparql, params)
        if isinstance(answer, list):
            return QueryResult("graph", triples=answer)
        return _materialise(answer)

    def query_serialized(self, sparql: str, params: Mapping[str, Term] | None, format: str) -> bytes:
        answer = self._answer(sparql, params)
        if not isinstance(answer, list):
            return _serialise_answer(answer, format)
        return _serialised(ox.serialize(answer, format=graph_answer_format(format)))

    def dump(self, format: str, graph: str | None = None) -> bytes:
        rdf_format = _rdf_format(format)
        prefixes = dict(PREFIXES)
        if graph is None:
            if not rdf_format.supports_datasets:
                raise UsageError(f"{format} holds one graph: say which named graph to dump, or use nq or trig")
            return _serialised(ox.serialize(self.quads(), format=rdf_format, prefixes=prefixes))
        if rdf_format.supports_datasets and format != "jsonld":
            return _serialised(ox.serialize(self.quads(graph), format=rdf_format, prefixes=prefixes))
        triples = self._graph_triples(_graph_node(graph))
        return _serialised(ox.serialize(triples, format=rdf_format, prefixes=prefixes))

    # -- writing --

    def replace_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        node = _graph_node(graph)
        batch = list(triples)  # a failing iterable fails here, before the server is touched
        for triple in batch:
            if not isinstance(triple, ox.Triple):
                raise TypeError(f"replace_graph takes pyoxigraph Triples, got {type(triple).__name__}")
        if not batch:
            self.remove_graph(graph)
            return
        body = _serialised(ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))
        if self.endpoints.graph_store:
            self._request("PUT", self._graph_url(node), content=body, headers={"Content-Type": _NT})
        else:
            self._update(f"DROP SILENT GRAPH {node} ;\nINSERT DATA {{ GRAPH {node} {{\n{body.decode()}}} }}")

    def remove_graph(self, graph: str) -> bool:
        node = _graph_node(graph)
        existed = self._ask(f"ASK {{ GRAPH {node} {{ ?s ?p ?o }} }}")
        if existed:
            self._update(f"DROP SILENT GRAPH {node}")
        return existed

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        blocks = []
        checked = sorted(_checked_quads(quads), key=lambda q: str(q.graph_name))
        for name, group in groupby(checked, key=lambda q: q.graph_name):
            body = _serialised(ox.serialize((q.triple for q in group), format=ox.RdfFormat.N_TRIPLES))
            blocks.append(f"GRAPH {name} {{\n{body.decode()}}}")
        if blocks:  # one request: the server adds all or none
            self._update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")

    def put_graph(self, graph: str, data: bytes) -> None:
        """Replace ``graph`` with the N-Triples ``data`` as they are (for :func:`push`)."""
        node = _graph_node(graph)
        if self.endpoints.graph_store:
            self._request("PUT", self._graph_url(node), content=data, headers={"Content-Type": _NT})
        else:
            self._update(f"DROP SILENT GRAPH {node} ;\nINSERT DATA {{ GRAPH {node} {{\n{data.decode()}}} }}")

    # -- protocol --

    def _answer(
        self, sparql: str, params: Mapping[str, Term] | None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        text = bind_values(sparql, params or {})
        response = self._request(
            "POST", self.endpoints.query, content=_form("query", text),
            headers={"Content-Type": _FORM, "Accept": ACCEPT}, what="query",
        )
        media, answer = parse_answer(response.headers.get("content-type", ""), response.content)
        if answer is None:
            raise CybernormsError(f"{self.url} answered with {media or 'no content type'}, which is not a SPARQL answer")
        result: ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple] = answer
        return result

    def _select(self, sparql: str) -> list[tuple[Term | None, ...]]:
        return self.query(sparql).rows

    def _ask(self, sparql: str) -> bool:
        return bool(self.query(sparql).boolean)

    def _update(self, sparql_update: str) -> None:
        self._request(
            "POST", self.endpoints.update, content=_form("update", sparql_update),
            headers={"Content-Type": _FORM}, what="update",
        )

    def _graph_triples(self, node: ox.NamedNode) -> list[ox.Triple]:
        if not self.endpoints.graph_store:
            return self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}").triples
        response = self._request(
            "GET", self._graph_url(node), headers={"Accept": _NT}, missing_ok=True
        )
        if response.status_code == 404:
            return []
        media = response.headers.get("content-type", _NT).split(";")[0].strip().lower()
        rdf_format = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
        return [quad.triple for quad in ox.parse(response.content, rdf_format)]

    def _graph_url(self, node: ox.NamedNode) -> str:
        base = self.endpoints.graph_store or ""
        joiner = "&" if "?" in base else "?"
        return f"{base}{joiner}graph={quote(node.value, safe='')}"

    def _http(self) -> httpx.Client:
        if self._client is None:
            try:
                import httpx
            except ImportError:
                raise CybernormsError(
                    "a remote --store needs httpx: pip install 'cybernorms[remote]'"
                ) from None
            self._client = httpx.Client(
                auth=self._auth, timeout=self._timeout, transport=self._transport, follow_redirects=True
            )
        return self._client

    def _request(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        what: str = "request",
        missing_ok: bool = False,
    ) -> httpx.Response:
        import httpx

        try:
            response = self._http().request(method, url, content=content, headers=dict(headers or {}))
        except httpx.TimeoutException:
            raise CybernormsError(f"the SPARQL endpoint {url} did not answer within {self._timeout:g} s") from None
        except httpx.HTTPError as error:
            raise CybernormsError(f"cannot reach the SPARQL endpoint {url}: {error}") from None
        if response.status_code == 404 and missing_ok:
            return response
        if response.status_code in (401, 403):
            raise CybernormsError(
                f"{url} refused the {what} (HTTP {response.status_code}); give the credentials in the URL "
                "(https://user:password@host/...) or use an endpoint that allows it"
            )
        if response.status_code >= 400:
            message = " ".join(response.text.split())[:300] or response.reason_phrase
            error_class = UsageError if response.status_code < 500 and what == "query" else CybernormsError
            raise error_class(f"the {what} failed at {url} (HTTP {response.status_code}): {message}")
        return response


# -- binding parameters --


def bind_values(sparql: str, params: Mapping[str, Term]) -> str:
    """``sparql`` with ``params`` bound by a ``VALUES`` block at the start of its ``WHERE`` group.

    The query and its parameters are first checked by the embedded engine, so that a
    syntax error, a parameter missing from the query, or a parameter the query does not
    project (the rule of Oxigraph's substitutions, SEP-0007) is refused with the same
    message as on the embedded store. Values are pyoxigraph terms written in their
    canonical N-Triples form; blank nodes and quoted triples cannot be sent (SPARQL's
    ``VALUES`` has no syntax for them).
    """
    substitutions = _substitutions(sparql, params)
    _check_locally(sparql, substitutions)
    if not substitutions:
        return sparql
    names, values = [], []
    for variable, term in substitutions.items():
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise UsageError(f"parameter ?{variable.value} must be an IRI or a literal to be sent to an endpoint")
        names.append(str(variable))
        values.append(str(term))
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }}"
    bound = _insert_in_where(sparql, block)
    _check_locally(bound, {})
    return bound


def _check_locally(sparql: str, substitutions: Mapping[ox.Variable, Term]) -> None:
    """Parse ``sparql`` (and check its parameters) with an empty embedded store; nothing is evaluated."""
    try:
        ox.Store().query(sparql, substitutions=dict(substitutions) or None)
    except SyntaxError as error:
        raise UsageError(f"SPARQL syntax error: {_describe_query_error(sparql, str(error))}") from None
    except RuntimeError as error:
        raise _query_error(str(error)) from None


_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"  # IRIs (a comparison like ?a <= ?b never matches)
    r"|#[^\n]*",  # comments
    re.DOTALL,
)
_TOKEN = re.compile(r"[{}]|[A-Za-z_][\w-]*|[^\s{}A-Za-z_]")


def _tokens(sparql: str) -> Iterator[tuple[int, str]]:
    """Positions and texts of braces and words outside strings, IRIs and comments."""
    pos = 0
    while pos < len(sparql):
        skip = _SKIP.match(sparql, pos)
        if skip:
            pos = skip.end()
            continue
        if sparql[pos].isspace():
            pos += 1
            continue
        token = _TOKEN.match(sparql, pos)
        assert token is not None  # _TOKEN matches any single non-space character
        yield pos, token.group()
        pos = token.end()


def _insert_in_where(sparql: str, block: str) -> str:
    """Insert ``block`` just inside the opening brace of the query's ``WHERE`` group."""
    tokens = list(_tokens(sparql))
    form_index = next(
        (i for i, (_, t) in enumerate(tokens) if t.upper() in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}),
        None,
    )
    if form_index is None:
        raise UsageError("parameters can be bound only in a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    form = tokens[form_index][1].upper()
    rest = tokens[form_index + 1 :]
    groups = _top_level_groups(rest)
    if form == "CONSTRUCT" and rest and rest[0][1] == "{":
        groups = groups[1:]  # the first group is the template
    if not groups:
        raise UsageError(
            "parameters need a WHERE { … } group to bind them in"
            + ("; write the CONSTRUCT template out in full" if form == "CONSTRUCT" else "")
        )
    (open_pos, close_pos), first_word = groups[0]
    if first_word == "SELECT":  # WHERE { SELECT … }: a sub-select must stay alone in its group
        return (
            sparql[: open_pos + 1] + block + " {" + sparql[open_pos + 1 : close_pos] + "} " + sparql[close_pos:]
        )
    return sparql[: open_pos + 1] + block + sparql[open_pos + 1 :]


def _top_level_groups(tokens: list[tuple[int, str]]) -> list[tuple[tuple[int, int], str]]:
    """The ``(open, close)`` positions of each brace group at depth 0, with its first word."""
    groups: list[tuple[tuple[int, int], str]] = []
    depth, start, first = 0, 0, ""
    for index, (pos, text) in enumerate(tokens):
        if text == "{":
            if depth == 0:
                start = pos
                following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
                first = following.upper()
            depth += 1
        elif text == "}":
            depth -= 1
            if depth == 0:
                groups.append(((start, pos), first))
    return groups


# -- helpers --


def _form(name: str, value: str) -> bytes:
    return f"{name}={quote(value, safe='')}".encode("ascii")


def _unquote(text: str) -> str:
    from urllib.parse import unquote

    return unquote(text)


def parse_answer(content_type: str, body: bytes) -> tuple[str, Any]:
    """A SPARQL protocol answer read by its media type: query results, or a list of triples.

    Returns the media type and the answer, or ``None`` for the answer when the media type
    is neither a results format nor an RDF format (the caller says what went wrong).
    """
    media = content_type.split(";")[0].strip().lower()
    results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
    if results_format is not None:
        return media, ox.parse_query_results(body, results_format)
    rdf_format = ox.RdfFormat.from_media_type(media) if media else None
    if rdf_format is None:
        return media, None
    return media, [quad.triple for quad in ox.parse(body, rdf_format)]


# -- push --


def push(
    source: Store,
    target: RemoteStore,
    *,
    clear: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[int, int]:
    """Upload every named graph of ``source`` to ``target``, one Graph Store Protocol PUT each.

    Each graph replaces the remote graph of the same name; other remote graphs are kept
    unless ``clear`` drops them first. Returns the numbers of graphs and triples sent.
    """
    if clear:
        target._update("DROP SILENT NAMED")
    names = source.graphs()
    sent = 0
    for index, name in enumerate(names, 1):
        triples = [quad.triple for quad in source.quads(name)]
        target.put_graph(name, _serialised(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)))
        sent += len(triples)
        if progress is not None:
            progress(index, len(names), name)
    return len(names), sent
