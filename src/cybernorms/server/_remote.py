"""A query process's engine for ``--store URL``: a remote SPARQL 1.1 endpoint.

It answers like a pyoxigraph store (``query`` returns ``QuerySolutions``, ``QueryBoolean``
or triples; ``named_graphs``), so the query process treats both alike: the server's
limits (timeout by killing the process, row cap, refused ``SERVICE``) hold in front of
any endpoint. Queries go by the SPARQL 1.1 Protocol (URL-encoded POST), with
``default-graph-uri`` and ``named-graph-uri`` passed on; answers are read as SPARQL JSON
or N-Triples by pyoxigraph's parsers. Parameters are bound by
:func:`cybernorms.graph.store.remote.bind_values` (a ``VALUES`` block), as the remote store does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from cybernorms.graph.store.remote import parse_answer

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_FORM = "application/x-www-form-urlencoded"
_UPSTREAM_TIMEOUT = 3600.0  # the server kills the process at the query's own timeout


class RemoteEngine:
    """The endpoint at ``url`` (its query, update and graph store URLs as the remote store finds them)."""

    def __init__(self, url: str) -> None:
        import httpx

        from cybernorms.graph.store.remote import RemoteStore

        self.store = RemoteStore.from_url(url)
        self.store.check()  # a store whose answers cannot be trusted is refused before serving it
        parts = urlsplit(url)
        auth = None
        if "@" in parts.netloc:
            userinfo = parts.netloc.rpartition("@")[0]
            user, _, password = userinfo.partition(":")
            auth = (unquote(user), unquote(password))
        self.query_url = self.store.endpoints.query
        clean = urlsplit(self.query_url)
        self.query_url = urlunsplit((clean.scheme, clean.netloc.rpartition("@")[2], clean.path, clean.query, ""))
        self._client = httpx.Client(auth=auth, timeout=_UPSTREAM_TIMEOUT, follow_redirects=False)

    def close(self) -> None:
        """Close both HTTP connections (the store's and the one queries go through)."""
        self._client.close()
        self.store.close()

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        return iter(ox.NamedNode(g) for g in self.store.graphs())

    def query(
        self,
        query: str,
        *,
        substitutions: dict[ox.Variable, Any] | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
    ) -> Any:
        """Run ``query`` at the endpoint; syntax errors come back as ``SyntaxError``."""
        from cybernorms.errors import CybernormsError
        from cybernorms.graph.store.remote import bind_values

        if substitutions:
            try:
                query = bind_values(query, {variable.value: term for variable, term in substitutions.items()})
            except CybernormsError as error:
                raise SyntaxError(error.message) from None
        form: list[tuple[str, str]] = [("query", query)]
        form += [("default-graph-uri", g.value) for g in default_graph or []]
        form += [("named-graph-uri", g.value) for g in named_graphs or []]
        if default_graph is None and named_graphs is None:  # the dataset as the store reads it (Virtuoso: its facts graph)
            form += self.store.dataset_parameters(query)
        response = self._client.post(
            self.query_url, content=urlencode(form).encode(), headers={"Content-Type": _FORM, "Accept": _ACCEPT}
        )
        if response.status_code == 400:
            said = " ".join(response.text.split())[:300]
            raise SyntaxError(f"the endpoint refused the query as malformed: {said}" if said else
                              "the endpoint refused the query as malformed")
        if response.status_code >= 300:
            raise RuntimeError(f"the endpoint answered HTTP {response.status_code}")
        media, answer = parse_answer(response.headers.get("content-type", ""), response.content)
        if answer is None:
            raise RuntimeError(f"the endpoint answered with {media or 'no content type'}")
        return iter(answer) if isinstance(answer, list) else answer
