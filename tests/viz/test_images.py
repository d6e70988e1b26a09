"""The PNGs are report-sized: at most 2,000 px wide, every text at least 13 px high (10 pt at 100 %), one per view."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybernorms.bench.synthetic_view import synthetic_view
from cybernorms.viz import images
from cybernorms.viz.kinds import NODES
from cybernorms.viz.landscape import Landscape
from cybernorms.viz.layout import generic_layout
from cybernorms.viz.views import VIEWS, ViewOptions, render_view, write_views

OPTIONS = {name: ViewOptions(focus="issue-area/crime", depth=2) if name == "neighbourhood" else ViewOptions()
           for name in VIEWS}


def _pixel_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def _text_heights(fig: object, dpi: int) -> list[tuple[str, float]]:
    """Every non-empty text of the figure (labels, legend, title) and its height in pixels at ``dpi``."""
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    assert isinstance(fig, Figure)
    return [(t.get_text(), float(t.get_fontsize()) * dpi / 72) for t in fig.findobj(Text) if t.get_text().strip()]


@pytest.mark.parametrize("view", list(VIEWS))
def test_each_view_has_a_report_sized_png(view: str, fixture_landscape: Landscape, tmp_path: Path) -> None:
    _html, graph, positions = render_view(fixture_landscape, view, OPTIONS[view])
    fig = images.figure(graph, positions, VIEWS[view].title)
    texts = _text_heights(fig, images.DPI)
    labels = {str(graph.nodes[n].get("label")) for n in graph.nodes}
    assert any(text in labels for text, _ in texts), "no node is labelled"
    small = [(text, px) for text, px in texts if px < 13]
    assert small == []
    path = images.draw_png(graph, positions, tmp_path / f"{view}.png", VIEWS[view].title)
    width, height = _pixel_size(path)
    assert width <= 2000 and height <= 2000
    assert fig.get_figwidth() * images.DPI == pytest.approx(width, abs=1)


def test_a_large_graph_is_capped_and_keeps_its_font_size(tmp_path: Path) -> None:
    graph = synthetic_view(300)
    positions = generic_layout(graph)
    fig = images.figure(graph, positions, "a synthetic graph of 300 nodes")
    assert [px for _, px in _text_heights(fig, images.DPI) if px < 13] == []
    path = images.draw_png(graph, positions, tmp_path / "big.png", "a synthetic graph of 300 nodes")
    width, height = _pixel_size(path)
    assert width <= 2000 and height <= 2000
    # crowded: some labels are left out rather than shrunk, and none is longer than the limit (+ ellipsis)
    texts = [text for text, _ in _text_heights(fig, images.DPI)]
    labels = [str(graph.nodes[n].get("label")) for n in graph.nodes]
    shown = [text for text in texts if text in labels]
    assert 0 < len(shown) < len(labels)


def test_write_views_draws_a_png_of_every_view(fixture_landscape: Landscape, tmp_path: Path) -> None:
    write_views(fixture_landscape, tmp_path, ViewOptions(focus="issue-area/crime"), images=True)
    pngs = sorted(p.stem for p in tmp_path.glob("*.png"))
    assert pngs == sorted(VIEWS)
    for path in tmp_path.glob("*.png"):
        assert _pixel_size(path)[0] <= 2000


def test_no_label_covers_another_label_or_another_nodes_marker(tmp_path: Path) -> None:
    """Measured on the drawn figure (matplotlib's own text extents and marker places), a crowded graph."""
    import math

    from matplotlib.text import Annotation

    graph = synthetic_view(300)
    positions = generic_layout(graph)
    fig = images.figure(graph, positions, "a synthetic graph of 300 nodes")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    labels = [t for t in ax.texts if isinstance(t, Annotation)]
    assert len(labels) > 20
    boxes = [(t.get_window_extent(renderer), ax.transData.transform(t.xy)) for t in labels]
    for i, (box, _own) in enumerate(boxes):
        for other, _ in boxes[i + 1:]:
            assert not box.overlaps(other.shrunk(0.98, 0.98)), (labels[i].get_text(), "overlaps a label")
    markers = [(ax.transData.transform((x, -y)), graph.nodes[n].get("kind")) for n, (x, y) in positions.items()]
    for (box, own), label in zip(boxes, labels):
        for (mx, my), kind in markers:
            if math.dist((mx, my), own) < 1e-6:
                continue
            half = math.sqrt(NODES[kind].size * 9) / 2 * images.DPI / 72 if kind in NODES else 4
            inside_x = box.x0 + 1 < mx + half and mx - half < box.x1 - 1
            inside_y = box.y0 + 1 < my + half and my - half < box.y1 - 1
            assert not (inside_x and inside_y), (label.get_text(), "covers a node")
