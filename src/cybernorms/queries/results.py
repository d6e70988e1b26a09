"""Present query answers: an aligned table for people, the W3C formats for tools.

SELECT and ASK answers go out as SPARQL 1.1 Query Results JSON, XML, CSV or TSV, and
CONSTRUCT and DESCRIBE answers as Turtle, N-Triples, JSON-LD or RDF/XML, all written by
the engine's own serialisers. The table is for reading in a terminal: IRIs shortened to
CURIEs, one row per solution, long texts cut at a width (the other formats keep them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cybernorms.graph.formats import GRAPH_ANSWER_NAMES
from cybernorms.namespaces import shorten

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import QueryResult, Term

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = GRAPH_ANSWER_NAMES
CELL_WIDTH = 100


def cell(term: Term | None) -> str:
    """A term as people read it: a CURIE for an IRI, the lexical value for a literal."""
    if term is None:
        return ""
    value = getattr(term, "value", None)
    if value is None:
        return str(term)
    if type(term).__name__ == "NamedNode":
        return shorten(value)
    if type(term).__name__ == "BlankNode":
        return f"_:{value}"
    return str(value)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(result: QueryResult, width: int = CELL_WIDTH) -> str:
    """An aligned plain-text table of a SELECT answer, or ``true``/``false`` for ASK."""
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        return "\n".join(f"{cell(t.subject)}  {cell(t.predicate)}  {cell(t.object)}" for t in result.triples)
    header = list(result.variables)
    body = [[_clip(cell(term), width) for term in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in body)
    count = len(body)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines)


def records(result: QueryResult) -> list[dict[str, str | None]]:
    """SELECT rows as dictionaries of plain values (full IRIs, lexical forms of literals)."""
    return [
        {name: (None if term is None else getattr(term, "value", str(term)))
         for name, term in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]
