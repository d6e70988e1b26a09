"""Present query answers: an aligned table for people, the W3C formats for tools.

SELECT and ASK answers go out as SPARQL 1.1 Query Results JSON, XML, CSV or TSV, and
CONSTRUCT and DESCRIBE answers as Turtle, N-Triples, JSON-LD or RDF/XML, all written by
the engine's own serialisers. The table is for reading in a terminal: IRIs shortened to
CURIEs, one row per solution, long texts cut at a width (the other formats keep them).

For spreadsheets, :func:`readable_table` turns a SELECT answer (SPARQL 1.1 Query Results
JSON bindings) into plain rows with a ``NAME_label`` column beside every column that holds
IRIs and ``NAME_source`` / ``NAME_locator`` columns beside every column that holds the
dataset's claim or partner graphs (rows that are facts); :func:`csv_bytes` writes them as
RFC 4180 CSV in UTF-8, with a byte-order mark on request (Excel reads a CSV without one in the
machine's legacy code page), and :func:`xlsx_bytes` as an Office Open XML workbook with
openpyxl (the ``xlsx`` extra). A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return is what a spreadsheet runs as a formula ("CSV injection", OWASP): CSV cells
get a leading apostrophe (Excel's and LibreOffice's mark of a text cell; numbers such as
``-5`` are left alone), .xlsx cells are written as strings, never as formulas.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cybernorms.errors import UsageError
from cybernorms.graph.formats import GRAPH_ANSWER_NAMES
from cybernorms.namespaces import shorten

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

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


# -- tables for spreadsheets --

#: The most characters an .xlsx cell holds (Excel's limit); longer texts are cut there with "…".
XLSX_CELL_LIMIT = 32767
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Source:
    """Where the facts of one graph come from: the source's label (or IRI) and the locator in it."""

    source: str
    locator: str


def iris_of(bindings: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every IRI in SPARQL JSON ``bindings``, once each, in order of first appearance."""
    seen: dict[str, None] = {}
    for row in bindings:
        for term in row.values():
            if term.get("type") == "uri":
                seen.setdefault(term["value"], None)
    return list(seen)


def readable_table(variables: Sequence[str], bindings: Sequence[Mapping[str, Any]],
                   labels: Mapping[str, str], sources: Mapping[str, Source]) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a SELECT answer for a spreadsheet.

    Each variable is a column of plain values (full IRIs, lexical forms); a variable with an
    IRI in some row is followed by ``NAME_label`` (the IRI's label from ``labels``, else empty),
    and one with a graph of ``sources`` in some row by ``NAME_source`` and ``NAME_locator``.
    """
    with_label = {v for v in variables if any(row.get(v, {}).get("type") == "uri" for row in bindings)}
    with_source = {v for v in variables if any(row.get(v, {}).get("value") in sources for row in bindings)}
    header: list[str] = []
    for name in variables:
        header.append(name)
        if name in with_label:
            header.append(name + "_label")
        if name in with_source:
            header += [name + "_source", name + "_locator"]
    rows = []
    for row in bindings:
        line: list[str] = []
        for name in variables:
            value = str(row[name]["value"]) if name in row else ""
            line.append(value)
            if name in with_label:
                line.append(labels.get(value, "") if row.get(name, {}).get("type") == "uri" else "")
            if name in with_source:
                found = sources.get(value)
                line += [found.source, found.locator] if found else ["", ""]
        rows.append(line)
    return header, rows


def _csv_cell(text: str) -> str:
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]], *, bom: bool = False) -> bytes:
    """RFC 4180 CSV (comma, double quotes, CRLF) in UTF-8, with a byte-order mark if ``bom``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in header])
    writer.writerows([_csv_cell(c) for c in row] for row in rows)
    return ("\ufeff" if bom else "").encode("utf-8") + buffer.getvalue().encode("utf-8")


def xlsx_available() -> bool:
    """Whether openpyxl (the ``xlsx`` extra) is installed."""
    import importlib.util

    return importlib.util.find_spec("openpyxl") is not None


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[str]], *, title: str = "results") -> bytes:
    """An .xlsx workbook of one sheet: the header in bold and frozen, every cell a string.

    Raises :class:`UsageError` when openpyxl is not installed.
    """
    if not xlsx_available():
        raise UsageError("an .xlsx download needs openpyxl: pip install 'cybernorms[xlsx]' (or use format=csv)")
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "results")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def text_cell(text: str, font: Font | None = None) -> Cell:
        cell = WriteOnlyCell(sheet, _clip_cell(text))
        cell.data_type = "s"  # a string, even if it starts with "=" (openpyxl would make it a formula)
        if font is not None:
            cell.font = font
        return cell

    sheet.append([text_cell(h, bold) for h in header])
    for row in rows:
        sheet.append([text_cell(c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _clip_cell(text: str) -> str:
    return text if len(text) <= XLSX_CELL_LIMIT else text[: XLSX_CELL_LIMIT - 1] + "…"
