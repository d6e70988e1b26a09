"""The facets of a search: kind, document, category, actor type and year, their values and counts.

A facet value is given as a reader knows it and read into the index's own key: a document by IRI, CURIE
(``doc:coc``), id (``document/coc``) or short name (``CoC``); a category by IRI, CURIE or numeral
(``III``); a kind, actor type or year as listed. An unknown value is a :class:`UsageError` that lists the
known ones. Counts follow the usual rule of faceted search: a facet's counts are those of the search
with every *other* facet's filter applied, so that a reader sees what choosing another value would give;
the :data:`MAX_VALUES` most frequent values of each facet are given (the latest years).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cybernorms.errors import UsageError
from cybernorms.namespaces import iri_candidates, shorten
from cybernorms.search.extract import Entry

__all__ = ["FACETS", "MAX_VALUES", "FacetCount", "Filters", "Keys", "count_facets", "facet_key", "keep", "resolve_filters"]

#: The facets, in the order they are shown.
FACETS: tuple[str, ...] = ("kind", "document", "category", "actor_type", "year")

#: At most this many values of a facet are counted out (the most frequent; for years, the latest).
MAX_VALUES = 50
#: ``{facet: value}`` of the chosen filters, each value the index's key (see :func:`facet_key`).
Filters = Mapping[str, str]


@dataclass(frozen=True)
class FacetCount:
    """One value of a facet: its key, what is shown, and how many hits have it."""

    value: str
    label: str
    count: int


def facet_key(entry: Entry, facet: str) -> str | None:
    """The entry's value of one facet (``None`` when it has none)."""
    if facet == "kind":
        return entry.kind
    if facet == "document":
        return entry.document
    if facet == "category":
        return entry.category
    if facet == "actor_type":
        return entry.actor_type
    if facet == "year":
        return entry.year or None
    raise KeyError(facet)


def facet_label(entry: Entry, facet: str) -> str:
    """How the entry's value of one facet is shown."""
    if facet == "document":
        return entry.document_label
    if facet == "category":
        return entry.category_label or shorten(entry.category or "")
    return facet_key(entry, facet) or ""


def _resolve(facet: str, text: str, known: Mapping[str, str]) -> str:
    """The key of one facet value given as text, or a one-line error listing the known values."""
    wanted = text.strip()
    if facet in ("document", "category"):
        for iri in iri_candidates(wanted):
            if iri in known:
                return iri
        by_label = {label.casefold(): key for key, label in known.items()}
        by_label.update({shorten(key).rsplit(":", 1)[-1].casefold(): key for key in known})
        if wanted.casefold() in by_label:
            return by_label[wanted.casefold()]
    elif wanted.casefold() in {k.casefold() for k in known}:
        return next(k for k in known if k.casefold() == wanted.casefold())
    shown = sorted({known[k] if facet in ("document", "category") else k for k in known}, key=str.casefold)
    listing = ", ".join(shown[:30]) + (f", … ({len(shown)} in all)" if len(shown) > 30 else "")
    option = "--" + facet.replace("_", "-")
    raise UsageError(f"{option} {text!r} is not a known {facet.replace('_', ' ')}; known: {listing or 'none'}")


def resolve_filters(given: Mapping[str, str | None], known: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The chosen filters as index keys; ``known`` is ``{facet: {key: label}}`` of the whole index."""
    chosen: dict[str, str] = {}
    for facet, text in given.items():
        if facet not in FACETS:
            raise UsageError(f"unknown facet {facet!r}; the facets are {', '.join(FACETS)}")
        if text is None or str(text).strip() == "":
            continue
        chosen[facet] = _resolve(facet, str(text), known.get(facet, {}))
    return chosen


def passes(entry: Entry, filters: Filters, *, skip: str | None = None) -> bool:
    """Whether the entry has every chosen value (but the ``skip`` facet's)."""
    return all(facet_key(entry, f) == v for f, v in filters.items() if f != skip)


#: Every entry's value of each facet, by row: ``{facet: [key or None, ...]}``.
Keys = Mapping[str, Sequence[str | None]]


def keep(keys: Keys, rows: Sequence[int], filters: Filters, *, skip: str | None = None) -> list[int]:
    """The rows that have every chosen value (but the ``skip`` facet's), in their order."""
    kept = list(rows)
    for facet, value in filters.items():
        if facet != skip:
            column = keys[facet]
            kept = [row for row in kept if column[row] == value]
    return kept


def count_facets(keys: Keys, labels: Mapping[str, Mapping[str, str]], rows: Sequence[int],
                 filters: Filters) -> dict[str, list[FacetCount]]:
    """Every facet's values among the rows, with counts, most frequent first (years newest first)."""
    everything = keep(keys, rows, filters)
    result: dict[str, list[FacetCount]] = {}
    for facet in FACETS:
        counted = keep(keys, rows, filters, skip=facet) if facet in filters else everything
        counts = Counter(map(keys[facet].__getitem__, counted))
        counts.pop(None, None)
        named = labels.get(facet, {})
        if facet == "year":
            order = sorted((k for k in counts if k is not None), reverse=True)[:MAX_VALUES]
        else:
            common = [k for k, _ in counts.most_common(MAX_VALUES) if k is not None]
            order = sorted(common, key=lambda k: (-counts[k], named.get(k, k).casefold()))
        result[facet] = [FacetCount(k, named.get(k, k), counts[k]) for k in order]
    return result
