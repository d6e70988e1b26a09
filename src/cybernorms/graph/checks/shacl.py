"""Validate data against the SHACL shapes (pySHACL) and the provenance rule.

The shapes (``shapes.ttl``) say what complete data means: every norm has its text,
document and a category; every actor a label; every claim graph a locator and a source.
Validation runs over the union of the ontology, the asserted graphs and the provenance
graph, so that class targets reach instances of subclasses. A separate check makes sure
that no named graph of asserted facts lacks a provenance description.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cybernorms.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, PROVENANCE_GRAPH, shorten

if TYPE_CHECKING:
    import rdflib

    from cybernorms.graph.store.embedded import Store

SHAPES_FILE = Path(__file__).resolve().parent / "shapes.ttl"
SYSTEM_GRAPHS = frozenset({ONTOLOGY_GRAPH, PROVENANCE_GRAPH, INFERRED_GRAPH})


@dataclass(frozen=True)
class Violation:
    """One SHACL result, in words: the node, the shape's rule and its message."""

    focus: str
    path: str
    message: str
    shape: str
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.focus}{where}: {self.message} [{self.shape}]"


def shapes_graph() -> rdflib.Graph:
    """The packaged SHACL shapes."""
    import rdflib

    return rdflib.Graph().parse(SHAPES_FILE, format="turtle")


def run_shacl(data: rdflib.Graph) -> tuple[list[Violation], rdflib.Graph]:
    """Validate ``data`` against the shapes; the violations and the W3C SHACL report graph."""
    import pyshacl

    shapes = shapes_graph()
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    return _violations(report, shapes), report


def _violations(report: rdflib.Graph, shapes: rdflib.Graph) -> list[Violation]:
    from rdflib import BNode
    from rdflib.namespace import SH

    def shape_name(node: object) -> str:
        if isinstance(node, BNode):  # a property shape: name the node shape that holds it
            node = shapes.value(None, SH.property, node)
        return "" if node is None or isinstance(node, BNode) else shorten(str(node))

    found = []
    for result in report.subjects(SH.resultSeverity, None):
        def one(pred: rdflib.URIRef, r: rdflib.term.Node = result) -> str:
            value = report.value(r, pred)
            return "" if value is None else str(value)

        found.append(
            Violation(
                focus=shorten(one(SH.focusNode)),
                path=shorten(one(SH.resultPath)) if one(SH.resultPath) else "",
                message=one(SH.resultMessage) or "does not conform",
                shape=shape_name(report.value(result, SH.sourceShape)),
                severity=shorten(one(SH.resultSeverity)).replace("sh:", ""),
            )
        )
    return sorted(found, key=lambda v: (v.focus, v.path, v.message))


def union_for_validation(store: Store, extra_graphs: tuple[str, ...] = ()) -> rdflib.Graph:
    """Ontology, asserted claim graphs, partner graphs and provenance merged in one rdflib graph."""
    from cybernorms.graph.store.rdflib_bridge import store_graph

    return store_graph(store, skip={INFERRED_GRAPH}, extra_ntriples=extra_graphs)


def unsourced_graphs(store: Store) -> list[str]:
    """Named graphs of asserted facts that have no provenance description."""
    described = {
        str(getattr(row[0], "value", ""))
        for row in store.query(
            "SELECT ?g WHERE { GRAPH <" + PROVENANCE_GRAPH + "> { ?g a ?kind } }"
        ).rows
    }
    return [g for g in store.graphs() if g not in SYSTEM_GRAPHS and g not in described]


def validate_store(store: Store) -> list[str]:
    """Every problem with the data of ``store``, one line each; empty when it conforms."""
    problems = [f"{shorten(g)}: a named graph with no source (no description in the provenance graph)"
                for g in unsourced_graphs(store)]
    violations, _report = run_shacl(union_for_validation(store))
    problems.extend(str(v) for v in violations)
    return problems


@dataclass(frozen=True)
class DataProblem:
    """One problem with the data, as ``cybernorms validate`` lists it: a code (``unsourced`` or
    ``shacl``), the term at fault and what is wrong. Its own type, so that the data check does not
    depend on the ontology linter's findings."""

    code: str
    term: str
    message: str


def check_data(store: Store) -> list[DataProblem]:
    """``cybernorms validate``'s data check of ``store``: the sources of its graphs, then the SHACL shapes."""
    problems = [
        DataProblem("unsourced", shorten(g), "a named graph with no source: no description in the provenance graph")
        for g in unsourced_graphs(store)
    ]
    violations, _report = run_shacl(union_for_validation(store))
    problems.extend(
        DataProblem("shacl", v.focus, f"{v.path + ': ' if v.path else ''}{v.message}"
                    + (f" [{v.shape}]" if v.shape else ""))
        for v in violations
    )
    return problems
