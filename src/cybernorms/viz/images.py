"""Static PNG images of the views, for reports and the README (matplotlib, no browser).

The same positions, colours, markers and short labels as the pages; a legend of the kinds
and links drawn. Labels are drawn for graphs of up to :data:`LABEL_LIMIT` nodes.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from pathlib import Path

import networkx as nx

from cybernorms.viz.kinds import LINKS, NODES

__all__ = ["LABEL_LIMIT", "draw_png"]

LABEL_LIMIT = 400


def draw_png(
    graph: nx.MultiDiGraph[str],
    positions: Mapping[Hashable, tuple[float, float]],
    path: Path,
    title: str,
    dpi: int = 110,
) -> Path:
    """Draw ``graph`` at ``positions`` (screen pixels, y down) into the PNG file ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    width = min(max((max(xs) - min(xs)) / 95 + 3, 8), 40)
    height = min(max((max(ys) - min(ys)) / 95 + 2, 6), 40)
    fig, ax = plt.subplots(figsize=(width + 3.5, height))
    pos = {n: (x, -y) for n, (x, y) in positions.items()}
    by_relation: dict[str, list[tuple[tuple[float, float], tuple[float, float]]]] = {}
    for u, v, data in graph.edges(data=True):
        by_relation.setdefault(data.get("relation", "link"), []).append((pos[u], pos[v]))
    for relation, segments in by_relation.items():
        line = LINKS.get(relation, LINKS["link"])
        ax.add_collection(LineCollection(segments, colors=line.color, linewidths=max(line.width * 0.8, 0.6),
                                         linestyles="dashed" if line.dashes else "solid", alpha=0.8,
                                         zorder=1.5 if relation == "main target" else 1))
    kinds_seen = []
    for kind, style in NODES.items():
        nodes = [n for n, d in graph.nodes(data=True) if d.get("kind") == kind]
        if not nodes:
            continue
        kinds_seen.append(kind)
        edge = "#CC3311" if kind == "characteristic-lacking" else "#333333"
        ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], s=style.size * 9, c=style.color,
                   marker=style.marker, edgecolors=edge, linewidths=1.2 if kind.endswith("lacking") else 0.6,
                   zorder=2)
    if graph.number_of_nodes() <= LABEL_LIMIT:
        for node, data in graph.nodes(data=True):
            x, y = pos[node]
            ax.annotate(data.get("label", str(node)), (x, y), xytext=(0, -12), textcoords="offset points",
                        ha="center", va="top", fontsize=7.5, zorder=3,
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    handles = [Line2D([], [], linestyle="", marker=NODES[k].marker, markersize=8, markerfacecolor=NODES[k].color,
                      markeredgecolor="#CC3311" if k.endswith("lacking") else "#333333", label=NODES[k].legend)
               for k in kinds_seen]
    for relation in sorted(by_relation):
        line = LINKS.get(relation, LINKS["link"])
        handles.append(Line2D([], [], color=line.color, linestyle="--" if line.dashes else "-",
                              linewidth=max(line.width * 0.8, 0.8), label=line.legend))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.set_title(title, fontsize=11, loc="left")
    ax.margins(0.06)
    ax.set_aspect("equal", adjustable="datalim")
    ax.axis("off")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path
