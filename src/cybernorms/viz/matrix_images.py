"""Static PNG images of the two matrices, for reports: the same cells as the pages, drawn with matplotlib.

* **Table 1** (EWI report, *Promoting International Cyber Norms*, 2015, Table 1): categories I–V ×
  the reference documents, each cell shaded by its count of norms, the count written in it.
* **The crosswalk**: norms × norms of other documents, a cell per alignment coloured by its relation
  and carrying its glyph (:data:`~cybernorms.viz.matrices.RELATION_STYLES`), so that it reads without
  colour (a cell too small for a 10 pt glyph, in a crosswalk of more than about 100 norms, is read by
  its colour and the legend). As on the page, the pair's other cell (column → row) is drawn too, paler.

The data is the pages' own (:func:`cybernorms.viz.matrices.matrix_data`), so the image shows what the
page shows. Report-sized as the network views' images (:mod:`cybernorms.viz.images`): at most
:data:`~cybernorms.viz.images.MAX_PX` pixels wide and high at 100 %, every text 10 pt. A crosswalk too
large to name every norm at 10 pt names its documents instead, at the middle of their rows and columns.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cybernorms.viz.images import DPI, LABEL_PT, MAX_PX, TITLE_PT, save_png, shorten

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["draw_matrix_png", "matrix_figure"]

#: The pixel height of a 10 pt line at 100 %, and the room kept for a row or column label.
_LINE_PX = LABEL_PT * DPI / 72 * 1.15
_LABEL_CHARS = 36
_TITLE_PX = TITLE_PT * DPI / 72 * 2.6
_MARGIN_PX = 20.0
#: Tol's blue for the heat map's darkest cell.
_HEAT = "#4477AA"


def _text_px(text: str) -> float:
    """About how wide ``text`` is at 10 pt, in pixels."""
    return len(text) * LABEL_PT * DPI / 72 * 0.58


def _wrapped(text: str, width: int = _LABEL_CHARS, lines: int = 3) -> str:
    """``text`` on at most ``lines`` lines of ``width`` characters, the last one cut with an ellipsis."""
    import textwrap

    parts = textwrap.wrap(text, width)
    if len(parts) > lines:
        parts = parts[: lines - 1] + [shorten(" ".join(parts[lines - 1:]), width)]
    return "\n".join(parts)


def _first_label(item: dict[str, Any]) -> str:
    labels = item.get("labels") or []
    return str(labels[0]["text"]) if labels else ""


def _start(width_px: float, height_px: float, title: str) -> tuple[Figure, float, float]:
    """A figure of this many pixels (at most :data:`MAX_PX` each way) with the title written at its top."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    width_px, height_px = min(width_px, MAX_PX), min(height_px, MAX_PX)
    fig = plt.figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    fig.text(_MARGIN_PX / width_px, 1 - 8 / height_px, shorten(title, int((width_px - 20) / (TITLE_PT * DPI / 72 * 0.56))),
             fontsize=TITLE_PT, ha="left", va="top")
    return fig, width_px, height_px


def _axes(fig: Figure, left: float, top: float, width: float, height: float,
          fig_w: float, fig_h: float) -> Axes:
    """Axes at a box given in pixels from the figure's top left."""
    return fig.add_axes((left / fig_w, 1 - (top + height) / fig_h, width / fig_w, height / fig_h))


def table1_figure(data: dict[str, Any]) -> Figure:
    """Table 1 as a heat map: a row per category, a column per document, the count in each cell."""
    from matplotlib.colors import LinearSegmentedColormap

    rows = [_wrapped(f"{r['notation']}. {_first_label(r)}".rstrip(". ")) for r in data["rows"]]
    cols = [str(c["short"]) for c in data["columns"]]
    counts = [[len(cell["norms"]) for cell in row] for row in data["cells"]]
    if not rows or not cols:
        return _empty(data, "No reference document or category to show.")
    cell_w, cell_h = max(90.0, max((_text_px(c) for c in cols), default=0) + 16), 62.0
    left = max((_text_px(line) for r in rows for line in r.splitlines()), default=0) + 2 * _MARGIN_PX
    top = _TITLE_PX + 2 * _LINE_PX
    fig, fig_w, fig_h = _start(left + cell_w * len(cols) + _MARGIN_PX, top + cell_h * len(rows) + 3 * _LINE_PX,
                               data["view"]["title"])
    ax = _axes(fig, left, top, cell_w * len(cols), cell_h * len(rows), fig_w, fig_h)
    peak = max((n for row in counts for n in row), default=0) or 1
    ax.imshow(counts or [[0]], cmap=LinearSegmentedColormap.from_list("count", ["#FFFFFF", _HEAT]),
              vmin=0, vmax=peak, aspect="auto")
    for i, row in enumerate(counts):
        for j, n in enumerate(row):
            ax.text(j, i, str(n), ha="center", va="center", fontsize=LABEL_PT + 2,
                    color="white" if n > 0.75 * peak else "#222222")
    ax.set_xticks(range(len(cols)), cols, fontsize=LABEL_PT)
    ax.set_yticks(range(len(rows)), rows, fontsize=LABEL_PT)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks([j - 0.5 for j in range(1, len(cols))], minor=True)
    ax.set_yticks([i - 0.5 for i in range(1, len(rows))], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    note = "Norms the report files under each category, by reference document"
    if data.get("asOf"):
        note += f", as of {data['asOf']}"
    fig.text(_MARGIN_PX / fig_w, _LINE_PX / fig_h, note + ".", fontsize=LABEL_PT, ha="left", va="bottom")
    return fig


def _empty(data: dict[str, Any], note: str) -> Figure:
    """A matrix with no cells: its title and a line that says so."""
    fig, fig_w, fig_h = _start(600.0, _TITLE_PX + 3 * _LINE_PX, data["view"]["title"])
    fig.text(_MARGIN_PX / fig_w, _LINE_PX / fig_h, note, fontsize=LABEL_PT, ha="left", va="bottom")
    return fig


def _groups(norms: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    """Runs of consecutive norms of one document: (its short name, first index, last index)."""
    runs: list[tuple[str, int, int]] = []
    for i, norm in enumerate(norms):
        name = str(norm.get("document") or "")
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1], i)
        else:
            runs.append((name, i, i))
    return runs


def crosswalk_figure(data: dict[str, Any]) -> Figure:
    """The crosswalk: a cell per aligned pair, coloured by relation, with its glyph; a legend of relations."""
    from matplotlib.patches import Patch, Rectangle

    norms = data["norms"]
    if not norms:
        return _empty(data, "No alignment between norms to show.")
    n = len(norms)
    names = [shorten(str(m["name"]), _LABEL_CHARS) for m in norms]
    groups = _groups(norms)
    legend_w = 270.0

    def cell_for(label_px: float) -> float:
        return min(22.0, (MAX_PX - 2 * _MARGIN_PX - legend_w - label_px) / n)

    label_px = max(_text_px(name) for name in names) + 12
    named = cell_for(label_px) >= _LINE_PX  # every norm named at 10 pt, or only the documents
    if not named:
        label_px = max(_text_px(g) for g, _, _ in groups) + 12
    cell = cell_for(label_px)
    side = cell * n
    top = _TITLE_PX + label_px
    fig, fig_w, fig_h = _start(label_px + side + legend_w + 2 * _MARGIN_PX, top + side + 2 * _MARGIN_PX,
                               data["view"]["title"])
    ax = _axes(fig, _MARGIN_PX + label_px, top, side, side, fig_w, fig_h)
    ax.set_xlim(0, n)
    ax.set_ylim(n, 0)
    for _name, first, _last in groups[1:]:
        ax.axhline(first, color="#BBBBBB", linewidth=0.8)
        ax.axvline(first, color="#BBBBBB", linewidth=0.8)
    relations = data["relations"]
    seen: list[str] = []
    glyphs = cell >= _LINE_PX * 1.1  # a glyph at 10 pt fits the cell; a smaller cell is read by its colour
    for a in data["alignments"]:
        style = relations.get(a["relation"], {"color": "#999999", "glyph": "?", "legend": a["relation"]})
        if a["relation"] not in seen:
            seen.append(a["relation"])
        for (i, j), alpha in (((a["from"], a["to"]), 1.0), ((a["to"], a["from"]), 0.45)):
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=style["color"], alpha=alpha, edgecolor="white",
                                   linewidth=0.5))
            if glyphs:
                ax.text(j + 0.5, i + 0.5, style["glyph"], ha="center", va="center", fontsize=LABEL_PT,
                        color="white" if alpha == 1.0 else "#222222")
    if named:
        ax.set_xticks([k + 0.5 for k in range(len(names))], names, rotation=90, fontsize=LABEL_PT)
        ax.set_yticks([k + 0.5 for k in range(len(names))], names, fontsize=LABEL_PT)
    else:
        middles = [(first + last + 1) / 2 for _, first, last in groups]
        documents = [name for name, _, _ in groups]
        ax.set_xticks(middles, documents, rotation=90, fontsize=LABEL_PT)
        ax.set_yticks(middles, documents, fontsize=LABEL_PT)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    handles = [Patch(facecolor=relations[r]["color"], label=f"{relations[r]['glyph']}  {relations[r]['legend']}")
               for r in relations if r in seen]
    handles.append(Patch(facecolor="#CCCCCC", alpha=0.45, label="paler: read column → row"))
    fig.legend(handles=handles, loc="upper left", fontsize=LABEL_PT, frameon=False,
               bbox_to_anchor=((_MARGIN_PX + label_px + side + 12) / fig_w, 1 - top / fig_h))
    return fig


def matrix_figure(data: dict[str, Any]) -> Figure:
    """The figure of a matrix page's data (``kind`` ``table1`` or ``crosswalk``)."""
    return table1_figure(data) if data["kind"] == "table1" else crosswalk_figure(data)


def draw_matrix_png(data: dict[str, Any], path: Path) -> Path:
    """Draw a matrix page's data into the PNG file ``path``, report-sized (see the module's text)."""
    return save_png(matrix_figure(data), path, DPI)
