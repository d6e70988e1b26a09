"""GraphML and GEXF exports of the projected networks, for Gephi and other tools.

Both formats type their attributes, and networkx refuses what they cannot hold: ``None``,
lists, dates, mixed types. :func:`exportable` makes a copy whose every attribute is a
string, a number or a boolean of one type per key: a missing value is left out (both
formats allow that), a list becomes its items joined with ``"; "``, a date its ISO form,
and a key whose values mix types becomes text throughout. Nodes get ``x`` and ``y`` (and in
GEXF ``viz`` positions and colours) from :func:`cybernorms.viz.layout.generic_layout`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from cybernorms.viz.kinds import NODES
from cybernorms.viz.layout import generic_layout

__all__ = ["exportable", "write_gexf", "write_graphml"]

Scalar = str | int | float | bool


def _scalar(value: Any) -> Scalar | None:
    if value is None:
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items()) or None
    if isinstance(value, Iterable):
        return "; ".join(_text(v) for v in value) or None
    return str(value)


def _text(value: Any) -> str:
    if isinstance(value, list | tuple | set):
        return " ".join(_text(v) for v in value)
    scalar = _scalar(value)
    return "" if scalar is None else str(scalar)


def _typed(rows: list[dict[str, Any]]) -> None:
    """Make each key one type across ``rows``: numbers stay numbers only if all are."""
    kinds: dict[str, set[type]] = defaultdict(set)
    for row in rows:
        for key, value in row.items():
            kinds[key].add(bool if isinstance(value, bool) else float if isinstance(value, float) else type(value))
    for key, types in kinds.items():
        if types <= {int, float} and len(types) == 2:
            for row in rows:
                if key in row:
                    row[key] = float(row[key])
        elif len(types) > 1:
            for row in rows:
                if key in row:
                    row[key] = str(row[key])


def exportable(graph: nx.Graph[Any], positions: dict[Any, tuple[float, float]] | None = None) -> nx.Graph[Any]:
    """A copy of ``graph`` with attributes GraphML and GEXF can hold, and node positions."""
    positions = positions if positions is not None else generic_layout(graph)
    out: nx.Graph[Any] = nx.DiGraph() if graph.is_directed() else nx.Graph()
    node_rows = []
    for node, attrs in graph.nodes(data=True):
        row = {k: v for k, v in ((k, _scalar(v)) for k, v in attrs.items()) if v is not None}
        x, y = positions.get(node, (0.0, 0.0))
        row["x"], row["y"] = float(x), float(-y)
        node_rows.append(row)
    _typed(node_rows)
    for node, row in zip(graph.nodes, node_rows, strict=True):
        out.add_node(str(node), **row)
    edge_rows = [{k: v for k, v in ((k, _scalar(v)) for k, v in d.items()) if v is not None}
                 for _, _, d in graph.edges(data=True)]
    _typed(edge_rows)
    for (u, v), row in zip(graph.edges(), edge_rows, strict=True):
        out.add_edge(str(u), str(v), **row)
    return out


def write_graphml(graph: nx.Graph[Any], path: Path) -> Path:
    """Write ``graph`` as GraphML (attributes made exportable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(exportable(graph), path)
    return path


def write_gexf(graph: nx.Graph[Any], path: Path) -> Path:
    """Write ``graph`` as GEXF 1.2 with positions and colours for Gephi."""
    path.parent.mkdir(parents=True, exist_ok=True)
    out = exportable(graph)
    for _, attrs in out.nodes(data=True):
        style = NODES.get(str(attrs.get("kind")), NODES["other"])
        rgb = tuple(int(style.color[i:i + 2], 16) for i in (1, 3, 5))
        attrs["viz"] = {"position": {"x": attrs["x"], "y": attrs["y"], "z": 0.0},
                        "color": {"r": rgb[0], "g": rgb[1], "b": rgb[2], "a": 1.0},
                        "size": float(style.size)}
    nx.write_gexf(out, path, version="1.2draft")
    return path
