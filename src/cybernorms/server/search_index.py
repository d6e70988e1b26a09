"""The search index of the dataset the server serves: built once, on the first search, and kept.

The server serves a pinned dataset (:func:`cybernorms.server.app.data_source`: the cache file as it was
when the server started, a read-only on-disk store, or a remote endpoint) that does not change while
it runs, so its index is built once from the same source, in a thread so that the server keeps
answering meanwhile, and kept in memory; an ``as_of`` day gets its own index, built from the dataset as
it stood that day, and the last :data:`KEPT_DAYS` days' are kept. Nothing is written to disk.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from cybernorms.server.state import server_state

if TYPE_CHECKING:
    from starlette.requests import Request

    from cybernorms.graph.store.embedded import Store
    from cybernorms.search import Searcher, Similar

__all__ = ["KEPT_DAYS", "ServedSearch", "served_search", "similar_norms"]

KEPT_DAYS = 8


def open_source(source: str) -> Store:
    """A store over the served source (``nq:FILE``, ``dir:DIR`` or ``url:URL``), read-only."""
    from cybernorms.graph.store.embedded import OxigraphStore

    kind, _, where = source.partition(":")
    if kind == "nq":
        store = OxigraphStore.memory()
        store.load(Path(where), "nq")
        return store
    if kind == "dir":
        return OxigraphStore.open(Path(where), read_only=True)
    if kind == "url":
        from cybernorms.graph.store.remote import RemoteStore

        return RemoteStore.from_url(where)
    raise ValueError(f"unknown data source {source!r}")


class ServedSearch:
    """The served dataset's search indexes: the whole dataset's, and one per ``as_of`` day asked for."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._store: Store | None = None
        self._searchers: OrderedDict[str, Searcher] = OrderedDict()
        self._lock = asyncio.Lock()

    async def searcher(self, day: str | None = None) -> Searcher:
        """The index of the dataset (as of ``day``, ``YYYY-MM-DD``), built now if it is not kept."""
        key = day or ""
        kept = self._searchers.get(key)
        if kept is not None:
            self._searchers.move_to_end(key)
            return kept
        async with self._lock:
            kept = self._searchers.get(key)
            if kept is None:
                kept = await asyncio.to_thread(self._build, day)
                self._searchers[key] = kept
                while len(self._searchers) > KEPT_DAYS + 1:
                    oldest = next(k for k in self._searchers if k)
                    self._searchers.pop(oldest).index.close()
            return kept

    def _build(self, day: str | None) -> Searcher:
        from cybernorms.graph.as_of import as_of
        from cybernorms.search import build_searcher

        if self._store is None:
            self._store = open_source(self.source)
        if day:
            with as_of(self._store, day) as then:
                return build_searcher(then)
        return build_searcher(self._store)


def served_search(request: Request) -> ServedSearch:
    """The application's :class:`ServedSearch`, made on first use from the served source."""
    app_state = request.app.state
    found: ServedSearch | None = getattr(app_state, "served_search", None)
    if found is None:
        found = ServedSearch(server_state(request).pool.source)
        app_state.served_search = found
    return found


async def similar_norms(request: Request, iri: str, limit: int = 10) -> list[Similar]:
    """The norms similar to ``iri`` for its page, or none when it is no norm of the index."""
    from cybernorms.search.similar import similar

    searcher = await served_search(request).searcher()
    row = searcher.index.by_iri.get(iri)
    if row is None or searcher.index.entries[row].kind != "norm":
        return []
    return similar(searcher.index, iri, searcher.alignments, limit=limit)
