"""CSV tables of the main entities for spreadsheet users: norms, actors, forums, documents, events.

Each table is one SPARQL query for its rows (the entities of a class, as
:data:`cybernorms.graph.build.dataset.COUNT_QUERIES` counts them, so a table has as many rows as
the build report says) and one query per column. A column with several values (two
labels, three categories) holds them sorted and joined with ``"; "``. Rows are sorted by
IRI, so the same graph gives the same bytes. IRIs are written in full (the classes of the
``types`` column as CURIEs, ``cn:State``); literals as their lexical form. The CSV dialect is RFC 4180 (comma, double quotes, CRLF), UTF-8.

The release bundle writes the tables as they are; for people, :func:`table_rows` with
``labels=True`` adds a ``NAME_label`` column beside every column of IRIs, and :func:`table_csv`
a byte-order mark on request (Excel reads a CSV without one in the machine's legacy code
page). The explorer serves both at ``/api/tables/NAME`` (also as .xlsx), through
:func:`assemble`, which lays out the rows from the answers of the table's queries wherever they ran.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass

from cybernorms.graph.store.embedded import Store
from cybernorms.namespaces import INFERRED_GRAPH, PREFIXES, shorten

__all__ = ["LABELS_QUERY", "TABLES", "Table", "assemble", "table_csv", "table_named", "table_rows"]

_HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p in (
    "cn", "dcterms", "org", "rdfs", "skos"))
JOIN = "; "


@dataclass(frozen=True)
class Table:
    """One CSV table: the entities (``?x`` in ``members``) and its columns (``?x`` to ``?v``)."""

    name: str
    members: str
    columns: tuple[tuple[str, str], ...]
    description: str

    def members_query(self) -> str:
        return _HEADER + f"SELECT DISTINCT ?x WHERE {{ {self.members} }} ORDER BY STR(?x)"

    def column_query(self, pattern: str) -> str:
        return _HEADER + f"SELECT DISTINCT ?x ?v WHERE {{ {self.members} {pattern} }}"


_LABEL = ("label", "?x rdfs:label ?v .")
_TYPES = ("types", f"GRAPH ?g {{ ?x a ?v }} FILTER(?g != <{INFERRED_GRAPH}> && STRSTARTS(STR(?v), STR(cn:)))")

TABLES: tuple[Table, ...] = (
    Table("norms", "?x a cn:NormStatement .", (
        ("notation", "?x cn:notation ?v ."),
        _LABEL,
        ("text", "?x cn:text ?v ."),
        ("document", "?x cn:statedIn ?v ."),
        ("document_short_name", "?x cn:statedIn/cn:shortName ?v ."),
        ("categories", "?x cn:inCategory/skos:notation ?v ."),
        ("themes", "?x cn:theme ?v ."),
    ), "every norm statement: its notation, text, the document that states it, its categories (I-V) and themes"),
    Table("actors", "?x a ?c . ?c rdfs:subClassOf* cn:Actor .", (
        _LABEL,
        _TYPES,
        ("country_code", "?x cn:countryCode ?v ."),
        ("based_in", "?x cn:basedIn ?v ."),
        ("stakeholder_groups", "?x cn:stakeholderGroup/rdfs:label ?v ."),
    ), "every actor (states, organisations, companies, persons) with its asserted types and stakeholder groups"),
    Table("forums", "?x a ?c . ?c rdfs:subClassOf* cn:Forum .", (
        _LABEL,
        _TYPES,
        ("participants", "{ ?x cn:hasParticipant ?v } UNION { ?v cn:participatesIn ?x }"),
        ("part_of_regime_complex", "?x cn:partOfRegimeComplex ?v ."),
    ), "every forum with its asserted types, participants and regime complex"),
    Table("documents", "?x a ?c . ?c rdfs:subClassOf* cn:Document .", (
        _LABEL,
        _TYPES,
        ("short_name", "?x cn:shortName ?v ."),
        ("date", "?x dcterms:date ?v ."),
        ("un_symbol", "?x cn:unSymbol ?v ."),
        ("url", "?x cn:url ?v ."),
        ("issued_by", "?x cn:issuedBy ?v ."),
        ("submitted_by", "?x cn:submittedBy ?v ."),
    ), "every document: reference documents, reports, letters, web pages; dates as the sources give them"),
    Table("events", "?x a cn:Event .", (
        _LABEL,
        _TYPES,
        ("date", "?x dcterms:date ?v ."),
        ("end_date", "?x cn:endDate ?v ."),
        ("place", "?x cn:place ?v ."),
        ("involves", "?x cn:involves ?v ."),
    ), "every dated event: summits, sessions, adoptions, with the actors involved"),
)


#: Labels of every labelled IRI (English or untagged first), for the ``NAME_label`` columns.
LABELS_QUERY = _HEADER + """SELECT ?x (COALESCE(SAMPLE(?en), SAMPLE(?any)) AS ?l) WHERE {
  ?x rdfs:label ?any OPTIONAL { ?x rdfs:label ?en FILTER(LANG(?en) = "" || LANGMATCHES(LANG(?en), "en")) }
} GROUP BY ?x"""

#: A row of a SPARQL answer as plain values: an IRI's string, a literal's lexical form (``None`` if unbound),
#: with whether each value is an IRI.
Value = tuple[str, bool]


def assemble(table: Table, members: list[str], columns: dict[str, list[tuple[str, Value]]],
             labels: dict[str, str] | None = None) -> tuple[list[str], list[list[str]]]:
    """The header and rows of ``table`` from the answers of its queries.

    ``members`` are the entities (``members_query``), ``columns`` the ``(entity, value)`` pairs of
    each column (``column_query``). With ``labels`` (IRI to label), each column that holds IRIs
    (``types`` aside, written as CURIEs) is followed by ``NAME_label``: the labels of its IRIs in
    the same order, joined the same way.
    """
    values: dict[str, dict[str, set[str]]] = {name: defaultdict(set) for name, _ in table.columns}
    holds_iris: set[str] = set()
    for name, _ in table.columns:
        for x, (v, is_iri) in columns.get(name, []):
            values[name][x].add(shorten(v) if name == "types" else v)
            if is_iri and name != "types":
                holds_iris.add(name)
    header = ["id"]
    for name, _ in table.columns:
        header.append(name)
        if labels is not None and name in holds_iris:
            header.append(name + "_label")
    rows = []
    for x in members:
        row = [x]
        for name, _ in table.columns:
            cell = sorted(values[name].get(x, ()))
            row.append(JOIN.join(cell))
            if labels is not None and name in holds_iris:
                row.append(JOIN.join(labels.get(v, "") for v in cell))
        rows.append(row)
    return header, rows


def table_rows(store: Store, table: Table, *, labels: bool = False) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of ``table`` over ``store`` (with ``NAME_label`` columns if ``labels``)."""
    members = [_text(row[0]) for row in store.query(table.members_query()).rows]
    columns = {name: [(_text(x), (_text(v), _is_iri(v))) for x, v in store.query(table.column_query(pattern)).rows]
               for name, pattern in table.columns}
    names = {_text(x): _text(l) for x, l in store.query(LABELS_QUERY).rows} if labels else None
    return assemble(table, members, columns, names)


def table_csv(store: Store, table: Table, *, labels: bool = False, bom: bool = False) -> bytes:
    """``table`` as RFC 4180 CSV in UTF-8 (with a byte-order mark if ``bom``, for Excel)."""
    header, rows = table_rows(store, table, labels=labels)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode("utf-8") + buffer.getvalue().encode("utf-8")


def _is_iri(term: object) -> bool:
    return type(term).__name__ == "NamedNode"


def _text(term: object) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def table_named(name: str) -> Table | None:
    """The release table called ``name``, or ``None``."""
    return next((t for t in TABLES if t.name == name), None)
