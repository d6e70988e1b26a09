"""SHACL over the nodes a change touches, a bounded number of nodes at a time.

The import gate asks whether a partner's triples bring in a violation the data did not have
(:mod:`cybernorms.graph.partners.gate`). With the packaged shapes (``shapes.ttl``), whether a node conforms
rests only on the node's own triples (its types, its values along IRI paths, compared with each other) and
on the types of its values (``sh:class``), read with the ontology's class hierarchy (a target or an
``sh:class`` reaches the instances of subclasses). So the only nodes whose results a change can alter are
the subjects of its triples and the subjects of triples whose value is one of those (the value's types may
have changed): :func:`touched`. :func:`violations_of` validates them :data:`CHUNK` at a time, each chunk
against a graph of the ontology, the chunk's own triples and the types of their values, and keeps the
results about the chunk's nodes: the whole graph is never one rdflib graph (1.6 KB a triple), which for a
50 MB partner file took 1.4 GB.

:func:`node_local` checks that the shapes use only such constraints (no ``sh:node``, no inverse or
sequence paths, no ``sh:targetObjectsOf``, no SPARQL); when they use others, the caller validates the whole
graph. Blank nodes are named for the check (``urn:x-cybernorms:bnode:<id>``), so that a result about one
is kept only when the node is in the chunk; the result names it ``_:<id>``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cybernorms.graph.checks.shacl import Violation, run_shacl
from cybernorms.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, shorten

if TYPE_CHECKING:
    import rdflib

    from cybernorms.graph.store.embedded import OxigraphStore

__all__ = ["CHUNK", "node_local", "touched", "violations_of"]

#: How many nodes one pySHACL run validates.
CHUNK = 20_000
_SH = PREFIXES["sh"]
#: The SHACL terms whose results rest on a node's own triples and its values' types only.
LOCAL_TERMS = frozenset(_SH + name for name in (
    "NodeShape", "PropertyShape", "property", "path", "targetClass", "targetSubjectsOf", "class", "datatype",
    "minCount", "maxCount", "minLength", "maxLength", "minInclusive", "maxInclusive", "minExclusive",
    "maxExclusive", "pattern", "flags", "in", "hasValue", "or", "and", "not", "lessThan", "lessThanOrEquals",
    "equals", "disjoint", "nodeKind", "languageIn", "uniqueLang", "message", "name", "description", "severity",
    "deactivated", "order", "group", "Violation", "Warning", "Info", "IRI", "BlankNode", "Literal",
    "BlankNodeOrIRI", "IRIOrLiteral", "BlankNodeOrLiteral"))
_SKOLEM = "urn:x-cybernorms:bnode:"
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_SKIPPED = ox.NamedNode(INFERRED_GRAPH)

Node = ox.NamedNode | ox.BlankNode
Progress = Callable[[str], None]


def _silent(_: str) -> None:
    return None


def node_local(shapes: rdflib.Graph) -> bool:
    """Whether every SHACL term of ``shapes`` is one of :data:`LOCAL_TERMS` and every ``sh:path`` an IRI."""
    import rdflib

    path = rdflib.URIRef(_SH + "path")
    for s, p, o in shapes:
        for term in (p, o):
            if isinstance(term, rdflib.URIRef) and str(term).startswith(_SH) and str(term) not in LOCAL_TERMS:
                return False
        if p == path and not isinstance(o, rdflib.URIRef):
            return False
    return True


def touched(store: OxigraphStore, triples: Iterable[ox.Triple]) -> set[Node]:
    """The nodes whose SHACL results ``triples`` (already in ``store``) can change: their subjects, and the
    subjects of the triples of ``store`` whose value is one of those."""
    engine = store.engine
    subjects: set[Node] = {t.subject for t in triples if isinstance(t.subject, (ox.NamedNode, ox.BlankNode))}
    pointing = {quad.subject for node in subjects for quad in engine.quads_for_pattern(None, None, node)
                if isinstance(quad.subject, (ox.NamedNode, ox.BlankNode))}
    return subjects | pointing


def violations_of(store: OxigraphStore, nodes: Iterable[Node], *, chunk: int = CHUNK,
                  progress: Progress = _silent) -> list[Violation]:
    """The SHACL violations of ``nodes`` in the validation union of ``store`` (every graph but
    ``graph/inferred``), found :data:`CHUNK` nodes at a time; valid only for :func:`node_local` shapes."""
    ordered = sorted(nodes, key=str)
    ontology = [q.triple for q in store.engine.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH))]
    found: list[Violation] = []
    for start in range(0, len(ordered), chunk):
        part = ordered[start:start + chunk]
        if len(ordered) > chunk:
            progress(f"checking the SHACL shapes: nodes {start + 1:,}-{start + len(part):,} of {len(ordered):,}")
        found += _chunk_violations(store, part, ontology)
        gc.collect()  # the chunk's rdflib graphs are reference cycles: free them before the next chunk's
    return found


def _chunk_violations(store: OxigraphStore, part: list[Node], ontology: list[ox.Triple]) -> list[Violation]:
    from cybernorms.graph.store.rdflib_bridge import to_rdflib

    names = {_name(node) for node in part}
    violations, _report = run_shacl(to_rdflib([*ontology, *_chunk_triples(store, part)]))
    return [_unskolemised(v) for v in violations if v.focus in names]


def _chunk_triples(store: OxigraphStore, part: list[Node]) -> Iterator[ox.Triple]:
    """The triples of ``part`` and the types of their values, blank nodes named."""
    engine = store.engine
    values: set[Node] = set()
    for node in part:
        for quad in engine.quads_for_pattern(node, None, None):
            if quad.graph_name == _SKIPPED or isinstance(quad.graph_name, ox.DefaultGraph):
                continue
            if isinstance(quad.object, (ox.NamedNode, ox.BlankNode)):
                values.add(quad.object)
            yield ox.Triple(_named(quad.subject), quad.predicate, _skolem(quad.object))
    for value in values:
        for quad in engine.quads_for_pattern(value, _RDF_TYPE, None):
            if quad.graph_name != _SKIPPED and not isinstance(quad.graph_name, ox.DefaultGraph):
                yield ox.Triple(_named(value), _RDF_TYPE, quad.object)


def _named(node: ox.NamedNode | ox.BlankNode | ox.Triple) -> ox.NamedNode | ox.Triple:
    return ox.NamedNode(_SKOLEM + node.value) if isinstance(node, ox.BlankNode) else node


def _skolem(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> ox.NamedNode | ox.Literal | ox.Triple:
    return _named(term) if isinstance(term, (ox.BlankNode, ox.NamedNode, ox.Triple)) else term


def _name(node: Node) -> str:
    """How a result of the chunk's graph names ``node`` (:attr:`Violation.focus`)."""
    return shorten(_SKOLEM + node.value if isinstance(node, ox.BlankNode) else node.value)


def _unskolemised(violation: Violation) -> Violation:
    if not violation.focus.startswith(_SKOLEM):
        return violation
    return Violation("_:" + violation.focus[len(_SKOLEM):], violation.path, violation.message, violation.shape,
                     violation.severity)
