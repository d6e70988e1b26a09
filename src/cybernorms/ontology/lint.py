"""Lint the ontology: OOPS! pitfalls, the project's own rules, and HermiT's consistency check.

The ``P`` codes are pitfalls of the OOPS! catalogue (Poveda-Villalón, Suárez-Figueroa and
Gómez-Pérez, "OOPS! (OntOlogy Pitfall Scanner!)", IJSWIS 10(2), 2014;
https://oops.linkeddata.es/catalogue.jsp); the others are rules from ``STYLE.md`` (every term
defined by the ontology IRI, no commented-out axioms) and OWL 2 DL's need for declarations.
:data:`CODES` describes each code in one line.

:func:`lint` checks a parsed graph, :func:`lint_source` the Turtle text (comments are gone
once parsed), :func:`lint_file` both; ``cybernorms validate`` (:mod:`cybernorms.cli.dataset`) runs
:func:`lint_file` and the data check of :mod:`cybernorms.graph.checks.shacl`.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from cybernorms.errors import UsageError
from cybernorms.namespaces import CN, ONTOLOGY_IRI, shorten
from cybernorms.ontology.reasoning import ReasoningReport, reason

__all__ = [
    "CODES",
    "Finding",
    "consistency_findings",
    "lint",
    "lint_file",
    "lint_source",
]

#: Every code, in the order findings are reported, with what it means.
CODES: dict[str, str] = {
    "syntax": "the Turtle source does not parse",
    "P38": "no owl:Ontology declaration",
    "P41": "no licence: the ontology has no dcterms:license",
    "versionIRI": "the ontology has no owl:versionIRI",
    "undeclared": "a term of our namespace is used but declared nowhere (misspelt?)",
    "P34": "a term used as a class is not declared owl:Class",
    "P35": "a term used as a property is not declared an owl: property",
    "P08": "a class or property lacks rdfs:label or exactly one skos:definition, or a text is empty",
    "isDefinedBy": "a term's rdfs:isDefinedBy is missing or differs from the ontology IRI",
    "P11": "an object property has no rdfs:domain or no rdfs:range",
    "P19": "a property has several rdfs:domain or several rdfs:range statements",
    "range-datatype": "an object property ranges over a datatype, or a datatype property over a class",
    "P04": "a class takes part in no axiom",
    "commented-axiom": "a commented-out triple is left in the Turtle source",
    "consistency": "the reasoner finds the ontology inconsistent",
    "unsatisfiable": "the reasoner finds a class that can have no member",
}

_DECLARATIONS = frozenset({OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                           OWL.NamedIndividual, RDFS.Datatype})
_PROPERTY_TYPES = frozenset({OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty})
_RESERVED = (str(OWL), str(RDF), str(RDFS), str(XSD))
_DATATYPES = frozenset({RDFS.Literal, RDF.langString, RDF.PlainLiteral, RDF.XMLLiteral, RDF.HTML, RDF.JSON,
                        OWL.real, OWL.rational})
#: Predicates that annotate a term rather than place it in an axiom.
_ANNOTATIONS = frozenset({
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo, OWL.deprecated,
    OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith, SKOS.definition,
    SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.scopeNote, SKOS.note, SKOS.example,
    SKOS.editorialNote, SKOS.changeNote, SKOS.historyNote,
})
_TEXTS = (RDFS.label, RDFS.comment, SKOS.definition, SKOS.prefLabel, SKOS.scopeNote,
          DCTERMS.title, DCTERMS.description)


@dataclass(frozen=True)
class Finding:
    """One problem: its code (see :data:`CODES`), the term at fault (a CURIE, an IRI or
    ``line N``) and a message saying what is wrong and how to fix it."""

    code: str
    term: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}  {self.term}  {self.message}"


def lint(ontology: rdflib.Graph, *, consistency: bool = True, engine: str = "hermit") -> list[Finding]:
    """Every finding about ``ontology``, in :data:`CODES` order.

    ``consistency`` runs the reasoner (HermiT through Java, about a second; ``engine="owlrl"``
    or no Java gives OWL 2 RL).
    """
    terms = _Terms(ontology)
    findings = [
        *_check_header(ontology),
        *_check_declarations(terms),
        *_check_annotations(terms),
        *_check_defined_by(terms),
        *_check_domains_and_ranges(terms),
        *_check_unconnected(terms),
    ]
    if consistency:
        findings += consistency_findings(reason(ontology, engine=engine))
    return _ordered(findings)


def consistency_findings(report: ReasoningReport) -> list[Finding]:
    """The ``consistency`` and ``unsatisfiable`` findings of a reasoning report."""
    findings = []
    for clash in report.clashes:
        code = "unsatisfiable" if clash.kind == "unsatisfiable" else "consistency"
        term = shorten(clash.term) if clash.term else "-"
        findings.append(Finding(code, term, f"{clash.message} [{report.engine}]"))
    if not report.consistent and not report.clashes:
        findings.append(Finding("consistency", "-", f"inconsistent [{report.engine}]"))
    return findings


def _ordered(findings: Iterable[Finding]) -> list[Finding]:
    order = {code: i for i, code in enumerate(CODES)}
    return sorted(set(findings), key=lambda f: (order.get(f.code, len(order)), f.term, f.message))


# -- What the graph declares and how it uses each term --


def _reserved(term: rdflib.term.Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(_RESERVED)


def _ours(term: rdflib.term.Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(CN) and len(str(term)) > len(CN)


class _Terms:
    """The graph's declarations, and where each term is used as a class or as a property."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        self.declared: dict[rdflib.term.Node, set[rdflib.term.Node]] = defaultdict(set)
        for s, kind in graph.subject_objects(RDF.type):
            if kind in _DECLARATIONS:
                self.declared[s].add(kind)
        self.classes = self._of(OWL.Class)
        self.object_properties = self._of(OWL.ObjectProperty)
        self.data_properties = self._of(OWL.DatatypeProperty)
        self.annotation_properties = self._of(OWL.AnnotationProperty)
        self.datatypes = self._of(RDFS.Datatype)
        self.class_uses: dict[rdflib.term.Node, str] = {}
        self.property_uses: dict[rdflib.term.Node, str] = {}
        self._collect_class_uses()
        self._collect_property_uses()

    def _of(self, kind: rdflib.term.Node) -> set[rdflib.term.Node]:
        return {s for s, kinds in self.declared.items() if kind in kinds}

    def is_datatype(self, term: rdflib.term.Node) -> bool:
        if isinstance(term, BNode):
            return (term, RDF.type, RDFS.Datatype) in self.graph
        return str(term).startswith(str(XSD)) or term in _DATATYPES or term in self.datatypes

    def is_class(self, term: rdflib.term.Node) -> bool:
        if isinstance(term, BNode):
            return any((term, RDF.type, k) in self.graph for k in (OWL.Class, OWL.Restriction))
        return term in self.classes or term == OWL.Thing or (_ours(term) and term not in self.datatypes)

    def members(self, node: rdflib.term.Node | None) -> list[rdflib.term.Node]:
        return list(self.graph.items(node)) if node is not None else []

    def _class_use(self, term: rdflib.term.Node, where: str) -> None:
        if isinstance(term, URIRef) and not _reserved(term) and not self.is_datatype(term):
            self.class_uses.setdefault(term, where)

    def _property_use(self, term: rdflib.term.Node, where: str) -> None:
        if isinstance(term, URIRef) and not _reserved(term):
            self.property_uses.setdefault(term, where)

    def _collect_class_uses(self) -> None:
        g = self.graph
        for s, c in g.subject_objects(RDF.type):
            self._class_use(c, f"object of rdf:type on {_show(s)}")
        for p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith):
            for s, o in g.subject_objects(p):
                self._class_use(s, f"subject of {shorten(p)}")
                self._class_use(o, f"object of {shorten(p)}")
        for p in (OWL.complementOf, OWL.onClass):
            for o in g.objects(None, p):
                self._class_use(o, f"object of {shorten(p)}")
        for p in (RDFS.domain, RDFS.range):
            for s, o in g.subject_objects(p):
                datatype_range = p == RDFS.range and s in self.data_properties
                if s not in self.annotation_properties and not datatype_range:
                    self._class_use(o, f"{shorten(p)} of {_show(s)}")
        for p in (OWL.someValuesFrom, OWL.allValuesFrom):
            for r, o in g.subject_objects(p):
                if g.value(r, OWL.onProperty) not in self.data_properties:
                    self._class_use(o, f"filler of an {shorten(p)} restriction")
        for p in (OWL.unionOf, OWL.intersectionOf, OWL.disjointUnionOf):
            for lst in g.objects(None, p):
                for m in self.members(lst):
                    self._class_use(m, f"member of an {shorten(p)} list")
        for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
            for m in self.members(g.value(node, OWL.members)):
                self._class_use(m, "member of an owl:AllDisjointClasses")

    def _collect_property_uses(self) -> None:
        g = self.graph
        for p in sorted(set(g.predicates()), key=str):
            self._property_use(p, "predicate of a triple")
        for o in g.objects(None, OWL.onProperty):
            self._property_use(o, "object of owl:onProperty")
        for p in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.propertyDisjointWith, OWL.inverseOf):
            for s, o in g.subject_objects(p):
                self._property_use(s, f"subject of {shorten(p)}")
                self._property_use(o, f"object of {shorten(p)}")
        for p in (RDFS.domain, RDFS.range):
            for s in g.subjects(p):
                self._property_use(s, f"subject of {shorten(p)}")
        for lst in g.objects(None, OWL.propertyChainAxiom):
            for m in self.members(lst):
                self._property_use(m, "member of an owl:propertyChainAxiom")
        for node in g.subjects(RDF.type, OWL.AllDisjointProperties):
            for m in self.members(g.value(node, OWL.members)):
                self._property_use(m, "member of an owl:AllDisjointProperties")

    def ours(self) -> list[rdflib.term.Node]:
        """The terms our namespace declares, sorted."""
        return sorted((t for t in self.declared if _ours(t)), key=str)


def _show(term: rdflib.term.Node) -> str:
    return term.n3() if isinstance(term, (Literal, BNode)) else shorten(str(term))


# -- The checks: each yields its findings --


def _check_header(g: rdflib.Graph) -> Iterator[Finding]:
    ontologies = sorted(g.subjects(RDF.type, OWL.Ontology), key=str)
    if not ontologies:
        message = (f"no owl:Ontology declaration: declare <{ONTOLOGY_IRI}> a owl:Ontology with its "
                   "metadata (owl:versionIRI, dcterms:license, ...)")
        yield Finding("P38", ONTOLOGY_IRI, message)
    for onto in ontologies:
        if g.value(onto, DCTERMS.license) is None:
            message = "the ontology declares no licence: add dcterms:license with the licence's IRI"
            yield Finding("P41", _show(onto), message)
        if g.value(onto, OWL.versionIRI) is None:
            message = "the ontology has no owl:versionIRI: add one per release (e.g. <.../ontology/0.1.0>)"
            yield Finding("versionIRI", _show(onto), message)


def _check_declarations(t: _Terms) -> Iterator[Finding]:
    """``undeclared`` for our terms declared nowhere; P34/P35 for the other misdeclared ones."""
    ours_declared = [str(term)[len(CN):] for term in t.ours()]
    for term in sorted({n for triple in t.graph for n in triple if _ours(n)} - set(t.declared), key=str):
        where = t.class_uses.get(term) or t.property_uses.get(term) or "in a triple"
        close = difflib.get_close_matches(str(term)[len(CN):], ours_declared, n=1)
        hint = f"; did you mean cn:{close[0]}?" if close else ""
        yield Finding("undeclared", _show(term), f"used ({where}) but declared nowhere{hint}")
    for term, where in sorted(t.class_uses.items()):
        if term not in t.classes and term != OWL.Thing and (term in t.declared or not _ours(term)):
            message = f"used as a class ({where}) but not declared owl:Class{_declared_as(t, term)}"
            yield Finding("P34", _show(term), f"{message}: add `{_show(term)} a owl:Class`")
    properties = t.object_properties | t.data_properties | t.annotation_properties
    for term, where in sorted(t.property_uses.items()):
        if term not in properties and (term in t.declared or not _ours(term)):
            message = (f"used as a property ({where}) but not declared owl:ObjectProperty, "
                       f"owl:DatatypeProperty or owl:AnnotationProperty{_declared_as(t, term)}")
            yield Finding("P35", _show(term), message)


def _declared_as(t: _Terms, term: rdflib.term.Node) -> str:
    kinds = sorted(shorten(str(k)) for k in t.declared.get(term, ()))
    return f" (declared only {', '.join(kinds)})" if kinds else ""


def _check_annotations(t: _Terms) -> Iterator[Finding]:
    g = t.graph
    documented = t.classes | t.object_properties | t.data_properties | t.annotation_properties
    for term in [term for term in t.ours() if term in documented]:
        if g.value(term, RDFS.label) is None:
            yield Finding("P08", _show(term), "has no rdfs:label")
        definitions = list(g.objects(term, SKOS.definition))
        if not definitions:
            yield Finding("P08", _show(term), "has no skos:definition")
        by_language = defaultdict(list)
        for d in definitions:
            by_language[getattr(d, "language", None)].append(d)
        for language, values in by_language.items():
            if len(values) > 1:
                tag = f" in @{language}" if language else ""
                yield Finding("P08", _show(term), f"has {len(values)} skos:definition values{tag}: keep one")
    for p in _TEXTS:
        for s, o in g.subject_objects(p):
            if isinstance(o, Literal) and not str(o).strip():
                yield Finding("P08", _show(s), f"has an empty {_show(p)}")


def _check_defined_by(t: _Terms) -> Iterator[Finding]:
    for term in t.ours():
        values = list(t.graph.objects(term, RDFS.isDefinedBy))
        if not values:
            yield Finding("isDefinedBy", _show(term), f"has no rdfs:isDefinedBy <{ONTOLOGY_IRI}>")
        for v in values:
            if v != URIRef(ONTOLOGY_IRI):
                message = f"rdfs:isDefinedBy {v.n3()} differs from the ontology IRI <{ONTOLOGY_IRI}>"
                yield Finding("isDefinedBy", _show(term), message)


def _check_domains_and_ranges(t: _Terms) -> Iterator[Finding]:
    g = t.graph
    for p in sorted(t.object_properties, key=str):
        inverses = set(g.objects(p, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, p))
        has_domain = g.value(p, RDFS.domain) is not None or any(g.value(q, RDFS.range) for q in inverses)
        has_range = g.value(p, RDFS.range) is not None or any(g.value(q, RDFS.domain) for q in inverses)
        missing = [name for name, has in (("rdfs:domain", has_domain), ("rdfs:range", has_range)) if not has]
        if missing and _ours(p):
            yield Finding("P11", _show(p), f"object property without {' and '.join(missing)}")
    for p in sorted(set(g.subjects(RDFS.domain)) | set(g.subjects(RDFS.range)), key=str):
        for axiom in (RDFS.domain, RDFS.range):
            values = sorted(g.objects(p, axiom), key=str)
            if len(values) > 1:
                shown = ", ".join(_show(v) for v in values)
                message = (f"has {len(values)} {_show(axiom)} statements ({shown}); OWL reads them as an "
                           "intersection: give one class, an owl:unionOf if either is meant")
                yield Finding("P19", _show(p), message)
    for p, r in sorted(g.subject_objects(RDFS.range), key=str):
        if p in t.object_properties and t.is_datatype(r):
            yield Finding("range-datatype", _show(p),
                          f"is an owl:ObjectProperty but its rdfs:range {_show(r)} is a datatype")
        elif p in t.data_properties and t.is_class(r):
            yield Finding("range-datatype", _show(p),
                          f"is an owl:DatatypeProperty but its rdfs:range {_show(r)} is a class")


def _check_unconnected(t: _Terms) -> Iterator[Finding]:
    g, annotations = t.graph, _ANNOTATIONS | t.annotation_properties

    def in_axiom(p: rdflib.term.Node, o: rdflib.term.Node) -> bool:
        declaration = p == RDF.type and o in _DECLARATIONS
        return p not in annotations and not isinstance(o, Literal) and not declaration

    for c in [c for c in t.ours() if c in t.classes]:
        as_subject = any(in_axiom(p, o) for p, o in g.predicate_objects(c))
        as_object = any(p not in annotations for p in g.predicates(None, c))
        if not (as_subject or as_object):
            message = ("takes part in no axiom (no superclass or subclass, domain, range, restriction, "
                       "disjointness or member): connect it or remove it")
            yield Finding("P04", _show(c), message)


# -- The Turtle source --

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I | re.M)
_DUMMY = "<urn:cybernorms:lint:subject> "


def lint_source(text: str) -> list[Finding]:
    """``commented-axiom`` findings: whole-line comments that parse as Turtle triples.

    ``# cn:X rdfs:subClassOf cn:Y .`` is one, and so is a commented-out continuation line
    (``#    rdfs:subClassOf cn:Y ;``); a banner (``# -- Actors --``) or prose is not.
    """
    prefixes = "".join(f"@prefix {p or ''}: <{iri}> .\n" for p, iri in _PREFIX.findall(text))
    findings, in_long_string = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count('"""') % 2 or line.count("'''") % 2:
            in_long_string = not in_long_string
            continue
        stripped = line.strip()
        if in_long_string or not stripped.startswith("#"):
            continue
        body = stripped.lstrip("#").strip()
        if _is_triple(body, prefixes):
            message = f"commented-out triple left in the source: {body}  (delete it, or restore it)"
            findings.append(Finding("commented-axiom", f"line {number}", message))
    return findings


def _is_triple(body: str, prefixes: str) -> bool:
    if ":" not in body or body.startswith("--"):
        return False
    statement = body.rstrip(" .;,") + " ."
    for candidate in (statement, _DUMMY + statement):
        try:
            if len(rdflib.Graph().parse(data=prefixes + candidate, format="turtle")):
                return True
        except Exception:  # rdflib raises several unrelated types for bad syntax
            continue
    return False


def lint_file(path: Path, *, consistency: bool = True, engine: str = "hermit",
              notify: Callable[[str], None] | None = None) -> list[Finding]:
    """Lint a Turtle file: its source, then its graph; ``notify`` receives the reasoner's notice
    (no Java, HermiT failed) if there is one."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    text = path.read_text(encoding="utf-8")
    findings = lint_source(text)
    try:
        graph = rdflib.Graph().parse(data=text, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        return _ordered([*findings, Finding("syntax", str(path), " ".join(str(exc).split()))])
    findings += lint(graph, consistency=False)
    if consistency:
        report = reason(graph, engine=engine)
        if report.notice and notify is not None:
            notify(report.notice)
        findings += consistency_findings(report)
    return _ordered(findings)
