"""The landscape: the curated graph read once into entities and links, n-ary records collapsed.

Every view and every analysis starts from one :class:`Landscape`, read from the store with
four queries (``viz/queries/facts.rq``, ``links.rq``, ``citations.rq``, ``names.rq``), the whole graph or
only what one view draws (a :class:`Scope`, or the entities around a neighbourhood's focus):

* an :class:`Entity` per IRI of the curated data, with its types, names, texts and dates,
  each value with the named graph that states it;
* a :class:`Link` per pair of entities an object property joins, named by a relation of
  :data:`cybernorms.viz.kinds.LINKS`; the n-ary records of the ontology become one link each:
  an ``org:Membership`` a *member* link from member to organisation (dated by its period),
  a ``cn:Alignment`` a link named by its relation (*in tension*, *same commitment*, ...)
  with its rationale, a ``cn:Endorsement`` a *supports* link (dated), a ``cn:Evaluation`` an
  *evaluated* link from characteristic to forum with its verdict;
* the citation of every claim graph: ``source, locator``.
* the names of the entities in languages other than English (``names.rq``: the states' names in
  the six UN languages), which a view shows a reader who chose that language.

:meth:`Landscape.as_of` keeps what is dated on or before a day, so that every view can be
drawn as the landscape stood then.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cybernorms.namespaces import CN, ID, INFERRED_GRAPH, ONTOLOGY_GRAPH, PARTNER_GRAPH_PREFIX, PREFIXES, partner_of, sole_partner
from cybernorms.queries.library import NamedQuery, parse_query_file
from cybernorms.viz.kinds import classes_of

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

__all__ = [
    "ALIGNMENTS", "RECORD_CLASSES", "RECORD_ENDS", "Entity", "Landscape", "Link", "Scope",
    "load_landscape", "sparql_iris", "view_query",
]

QUERY_DIR = Path(__file__).with_name("queries")
_ORG = PREFIXES["org"]
_TIME = PREFIXES["time"]
_RDF_TYPE = PREFIXES["rdf"] + "type"

#: Object properties to relation names (``None``: used only to collapse an n-ary record).
RELATIONS: dict[str, str | None] = {
    CN + "partOfRegimeComplex": "part of regime complex",
    CN + "governs": "governs",
    CN + "participatesIn": "member",
    _ORG + "memberOf": "member",
    CN + "supports": "supports",
    CN + "positionedBetween": "positioned between",
    CN + "mainTarget": "main target",
    CN + "hasCharacteristic": "has characteristic",
    CN + "requiredGroup": "required group",
    CN + "stakeholderGroup": "stakeholder group",
    CN + "proposedBy": "proposed by",
    CN + "statedIn": "stated in",
    CN + "inCategory": "in category",
    CN + "involves": "involves",
    CN + "issuedBy": "issued by",
    CN + "submittedBy": "issued by",
    CN + "author": "issued by",
    CN + "contributor": "issued by",
    CN + "produced": "produced",
    CN + "presentedIn": "presented in",
    CN + "affiliation": "affiliation",
    CN + "governmentOf": "government of",
    CN + "resultedIn": "resulted in",
    CN + "realizedBy": "realized by",
    CN + "runBy": "run by",
}
#: Links that restate another in the opposite direction: (relation, swap).
_INVERSES = {CN + "hasParticipant": "member"}
#: Classes of the n-ary records that become links, and of their parts that are dropped.
_NARY = {
    _ORG + "Membership", CN + "Alignment", CN + "Endorsement", CN + "Evaluation",
    _TIME + "Interval", _TIME + "Instant",
}
#: The relations of an alignment between two norms (named by the relation's label).
ALIGNMENTS = ("same commitment", "broader", "narrower", "related", "in tension", "continues")
#: The classes of the n-ary records and of their periods.
RECORD_CLASSES = frozenset(_NARY)
#: The properties from an n-ary record to its two ends, each pair both ways.
RECORD_ENDS: tuple[tuple[str, str], ...] = tuple(
    pair
    for a, b in ((_ORG + "member", _ORG + "organization"), (CN + "endorser", CN + "endorsed"),
                 (CN + "evaluatedCharacteristic", CN + "evaluatedForum"), (CN + "fromNorm", CN + "toNorm"))
    for pair in ((a, b), (b, a))
)
#: The properties of the n-ary records that become links of a relation.
_RECORD_PARTS: dict[str, tuple[str, ...]] = {
    "member": (_ORG + "member", _ORG + "organization", _ORG + "memberDuring",
               _TIME + "hasBeginning", _TIME + "hasEnd"),
    "supports": (CN + "endorser", CN + "endorsed"),
    "evaluated": (CN + "evaluatedCharacteristic", CN + "evaluatedForum"),
    **{relation: (CN + "fromNorm", CN + "toNorm", CN + "relation") for relation in ALIGNMENTS},
}


@dataclass
class Entity:
    """One resource of the curated data: its types and its facts, each with its graphs."""

    iri: str
    types: set[str] = field(default_factory=set)
    facts: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    def values(self, prop: str) -> list[str]:
        """The distinct values of one property (``cn:`` local name or full IRI), sorted."""
        return sorted(self.facts.get(_iri(prop), {}))

    def first(self, *props: str) -> str | None:
        """The first value of the first of ``props`` that has one (shortest, then alphabetical).

        A value a curated graph states comes before any a partner graph alone states
        (:func:`cybernorms.namespaces.partner_of`): a partner's label never replaces a curated one.
        """
        for prop in props:
            values = self.values(prop)
            if values:
                curated = [v for v in values if any(partner_of(g) is None for g in self.graphs(prop, v))]
                return min(curated or values, key=lambda v: (len(v), v))
        return None

    def partner_of_value(self, prop: str, value: str) -> str | None:
        """The partner whose graphs alone state ``prop`` = ``value``, or None when a curated graph states it."""
        return sole_partner(self.graphs(prop, value))

    def graphs(self, prop: str, value: str | None = None) -> set[str]:
        """The graphs that state ``prop`` (with ``value``, or any)."""
        by_value = self.facts.get(_iri(prop), {})
        if value is not None:
            return set(by_value.get(value, set()))
        return set().union(*by_value.values()) if by_value else set()

    @property
    def date(self) -> str | None:
        """The earliest ``dcterms:date`` (ISO), or None."""
        dates = self.values(PREFIXES["dcterms"] + "date")
        return dates[0] if dates else None

    @property
    def local(self) -> str:
        """The IRI after ``id/``, e.g. ``forum/g20``."""
        return self.iri[len(ID):] if self.iri.startswith(ID) else self.iri


@dataclass
class Link:
    """One link between two entities, with the graphs that state it and what it carries."""

    source: str
    relation: str
    target: str
    graphs: set[str] = field(default_factory=set)
    date: str | None = None
    text: str | None = None


@dataclass
class Landscape:
    """Entities, links and citations: what every projection is computed from."""

    entities: dict[str, Entity]
    links: list[Link]
    citations: dict[str, str]
    #: Each entity's names in languages other than English: IRI -> language tag -> name (``names.rq``).
    names: dict[str, dict[str, str]] = field(default_factory=dict)

    def name_in(self, iri: str, language: str) -> str | None:
        """The entity's name in ``language`` (a primary tag: ``fr``), or None where it has none."""
        return self.names.get(iri, {}).get(language)

    def kind_types(self, iri: str) -> set[str]:
        entity = self.entities.get(iri)
        return entity.types if entity else set()

    def cite(self, graphs: Iterable[str]) -> list[str]:
        """The citations of some graphs, sorted; the inferred graph only when nothing else says it."""
        cited = sorted({self.citations[g] for g in graphs if g in self.citations})
        if not cited and INFERRED_GRAPH in set(graphs):
            return ["inferred by the reasoner"]
        return cited

    def as_of(self, day: dt.date | None) -> Landscape:
        """The landscape on ``day``: entities and links dated after it left out (undated ones kept)."""
        if day is None:
            return self
        limit = day.isoformat()
        late = {iri for iri, e in self.entities.items() if e.date is not None and e.date > limit}
        late |= {link.source for link in self.links
                 if link.relation == "stated in" and link.target in late}
        entities = {iri: e for iri, e in self.entities.items() if iri not in late}
        links = [link for link in self.links
                 if link.source in entities and link.target in entities
                 and (link.date is None or link.date <= limit)]
        return replace(self, entities=entities, links=links)


@dataclass(frozen=True)
class Scope:
    """What one view reads: the entities of some node kinds, and the links of some relations.

    A view draws only these, so the landscape it is projected from need hold nothing else:
    the entities of the ``kinds`` (by their classes, :data:`cybernorms.viz.kinds.NODES`),
    and every entity at either end of a property that makes a link of the ``relations``
    (an n-ary record's parts included, so the record, its period and its ends come along).
    """

    kinds: frozenset[str]
    relations: frozenset[str]

    def classes(self) -> list[str]:
        """The classes whose instances are of the scope's kinds."""
        return sorted(classes_of(self.kinds))

    def properties(self) -> list[str]:
        """The properties whose triples make the scope's links."""
        found = {p for p, relation in RELATIONS.items() if relation in self.relations}
        found |= {p for p, relation in _INVERSES.items() if relation in self.relations}
        for relation in self.relations:
            found.update(_RECORD_PARTS.get(relation, ()))
        return sorted(found)


@cache
def view_query(name: str) -> NamedQuery:
    """One of the queries of ``viz/queries/``."""
    return parse_query_file(QUERY_DIR / f"{name}.rq")


def load_landscape(store: Store, scope: Scope | None = None, entities: Iterable[str] | None = None) -> Landscape:
    """Read the store's curated graph into a :class:`Landscape`.

    The whole of it by default; with ``scope``, what one view draws; with ``entities``, those
    entities and the links between them (:func:`cybernorms.viz.region.load_region`).
    """
    facts, links = view_query("facts").text, view_query("links").text
    if scope is not None:
        properties = sparql_iris(scope.properties())
        facts = _scoped(facts, _FACTS_SCOPE.format(classes=sparql_iris(scope.classes()), links=properties))
        links = _scoped(links, f"  VALUES ?property {{ {properties} }}\n")
    if entities is not None:
        listed = sparql_iris(sorted(entities))
        facts = _scoped(_property_filter(facts), f"  VALUES ?entity {{ {listed} }}\n")
        links = _scoped(links, f"  VALUES ?subject {{ {listed} }}\n")
    found = _entities(_rows(store, facts))
    citations = _citations(_rows(store, view_query("citations").text))
    links_found = _collapse(_rows(store, links), found)
    nary = {iri for iri, e in found.items() if e.types & _NARY}
    for iri in nary:
        found.pop(iri, None)
    links_found = [lk for lk in links_found if lk.source in found and lk.target in found]
    return Landscape(found, _merge(links_found), citations, _names(_rows(store, view_query("names").text), found))


_PROPERTIES = re.compile(r"^  VALUES \?property \{([^}]*)\}\n", re.MULTILINE)


def _property_filter(facts: str) -> str:
    """The facts query with its properties as a FILTER: for listed entities, Oxigraph then looks
    each entity up instead of matching every fact of the store against the list."""
    match = _PROPERTIES.search(facts)
    if match is None:
        raise ValueError("the facts query must list its properties in a 'VALUES ?property { ... }' line")
    names = ", ".join(match[1].split())
    return facts[: match.start()] + f"  FILTER(?property IN ({names}))\n" + facts[match.end():]


def _rows(store: Store, query: str) -> Iterator[list[str]]:
    """A view query's solutions as the lexical values of their terms ("" where a variable is unbound).

    Read from the engine's SPARQL CSV results, which hold exactly those values: the views
    need no datatype or language, and strings cost far less to make than RDF terms.
    """
    data = store.query_serialized(query, None, "csv").decode("utf-8")
    reader = csv.reader(io.StringIO(data, newline=""))
    next(reader, None)  # the variables
    return reader


#: The entities a scope reads: those of its classes, and the ends of its link properties, in any named
#: graph (a partner's too, as the facts and links queries read them: a partner's alignment is not lost).
_FACTS_SCOPE = """  {{ SELECT DISTINCT ?entity WHERE {{
    {{ VALUES ?class {{ {classes} }} GRAPH ?scope_g {{ ?entity a ?class }} }}
    UNION {{ VALUES ?link {{ {links} }} GRAPH ?scope_g {{ ?entity ?link ?other }} }}
    UNION {{ VALUES ?link {{ {links} }} GRAPH ?scope_g {{ ?other ?link ?entity }} }}
  }} }}
"""


def sparql_iris(iris: Iterable[str]) -> str:
    """IRIs as SPARQL terms, space-separated (for a VALUES block)."""
    return " ".join(f"<{iri}>" for iri in iris)


def _scoped(query: str, restriction: str) -> str:
    """``query`` with ``restriction`` as the first pattern of its WHERE clause."""
    head, where, body = query.partition("WHERE {\n")
    if not where:
        raise ValueError("a view query must have a 'WHERE {' line")
    return head + where + restriction + body


def _iri(prop: str) -> str:
    if prop.startswith(("http://", "https://")):
        return prop
    return CN + prop


def _entities(rows: Iterable[list[str]]) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for subject, prop, value, graph in rows:
        if not subject or not prop:
            continue
        entity = entities.get(subject)
        if entity is None:
            entity = entities[subject] = Entity(subject)
        if prop == _RDF_TYPE:
            entity.types.add(value)
        entity.facts.setdefault(prop, {}).setdefault(value, set()).add(graph)
    return entities


def _names(rows: Iterable[list[str]], entities: dict[str, Entity]) -> dict[str, dict[str, str]]:
    """The names in other languages of the loaded entities; of several in one language, the shortest."""
    names: dict[str, dict[str, str]] = {}
    for entity, name, lang in rows:
        if entity in entities and name:
            primary = lang.split("-", 1)[0]
            known = names.setdefault(entity, {}).get(primary)
            if known is None or (len(name), name) < (len(known), known):
                names[entity][primary] = name
    return names


def _citations(rows: Iterable[list[str]]) -> dict[str, str]:
    found: dict[str, list[str]] = defaultdict(list)
    for graph, locator, source, curated, status, file in rows:
        if not graph:
            continue
        if graph.startswith(PARTNER_GRAPH_PREFIX):
            name = graph[len(PARTNER_GRAPH_PREFIX):]
            text = f"partner import {name}" + (f" ({file})" if file else "")
        elif curated == "true":
            text = "curators' judgement" + (f", {locator}" if locator else "")
        else:
            origin = source or "unknown source"
            text = origin + (f", {locator}" if locator else "")
        if status:
            text += f" ({status})"
        found[graph].append(text)
    return {graph: min(texts, key=lambda t: (len(t), t)) for graph, texts in found.items()}


def _collapse(rows: Iterable[list[str]], entities: dict[str, Entity]) -> list[Link]:
    """Links from the raw triples, each n-ary record folded into one link."""
    raw: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for subject, prop, obj, graph in rows:
        if subject and prop and obj:
            raw[subject][prop].append((obj, graph))
    _mark_periods(raw, entities)
    links: list[Link] = []
    for s, props in raw.items():
        entity = entities.get(s)
        if entity is not None and entity.types & _NARY:
            links.extend(_fold(entity, props, entities, raw))
            continue
        for p, objects in props.items():
            for o, g in objects:
                links.append(_direct(s, p, o, g))
    return links


def _direct(s: str, p: str, o: str, g: str) -> Link:
    if p in _INVERSES:
        return Link(o, _INVERSES[p], s, {g})
    if RELATIONS.get(p) is not None:
        return Link(s, str(RELATIONS[p]), o, {g})
    return Link(s, p.rsplit("#", 1)[-1].rsplit("/", 1)[-1], o, {g})


def _mark_periods(raw: dict[str, dict[str, list[tuple[str, str]]]], entities: dict[str, Entity]) -> None:
    """Type the periods and instants of memberships as such, typed in the data or not."""
    for props in list(raw.values()):
        for p in (_ORG + "memberDuring", _TIME + "hasBeginning", _TIME + "hasEnd"):
            for o, _ in props.get(p, []):
                entities.setdefault(o, Entity(o)).types.add(_TIME + "Interval")


def _fold(record: Entity, props: dict[str, list[tuple[str, str]]], entities: dict[str, Entity],
          raw: dict[str, dict[str, list[tuple[str, str]]]]) -> list[Link]:
    """One n-ary record as links: (from-property, to-property, relation) by its class."""
    types = record.types
    if _ORG + "Membership" in types:
        return _pairs(props, _ORG + "member", _ORG + "organization", "member",
                      date=_membership_start(props, entities, raw))
    if CN + "Alignment" in types:
        relation = "related"
        for rel, _ in props.get(CN + "relation", []):
            label = entities[rel].first(PREFIXES["rdfs"] + "label") if rel in entities else None
            relation = label or rel.rsplit("/", 1)[-1].replace("-", " ")
        return _pairs(props, CN + "fromNorm", CN + "toNorm", relation, text=record.first("rationale"))
    if CN + "Endorsement" in types:
        return _pairs(props, CN + "endorser", CN + "endorsed", "supports", date=record.date,
                      text=record.first("supportRole"))
    if CN + "Evaluation" in types:
        return _pairs(props, CN + "evaluatedCharacteristic", CN + "evaluatedForum", "evaluated",
                      text=record.first("verdict"))
    return []


def _pairs(props: dict[str, list[tuple[str, str]]], left: str, right: str, relation: str,
           date: str | None = None, text: str | None = None) -> list[Link]:
    links = []
    for s, g1 in props.get(left, []):
        for o, g2 in props.get(right, []):
            links.append(Link(s, relation, o, {g1, g2}, date=date, text=text))
    return links


def _membership_start(props: dict[str, list[tuple[str, str]]], entities: dict[str, Entity],
                      raw: dict[str, dict[str, list[tuple[str, str]]]]) -> str | None:
    """The first day of a membership's period (``org:memberDuring/time:hasBeginning/time:inXSDDate``)."""
    days = []
    for interval, _ in props.get(_ORG + "memberDuring", []):
        for begin, _ in raw.get(interval, {}).get(_TIME + "hasBeginning", []):
            instant = entities.get(begin)
            day = instant.first(_TIME + "inXSDDate") if instant is not None else None
            if day:
                days.append(day)
    return min(days) if days else None


def _merge(links: list[Link]) -> list[Link]:
    """One link per (source, relation, target), its graphs united, the earliest date kept."""
    merged: dict[tuple[str, str, str], Link] = {}
    for link in links:
        key = (link.source, link.relation, link.target)
        if key not in merged:
            merged[key] = Link(link.source, link.relation, link.target, set(link.graphs), link.date, link.text)
            continue
        seen = merged[key]
        seen.graphs |= link.graphs
        if link.date is not None and (seen.date is None or link.date < seen.date):
            seen.date = link.date
        seen.text = seen.text or link.text
    return sorted(merged.values(), key=lambda lk: (lk.source, lk.relation, lk.target))


def is_context_graph(graph: str) -> bool:
    """Graphs that hold no source's statement: the ontology and the inferred graph."""
    return graph in (ONTOLOGY_GRAPH, INFERRED_GRAPH)
