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
from dataclasses import dataclass, replace
from itertools import chain, groupby
from typing import TYPE_CHECKING, Any, overload
from typing import Literal as TypingLiteral
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

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
from cybernorms.namespaces import CURATED_FILTER, GRAPH, PREFIXES, is_curated_graph

if TYPE_CHECKING:
    import httpx

__all__ = ["FACTS_GRAPH", "Endpoints", "RemoteStore", "bind_values", "is_store_url", "push"]

#: What a SELECT or ASK asks for: SPARQL results (JSON first).
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.8, text/csv;q=0.5"
)
#: What a CONSTRUCT or DESCRIBE asks for: an RDF syntax (never results, whatever the engine prefers).
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
DEFAULT_TIMEOUT = 120.0
_FORM = "application/x-www-form-urlencoded"
_NT = formats.by_name("nt").media_type
_NQ = formats.by_name("nq").media_type

#: The most triples :meth:`RemoteStore.replace_graphs` sends in its one update.
ATOMIC_LIMIT = 200_000
FACTS_GRAPH = GRAPH + "default"
"""The named graph that holds the default graph's facts on an engine without a default graph of
its own (Virtuoso): queries name it as their default graph by the protocol's ``default-graph-uri``."""

SYSTEM_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/",
    "http://localuriqaserver/",
    "http://www.w3.org/ns/ldp#",
    "http://www.w3.org/2002/07/owl#",
)
"""Graphs an engine keeps for itself (Virtuoso's schemas, its LDP and OWL graphs): never part of the dataset."""

#: Triples per request when graphs are written by SPARQL Update (Virtuoso refuses an
#: ``INSERT DATA`` of more than about 1,400) or per Graph Store request (a 10^6-triple graph
#: goes in parts).
UPDATE_BATCH = 1000
GRAPH_STORE_BATCH = 100_000


@dataclass(frozen=True)
class Endpoints:
    """The services of one dataset, as found at a server.

    ``graph_store`` is None where the server has no Graph Store Protocol service;
    ``facts_graph`` names the graph that stands for the default graph on an engine that
    has none of its own (None: the server's default graph holds the facts).
    """

    query: str
    update: str
    graph_store: str | None
    engine: str = "generic"
    facts_graph: str | None = None

    @classmethod
    def guess(cls, url: str) -> Endpoints:
        """The most likely services for ``url`` from its shape alone (the first of :meth:`candidates`)."""
        return cls.candidates(url)[0]

    @classmethod
    def candidates(cls, url: str) -> list[Endpoints]:
        """The layouts ``url`` may belong to, most likely first, by each server's conventions.

        * ``…/query``, ``…/update``, ``…/store`` (Oxigraph server) and its base URL;
        * ``…/sparql`` and ``…/sparql-graph-crud`` (Virtuoso; also Fuseki's ``/DATASET/sparql``
          and other ``/sparql`` endpoints);
        * ``…/repositories/ID`` (GraphDB, RDF4J): ``…/statements`` and ``…/rdf-graphs/service``;
        * anything else: a server's base URL (Oxigraph at ``/query``, others at ``/sparql``) or a
          dataset URL that answers all three protocols (Fuseki's ``http://host:3030/DATASET``).
        """
        parts = urlsplit(url)
        path = parts.path.rstrip("/")

        def at(new_path: str) -> str:
            return urlunsplit((parts.scheme, parts.netloc, new_path, parts.query, ""))

        for suffix in ("/query", "/update", "/store"):
            if path.endswith(suffix):
                return [cls.oxigraph(at(path[: -len(suffix)]))]
        for suffix in ("/sparql-graph-crud-auth", "/sparql-graph-crud"):
            if path.endswith(suffix):
                return [cls.virtuoso(at(path[: -len(suffix)]), graph_store=at(path))]
        repository = re.search(r"/repositories/[^/]+", path)
        if repository:
            root = path[: repository.end()]
            return [cls(at(root), at(root + "/statements"), at(root + "/rdf-graphs/service"), "rdf4j")]
        if path.endswith("/sparql"):
            return [cls(at(path), at(path), None)]
        return [cls.oxigraph(at(path)), cls(at(path + "/sparql"), at(path + "/sparql"), None), cls(at(path), at(path), at(path))]

    @classmethod
    def oxigraph(cls, base: str) -> Endpoints:
        """An Oxigraph server at ``base``: ``/query``, ``/update``, ``/store``; a default graph of its own."""
        return cls(base + "/query", base + "/update", base + "/store", "oxigraph")

    @classmethod
    def virtuoso(cls, base: str, graph_store: str | None = None) -> Endpoints:
        """A Virtuoso server at ``base``: ``/sparql`` for both, ``/sparql-graph-crud``; no default graph."""
        return cls(base + "/sparql", base + "/sparql", graph_store or base + "/sparql-graph-crud", "virtuoso",
                   FACTS_GRAPH)

    def refined(self, server: str) -> Endpoints:
        """These services, corrected by the server's own name (its ``Server`` header)."""
        name = server.lower()
        if "virtuoso" in name and self.engine != "virtuoso":
            base = self.query.rsplit("/", 1)[0] if self.query.endswith("/sparql") else self.query
            return Endpoints.virtuoso(base)
        if "fuseki" in name and self.engine == "generic":
            dataset = self.query[: -len("/sparql")] if self.query.endswith("/sparql") else self.query
            return Endpoints(self.query, dataset + "/update", dataset + "/data", "fuseki")
        if "oxigraph" in name:
            return replace(self, engine="oxigraph")
        return self


class RemoteStore(Store):
    """:class:`Store` over a SPARQL 1.1 Protocol and Graph Store Protocol endpoint.

    Build one with :meth:`from_url`: the services are found on the first request
    (:meth:`Endpoints.candidates`, then the server's name). Reads and writes go over HTTP
    with one kept-alive connection; ``user:password@`` in the URL is sent as HTTP Basic
    authentication. The default graph holds each fact once, as on the embedded store: on
    an engine without a default graph of its own it is the graph :data:`FACTS_GRAPH`, named
    in every query by the protocol's ``default-graph-uri`` (and the dataset's graphs by
    ``named-graph-uri``). Before its first answer the store checks that the server's answers
    can be trusted (:meth:`check`).
    """

    #: No directory and no read-only mode: what the server allows decides (as on :class:`OxigraphStore`).
    path: None = None
    read_only: bool = False

    def __init__(
        self,
        endpoints: Endpoints | list[Endpoints],
        *,
        auth: tuple[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: Any = None,
    ) -> None:
        self._candidates = endpoints if isinstance(endpoints, list) else [endpoints]
        self._found: Endpoints | None = None if isinstance(endpoints, list) else endpoints
        self._auth = auth
        self._timeout = timeout
        self._transport = transport
        self._client: httpx.Client | None = None
        self._graphs: list[str] | None = None
        self._checked = False

    @classmethod
    def from_url(cls, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> RemoteStore:
        """The store at ``url``: a server's base URL or any of its endpoints."""
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
        return cls(Endpoints.candidates(clean), auth=auth, timeout=timeout)

    def __repr__(self) -> str:
        return f"<RemoteStore {self.url}>"

    @property
    def endpoints(self) -> Endpoints:
        """The server's services, found by asking it (once)."""
        if self._found is None:
            self._found = self._discover()
        return self._found

    @property
    def url(self) -> str:
        """The query endpoint, as messages name the store."""
        return (self._found or self._candidates[0]).query

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- reading --

    def graphs(self) -> list[str]:
        if self._graphs is None:
            # GROUP BY, not DISTINCT: Virtuoso 7 takes minutes over DISTINCT ?g where it groups at once.
            rows = self._raw_select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
            self._graphs = sorted(
                row[0].value for row in rows
                if isinstance(row[0], ox.NamedNode) and _in_dataset(row[0].value)
            )
        return list(self._graphs)

    def count(self, graph: str | None = None) -> int:
        if graph is not None:
            return self._number(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_graph_node(graph)} {{ ?s ?p ?o }} }}")
        rows = self._raw_select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sum(int(n.value) for g, n in rows
                   if isinstance(g, ox.NamedNode) and _in_dataset(g.value) and isinstance(n, ox.Literal))

    def count_facts(self) -> int:
        return self._number("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        names = [graph] if graph is not None else self.graphs()
        for name in names:
            node = _graph_node(name)
            for triple in self._graph_triples(node):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, node)

    def facts(self) -> Iterator[ox.Triple]:
        facts_graph = self.endpoints.facts_graph
        if facts_graph is not None:
            return iter(self._graph_triples(ox.NamedNode(facts_graph)))
        if self.endpoints.graph_store:
            return iter(self._read_graph(self._graph_store_url("default")))
        sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        return iter(_result(self._post_query(sparql, self.dataset_parameters(sparql))).triples)

    def query(self, sparql: str, params: Mapping[str, Term] | None = None, *, partners: bool = False) -> QueryResult:
        return _result(self._answer(sparql, params, partners))

    def query_serialized(self, sparql: str, params: Mapping[str, Term] | None, format: str, *,
                         partners: bool = False) -> bytes:
        answer = self._answer(sparql, params, partners)
        if not isinstance(answer, list):
            return _serialise_answer(answer, format)
        return _serialised(ox.serialize(answer, format=graph_answer_format(format)))

    def dump(self, format: str, graph: str | None = None) -> bytes:
        rdf_format = _rdf_format(format)
        prefixes = dict(PREFIXES)
        if graph is None:
            if not rdf_format.supports_datasets:
                raise UsageError(f"{format} holds one graph: say which named graph to dump, or use nq or trig")
            facts = (ox.Quad(t.subject, t.predicate, t.object) for t in self.facts())
            return _serialised(ox.serialize(chain(facts, self.quads()), format=rdf_format, prefixes=prefixes))
        if rdf_format.supports_datasets and format != "jsonld":
            return _serialised(ox.serialize(self.quads(graph), format=rdf_format, prefixes=prefixes))
        triples = self._graph_triples(_graph_node(graph))
        return _serialised(ox.serialize(triples, format=rdf_format, prefixes=prefixes))

    def check(self) -> None:
        """Refuse a server whose answers cannot be trusted, with what is wrong and how to fix it.

        Two probes, run once before the store's first answer: the facts of the named graphs
        are visible in the default graph (a stock server given named graphs alone answers
        every query with no rows), and the default graph holds each fact once (a union of the
        named graphs as a multiset, such as Oxigraph's ``--union-default-graph``, counts a fact
        once per passage that states it).
        """
        self._checked = True
        if not any(is_curated_graph(g) for g in self.graphs()):
            return
        if not self._ask_default("ASK { ?s ?p ?o }"):
            raise CybernormsError(
                f"the store at {self.url} has named graphs but its default graph holds none of their facts, "
                "so every query would answer with no rows; push the dataset again with `cybernorms push --store "
                f"{self.url}`, which writes the default graph (docs/stores.md)"
            )
        every = self._number("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")
        distinct = self._number("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?c WHERE { ?s a ?c } }")
        if every != distinct:
            raise CybernormsError(
                f"the store at {self.url} counts a fact once per graph that states it ({every:,} type statements, "
                f"{distinct:,} distinct): its default graph is a multiset union of the named graphs (Oxigraph's "
                "--union-default-graph, for example); start the server without that option, so that queries "
                "read the default graph that `cybernorms push` writes"
            )

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
        self._unshare([node])
        self._write_graph(node, batch, replace_old=True)
        self._derive_from([node])

    def remove_graph(self, graph: str) -> bool:
        node = _graph_node(graph)
        self._graphs = None
        existed = graph in self.graphs()  # (not an ASK: Virtuoso 7 answers true for a graph outside named-graph-uri)
        if existed:
            self._unshare([node])
            self._update(f"DROP SILENT GRAPH {node}", "removing a graph")
            self._graphs = None
        return existed

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        checked = sorted(_checked_quads(quads), key=lambda q: str(q.graph_name))
        touched = []
        for name, group in groupby(checked, key=lambda q: q.graph_name):
            assert isinstance(name, ox.NamedNode)
            self._write_graph(name, [q.triple for q in group], replace_old=False)
            touched.append(name)
        self._derive_from(touched)

    def put_graph(self, graph: str, triples: list[ox.Triple]) -> None:
        """Replace ``graph`` with ``triples``, leaving the default graph to :meth:`derive_facts` (for :func:`push`)."""
        self._write_graph(_graph_node(graph), triples, replace_old=True)

    def clear(self) -> int:
        """Remove every graph of the dataset and its default graph; the number of graphs removed."""
        names = self.graphs()
        for start in range(0, len(names), 50):
            self._update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in names[start : start + 50]), "clearing")
        self._update(self._drop_facts(), "clearing the default graph")
        self._graphs = None
        return len(names)

    def derive_facts(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Make the default graph the set union of the named graphs again, on the server; the facts it holds."""
        self._update(self._drop_facts(), "clearing the default graph")
        names = [ox.NamedNode(g) for g in self.graphs()]
        for start in range(0, len(names), 25):
            self._derive_from(names[start : start + 25])
            if progress is not None:
                progress(min(start + 25, len(names)), len(names))
        return self.count_facts()

    def put_facts(self, facts: Iterable[ox.Triple], blank_graphs: Iterable[str]) -> int:
        """Make the default graph hold ``facts`` (for :func:`push`); the facts it holds after.

        The facts without blank nodes are sent as they are (by the Graph Store Protocol in parts,
        or by SPARQL Update), which is far quicker on Virtuoso than deriving them on the server;
        those with blank nodes are copied on the server from ``blank_graphs``, the named graphs
        that hold them, so that each blank node stays the named graph's own node.
        """
        self._update(self._drop_facts(), "clearing the default graph")
        plain = [t for t in facts if not _has_blank(t)]
        facts_graph = self.endpoints.facts_graph
        if self.endpoints.graph_store:
            url = (self._graph_store_url("graph", facts_graph) if facts_graph else self._graph_store_url("default"))
            for start in range(0, len(plain), GRAPH_STORE_BATCH):
                body = _serialised(ox.serialize(plain[start : start + GRAPH_STORE_BATCH], format=ox.RdfFormat.N_TRIPLES))
                self._request("POST", url, content=body, headers={"Content-Type": _NT}, what="upload of the default graph")
        else:
            for start in range(0, len(plain), UPDATE_BATCH):
                body = _serialised(ox.serialize(plain[start : start + UPDATE_BATCH], format=ox.RdfFormat.N_TRIPLES))
                self._update(f"INSERT DATA {{ {self._facts_target(body.decode())} }}", "upload of the default graph")
        target = self._facts_target("?s ?p ?o")
        blanks = [ox.NamedNode(g) for g in blank_graphs]
        for start in range(0, len(blanks), 25):
            self._update(" ;\n".join(
                f"INSERT {{ {target} }} WHERE {{ GRAPH {n} {{ ?s ?p ?o }} FILTER(isBlank(?s) || isBlank(?o)) }}"
                for n in blanks[start : start + 25]), "writing the default graph")
        return self.count_facts()

    # -- the default graph --

    def _facts_target(self, pattern: str) -> str:
        facts_graph = self.endpoints.facts_graph
        return f"GRAPH <{facts_graph}> {{ {pattern} }}" if facts_graph else pattern

    def _drop_facts(self) -> str:
        facts_graph = self.endpoints.facts_graph
        return f"DROP SILENT GRAPH <{facts_graph}>" if facts_graph else "DROP SILENT DEFAULT"

    def _derive_from(self, nodes: list[ox.NamedNode]) -> None:
        """Add the triples of ``nodes`` to the default graph (a set: repeats add nothing), on the server."""
        text = self._derive_text(nodes)
        if text:
            self._update(text, "writing the default graph")

    def _derive_text(self, nodes: list[ox.NamedNode]) -> str:
        """The update adding the curated ``nodes``' triples to the default graph ("" for none)."""
        target = self._facts_target("?s ?p ?o")
        return " ;\n".join(f"INSERT {{ {target} }} WHERE {{ GRAPH {n} {{ ?s ?p ?o }} }}"
                            for n in nodes if is_curated_graph(n.value))  # a partner's graphs stay out of it

    def _unshare(self, nodes: list[ox.NamedNode]) -> None:
        """Remove from the default graph the triples that only ``nodes`` hold among the curated graphs."""
        text = self._unshare_text(nodes)
        if text:
            self._update(text, "updating the default graph")

    def _unshare_text(self, nodes: list[ox.NamedNode]) -> str:
        nodes = [n for n in nodes if is_curated_graph(n.value)]
        if not nodes:
            return ""
        target = self._facts_target("?s ?p ?o")
        own = ", ".join(str(n) for n in nodes)
        exclude = f"{own}, <{self.endpoints.facts_graph}>" if self.endpoints.facts_graph else own
        return (f"DELETE {{ {target} }} WHERE {{ GRAPH ?mine {{ ?s ?p ?o }} FILTER(?mine IN ({own})) "
                f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other NOT IN ({exclude}) "
                f"&& {CURATED_FILTER.format('?other')}) }} }}")

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        """All of ``graphs`` replaced in one SPARQL update (one request, which the server applies as one
        transaction), the default graph kept; refused, before anything is sent, when it is too large for one."""
        batches = {_graph_node(g): list(t) for g, t in graphs.items()}
        total = sum(len(t) for t in batches.values())
        if total > ATOMIC_LIMIT:
            raise CybernormsError(
                f"{total:,} triples are more than one SPARQL update to {self.url} takes ({ATOMIC_LIMIT:,}), so they "
                "cannot be written in one transaction; import into a local store (--store DIR), then "
                f"`cybernorms push --store {self.url}`")
        nodes = list(batches)
        parts = [self._unshare_text(nodes)] + [f"DROP SILENT GRAPH {n}" for n in nodes]
        for node, triples in batches.items():
            if triples:
                body = _serialised(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)).decode()
                parts.append(f"INSERT DATA {{ GRAPH {node} {{\n{body}}} }}")
        parts.append(self._derive_text([n for n, t in batches.items() if t]))
        self._graphs = None
        self._update(" ;\n".join(p for p in parts if p), "replacing graphs in one update")
        self._graphs = None

    # -- writing graphs --

    def _write_graph(self, node: ox.NamedNode, triples: list[ox.Triple], *, replace_old: bool) -> None:
        """Write ``triples`` into ``node``, replacing what it held when ``replace_old``, in parts the server takes.

        Triples with blank nodes travel in the first part, so that a blank node stays one node.
        """
        self._graphs = None
        with_blanks = [t for t in triples if _has_blank(t)]
        plain = [t for t in triples if not _has_blank(t)]
        ordered = with_blanks + plain
        if self.endpoints.graph_store:
            size = max(GRAPH_STORE_BATCH, len(with_blanks))
            parts = [ordered[:size]] + [ordered[i : i + GRAPH_STORE_BATCH] for i in range(size, len(ordered), GRAPH_STORE_BATCH)]
            url = self._graph_store_url("graph", node.value)
            for index, part in enumerate(parts):
                body = _serialised(ox.serialize(part, format=ox.RdfFormat.N_TRIPLES))
                method = "PUT" if replace_old and index == 0 else "POST"
                self._request(method, url, content=body, headers={"Content-Type": _NT}, what=f"upload of graph {node.value}")
            return
        if replace_old:
            self._update(f"DROP SILENT GRAPH {node}", f"upload of graph {node.value}")
        if with_blanks and len(with_blanks) > UPDATE_BATCH:
            raise CybernormsError(
                f"graph {node.value} has {len(with_blanks):,} triples with blank nodes, more than one SPARQL update "
                f"of {self.url} takes; give the server's Graph Store Protocol endpoint as --store"
            )
        for start in range(0, len(ordered), UPDATE_BATCH):
            body = _serialised(ox.serialize(ordered[start : start + UPDATE_BATCH], format=ox.RdfFormat.N_TRIPLES))
            self._update(f"INSERT DATA {{ GRAPH {node} {{\n{body.decode()}}} }}", f"upload of graph {node.value}")

    # -- protocol --

    def _discover(self) -> Endpoints:
        """The first candidate layout whose query service answers ``ASK {}``, corrected by the server's name."""
        tried = []
        for candidate in self._candidates:
            response = self._request("GET", candidate.query, params={"query": "ASK {}"},
                                     headers={"Accept": ACCEPT}, what="probe", missing_ok=True, quiet=True)
            tried.append(candidate.query)
            if response is None or response.status_code >= 400:
                continue
            media = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if ox.QueryResultsFormat.from_media_type(media) is None:
                continue
            return candidate.refined(response.headers.get("server", ""))
        raise CybernormsError(
            f"no SPARQL endpoint answers at {self._candidates[0].query} (tried {', '.join(tried)}); "
            "give the server's base URL or its query endpoint (for example http://host:7878 for Oxigraph, "
            "http://host:8890/sparql for Virtuoso)"
        )

    def dataset_parameters(self, sparql: str, partners: bool = False) -> list[tuple[str, str]]:
        """The protocol's dataset parameters a query needs on this engine (none where it has a default graph).

        ``partners``: the partner graphs join the query's default graph, which only an engine whose
        default graph is a named graph (:data:`FACTS_GRAPH`, Virtuoso) can be told.
        """
        facts_graph = self.endpoints.facts_graph
        if partners and facts_graph is None:
            raise UsageError(f"the store at {self.url} cannot read the partner graphs together with the curated "
                             "facts (its default graph has no name to give beside them); name the partner graphs "
                             "with GRAPH in the query, or query a local store (--store DIR)")
        if facts_graph is None or _names_dataset(sparql):
            return []
        graphs = self.graphs()
        default = [facts_graph, *(g for g in graphs if not is_curated_graph(g))] if partners else [facts_graph]
        return [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in graphs]

    def _answer(
        self, sparql: str, params: Mapping[str, Term] | None, partners: bool = False
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        text = bind_values(sparql, params or {})
        if not self._checked:
            self.check()
        return self._post_query(text, self.dataset_parameters(text, partners))

    def _post_query(self, text: str, dataset: list[tuple[str, str]]) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        accept = ACCEPT_GRAPH if _query_form(text) in {"CONSTRUCT", "DESCRIBE"} else ACCEPT
        response = self._request(
            "POST", self.endpoints.query, content=urlencode([("query", text), *dataset]).encode("ascii"),
            headers={"Content-Type": _FORM, "Accept": accept}, what="query",
        )
        media, answer = parse_answer(response.headers.get("content-type", ""), response.content)
        if answer is None:
            raise CybernormsError(f"{self.url} answered with {media or 'no content type'}, which is not a SPARQL answer")
        if isinstance(answer, ox.QuerySolutions) and _query_form(text) == "ASK":
            return _ask_as_select(answer, self.url)
        result: ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple] = answer
        return result

    def _raw_select(self, sparql: str) -> list[tuple[Term | None, ...]]:
        """A SELECT over all of the server's graphs (no dataset parameters, no probes)."""
        return _result(self._post_query(sparql, [])).rows

    def _number(self, sparql: str) -> int:
        rows = _result(self._post_query(sparql, self.dataset_parameters(sparql))).rows
        value = rows[0][0] if rows else None
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def _ask_default(self, sparql: str) -> bool:
        return bool(_result(self._post_query(sparql, self.dataset_parameters(sparql))).boolean)

    def _update(self, sparql_update: str, step: str = "update") -> None:
        self._request(
            "POST", self.endpoints.update, content=_form("update", sparql_update),
            headers={"Content-Type": _FORM}, what=step,
        )

    def _graph_triples(self, node: ox.NamedNode) -> list[ox.Triple]:
        if not self.endpoints.graph_store:
            answer = self._post_query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}", [])
            return answer if isinstance(answer, list) else []
        return self._read_graph(self._graph_store_url("graph", node.value))

    def _read_graph(self, url: str) -> list[ox.Triple]:
        response = self._request("GET", url, headers={"Accept": _NT}, missing_ok=True, what="download of a graph")
        if response is None or response.status_code == 404:
            return []
        media = response.headers.get("content-type", _NT).split(";")[0].strip().lower()
        rdf_format = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
        return [quad.triple for quad in ox.parse(response.content, rdf_format)]

    def _graph_store_url(self, key: str, value: str | None = None) -> str:
        base = self.endpoints.graph_store or ""
        joiner = "&" if "?" in base else "?"
        return f"{base}{joiner}{key}" + (f"={quote(value, safe='')}" if value is not None else "")

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

    @overload
    def _request(self, method: str, url: str, *, content: bytes | None = ..., params: Mapping[str, str] | None = ...,
                 headers: Mapping[str, str] | None = ..., what: str = ..., missing_ok: TypingLiteral[False] = ...,
                 quiet: bool = ...) -> httpx.Response: ...

    @overload
    def _request(self, method: str, url: str, *, content: bytes | None = ..., params: Mapping[str, str] | None = ...,
                 headers: Mapping[str, str] | None = ..., what: str = ..., missing_ok: bool = ...,
                 quiet: bool = ...) -> httpx.Response | None: ...

    def _request(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        what: str = "request",
        missing_ok: bool = False,
        quiet: bool = False,
    ) -> httpx.Response | None:
        """One HTTP request; a failure is one line naming the server, the step and the fix.

        With ``quiet``, a server that cannot be reached gives None (for probing candidates).
        """
        import httpx

        try:
            response = self._http().request(method, url, content=content, params=params, headers=dict(headers or {}))
        except httpx.TimeoutException:
            raise CybernormsError(f"the SPARQL endpoint {url} did not answer the {what} within {self._timeout:g} s") from None
        except httpx.HTTPError as error:
            if quiet:
                return None
            raise CybernormsError(f"cannot reach the SPARQL endpoint {url} ({what}): {error}") from None
        if response.status_code == 404 and missing_ok:
            return response
        if response.status_code == 401:
            raise CybernormsError(
                f"{url} refused the {what} (HTTP 401): it needs credentials; give them in the URL "
                "(https://user:password@host/...)"
            )
        if response.status_code == 403:
            raise CybernormsError(
                f"{url} refused the {what} (HTTP 403): the server does not let this user do that (a read-only "
                "server, or updates not granted); give credentials in the URL (https://user:password@host/...) "
                "or grant updates (docs/stores.md)"
            )
        if response.status_code >= 400:
            if quiet:
                return response
            raise _failure(url, what, response)
        return response


def _failure(url: str, what: str, response: httpx.Response) -> CybernormsError:
    """The error for a request the server refused: what it said, and the fix where it is known."""
    message = " ".join(re.sub(r"<[^>]+>", " ", response.text).split())[:300] or response.reason_phrase
    fix = ""
    if "SPARQL_UPDATE" in message or "permission" in message.lower() or "not allowed" in message.lower():
        fix = "; the server does not let this user update: grant SPARQL update (docs/stores.md)"
    elif response.status_code in (405, 501) or "not supported" in message:
        fix = "; give the server's update or Graph Store endpoint, or its base URL (docs/stores.md)"
    error_class = UsageError if response.status_code < 500 and what == "query" else CybernormsError
    return error_class(f"the {what} failed at {url} (HTTP {response.status_code}): {message}{fix}")


def _ask_as_select(answer: ox.QuerySolutions, url: str) -> ox.QueryBoolean:
    """An ASK answered as one row of one integer (Virtuoso 7 answers ASK so, ``__ASK_RETVAL``): the boolean."""
    rows = [tuple(solution) for solution in answer]
    if not rows:  # no row: false
        rows = [(ox.Literal("0"),)]
    value = rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else None
    if not isinstance(value, ox.Literal) or value.value not in {"0", "1", "true", "false"}:
        raise CybernormsError(f"{url} answered an ASK query with rows instead of a boolean")
    boolean = b"true" if value.value in {"1", "true"} else b"false"
    parsed = ox.parse_query_results(b'{"head":{},"boolean":' + boolean + b"}", ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QueryBoolean)
    return parsed


def _result(answer: ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]) -> QueryResult:
    if isinstance(answer, list):
        return QueryResult("graph", triples=answer)
    return _materialise(answer)


def _in_dataset(graph: str) -> bool:
    """Whether a graph the server lists belongs to the dataset (not the engine's own, not the facts graph)."""
    return graph != FACTS_GRAPH and not graph.startswith(SYSTEM_GRAPH_PREFIXES)


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form, found outside strings and comments."""
    for _, token in _tokens(sparql):
        upper = token.upper()
        if upper in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
            return upper
    return "SELECT"


def _names_dataset(sparql: str) -> bool:
    """Whether the query has its own ``FROM`` or ``FROM NAMED`` (the protocol's parameters would override it)."""
    previous = ""
    for _, token in _tokens(sparql):
        if token.upper() == "FROM" and previous not in {"?", "$"}:  # not a variable ?from
            return True
        previous = token
    return False


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
    """Upload every named graph of ``source`` to ``target``, then its default graph.

    Each graph replaces the remote graph of the same name (by the Graph Store Protocol where
    the server has it, in parts it takes); other remote graphs are kept unless ``clear``
    removes the dataset's graphs first. The default graph is then replaced by the source's
    (:meth:`RemoteStore.put_facts`), and the result checked (:meth:`RemoteStore.check`). Rerunning a push
    that failed half-way finishes it. Returns the numbers of graphs and triples sent.
    """
    if clear:
        target.clear()
    names = source.graphs()
    steps = len(names) + 1
    sent = 0
    blank_graphs = []
    for index, name in enumerate(names, 1):
        triples = [quad.triple for quad in source.quads(name)]
        target.put_graph(name, triples)
        sent += len(triples)
        if is_curated_graph(name) and any(_has_blank(t) for t in triples):
            blank_graphs.append(name)
        if progress is not None:
            progress(index, steps, name)
    facts = target.put_facts(source.facts(), blank_graphs)
    if progress is not None:
        progress(steps, steps, "the default graph")
    target.check()
    expected = source.count_facts()
    if facts != expected:
        raise CybernormsError(
            f"after the push, the default graph at {target.url} holds {facts:,} facts where {expected:,} were "
            "pushed; another dataset's graphs share the server: push with --clear, or use a dataset of its own"
        )
    return len(names), sent
