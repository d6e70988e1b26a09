"""CSV tables of the main entities for spreadsheet users: norms, actors, forums, documents, events.

Each table is one SPARQL query for its rows (the entities of a class, as
:data:`cybernorms.graph.build.dataset.COUNT_QUERIES` counts them, so a table has as many rows as
the build report says) and one query per column. A column with several values (two
labels, three categories) holds them sorted and joined with ``"; "``. Rows are sorted by
IRI, so the same graph gives the same bytes. IRIs are written in full (the classes of the
``types`` column as CURIEs, ``cn:State``); literals as their lexical form. The CSV dialect is RFC 4180 (comma, double quotes, CRLF), UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass

from cybernorms.graph.store.embedded import Store
from cybernorms.namespaces import INFERRED_GRAPH, PREFIXES, shorten

__all__ = ["TABLES", "Table", "table_csv", "table_rows"]

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


def table_rows(store: Store, table: Table) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of ``table`` over ``store``."""
    ids = [_text(row[0]) for row in store.query(table.members_query()).rows]
    values: dict[str, dict[str, set[str]]] = {name: defaultdict(set) for name, _ in table.columns}
    for name, pattern in table.columns:
        show = _curie if name == "types" else _text
        for x, v in store.query(table.column_query(pattern)).rows:
            values[name][_text(x)].add(show(v))
    header = ["id", *(name for name, _ in table.columns)]
    rows = [[x, *(JOIN.join(sorted(values[name].get(x, ()))) for name, _ in table.columns)] for x in ids]
    return header, rows


def table_csv(store: Store, table: Table) -> bytes:
    """``table`` as RFC 4180 CSV in UTF-8."""
    header, rows = table_rows(store, table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _curie(term: object) -> str:
    return shorten(_text(term))


def _text(term: object) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)
