"""Search: ranked keyword search over the whole dataset, with facets and snippets, and similar norms.

Issue 17. One index over every kind of thing with a label or a text (:mod:`~cybernorms.search.extract`),
built from the store through SPARQL into SQLite FTS5 in memory (:mod:`~cybernorms.search.fts`,
:mod:`~cybernorms.search.index`) and kept per dataset (:mod:`~cybernorms.search.cache`); queries as
people type them (:mod:`~cybernorms.search.syntax`); facets (:mod:`~cybernorms.search.facets`); the
norms of other documents that say the same thing (:mod:`~cybernorms.search.similar`); and the measured
quality on a judged set of analyst queries and on the curated alignments
(:mod:`~cybernorms.search.quality`). The command line, the Python API and the server use it:
``cybernorms search``, ``kg.search``, ``/api/search`` (docs/search.md).
"""

from __future__ import annotations

from cybernorms.search.cache import Searcher, build_searcher, searcher_for
from cybernorms.search.facets import FACETS, FacetCount, resolve_filters
from cybernorms.search.index import Hit, SearchIndex, SearchResult
from cybernorms.search.similar import Similar

__all__ = [
    "FACETS",
    "FacetCount",
    "Hit",
    "SearchIndex",
    "SearchResult",
    "Searcher",
    "Similar",
    "build_searcher",
    "resolve_filters",
    "run_search",
    "run_similar",
    "searcher_for",
]


def run_search(searcher: Searcher, text: str, facets: dict[str, str | None], *, limit: int = 20,
               offset: int = 0) -> SearchResult:
    """Search ``text`` with the facet values given as a reader gives them (see :mod:`~cybernorms.search.facets`)."""
    if not text or not text.strip():
        _raise_empty()
    filters = resolve_filters(facets, searcher.index.known)
    return searcher.index.search(text, filters, limit=limit, offset=offset)


def run_similar(searcher: Searcher, norm: str, *, limit: int = 10) -> list[Similar]:
    """The norms similar to ``norm`` (an IRI, CURIE or id)."""
    if not norm or not norm.strip():
        from cybernorms.errors import UsageError

        raise UsageError("give a norm as an IRI, a CURIE (norm:coc-1) or an id (norm/coc-1)")
    from cybernorms.search.similar import similar

    return similar(searcher.index, norm, searcher.alignments, limit=limit)


def _raise_empty() -> None:
    """The error for an empty search text."""
    from cybernorms.errors import UsageError

    raise UsageError("the search text is empty: give one or more words, a \"quoted phrase\" or a prefix* "
                     "(see docs/search.md)")
