"""The matrices' PNGs: report-sized (at most 2,000 px each way), every text at least 13 px (10 pt at
100 %), and showing what the page shows: Table 1's counts cell by cell, each alignment's two cells
and every norm's name, or at 200 × 200 its documents' names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cybernorms.bench.matrices import synthetic_crosswalk
from cybernorms.graph.store.embedded import Store
from cybernorms.viz import images
from cybernorms.viz.matrices import matrix_data
from cybernorms.viz.matrix_images import draw_matrix_png, matrix_figure

from .test_images import _pixel_size, _text_heights


@pytest.fixture(scope="module")
def table1(curated_store: Store) -> dict[str, Any]:
    return matrix_data(curated_store, "table1-matrix")


@pytest.fixture(scope="module")
def crosswalk(curated_store: Store) -> dict[str, Any]:
    return matrix_data(curated_store, "crosswalk")


def _report_sized(data: dict[str, Any], path: Path) -> Any:
    """The figure, checked: no text under 13 px, the PNG within 2,000 px and as large as the figure."""
    fig = matrix_figure(data)
    assert [(text, px) for text, px in _text_heights(fig, images.DPI) if px < 13] == []
    width, height = _pixel_size(draw_matrix_png(data, path))
    assert width <= 2000 and height <= 2000
    assert fig.get_figwidth() * images.DPI == pytest.approx(width, abs=1)
    return fig


def test_the_table1_png_writes_each_cells_count(table1: dict[str, Any], tmp_path: Path) -> None:
    fig = _report_sized(table1, tmp_path / "t1.png")
    ax = fig.axes[0]
    written = [t.get_text() for t in ax.texts]
    assert written == [str(len(cell["norms"])) for row in table1["cells"] for cell in row]
    assert [t.get_text() for t in ax.get_xticklabels()] == [c["short"] for c in table1["columns"]]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert [r.split(".")[0] for r in rows] == ["I", "II", "III", "IV", "V"]
    assert rows[4].replace("\n", " ") == "V. Restraint in the development or use of cyber weapons in peace time"


def test_the_crosswalk_png_names_every_norm_and_draws_both_cells_of_each_alignment(
        crosswalk: dict[str, Any], tmp_path: Path) -> None:
    from matplotlib.patches import Rectangle

    fig = _report_sized(crosswalk, tmp_path / "cw.png")
    ax = fig.axes[0]
    names = [images.shorten(n["name"], 36) for n in crosswalk["norms"]]
    assert [t.get_text() for t in ax.get_yticklabels()] == names
    assert [t.get_text() for t in ax.get_xticklabels()] == names
    cells = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(cells) == 2 * len(crosswalk["alignments"])
    msft = next(i for i, n in enumerate(crosswalk["norms"]) if n["name"] == "MSFT 1")
    ungge = next(i for i, n in enumerate(crosswalk["norms"]) if n["name"] == "UNGGE 13(i)")
    glyphs = {(round(t.get_position()[1] - 0.5), round(t.get_position()[0] - 0.5)): t.get_text() for t in ax.texts}
    assert glyphs[(msft, ungge)] == glyphs[(ungge, msft)] == ">"  # MSFT 1 is broader than UNGGE 13(i)


def test_a_200_by_200_crosswalk_png_names_its_documents_and_stays_legible(tmp_path: Path) -> None:
    data = synthetic_crosswalk()
    fig = _report_sized(data, tmp_path / "big.png")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [d["short"] for d in data["documents"]]
    assert len(ax.texts) == 0  # cells too small for a 10 pt glyph are read by colour and the legend
