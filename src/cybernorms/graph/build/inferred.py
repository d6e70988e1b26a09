"""The inferred graphs: what the reasoner found, put back into the store, kept apart by what it rests on.

Every way of reasoning over a store (``cybernorms build``, ``cybernorms reason --store``, an import
through the gate) ends the same way: the inferred graphs are replaced, in one transaction, by the
new inferences (:func:`inferred_graphs`, then :meth:`~cybernorms.graph.store.embedded.Store.replace_graphs`).

What follows from the curated data alone goes into ``graph/inferred``
(:data:`cybernorms.namespaces.INFERRED_GRAPH`), which joins the default graph. What the reasoner infers
only once a partner's statements are added goes into that partner's inferred graph,
``graph/inferred/partner/<name>`` (:func:`cybernorms.namespaces.partner_inferred_graph`), which stays out
of the default graph like the partner's own: "inferred by the reasoner" is then always either the
curated data's conclusion or marked with the partner it needs (``docs/provenance.md``). With several
partner graphs, a fact goes to each partner with whose data alone it follows; one that needs several
partners together goes to ``graph/inferred/partner/<a>+<b>``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cybernorms.graph.store.rdflib_bridge import from_rdflib, store_graph
from cybernorms.namespaces import (
    INFERRED_GRAPH,
    PARTNER_GRAPH_PREFIX,
    PARTNER_INFERRED_PREFIX,
    PROVENANCE_GRAPH,
    is_inferred_graph,
    partner_inferred_graph,
)

if TYPE_CHECKING:
    import rdflib

    from cybernorms.graph.store.embedded import Store
    from cybernorms.ontology.reasoning import ReasoningReport

__all__ = [
    "SplitInferences", "asserted", "inferred_graphs", "known_alone", "partner_sources", "replacement", "write_inferred",
]

Progress = Callable[[str], None]
Reasoner = Callable[["rdflib.Graph"], "ReasoningReport"]


def _silent(_: str) -> None:
    return None


def partner_sources(graphs: Iterable[str]) -> list[str]:
    """The partner graphs (what partners sent) among ``graphs``, sorted."""
    return sorted(g for g in graphs if g.startswith(PARTNER_GRAPH_PREFIX))


def asserted(store: Store, partners: Collection[str] | None = None) -> rdflib.Graph:
    """The ontology and the asserted curated data of ``store``, with the partner graphs ``partners``
    (all of them when None), as one rdflib graph: what the reasoner reasons over."""
    graphs = store.graphs()
    sources = set(partner_sources(graphs))
    keep = sources if partners is None else set(partners)
    skip = {PROVENANCE_GRAPH, *(g for g in graphs if is_inferred_graph(g)), *(sources - keep)}
    return store_graph(store, skip=skip)


@dataclass(frozen=True)
class SplitInferences:
    """The inferred graphs of a store: graph IRI to its triples, and the reasoning over everything."""

    graphs: dict[str, list[ox.Triple]]
    full: ReasoningReport | None
    """None when nothing needed reasoning again (curated inferences given, no partner graph)."""


def inferred_graphs(
    store: Store,
    reason: Reasoner,
    *,
    curated: list[ox.Triple] | None = None,
    full: ReasoningReport | None = None,
    alone: Mapping[str, Collection[ox.Triple]] | None = None,
    progress: Progress = _silent,
) -> SplitInferences:
    """Reason over ``store`` and split the conclusions by what they rest on (see the module docstring).

    ``curated``: the curated inferences when already known (an import leaves the curated data as it
    was); ``full``: the reasoning over all asserted data when already done (the gate's check); ``alone``:
    for partner graphs that have not changed, what follows from the curated data with each alone (their
    inferred graphs as the store holds them: reasoning is monotonic, so adding another partner's data
    takes nothing from them), so that only the changed partner is reasoned over by itself. When the
    whole is inconsistent, ``full`` says so and every inferred graph is empty but the curated one.
    """
    if curated is None:
        progress("reasoning over the curated data (owlready2 + HermiT)")
        curated_report = reason(asserted(store, partners=()))
        curated = from_rdflib(curated_report.inferred) if curated_report.consistent else []
        if not store.graphs() or not partner_sources(store.graphs()):
            return SplitInferences({INFERRED_GRAPH: curated}, curated_report)
    sources = partner_sources(store.graphs())
    if not sources and full is None:
        return SplitInferences({INFERRED_GRAPH: curated}, None)
    if full is None:
        progress(f"reasoning over the curated data with {len(sources)} partner graph(s)")
        full = reason(asserted(store))
    graphs: dict[str, list[ox.Triple]] = {INFERRED_GRAPH: curated}
    if not sources or not full.consistent:
        return SplitInferences(graphs, full)
    known = set(curated)
    extra = [t for t in from_rdflib(full.inferred) if t not in known]
    if len(sources) == 1:
        graphs[partner_inferred_graph(sources[0])] = extra
        return SplitInferences(graphs, full)
    placed: set[ox.Triple] = set()
    pending = set(extra)
    known_alone = alone or {}
    for source in sources:
        if source in known_alone:
            follows = {t for t in known_alone[source] if t in pending}
        else:
            progress(f"reasoning over the curated data with {source[len(PARTNER_GRAPH_PREFIX):]} alone, "
                     "to say which partner each inference needs")
            by_itself = reason(asserted(store, partners=(source,)))
            follows = {t for t in from_rdflib(by_itself.inferred) if t in pending} if by_itself.consistent else set()
        graphs[partner_inferred_graph(source)] = sorted(follows, key=str)
        placed |= follows
    together = sorted(pending - placed, key=str)
    if together:
        names = "+".join(s[len(PARTNER_GRAPH_PREFIX):] for s in sources)
        graphs[PARTNER_INFERRED_PREFIX + names] = together
    return SplitInferences(graphs, full)


def known_alone(store: Store, unchanged: Iterable[str]) -> dict[str, list[ox.Triple]]:
    """What follows from the curated data with each of the ``unchanged`` partner graphs alone, as ``store``
    holds it: the partner's inferred graph, where the store has one (for :func:`inferred_graphs`'s ``alone``).

    A partner without an inferred graph in ``store`` is left out (reasoned over again): an absent graph may
    mean nothing follows, or that it was never reasoned over.
    """
    graphs = set(store.graphs())
    return {source: [q.triple for q in store.quads(partner_inferred_graph(source))]
            for source in unchanged if partner_inferred_graph(source) in graphs}


def replacement(store: Store, graphs: dict[str, list[ox.Triple]]) -> dict[str, list[ox.Triple]]:
    """``graphs`` plus an empty entry for each inferred graph of ``store`` it no longer has (to remove)."""
    stale: dict[str, list[ox.Triple]] = {g: [] for g in store.graphs() if is_inferred_graph(g) and g not in graphs}
    return {**graphs, **stale}


def write_inferred(store: Store, inferred: rdflib.Graph | dict[str, list[ox.Triple]]) -> int:
    """Replace the inferred graphs of ``store``, in one transaction; the triples written.

    Takes either the graphs :func:`inferred_graphs` made, or (for a store with no partner graph)
    a report's ``inferred`` rdflib graph, which is the curated data's.
    """
    graphs = inferred if isinstance(inferred, dict) else {INFERRED_GRAPH: from_rdflib(inferred)}
    store.replace_graphs(replacement(store, graphs))
    return sum(len(t) for t in graphs.values())
