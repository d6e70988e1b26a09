"""The analysis as people read it (a plain-text table) and as tools read it (CSV, JSON, networks).

:func:`write_analysis` puts all of them in a folder for the main job; the measures
themselves are :mod:`cybernorms.viz.analytics`, which knows nothing of how they are shown.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from cybernorms.viz.analytics import Analysis

__all__ = ["as_csv", "as_json", "as_table", "write_analysis"]


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _grid(headers: list[str], rows: list[list[str]], right: Collection[int] = ()) -> list[str]:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def as_table(analysis: Analysis, top: int = 25) -> str:
    """Four sections: the proposed forum's rank, the best brokers, the group paths, the communities."""
    out: list[str] = []
    total = len(analysis.brokers)
    out.append("Proposed forum")
    if not analysis.proposed:
        out.append("  no proposed forum in the graph")
    for broker in analysis.proposed:
        out.append(f"  {broker.name}: rank {broker.rank} of {total} forums and actors by betweenness "
                   f"({_fmt(broker.betweenness)}), constraint {_fmt(broker.constraint)}, "
                   f"effective size {_fmt(broker.effective_size, 2)}")
    out.append("")
    out.append(f"Brokerage (top {min(top, total)} of {total} forums and actors, by betweenness)")
    rows = [[str(b.rank), b.name[:48], b.kind, str(b.degree), _fmt(b.betweenness), _fmt(b.constraint),
             _fmt(b.effective_size, 2)] for b in analysis.brokers[:top]]
    out += _grid(["rank", "name", "kind", "degree", "betweenness", "constraint", "eff. size"], rows,
                 right={0, 3, 4, 5, 6})
    out.append("")
    out.append("Stakeholder groups: distance / shortest paths / independent paths, with and without the proposed forum")
    rows = [[p.group_a, p.group_b,
             f"{_fmt(p.distance_with)} / {p.shortest_paths_with} / {p.independent_paths_with}",
             f"{_fmt(p.distance_without)} / {p.shortest_paths_without} / {p.independent_paths_without}"]
            for p in analysis.pairs]
    out += _grid(["group", "group", "with", "without"], rows)
    out.append("")
    nc = analysis.communities
    ari = _fmt(nc.adjusted_rand)
    out.append(f"Norm communities (Louvain, seed {nc.seed}) against the five categories: adjusted Rand index "
               f"{ari} over {nc.norms_compared} norms with one category")
    categories = sorted({c for row in nc.contingency.values() for c in row})
    rows = [[name, *(str(row.get(c, 0)) for c in categories), ", ".join(members)[:70]]
            for (name, row), members in zip(nc.contingency.items(), nc.communities, strict=True)]
    out += _grid(["community", *categories, "norms"], rows, right=set(range(1, len(categories) + 1)))
    return "\n".join(out) + "\n"


def as_json(analysis: Analysis) -> str:
    """The analysis as indented JSON (non-finite numbers as null)."""
    return json.dumps(analysis.as_dict(), indent=2, ensure_ascii=False) + "\n"


def as_csv(analysis: Analysis) -> str:
    """One long table: section, item, other item, measure, value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "item", "other", "measure", "value"])
    for b in analysis.brokers:
        for measure in ("rank", "degree", "betweenness", "constraint", "effective_size"):
            writer.writerow(["brokerage", b.iri, b.kind, measure, _csv(getattr(b, measure))])
    for p in analysis.pairs:
        for measure in ("distance_with", "shortest_paths_with", "independent_paths_with",
                        "distance_without", "shortest_paths_without", "independent_paths_without"):
            writer.writerow(["group paths", p.group_a, p.group_b, measure, _csv(getattr(p, measure))])
    nc = analysis.communities
    for name, row in nc.contingency.items():
        for category, count in row.items():
            writer.writerow(["norm communities", name, category, "norms", count])
    writer.writerow(["norm communities", "all", "", "adjusted_rand", _csv(nc.adjusted_rand)])
    return buffer.getvalue()


def _csv(value: Any) -> str:
    return "" if value is None else str(value)


def write_analysis(analysis: Analysis, folder: Path) -> list[str]:
    """The analysis as JSON, CSV and a table, and its networks as GraphML and GEXF, into ``folder``."""
    from cybernorms.viz.export import write_gexf, write_graphml

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (("analysis.json", as_json(analysis)), ("analysis.csv", as_csv(analysis)),
                       ("analysis.txt", as_table(analysis))):
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    for name, graph in analysis.networks.items():
        written.append(write_graphml(graph, folder / f"{name}.graphml"))
        written.append(write_gexf(graph, folder / f"{name}.gexf"))
    return [f"  {path}" for path in written]
