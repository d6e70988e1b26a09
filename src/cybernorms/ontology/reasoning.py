"""Reason over the ontology and the asserted data: HermiT (OWL 2 DL), or OWL 2 RL without Java.

:func:`reason` takes ONE rdflib graph (ontology + asserted data) and returns a
:class:`ReasoningReport`. Its ``inferred`` graph holds only what the input does not state:

* every named type of every individual (``?x rdf:type ?C``, ``?C`` a named class, never
  ``owl:Thing``), materialised up the class hierarchy so that a query for ``cn:Actor`` finds a
  ``cn:State`` without a property path;
* object property values (sub-properties, inverses, chains, symmetry);
* subsumptions (``rdfs:subClassOf``) and equivalences between named classes.

HermiT runs through owlready2 (see :mod:`cybernorms.ontology._owlready` for its quirks). When
HermiT proves the graph inconsistent it gives no explanation, so the report builds one: first a
structural diagnosis (an individual in two disjoint classes, two values of a functional
property), then a minimal set of individuals found by removing assertions and re-running
HermiT. Without Java, or if HermiT fails, the OWL 2 RL rules of owlrl
(https://www.w3.org/TR/owl2-profiles/#OWL_2_RL, section 4.3) give the same kind of report, and
``lost`` says what they cannot do.

Above :data:`REALISE_AT_MOST` triples, realisation is what makes HermiT slow (minutes for a 5 MB
partner file), so HermiT only checks consistency and classifies the classes, and the rules of
:mod:`cybernorms.ontology.rules` find the individuals' types and values (:data:`HERMIT_RULES`).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from cybernorms.errors import UsageError
from cybernorms.namespaces import PREFIXES, shorten
from cybernorms.ontology import ONTOLOGY_FILE, _owlready

__all__ = [
    "HERMIT",
    "HERMIT_RULES",
    "OWLRL",
    "PACKAGED_ONTOLOGY",
    "REALISE_AT_MOST",
    "RL_LOST",
    "AxiomIndex",
    "Clash",
    "ReasoningReport",
    "check_consistency",
    "close_values",
    "read_turtle",
    "reason",
    "report_lines",
]

HERMIT = "HermiT"
HERMIT_RULES = "HermiT (consistency, classes) with OWL 2 RL rules (individuals)"
OWLRL = "OWL 2 RL (owlrl)"

#: The most triples (ontology and asserted data) HermiT realises; above it, HermiT checks consistency and
#: classifies the classes, and the rules of :mod:`cybernorms.ontology.rules` give the individuals' types and
#: values. HermiT realised 52,779 triples (the curated data with a 5 MB partner file) in 83 to 196 s, and
#: checked their consistency in 4 s (``docs/benchmarks.md``).
REALISE_AT_MOST = 40_000
PACKAGED_ONTOLOGY = ONTOLOGY_FILE

#: What the OWL 2 RL fallback cannot do that HermiT does.
RL_LOST = (
    "consistency only as far as the RL rules reach (no reasoning by cases over owl:unionOf, none "
    "about the unnamed individuals that owl:someValuesFrom or owl:minCardinality in a superclass "
    "require); class subsumptions only from the told hierarchy, not entailed ones (e.g. an "
    "owl:equivalentClass restriction that an rdfs:domain places under a class); unsatisfiable "
    "classes only from disjoint superclasses"
)

_BISECTION_RUNS = 40
_BISECTION_SECONDS = 120.0
_ERR = rdflib.Namespace("http://www.daml.org/2002/03/agents/agent-ont#")  # owlrl's error vocabulary
_RESERVED = (str(OWL), str(RDF), str(RDFS), str(XSD))
_OWL2_DATATYPES = {
    *(XSD[name] for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte", "double", "float", "string", "normalizedString", "token", "language", "Name",
        "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp",
    )),
    OWL.real, OWL.rational, RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, RDFS.Literal,
}

Node = rdflib.term.Node
Triple = tuple[Node, Node, Node]
Pair = tuple[Node, Node]
Reasons = dict[Node, list[str]]  # each type of a term, with why it has it
Up = Callable[[Node], set[Node]]  # a class and all its named superclasses
T = TypeVar("T")


@dataclass(frozen=True)
class Clash:
    """One reason the graph is inconsistent (``kind="inconsistent"``) or a class is empty
    (``kind="unsatisfiable"``): the IRI of the culprit and a message naming the axiom."""

    term: str
    message: str
    kind: str = "inconsistent"


@dataclass(frozen=True)
class ReasoningReport:
    """What :func:`reason` found.

    ``classified`` lists ``(individual, class)`` IRIs for each *new most specific* type (an
    individual newly found to be a ``cn:MemberState`` is listed there, not under every
    superclass; ``inferred`` holds them all). ``notice`` is the one line to show the user when
    the engine is not the one asked for; ``lost`` says what the engine used cannot do.
    """

    consistent: bool
    engine: str
    inferred: rdflib.Graph
    classified: list[tuple[str, str]] = field(default_factory=list)
    unsatisfiable_classes: list[str] = field(default_factory=list)
    explanation: str = ""
    clashes: list[Clash] = field(default_factory=list)
    lost: str = ""
    notice: str = ""
    seconds: float = 0.0


def reason(triples: rdflib.Graph, *, engine: str = "hermit", realise_at_most: int | None = None,
           known_consistent: bool = False, size: int | None = None) -> ReasoningReport:
    """Reason over ``triples`` (ontology + asserted data) with ``engine`` ("hermit" or "owlrl").

    "hermit" falls back to OWL 2 RL, with a ``notice``, when there is no Java (the
    ``CYBERNORMS_JAVA`` environment variable names the executable; a missing path simulates
    none) or when HermiT fails. Above ``realise_at_most`` triples (by default
    :data:`REALISE_AT_MOST`, read when called), HermiT checks consistency and classifies, and rules
    find the individuals' types and values (:data:`HERMIT_RULES`, with a ``notice``).
    ``known_consistent``: the caller knows ``triples`` consistent (part of a graph HermiT found
    consistent), so no consistency check is run again. ``size``: the triples the choice of engine (and its
    notice) is about, when ``triples`` leaves some out that no engine reasons with (the annotation assertions:
    :func:`cybernorms.graph.build.inferred.asserted`); ``len(triples)`` by default. Never raises for the
    graph's content.
    """
    if engine not in ("hermit", "owlrl"):
        raise UsageError(f"unknown reasoning engine {engine!r}; use 'hermit' or 'owlrl'")
    start = time.perf_counter()
    notice = ""
    if engine == "hermit":
        java, sought = _owlready.find_java()
        if java is None:
            notice = f"no Java runtime found ({sought}): reasoning with {OWLRL} instead; lost: {RL_LOST}"
        else:
            try:
                limit = REALISE_AT_MOST if realise_at_most is None else realise_at_most
                counted = len(triples) if size is None else size
                report = (_reason_hermit_rules(triples, java, limit, known_consistent, counted) if counted > limit
                          else _reason_hermit(triples, java))
            except _owlready.HermitFailed as exc:
                notice = f"HermiT failed ({exc}): reasoning with {OWLRL} instead; lost: {RL_LOST}"
            else:
                return replace(report, seconds=time.perf_counter() - start)
    report = _reason_owlrl(triples)
    return replace(report, notice=notice, seconds=time.perf_counter() - start)


def check_consistency(path: Path, triples: int) -> bool | None:
    """HermiT's consistency check (``-k``) of the N-Triples file ``path``, the ontology and asserted data
    (about ``triples`` triples), for a caller that writes it from a store without an rdflib graph of it:
    whether it is consistent, or None when there is no Java or HermiT cannot answer (then :func:`reason`
    decides, with its fallbacks and notices). Java's heap is sized as for :func:`reason`'s own check."""
    java, _ = _owlready.find_java()
    if java is None:
        return None
    try:
        return _owlready.hermit_consistent_file(path, triples, java)
    except _owlready.HermitFailed:
        return None


# -- The structural index both engines and the diagnosis share --


def _curie(term: object) -> str:
    """``term`` as ``prefix:local`` where a project prefix fits."""
    return shorten(str(term))


def _reserved(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(_RESERVED)


def _members(graph: rdflib.Graph, node: Node | None) -> list[Node]:
    return list(graph.items(node)) if node is not None else []


class AxiomIndex:
    """What the diagnosis and the materialisation need to know about a graph, indexed once."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        declared = graph.subjects(RDF.type, OWL.ObjectProperty)
        self.object_properties = {p for p in declared if isinstance(p, URIRef)}
        self.functional = set(graph.subjects(RDF.type, OWL.FunctionalProperty))
        self.classes = self._named_classes()
        self.supers = self._superclass_edges()
        self.disjoint = self._disjoint_pairs()
        self.individuals = self._individuals()
        self.super_properties = self._super_properties()
        self.inverses = defaultdict[Node, set[Node]](set)
        for p, q in graph.subject_objects(OWL.inverseOf):
            if isinstance(p, URIRef) and isinstance(q, URIRef):
                self.inverses[p].add(q)
                self.inverses[q].add(p)
        self.symmetric = set(graph.subjects(RDF.type, OWL.SymmetricProperty))
        self.transitive = set(graph.subjects(RDF.type, OWL.TransitiveProperty))
        self.chains = [(q, self._steps(chain)) for q, chain in graph.subject_objects(OWL.propertyChainAxiom)]

    def _steps(self, chain: Node) -> list[tuple[Node, bool]]:
        """The properties of a chain, each with whether it is walked backwards (owl:inverseOf)."""
        steps = []
        for step in _members(self.graph, chain):
            inverse = self.graph.value(step, OWL.inverseOf) if isinstance(step, BNode) else None
            steps.append((inverse, True) if inverse is not None else (step, False))
        return steps

    def _named_classes(self) -> set[Node]:
        g = self.graph
        found = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, RDFS.Class))
        found |= {c for c in g.objects(None, RDF.type) if not _reserved(c)}
        for p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith):
            for s, o in g.subject_objects(p):
                found |= {s, o}
        for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
            found |= set(_members(g, g.value(node, OWL.members)))
        return {c for c in found if isinstance(c, URIRef) and not _reserved(c)}

    def _superclass_edges(self) -> dict[Node, list[tuple[Node, str]]]:
        """Direct named superclasses of each named class, with the axiom that says so."""
        g, edges = self.graph, defaultdict[Node, list[tuple[Node, str]]](list)
        for c, d in g.subject_objects(RDFS.subClassOf):
            self._edge(edges, c, d, "rdfs:subClassOf")
        for c, d in g.subject_objects(OWL.equivalentClass):
            self._edge(edges, c, d, "owl:equivalentClass")
            self._edge(edges, d, c, "owl:equivalentClass")
        return edges

    def _edge(self, edges: dict[Node, list[tuple[Node, str]]], c: Node, d: Node, axiom: str) -> None:
        if not isinstance(c, URIRef):
            return
        if isinstance(d, URIRef):
            edges[c].append((d, f"{_curie(c)} {axiom} {_curie(d)}"))
        for member in _members(self.graph, self.graph.value(d, OWL.intersectionOf)):
            if isinstance(member, URIRef):
                edges[c].append((member, f"{_curie(c)} {axiom} an owl:intersectionOf with {_curie(member)}"))

    def _disjoint_pairs(self) -> dict[frozenset[Node], str]:
        g, pairs = self.graph, dict[frozenset[Node], str]()
        for a, b in g.subject_objects(OWL.disjointWith):
            pairs[frozenset((a, b))] = f"{_curie(a)} owl:disjointWith {_curie(b)}"
        groups = [(_members(g, g.value(n, OWL.members)), "owl:AllDisjointClasses")
                  for n in g.subjects(RDF.type, OWL.AllDisjointClasses)]
        groups += [(_members(g, lst), f"owl:disjointUnionOf of {_curie(c)}")
                   for c, lst in g.subject_objects(OWL.disjointUnionOf)]
        for members, axiom in groups:
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    pairs.setdefault(frozenset((a, b)), axiom)
        return {pair: axiom for pair, axiom in pairs.items() if len(pair) == 2}

    def _individuals(self) -> set[Node]:
        g, found = self.graph, set()
        for s, c in g.subject_objects(RDF.type):
            if c == OWL.NamedIndividual or not _reserved(c):
                found.add(s)
        for p in self.object_properties:
            for s, o in g.subject_objects(p):
                found |= {s, o}
        return {i for i in found if isinstance(i, URIRef)}

    def _super_properties(self) -> dict[Node, set[Node]]:
        direct = defaultdict(set)
        for p, q in self.graph.subject_objects(RDFS.subPropertyOf):
            direct[p].add(q)
        closed = {}
        for p in list(direct):
            seen, todo = {p}, [p]
            while todo:
                for q in direct.get(todo.pop(), ()):
                    if q not in seen:
                        seen.add(q)
                        todo.append(q)
            closed[p] = seen
        return closed

    def properties_up(self, p: Node) -> set[Node]:
        return self.super_properties.get(p, {p})

    def types_of(self, node: Node) -> Reasons:
        """Every named type of an individual the axioms give directly, each with its reasons."""
        g, seeds = self.graph, []
        for c in g.objects(node, RDF.type):
            if c in self.classes or c == OWL.Nothing:
                seeds.append((c, [f"asserted rdf:type {_curie(c)}"]))
        for p in set(g.predicates(node)):
            for q in self.properties_up(p):
                seeds += [(d, [f"subject of {_curie(p)}, rdfs:domain of {_curie(q)}"])
                          for d in g.objects(q, RDFS.domain)]
        for p in set(g.predicates(None, node)):
            if p in self.object_properties:
                for q in self.properties_up(p):
                    seeds += [(r, [f"object of {_curie(p)}, rdfs:range of {_curie(q)}"])
                              for r in g.objects(q, RDFS.range)]
        return self.up(seeds)

    def up(self, seeds: Iterable[tuple[Node, list[str]]]) -> Reasons:
        """``seeds`` and all their named superclasses, each with the shortest chain of reasons."""
        found: dict[Node, list[str]] = {}
        queue: deque[Node] = deque()
        for c, why in seeds:
            if c not in found:
                found[c] = why
                queue.append(c)
        while queue:
            c = queue.popleft()
            for d, edge in self.supers.get(c, ()):
                if d not in found:
                    found[d] = [*found[c], edge]
                    queue.append(d)
        return found


# -- Diagnosis: name the culprits HermiT does not name --


def _clash_message(subject: str, types: Reasons, a: Node, b: Node, axiom: str) -> str:
    def why(c: Node) -> str:
        return "; ".join(types[c]) or "itself"

    return (f"{subject} both {_curie(a)} and {_curie(b)}, which the ontology declares disjoint "
            f"({axiom}); {_curie(a)} from: {why(a)}; {_curie(b)} from: {why(b)}")


def _type_clashes(model: AxiomIndex, term: Node, types: Reasons, subject: str, kind: str) -> list[Clash]:
    if OWL.Nothing in types:
        why = "; ".join(types[OWL.Nothing])
        return [Clash(str(term), f"{subject} in owl:Nothing, the empty class ({why})", kind)]
    clashes = []
    for pair, axiom in sorted(model.disjoint.items(), key=lambda item: sorted(map(_curie, item[0]))):
        a, b = sorted(pair, key=_curie)
        if a in types and b in types:
            clashes.append(Clash(str(term), _clash_message(subject, types, a, b, axiom), kind))
    return clashes


def _functional_clashes(model: AxiomIndex, x: Node) -> list[Clash]:
    g, clashes = model.graph, []
    for p in sorted(model.functional & set(g.predicates(x)), key=_curie):
        values = sorted(set(g.objects(x, p)), key=str)
        literals = [v for v in values if isinstance(v, Literal)]
        distinct = [v for i, v in enumerate(literals) if not any(v.eq(w) for w in literals[:i])]
        if len(distinct) > 1:
            shown = ", ".join(v.n3() for v in distinct)
            clashes.append(Clash(str(x), f"{_curie(x)} has {len(distinct)} values for the functional "
                                         f"property {_curie(p)} ({shown}), which allows one"))
            continue
        others = [v for v in values if isinstance(v, URIRef)]
        for i, a in enumerate(others):
            for b in others[i + 1:]:
                why = _why_different(model, a, b)
                if why:
                    clashes.append(Clash(str(x), f"{_curie(x)} has two values for the functional property "
                                                 f"{_curie(p)}, {_curie(a)} and {_curie(b)}, so they must be "
                                                 f"the same individual, but {why}"))
    return clashes


def _why_different(model: AxiomIndex, a: Node, b: Node) -> str:
    g = model.graph
    if (a, OWL.differentFrom, b) in g or (b, OWL.differentFrom, a) in g:
        return "they are declared owl:differentFrom"
    for node in g.subjects(RDF.type, OWL.AllDifferent):
        members = _members(g, g.value(node, OWL.distinctMembers) or g.value(node, OWL.members))
        if a in members and b in members:
            return "they are declared different (owl:AllDifferent)"
    types_a, types_b = model.types_of(a), model.types_of(b)
    for pair, axiom in model.disjoint.items():
        c, d = tuple(pair)
        if (c in types_a and d in types_b) or (d in types_a and c in types_b):
            return f"one is a {_curie(c)} and the other a {_curie(d)}, which are disjoint ({axiom})"
    return ""


def _diagnose(model: AxiomIndex) -> list[Clash]:
    """Inconsistencies the axioms show directly, each naming the individual and the axiom."""
    clashes = []
    for x in sorted(model.individuals, key=_curie):
        clashes += _type_clashes(model, x, model.types_of(x), f"{_curie(x)} is", "inconsistent")
        clashes += _functional_clashes(model, x)
    return clashes


def _unsatisfiable(model: AxiomIndex, proven: Iterable[Node] = ()) -> list[Clash]:
    """Classes that cannot have members: those the axioms show directly, plus ``proven`` ones."""
    found = {}
    for c in sorted(model.classes, key=_curie):
        clashes = _type_clashes(model, c, model.up([(c, [])]), f"every {_curie(c)} would be", "unsatisfiable")
        if clashes:
            found[c] = Clash(str(c), f"{_curie(c)} is unsatisfiable: {clashes[0].message}", "unsatisfiable")
    for c in proven:
        if c not in found and isinstance(c, URIRef):
            found[c] = Clash(str(c), f"{_curie(c)} is unsatisfiable: HermiT proves it equivalent to "
                                     "owl:Nothing (no direct disjointness of its superclasses explains it)",
                             "unsatisfiable")
    return sorted(found.values(), key=lambda clash: _curie(clash.term))


# -- Materialisation: the inferred graph, engine-independent --


def _materialise(model: AxiomIndex, types: Iterable[Pair], values: Iterable[Triple],
                 subsumptions: Iterable[Pair], unsatisfiable: set[str]
                 ) -> tuple[rdflib.Graph, list[tuple[str, str]]]:
    """The entailed types, values and subsumptions the input does not state, and the new
    most specific types. ``types``, ``values``, ``subsumptions`` are what the engine found."""
    g = model.graph
    named, up = _class_hierarchy(model, subsumptions, unsatisfiable)
    inferred = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        inferred.bind(prefix, ns)
    _add_subsumptions(g, inferred, named, up)
    classified = _add_types(model, inferred, named, up, types)
    _add_values(model, inferred, values)
    return inferred, classified


def _class_hierarchy(model: AxiomIndex, subsumptions: Iterable[Pair],
                     unsatisfiable: set[str]) -> tuple[set[Node], Up]:
    """The satisfiable named classes, and each with its named superclasses, told or in ``subsumptions``."""
    named = {c for c in model.classes if str(c) not in unsatisfiable}
    edges = defaultdict(set)
    for c, d in subsumptions:
        if c in named and d in named:
            edges[c].add(d)
    return named, _hierarchy(model, named, edges)


def _hierarchy(model: AxiomIndex, named: set[Node], extra: dict[Node, set[Node]]) -> Up:
    memo: dict[Node, set[Node]] = {}

    def up(c: Node) -> set[Node]:
        if c not in memo:
            seen, todo = {c}, [c]
            while todo:
                d = todo.pop()
                for e in [e for e, _ in model.supers.get(d, ())] + list(extra.get(d, ())):
                    if e in named and e not in seen:
                        seen.add(e)
                        todo.append(e)
            memo[c] = seen
        return memo[c]

    return up


def _add_subsumptions(g: rdflib.Graph, inferred: rdflib.Graph, named: set[Node], up: Up) -> None:
    for c in named:
        for d in up(c) - {c}:
            if (c, RDFS.subClassOf, d) not in g:
                inferred.add((c, RDFS.subClassOf, d))
            if c in up(d) and (c, OWL.equivalentClass, d) not in g and (d, OWL.equivalentClass, c) not in g:
                inferred.add((c, OWL.equivalentClass, d))


def _add_types(model: AxiomIndex, inferred: rdflib.Graph, named: set[Node], up: Up,
               types: Iterable[Pair]) -> list[tuple[str, str]]:
    g = model.graph
    found = defaultdict[Node, set[Node]](set)
    for x, c in types:
        if isinstance(x, URIRef) and c in named:
            found[x].add(c)
    classified = []
    for x in model.individuals | set(found):
        asserted = {c for c in g.objects(x, RDF.type) if c in named}
        every = set().union(*(up(c) for c in asserted | found[x]))
        new = every - asserted
        for c in new:
            inferred.add((x, RDF.type, c))
        classified += [(str(x), str(c)) for c in new
                       if not any(c in up(d) and d not in up(c) for d in every - {c})]
    return sorted(classified, key=lambda pair: (_curie(pair[1]), _curie(pair[0])))


def _add_values(model: AxiomIndex, inferred: rdflib.Graph, values: Iterable[Triple]) -> None:
    g = model.graph
    seeds = [(s, p, o) for s, p, o in [*values, *g] if p in model.object_properties]
    for triple in close_values(model, seeds):
        if triple not in g:
            inferred.add(triple)


def close_values(model: AxiomIndex, seeds: Iterable[Triple], *, named_only: bool = True) -> set[Triple]:
    """Object property values closed under sub-properties, inverses, symmetry, transitivity and
    chains (rules prp-spo1, prp-inv, prp-symp, prp-trp, prp-spo2 of OWL 2 RL, all sound); with
    ``named_only``, values between IRIs only, else blank nodes (anonymous individuals) too.

    HermiT's answers need this: owlready2 drops a value whose inverse triple is asserted, and
    HermiT's "known instances" leave out sub-property values of a property that takes part in
    a chain (``cn:submittedBy`` values under ``cn:issuedBy``).
    """
    pairs: dict[Node, set[Pair]] = defaultdict(set)
    individual = (URIRef,) if named_only else (URIRef, BNode)
    for s, p, o in seeds:
        if isinstance(s, individual) and isinstance(o, individual):
            pairs[p].add((s, o))
    size = -1
    while size != sum(map(len, pairs.values())):
        size = sum(map(len, pairs.values()))
        for p, found in list(pairs.items()):
            for q in model.properties_up(p) & model.object_properties:
                pairs[q] |= found
            for q in model.inverses.get(p, ()):
                pairs[q] |= {(o, s) for s, o in found}
            if p in model.symmetric:
                found |= {(o, s) for s, o in found}
            if p in model.transitive:
                found |= _compose([found, found])
        for q, steps in model.chains:
            walks = [pairs.get(p, set()) for p, _ in steps]
            pairs[q] |= _compose([{(o, s) for s, o in walk} if inverted else walk
                                  for walk, (_, inverted) in zip(walks, steps, strict=True)])
    return {(s, p, o) for p, found in pairs.items() for s, o in found}


def _compose(relations: list[set[Pair]]) -> set[Pair]:
    result = relations[0] if relations else set()
    for relation in relations[1:]:
        following: dict[Node, set[Node]] = defaultdict(set)
        for y, z in relation:
            following[y].add(z)
        result = {(x, z) for x, y in result for z in following.get(y, ())}
    return result


# -- HermiT --


def _without_imports(graph: rdflib.Graph) -> tuple[rdflib.Graph, list[str]]:
    """``graph`` minus its ``owl:imports`` (owlready2 would download them) and the imports dropped."""
    imports = sorted(str(o) for o in graph.objects(None, OWL.imports))
    if not imports:
        return graph, []
    copy = rdflib.Graph()
    copy += graph
    copy.remove((None, OWL.imports, None))
    return copy, imports


def _hermit_lost(graph: rdflib.Graph, imports: list[str]) -> str:
    lost = []
    unsupported = sorted({_curie(o.datatype) for o in graph.objects()
                          if isinstance(o, Literal) and o.datatype and o.datatype not in _OWL2_DATATYPES})
    if unsupported:
        lost.append("HermiT ignores literals of datatypes outside the OWL 2 datatype map "
                    f"({', '.join(unsupported)})")
    if imports:
        lost.append(f"owl:imports not followed ({', '.join(imports)}): "
                    "only the given triples are reasoned over")
    return "; ".join(lost)


def _reason_hermit(graph: rdflib.Graph, java: str) -> ReasoningReport:
    prepared, imports = _without_imports(graph)
    lost = _hermit_lost(graph, imports)
    raw = _owlready.run_hermit(prepared, java)
    model = AxiomIndex(graph)
    if raw is None:
        return _explain_hermit(model, prepared, java, lost)
    proven = set(raw.subjects(OWL.equivalentClass, OWL.Nothing))
    unsat = _unsatisfiable(model, proven)
    unsat_terms = {clash.term for clash in unsat}
    inferred, classified = _materialise(
        model,
        raw.subject_objects(RDF.type),
        ((s, p, o) for s, p, o in raw if p not in (RDF.type, RDFS.subClassOf, OWL.equivalentClass)),
        _subsumptions(raw),
        unsat_terms,
    )
    return ReasoningReport(True, HERMIT, inferred, classified, sorted(unsat_terms, key=_curie),
                           clashes=unsat, lost=lost)


def _reason_hermit_rules(graph: rdflib.Graph, java: str, realise_at_most: int,
                         known_consistent: bool, size: int) -> ReasoningReport:
    """HermiT's consistency check and classification, and the individuals' types and values by rules."""
    from cybernorms.ontology.rules import RULES_LOST, closure

    prepared, imports = _without_imports(graph)
    lost = "; ".join(part for part in (_hermit_lost(graph, imports), RULES_LOST) if part)
    model = AxiomIndex(graph)
    if not known_consistent and not _owlready.hermit_consistent(prepared, java):
        return replace(_explain_hermit(model, prepared, java, lost), engine=HERMIT_RULES)
    tbox, _ = _split(model, prepared)
    classes = _owlready.run_hermit(tbox, java) or rdflib.Graph()
    unsat = _unsatisfiable(model, set(classes.subjects(OWL.equivalentClass, OWL.Nothing)))
    unsat_terms = {clash.term for clash in unsat}
    _, up = _class_hierarchy(model, _subsumptions(classes), unsat_terms)
    types, values = closure(model, up, lambda seeds: close_values(model, seeds, named_only=False))
    inferred, classified = _materialise(model, ((x, c) for x, found in types.items() for c in found), values,
                                        _subsumptions(classes), unsat_terms)
    notice = (f"{size:,} triples are more than HermiT realises here ({realise_at_most:,}): HermiT checked "
              "their consistency and classified the classes, and the rules of OWL 2 RL found the types and values "
              f"of the individuals; lost: {RULES_LOST}")
    return ReasoningReport(True, HERMIT_RULES, inferred, classified, sorted(unsat_terms, key=_curie),
                           clashes=unsat, lost=lost, notice=notice)


def _subsumptions(graph: rdflib.Graph) -> list[Pair]:
    pairs = list(graph.subject_objects(RDFS.subClassOf))
    for c, d in graph.subject_objects(OWL.equivalentClass):
        pairs += [(c, d), (d, c)]
    return pairs


def _explain_hermit(model: AxiomIndex, prepared: rdflib.Graph, java: str, lost: str) -> ReasoningReport:
    """The report for an inconsistent graph: HermiT says only that, so find the culprits."""
    tbox, parts = _split(model, prepared)
    try:
        tbox_raw = _owlready.run_hermit(tbox, java)
    except _owlready.HermitFailed:
        tbox_raw = rdflib.Graph()
    proven = set(tbox_raw.subjects(OWL.equivalentClass, OWL.Nothing)) if tbox_raw is not None else set()
    unsat = _unsatisfiable(model, proven)
    clashes = _diagnose(model)
    if not clashes and tbox_raw is None:
        clashes = [Clash("", "the ontology's own axioms are inconsistent, before any individual's assertions "
                             "(look for individuals, owl:hasValue or owl:oneOf in class axioms)")]
    elif not clashes:
        clashes = [_bisect(tbox, parts, java)]
    explanation = "\n".join(clash.message for clash in clashes)
    return ReasoningReport(False, HERMIT, rdflib.Graph(), [], [c.term for c in unsat], explanation,
                           clashes + unsat, lost)


def _split(model: AxiomIndex, graph: rdflib.Graph) -> tuple[rdflib.Graph, dict[Node, list[Triple]]]:
    """The graph without the individuals' assertions, and those assertions by individual."""
    tbox, parts = rdflib.Graph(), defaultdict[Node, list[Triple]](list)
    for triple in graph:
        if triple[0] in model.individuals:
            parts[triple[0]].append(triple)
        else:
            tbox.add(triple)
    return tbox, parts


class _HermitProbe:
    """Re-runs HermiT on the ontology plus chosen assertions, within a budget of runs and time."""

    def __init__(self, tbox: rdflib.Graph, java: str) -> None:
        self.tbox, self.java, self.runs = tbox, java, 0
        self.deadline = time.monotonic() + _BISECTION_SECONDS

    def inconsistent(self, triples: Iterable[Triple]) -> bool:
        if self.runs >= _BISECTION_RUNS or time.monotonic() > self.deadline:
            raise TimeoutError
        self.runs += 1
        candidate = rdflib.Graph()
        candidate += self.tbox
        for triple in triples:
            candidate.add(triple)
        return not _owlready.hermit_consistent(candidate, self.java)


def _minimal(items: list[T], inconsistent: Callable[[list[T]], bool],
             background: list[T] | None = None) -> list[T]:
    """A minimal sublist of ``items`` that is inconsistent with ``background`` (both together are).

    Divide and conquer, as in Junker's QuickXplain (AAAI 2004): a half inconsistent on its own
    is searched alone; otherwise each half is minimised with the other as background.
    """
    background = background or []
    if len(items) == 1:
        return items
    first, second = items[: len(items) // 2], items[len(items) // 2:]
    if inconsistent(background + first):
        return _minimal(first, inconsistent, background)
    if inconsistent(background + second):
        return _minimal(second, inconsistent, background)
    needed = _minimal(first, inconsistent, background + second)
    return needed + _minimal(second, inconsistent, background + needed)


def _bisect(tbox: rdflib.Graph, parts: dict[Node, list[Triple]], java: str) -> Clash:
    """The assertions to blame, when the structural diagnosis finds nothing: first a minimal
    set of individuals, then a minimal set of their triples, each by re-running HermiT."""
    everyone = sorted(parts, key=_curie)
    if not everyone:
        return Clash("", "HermiT proves the graph inconsistent, but not the ontology alone; "
                         "no individual to blame")
    probe = _HermitProbe(tbox, java)
    culprits, triples = everyone, [t for x in everyone for t in parts[x]]
    try:
        culprits = _minimal(everyone, lambda xs: probe.inconsistent(t for x in xs for t in parts[x]))
        triples = [t for x in culprits for t in parts[x]]
        triples = _minimal(triples, probe.inconsistent)
        how = f"a minimal set, found by re-running HermiT {probe.runs} times"
    except (TimeoutError, _owlready.HermitFailed):
        how = f"not minimised further: gave up after {probe.runs} HermiT runs"
    lines = [f"  {_show(s)} {_show(p)} {_show(o)} ." for s, p, o in triples]
    shown = "\n".join(lines[:20] + (["  ..."] if len(lines) > 20 else []))
    names = ", ".join(_curie(x) for x in culprits)
    message = (f"HermiT proves the graph inconsistent and no class disjointness or functional property "
               f"explains it directly; these assertions about {names} contradict the ontology "
               f"({how}):\n{shown}")
    return Clash(str(culprits[0]), message)


def _show(node: Node) -> str:
    return node.n3() if isinstance(node, (Literal, BNode)) else _curie(node)


# -- OWL 2 RL (owlrl) --


def _reason_owlrl(graph: rdflib.Graph) -> ReasoningReport:
    import owlrl

    closure = rdflib.Graph()
    closure += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    model = AxiomIndex(graph)
    unsat = _unsatisfiable(model)
    errors = sorted(str(message) for message in closure.objects(None, _ERR.error))
    if errors:
        clashes = _diagnose(model) or [_rl_clash(model, error) for error in errors]
        explanation = "\n".join(clash.message for clash in clashes)
        return ReasoningReport(False, OWLRL, rdflib.Graph(), [], [c.term for c in unsat], explanation,
                               clashes + unsat, RL_LOST)
    unsat_terms = {clash.term for clash in unsat}
    new = closure - graph
    inferred, classified = _materialise(
        model, new.subject_objects(RDF.type), new, _subsumptions(new), unsat_terms
    )
    return ReasoningReport(True, OWLRL, inferred, classified, sorted(unsat_terms, key=_curie),
                           clashes=unsat, lost=RL_LOST)


_IRI = re.compile(r"(?:https?|urn):[^\s,()'\"]+")


def _rl_clash(model: AxiomIndex, error: str) -> Clash:
    """An owlrl error message with its IRIs shortened, blamed on the individual it names."""
    iris = _IRI.findall(error)
    culprit = next((i for i in iris if URIRef(i) in model.individuals), iris[0] if iris else "")
    return Clash(culprit, "OWL 2 RL: " + _IRI.sub(lambda m: _curie(m.group(0)), error))


# -- Reading and reporting, for the `cybernorms reason` command --


def read_turtle(path: Path) -> rdflib.Graph:
    """Parse a Turtle file; a missing or malformed file is a :class:`UsageError` naming it."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        return rdflib.Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        raise UsageError(f"{path}: not valid Turtle: {exc}") from None


def report_lines(report: ReasoningReport, *, quiet: bool) -> list[str]:
    """The report as printed: a summary line, what is wrong, then (unless ``quiet``) the rest."""
    if report.consistent:
        head = (f"{report.engine}: consistent in {report.seconds:.1f} s; {len(report.inferred)} inferred "
                f"triples ({_counts(report.inferred)}); {len({i for i, _ in report.classified})} individuals "
                f"classified; {len(report.unsatisfiable_classes)} unsatisfiable classes")
    else:
        head = f"{report.engine}: INCONSISTENT in {report.seconds:.1f} s; nothing inferred"
    problems = [f"  {line}" for line in report.explanation.splitlines()]
    problems += [f"  {clash.message}" for clash in report.clashes if clash.kind == "unsatisfiable"]
    if quiet:
        return [head, *problems] if problems else []
    lines = [head, *problems]
    if report.lost and not report.notice:
        lines.append(f"lost: {report.lost}")
    by_class = defaultdict(list)
    for individual, cls in report.classified:
        by_class[_curie(cls)].append(_curie(individual))
    if by_class:
        lines.append("classified (new most specific types):")
    lines += [f"  {cls} ({len(xs)}): {', '.join(sorted(xs))}" for cls, xs in sorted(by_class.items())]
    return lines


def _counts(inferred: rdflib.Graph) -> str:
    types = len(list(inferred.triples((None, RDF.type, None))))
    axioms = (RDFS.subClassOf, OWL.equivalentClass)
    classes = sum(len(list(inferred.triples((None, p, None)))) for p in axioms)
    return f"{types} types, {len(inferred) - types - classes} property values, {classes} class axioms"
