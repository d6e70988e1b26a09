"""The trust boundary: what a partner's statements may not say, whatever else they pass.

A partner can add facts about anything, and can never change, remove or re-source a curated fact
(``docs/exchange.md``, "The trust boundary"). The SHACL shapes and the reasoner catch what is
malformed or contradictory; a well-formed statement can still rewrite what the curated data means.
The gate (:mod:`cybernorms.graph.partners.gate`) therefore refuses, before any other check, every
statement of four kinds, each named by its rule:

``cnsh:NoGraphStatements``
    a statement about a graph of the dataset (any IRI under ``https://w3id.org/cybernorms/graph/``, as
    subject or object), a provenance property (``cn:locator``, ``cn:quote``, ``cn:curatorJudgement``,
    ``cn:verification``, ``cn:curatorNote``, ``cn:fileName``, ``cn:sha256``) or a type of graph
    (``cn:ClaimGraph``, ``cn:PartnerGraph``): the gate alone writes a partner graph's provenance, so no
    partner fact can pass for one cited to a curated source;
``cnsh:NoSchemaStatements``
    a statement that defines or relates classes or properties (``rdfs:subClassOf``,
    ``rdfs:subPropertyOf``, ``rdfs:domain``, ``rdfs:range``, any OWL axiom; a type that is a class of
    RDF, RDFS or OWL itself, but ``owl:NamedIndividual`` and ``owl:Thing``), or whose subject is a term
    of the ontology (``cn:``, a term the ontology graph describes, RDF, RDFS, OWL, XSD): the reasoner's
    conclusions from curated data stay the ontology's;
``cnsh:NoIdentityStatements``
    ``owl:sameAs`` or ``owl:differentFrom`` with a curated entity on either side: a partner cannot merge
    two curated entities (directly or through an entity of its own) nor split one; its own entities may
    be linked to each other and to outside IRIs;
``cnsh:NoContradictingTypes``
    a type that the ontology's disjointness axioms (``owl:AllDisjointClasses``: actors, forums, norms,
    documents, events, statements, endorsements) set against a class the curated data gives the same
    entity. The reasoner, run next, finds every other contradiction.

Everything here reads the candidate's triples once and asks the store a bounded number of queries
(in batches of :data:`BATCH` IRIs), so the check costs a pass over the file, whatever its size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cybernorms.namespaces import CN, CURATED_FILTER, GRAPH, ONTOLOGY_GRAPH, PREFIXES, shorten

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

__all__ = ["BATCH", "Breach", "RULES", "breaches"]

BATCH = 500
_RDF, _RDFS, _OWL, _XSD = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"], PREFIXES["xsd"]
_TYPE = _RDF + "type"
_PROVENANCE_PROPERTIES = frozenset(CN + name for name in (
    "locator", "quote", "curatorJudgement", "verification", "curatorNote", "fileName", "sha256"))
_GRAPH_CLASSES = frozenset({CN + "ClaimGraph", CN + "PartnerGraph"})
_SCHEMA_PROPERTIES = frozenset({_RDFS + "subClassOf", _RDFS + "subPropertyOf", _RDFS + "domain", _RDFS + "range"})
_IDENTITY = frozenset({_OWL + "sameAs", _OWL + "differentFrom"})
_HARMLESS_TYPES = frozenset({_OWL + "NamedIndividual", _OWL + "Thing"})
_VOCABULARIES = (_RDF, _RDFS, _OWL, _XSD, CN)

RULES: dict[str, str] = {
    "cnsh:NoGraphStatements": "only the gate states a graph's provenance (its source, locator, checksum)",
    "cnsh:NoSchemaStatements": "classes and properties are the ontology's to define and relate",
    "cnsh:NoIdentityStatements": "a partner cannot merge or split curated entities",
    "cnsh:NoContradictingTypes": "the curated data gives this entity a class the ontology declares disjoint",
}


@dataclass(frozen=True)
class Breach:
    """One statement a partner may not make: the triple (as CURIEs), the rule and why."""

    triple: str
    rule: str
    why: str
    focus: str

    def __str__(self) -> str:
        return f"{self.triple}: {self.why} [{self.rule}]"


def breaches(store: Store, triples: Iterable[ox.Triple], *, limit: int = 50) -> list[Breach]:
    """The statements of ``triples`` that cross the trust boundary, checked against what ``store`` holds.

    At most ``limit`` are returned (a file that breaks a rule usually breaks it many times; the first ones
    say what to fix).
    """
    schema_terms = _ontology_terms(store)
    found: list[Breach] = []
    identity: list[ox.Triple] = []
    typed: list[ox.Triple] = []
    for triple in triples:
        breach = _local_breach(triple, schema_terms)
        if breach is not None:
            found.append(breach)
        elif triple.predicate.value in _IDENTITY:
            identity.append(triple)
        elif triple.predicate.value == _TYPE and isinstance(triple.object, ox.NamedNode):
            typed.append(triple)
        if len(found) >= limit:
            return found
    found += _identity_breaches(store, identity)
    found += _type_breaches(store, typed)
    return found[:limit]


def _local_breach(triple: ox.Triple, schema_terms: frozenset[str]) -> Breach | None:
    """The rule ``triple`` breaks on its own (without asking the store what is curated), if any."""
    subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
    if _names_graph(subject) or _names_graph(obj) or predicate in _PROVENANCE_PROPERTIES or (
            predicate == _TYPE and isinstance(obj, ox.NamedNode) and obj.value in _GRAPH_CLASSES):
        return _breach(triple, "cnsh:NoGraphStatements")
    if predicate in _SCHEMA_PROPERTIES or (predicate.startswith(_OWL) and predicate not in _IDENTITY):
        return _breach(triple, "cnsh:NoSchemaStatements")
    if predicate == _TYPE and isinstance(obj, ox.NamedNode) and obj.value.startswith((_RDF, _RDFS, _OWL)) \
            and obj.value not in _HARMLESS_TYPES:
        return _breach(triple, "cnsh:NoSchemaStatements")
    if isinstance(subject, ox.NamedNode) and (subject.value in schema_terms or subject.value.startswith(_VOCABULARIES)):
        return _breach(triple, "cnsh:NoSchemaStatements")
    return None


def _names_graph(term: object) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(GRAPH)


def _breach(triple: ox.Triple, rule: str, why: str | None = None) -> Breach:
    focus = triple.subject.value if isinstance(triple.subject, ox.NamedNode) else str(triple.subject)
    return Breach(_show(triple), rule, why or RULES[rule], focus)


def _show(triple: ox.Triple) -> str:
    parts = []
    for term in (triple.subject, triple.predicate, triple.object):
        text = shorten(term.value) if isinstance(term, ox.NamedNode) else str(term)
        parts.append(text if len(text) <= 80 else text[:77] + "...")
    return " ".join(parts)


def _ontology_terms(store: Store) -> frozenset[str]:
    """Every IRI the ontology graph describes (its classes, properties and the vocabularies it reuses)."""
    rows = store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} FILTER(isIRI(?s)) }}").rows
    return frozenset(row[0].value for row in rows if isinstance(row[0], ox.NamedNode))


def _identity_breaches(store: Store, identity: list[ox.Triple]) -> Iterator[Breach]:
    """``owl:sameAs`` / ``owl:differentFrom`` statements with a curated entity on either side."""
    iris = {t.value for triple in identity for t in (triple.subject, triple.object) if isinstance(t, ox.NamedNode)}
    curated = _curated_entities(store, iris)
    for triple in identity:
        sides = [t.value for t in (triple.subject, triple.object) if isinstance(t, ox.NamedNode) and t.value in curated]
        if sides:
            yield _breach(triple, "cnsh:NoIdentityStatements",
                          f"{' and '.join(shorten(s) for s in sides)} {'are' if len(sides) > 1 else 'is'} curated: "
                          "a partner cannot merge or split curated entities (state facts about the curated IRI "
                          "itself, or link only the partner's own entities)")


def _curated_entities(store: Store, iris: set[str]) -> set[str]:
    """The IRIs of ``iris`` that a curated graph states something about."""
    found: set[str] = set()
    ordered = sorted(iris)
    for start in range(0, len(ordered), BATCH):
        values = " ".join(f"<{iri}>" for iri in ordered[start : start + BATCH])
        rows = store.query(f"SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {values} }} "
                           f"GRAPH ?g {{ ?x ?p ?o }} FILTER{CURATED_FILTER.format('?g')} }}").rows
        found.update(row[0].value for row in rows if isinstance(row[0], ox.NamedNode))
    return found


def _type_breaches(store: Store, typed: list[ox.Triple]) -> Iterator[Breach]:
    """Types set against a curated class of the same entity by the ontology's disjointness axioms."""
    disjoint = _disjoint_pairs(store)
    if not disjoint or not typed:
        return
    classes = {t.object.value for t in typed if isinstance(t.object, ox.NamedNode)}
    tops = _top_classes(store, classes | {c for pair in disjoint for c in pair}, {c for pair in disjoint for c in pair})
    subjects = {t.subject.value for t in typed if isinstance(t.subject, ox.NamedNode)}
    curated_tops = _curated_tops(store, subjects, {c for pair in disjoint for c in pair})
    for triple in typed:
        if not isinstance(triple.subject, ox.NamedNode) or not isinstance(triple.object, ox.NamedNode):
            continue
        for mine in tops.get(triple.object.value, set()):
            clash = sorted(theirs for theirs in curated_tops.get(triple.subject.value, set())
                           if frozenset((mine, theirs)) in disjoint)
            if clash:
                yield _breach(triple, "cnsh:NoContradictingTypes",
                              f"the curated data makes {shorten(triple.subject.value)} a {shorten(clash[0])}, "
                              f"and the ontology declares {shorten(clash[0])} and {shorten(mine)} disjoint")
                break


def _disjoint_pairs(store: Store) -> set[frozenset[str]]:
    """The pairs of classes the ontology declares disjoint (``owl:AllDisjointClasses``, ``owl:disjointWith``)."""
    rows = store.query(f"""PREFIX owl: <{_OWL}> PREFIX rdf: <{_RDF}>
        SELECT ?a ?b WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{
          {{ ?set a owl:AllDisjointClasses ; owl:members ?list . ?list rdf:rest*/rdf:first ?a, ?b FILTER(?a != ?b) }}
          UNION {{ ?a owl:disjointWith ?b }} }} }}""").rows
    return {frozenset((a.value, b.value)) for a, b in rows if isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode)}


def _top_classes(store: Store, classes: set[str], tops: set[str]) -> dict[str, set[str]]:
    """For each class, the classes of ``tops`` it is a subclass of (itself included), by the ontology."""
    result: dict[str, set[str]] = {}
    ordered = sorted(classes)
    top_values = " ".join(f"<{t}>" for t in sorted(tops))
    for start in range(0, len(ordered), BATCH):
        values = " ".join(f"<{c}>" for c in ordered[start : start + BATCH])
        rows = store.query(f"PREFIX rdfs: <{_RDFS}> SELECT ?c ?top WHERE {{ VALUES ?c {{ {values} }} "
                           f"VALUES ?top {{ {top_values} }} GRAPH <{ONTOLOGY_GRAPH}> {{ ?c rdfs:subClassOf* ?top }} }}").rows
        for c, top in rows:
            if isinstance(c, ox.NamedNode) and isinstance(top, ox.NamedNode):
                result.setdefault(c.value, set()).add(top.value)
    return result


def _curated_tops(store: Store, subjects: set[str], tops: set[str]) -> dict[str, set[str]]:
    """For each entity, the classes of ``tops`` the curated data (asserted or inferred) gives it."""
    result: dict[str, set[str]] = {}
    ordered = sorted(subjects)
    top_values = " ".join(f"<{t}>" for t in sorted(tops))
    for start in range(0, len(ordered), BATCH):
        values = " ".join(f"<{s}>" for s in ordered[start : start + BATCH])
        rows = store.query(f"PREFIX rdfs: <{_RDFS}> SELECT DISTINCT ?x ?top WHERE {{ VALUES ?x {{ {values} }} "
                           f"VALUES ?top {{ {top_values} }} GRAPH ?g {{ ?x a ?c }} FILTER{CURATED_FILTER.format('?g')} "
                           f"GRAPH <{ONTOLOGY_GRAPH}> {{ ?c rdfs:subClassOf* ?top }} }}").rows
        for x, top in rows:
            if isinstance(x, ox.NamedNode) and isinstance(top, ox.NamedNode):
                result.setdefault(x.value, set()).add(top.value)
    return result
