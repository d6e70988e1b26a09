"""HTML documentation of the ontology, generated from its Turtle: one self-contained page.

The page lists the ontology's metadata, then every class and property of the ``cn:``
namespace with its label, definition, superclasses (restrictions written out in words, in
the manner of the Manchester syntax), domains and ranges, and draws the class hierarchy as
an inline SVG. It loads nothing from elsewhere (no CDN, no script), and every piece of
text from the ontology is HTML-escaped, so a label cannot inject markup.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cybernorms.namespaces import CN, ONTOLOGY_IRI, shorten

__all__ = ["ontology_html"]

_DCT = rdflib.Namespace("http://purl.org/dc/terms/")
_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222;
       line-height: 1.45; }
h1 { font-size: 1.7rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
h3 { margin-bottom: 0.2rem; } code { background: #f4f4f4; padding: 0 0.2rem; }
section.term { border-left: 3px solid #8ab; padding-left: 0.8rem; margin: 1.2rem 0; }
table.facts th { text-align: left; vertical-align: top; padding-right: 1rem; white-space: nowrap; font-weight: 600; }
.iri { color: #666; font-size: 0.85rem; } nav ul { columns: 3; } .diagram { overflow-x: auto; }
"""
_ROW_HEIGHT = 22
_INDENT = 22
_CHAR_WIDTH = 7.2


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


class _Doc:
    """The ontology graph with the lookups the page needs."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.g = graph
        self.classes = self._ours(OWL.Class)
        self.object_properties = self._ours(OWL.ObjectProperty)
        self.datatype_properties = self._ours(OWL.DatatypeProperty)
        self.annotation_properties = self._ours(OWL.AnnotationProperty)
        self.terms = set(self.classes) | set(self.object_properties) | set(self.datatype_properties) \
            | set(self.annotation_properties)

    def _ours(self, kind: URIRef) -> list[URIRef]:
        found = {s for s in self.g.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(CN)}
        return sorted(found, key=lambda s: str(s).lower())

    def text(self, node: rdflib.term.Node, predicate: URIRef) -> str:
        values = sorted(str(v) for v in self.g.objects(node, predicate) if isinstance(v, Literal))
        return values[0] if values else ""

    def label(self, node: rdflib.term.Node) -> str:
        return self.text(node, RDFS.label) or str(node)[len(CN):]

    def link(self, node: rdflib.term.Node) -> str:
        """A term as HTML: a link to its section for ours, a CURIE otherwise, a class expression for a blank node."""
        if isinstance(node, URIRef):
            if node in self.terms:
                local = str(node)[len(CN):]
                return f'<a href="#{_e(local)}">{_e(local)}</a>'
            return f"<code>{_e(shorten(str(node)))}</code>"
        if isinstance(node, BNode):
            return self.expression(node)
        return _e(node)

    def expression(self, node: BNode, depth: int = 0) -> str:
        """A class expression in words: ``stakeholderGroup value states``, ``A or B``, ``inverse p``."""
        g = self.g
        if depth > 6:
            return "…"
        for keyword, joiner in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            members = g.value(node, keyword)
            if members is not None:
                return "(" + joiner.join(self._sub(m, depth) for m in g.items(members)) + ")"
        one_of = g.value(node, OWL.oneOf)
        if one_of is not None:
            return "{" + ", ".join(self._sub(m, depth) for m in g.items(one_of)) + "}"
        if g.value(node, OWL.complementOf) is not None:
            return "not " + self._sub(g.value(node, OWL.complementOf), depth)
        if g.value(node, OWL.inverseOf) is not None:
            return "inverse " + self._sub(g.value(node, OWL.inverseOf), depth)
        prop = g.value(node, OWL.onProperty)
        if prop is not None:
            return self._restriction(node, prop, depth)
        return "<em>an anonymous class</em>"

    def _sub(self, node: rdflib.term.Node | None, depth: int) -> str:
        if isinstance(node, BNode):
            shown = self.expression(node, depth + 1)
            bracketed = any(self.g.value(node, k) is not None for k in (OWL.unionOf, OWL.intersectionOf, OWL.oneOf))
            return shown if bracketed else f"({shown})"
        return self.link(node) if node is not None else "?"

    def _restriction(self, node: BNode, prop: rdflib.term.Node, depth: int) -> str:
        g = self.g
        subject = self._sub(prop, depth)
        for keyword, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"), (OWL.hasValue, "value")):
            value = g.value(node, keyword)
            if value is not None:
                shown = self._sub(value, depth) if not isinstance(value, URIRef) or keyword != OWL.hasValue \
                    else self._individual(value)
                return f"{subject} {word} {shown}"
        for keyword, word in ((OWL.minCardinality, "min"), (OWL.maxCardinality, "max"),
                              (OWL.cardinality, "exactly"), (OWL.minQualifiedCardinality, "min"),
                              (OWL.maxQualifiedCardinality, "max"), (OWL.qualifiedCardinality, "exactly")):
            value = g.value(node, keyword)
            if value is not None:
                on = g.value(node, OWL.onClass)
                return f"{subject} {word} {_e(value)}" + (f" {self._sub(on, depth)}" if on is not None else "")
        return f"a restriction on {subject}"

    def _individual(self, node: URIRef) -> str:
        label = self.text(node, RDFS.label)
        return f"<code>{_e(shorten(str(node)))}</code>" + (f" ({_e(label)})" if label else "")


def ontology_html(graph: rdflib.Graph) -> str:
    """The documentation page of the ontology in ``graph``."""
    doc = _Doc(graph)
    ontology = URIRef(ONTOLOGY_IRI)
    title = doc.text(ontology, _DCT.title) or "cybernorms ontology"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        *_header(doc, ontology, title),
        *_contents(doc),
        '<h2 id="diagram">Class hierarchy</h2>',
        '<p>Each class of the ontology under its first named superclass (others are named beside it); '
        "superclasses from reused vocabularies are shown in grey.</p>",
        f'<div class="diagram">{class_diagram(doc)}</div>',
        '<h2 id="classes">Classes</h2>',
        *(part for term in doc.classes for part in _class_section(doc, term)),
        '<h2 id="object-properties">Object properties</h2>',
        *(part for term in doc.object_properties for part in _property_section(doc, term)),
        '<h2 id="datatype-properties">Datatype properties</h2>',
        *(part for term in doc.datatype_properties for part in _property_section(doc, term)),
    ]
    if doc.annotation_properties:
        parts.append('<h2 id="annotation-properties">Annotation properties</h2>')
        parts += [part for term in doc.annotation_properties for part in _property_section(doc, term)]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _header(doc: _Doc, ontology: URIRef, title: str) -> list[str]:
    facts = [
        ("IRI", f"<code>{_e(ontology)}</code>"),
        ("version", _e(doc.text(ontology, OWL.versionInfo))),
        ("version IRI", "".join(f"<code>{_e(v)}</code>" for v in doc.g.objects(ontology, OWL.versionIRI))),
        ("created", _e(doc.text(ontology, _DCT.created))),
        ("modified", _e(doc.text(ontology, _DCT.modified))),
        ("licence", ", ".join(f'<a href="{_e(v)}">{_e(v)}</a>' for v in sorted(str(o) for o in doc.g.objects(ontology, _DCT.license)))),
        ("creator", _e(doc.text(ontology, _DCT.creator))),
    ]
    description = doc.text(ontology, _DCT.description)
    paragraphs = [f"<p>{_e(p.strip())}</p>" for p in description.split("\n\n") if p.strip()]
    return [f"<h1>{_e(title)}</h1>", _facts(facts), *paragraphs]


def _contents(doc: _Doc) -> list[str]:
    def listing(terms: Iterable[URIRef]) -> str:
        items = "".join(f"<li>{doc.link(t)}</li>" for t in terms)
        return f"<ul>{items}</ul>"

    return [
        '<nav><h2 id="contents">Contents</h2>',
        '<p><a href="#diagram">Class hierarchy</a></p>',
        f'<h3><a href="#classes">Classes</a> ({len(doc.classes)})</h3>', listing(doc.classes),
        f'<h3><a href="#object-properties">Object properties</a> ({len(doc.object_properties)})</h3>',
        listing(doc.object_properties),
        f'<h3><a href="#datatype-properties">Datatype properties</a> ({len(doc.datatype_properties)})</h3>',
        listing(doc.datatype_properties),
        "</nav>",
    ]


def _facts(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{_e(name)}</th><td>{value}</td></tr>" for name, value in rows if value)
    return f'<table class="facts">{body}</table>'


def _term_head(doc: _Doc, term: URIRef, kind: str) -> list[str]:
    local = str(term)[len(CN):]
    definition = doc.text(term, SKOS.definition) or doc.text(term, RDFS.comment)
    head = [f'<section class="term" id="{_e(local)}">',
            f"<h3>{_e(local)} <small>({_e(kind)})</small></h3>",
            f'<div class="iri">{_e(term)} · label: “{_e(doc.label(term))}”</div>']
    if definition:
        head.append(f"<p>{_e(definition)}</p>")
    return head


def _join(doc: _Doc, nodes: Iterable[rdflib.term.Node]) -> str:
    shown = sorted(doc.link(n) for n in nodes)
    return ", ".join(shown)


def _class_section(doc: _Doc, term: URIRef) -> list[str]:
    g = doc.g
    disjoint = set(g.objects(term, OWL.disjointWith)) | set(g.subjects(OWL.disjointWith, term))
    for group in g.subjects(RDF.type, OWL.AllDisjointClasses):
        listed = g.value(group, OWL.members)
        members = list(g.items(listed)) if listed is not None else []
        if term in members:
            disjoint |= {m for m in members if m != term}
    rows = [
        ("subclass of", _join(doc, g.objects(term, RDFS.subClassOf))),
        ("equivalent to", _join(doc, g.objects(term, OWL.equivalentClass))),
        ("subclasses", _join(doc, (s for s in g.subjects(RDFS.subClassOf, term) if isinstance(s, URIRef)))),
        ("disjoint with", _join(doc, disjoint)),
        ("properties with this domain", _join(doc, (p for p in g.subjects(RDFS.domain, term) if p in doc.terms))),
        ("properties with this range", _join(doc, (p for p in g.subjects(RDFS.range, term) if p in doc.terms))),
    ]
    return [*_term_head(doc, term, "class"), _facts(rows), "</section>"]


def _property_section(doc: _Doc, term: URIRef) -> list[str]:
    g = doc.g
    characteristics = sorted(shorten(str(k)).replace("owl:", "") for k in g.objects(term, RDF.type)
                             if k not in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty))
    inverse = set(g.objects(term, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, term))
    kind = {True: "object property", False: "datatype property"}[term in doc.object_properties]
    if term in doc.annotation_properties:
        kind = "annotation property"
    rows = [
        ("domain", _join(doc, g.objects(term, RDFS.domain))),
        ("range", _join(doc, g.objects(term, RDFS.range))),
        ("sub-property of", _join(doc, g.objects(term, RDFS.subPropertyOf))),
        ("inverse of", _join(doc, inverse)),
        ("characteristics", _e(", ".join(characteristics))),
    ]
    return [*_term_head(doc, term, kind), _facts(rows), "</section>"]


# -- the diagram --


def class_diagram(doc: _Doc) -> str:
    """An inline SVG of the ``cn:`` class tree: each class under its first ``cn:`` superclass."""
    parents: dict[URIRef, list[URIRef]] = {}
    external: dict[URIRef, list[str]] = defaultdict(list)
    ours = set(doc.classes)
    for c in doc.classes:
        supers = sorted((s for s in doc.g.objects(c, RDFS.subClassOf) if isinstance(s, URIRef)), key=str)
        parents[c] = [s for s in supers if s in ours and s != c]
        external[c] = [shorten(str(s)) for s in supers if s not in ours]
    children: dict[URIRef | None, list[URIRef]] = defaultdict(list)
    for c in doc.classes:
        children[parents[c][0] if parents[c] else None].append(c)
    rows: list[tuple[int, URIRef]] = []
    placed: set[URIRef] = set()

    def walk(node: URIRef | None, depth: int) -> None:
        for child in sorted(children.get(node, []), key=lambda c: str(c).lower()):
            if child not in placed:
                placed.add(child)
                rows.append((depth, child))
                walk(child, depth + 1)

    walk(None, 0)
    for c in doc.classes:  # a cycle of subclass axioms leaves classes unplaced: list them at the root
        if c not in placed:
            placed.add(c)
            rows.append((0, c))
    return _svg(doc, rows, parents, external)


def _svg(doc: _Doc, rows: list[tuple[int, URIRef]], parents: dict[URIRef, list[URIRef]],
         external: dict[URIRef, list[str]]) -> str:
    position: dict[URIRef, tuple[float, float]] = {}
    shapes: list[str] = []
    width = 200.0
    for index, (depth, c) in enumerate(rows):
        x, y = 10 + depth * _INDENT, 10 + index * _ROW_HEIGHT
        position[c] = (x, y)
        local = str(c)[len(CN):]
        box = len(local) * _CHAR_WIDTH + 12
        first = parents[c][0] if parents[c] else None
        if first in position:
            px, py = position[first]
            shapes.append(f'<path d="M{px + 6:.0f},{py + 16:.0f} V{y + 8:.0f} H{x:.0f}" fill="none" stroke="#89a"/>')
        shapes.append(f'<a href="#{_e(local)}"><rect x="{x:.0f}" y="{y:.0f}" width="{box:.0f}" height="16" rx="3" '
                      f'fill="#eef4f7" stroke="#8ab"/><text x="{x + 6:.0f}" y="{y + 12:.0f}">{_e(local)}</text></a>')
        notes = [str(p)[len(CN):] for p in parents[c][1:]] + external[c]
        if notes:
            note = ("also ⊑ " if parents[c] else "⊑ ") + ", ".join(notes)
            shapes.append(f'<text x="{x + box + 6:.0f}" y="{y + 12:.0f}" fill="#888">{_e(note)}</text>')
            width = max(width, x + box + 12 + len(note) * _CHAR_WIDTH * 0.9)
        width = max(width, x + box + 10)
    height = 20 + len(rows) * _ROW_HEIGHT
    title = f"Class hierarchy of the cybernorms ontology: {len(rows)} classes"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height}" '
            f'viewBox="0 0 {width:.0f} {height}" font-family="system-ui, sans-serif" font-size="12" role="img" '
            f'aria-label="{_e(title)}"><title>{_e(title)}</title>' + "".join(shapes) + "</svg>")
