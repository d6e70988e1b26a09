"""A profile: an entity's page read as an analyst asks about it, every fact with its source and passage.

The sections of each kind are :mod:`cybernorms.server.profile_sections`; this module runs them,
gathers each row's graphs and describes each graph's origin from the provenance graph
(``prov:wasDerivedFrom``, ``cn:locator``, ``cn:quote``: ``docs/provenance.md``). The rules of
issue 15's trust boundary are kept here:

* each row belongs to one **tier**: ``curated`` (a claim graph or the ontology states it),
  ``inferred`` (only ``graph/inferred`` holds it: what follows from curated data), or ``partner``
  (only a partner's graphs hold it, ``graph/partner/<name>`` or ``graph/inferred/partner/<name>``,
  :func:`cybernorms.namespaces.partner_of`); the page shows the tiers apart, and a curated row
  lists a partner's or the reasoner's agreement as sources of their own;
* names come from curated graphs first: a partner's label never replaces a curated one, it is
  shown beside it as the partner's; an entity only partners name gets the partner's label,
  marked as such.

Nothing here renders HTML: the templates escape every value (Jinja2 autoescaping).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from cybernorms.graph.language import UN_LANGUAGES, choose
from cybernorms.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, is_inferred_graph, partner_of, shorten
from cybernorms.server.profile_sections import KIND_NAMES, PROLOGUE, SECTION_LIMIT, Section, kind_of, sections_of

__all__ = ["Label", "Origin", "Profile", "Row", "SectionView", "Select", "build_profile", "labels_of", "origins_of"]

#: Runs a SELECT query and gives its rows as SPARQL JSON bindings.
Select = Callable[[str], Awaitable[list[dict[str, Any]]]]

_LABEL_PROPERTIES = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")
_NUMERIC = ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger", "positiveInteger")


@dataclass(frozen=True)
class Label:
    """A name shown for an IRI: its text, language tag, and the partner it comes from (None: curated)."""

    text: str
    lang: str = ""
    partner: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where one row's fact is stated: its graph, and that graph's source and passage."""

    graph: str
    source: str | None = None
    locator: str | None = None
    quote: str | None = None
    #: The graph is the curators' judgement (``cn:curatorJudgement``), with their note.
    curator: bool = False
    note: str | None = None

    @property
    def partner(self) -> str | None:
        return partner_of(self.graph)

    @property
    def inferred(self) -> bool:
        return is_inferred_graph(self.graph)

    @property
    def tier(self) -> str:
        if self.partner is not None:
            return "partner"
        return "inferred" if self.graph == INFERRED_GRAPH else "curated"

    @property
    def ontology(self) -> bool:
        return self.graph == ONTOLOGY_GRAPH


_TIER_ORDER = {"curated": 0, "inferred": 1, "partner": 2}


@dataclass
class Row:
    """One row of a section: the values of each column and every graph that states it."""

    cells: list[list[dict[str, Any]]]
    origins: list[Origin] = field(default_factory=list)
    #: The value the row is sorted by (the section's ``order`` variable), if any.
    order: dict[str, Any] | None = None

    @property
    def tier(self) -> str:
        """The most trusted tier among the row's graphs: curated, then inferred, then a partner's."""
        return min((o.tier for o in self.origins), key=_TIER_ORDER.__getitem__, default="curated")

    @property
    def partners(self) -> list[str]:
        return sorted({o.partner for o in self.origins if o.partner})


@dataclass
class SectionView:
    """A section as the page shows it: its rows in tiers."""

    section: Section
    rows: list[Row]
    truncated: bool = False

    def tiers(self) -> list[tuple[str, str, list[Row]]]:
        """``(tier, heading, rows)``: curated rows, then inferred ones, then each partner's, each non-empty."""
        groups: list[tuple[str, str, list[Row]]] = []
        curated = [r for r in self.rows if r.tier == "curated"]
        inferred = [r for r in self.rows if r.tier == "inferred"]
        if curated:
            groups.append(("curated", "Curated", curated))
        if inferred:
            groups.append(("inferred", "Inferred by the reasoner from the curated data", inferred))
        partners = sorted({p for r in self.rows if r.tier == "partner" for p in r.partners})
        for name in partners:
            rows = [r for r in self.rows if r.tier == "partner" and r.partners and r.partners[0] == name]
            if rows:
                groups.append(("partner", f"From the partner data {name}", rows))
        return groups


@dataclass
class Profile:
    """An entity's profile: its kind, its names (curated, and partners' beside them), its sections."""

    iri: str
    kind: str
    title: Label | None
    partner_labels: list[Label]
    sections: list[SectionView]
    labels: dict[str, Label]

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, "entity")

    def section(self, key: str) -> SectionView | None:
        return next((s for s in self.sections if s.section.key == key), None)

    def compare_href(self) -> str:
        """``/compare/norms`` with this norm and every norm aligned to it (curated rows first)."""
        others: list[str] = []
        aligned = self.section("alignments")
        for row in aligned.rows if aligned else []:
            for term in row.cells[0]:
                if term["type"] == "uri" and term["value"] not in others and term["value"] != self.iri:
                    others.append(term["value"])
        return "/compare/norms?" + urlencode([("n", iri) for iri in [self.iri, *others[:5]]])

    def label(self, iri: str) -> str:
        """What a link to ``iri`` reads: its chosen label, else its short form."""
        found = self.labels.get(iri)
        return found.text if found else shorten(iri)


def _term(iri: str) -> str:
    return str(ox.NamedNode(iri))


def with_entity(query: str, iri: str) -> str:
    """``query`` with ``THIS`` as the IRI term of ``iri`` (checked: an invalid IRI raises ValueError)."""
    return query.replace("THIS", _term(iri))


_TYPES = PROLOGUE + "SELECT DISTINCT ?t ?g WHERE { GRAPH ?g { THIS rdf:type ?t } }"


async def kind_for(select: Select, iri: str) -> str:
    """The entity's kind from its classes: curated (and curated-inferred) ones decide; partners' only else."""
    rows = await select(with_entity(_TYPES, iri))
    curated = {r["t"]["value"] for r in rows if partner_of(r["g"]["value"]) is None}
    kind = kind_of(curated)
    return kind if kind != "entity" else kind_of({r["t"]["value"] for r in rows})


def _values(iris: Iterable[str]) -> str:
    return " ".join(_term(iri) for iri in iris)


_LABELS = PROLOGUE + """SELECT ?x ?p ?l ?g WHERE {
  VALUES ?x { IRIS } VALUES ?p { rdfs:label skos:prefLabel }
  GRAPH ?g { ?x ?p ?l } FILTER(isLiteral(?l))
}"""


def _choose_label(found: list[tuple[str, str, str, str | None]], language: str) -> tuple[Label | None, list[Label]]:
    """The label to show (curated first) and the partners' labels to show beside it."""
    found.sort(key=lambda item: _LABEL_PROPERTIES.index(item[0]) if item[0] in _LABEL_PROPERTIES else 9)
    curated = [(text, lang) for _, text, lang, partner in found if partner is None]
    partners: list[Label] = []
    for _, text, lang, partner in found:
        label = Label(text, lang, partner)
        if partner is not None and label not in partners:
            partners.append(label)
    picked = choose(curated, language)
    if picked is not None:
        return Label(picked[0], picked[1]), partners
    if partners:
        chosen = choose([(p.text, p.lang) for p in partners], language)
        first = next(p for p in partners if chosen is not None and (p.text, p.lang) == chosen)
        return first, partners
    return None, partners


async def labels_of(select: Select, iris: Iterable[str], language: str) -> dict[str, tuple[Label | None, list[Label]]]:
    """Each IRI's label to show in ``language`` (curated before any partner's) and the partners' labels."""
    if language not in UN_LANGUAGES:
        raise ValueError(f"not a language of the explorer: {language!r}")
    wanted = sorted(set(iris))
    found: dict[str, list[tuple[str, str, str, str | None]]] = {}
    for start in range(0, len(wanted), 300):
        chunk = wanted[start:start + 300]
        if not chunk:
            continue
        for row in await select(_LABELS.replace("IRIS", _values(chunk))):
            found.setdefault(row["x"]["value"], []).append(
                (row["p"]["value"], row["l"]["value"], row["l"].get("xml:lang", ""), partner_of(row["g"]["value"])))
    return {iri: _choose_label(items, language) for iri, items in found.items()}


_ORIGINS = PROLOGUE + """PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?g (SAMPLE(?src) AS ?source) (SAMPLE(?loc) AS ?locator) (SAMPLE(?q) AS ?quote)
       (SAMPLE(?judged) AS ?curator) (SAMPLE(?cn) AS ?note) WHERE {
  VALUES ?g { IRIS }
  OPTIONAL { { ?g prov:wasDerivedFrom ?src } UNION { ?g dcterms:source ?src } FILTER(isIRI(?src)) }
  OPTIONAL { ?g cn:curatorJudgement ?judged }
  OPTIONAL { ?g cn:curatorNote ?cn }
  OPTIONAL { ?g cn:locator ?loc }
  OPTIONAL { ?g cn:quote ?q }
} GROUP BY ?g"""


async def origins_of(select: Select, graphs: Iterable[str]) -> dict[str, Origin]:
    """Each graph's origin: its source document and locator from the provenance graph."""
    wanted = sorted(set(graphs))
    origins: dict[str, Origin] = {g: Origin(g) for g in wanted}
    for start in range(0, len(wanted), 300):
        chunk = wanted[start:start + 300]
        for row in await select(_ORIGINS.replace("IRIS", _values(chunk))):
            g = row["g"]["value"]
            origins[g] = Origin(g, _plain(row.get("source")), _plain(row.get("locator")), _plain(row.get("quote")),
                                curator=_plain(row.get("curator")) in ("true", "1"), note=_plain(row.get("note")))
    return origins


def _plain(binding: dict[str, Any] | None) -> str | None:
    return binding["value"] if binding else None


def _key(term: dict[str, Any] | None) -> tuple[str, str]:
    return ("", "") if term is None else (term["type"], term["value"])


def gather(section: Section, bindings: list[dict[str, Any]]) -> tuple[list[Row], dict[int, list[str]]]:
    """The section's rows from the query's bindings: one per distinct key, and each row's graphs (by ``id``)."""
    rows: dict[tuple[tuple[str, str], ...], Row] = {}
    graphs: dict[int, list[str]] = {}
    variables = [c.var for c in section.columns]
    for binding in bindings:
        key = tuple(_key(binding.get(v)) for v in variables[:section.keys])
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row([[] for _ in variables])
            graphs[id(row)] = []
        for i, var in enumerate(variables):
            term = binding.get(var)
            if term is not None and term.get("value") != "" and term not in row.cells[i]:
                row.cells[i].append(term)
        order = binding.get(section.order) if section.order else None
        if order is not None and row.order is None:
            row.order = order
        graph = binding.get("g", {}).get("value")
        if graph and graph not in graphs[id(row)]:
            graphs[id(row)].append(graph)
    return list(rows.values()), graphs


def _sort_value(row: Row, labels: dict[str, tuple[Label | None, list[Label]]]) -> tuple[Any, ...]:
    """Where a row goes in its tier: by its section's order column (numbers as numbers, IRIs by label)."""
    term = row.order
    if term is None:
        return (2, "")
    if term["type"] == "uri":
        chosen = labels.get(term["value"], (None, []))[0]
        return (1, (chosen.text if chosen else shorten(term["value"])).casefold())
    if term.get("datatype", "").rsplit("#", 1)[-1] in _NUMERIC:
        try:
            return (0, f"{float(term['value']):020.4f}")
        except ValueError:
            pass
    return (1, term["value"].casefold())


async def build_profile(select: Select, iri: str, language: str, *, kind: str | None = None,
                        only: tuple[str, ...] | None = None) -> Profile:
    """The profile of ``iri`` in the reader's ``language``: its kind's sections (or ``only`` those keys)."""
    kind = kind or await kind_for(select, iri)
    sections = [s for s in sections_of(kind) if only is None or s.key in only]
    gathered: list[tuple[Section, list[Row], dict[int, list[str]], bool]] = []
    for section in sections:
        bindings = await select(with_entity(section.text(), iri))
        rows, graphs = gather(section, bindings)
        gathered.append((section, rows, graphs, len(bindings) >= SECTION_LIMIT))
    all_graphs = {g for _, _, graphs, _ in gathered for gs in graphs.values() for g in gs}
    origins = await origins_of(select, all_graphs)
    iris = {iri} | {o.source for o in origins.values() if o.source}
    for _, rows, _, _ in gathered:
        for row in rows:
            iris.update(t["value"] for cell in row.cells for t in cell if t["type"] == "uri")
            iris.update(t["datatype"] for cell in row.cells for t in cell if t.get("datatype"))
    labels = await labels_of(select, iris, language)
    views: list[SectionView] = []
    for section, rows, graphs, truncated in gathered:
        for row in rows:
            row.origins = sorted((origins[g] for g in graphs[id(row)]), key=lambda o: (_TIER_ORDER[o.tier], o.graph))
        rows.sort(key=lambda r: (_TIER_ORDER[r.tier], _sort_value(r, labels)))
        views.append(SectionView(section, rows, truncated))
    title, partner_labels = labels.get(iri, (None, []))
    chosen = {k: v[0] for k, v in labels.items() if v[0] is not None}
    return Profile(iri, kind, title, partner_labels if title is None or title.partner is None else
                   [p for p in partner_labels if p != title], views, chosen)
