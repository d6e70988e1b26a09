"""The two matrix pages: Table 1 as a heat map, and the crosswalk of aligned norms.

* **Table 1** (EWI report, *Promoting International Cyber Norms*, 2015, Table 1 and Appendix I): a
  row per norm category (I-V), a column per reference document (CoC, USG, UNGGE, Tallinn, MSFT, in
  the report's order, ``cn:ordinal``), in each cell the norms the report files under that category
  for that document. The cells are read with ``viz/queries/table1_norms.rq``, the patterns of the
  named query ``table1``, so a cell's count is exactly ``table1``'s.
* **The crosswalk** (Appendix I's analysis of each category, and the curators' and later sources'
  alignments): every norm that takes part in a ``cn:Alignment`` against every other, a cell per
  pair of norms of different documents, coloured by the alignment's relation (same commitment,
  broader, narrower, related, in tension, continues: :data:`~cybernorms.viz.landscape.ALIGNMENTS`),
  with its rationale and source.

As of a day, the store is first cut with :func:`cybernorms.graph.as_of.as_of`, the rule of
``cybernorms query NAME --as-of DAY``. Names and texts come from the landscape
(:mod:`cybernorms.viz.landscape`): a curated label comes before a partner's
(:meth:`~cybernorms.viz.landscape.Entity.first`), and a value or an alignment only a partner's graph
states carries that partner's name. Each page is one offline HTML file (``matrix.html``,
``matrix.js``, ``matrix.css``), its data JSON in a ``<script type="application/json">`` element,
written into the page with ``textContent`` only, under a Content-Security-Policy by hashes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cybernorms.namespaces import CN, ID, PREFIXES, sole_partner
from cybernorms.viz.catalog import MATRIX_CATALOG, MATRIX_NAMES
from cybernorms.viz.landscape import ALIGNMENTS, Entity, Landscape, Link, Scope, _rows, load_landscape, view_query
from cybernorms.viz.page import csp, json_for_html

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

__all__ = [
    "MATRICES", "RELATION_STYLES", "build_matrix", "crosswalk_data", "render_matrix", "table1_data",
    "write_matrices",
]

HERE = Path(__file__).resolve().parent
_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_NOTATION = PREFIXES["skos"] + "notation"
Progress = Callable[[str], None]

#: The norms, their documents and categories, and the alignments between norms: what both matrices read.
SCOPE = Scope(frozenset({"norm", "reference-document", "category"}),
              frozenset({"stated in", "in category", *ALIGNMENTS}))


@dataclass(frozen=True)
class RelationStyle:
    """How a crosswalk cell of one alignment relation looks: legend, colour (Tol's palettes), glyph."""

    legend: str
    color: str
    glyph: str


#: One colour and one glyph per alignment relation, so the relation reads without colour too.
RELATION_STYLES: dict[str, RelationStyle] = {
    "same commitment": RelationStyle("same commitment", "#117733", "="),
    "broader": RelationStyle("broader than", "#44AA99", ">"),
    "narrower": RelationStyle("narrower than", "#DDCC77", "<"),
    "related": RelationStyle("related", "#88CCEE", "~"),
    "in tension": RelationStyle("in tension", "#CC3311", "≠"),
    "continues": RelationStyle("continues", "#332288", "→"),
}


# -- names, texts and citations of the landscape's entities --


def _marked(entity: Entity, prop: str) -> list[dict[str, Any]]:
    """Every value of ``prop``: the curated first one (:meth:`Entity.first`), then each partner's own, marked."""
    first = entity.first(prop)
    if first is None:
        return []
    values = [first] + [v for v in entity.values(prop) if v != first and entity.partner_of_value(prop, v)]
    return [{"text": v, "partner": entity.partner_of_value(prop, v)} for v in values]


def _texts(landscape: Landscape, entity: Entity) -> list[dict[str, Any]]:
    """The norm's exact texts (``cn:text``), each with its citations and, when only a partner states it, the partner."""
    return [{"text": value, "citations": landscape.cite(entity.graphs("text", value)),
             "partner": entity.partner_of_value("text", value)} for value in entity.values("text")]


def _short(landscape: Landscape, iri: str) -> str:
    """A document's short name (CoC, UNGGE), else its label, else its id."""
    entity = landscape.entities.get(iri)
    if entity is None:
        return iri.rsplit("/", 1)[-1]
    return entity.first("shortName") or entity.first(_RDFS_LABEL) or entity.local


def _targets_of(landscape: Landscape, relation: str) -> dict[str, list[str]]:
    """What each entity links to by ``relation``, sorted: a norm's documents ("stated in",
    ``cn:statedIn``) or its categories ("in category", ``cn:inCategory``, whoever files it)."""
    found: dict[str, list[str]] = {}
    for link in landscape.links:
        if link.relation == relation:
            found.setdefault(link.source, []).append(link.target)
    return {source: sorted(targets) for source, targets in found.items()}


def norm_name(landscape: Landscape, iri: str, documents: list[str]) -> str:
    """A norm as ``aligned_norms`` names it: its document's short name and its number, else its label."""
    entity = landscape.entities.get(iri)
    notation = entity.first("notation") if entity else None
    if notation and documents:
        return f"{_short(landscape, documents[0])} {notation}"
    label = entity.first(_RDFS_LABEL) if entity else None
    return label or (_short(landscape, documents[0]) if documents else iri)


def _norm(landscape: Landscape, iri: str, documents: dict[str, list[str]],
          categories: dict[str, list[str]]) -> dict[str, Any]:
    """One norm as the pages show it: name, labels, exact texts with citations, document, categories."""
    entity = landscape.entities.get(iri) or Entity(iri)
    docs = documents.get(iri, [])
    return {
        "iri": iri, "id": entity.local, "name": norm_name(landscape, iri, docs),
        "labels": _marked(entity, _RDFS_LABEL), "texts": _texts(landscape, entity),
        "documents": [_local(d) for d in docs], "document": _short(landscape, docs[0]) if docs else "",
        "categories": [_local(c) for c in categories.get(iri, [])],
    }


def _local(iri: str) -> str:
    return iri[len(ID):] if iri.startswith(ID) else iri


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(numeral: str) -> int:
    """The value of a roman numeral (I-V of the report's categories); 0 for anything else."""
    total, last = 0, 0
    for char in reversed(numeral.strip().upper()):
        value = _ROMAN.get(char)
        if value is None:
            return 0
        total, last = (total - value, last) if value < last else (total + value, value)
    return total


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort "UNGGE 13(i)" before "UNGGE 13(j)" and "CoC 2" before "CoC 10"."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.lower())
                 for part in re.split(r"(\d+)", text) if part)


def _category_rows(landscape: Landscape) -> list[dict[str, Any]]:
    """The norm categories with a notation, in the report's order (I-V)."""
    rows = []
    for iri, entity in landscape.entities.items():
        notation = entity.first(_NOTATION)
        if CN + "NormCategory" in entity.types and notation:
            rows.append({"iri": iri, "id": entity.local, "notation": notation,
                         "labels": _marked(entity, _RDFS_LABEL)})
    return sorted(rows, key=lambda r: (roman_value(r["notation"]) or 99, r["notation"]))


def _document_column(landscape: Landscape, iri: str) -> dict[str, Any]:
    entity = landscape.entities.get(iri) or Entity(iri)
    return {"iri": iri, "id": entity.local, "short": _short(landscape, iri),
            "labels": _marked(entity, _RDFS_LABEL), "date": entity.date}


def _ordinal(landscape: Landscape, iri: str) -> int:
    entity = landscape.entities.get(iri)
    value = entity.first("ordinal") if entity else None
    return int(value) if value and value.isdigit() else 10**6


# -- Table 1 --


@dataclass(frozen=True)
class Filing:
    """One row of ``table1_norms.rq``: the report files ``norm`` of ``document`` under ``category``."""

    category: str
    document: str
    norm: str
    graph: str


def table1_filings(store: Store) -> list[Filing]:
    """Every norm the report files under a category, by document (the patterns of the named query table1)."""
    filings = []
    for _numeral, cat, _source, doc, _rank, norm, graph in _rows(store, view_query("table1_norms").text):
        if cat and doc and norm:
            filings.append(Filing(cat, doc, norm, graph))
    return filings


def table1_data(landscape: Landscape, filings: list[Filing], title: str, description: str) -> dict[str, Any]:
    """Table 1 as a matrix: categories × reference documents, each cell the norms filed there."""
    categories = _category_rows(landscape)
    reference = [iri for iri, e in landscape.entities.items()
                 if CN + "ReferenceDocument" in e.types and e.first("ordinal")]
    filed = sorted({f.document for f in filings} | set(reference), key=lambda d: (_ordinal(landscape, d), d))
    columns = [_document_column(landscape, d) for d in filed]
    known = {row["iri"] for row in categories}
    categories += [{"iri": c, "id": _local(c), "notation": _local(c), "labels": []}
                   for c in sorted({f.category for f in filings} - known)]
    documents, in_categories = _targets_of(landscape, "stated in"), _targets_of(landscape, "in category")
    order = sorted({f.norm for f in filings},
                   key=lambda n: natural_key(norm_name(landscape, n, documents.get(n, []))))
    index = {norm: i for i, norm in enumerate(order)}
    norms = [_norm(landscape, n, documents, in_categories) for n in order]
    cells = _table1_cells(filings, [r["iri"] for r in categories], filed, index, landscape)
    return {"kind": "table1", "view": {"title": title, "description": description},
            "rows": categories, "columns": columns, "cells": cells, "norms": norms}


def _table1_cells(filings: list[Filing], rows: list[str], columns: list[str], index: dict[str, int],
                  landscape: Landscape) -> list[list[dict[str, Any]]]:
    """Per row and column: the indexes of the cell's norms and the citations of the filings."""
    cells: list[list[dict[str, Any]]] = [[{"norms": [], "filed": []} for _ in columns] for _ in rows]
    where = {(r, c): (i, j) for i, r in enumerate(rows) for j, c in enumerate(columns)}
    for filing in filings:
        i, j = where[(filing.category, filing.document)]
        cell = cells[i][j]
        if index[filing.norm] not in cell["norms"]:
            cell["norms"].append(index[filing.norm])
        cell["filed"] = sorted(set(cell["filed"]) | set(landscape.cite([filing.graph])))
    for row in cells:
        for cell in row:
            cell["norms"].sort()
    return cells


# -- the crosswalk --


def _alignment(landscape: Landscape, link: Link) -> dict[str, Any]:
    return {"relation": link.relation, "rationale": link.text, "citations": landscape.cite(link.graphs),
            "partner": sole_partner(link.graphs)}


def crosswalk_data(landscape: Landscape, title: str, description: str) -> dict[str, Any]:
    """Norms × norms of other documents: every alignment between two norms, by relation."""
    documents, categories = _targets_of(landscape, "stated in"), _targets_of(landscape, "in category")
    alignments = [link for link in landscape.links if link.relation in ALIGNMENTS
                  and link.source in landscape.entities and link.target in landscape.entities]
    aligned = {link.source for link in alignments} | {link.target for link in alignments}
    doc_order = sorted({d for n in aligned for d in documents.get(n, [])},
                       key=lambda d: (_ordinal(landscape, d), _short(landscape, d).lower(), d))
    rank = {d: i for i, d in enumerate(doc_order)}
    order = sorted(aligned, key=lambda n: (min((rank[d] for d in documents.get(n, [])), default=len(rank)),
                                           natural_key(norm_name(landscape, n, documents.get(n, []))), n))
    index = {norm: i for i, norm in enumerate(order)}
    pairs = [{"from": index[link.source], "to": index[link.target], **_alignment(landscape, link)}
             for link in alignments]
    return {
        "kind": "crosswalk", "view": {"title": title, "description": description},
        "norms": [_norm(landscape, n, documents, categories) for n in order],
        "documents": [_document_column(landscape, d) for d in doc_order],
        "categories": _category_rows(landscape),
        "alignments": pairs,
        "relations": {k: {"legend": s.legend, "color": s.color, "glyph": s.glyph} for k, s in RELATION_STYLES.items()},
    }


# -- the pages --


@cache
def _own(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def render_matrix(data: dict[str, Any]) -> str:
    """One matrix page: ``matrix.html`` with its script, style and escaped data inlined, CSP by hashes."""
    script, style = _own("matrix.js"), _own("matrix.css")
    values = {
        "csp": html.escape(csp([script], [style]), quote=True),
        "title": html.escape(str(data["view"]["title"])),
        "css": style, "data": json_for_html(data), "js": script,
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m[1]], _own("matrix.html"))


def _caption(name: str, as_of: dt.date | None) -> tuple[str, str]:
    entry = MATRIX_CATALOG[name]
    description = entry.description
    if as_of is not None:
        description += f" As of {as_of.isoformat()}: what is dated later is left out."
    return entry.title, description


def _cut(store: Store, as_of: dt.date | None) -> Store:
    """The store as it stood on ``as_of`` (the rule of ``cybernorms query --as-of``), or as it is."""
    if as_of is None:
        return store
    from cybernorms.graph.as_of import as_of as cut

    return cut(store, as_of)


def _check(name: str) -> None:
    if name not in MATRICES:
        from cybernorms.errors import UsageError

        raise UsageError(f"no matrix {name!r}; the matrices are {', '.join(MATRICES)}")


def matrix_data(store: Store, name: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """The data of one matrix page from ``store``, which already stands as of ``as_of`` (the caption says so)."""
    _check(name)
    title, description = _caption(name, as_of)
    # The whole landscape, not SCOPE: a scoped read finds the entities of its link properties in the
    # default graph (the curated facts), so an alignment only a partner's graph states would be lost.
    landscape = load_landscape(store)
    data = (table1_data(landscape, table1_filings(store), title, description) if name == "table1-matrix"
            else crosswalk_data(landscape, title, description))
    data["asOf"] = as_of.isoformat() if as_of else None
    return data


def build_matrix(store: Store, name: str, as_of: dt.date | None = None) -> tuple[str, dict[str, Any]]:
    """The page of the matrix ``name`` (one of :data:`MATRICES`) and its data, as of ``as_of`` when given."""
    _check(name)
    data = matrix_data(_cut(store, as_of), name, as_of)
    return render_matrix(data), data


def summary(data: dict[str, Any]) -> str:
    """What a matrix page holds, for the line the commands print."""
    if data["kind"] == "table1":
        count = sum(len(cell["norms"]) for row in data["cells"] for cell in row)
        return f"{len(data['rows'])} × {len(data['columns'])} cells, {count} norms filed"
    return f"{len(data['norms'])} × {len(data['norms'])} norms, {len(data['alignments'])} alignments"


def write_matrices(store: Store, folder: Path, as_of: dt.date | None = None,
                   progress: Progress = lambda _: None, names: Iterable[str] = MATRIX_NAMES,
                   images: bool = False) -> list[str]:
    """Write each matrix page into ``folder`` (``table1-matrix.html``, ``crosswalk.html``), with ``images``
    a PNG beside each (:mod:`cybernorms.viz.matrix_images`); one line per file."""
    folder.mkdir(parents=True, exist_ok=True)
    store = _cut(store, as_of)
    lines = []
    for name in names:
        progress(f"drawing the {name} matrix")
        data = matrix_data(store, name, as_of)
        path = folder / f"{name}.html"
        path.write_text(render_matrix(data), encoding="utf-8")
        lines.append(f"  {path}  ({summary(data)})")
        if images:
            from cybernorms.viz.matrix_images import draw_matrix_png

            lines.append(f"  {draw_matrix_png(data, path.with_suffix('.png'))}")
    return lines


#: The matrix pages by name, with their titles.
MATRICES: dict[str, str] = {name: entry.title for name, entry in MATRIX_CATALOG.items()}
