"""The store: one interface over a dataset of named graphs, and the one way to open it.

:class:`Store` is the interface every unit reads and writes through
(:mod:`cybernorms.graph.store.embedded`); :class:`OxigraphStore` holds the dataset in
memory or on disk, :class:`RemoteStore` at a SPARQL endpoint
(:mod:`cybernorms.graph.store.remote`). :func:`open_store` turns a ``--store`` value into
one of them, and :func:`is_store_url` (:mod:`cybernorms.graph.store.location`) is the one
answer to "is this ``--store`` value an endpoint URL?".

Importing this package is cheap: the classes are loaded when first asked for, so that the
command line can import the option code of :mod:`cybernorms.graph.store.load` without an
RDF engine (``cybernorms --help``); no HTTP client and no rdflib are loaded with them
(:mod:`cybernorms.graph.store.rdflib_bridge` converts to rdflib when asked).
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING

from cybernorms.graph.store.location import is_store_url

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import OxigraphStore, QueryResult, Store, Term, term_from_text
    from cybernorms.graph.store.remote import RemoteStore

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

_LAZY = {
    "OxigraphStore": "embedded",
    "QueryResult": "embedded",
    "RemoteStore": "remote",
    "Store": "embedded",
    "Term": "embedded",
    "term_from_text": "embedded",
}


def __getattr__(name: str) -> object:
    """Load a re-exported name from its module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def open_store(
    path: str | os.PathLike[str] | None = None, *, read_only: bool = False
) -> OxigraphStore | RemoteStore:
    """The store a command works on: at an http(s) SPARQL endpoint (``--store URL``), on disk
    at ``path`` (``--store DIR``), else (no ``--store``) a new one in memory."""
    from cybernorms.graph.store.embedded import OxigraphStore
    from cybernorms.graph.store.remote import RemoteStore

    if path is None:
        return OxigraphStore.memory()
    if is_store_url(path):
        return RemoteStore.from_url(str(path))
    return OxigraphStore.open(path, read_only=read_only)
