"""The main job's outputs: every writer that puts files into ``./out/``.

Each unit that produces files for people or partners offers a ``write_outputs(store,
out_dir, progress) -> list[str]`` function, listed here in the order it runs; each
returns one line per file it wrote, for the build report. The writers are imported
directly: this module sits above :mod:`cybernorms.viz` and :mod:`cybernorms.graph` and is
imported only when outputs are written (``cybernorms build --out``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cybernorms.graph.exchange.export import write_outputs as write_release
from cybernorms.viz.views import write_outputs as write_view_pages

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

__all__ = ["WRITERS", "Writer", "write_outputs"]

#: An output writer: the store, the output folder and a progress callback in, one line per file out.
Writer = Callable[["Store", Path, Callable[[str], None]], list[str]]

#: Each output writer by its ``module:function`` name, in the order they run.
WRITERS: dict[str, Writer] = {
    f"{writer.__module__}:{writer.__name__}": writer for writer in (write_release, write_view_pages)
}


def write_outputs(store: Store, out_dir: Path, progress: Callable[[str], None]) -> list[str]:
    """Run every output writer into ``out_dir``; the lines they report."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for writer in WRITERS.values():
        lines.extend(writer(store, out_dir, progress))
    return lines
