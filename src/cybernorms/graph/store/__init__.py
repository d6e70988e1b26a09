"""The store: one interface over a dataset of named graphs, and the one way to open it.

:class:`Store` is the interface every unit reads and writes through
(:mod:`cybernorms.graph.store.embedded`); :class:`OxigraphStore` holds the dataset in
memory or on disk, :class:`RemoteStore` at a SPARQL endpoint
(:mod:`cybernorms.graph.store.remote`). :func:`open_store` turns a ``--store`` value into
one of them, and :func:`is_store_url` is the one answer to "is this ``--store`` value an
endpoint URL?". Importing this package loads pyoxigraph but neither an HTTP client nor
rdflib (:mod:`cybernorms.graph.store.rdflib_bridge` converts to rdflib when asked).
"""

from __future__ import annotations

import os

from cybernorms.graph.store.embedded import OxigraphStore, QueryResult, Store, Term, term_from_text
from cybernorms.graph.store.remote import RemoteStore, is_store_url

__all__ = [
    "OxigraphStore",
    "QueryResult",
    "RemoteStore",
    "Store",
    "Term",
    "is_store_url",
    "open_store",
    "term_from_text",
]


def open_store(
    path: str | os.PathLike[str] | None = None, *, read_only: bool = False
) -> OxigraphStore | RemoteStore:
    """The store a command works on: at an http(s) SPARQL endpoint (``--store URL``), on disk
    at ``path`` (``--store DIR``), else (no ``--store``) a new one in memory."""
    if path is None:
        return OxigraphStore.memory()
    if is_store_url(path):
        return RemoteStore.from_url(str(path))
    return OxigraphStore.open(path, read_only=read_only)
