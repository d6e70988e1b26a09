"""Static PNG images of the views, for reports and the README (matplotlib, no browser).

The same positions, colours, markers and short labels as the pages; a legend of the kinds
and links drawn. Sized for a report: at most :data:`MAX_PX` pixels wide, every text at least
:data:`MIN_TEXT_PX` pixels high at 100 % (10 pt at :data:`DPI` dpi); a crowded drawing is scaled
down and loses the labels that would overlap, never their size. Labels are drawn for graphs of up
to :data:`LABEL_LIMIT` nodes.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from cybernorms.viz.kinds import LINKS, NODES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["DPI", "LABEL_LIMIT", "MAX_PX", "MIN_TEXT_PX", "draw_png", "figure", "shorten"]

LABEL_LIMIT = 400
#: Report size: at most MAX_PX wide (and high), every text at least MIN_TEXT_PX high at 100 %.
MAX_PX = 2000
DPI = 100
MIN_TEXT_PX = 13
LABEL_PT = 10.0
LEGEND_PT = 10.0
TITLE_PT = 13.0
LABEL_CHARS = 24
LEGEND_PX = 330
#: room around the drawing, in pixels, for the labels half a label wide and under the lowest node
PAD_X, PAD_Y = 120.0, 50.0


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    """``label`` cut at a word to at most ``limit`` characters, with an ellipsis."""
    if len(label) <= limit:
        return label
    cut = label[: limit - 1].rsplit(" ", 1)[0] if " " in label[: limit - 1] else label[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def figure(
    graph: nx.MultiDiGraph[str],
    positions: Mapping[Hashable, tuple[float, float]],
    title: str,
    dpi: int = DPI,
) -> Figure:
    """The figure of ``graph`` at ``positions`` (screen pixels, y down), sized for a report.

    The figure is as big as the drawing at its own scale, but at most :data:`MAX_PX` pixels wide and
    high at ``dpi``: a larger drawing is scaled down, never its text. Labels are :data:`LABEL_PT` points
    (at least :data:`MIN_TEXT_PX` pixels at 100 %), cut to :data:`LABEL_CHARS` characters, and a label
    that would overlap one already placed is left out (the most linked nodes placed first).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    span_x = max(max(xs) - min(xs), 1.0)
    span_y = max(max(ys) - min(ys), 1.0)
    title_px = TITLE_PT * dpi / 72 * 2.2
    limit_w, limit_h = MAX_PX - LEGEND_PX - 2 * PAD_X, MAX_PX - title_px - 2 * PAD_Y
    scale = min(1.0, limit_w / span_x, limit_h / span_y)
    axes_w, axes_h = max(span_x * scale + 2 * PAD_X, 500.0), max(span_y * scale + 2 * PAD_Y, 380.0)
    fig_w, fig_h = axes_w + LEGEND_PX, axes_h + title_px
    fig = plt.figure(figsize=(fig_w / dpi, fig_h / dpi), dpi=dpi)
    ax = fig.add_axes((0.0, 0.0, axes_w / fig_w, axes_h / fig_h))
    # the data box at the axes' own aspect, centred on the drawing
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half_w, half_h = axes_w / scale / 2, axes_h / scale / 2
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(-cy - half_h, -cy + half_h)
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
        font_px = LABEL_PT * dpi / 72
        placed: list[tuple[float, float, float, float]] = []
        order = sorted(graph.nodes, key=lambda n: (-graph.degree(n), str(n)))
        for node in order:
            label = shorten(str(graph.nodes[node].get("label", str(node))))
            x, y = pos[node]
            px, py = (x - cx) * scale, (y + cy) * scale   # pixels from the centre, y up
            half = font_px * 0.56 * len(label) / 2 + 2
            top = py - 12 * dpi / 72
            box = (px - half, px + half, top - font_px * 1.3, top)
            if any(box[0] < b[1] and b[0] < box[1] and box[2] < b[3] and b[2] < box[3] for b in placed):
                continue
            placed.append(box)
            ax.annotate(label, (x, y), xytext=(0, -12), textcoords="offset points",
                        ha="center", va="top", fontsize=LABEL_PT, zorder=3, annotation_clip=False,
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    handles = [Line2D([], [], linestyle="", marker=NODES[k].marker, markersize=9, markerfacecolor=NODES[k].color,
                      markeredgecolor="#CC3311" if k.endswith("lacking") else "#333333",
                      label=shorten(NODES[k].legend, 36))
               for k in kinds_seen]
    for relation in sorted(by_relation):
        line = LINKS.get(relation, LINKS["link"])
        handles.append(Line2D([], [], color=line.color, linestyle="--" if line.dashes else "-",
                              linewidth=max(line.width * 0.8, 0.8), label=shorten(line.legend, 36)))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(axes_w / fig_w + 0.005, axes_h / fig_h),
               fontsize=LEGEND_PT, frameon=False)
    fig.text(10 / fig_w, 1 - 8 / fig_h, shorten(title, int((fig_w - 20) / (TITLE_PT * dpi / 72 * 0.56))),
             fontsize=TITLE_PT, ha="left", va="top")
    ax.axis("off")
    return fig


def draw_png(
    graph: nx.MultiDiGraph[str],
    positions: Mapping[Hashable, tuple[float, float]],
    path: Path,
    title: str,
    dpi: int = DPI,
) -> Path:
    """Draw ``graph`` at ``positions`` (screen pixels, y down) into the PNG file ``path`` (see :func:`figure`)."""
    import matplotlib.pyplot as plt

    fig = figure(graph, positions, title, dpi)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path
