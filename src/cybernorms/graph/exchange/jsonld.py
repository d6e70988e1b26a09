"""JSON-LD with the published context: write it compacted, read it without fetching anything.

The context (``context.jsonld`` beside this module, to be served at :data:`CONTEXT_IRI`)
gives every term of the ontology a readable key (``label``, ``text``, ``statedIn``,
``inCategory``, ...), makes object properties take IRIs and the typed datatype properties
take their datatype, makes a plain string of a natural-language property (``label``, ``text``,
``quote``: :data:`cybernorms.graph.language.NATURAL_LANGUAGE_PROPERTIES`) English text, and names
the prefixes of :data:`cybernorms.namespaces.PREFIXES`.
It is generated from the ontology by :func:`build_context` (``python -m
cybernorms.graph.exchange.jsonld`` rewrites the file) and checked against it by a test.

Exports are compacted here (:func:`dump_jsonld`) with the context inline, so a file needs
nothing else to be read. The compactor is hand-written rather than pyLD's ``compact`` for a
measured reason: pyLD took 827 s on 255k quads, and a release is written on every main job.
The context uses only prefixes and simple or typed terms, so the few compaction rules it
needs are written out in :class:`_Compactor`; the tests read its output back with pyLD to
check that it means the same quads.

Imports are processed by pyLD (https://github.com/digitalbazaar/pyld), always with
:func:`local_loader`, which serves the shipped context and refuses every other URL: no
remote ``@context`` or ``@import`` is ever fetched (JSON-LD 1.1 API, section 9.4.2,
"LoadDocumentCallback").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cybernorms.graph.language import DEFAULT_LANGUAGE, is_natural_language
from cybernorms.namespaces import CN, PREFIXES

__all__ = [
    "CONTEXT_FILE",
    "CONTEXT_IRI",
    "RemoteContextRefused",
    "build_context",
    "dump_jsonld",
    "jsonld_to_nquads",
    "load_context",
    "local_loader",
]

CONTEXT_IRI = "https://w3id.org/cybernorms/context.jsonld"
CONTEXT_FILE = Path(__file__).resolve().with_name("context.jsonld")

_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_OWL = PREFIXES["owl"]
_XSD = PREFIXES["xsd"]
_PLAIN_RANGES = {_XSD + "string", _RDFS + "Literal", _RDF + "langString", _RDF + "PlainLiteral"}

#: Readable keys for the reused terms the data and the ontology use most.
REUSED_TERMS: dict[str, tuple[str, str | None]] = {
    "label": ("rdfs:label", None),
    "comment": ("rdfs:comment", None),
    "seeAlso": ("rdfs:seeAlso", "@id"),
    "subClassOf": ("rdfs:subClassOf", "@id"),
    "subPropertyOf": ("rdfs:subPropertyOf", "@id"),
    "domain": ("rdfs:domain", "@id"),
    "range": ("rdfs:range", "@id"),
    "isDefinedBy": ("rdfs:isDefinedBy", "@id"),
    "definition": ("skos:definition", None),
    "prefLabel": ("skos:prefLabel", None),
    "altLabel": ("skos:altLabel", None),
    "scopeNote": ("skos:scopeNote", None),
    "inScheme": ("skos:inScheme", "@id"),
    "hasTopConcept": ("skos:hasTopConcept", "@id"),
    "broader": ("skos:broader", "@id"),
    "title": ("dcterms:title", None),
    "description": ("dcterms:description", None),
    "identifier": ("dcterms:identifier", None),
    "date": ("dcterms:date", "xsd:date"),
    "created": ("dcterms:created", "xsd:date"),
    "modified": ("dcterms:modified", "xsd:date"),
    "license": ("dcterms:license", "@id"),
    "creator": ("dcterms:creator", None),
    "member": ("org:member", "@id"),
    "organization": ("org:organization", "@id"),
    "role": ("org:role", "@id"),
    "memberOf": ("org:memberOf", "@id"),
    "memberDuring": ("org:memberDuring", "@id"),
    "page": ("foaf:page", "@id"),
    "wasDerivedFrom": ("prov:wasDerivedFrom", "@id"),
    "wasAttributedTo": ("prov:wasAttributedTo", "@id"),
    "generatedAtTime": ("prov:generatedAtTime", "xsd:dateTime"),
    "hasBeginning": ("time:hasBeginning", "@id"),
    "hasEnd": ("time:hasEnd", "@id"),
    "inXSDDate": ("time:inXSDDate", "xsd:date"),
}


class RemoteContextRefused(Exception):
    """A JSON-LD document asked for a context (or ``@import``) that is not shipped with the package."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def load_context() -> dict[str, Any]:
    """The shipped context document (``{"@context": {...}}``)."""
    context: dict[str, Any] = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    return context


def local_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyLD document loader that serves the shipped context and refuses everything else."""
    if url.rstrip("#") == CONTEXT_IRI:
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": load_context()}
    raise RemoteContextRefused(url)


def build_context(ontology: Iterable[ox.Triple | ox.Quad]) -> dict[str, Any]:
    """The context for an ontology: prefixes, reused terms and one key per ``cn:`` term."""
    kinds: dict[str, str] = {}
    ranges: dict[str, str] = {}
    for statement in ontology:
        s, p, o = statement.subject, statement.predicate, statement.object
        if not isinstance(s, ox.NamedNode) or not s.value.startswith(CN):
            continue
        if p.value == _RDF + "type" and isinstance(o, ox.NamedNode):
            kind = {_OWL + "Class": "class", _OWL + "ObjectProperty": "object",
                    _OWL + "DatatypeProperty": "data", _OWL + "AnnotationProperty": "annotation"}.get(o.value)
            if kind and kinds.get(s.value) != "object":
                kinds[s.value] = kind
        elif p.value == _RDFS + "range" and isinstance(o, ox.NamedNode):
            ranges[s.value] = o.value
    terms: dict[str, Any] = {"id": "@id", "type": "@type"}
    local_terms = {iri[len(CN):]: kind for iri, kind in kinds.items()}
    for prefix, namespace in PREFIXES.items():
        if prefix not in local_terms and prefix not in REUSED_TERMS:
            terms[prefix] = namespace
    for key, (curie, coercion) in REUSED_TERMS.items():
        if key not in local_terms:
            terms[key] = {"@id": curie, "@type": coercion} if coercion else _text_term(curie)
    for local in sorted(local_terms):
        iri, kind = CN + local, local_terms[local]
        if kind == "object":
            terms[local] = {"@id": f"cn:{local}", "@type": "@id"}
        elif kind == "data" and ranges.get(iri, _XSD + "string") not in _PLAIN_RANGES:
            terms[local] = {"@id": f"cn:{local}", "@type": "xsd:" + ranges[iri][len(_XSD):]
                            if ranges[iri].startswith(_XSD) else ranges[iri]}
        else:
            terms[local] = _text_term(f"cn:{local}")
    return {"@context": terms}


def _text_term(curie: str) -> str | dict[str, str]:
    """A term without coercion; one whose values are natural-language text reads a plain string as English."""
    if is_natural_language(_expand(curie, PREFIXES)):
        return {"@id": curie, "@language": DEFAULT_LANGUAGE}
    return curie


def dump_jsonld(quads: Iterable[ox.Quad]) -> bytes:
    """Compacted JSON-LD of canonical, sorted quads, with the context inline; named graphs kept.

    Written directly by :class:`_Compactor` from the context's term definitions (pyLD's
    compaction takes minutes on 10^5 statements); pyLD reads it back in the tests. The input
    order fixes the output order, so canonical sorted quads give the same bytes every time.
    """
    context = load_context()["@context"]
    document = _Compactor(context).document(quads)
    document["@context"] = context
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


class _Compactor:
    """Compaction (JSON-LD 1.1 API, section 6) for a context of prefixes and simple or typed terms.

    Each predicate gets the key of the term that maps to it when every one of its values
    fits the term's type coercion; values that do not fit go under the predicate's compact
    IRI (``cn:text``), which carries no coercion. Class IRIs in ``type`` become terms
    (``State``), other IRIs compact IRIs (``state:chn``); lists stay ``rdf:first`` and
    ``rdf:rest`` statements, so every statement is written as it is.
    """

    def __init__(self, context: dict[str, Any]) -> None:
        self.aliases = {value: key for key, value in context.items() if value in ("@id", "@type")}
        self.compacted: dict[str, str] = {}
        self.prefixes: list[tuple[str, str]] = []
        for key, value in context.items():
            if isinstance(value, str) and value.startswith(("http://", "https://")) and value[-1] in "/#":
                self.prefixes.append((value, key))
        self.prefixes.sort(key=lambda pair: -len(pair[0]))
        known = {prefix: ns for ns, prefix in self.prefixes}
        self.terms: dict[str, tuple[str, str | None]] = {}
        #: The language a term gives its plain strings (JSON-LD 1.1, section 4.2.4: "@language" in a term).
        self.languages: dict[str, str] = {}
        for key, value in context.items():
            if key.startswith("@") or value in ("@id", "@type") or key in known:
                continue
            definition = value if isinstance(value, dict) else {"@id": value}
            iri = _expand(definition["@id"], known)
            coercion = definition.get("@type")
            self.terms.setdefault(iri, (key, _expand(coercion, known) if coercion not in (None, "@id") else coercion))
            if "@language" in definition and self.terms[iri][0] == key:
                self.languages[iri] = str(definition["@language"])

    def iri(self, iri: str) -> str:
        """An IRI as a compact IRI where a prefix fits, else as it is."""
        found = self.compacted.get(iri)
        if found is None:
            found = iri
            for namespace, prefix in self.prefixes:
                rest = iri[len(namespace):]
                if iri.startswith(namespace) and rest and not rest.startswith("//"):
                    found = f"{prefix}:{rest}"
                    break
            self.compacted[iri] = found
        return found

    def node_id(self, term: Any) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def document(self, quads: Iterable[ox.Quad]) -> dict[str, Any]:
        by_graph: dict[str, list[ox.Quad]] = {}
        for quad in quads:
            key = "" if isinstance(quad.graph_name, ox.DefaultGraph) else self.node_id(quad.graph_name)
            by_graph.setdefault(key, []).append(quad)
        top = {node[self.aliases["@id"]]: node for node in self.nodes(by_graph.pop("", []))}
        for name, members in by_graph.items():
            holder = top.setdefault(name, {self.aliases["@id"]: name})
            holder["@graph"] = self.nodes(members)
        return {"@context": None, "@graph": list(top.values())}

    def nodes(self, quads: list[ox.Quad]) -> list[dict[str, Any]]:
        by_subject: dict[str, list[ox.Quad]] = {}
        for quad in quads:
            by_subject.setdefault(self.node_id(quad.subject), []).append(quad)
        return [self.node(subject, members) for subject, members in by_subject.items()]

    def node(self, subject: str, quads: list[ox.Quad]) -> dict[str, Any]:
        node: dict[str, Any] = {self.aliases["@id"]: subject}
        values: dict[str, list[Any]] = {}
        by_predicate: dict[str, list[Any]] = {}
        for quad in quads:
            by_predicate.setdefault(quad.predicate.value, []).append(quad.object)
        for predicate, objects in by_predicate.items():
            if predicate == _RDF + "type":
                kept = [o for o in objects if not isinstance(o, ox.Literal)]
                if kept:
                    values[self.aliases["@type"]] = [self.class_name(o) for o in kept]
                objects = [o for o in objects if isinstance(o, ox.Literal)]
            for key, value in self.entries(predicate, objects):
                values.setdefault(key, []).append(value)
        type_key = self.aliases["@type"]
        for key in sorted(values, key=lambda k: (k != type_key, k)):
            node[key] = values[key][0] if len(values[key]) == 1 else values[key]
        return node

    def class_name(self, term: Any) -> str:
        if isinstance(term, ox.NamedNode) and term.value in self.terms and self.terms[term.value][1] is None:
            return self.terms[term.value][0]
        return self.node_id(term)

    def entries(self, predicate: str, objects: list[Any]) -> Iterable[tuple[str, Any]]:
        term, coercion = self.terms.get(predicate, (None, None))
        for value in objects:
            if term is not None and coercion == "@id" and not isinstance(value, ox.Literal):
                yield term, self.node_id(value)
            elif term is not None and coercion is not None and isinstance(value, ox.Literal) \
                    and value.language is None and value.datatype.value == coercion:
                yield term, value.value
            elif term is not None and coercion is None and predicate in self.languages:
                yield term, self.text(value, self.languages[predicate])
            elif term is not None and coercion is None:
                yield term, self.value(value)
            else:
                yield self.iri(predicate), self.value(value)

    def text(self, term: Any, language: str) -> Any:
        """A value under a term whose plain strings are in ``language``: such a literal as a plain string."""
        if isinstance(term, ox.Literal) and term.language == language:
            return term.value
        if isinstance(term, ox.Literal) and term.language is None and term.datatype.value == _XSD + "string":
            return {"@value": term.value}  # a value object: the term's language does not apply to it
        return self.value(term)

    def value(self, term: Any) -> Any:
        """A value under a key without type coercion."""
        if not isinstance(term, ox.Literal):
            return {self.aliases["@id"]: self.node_id(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD + "string":
            return term.value
        return {"@value": term.value, self.aliases["@type"]: self.iri(term.datatype.value)}


def _expand(value: str, prefixes: dict[str, str]) -> str:
    prefix, sep, suffix = value.partition(":")
    if sep and prefix in prefixes and not suffix.startswith("//"):
        return prefixes[prefix] + suffix
    return value


def jsonld_to_nquads(document: Any, base: str | None = None) -> str:
    """N-Quads of a parsed JSON-LD document, fetching nothing (see :func:`local_loader`)."""
    from pyld import jsonld

    options: dict[str, Any] = {"format": "application/n-quads", "documentLoader": local_loader}
    if base is not None:
        options["base"] = base
    nquads: str = jsonld.to_rdf(document, options)
    return nquads


def _write_context() -> None:  # pragma: no cover - a maintainer's tool
    from cybernorms.graph._files import atomic_write
    from cybernorms.ontology import ONTOLOGY_FILE as ontology

    triples = [q.triple for q in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE)]
    text = json.dumps(build_context(triples), indent=2, ensure_ascii=False) + "\n"
    atomic_write(CONTEXT_FILE, text.encode("utf-8"))
    print(f"wrote {CONTEXT_FILE}")


if __name__ == "__main__":  # pragma: no cover
    _write_context()
