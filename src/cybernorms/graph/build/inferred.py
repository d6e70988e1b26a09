"""The inferred graphs: what the reasoner found, put back into the store, kept apart by what it rests on.

Every way of reasoning over a store (``cybernorms build``, ``cybernorms reason --store``, an import
through the gate) ends the same way: the inferred graphs are replaced, at once, by the
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

import gc
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cybernorms.graph.store.rdflib_bridge import from_rdflib, to_rdflib
from cybernorms.namespaces import (
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    PARTNER_GRAPH_PREFIX,
    PARTNER_INFERRED_PREFIX,
    PREFIXES,
    PROVENANCE_GRAPH,
    is_inferred_graph,
    partner_inferred_graph,
)

if TYPE_CHECKING:
    import rdflib

    from cybernorms.graph.store.embedded import Store
    from cybernorms.ontology.reasoning import ReasoningReport

__all__ = [
    "BUILT_IN_ANNOTATIONS", "SplitInferences", "annotation_properties", "asserted", "asserted_triples", "inferred_graphs", "known_alone", "partner_sources", "replacement", "write_inferred",
]

Progress = Callable[[str], None]
Reasoner = Callable[["rdflib.Graph"], "ReasoningReport"]


def _silent(_: str) -> None:
    return None


def partner_sources(graphs: Iterable[str]) -> list[str]:
    """The partner graphs (what partners sent) among ``graphs``, sorted."""
    return sorted(g for g in graphs if g.startswith(PARTNER_GRAPH_PREFIX))


def asserted(store: Store, partners: Collection[str] | None = None, *, annotations: bool = True) -> rdflib.Graph:
    """The ontology and the asserted curated data of ``store``, with the partner graphs ``partners``
    (all of them when None), as one rdflib graph: what the reasoner reasons over.

    ``annotations=False`` leaves out the annotation assertions of individuals (:func:`annotation_properties`:
    labels, descriptions), which have no meaning for a reasoner (OWL 2 Structural Specification, section 10,
    "Annotations"; HermiT and the rules ignore them) but a third of a partner's triples; only for a reasoning
    that does not need them for its messages, one whose consistency is known (``reason(known_consistent=True)``).
    """
    return to_rdflib(asserted_triples(store, partners, annotations=annotations))


def asserted_triples(store: Store, partners: Collection[str] | None = None, *,
                     annotations: bool = True) -> Iterator[ox.Triple]:
    """The triples of :func:`asserted` (a triple stated in two graphs comes twice), read from ``store`` as they are needed."""
    graphs = store.graphs()
    sources = set(partner_sources(graphs))
    keep = sources if partners is None else set(partners)
    skip = {PROVENANCE_GRAPH, *(g for g in graphs if is_inferred_graph(g)), *(sources - keep)}
    leave_out = set() if annotations else annotation_properties(store)
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    for quad in store.quads():
        if getattr(quad.graph_name, "value", None) in skip:
            continue
        if quad.predicate in leave_out and quad.graph_name != ontology:
            continue
        yield quad.triple


#: The annotation properties OWL 2 builds in (Structural Specification, section 5.5).
BUILT_IN_ANNOTATIONS = frozenset(ox.NamedNode(PREFIXES[prefix] + local) for prefix, local in (
    ("rdfs", "label"), ("rdfs", "comment"), ("rdfs", "seeAlso"), ("rdfs", "isDefinedBy"),
    ("owl", "versionInfo"), ("owl", "deprecated"), ("owl", "priorVersion"), ("owl", "backwardCompatibleWith"),
    ("owl", "incompatibleWith")))


def annotation_properties(store: Store) -> set[ox.NamedNode]:
    """The built-in annotation properties and those the ontology of ``store`` declares ``owl:AnnotationProperty``,
    but any it also declares an object or datatype property."""
    rdf_type = ox.NamedNode(PREFIXES["rdf"] + "type")
    kinds: dict[ox.NamedNode, set[str]] = {}
    for quad in store.quads(ONTOLOGY_GRAPH):
        if quad.predicate == rdf_type and isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            kinds.setdefault(quad.subject, set()).add(quad.object.value)
    owl = PREFIXES["owl"]
    declared = {p for p, types in kinds.items() if owl + "AnnotationProperty" in types}
    reasoned = {p for p, types in kinds.items() if types & {owl + "ObjectProperty", owl + "DatatypeProperty"}}
    return (set(BUILT_IN_ANNOTATIONS) | declared) - reasoned


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
    full_inferred: bytes | None = None,
    alone: Mapping[str, Collection[ox.Triple]] | None = None,
    annotations: bool = True,
    progress: Progress = _silent,
) -> SplitInferences:
    """Reason over ``store`` and split the conclusions by what they rest on (see the module docstring).

    ``curated``: the curated inferences when already known (an import leaves the curated data as it
    was); ``full``: the reasoning over all asserted data when already done (the gate's check), and
    ``full_inferred`` its inferences when the caller has taken them out of ``full.inferred`` (as N-Triples,
    a tenth of the memory of the rdflib graph, which can then go before the partners are reasoned over
    alone); ``alone``:
    for partner graphs that have not changed, what follows from the curated data with each alone (their
    inferred graphs as the store holds them: reasoning is monotonic, so adding another partner's data
    takes nothing from them), so that only the changed partner is reasoned over by itself; ``annotations=False``:
    the partners alone are reasoned over without their annotation assertions (see :func:`asserted`), for a
    ``reason`` that knows them consistent. When the
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
    everything = _ntriples(full.inferred) if full_inferred is None else full_inferred
    if len(sources) == 1:
        graphs[partner_inferred_graph(sources[0])] = [t for t in _triples(everything) if t not in known]
        return SplitInferences(graphs, full)
    known_alone = alone or {}
    by_itself: dict[str, bytes] = {}  # what follows with each partner alone, as N-Triples until all are reasoned over
    for source in sources:
        if source not in known_alone:
            progress(f"reasoning over the curated data with {source[len(PARTNER_GRAPH_PREFIX):]} alone, "
                     "to say which partner each inference needs")
            report = reason(asserted(store, partners=(source,), annotations=annotations))
            by_itself[source] = _ntriples(report.inferred) if report.consistent else b""
            del report
            gc.collect()  # an rdflib graph is a reference cycle (its namespace manager): free it before the next
    pending = {t: t for t in _triples(everything) if t not in known}  # each fact one object, shared below
    placed: set[ox.Triple] = set()
    for source in sources:
        found = known_alone[source] if source in known_alone else _triples(by_itself.pop(source))
        follows = {pending[t] for t in found if t in pending}
        graphs[partner_inferred_graph(source)] = sorted(follows, key=str)
        placed |= follows
    together = sorted(pending.keys() - placed, key=str)
    if together:
        names = "+".join(s[len(PARTNER_GRAPH_PREFIX):] for s in sources)
        graphs[PARTNER_INFERRED_PREFIX + names] = together
    return SplitInferences(graphs, full)


def _ntriples(graph: rdflib.Graph) -> bytes:
    """``graph`` as N-Triples: a third of the memory of the same triples as pyoxigraph terms."""
    return graph.serialize(format="nt", encoding="utf-8")


def _triples(ntriples: bytes) -> Iterator[ox.Triple]:
    return (quad.triple for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)) if ntriples else iter(())


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
    """Replace the inferred graphs of ``store``, at once (:meth:`Store.replace_graphs`); the triples written.

    Takes either the graphs :func:`inferred_graphs` made, or (for a store with no partner graph)
    a report's ``inferred`` rdflib graph, which is the curated data's.
    """
    graphs = inferred if isinstance(inferred, dict) else {INFERRED_GRAPH: from_rdflib(inferred)}
    store.replace_graphs(replacement(store, graphs))
    return sum(len(t) for t in graphs.values())
