"""Static PNG images of the views, for reports and the README (matplotlib, no browser).

The same positions, colours, markers and short labels as the pages; a legend of the kinds
and links drawn. Sized for a report: at most :data:`MAX_PX` pixels wide, every text at least
:data:`MIN_TEXT_PX` pixels high at 100 % (10 pt at :data:`DPI` dpi); a crowded drawing is scaled
down and loses the labels that find no free place (below, above, right or left of the node, covering
no other label and no other node), never their size. Labels are drawn for graphs of up
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

__all__ = ["DPI", "LABEL_LIMIT", "MAX_PX", "MIN_TEXT_PX", "draw_png", "figure", "save_png", "shorten"]

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
    (at least :data:`MIN_TEXT_PX` pixels at 100 %), cut to :data:`LABEL_CHARS` characters, each in the
    first free place of :func:`_label_places` (covering no label already placed and no other node's
    marker), or left out where none is free (the most linked nodes placed first).
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

        def on_screen(node: Hashable) -> tuple[float, float]:
            x, y = pos[node]
            return (x - cx) * scale, (y + cy) * scale   # pixels from the centre, y up

        markers = {node: _marker_box(*on_screen(node), _marker_px(graph.nodes[node].get("kind"), dpi))
                   for node in graph.nodes}
        placed: list[tuple[float, float, float, float]] = []
        order = sorted(graph.nodes, key=lambda n: (-graph.degree(n), str(n)))
        for node in order:
            label = shorten(str(graph.nodes[node].get("label", str(node))))
            px, py = on_screen(node)
            width = font_px * 0.6 * len(label) + 4
            for box, offset, ha, va in _label_places(px, py, width, font_px * 1.3,
                                                     markers[node][1] - px, 12 * dpi / 72):
                # a label covers neither another label nor another node's marker: else the next place
                if any(_overlap(box, b) for b in placed) or any(
                        _overlap(box, b) for other, b in markers.items() if other != node):
                    continue
                placed.append(box)
                ax.annotate(label, pos[node], xytext=(offset[0] * 72 / dpi, offset[1] * 72 / dpi),
                            textcoords="offset points", ha=ha, va=va, fontsize=LABEL_PT, zorder=3,
                            annotation_clip=False,
                            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
                break
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


Place = tuple[tuple[float, float, float, float], tuple[float, float], str, str]


def _label_places(px: float, py: float, width: float, height: float, marker: float, gap: float) -> list[Place]:
    """Where a node's label may go, in order: below, above, right, left of the node at (``px``, ``py``).

    Each is the label's box (left, right, bottom, top, in pixels, y up), its offset from the node in
    pixels, and its alignment; ``marker`` is half the node's marker, ``gap`` the room below it.
    """
    half = width / 2
    side = marker + 4
    return [
        ((px - half, px + half, py - gap - height, py - gap), (0.0, -gap), "center", "top"),
        ((px - half, px + half, py + gap, py + gap + height), (0.0, gap), "center", "bottom"),
        ((px + side, px + side + width, py - height / 2, py + height / 2), (side, 0.0), "left", "center"),
        ((px - side - width, px - side, py - height / 2, py + height / 2), (-side, 0.0), "right", "center"),
    ]


def _marker_px(kind: object, dpi: int) -> float:
    """Half the width of a node's marker, in pixels: matplotlib's ``s`` is its area in points squared."""
    style = NODES.get(str(kind), NODES["other"])
    return float((style.size * 9) ** 0.5) / 2 * dpi / 72 + 1


def _marker_box(x: float, y: float, half: float) -> tuple[float, float, float, float]:
    return (x - half, x + half, y - half, y + half)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two boxes (left, right, bottom, top) overlap."""
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def draw_png(
    graph: nx.MultiDiGraph[str],
    positions: Mapping[Hashable, tuple[float, float]],
    path: Path,
    title: str,
    dpi: int = DPI,
) -> Path:
    """Draw ``graph`` at ``positions`` (screen pixels, y down) into the PNG file ``path`` (see :func:`figure`)."""
    return save_png(figure(graph, positions, title, dpi), path, dpi)


def save_png(fig: Figure, path: Path, dpi: int = DPI) -> Path:
    """Write ``fig`` into the PNG file ``path`` at ``dpi`` (its folder made if need be) and free it."""
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path
