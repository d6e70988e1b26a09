"""One search index per dataset, in memory, rebuilt when the dataset changes: :func:`searcher_for`.

The index is never written to disk, so no copy of it can go stale after ``import``, ``load`` or
``reason``. Within a process it is kept per store and per ``--as-of`` day, with the dataset's
fingerprint, as the build cache keys the dataset by its content (:func:`fingerprint`: the named
graphs and the number of quads; any ``import``, ``load``, ``reason`` or partner removal changes one of
them), and built again when the fingerprint differs.
"""

from __future__ import annotations

import datetime as _dt
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cybernorms.search.extract import entries
from cybernorms.search.index import SearchIndex
from cybernorms.search.similar import Alignment, alignments

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

__all__ = ["Searcher", "build_searcher", "fingerprint", "searcher_for"]

_KEPT = 8
_KEPT_SEARCHERS: OrderedDict[tuple[int, str], tuple[tuple[int, tuple[str, ...]], Searcher]] = OrderedDict()


@dataclass
class Searcher:
    """The search index of one dataset and its curated alignments."""

    index: SearchIndex
    alignments: dict[frozenset[str], Alignment]


def fingerprint(store: Store) -> tuple[int, tuple[str, ...]]:
    """What identifies a dataset's content for the index: its number of quads and its named graphs."""
    return len(store), tuple(sorted(store.graphs()))


def build_searcher(store: Store) -> Searcher:
    """A new index of ``store`` (read through SPARQL), with its alignments."""
    return Searcher(SearchIndex(entries(store)), alignments(store))


def searcher_for(store: Store, day: _dt.date | str | None = None) -> Searcher:
    """The index of ``store`` (as of ``day``), built now or kept from an earlier call on the same content."""
    from cybernorms.graph.as_of import as_of, parse_day

    when = parse_day(day).isoformat() if day is not None else ""
    key = (id(store), when)
    current = fingerprint(store)
    kept = _KEPT_SEARCHERS.get(key)
    if kept is not None and kept[0] == current:
        _KEPT_SEARCHERS.move_to_end(key)
        return kept[1]
    if kept is not None:
        kept[1].index.close()
    searcher = build_searcher(as_of(store, when) if when else store)
    _KEPT_SEARCHERS[key] = (current, searcher)
    while len(_KEPT_SEARCHERS) > _KEPT:
        _, (_, old) = _KEPT_SEARCHERS.popitem(last=False)
        old.index.close()
    return searcher
