"""What the search indexes, read from the store through SPARQL: one :class:`Entry` per searchable thing.

Two SELECTs that every store answers alike (the embedded graph, ``--store DIR``, ``--store URL``): the
kind of every resource typed with a class under one of :data:`KINDS` (through ``rdfs:subClassOf*`` in the
ontology graph, so a subclass a partner's data uses counts), and the values of the properties a reader
searches by (:data:`VALUES`: labels, texts, notations, short names, symbols, a norm's document, category
and themes, dates). The rest is joined in Python: a norm's themes bring their labels and synonyms
(``skos:altLabel``, ``skos:hiddenLabel``, curated in ``graph/data/categories.yaml``), its document its
title, short name and symbol, its category its label; a norm is dated by its document.

A resource whose type is stated only in partner graphs (``graph/partner/<name>``) is marked as that
partner's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cybernorms.namespaces import CN, CURATED_FILTER, PREFIXES, sole_partner

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

__all__ = ["KINDS", "Entry", "ThemeLabel", "entries"]

_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_DCT = PREFIXES["dcterms"]

#: The kinds of things searched, each with the class whose instances (and subclasses') it holds.
KINDS: dict[str, str] = {
    "norm": CN + "NormStatement",
    "document": CN + "Document",
    "actor": CN + "Actor",
    "forum": CN + "Forum",
    "event": CN + "Event",
    "measure": CN + "Measure",
    "characteristic": CN + "Characteristic",
    "finding": CN + "Finding",
    "theme": CN + "Theme",
}

LABEL, PREF, ALT, HIDDEN = _RDFS + "label", _SKOS + "prefLabel", _SKOS + "altLabel", _SKOS + "hiddenLabel"
TEXT, DEFINITION, NOTATION = CN + "text", _SKOS + "definition", CN + "notation"
SHORT_NAME, SYMBOL, STATED_IN, CATEGORY, THEME, DATE = (
    CN + "shortName", CN + "unSymbol", CN + "statedIn", CN + "inCategory", CN + "theme", _DCT + "date",
)
#: The properties whose values the search reads.
VALUES: tuple[str, ...] = (LABEL, PREF, ALT, HIDDEN, TEXT, DEFINITION, NOTATION, SHORT_NAME, SYMBOL,
                           STATED_IN, CATEGORY, THEME, DATE)

_KIND_QUERY = """SELECT ?s ?kind ?class ?g WHERE {
  VALUES (?top ?kind) { %s }
  GRAPH ?g { ?s a ?class }
  ?class <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?top .
  FILTER(isIRI(?s))
}""" % " ".join(f'(<{iri}> "{kind}")' for kind, iri in KINDS.items())

_VALUE_QUERY = """SELECT ?s ?p ?o WHERE {
  VALUES ?p { %s }
  ?s ?p ?o .
  FILTER(isIRI(?s))
}""" % " ".join(f"<{p}>" for p in VALUES)

#: The same values from the partners' graphs, read after the curated ones so that a curated name stays the
#: name shown (a partner's label of a curated entity is found, never shown in its place).
_PARTNER_VALUE_QUERY = """SELECT ?s ?p ?o WHERE {
  VALUES ?p { %s }
  GRAPH ?g { ?s ?p ?o }
  FILTER(isIRI(?s) && !%s)
}""" % (" ".join(f"<{p}>" for p in VALUES), CURATED_FILTER.format("?g"))

_CLASS_LABELS = """SELECT ?c (SAMPLE(?l) AS ?label) WHERE {
  ?c a <http://www.w3.org/2002/07/owl#Class> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l
} GROUP BY ?c"""


@dataclass(frozen=True)
class ThemeLabel:
    """A theme as a norm's entry holds it: its IRI, label and the synonyms it is found by."""

    iri: str
    label: str
    synonyms: tuple[str, ...] = ()

    def line(self) -> str:
        """The theme as one line of a norm's themes column: label, then synonyms."""
        return " · ".join((self.label, *self.synonyms))


@dataclass
class Entry:
    """One searchable thing: its IRI, kind, what is shown and what is searched, and its facets."""

    iri: str
    kind: str
    label: str = ""
    text: str = ""
    also: list[str] = field(default_factory=list)
    themes: list[ThemeLabel] = field(default_factory=list)
    document: str | None = None
    document_label: str = ""
    document_words: str = ""
    category: str | None = None
    category_label: str = ""
    actor_type: str | None = None
    date: str = ""
    partner: str | None = None

    @property
    def year(self) -> str:
        """The year of the entry's date (``""`` if undated)."""
        return self.date[:4]


_NO_MARKS = {0xE000: None, 0xE001: None}


class _Values:
    """The values read for each subject, by property (literals as their lexical form, IRIs as IRIs)."""

    def __init__(self) -> None:
        self.by_subject: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.english: dict[tuple[str, str], str] = {}

    def add(self, subject: str, predicate: str, value: str, language: str | None) -> None:
        value = value.translate(_NO_MARKS)  # the snippets' marks are never data
        values = self.by_subject[subject][predicate]
        if value not in values:
            values.append(value)
        if language in (None, "", "en"):
            self.english.setdefault((subject, predicate), value)

    def first(self, subject: str, *predicates: str) -> str:
        """The first value of the first property that has one, an untagged or English one first."""
        for predicate in predicates:
            if (subject, predicate) in self.english:
                return self.english[(subject, predicate)]
            found = self.by_subject.get(subject, {}).get(predicate)
            if found:
                return found[0]
        return ""

    def all(self, subject: str, predicate: str) -> list[str]:
        return list(self.by_subject.get(subject, {}).get(predicate, []))


def _term_value(term: object) -> tuple[str, str | None]:
    value = getattr(term, "value", str(term))
    language = getattr(term, "language", None)
    return str(value), language


def _read_values(store: Store) -> _Values:
    values = _Values()
    for query in (_VALUE_QUERY, _PARTNER_VALUE_QUERY):
        for s, p, o in store.query(query).rows:
            if s is None or p is None or o is None:
                continue
            value, language = _term_value(o)
            values.add(_term_value(s)[0], _term_value(p)[0], value, language)
    return values


def _read_kinds(store: Store) -> tuple[dict[str, str], dict[str, set[str]], dict[str, set[str]]]:
    """The kind of each subject (the first of :data:`KINDS` it is one of), its classes, its graphs."""
    order = list(KINDS)
    kind: dict[str, str] = {}
    classes: dict[str, set[str]] = defaultdict(set)
    graphs: dict[str, set[str]] = defaultdict(set)
    for s, k, c, g in store.query(_KIND_QUERY).rows:
        if s is None or k is None or c is None:
            continue
        subject, name = _term_value(s)[0], _term_value(k)[0]
        if subject not in kind or order.index(name) < order.index(kind[subject]):
            kind[subject] = name
        classes[subject].add(_term_value(c)[0])
        if g is not None:
            graphs[subject].add(_term_value(g)[0])
    return kind, classes, graphs


def _class_labels(store: Store) -> dict[str, str]:
    return {
        _term_value(c)[0]: _term_value(label)[0]
        for c, label in store.query(_CLASS_LABELS).rows if c is not None and label is not None
    }


def _partner(graphs: set[str]) -> str | None:
    """The partner whose graphs alone type a resource, or ``None`` for curated (or mixed) data.

    A partner's graphs are what it sent and what the reasoner infers only with it
    (:func:`~cybernorms.namespaces.partner_of`): a supporter typed there and in its inferred graph is the
    partner's.
    """
    return sole_partner(graphs)


def _actor_type(classes: set[str], class_labels: dict[str, str]) -> str | None:
    """The most specific actor class of an actor, by its label (``state``, ``corporation``, ...)."""
    specific = sorted(c for c in classes if c.startswith(CN) and c != KINDS["actor"])
    if not specific:
        return None
    return class_labels.get(specific[0], specific[0].rsplit("#", 1)[-1])


def entries(store: Store) -> list[Entry]:
    """Every searchable thing of the store, in IRI order."""
    kinds, classes, graphs = _read_kinds(store)
    values = _read_values(store)
    class_labels = _class_labels(store)
    themes = {
        iri: ThemeLabel(iri, values.first(iri, LABEL, PREF) or iri,
                        tuple(values.all(iri, ALT) + values.all(iri, HIDDEN)))
        for iri, kind in kinds.items() if kind == "theme"
    }
    found: list[Entry] = []
    for iri in sorted(kinds):
        kind = kinds[iri]
        entry = Entry(iri=iri, kind=kind, partner=_partner(graphs[iri]))
        entry.label = values.first(iri, LABEL, PREF)
        entry.text = " ".join(values.all(iri, TEXT) or values.all(iri, DEFINITION)[:1])
        names = [v for v in values.all(iri, LABEL) + values.all(iri, PREF) if v != entry.label]
        entry.also = [*values.all(iri, NOTATION), *values.all(iri, SHORT_NAME), *values.all(iri, SYMBOL),
                      *values.all(iri, ALT), *values.all(iri, HIDDEN), *names]
        entry.themes = [themes[t] for t in values.all(iri, THEME) if t in themes]
        dates = sorted(values.all(iri, DATE))
        entry.date = dates[0] if dates else ""
        documents = values.all(iri, STATED_IN)
        if documents:
            doc = documents[0]
            entry.document = doc
            entry.document_label = values.first(doc, SHORT_NAME, LABEL) or doc
            entry.document_words = " ".join(
                [values.first(doc, LABEL), *values.all(doc, SHORT_NAME), *values.all(doc, SYMBOL)])
            if not entry.date:
                doc_dates = sorted(values.all(doc, DATE))
                entry.date = doc_dates[0] if doc_dates else ""
        categories = values.all(iri, CATEGORY)
        if categories:
            entry.category = sorted(categories)[0]
            entry.category_label = entry.category.rsplit("/", 1)[-1]  # the numeral, I ... V
            entry.also.append(" ".join(values.first(c, LABEL, PREF) for c in categories))
        if kind == "actor":
            entry.actor_type = _actor_type(classes[iri], class_labels)
        if not entry.label:
            entry.label = _fallback_label(entry, values.first(iri, NOTATION))
        found.append(entry)
    return found


def _fallback_label(entry: Entry, notation: str) -> str:
    """A label for a resource without one: its document and notation, or the start of its text."""
    if entry.document_label and notation:
        return f"{entry.document_label} {notation}"
    if entry.text:
        words = entry.text.split()
        head = " ".join(words[:10])
        return head + ("…" if len(words) > 10 else "")
    return entry.iri.rsplit("/", 1)[-1]
