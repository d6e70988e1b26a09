"""The individuals' types and property values by the rules of OWL 2 RL, for inputs too large to realise.

HermiT's realisation (every named type of every individual and every object property value, which is what
owlready2 asks of it) ran for more than 1,100 s on the curated data with a 50 MB partner file, when its
consistency check of the same input takes 15 s (``docs/benchmarks.md``). Above
:data:`cybernorms.ontology.reasoning.REALISE_AT_MOST` triples, :func:`cybernorms.ontology.reasoning.reason`
therefore has HermiT check consistency and classify the classes, both exact, and derives the individuals'
types and values with :func:`closure`: the rules of OWL 2 RL (W3C, *OWL 2 Web Ontology Language Profiles*,
https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules, tables 4 to 9) that the
ontology's axioms call for, run to a fixpoint:

* prp-dom and prp-rng: the domains and ranges of a property and of its super-properties;
* prp-spo1, prp-inv1/2, prp-symp, prp-trp and prp-spo2: values closed under sub-properties, inverses,
  symmetry, transitivity and chains (:func:`cybernorms.ontology.reasoning.close_values`);
* cax-sco and cax-eqc: types up the class hierarchy, HermiT's classification included;
* cls-hv1: a class under an ``owl:hasValue`` restriction gives its members that value (a state's
  stakeholder group is ``stakeholder-group/states``);
* cls-int1, cls-uni, cls-svf1, cls-svf2 and cls-hv2: a class defined by an intersection, a union, an
  ``owl:someValuesFrom`` or an ``owl:hasValue`` of these (``cn:MultiStakeholderForum``,
  ``cn:NormEntrepreneur``, ``cn:ContestedNorm``) gets every individual that meets its definition.

Every rule is sound, so every type and value found is one HermiT finds too. What the rules cannot find is
:data:`RULES_LOST`; the tests compare both engines on the shipped partner data and on a file that calls on
every rule (``tests/ontology/test_rules.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Set as AbstractSet
from dataclasses import dataclass, field
from typing import Protocol

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

__all__ = ["RULES_LOST", "Axioms", "closure"]

#: What the rules do not find that HermiT's realisation would.
RULES_LOST = (
    "types that only reasoning by cases gives (an individual in the domain or range of a property whose "
    "domain or range is an owl:unionOf, placed in one member because it is disjoint from the others), and "
    "types or values that rest on the unnamed individuals an owl:someValuesFrom in a superclass requires"
)

Node = rdflib.term.Node
Triple = tuple[Node, Node, Node]
Up = Callable[[Node], set[Node]]
_MAX_DEPTH = 32


class Axioms(Protocol):
    """What the rules read of the input, indexed (:class:`cybernorms.ontology.reasoning.AxiomIndex` is one)."""

    @property
    def graph(self) -> rdflib.Graph: ...

    @property
    def classes(self) -> AbstractSet[Node]: ...

    @property
    def object_properties(self) -> AbstractSet[Node]: ...

    def properties_up(self, p: Node) -> set[Node]:
        """A property and all its super-properties."""


@dataclass(frozen=True)
class _Class:
    node: Node


@dataclass(frozen=True)
class _All:
    parts: tuple[Expression, ...]


@dataclass(frozen=True)
class _Any:
    parts: tuple[Expression, ...]


@dataclass(frozen=True)
class _Some:
    prop: Node
    inverse: bool
    filler: Expression | None  # None: owl:Thing


@dataclass(frozen=True)
class _Value:
    prop: Node
    inverse: bool
    value: Node


@dataclass(frozen=True)
class _Unknown:
    """A construct the rules do not evaluate (owl:allValuesFrom, cardinalities, ...): never met."""


Expression = _Class | _All | _Any | _Some | _Value | _Unknown


@dataclass
class _Compiled:
    """The ontology's axioms as the rules use them."""

    defined: list[tuple[Node, Expression]] = field(default_factory=list)
    """Each named class with a condition that makes an individual a member (cls-int1, cls-svf1, ...)."""
    has_values: dict[Node, list[_Value]] = field(default_factory=lambda: defaultdict(list))
    """Each named class with the values its members have (cls-hv1)."""
    domains: dict[Node, set[Node]] = field(default_factory=dict)
    ranges: dict[Node, set[Node]] = field(default_factory=dict)


def _property(graph: rdflib.Graph, node: Node) -> tuple[Node | None, bool]:
    if isinstance(node, URIRef):
        return node, False
    inverse = graph.value(node, OWL.inverseOf)
    return (inverse, True) if isinstance(inverse, URIRef) else (None, False)


def _expression(graph: rdflib.Graph, node: Node, depth: int = 0) -> Expression:
    """The class expression ``node`` of ``graph``, as far as the rules evaluate it."""
    if isinstance(node, URIRef):
        return _All(()) if node == OWL.Thing else _Class(node)
    if depth > _MAX_DEPTH:
        return _Unknown()
    for constructor, kind in ((OWL.intersectionOf, _All), (OWL.unionOf, _Any)):
        members = graph.value(node, constructor)
        if members is not None:
            return kind(tuple(_expression(graph, m, depth + 1) for m in graph.items(members)))
    prop, inverse = _property(graph, graph.value(node, OWL.onProperty) or BNode())
    if prop is None:
        return _Unknown()
    filler = graph.value(node, OWL.someValuesFrom)
    if filler is not None:
        inner = _expression(graph, filler, depth + 1)
        return _Some(prop, inverse, None if inner == _All(()) else inner)
    value = graph.value(node, OWL.hasValue)
    return _Value(prop, inverse, value) if value is not None else _Unknown()


def _necessary_values(expression: Expression) -> list[_Value]:
    """The ``owl:hasValue`` restrictions a superclass expression makes every member meet."""
    if isinstance(expression, _Value):
        return [expression]
    if isinstance(expression, _All):
        return [v for part in expression.parts for v in _necessary_values(part)]
    return []


def _named_members(graph: rdflib.Graph, node: Node) -> set[Node]:
    """The named classes a domain or range ``node`` stands for: itself, or the members of its intersection."""
    if isinstance(node, URIRef):
        return set() if node == OWL.Thing else {node}
    members = graph.value(node, OWL.intersectionOf)
    return {m for m in graph.items(members) if isinstance(m, URIRef) and m != OWL.Thing} if members else set()


def _compile(model: Axioms) -> _Compiled:
    graph, axioms = model.graph, _Compiled()
    for c, d in [*graph.subject_objects(OWL.equivalentClass),
                 *((d, c) for c, d in graph.subject_objects(OWL.equivalentClass))]:
        if isinstance(c, URIRef) and not isinstance(d, URIRef):
            definition = _expression(graph, d)
            axioms.defined.append((c, definition))
            axioms.has_values[c] += _necessary_values(definition)
    for c, d in graph.subject_objects(RDFS.subClassOf):
        if isinstance(d, URIRef) and isinstance(c, BNode):
            axioms.defined.append((d, _expression(graph, c)))
        elif isinstance(c, URIRef) and not isinstance(d, URIRef):
            axioms.has_values[c] += _necessary_values(_expression(graph, d))
    properties = {*graph.subjects(RDFS.domain), *graph.subjects(RDFS.range), *graph.subjects(RDFS.subPropertyOf),
                  *model.object_properties}
    for p in properties:
        up = model.properties_up(p)
        axioms.domains[p] = {c for q in up for d in graph.objects(q, RDFS.domain) for c in _named_members(graph, d)}
        axioms.ranges[p] = {c for q in up for r in graph.objects(q, RDFS.range) for c in _named_members(graph, r)}
    return axioms


class _State:
    """The types and values found so far, indexed both ways."""

    def __init__(self, graph: rdflib.Graph, types: dict[Node, set[Node]], values: set[Triple]) -> None:
        self.graph, self.types = graph, types
        self.out: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
        self.into: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
        for s, p, o in values:
            self.out[(s, p)].add(o)
            self.into[(o, p)].add(s)

    def neighbours(self, x: Node, prop: Node, inverse: bool) -> set[Node]:
        found = self.into.get((x, prop)) if inverse else self.out.get((x, prop))
        return found or set()

    def holds(self, x: Node, expression: Expression) -> bool:
        if isinstance(expression, _Class):
            return expression.node in self.types.get(x, ())
        if isinstance(expression, _All):
            return all(self.holds(x, part) for part in expression.parts)
        if isinstance(expression, _Any):
            return any(self.holds(x, part) for part in expression.parts)
        if isinstance(expression, _Some):
            filler = expression.filler
            return any(filler is None or self.holds(y, filler)
                       for y in self.neighbours(x, expression.prop, expression.inverse))
        if isinstance(expression, _Value):
            if expression.value in self.neighbours(x, expression.prop, expression.inverse):
                return True
            return not expression.inverse and isinstance(expression.value, Literal) and \
                (x, expression.prop, expression.value) in self.graph
        return False

    def candidates(self, expression: Expression) -> set[Node]:
        """The individuals that may meet ``expression``: a superset of those that do."""
        if isinstance(expression, _Class):
            return {x for x, types in self.types.items() if expression.node in types}
        if isinstance(expression, _All) and expression.parts:
            return min((self.candidates(part) for part in expression.parts), key=len)
        if isinstance(expression, _Any):
            return set().union(*(self.candidates(part) for part in expression.parts))
        if isinstance(expression, (_Some, _Value)):
            index = self.into if expression.inverse else self.out
            found = {x for x, p in index if p == expression.prop}
            if isinstance(expression, _Value) and not expression.inverse and isinstance(expression.value, Literal):
                found |= set(self.graph.subjects(expression.prop, expression.value))
            return found
        if isinstance(expression, _Unknown):
            return set()
        return set(self.types) | {x for x, _ in self.out}


def closure(model: Axioms, up: Up,
            close: Callable[[Iterable[Triple]], set[Triple]]) -> tuple[dict[Node, set[Node]], set[Triple]]:
    """Every named type of every individual and every object property value of ``model``'s graph, by the rules
    (see the module docstring), asserted ones included. ``up`` gives a class and its named superclasses (with
    HermiT's classification); ``close`` closes values under the property axioms
    (sub-properties, inverses, symmetry, transitivity, chains)."""
    graph, axioms = model.graph, _compile(model)
    types: dict[Node, set[Node]] = defaultdict(set)
    for x, c in graph.subject_objects(RDF.type):
        if c in model.classes:
            types[x].add(c)
    for p in set(graph.predicates()) & set(axioms.domains):
        if axioms.domains[p]:
            for x in graph.subjects(p):
                types[x] |= axioms.domains[p]
    values = close((s, p, o) for p in model.object_properties for s, o in graph.subject_objects(p))
    while True:
        for s, p, o in values:
            types[s] |= axioms.domains.get(p, set())
            types[o] |= axioms.ranges.get(p, set())
        for x in list(types):
            types[x] = set().union(*(up(c) for c in types[x])) if types[x] else set()
        new_values = {(v.value, v.prop, x) if v.inverse else (x, v.prop, v.value)
                      for x, classes in types.items() for c in classes for v in axioms.has_values.get(c, ())
                      if not isinstance(v.value, Literal)} - values
        state = _State(graph, types, values)
        new_types = [(x, c) for c, condition in axioms.defined for x in state.candidates(condition)
                     if c not in types.get(x, ()) and state.holds(x, condition)]
        if not new_values and not new_types:
            return types, values
        for x, c in new_types:
            types[x].add(c)
        values = close(values | new_values) if new_values else values
