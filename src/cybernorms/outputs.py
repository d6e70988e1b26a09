"""The main job's outputs: every writer that puts files into ``./out/``.

Each unit that produces files for people or partners offers a ``write_outputs(store,
out_dir, progress) -> list[str]`` function, listed here in the order it runs; each
returns one line per file it wrote, for the build report.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cybernorms.graph.store.embedded import Store

#: ``module:function`` of each output writer, in the order they run.
WRITERS: tuple[str, ...] = ("cybernorms.graph.exchange.export:write_outputs", "cybernorms.viz.views:write_outputs")


def write_outputs(store: Store, out_dir: Path, progress: Callable[[str], None]) -> list[str]:
    """Run every output writer into ``out_dir``; the lines they report."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for spec in WRITERS:
        module, _, function = spec.partition(":")
        writer = getattr(importlib.import_module(module), function)
        lines.extend(writer(store, out_dir, progress))
    return lines
